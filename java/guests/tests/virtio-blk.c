/*
 * Drives the first virtio-mmio device on the command line as a virtio-blk disk
 * (virtio-v1.2 §5.2): identification and feature negotiation, a read of the
 * whole disk with its FNV-1a 32 printed for the host to compare, GET_ID, a
 * used-buffer interrupt on the announced IRQ through the PIC, and (options)
 * a write + flush + read-back or a write refused by a read-only disk.
 *
 * Command line: blk.mode=rw writes "jhyve virtio-blk write" into sector 1,
 * flushes and reads it back; blk.mode=ro expects VIRTIO_BLK_F_RO and a write
 * answered with VIRTIO_BLK_S_IOERR. blk.serial=<s> checks the GET_ID answer.
 */
#include "cmdline.h"
#include "idt.h"
#include "io.h"
#include "pic.h"
#include "pit.h"
#include "test.h"
#include "util.h"
#include "virtio.h"

const char guest_name[] = "virtio-blk";

#define VIRTIO_ID_BLOCK		2
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_FLUSH	9
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4
#define VIRTIO_BLK_T_GET_ID	8
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define SECTOR			512
#define CHUNK_SECTORS		8
#define MAX_DISK_SECTORS	(4096 * 2)	/* reads at most 4 MiB */
#define SPIN			50000000UL

struct blk_req_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

static uint8_t queue_page[4096] __attribute__((aligned(4096)));
static uint8_t data[CHUNK_SECTORS * SECTOR] __attribute__((aligned(16)));
static volatile struct blk_req_header header;
static volatile uint8_t status;
static struct virtio_dev dev;
static struct virtq vq;
static volatile unsigned int irq_count, irq_status_seen;

/* One request: header, optional data (device-writable for IN and GET_ID), status. */
static int request(uint32_t type, uint64_t sector, void *buf, uint32_t len, bool device_writes)
{
	struct vbuf bufs[3];
	unsigned int n = 0;
	uint32_t used_len;

	header.type = type;
	header.reserved = 0;
	header.sector = sector;
	status = 0xff;
	bufs[n++] = (struct vbuf){ &header, sizeof(header), false };
	if (len)
		bufs[n++] = (struct vbuf){ buf, len, device_writes };
	bufs[n++] = (struct vbuf){ &status, 1, true };
	virtq_submit(&vq, bufs, n);
	virtq_kick(&dev, &vq);
	if (!virtq_wait_used(&vq, &used_len, SPIN))
		return -1;
	return status;
}

static uint32_t fnv1a(uint32_t h, const uint8_t *p, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static void blk_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	uint32_t s = virtio_read(&dev, VIRTIO_MMIO_INTERRUPT_STATUS);
	irq_status_seen |= s;
	virtio_write(&dev, VIRTIO_MMIO_INTERRUPT_ACK, s);
	irq_count++;
	pic_eoi(dev.irq);
}

static bool got_irq(void) { return irq_count > 0; }

static uint64_t read_whole_disk(uint64_t capacity)
{
	uint32_t h = 2166136261u;
	uint64_t sectors = capacity < MAX_DISK_SECTORS ? capacity : MAX_DISK_SECTORS;
	for (uint64_t s = 0; s < sectors; s += CHUNK_SECTORS) {
		uint32_t n = (uint32_t)(sectors - s < CHUNK_SECTORS ? sectors - s : CHUNK_SECTORS);
		int st = request(VIRTIO_BLK_T_IN, s, data, n * SECTOR, true);
		if (!check(st == VIRTIO_BLK_S_OK, "read every sector", "sector %lu: status %d", s, st))
			return 0;
		h = fnv1a(h, data, n * SECTOR);
	}
	note("blk: read %lu sectors, fnv1a=0x%08x", sectors, h);
	return sectors;
}

static void write_test(bool read_only)
{
	static const char text[] = "jhyve virtio-blk write";
	memset(data, 0, SECTOR);
	memcpy(data, text, sizeof(text));
	int st = request(VIRTIO_BLK_T_OUT, 1, data, SECTOR, false);
	if (read_only) {
		check(st == VIRTIO_BLK_S_IOERR, "a read-only disk answers a write with VIRTIO_BLK_S_IOERR",
		      "status %d", st);
		return;
	}
	check(st == VIRTIO_BLK_S_OK, "write sector 1", "status %d", st);
	st = request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false);
	check(st == VIRTIO_BLK_S_OK, "flush", "status %d", st);
	memset(data, 0, SECTOR);
	st = request(VIRTIO_BLK_T_IN, 1, data, SECTOR, true);
	check(st == VIRTIO_BLK_S_OK && memcmp(data, text, sizeof(text)) == 0,
	      "sector 1 reads back what was written", "status %d, text \"%s\"", st, (char *)data);
}

