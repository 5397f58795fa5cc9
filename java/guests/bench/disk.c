/*
 * bench-disk: the guest of scripts/bench's disk case. Drives the first
 * virtio_mmio.device= on the command line as a virtio-blk disk (virtio-v1.2
 * §5.2) with lib/virtio.c, one request at a time (queue depth 1), and times:
 *
 * - sequential writes, then reads, of the whole disk (its whole MiBs) in
 *   1 MiB requests, one descriptor each;
 * - then random reads: N reads of 4 KiB at 4 KiB-aligned offsets over the
 *   whole disk, drawn by a xorshift64 generator (Marsaglia, "Xorshift RNGs",
 *   2003) from a fixed seed, so every VMM serves the same offsets in the same
 *   order. They come last so that a VMM with a JIT compiler (jhyve) has
 *   compiled its request path by then: the figure is the steady state.
 *
 * The driver polls the used ring with interrupts off and asks for no
 * used-buffer notifications (VIRTQ_AVAIL_F_NO_INTERRUPT, §2.7.7), as a polling
 * driver should: the figures are the VMM's request path, notify to used ring,
 * without interrupt delivery. The clock is the TSC calibrated against the PIT
 * (lib/tsc.h): QEMU's microvm has no CMOS RTC under KVM, and the PIT's 16-bit
 * counter wraps every 55 ms.
 *
 * Command line: disk.reads=<n> random reads (default 2000). Prints
 * "# disk: random-read 4096 x <n> in <us> us, <iops> IOPS",
 * "# disk: sequential-write 1 MiB x <m> in <us> us, <MiB/s> MiB/s" and the
 * same for sequential-read; a request that fails or takes more than 10 s ends
 * the run with FAIL.
 */
#include "cmdline.h"
#include "pit.h"
#include "test.h"
#include "tsc.h"
#include "util.h"
#include "virtio.h"

const char guest_name[] = "bench-disk";

#define VIRTIO_ID_BLOCK		2
#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_S_OK		0
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
#define SECTOR			512
#define BLOCK			4096
#define SEQUENTIAL_CHUNK	(1u << 20)
#define READS_DEFAULT		2000
#define XORSHIFT_SEED		0x2545f4914f6cdd1dul
/* 300 ms of PIT counts to calibrate the TSC against. */
#define CALIBRATION_COUNTS	(PIT_INPUT_HZ * 3 / 10)
#define REQUEST_TIMEOUT_S	10
#define US_PER_S		1000000ul

