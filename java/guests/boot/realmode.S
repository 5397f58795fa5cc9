/*
 * The 16-bit boot protocol trampoline (boot.rst, "RUNNING THE KERNEL" and
 * "64-bit BOOT PROTOCOL"), included by header.S. Entered at setup offset 0x200
 * with CS = base + 0x20 and DS = ES = SS = base, the setup's segment.
 *
 * Low memory it uses (free conventional memory below the boot sector area):
 *   0x00500-0x00fff  stack
 *   0x01000-0x06fff  page tables: PML4, PDPT and four page directories of
 *                    2 MiB pages mapping 0-4 GiB one to one
 *   0x08000-0x08fff  the zero page handed to startup_64
 */
#include "longmode.S"

#define TRAMP_STACK_TOP	0x1000
#define TRAMP_PAGE_TABLES 0x1000
#define TRAMP_ZERO_PAGE	0x8000
#define SMAP		0x534d4150	/* "SMAP", the INT 15h E820 signature */

	.code16
realmode_start:
	cli
	cld
	/* CS = DS so that offsets in this section address the setup. */
	pushw	%ds
	pushw	$1f
	lretw
1:	movw	%ds, %ax
	movzwl	%ax, %ebp
	shll	$4, %ebp		/* %ebp = linear address of the setup */
	xorw	%ax, %ax
	movw	%ax, %ss
	movw	$TRAMP_STACK_TOP, %sp
	movw	%ax, %es

	/* Clear the zero page; the page tables are built in 32-bit code below. */
	movw	$TRAMP_ZERO_PAGE, %di
	movw	$0x1000 / 2, %cx
	rep stosw

	/* The zero page gets the loader-patched copy of the setup header. */
	movw	$HDR_SETUP_SECTS, %si
	movw	$TRAMP_ZERO_PAGE + HDR_SETUP_SECTS, %di
	movw	$HDR_END - HDR_SETUP_SECTS, %cx
	rep movsb

	/* E820 map via INT 15h AX=E820h, one 20-byte entry per call. */
	movw	$TRAMP_ZERO_PAGE + BP_E820_TABLE, %di
	xorl	%ebx, %ebx
	xorw	%si, %si		/* entry count */
2:	movl	$0xe820, %eax
	movl	$SMAP, %edx
	movl	$E820_ENTRY_SIZE, %ecx
	int	$0x15
	jc	3f
	cmpl	$SMAP, %eax
	jne	3f
	incw	%si
	addw	$E820_ENTRY_SIZE, %di
	testl	%ebx, %ebx
	jz	3f
	cmpw	$E820_MAX_ENTRIES_ZEROPAGE, %si
	jb	2b
3:	movw	%si, %ax
	movb	%al, %es:TRAMP_ZERO_PAGE + BP_E820_ENTRIES

	/* The descriptor table and far pointers need linear addresses. */
	leal	tramp_gdt(%ebp), %eax
	movl	%eax, tramp_gdt_ptr + 2
	leal	tramp_32(%ebp), %eax
	movl	%eax, tramp_32_ptr
	leal	tramp_64(%ebp), %eax
	movl	%eax, tramp_64_ptr

	lgdtl	tramp_gdt_ptr
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	*tramp_32_ptr

	.code32
tramp_32:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	identity_map_4g TRAMP_PAGE_TABLES
	enable_long_mode TRAMP_PAGE_TABLES
	ljmpl	*tramp_64_ptr(%ebp)

	.code64
tramp_64:
	movl	$TRAMP_ZERO_PAGE, %esi
	enter_startup_64

	.balign	8
	/* The same selectors as jhyve's 64-bit boot: 0x10 code, 0x18 data. */
tramp_gdt:
	boot_gdt_descriptors
tramp_gdt_end:
tramp_gdt_ptr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	0			/* linear base, patched */
tramp_32_ptr:
	.long	0			/* patched */
	.word	SEL_CODE32
tramp_64_ptr:
	.long	0			/* patched */
	.word	SEL_CODE64