static void get_id(const char *cmdline)
{
	char want[24] = "", got[21];
	memset(data, 0, 20);
	int st = request(VIRTIO_BLK_T_GET_ID, 0, data, 20, true);
	memcpy(got, data, 20);
	got[20] = '\0';
	note("blk: serial \"%s\"", got);
	if (cmdline_get(cmdline, "blk.serial", want, sizeof(want)))
		check(st == VIRTIO_BLK_S_OK && strcmp(got, want) == 0, "GET_ID returns the configured serial",
		      "status %d, serial \"%s\"", st, got);
}

void guest_main(const uint8_t *zero_page)
{
	const char *cmdline = boot_cmdline(zero_page);
	char mode[8] = "";
	cmdline_note(cmdline);
	cmdline_get(cmdline, "blk.mode", mode, sizeof(mode));
	if (!virtio_find(cmdline, 0, &dev))
		test_abort("a virtio_mmio.device= option on the command line", "none found");
	note("blk: device at 0x%lx irq %u", (unsigned long)dev.base, dev.irq);
	check(virtio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE) == VIRTIO_MMIO_MAGIC &&
	      virtio_read(&dev, VIRTIO_MMIO_VERSION) == 2 &&
	      virtio_read(&dev, VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_BLOCK,
	      "magic \"virt\", version 2, device ID 2 (block)", "magic 0x%x version %u id %u",
	      virtio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE), virtio_read(&dev, VIRTIO_MMIO_VERSION),
	      virtio_read(&dev, VIRTIO_MMIO_DEVICE_ID));

	uint64_t offered = virtio_device_features(&dev);
	note("blk: device features 0x%lx", offered);
	check(!virtio_negotiate(&dev, 0), "FEATURES_OK refused without VIRTIO_F_VERSION_1", "accepted");
	uint64_t wanted = (1ul << VIRTIO_F_VERSION_1) | (offered & ((1ul << VIRTIO_BLK_F_RO) | (1ul << VIRTIO_BLK_F_FLUSH)));
	if (!virtio_negotiate(&dev, wanted))
		test_abort("FEATURES_OK accepted with VIRTIO_F_VERSION_1", "status 0x%x", virtio_status(&dev));
	if (!virtio_queue_setup(&dev, &vq, 0, queue_page))
		test_abort("request queue set up", "QueueNumMax %u", virtio_read(&dev, VIRTIO_MMIO_QUEUE_NUM_MAX));
	virtio_driver_ok(&dev);

	uint64_t capacity = virtio_read(&dev, VIRTIO_MMIO_CONFIG) |
			    (uint64_t)virtio_read(&dev, VIRTIO_MMIO_CONFIG + 4) << 32;
	note("blk: capacity %lu sectors", capacity);

	pic_init();
	pit_start_periodic(100);
	idt_set_handler((uint8_t)(PIC_VECTOR_BASE + dev.irq), blk_interrupt);
	pic_unmask(dev.irq);
	sti();
	read_whole_disk(capacity);
	check(wait_for(got_irq, 500), "used-buffer interrupt on the announced IRQ", "none in 5 s");
	check(irq_status_seen & VIRTIO_MMIO_INT_VRING, "InterruptStatus says used buffer",
	      "saw 0x%x", irq_status_seen);
	cli();

	get_id(cmdline);
	if (strcmp(mode, "ro") == 0) {
		check(offered & (1ul << VIRTIO_BLK_F_RO), "read-only disk offers VIRTIO_BLK_F_RO",
		      "features 0x%lx", offered);
		write_test(true);
	} else if (strcmp(mode, "rw") == 0) {
		check(!(offered & (1ul << VIRTIO_BLK_F_RO)), "read-write disk does not offer VIRTIO_BLK_F_RO",
		      "features 0x%lx", offered);
		write_test(false);
	}
	check(!(virtio_status(&dev) & VIRTIO_STATUS_NEEDS_RESET), "device never needed a reset",
	      "status 0x%x", virtio_status(&dev));
}