struct blk_req_header {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

static uint8_t queue_page[4096] __attribute__((aligned(4096)));
static uint8_t data[SEQUENTIAL_CHUNK] __attribute__((aligned(4096)));
static volatile struct blk_req_header header;
static volatile uint8_t status;
static struct virtio_dev dev;
static struct virtq vq;
static uint64_t tsc_hz;

/* One request of len bytes at sector; ends the run unless the device answers VIRTIO_BLK_S_OK in time. */
static void request(uint32_t type, uint64_t sector, uint32_t len)
{
	struct vbuf bufs[3] = {
		{ &header, sizeof(header), false },
		{ data, len, type == VIRTIO_BLK_T_IN },
		{ &status, 1, true },
	};
	uint32_t used_len;

	header.type = type;
	header.reserved = 0;
	header.sector = sector;
	status = 0xff;
	virtq_submit(&vq, bufs, 3);
	virtq_kick(&dev, &vq);
	uint64_t deadline = rdtsc() + REQUEST_TIMEOUT_S * tsc_hz;
	while (!virtq_wait_used(&vq, &used_len, 1000)) {
		if (rdtsc() > deadline)
			test_abort("every request answered", "type %u sector %lu: nothing in %d s", type, sector,
				   REQUEST_TIMEOUT_S);
	}
	if (status != VIRTIO_BLK_S_OK)
		test_abort("every request answered", "type %u sector %lu: status %u", type, sector, status);
}

static uint64_t elapsed_us(uint64_t start)
{
	return (rdtsc() - start) * US_PER_S / tsc_hz;
}

static void random_reads(uint64_t capacity, uint64_t reads)
{
	uint64_t blocks = capacity / (BLOCK / SECTOR), x = XORSHIFT_SEED;
	uint64_t start = rdtsc();

	for (uint64_t i = 0; i < reads; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		request(VIRTIO_BLK_T_IN, x % blocks * (BLOCK / SECTOR), BLOCK);
	}
	uint64_t us = elapsed_us(start);
	note("disk: random-read %u x %lu in %lu us, %lu IOPS", BLOCK, reads, us, us ? reads * US_PER_S / us : 0);
}

static void sequential(uint32_t type, const char *what, uint64_t chunks)
{
	uint64_t start = rdtsc();

	for (uint64_t i = 0; i < chunks; i++)
		request(type, i * (SEQUENTIAL_CHUNK / SECTOR), SEQUENTIAL_CHUNK);
	uint64_t us = elapsed_us(start);
	note("disk: %s 1 MiB x %lu in %lu us, %lu MiB/s", what, chunks, us, us ? chunks * US_PER_S / us : 0);
}

/* Finds, checks and starts the device; returns its capacity in sectors. */
static uint64_t disk_start(const char *cmdline)
{
	if (!virtio_find(cmdline, 0, &dev))
		test_abort("a virtio_mmio.device= option on the command line", "none found");
	if (!check(virtio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE) == VIRTIO_MMIO_MAGIC &&
		   virtio_read(&dev, VIRTIO_MMIO_VERSION) == 2 &&
		   virtio_read(&dev, VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_BLOCK,
		   "magic \"virt\", version 2, device ID 2 (block)", "at 0x%lx: magic 0x%x version %u id %u",
		   (unsigned long)dev.base, virtio_read(&dev, VIRTIO_MMIO_MAGIC_VALUE),
		   virtio_read(&dev, VIRTIO_MMIO_VERSION), virtio_read(&dev, VIRTIO_MMIO_DEVICE_ID)))
		test_finish();
	if (!virtio_negotiate(&dev, 1ul << VIRTIO_F_VERSION_1))
		test_abort("FEATURES_OK accepted with VIRTIO_F_VERSION_1", "status 0x%x", virtio_status(&dev));
	if (!virtio_queue_setup(&dev, &vq, 0, queue_page))
		test_abort("request queue set up", "QueueNumMax %u", virtio_read(&dev, VIRTIO_MMIO_QUEUE_NUM_MAX));
	vq.avail[0] = VIRTQ_AVAIL_F_NO_INTERRUPT;
	virtio_driver_ok(&dev);
	return virtio_read(&dev, VIRTIO_MMIO_CONFIG) | (uint64_t)virtio_read(&dev, VIRTIO_MMIO_CONFIG + 4) << 32;
}

void guest_main(const uint8_t *zero_page)
{
	const char *cmdline = boot_cmdline(zero_page);
	char value[24];
	uint64_t reads = READS_DEFAULT;

	cmdline_note(cmdline);
	if (cmdline_get(cmdline, "disk.reads", value, sizeof(value)) && !parse_u64(value, &reads))
		test_abort("disk.reads is a decimal number", "disk.reads=%s", value);
	tsc_hz = tsc_hz_from_pit(CALIBRATION_COUNTS);
	note("disk: TSC %lu kHz (against the PIT)", tsc_hz / 1000);
	if (!check(tsc_hz >= 1000000, "the TSC runs at 1 MHz or more", "%lu Hz", tsc_hz))
		test_finish();
	uint64_t capacity = disk_start(cmdline);
	note("disk: device at 0x%lx, capacity %lu sectors", (unsigned long)dev.base, capacity);
	if (!check(capacity >= SEQUENTIAL_CHUNK / SECTOR, "the disk holds 1 MiB or more", "%lu sectors", capacity))
		test_finish();
	sequential(VIRTIO_BLK_T_OUT, "sequential-write", capacity / (SEQUENTIAL_CHUNK / SECTOR));
	sequential(VIRTIO_BLK_T_IN, "sequential-read", capacity / (SEQUENTIAL_CHUNK / SECTOR));
	random_reads(capacity, reads);
}
