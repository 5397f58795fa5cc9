/*
 * virtio-net (virtio-v1.2 §5.1) against the first virtio-mmio device: MAC
 * from the configuration space, a broadcast frame of EtherType 0x88B5 (IEEE
 * local experimental) carrying "hello from the guest" sent through the
 * transmitq, then, within 30 s, a frame of the same EtherType from the host
 * through the receiveq, whose payload is printed as "# net: received <text>".
 * Other frames (the host's IPv6 chatter) are skipped.
 */
#include "cmdline.h"
#include "io.h"
#include "pic.h"
#include "pit.h"
#include "test.h"
#include "util.h"
#include "virtio.h"

const char guest_name[] = "virtio-net";

#define VIRTIO_ID_NET		1
#define VIRTIO_NET_F_MAC	5
#define NET_HDR			12
#define RX_BUFFERS		8
#define RX_SIZE			1526
#define ETHERTYPE_HI		0x88
#define ETHERTYPE_LO		0xb5
#define SPIN			50000000UL

static uint8_t pages[2][4096] __attribute__((aligned(4096)));
static uint8_t rx_buf[RX_BUFFERS][RX_SIZE];
static uint8_t tx_buf[NET_HDR + 64];
static struct virtio_dev dev;
static struct virtq rxq, txq;
static char received[64];

static void post_rx(uint16_t slot)
{
	rxq.desc[slot].addr = (uintptr_t)rx_buf[slot];
	rxq.desc[slot].len = RX_SIZE;
	rxq.desc[slot].flags = VIRTQ_DESC_F_WRITE;
	virtq_publish(&rxq, slot);
}

/* Looks at every frame returned so far; true once one of ours arrived. */
static bool frame_arrived(void)
{
	while ((uint16_t)(rxq.used[0] >> 16) != rxq.last_used) {
		uint32_t id = rxq.used[1 + 2 * (rxq.last_used % VIRTQ_SIZE)];
		uint32_t len = rxq.used[2 + 2 * (rxq.last_used % VIRTQ_SIZE)];
		rxq.last_used++;
		uint8_t *f = rx_buf[id % RX_BUFFERS] + NET_HDR;
		if (len > NET_HDR + 14 && f[12] == ETHERTYPE_HI && f[13] == ETHERTYPE_LO) {
			uint32_t n = len - NET_HDR - 14 < sizeof(received) - 1 ? len - NET_HDR - 14 : sizeof(received) - 1;
			memcpy(received, f + 14, n);
			received[n] = '\0';
			return true;
		}
		post_rx((uint16_t)(id % RX_BUFFERS));
		virtq_kick(&dev, &rxq);
	}
	return false;
}

void guest_main(const uint8_t *zero_page)
{
	const char *cmdline = boot_cmdline(zero_page);
	uint8_t mac[6];
	uint32_t len;

	cmdline_note(cmdline);
	if (!virtio_find(cmdline, 0, &dev))
		test_abort("a virtio_mmio.device= option on the command line", "none found");
	check(virtio_read(&dev, VIRTIO_MMIO_DEVICE_ID) == VIRTIO_ID_NET, "device ID 1 (network)", "ID %u",
	      virtio_read(&dev, VIRTIO_MMIO_DEVICE_ID));
	if (!virtio_negotiate(&dev, (1ul << VIRTIO_F_VERSION_1) | (1ul << VIRTIO_NET_F_MAC)) ||
	    !virtio_queue_setup(&dev, &rxq, 0, pages[0]) || !virtio_queue_setup(&dev, &txq, 1, pages[1]))
		test_abort("FEATURES_OK and both queues set up", "status 0x%x", virtio_status(&dev));
	virtio_driver_ok(&dev);
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)virtio_read(&dev, VIRTIO_MMIO_CONFIG + (uint32_t)i);
	note("net: mac %02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	for (uint16_t i = 0; i < RX_BUFFERS; i++)
		post_rx(i);
	virtq_kick(&dev, &rxq);

	static const char hello[] = "hello from the guest";
	uint8_t *f = tx_buf + NET_HDR;
	memset(tx_buf, 0, sizeof(tx_buf));
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = ETHERTYPE_HI;
	f[13] = ETHERTYPE_LO;
	memcpy(f + 14, hello, sizeof(hello) - 1);
	struct vbuf buf = { tx_buf, NET_HDR + 60, false };
	virtq_submit(&txq, &buf, 1);
	virtq_kick(&dev, &txq);
	check(virtq_wait_used(&txq, &len, SPIN), "the transmitq returns the frame", "not returned");

	pic_init();
	pit_start_periodic(100);
	bool arrived = wait_for(frame_arrived, 3000);
	cli();
	check(arrived, "a frame from the host arrives through the receiveq", "none in 30 s");
	if (arrived)
		note("net: received %s", received);
}
