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
#define TRAMP_STACK_TOP	0x1000
#define TRAMP_PML4	0x1000
#define TRAMP_PDPT	0x2000
#define TRAMP_PD	0x3000
#define TRAMP_ZERO_PAGE	0x8000
#define SMAP		0x534d4150	/* "SMAP", the INT 15h E820 signature */
#define MSR_EFER	0xc0000080
#define EFER_LME	0x100
#define CR0_PE		0x1
#define CR0_PG		0x80000000
#define CR4_PAE		0x20

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

	/* Clear the page tables and the zero page (0x1000-0x8fff). */
	movw	$TRAMP_PML4, %di
	movw	$(0x9000 - TRAMP_PML4) / 2, %cx
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

	/* PML4[0] -> PDPT; PDPT[0..3] -> four PDs; PD entries: 2 MiB pages. */
	movl	$TRAMP_PDPT | 3, %es:TRAMP_PML4		/* present, writable */
	movw	$TRAMP_PDPT, %di
	movl	$TRAMP_PD | 3, %eax
	movw	$4, %cx
4:	movl	%eax, %es:(%di)
	addl	$0x1000, %eax
	addw	$8, %di
	loop	4b
	movw	$TRAMP_PD, %di
	movl	$0x83, %eax		/* present, writable, PS (2 MiB page) */
	movw	$2048, %cx
5:	movl	%eax, %es:(%di)
	addl	$0x200000, %eax
	addw	$8, %di
	loop	5b

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
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$TRAMP_PML4, %eax
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
	movl	%eax, %cr0		/* now in IA-32e compatibility mode */
	ljmpl	*tramp_64_ptr(%ebp)

	.code64
tramp_64:
	movl	$0x18, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$TRAMP_ZERO_PAGE, %esi
	movl	$KERNEL_LOAD_ADDRESS + STARTUP_64_OFFSET, %eax
	jmp	*%rax

	.balign	8
	/* The same selectors as jhyve's 64-bit boot: 0x10 code, 0x18 data. */
tramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code, flat */
	.quad	0x00af9a000000ffff	/* 0x10: 64-bit code (L=1) */
	.quad	0x00cf92000000ffff	/* 0x18: data, flat */
tramp_gdt_end:
tramp_gdt_ptr:
	.word	tramp_gdt_end - tramp_gdt - 1
	.long	0			/* linear base, patched */
tramp_32_ptr:
	.long	0			/* patched */
	.word	0x08
tramp_64_ptr:
	.long	0			/* patched */
	.word	0x10
