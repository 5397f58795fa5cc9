#include "virtio.h"
#include "util.h"

#define OPTION "virtio_mmio.device="

/* Parses a decimal or 0x-prefixed hexadecimal number ending at stop; advances *p. */
static bool parse_number(const char **p, char stop, uint64_t *out)
{
	const char *s = *p;
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	const char *start = s;
	for (; *s && *s != stop && *s != ' '; s++) {
		unsigned int digit;
		if (*s >= '0' && *s <= '9')
			digit = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			digit = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			digit = (unsigned int)(*s - 'A' + 10);
		else
			return false;
		v = v * base + digit;
	}
	if (s == start)
		return false;
	*out = v;
	*p = s;
	return true;
}

bool virtio_find(const char *cmdline, unsigned int n, struct virtio_dev *dev)
{
	const char *p = cmdline;
	size_t option_len = strlen(OPTION);

	while (*p) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (*p && *p != ' ')
			p++;
		if (strncmp(word, OPTION, option_len) != 0)
			continue;
		if (n-- > 0)
			continue;
		const char *s = word + option_len;
		uint64_t size, base, irq;
		if (!parse_number(&s, '@', &size) || *s++ != '@' || !parse_number(&s, ':', &base) ||
		    *s++ != ':' || !parse_number(&s, ' ', &irq))
			return false;
		dev->base = (uintptr_t)base;
		dev->size = (uint32_t)size;
		dev->irq = (unsigned int)irq;
		return true;
	}
	return false;
}

uint32_t virtio_read(const struct virtio_dev *dev, uint32_t reg)
{
	return *(volatile uint32_t *)(dev->base + reg);
}

void virtio_write(const struct virtio_dev *dev, uint32_t reg, uint32_t value)
{
	*(volatile uint32_t *)(dev->base + reg) = value;
}

uint64_t virtio_device_features(const struct virtio_dev *dev)
{
	virtio_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	uint64_t lo = virtio_read(dev, VIRTIO_MMIO_DEVICE_FEATURES);
	virtio_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	return lo | (uint64_t)virtio_read(dev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
}

uint32_t virtio_status(const struct virtio_dev *dev)
{
	return virtio_read(dev, VIRTIO_MMIO_STATUS);
}

bool virtio_negotiate(const struct virtio_dev *dev, uint64_t features)
{
	uint32_t s = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	virtio_write(dev, VIRTIO_MMIO_STATUS, 0);
	virtio_write(dev, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_write(dev, VIRTIO_MMIO_STATUS, s);
	virtio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	virtio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	virtio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	virtio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	virtio_write(dev, VIRTIO_MMIO_STATUS, s | VIRTIO_STATUS_FEATURES_OK);
	return (virtio_status(dev) & VIRTIO_STATUS_FEATURES_OK) != 0;
}

bool virtio_queue_setup(const struct virtio_dev *dev, struct virtq *q, uint16_t index, void *page)
{
	uintptr_t base = (uintptr_t)page;

	memset(page, 0, 4096);
	q->index = index;
	q->desc = (volatile struct virtq_desc *)base;
	q->avail = (volatile uint16_t *)(base + 16 * VIRTQ_SIZE);
	q->used = (volatile uint32_t *)(base + 2048);
	q->avail_idx = 0;
	q->last_used = 0;
	virtio_write(dev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (virtio_read(dev, VIRTIO_MMIO_QUEUE_NUM_MAX) < VIRTQ_SIZE)
		return false;
	virtio_write(dev, VIRTIO_MMIO_QUEUE_NUM, VIRTQ_SIZE);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(uintptr_t)q->desc);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(uintptr_t)q->avail);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(uintptr_t)q->used);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
	virtio_write(dev, VIRTIO_MMIO_QUEUE_READY, 1);
	return virtio_read(dev, VIRTIO_MMIO_QUEUE_READY) == 1;
}

void virtio_driver_ok(const struct virtio_dev *dev)
{
	virtio_write(dev, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		     VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

void virtq_publish(struct virtq *q, uint16_t head)
{
	q->avail[2 + q->avail_idx % VIRTQ_SIZE] = head;
	/* §2.7.13: the ring entry before the index that publishes it (x86 keeps store order). */
	__asm__ volatile("" ::: "memory");
	q->avail_idx++;
	q->avail[1] = q->avail_idx;
}

void virtq_submit(struct virtq *q, const struct vbuf *bufs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		q->desc[i].addr = (uint64_t)(uintptr_t)bufs[i].addr;
		q->desc[i].len = bufs[i].len;
		q->desc[i].flags = (uint16_t)((bufs[i].writable ? VIRTQ_DESC_F_WRITE : 0) |
					      (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		q->desc[i].next = (uint16_t)(i + 1);
	}
	virtq_publish(q, 0);
}

void virtq_kick(const struct virtio_dev *dev, const struct virtq *q)
{
	/* The avail index must be visible before the device looks: a full barrier. */
	__asm__ volatile("mfence" ::: "memory");
	virtio_write(dev, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

bool virtq_wait_used(struct virtq *q, uint32_t *len, unsigned long spin_limit)
{
	for (unsigned long i = 0; i < spin_limit; i++) {
		uint16_t used_idx = (uint16_t)(q->used[0] >> 16);
		if (used_idx != q->last_used) {
			__asm__ volatile("" ::: "memory");
			*len = q->used[1 + 2 * (q->last_used % VIRTQ_SIZE) + 1];
			q->last_used++;
			return true;
		}
		__asm__ volatile("pause");
	}
	return false;
}

bool virtio_wait_needs_reset(const struct virtio_dev *dev, unsigned long spin_limit)
{
	for (unsigned long i = 0; i < spin_limit; i++) {
		if (virtio_status(dev) & VIRTIO_STATUS_NEEDS_RESET)
			return true;
		__asm__ volatile("pause");
	}
	return false;
}
