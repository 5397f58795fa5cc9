/*
 * A hostile virtio driver against the first virtio-mmio device (a virtio-blk
 * disk): descriptor loops, buffers outside RAM, oversized and wrapping
 * buffers, nested indirect tables, an avail index that runs ahead, a ring
 * placed outside RAM. After each, the device must set DEVICE_NEEDS_RESET
 * (virtio-v1.2 §2.1.2) and raise a configuration change interrupt; after a
 * reset it must serve a normal read again. jhyve must survive all of it.
 */
#include "cmdline.h"
#include "test.h"
#include "util.h"
#include "virtio.h"

const char guest_name[] = "virtio-hostile";

#define VIRTIO_BLK_T_IN		0
#define SPIN			50000000UL
#define STATUS_SPIN		200000UL

static uint8_t queue_page[4096] __attribute__((aligned(4096)));
static volatile struct virtq_desc indirect[2][4] __attribute__((aligned(16)));
static volatile uint64_t header[2];
static volatile uint8_t sector[512];
static volatile uint8_t status;
static struct virtio_dev dev;
static struct virtq vq;

static void start(bool enable_queue)
{
	virtio_negotiate(&dev, (1ul << VIRTIO_F_VERSION_1) | (1ul << VIRTIO_F_INDIRECT_DESC));
	if (enable_queue)
		virtio_queue_setup(&dev, &vq, 0, queue_page);
	virtio_driver_ok(&dev);
}

static void set_desc(volatile struct virtq_desc *d, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

/* A normal read of sector 0 works: the device is usable. */
static bool normal_read(void)
{
	struct vbuf bufs[3] = {
		{ header, 16, false }, { sector, 512, true }, { &status, 1, true },
	};
	uint32_t len;
	header[0] = VIRTIO_BLK_T_IN;
	header[1] = 0;
	status = 0xff;
	virtq_submit(&vq, bufs, 3);
	virtq_kick(&dev, &vq);
	return virtq_wait_used(&vq, &len, SPIN) && status == 0 && len == 513;
}

/* Publishes the hand-built chain at head 0, kicks, and checks the device gave up on it. */
static void expect_needs_reset(const char *description)
{
	virtq_publish(&vq, 0);
	virtq_kick(&dev, &vq);
	bool reset = virtio_wait_needs_reset(&dev, STATUS_SPIN);
	uint32_t isr = virtio_read(&dev, VIRTIO_MMIO_INTERRUPT_STATUS);
	uint16_t used_idx = (uint16_t)(vq.used[0] >> 16);
	check(reset && (isr & VIRTIO_MMIO_INT_CONFIG) && used_idx == vq.last_used, description,
	      "status 0x%x, InterruptStatus 0x%x, used idx %u", virtio_status(&dev), isr, used_idx);
}

static void recovers(const char *after)
{
	start(true);
	check(normal_read(), "after a reset the device reads again", "after %s: status 0x%x, blk status %u",
	      after, virtio_status(&dev), status);
}

void guest_main(const uint8_t *zero_page)
{
	const char *cmdline = boot_cmdline(zero_page);
	cmdline_note(cmdline);
	if (!virtio_find(cmdline, 0, &dev))
		test_abort("a virtio_mmio.device= option on the command line", "none found");
	start(true);
	check(normal_read(), "a normal read works first", "status 0x%x", virtio_status(&dev));

	start(true);
	set_desc(&vq.desc[0], (uintptr_t)header, 16, VIRTQ_DESC_F_NEXT, 1);
	set_desc(&vq.desc[1], (uintptr_t)sector, 512, VIRTQ_DESC_F_NEXT, 0);
	expect_needs_reset("a descriptor loop sets NEEDS_RESET");
	recovers("a loop");

	set_desc(&vq.desc[0], (uintptr_t)header, 16, VIRTQ_DESC_F_NEXT, 1);
	set_desc(&vq.desc[1], 0xdead00000000ul, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
	set_desc(&vq.desc[2], (uintptr_t)&status, 1, VIRTQ_DESC_F_WRITE, 0);
	expect_needs_reset("a buffer outside RAM sets NEEDS_RESET");
	recovers("an out-of-range buffer");

	set_desc(&vq.desc[0], (uintptr_t)header, 16, VIRTQ_DESC_F_NEXT, 1);
	set_desc(&vq.desc[1], (uintptr_t)sector, 0xffffffffu, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
	set_desc(&vq.desc[2], (uintptr_t)&status, 1, VIRTQ_DESC_F_WRITE, 0);
	expect_needs_reset("an oversized buffer sets NEEDS_RESET");
	recovers("an oversized buffer");

	set_desc(&vq.desc[0], 0xfffffffffffffff0ul, 0x20, 0, 0);
	expect_needs_reset("a buffer whose address wraps sets NEEDS_RESET");
	recovers("a wrapping buffer");

	set_desc(&indirect[0][0], (uintptr_t)indirect[1], sizeof(indirect[1]), VIRTQ_DESC_F_INDIRECT, 0);
	set_desc(&vq.desc[0], (uintptr_t)indirect[0], sizeof(indirect[0]), VIRTQ_DESC_F_INDIRECT, 0);
	expect_needs_reset("an indirect table inside an indirect table sets NEEDS_RESET");
	recovers("nested indirect tables");

	set_desc(&vq.desc[0], (uintptr_t)indirect[0], 0x100000, VIRTQ_DESC_F_INDIRECT, 0);
	expect_needs_reset("an indirect table of 65536 entries sets NEEDS_RESET");
	recovers("an oversized indirect table");

	vq.avail[1] = 40;
	virtq_kick(&dev, &vq);
	check(virtio_wait_needs_reset(&dev, STATUS_SPIN), "an avail index 40 ahead sets NEEDS_RESET",
	      "status 0x%x", virtio_status(&dev));
	recovers("a runaway avail index");

	virtio_negotiate(&dev, 1ul << VIRTIO_F_VERSION_1);
	virtio_write(&dev, VIRTIO_MMIO_QUEUE_SEL, 0);
	virtio_write(&dev, VIRTIO_MMIO_QUEUE_NUM, VIRTQ_SIZE);
	virtio_write(&dev, VIRTIO_MMIO_QUEUE_DESC_LOW, 0xfec00000u);
	virtio_write(&dev, VIRTIO_MMIO_QUEUE_READY, 1);
	check(virtio_status(&dev) & VIRTIO_STATUS_NEEDS_RESET, "a descriptor table outside RAM sets NEEDS_RESET",
	      "status 0x%x", virtio_status(&dev));
	recovers("a misplaced ring");
}
