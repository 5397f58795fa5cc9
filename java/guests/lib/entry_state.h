/*
 * The CPU state recorded at startup_64 (boot/entry.S) before the guest
 * changes anything, for checking the 64-bit boot protocol's promises.
 */
#ifndef GUEST_ENTRY_STATE_H
#define GUEST_ENTRY_STATE_H

#define MSR_EFER	0xc0000080

#define ENTRY_RFLAGS	0
#define ENTRY_RSI	8
#define ENTRY_CR0	16
#define ENTRY_CR3	24
#define ENTRY_CR4	32
#define ENTRY_EFER	40
#define ENTRY_CS	48
#define ENTRY_DS	56
#define ENTRY_ES	64
#define ENTRY_SS	72
#define ENTRY_FS	80
#define ENTRY_GS	88
#define ENTRY_GDTR	96	/* sgdt: 2-byte limit, 8-byte base */
#define ENTRY_IDTR	112
#define ENTRY_STATE_SIZE 128

#ifndef __ASSEMBLER__
#include <stdint.h>

struct __attribute__((packed)) descriptor_table_register {
	uint16_t limit;
	uint64_t base;
};

struct entry_state {
	uint64_t rflags, rsi, cr0, cr3, cr4, efer;
	uint64_t cs, ds, es, ss, fs, gs;
	struct descriptor_table_register gdtr;
	uint8_t gdtr_pad[6];
	struct descriptor_table_register idtr;
	uint8_t idtr_pad[6];
};

_Static_assert(sizeof(struct entry_state) == ENTRY_STATE_SIZE, "entry_state layout");
_Static_assert(__builtin_offsetof(struct entry_state, gdtr) == ENTRY_GDTR, "gdtr offset");
_Static_assert(__builtin_offsetof(struct entry_state, efer) == ENTRY_EFER, "efer offset");

extern struct entry_state entry_state;
extern const char startup_32[], startup_64[], kernel_info[];

#endif
#endif
