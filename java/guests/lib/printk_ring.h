/*
 * A printk ring buffer in the layout of Linux >= 5.10 on x86-64
 * (kernel/printk/printk_ringbuffer.h), written by the guest so that the VMM's
 * log recovery can be tested without a kernel: descriptors, printk_info entries
 * and a text data ring whose sizes are powers of two, ids starting at
 * DESC0_ID + 1, logical positions starting at -size, 8-byte aligned blocks that
 * start with their id, blocks that would cross the ring's end placed at its
 * start, and the oldest records made reusable when their space is needed.
 */
#ifndef GUEST_PRINTK_RING_H
#define GUEST_PRINTK_RING_H

#include <stdint.h>

#define PRB_COUNT_BITS	5			/* 32 descriptors */
#define PRB_AVGBITS	5
#define PRB_SIZE_BITS	(PRB_COUNT_BITS + PRB_AVGBITS)	/* 1 KiB of text */

/* Appends one record (level 0-7, time in ns). */
void prb_append(const char *text, int level, uint64_t ts_nsec);
/* Where descs[0] lies, for the guest's own report. */
uint64_t prb_descs_address(void);

#endif
