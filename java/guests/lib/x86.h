/* Architectural bits the state checks look at (Intel SDM Vol. 3A), for C only. */
#ifndef GUEST_X86_H
#define GUEST_X86_H

#include <stdbool.h>
#include <stdint.h>

/* SDM Vol. 3A 2.5 (control registers), 2.2.1 (EFER), 2.3 (EFLAGS). */
#define CR0_PE		(1ul << 0)
#define CR0_PG		(1ul << 31)
#define CR4_PAE		(1ul << 5)
#define EFER_LME	(1ul << 8)
#define EFER_LMA	(1ul << 10)
#define RFLAGS_TF	(1ul << 8)
#define RFLAGS_IF	(1ul << 9)
#define RFLAGS_VM	(1ul << 17)

/* Segment descriptor bits, SDM Vol. 3A 3.4.5. */
#define DESC_TYPE_ACCESSED (1ul << 40)
#define DESC_TYPE_WRITABLE (1ul << 41)	/* data segment */
#define DESC_TYPE_READABLE (1ul << 41)	/* code segment */
#define DESC_TYPE_CODE	(1ul << 43)
#define DESC_S		(1ul << 44)	/* code or data, not system */
#define DESC_P		(1ul << 47)
#define DESC_L		(1ul << 53)	/* 64-bit code */
#define DESC_DB		(1ul << 54)
#define DESC_G		(1ul << 55)	/* limit in 4 KiB units */

#define SELECTOR_TI	0x4		/* selects from the LDT */

/* The segment base a descriptor encodes. */
static inline uint32_t descriptor_base(uint64_t d)
{
	return (uint32_t)(((d >> 16) & 0xffffff) | ((d >> 56) & 0xff) << 24);
}

/* The byte limit a descriptor encodes, with G applied. */
static inline uint32_t descriptor_limit(uint64_t d)
{
	uint32_t raw = (uint32_t)((d & 0xffff) | ((d >> 48) & 0xf) << 16);
	return d & DESC_G ? raw << 12 | 0xfff : raw;
}

/* Base 0 and limit 4 GiB - 1: addresses pass through segmentation unchanged. */
static inline bool descriptor_is_flat(uint64_t d)
{
	return descriptor_base(d) == 0 && descriptor_limit(d) == 0xffffffff;
}

#endif
