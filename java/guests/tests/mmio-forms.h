/*
 * What mmio-forms.c and mmio-forms.S share, and what the JUnit test that drives
 * them (hv/hvf/MmioDifferentialKvmTest) reads: the ports, the addresses and the
 * layout of the table of accesses. C and assembly.
 */
#ifndef GUEST_MMIO_FORMS_H
#define GUEST_MMIO_FORMS_H

/*
 * Ports no PC device decodes (OUT imm8 reaches them, from any code). The guest writes the guest-physical address of
 * its table to MMIO_FORMS_TABLE_PORT (32 bits) before the first access, and an
 * OUT of AL to MMIO_FORMS_SYNC_PORT right before and right after every access,
 * so that whoever watches the exits sees the registers the access starts from
 * and what it left behind.
 */
#define MMIO_FORMS_TABLE_PORT	0xe0
#define MMIO_FORMS_SYNC_PORT	0xe1

/*
 * Guest-physical targets: a part of the 3-4 GiB MMIO hole where no jhyve device
 * decodes (virtio-mmio windows from 0xd0000000, IOAPIC 0xfec00000, local APIC
 * 0xfee00000, KVM's TSS 0xfffbd000), so every access exits to the VMM.
 */
#define MMIO_TARGET_4K		0xe0000000	/* behind a 4 KiB page, high linear address */
#define MMIO_TARGET_LOW		0xe0001000	/* behind a 4 KiB page below 4 GiB */
#define MMIO_TARGET_2M		0xe0200000	/* a 2 MiB page */
#define MMIO_TARGET_1G		0xe0400000	/* inside the 1 GiB page 0xc0000000 */
#define MMIO_HOLE_1G		0xc0000000

/*
 * Linear addresses, through the guest's own page tables (mmio-forms.c), none of
 * them the identity map: the 64-bit code runs from MMIO_ALIAS_BASE (PML4 entry
 * 511, 4 KiB pages), where the windows follow it within RIP-relative reach;
 * MMIO_WIN_LOW is a page of the identity-mapped hole remapped to another one,
 * for 32-bit and 16-bit code and 32-bit addressing.
 */
#define MMIO_ALIAS_BASE		0xffffff8000000000
#define MMIO_WIN_4K_OFFSET	0x10000
#define MMIO_WIN_4K		(MMIO_ALIAS_BASE + MMIO_WIN_4K_OFFSET)
#define MMIO_WIN_2M_OFFSET	0x200000
#define MMIO_WIN_2M		(MMIO_ALIAS_BASE + MMIO_WIN_2M_OFFSET)
#define MMIO_WIN_1G_PAGE	(MMIO_ALIAS_BASE + 0x40000000)
#define MMIO_WIN_1G_OFFSET	(0x40000000 + MMIO_TARGET_1G - MMIO_HOLE_1G)
#define MMIO_WIN_1G		(MMIO_ALIAS_BASE + MMIO_WIN_1G_OFFSET)
#define MMIO_WIN_LOW		0xef000000

/* Selectors of the guest's GDT while the accesses run (0x10 and 0x18 as the boot protocol's). */
#define MMIO_CODE64_SEL		0x10
#define MMIO_DATA_SEL		0x18
#define MMIO_CODE32_SEL		0x20
#define MMIO_CODE16_SEL		0x28	/* base: mmio_code16, limit 0xffff */
#define MMIO_DATA16_SEL		0x30	/* base: MMIO_WIN_LOW, limit 0xffff */
#define MMIO_GDT_ENTRIES	7

/*
 * The table: a 16-byte header (magic "MMIO", entry count, entry size, 0), then
 * one entry per access in the order they run.
 */
#define MMIO_FORMS_MAGIC	0x4f494d4d
#define MMIO_FORMS_HEADER_SIZE	16
#define MMIO_FORMS_ENTRY_SIZE	32
#define MMIO_ENTRY_INSN_LINEAR	0	/* u64: where the instruction runs (CS base + RIP) */
#define MMIO_ENTRY_INSN_PHYS	8	/* u64: where its bytes are in the image */
#define MMIO_ENTRY_DATA_LINEAR	16	/* u64: the linear address it accesses */
#define MMIO_ENTRY_LENGTH	24	/* u32: its length in bytes */
#define MMIO_ENTRY_BITS		28	/* u32: 64, 32 or 16: the code it runs in */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct mmio_forms_entry {
	uint64_t insn_linear;
	uint64_t insn_phys;
	uint64_t data_linear;
	uint32_t length;
	uint32_t bits;
};

struct mmio_forms_table {
	uint32_t magic;
	uint32_t count;
	uint32_t entry_size;
	uint32_t reserved;
	struct mmio_forms_entry entries[];
};

extern const struct mmio_forms_table mmio_forms_table;
extern const char mmio_code64[], mmio_code64_end[];	/* runs at MMIO_ALIAS_BASE only */
extern const char mmio_code16[];
/* The 32-bit and 16-bit accesses, in compatibility mode; returns in 64-bit mode. */
void mmio_forms_compat(void);
#endif

#endif
