/*
 * virtio-console (virtio-v1.2 §5.3) and virtio-rng (§5.4), found in that
 * order on the command line: a line sent through the console's transmitq must
 * reach the host's console sink (the host test looks for it), a character
 * through emerg_wr too, and two draws from the rng's requestq must fill their
 * buffers with different bytes.
 */
#include "cmdline.h"
#include "test.h"
#include "util.h"
#include "virtio.h"

const char guest_name[] = "virtio-misc";

#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_ID_RNG		4
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2
#define CONSOLE_EMERG_WR	8
#define SPIN			50000000UL
#define DRAW			64

static uint8_t console_pages[2][4096] __attribute__((aligned(4096)));
static uint8_t rng_page[4096] __attribute__((aligned(4096)));
static volatile uint8_t draws[2][DRAW];
static const char line[] = "hvc0: hello from the virtio-console\n";

static bool start(struct virtio_dev *dev, uint32_t id, uint64_t features)
{
	uint32_t got = virtio_read(dev, VIRTIO_MMIO_DEVICE_ID);
	if (!check(got == id, "device ID as expected", "want %u, got %u", id, got))
		return false;
	return check(virtio_negotiate(dev, (1ul << VIRTIO_F_VERSION_1) | features),
		     "FEATURES_OK accepted", "status 0x%x", virtio_status(dev));
}

static void console_test(struct virtio_dev *dev)
{
	struct virtq rx, tx;
	uint32_t len;
	uint64_t offered = virtio_device_features(dev);

	if (!start(dev, VIRTIO_ID_CONSOLE, offered & (1ul << VIRTIO_CONSOLE_F_EMERG_WRITE)))
		return;
	if (!check(virtio_queue_setup(dev, &rx, 0, console_pages[0]) && virtio_queue_setup(dev, &tx, 1, console_pages[1]),
		   "console receiveq and transmitq set up", "refused"))
		return;
	virtio_driver_ok(dev);
	struct vbuf buf = { line, sizeof(line) - 1, false };
	virtq_submit(&tx, &buf, 1);
	virtq_kick(dev, &tx);
	check(virtq_wait_used(&tx, &len, SPIN), "console transmitq returns the buffer", "not returned");
	if (check(offered & (1ul << VIRTIO_CONSOLE_F_EMERG_WRITE), "console offers VIRTIO_CONSOLE_F_EMERG_WRITE",
		  "features 0x%lx", offered)) {
		const char *emerg = "emerg!\n";
		for (const char *c = emerg; *c; c++)
			virtio_write(dev, VIRTIO_MMIO_CONFIG + CONSOLE_EMERG_WR, (uint8_t)*c);
	}
}

static void rng_test(struct virtio_dev *dev)
{
	struct virtq q;
	uint32_t len[2] = { 0, 0 };

	if (!start(dev, VIRTIO_ID_RNG, 0) || !check(virtio_queue_setup(dev, &q, 0, rng_page), "rng requestq set up", "refused"))
		return;
	virtio_driver_ok(dev);
	memset((void *)draws, 0xaa, sizeof(draws));
	for (int i = 0; i < 2; i++) {
		struct vbuf buf = { draws[i], DRAW, true };
		virtq_submit(&q, &buf, 1);
		virtq_kick(dev, &q);
		if (!virtq_wait_used(&q, &len[i], SPIN))
			len[i] = 0;
	}
	check(len[0] == DRAW && len[1] == DRAW, "rng fills each 64-byte buffer", "returned %u and %u bytes", len[0], len[1]);
	unsigned int same = 0;
	for (int i = 0; i < DRAW; i++)
		same += draws[0][i] == draws[1][i];
	check(same < 16 && memcmp((const void *)draws[0], (const void *)draws[1], DRAW) != 0,
	      "two rng draws differ", "%u of 64 bytes equal", same);
	note("rng: %02x%02x%02x%02x...", draws[0][0], draws[0][1], draws[0][2], draws[0][3]);
}

void guest_main(const uint8_t *zero_page)
{
	const char *cmdline = boot_cmdline(zero_page);
	struct virtio_dev console, rng;

	cmdline_note(cmdline);
	if (!virtio_find(cmdline, 0, &console) || !virtio_find(cmdline, 1, &rng))
		test_abort("two virtio_mmio.device= options (console, rng)", "not found");
	console_test(&console);
	rng_test(&rng);
}
