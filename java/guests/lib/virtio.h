/*
 * A small virtio-mmio driver (virtio-v1.2 §4.2, version 2 registers, split
 * virtqueues §2.7) for test guests: find devices announced on the command line
 * as virtio_mmio.device=<size>@<base>:<irq>, negotiate features (§3.1.1), set
 * up queues, add chains and wait for them to come back. Polling by default;
 * guests that test interrupts read and acknowledge InterruptStatus themselves.
 * Memory is identity-mapped, so a pointer is its guest-physical address.
 */
#ifndef GUEST_VIRTIO_H
#define GUEST_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC		0x74726976	/* "virt" */
#define VIRTIO_MMIO_INT_VRING		1
#define VIRTIO_MMIO_INT_CONFIG		2

#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64

#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

#define VIRTQ_DESC_F_NEXT		1
#define VIRTQ_DESC_F_WRITE		2
#define VIRTQ_DESC_F_INDIRECT		4

/* Every queue these guests use has this many entries (one page holds all three parts). */
#define VIRTQ_SIZE			16

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* One queue: descriptor table, avail ring and used ring in one 4 KiB page. */
struct virtq {
	uint16_t index;
	volatile struct virtq_desc *desc;
	volatile uint16_t *avail;	/* flags, idx, ring[VIRTQ_SIZE], used_event */
	volatile uint32_t *used;	/* flags|idx as one word, then {id, len} pairs */
	uint16_t avail_idx;
	uint16_t last_used;
};

struct virtio_dev {
	uintptr_t base;
	uint32_t size;
	unsigned int irq;
};

/* A buffer to put in a chain. */
struct vbuf {
	const volatile void *addr;
	uint32_t len;
	bool writable;
};

/* The n-th (from 0) virtio_mmio.device= option; false if there are fewer. */
bool virtio_find(const char *cmdline, unsigned int n, struct virtio_dev *dev);

uint32_t virtio_read(const struct virtio_dev *dev, uint32_t reg);
void virtio_write(const struct virtio_dev *dev, uint32_t reg, uint32_t value);
uint64_t virtio_device_features(const struct virtio_dev *dev);
uint32_t virtio_status(const struct virtio_dev *dev);

/*
 * §3.1.1 steps 1-6: reset, ACKNOWLEDGE, DRIVER, write the driver features,
 * FEATURES_OK; returns whether the device kept FEATURES_OK.
 */
bool virtio_negotiate(const struct virtio_dev *dev, uint64_t features);

/* Sets up queue index in page (4 KiB, page-aligned, zeroed here) and enables it. */
bool virtio_queue_setup(const struct virtio_dev *dev, struct virtq *q, uint16_t index, void *page);

void virtio_driver_ok(const struct virtio_dev *dev);

/* Writes bufs into descriptors 0..n-1 as one chain and makes it available (no kick). */
void virtq_submit(struct virtq *q, const struct vbuf *bufs, unsigned int n);

/* Makes descriptor head available as it stands (for hand-built hostile chains). */
void virtq_publish(struct virtq *q, uint16_t head);

void virtq_kick(const struct virtio_dev *dev, const struct virtq *q);

/*
 * Polls until the device returns a chain (true, *len = bytes it wrote) or
 * about spin_limit polls have passed (false).
 */
bool virtq_wait_used(struct virtq *q, uint32_t *len, unsigned long spin_limit);

/* Polls until status has NEEDS_RESET (true) or spin_limit polls pass. */
bool virtio_wait_needs_reset(const struct virtio_dev *dev, unsigned long spin_limit);

#endif
