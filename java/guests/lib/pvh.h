/*
 * The PVH boot ABI (Xen docs/misc/pvh.pandoc) as the PVH guests see it: the
 * ELF note that names the 32-bit entry, the start-of-day structures the loader
 * leaves at EBX (Xen public/arch-x86/hvm/start_info.h), and the CPU state the
 * entry (boot/pvh.S) records before it changes anything.
 */
#ifndef GUEST_PVH_H
#define GUEST_PVH_H

/* Xen public/elfnote.h: the note (owner "Xen") holding the 32-bit physical entry. */
#define XEN_ELFNOTE_PHYS32_ENTRY	18

#define XEN_HVM_START_MAGIC_VALUE	0x336ec578

/* struct pvh_entry_state, as offsets for boot/pvh.S. */
#define PVH_ENTRY_EBX		0
#define PVH_ENTRY_EFLAGS	4
#define PVH_ENTRY_CR0		8
#define PVH_ENTRY_CR3		12
#define PVH_ENTRY_CR4		16
#define PVH_ENTRY_EFER		20	/* 8 bytes: EDX:EAX of rdmsr */
#define PVH_ENTRY_CS		28
#define PVH_ENTRY_DS		32
#define PVH_ENTRY_ES		36
#define PVH_ENTRY_SS		40
#define PVH_ENTRY_TR		44
#define PVH_ENTRY_GDTR		48	/* sgdt in 32-bit code: 2-byte limit, 4-byte base */
#define PVH_ENTRY_STATE_SIZE	56

#ifndef __ASSEMBLER__
#include <stdint.h>

struct __attribute__((packed)) pvh_entry_state {
	uint32_t ebx, eflags, cr0, cr3, cr4;
	uint64_t efer;
	uint32_t cs, ds, es, ss, tr;
	uint16_t gdtr_limit;
	uint32_t gdtr_base;
	uint16_t pad;
};

_Static_assert(sizeof(struct pvh_entry_state) == PVH_ENTRY_STATE_SIZE, "pvh_entry_state layout");
_Static_assert(__builtin_offsetof(struct pvh_entry_state, efer) == PVH_ENTRY_EFER, "efer offset");
_Static_assert(__builtin_offsetof(struct pvh_entry_state, gdtr_limit) == PVH_ENTRY_GDTR, "gdtr offset");

extern struct pvh_entry_state pvh_entry_state;

/* struct hvm_start_info; version 1 added the memory map. */
struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

/* The types are the E820 ones. */
struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

_Static_assert(sizeof(struct hvm_start_info) == 0x38, "hvm_start_info layout");
_Static_assert(sizeof(struct hvm_modlist_entry) == 0x20, "hvm_modlist_entry layout");
_Static_assert(sizeof(struct hvm_memmap_table_entry) == 0x18, "hvm_memmap_table_entry layout");

#endif
#endif
