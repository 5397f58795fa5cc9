/*
 * The way into long mode from 32-bit protected mode with paging off, shared by
 * the two entries that start there: the 16-bit protocol trampoline
 * (realmode.S, after it leaves real mode) and the PVH entry (pvh.S). Both then
 * reach startup_64 with the state jhyve's 64-bit boot gives: paging over a
 * one-to-one map of 0-4 GiB, CS 0x10, DS/ES/SS 0x18.
 *
 * Macros only, so each includer places the code in its own section; nothing
 * here depends on where it runs (absolute addresses, flat DS/ES).
 */
#ifndef GUEST_LONGMODE_S
#define GUEST_LONGMODE_S

#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define CR0_PE		0x1
#define CR0_PG		0x80000000
#define CR4_PAE		0x20

/* Page table pages: PML4, PDPT, then four page directories (SDM Vol. 3A 4.5). */
#define IDENTITY_MAP_PML4	0x0000
#define IDENTITY_MAP_PDPT	0x1000
#define IDENTITY_MAP_PD		0x2000
#define IDENTITY_MAP_SIZE	0x6000
#define PTE_PRESENT_WRITABLE	0x3
#define PDE_2M_PAGE		0x83	/* present, writable, PS */

/* The GDT selectors, as in jhyve's boot GDT (and __BOOT_CS/__BOOT_DS of boot.rst). */
#define SEL_CODE32	0x08
#define SEL_CODE64	0x10
#define SEL_DATA	0x18

/*
 * Fills the IDENTITY_MAP_SIZE bytes at \tables (page-aligned, below 4 GiB)
 * with page tables mapping 0-4 GiB one to one in 2 MiB pages.
 * Needs 32-bit code, flat DS/ES, DF clear. Clobbers EAX, ECX, EDI.
 */
	.macro	identity_map_4g tables
	movl	$\tables, %edi
	movl	$IDENTITY_MAP_SIZE / 4, %ecx
	xorl	%eax, %eax
	rep stosl
	/* PML4[0] -> PDPT; PDPT[0..3] -> the four page directories. */
	movl	$\tables + IDENTITY_MAP_PDPT + PTE_PRESENT_WRITABLE, \tables + IDENTITY_MAP_PML4
	movl	$\tables + IDENTITY_MAP_PDPT, %edi
	movl	$\tables + IDENTITY_MAP_PD + PTE_PRESENT_WRITABLE, %eax
	movl	$4, %ecx
.Lpdpt_\@:
	movl	%eax, (%edi)
	addl	$0x1000, %eax
	addl	$8, %edi
	loop	.Lpdpt_\@
	/* 2048 directory entries of 2 MiB; the high halves stay zero below 4 GiB. */
	movl	$\tables + IDENTITY_MAP_PD, %edi
	movl	$PDE_2M_PAGE, %eax
	movl	$2048, %ecx
.Lpd_\@:
	movl	%eax, (%edi)
	addl	$0x200000, %eax
	addl	$8, %edi
	loop	.Lpd_\@
	.endm

/*
 * SDM Vol. 3A 9.8.5, "Initializing IA-32e Mode": CR3, then CR4.PAE, then
 * EFER.LME, then CR0.PG. The CPU is then in compatibility mode; a far jump to
 * SEL_CODE64 finishes the switch. Clobbers EAX, ECX, EDX.
 */
	.macro	enable_long_mode tables
	movl	$\tables + IDENTITY_MAP_PML4, %eax
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0
	.endm

/* The descriptors for the selectors above: flat, base 0, limit 4 GiB. */
	.macro	boot_gdt_descriptors
	.quad	0
	.quad	0x00cf9a000000ffff	/* SEL_CODE32: 32-bit code (D=1) */
	.quad	0x00af9a000000ffff	/* SEL_CODE64: 64-bit code (L=1) */
	.quad	0x00cf92000000ffff	/* SEL_DATA: read/write data */
	.endm

/*
 * First thing in 64-bit code: the data selectors, then startup_64 (at its
 * absolute address, which works from code linked anywhere) with RSI as the
 * includer set it.
 */
	.macro	enter_startup_64
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$KERNEL_LOAD_ADDRESS + STARTUP_64_OFFSET, %eax
	jmp	*%rax
	.endm

#endif
