/*
 * The accesses of the mmio-forms guest: every instruction form jhyve's MMIO
 * decoder emulates (MOV 88/89/8A/8B, MOV moffs A0-A3, MOV immediate C6/C7,
 * MOVZX/MOVSX 0F B6/B7/BE/BF, STOS AA/AB without REP; Intel SDM Vol. 2A/2B),
 * in 64-bit code, then 32-bit and 16-bit code in compatibility mode, each
 * performed once into memory nothing decodes (mmio-forms.h).
 *
 * ACCESS brackets each one with an OUT to MMIO_FORMS_SYNC_PORT and records
 * what the assembler knows about it in the table: where the instruction runs,
 * where its bytes lie, the linear address it touches and its length.
 *
 * Registers hold distinct byte patterns (PATTERN), so a store of the wrong
 * register, or of AH for SPL, cannot go unnoticed; base and index registers
 * are set right before the accesses that use them.
 */
#include "mmio-forms.h"

#define MSR_FS_BASE	0xc0000100

	/* The table header; ACCESS appends the entries behind it. */
	.section .rodata.mmio_forms, "a"
	.balign	8
	.globl	mmio_forms_table
mmio_forms_table:
	.long	MMIO_FORMS_MAGIC
	.long	(mmio_forms_table_end - mmio_forms_entries) / MMIO_FORMS_ENTRY_SIZE
	.long	MMIO_FORMS_ENTRY_SIZE
	.long	0
mmio_forms_entries:

.macro ACCESS bits:req, data:req, insn:vararg
	outb	%al, $MMIO_FORMS_SYNC_PORT
990:	\insn
991:	outb	%al, $MMIO_FORMS_SYNC_PORT
	.pushsection .rodata.mmio_forms, "a"
	.if \bits == 64
	.quad	990b - mmio_code64 + MMIO_ALIAS_BASE	/* the 64-bit code runs from its alias */
	.else
	.quad	990b
	.endif
	.quad	990b
	.quad	\data
	.long	991b - 990b
	.long	\bits
	.popsection
.endm

/* The registers the SysV x86-64 ABI has a callee keep, for the C caller. */
.macro SAVE_CALLEE_SAVED
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_CALLEE_SAVED
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
.endm

/* Register number n (ModRM order) gets bytes n0 n1 ... n7 from the low end up. */
.macro PATTERN64 reg:req, n:req
	movabs	$(0x0706050403020100 + \n * 0x1010101010101010), \reg
.endm

.macro PATTERN32 reg:req, n:req
	movl	$(0x03020100 + \n * 0x10101010), \reg
.endm

/*
 * 64-bit code. C calls it at MMIO_ALIAS_BASE, where the guest's page tables
 * map these pages and, MMIO_WIN_*_OFFSET further on, the windows: so a
 * RIP-relative operand naming RIP_WIN_*, computed by the assembler from where
 * the code is linked, reaches the window from where the code runs. Nothing
 * here may refer to other code by address.
 */
	.section .text.mmio_forms64, "ax"
	.balign	4096
	.code64
	.globl	mmio_code64
mmio_code64:
	.set	RIP_WIN_4K, mmio_code64 + MMIO_WIN_4K_OFFSET
	.set	RIP_WIN_2M, mmio_code64 + MMIO_WIN_2M_OFFSET
	.set	RIP_WIN_1G, mmio_code64 + MMIO_WIN_1G_OFFSET
	SAVE_CALLEE_SAVED
	/* FS's base counts in 64-bit mode (SDM Vol. 3A 3.4.4): point it at the 4 KiB window. */
	movl	$MSR_FS_BASE, %ecx
	movl	$(MMIO_WIN_4K & 0xffffffff), %eax
	movl	$(MMIO_WIN_4K >> 32), %edx
	wrmsr
	PATTERN64 %rax, 0
	PATTERN64 %rcx, 1
	PATTERN64 %rdx, 2
	PATTERN64 %rbx, 3
	PATTERN64 %rbp, 5
	PATTERN64 %rsi, 6
	PATTERN64 %r8, 8
	PATTERN64 %r9, 9
	PATTERN64 %r10, 10
	PATTERN64 %r11, 11
	PATTERN64 %r12, 12
	PATTERN64 %r13, 13
	PATTERN64 %r14, 14
	PATTERN64 %r15, 15
	movabs	$MMIO_WIN_4K, %rdi

	/* Stores from each size of register; AH-CH-DH-BH without REX, SPL-SIL with it. */
	ACCESS 64, MMIO_WIN_4K + 0x10, movb %al, 0x10(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x11, movb %ah, 0x11(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x12, movb %ch, 0x12(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x13, movb %dh, 0x13(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x14, movb %bh, 0x14(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x15, movb %spl, 0x15(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x16, movb %bpl, 0x16(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x17, movb %sil, 0x17(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x18, movb %r8b, 0x18(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x19, movb %r15b, 0x19(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x20, movw %ax, 0x20(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x22, movw %r9w, 0x22(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x24, movw %si, 0x24(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x28, movl %eax, 0x28(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x2c, movl %ebp, 0x2c(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x30, movl %r10d, 0x30(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x38, movq %rax, 0x38(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x40, movq %r11, 0x40(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x48, movq %rsp, 0x48(%rdi)

	/* Addressing: no displacement, disp32, SIB with and without base, RIP-relative. */
	movabs	$MMIO_WIN_4K + 0x100, %r13
	ACCESS 64, MMIO_WIN_4K + 0x100, movq %r15, (%r13)	/* R13 as base needs a disp8 */
	PATTERN64 %r13, 13
	movabs	$MMIO_WIN_4K + 0x108, %r12
	ACCESS 64, MMIO_WIN_4K + 0x108, movq %r14, (%r12)	/* R12 as base needs a SIB */
	PATTERN64 %r12, 12
	ACCESS 64, MMIO_WIN_4K + 0x200, movl %ecx, 0x200(%rdi)
	movl	$0x48, %esi
	ACCESS 64, MMIO_WIN_4K + 0x120, movl %edx, (%rdi,%rsi,4)
	PATTERN64 %rsi, 6
	movl	$0x25, %r9d
	ACCESS 64, MMIO_WIN_4K + 0x130, movl %ebx, 0x8(%rdi,%r9,8)
	PATTERN64 %r9, 9
	movabs	$MMIO_WIN_4K + 0x130, %r10
	ACCESS 64, MMIO_WIN_4K + 0x140, movl %ebp, 0x10(,%r10,1)
	PATTERN64 %r10, 10
	ACCESS 64, MMIO_WIN_4K + 0x150, movl %esi, RIP_WIN_4K + 0x150(%rip)
	ACCESS 64, MMIO_WIN_4K + 0x158, movq %r8, RIP_WIN_4K + 0x158(%rip)
	ACCESS 64, MMIO_WIN_2M + 0x10, movw %dx, RIP_WIN_2M + 0x10(%rip)
	ACCESS 64, MMIO_WIN_1G + 0x10, movb %cl, RIP_WIN_1G + 0x10(%rip)

	/* Prefixes: FS with its base, ES (ignored in 64-bit mode), 66 under REX.W, two segments. */
	ACCESS 64, MMIO_WIN_4K + 0x160, movl %eax, %fs:0x160
	ACCESS 64, MMIO_WIN_4K + 0x168, movl %eax, %es:0x168(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x70, .byte 0x66, 0x48, 0x89, 0x47, 0x70	/* REX.W wins: a qword */
	ACCESS 64, MMIO_WIN_4K + 0x78, .byte 0x2e, 0x3e, 0x89, 0x4f, 0x78	/* cs ds mov %ecx,0x78(%rdi) */

	/* 32-bit addressing (67), below 4 GiB. */
	movl	$MMIO_WIN_LOW + 0x10, %ebx
	ACCESS 64, MMIO_WIN_LOW + 0x10, movl %eax, (%ebx)
	ACCESS 64, MMIO_WIN_LOW + 0x18, movq %r13, 0x8(%ebx)
	PATTERN64 %rbx, 3

	/* Immediates: imm8, imm16, imm32, imm32 sign-extended to 64 bits, behind disp32 and SIB. */
	ACCESS 64, MMIO_WIN_4K + 0x180, movb $0x5a, 0x180(%rdi)
	movabs	$MMIO_WIN_4K + 0x188, %r9
	ACCESS 64, MMIO_WIN_4K + 0x188, movb $0x81, (%r9)
	PATTERN64 %r9, 9
	ACCESS 64, MMIO_WIN_4K + 0x190, movw $0xbeef, 0x190(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x198, movl $0xdeadbeef, 0x198(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x1a0, movq $-2, 0x1a0(%rdi)
	ACCESS 64, MMIO_WIN_4K + 0x1a8, movq $0x7fffffff, 0x1a8(%rdi)
	movl	$0x10, %esi
	ACCESS 64, MMIO_WIN_4K + 0x1b0, movq $-0x789abcdf, 0x130(%rdi,%rsi,8)
	PATTERN64 %rsi, 6
	ACCESS 64, MMIO_WIN_4K + 0x1c0, movl $0x12345678, RIP_WIN_4K + 0x1c0(%rip)
	ACCESS 64, MMIO_WIN_4K + 0x1c8, movb $0xa5, RIP_WIN_4K + 0x1c8(%rip)
	ACCESS 64, MMIO_WIN_4K + 0x1ca, movw $0x8001, RIP_WIN_4K + 0x1ca(%rip)
	ACCESS 64, MMIO_WIN_4K + 0x1d0, movq $-0x80000000, RIP_WIN_4K + 0x1d0(%rip)
	movabs	$MMIO_WIN_4K + 0x1d8, %r12
	ACCESS 64, MMIO_WIN_4K + 0x1d8, movq $0x1234, (%r12)
	PATTERN64 %r12, 12

	/* moffs: 64-bit addresses, and 32-bit ones under 67. */
	ACCESS 64, MMIO_WIN_2M + 0x20, movabs %al, MMIO_WIN_2M + 0x20
	ACCESS 64, MMIO_WIN_2M + 0x22, movabs %ax, MMIO_WIN_2M + 0x22
	ACCESS 64, MMIO_WIN_2M + 0x24, movabs %eax, MMIO_WIN_2M + 0x24
	ACCESS 64, MMIO_WIN_2M + 0x28, movabs %rax, MMIO_WIN_2M + 0x28
	ACCESS 64, MMIO_WIN_1G + 0x20, movabs %eax, MMIO_WIN_1G + 0x20
	ACCESS 64, MMIO_WIN_LOW + 0x20, addr32 movl %eax, MMIO_WIN_LOW + 0x20
	ACCESS 64, MMIO_WIN_2M + 0x40, movabs MMIO_WIN_2M + 0x40, %al
	ACCESS 64, MMIO_WIN_2M + 0x42, movabs MMIO_WIN_2M + 0x42, %ax
	ACCESS 64, MMIO_WIN_2M + 0x44, movabs MMIO_WIN_2M + 0x44, %eax
	ACCESS 64, MMIO_WIN_2M + 0x48, movabs MMIO_WIN_2M + 0x48, %rax
	ACCESS 64, MMIO_WIN_LOW + 0x28, addr32 movl MMIO_WIN_LOW + 0x28, %eax

	/* Loads: 8- and 16-bit keep the rest of the register, 32-bit clears the upper half. */
	PATTERN64 %rax, 0
	ACCESS 64, MMIO_WIN_4K + 0x300, movb 0x300(%rdi), %al
	ACCESS 64, MMIO_WIN_4K + 0x301, movb 0x301(%rdi), %ah
	ACCESS 64, MMIO_WIN_4K + 0x302, movb 0x302(%rdi), %bh
	ACCESS 64, MMIO_WIN_4K + 0x303, movb 0x303(%rdi), %sil
	ACCESS 64, MMIO_WIN_4K + 0x304, movb 0x304(%rdi), %r9b
	ACCESS 64, MMIO_WIN_4K + 0x308, movw 0x308(%rdi), %cx
	ACCESS 64, MMIO_WIN_4K + 0x30a, movw 0x30a(%rdi), %r10w
	ACCESS 64, MMIO_WIN_4K + 0x310, movl 0x310(%rdi), %edx
	ACCESS 64, MMIO_WIN_4K + 0x314, movl 0x314(%rdi), %r11d
	ACCESS 64, MMIO_WIN_4K + 0x318, movq 0x318(%rdi), %rsi
	ACCESS 64, MMIO_WIN_4K + 0x320, movq 0x320(%rdi), %r12
	ACCESS 64, MMIO_WIN_4K + 0x328, movq RIP_WIN_4K + 0x328(%rip), %r13
	ACCESS 64, MMIO_WIN_1G + 0x30, movl RIP_WIN_1G + 0x30(%rip), %ebp

	/* MOVZX and MOVSX into 16-, 32- and 64-bit registers. */
	ACCESS 64, MMIO_WIN_4K + 0x340, movzbl 0x340(%rdi), %ecx
	ACCESS 64, MMIO_WIN_4K + 0x341, movzbw 0x341(%rdi), %dx
	ACCESS 64, MMIO_WIN_4K + 0x342, movzbq 0x342(%rdi), %r13
	ACCESS 64, MMIO_WIN_4K + 0x344, movzwl 0x344(%rdi), %r14d
	ACCESS 64, MMIO_WIN_4K + 0x346, movzwq 0x346(%rdi), %rbx
	ACCESS 64, MMIO_WIN_4K + 0x348, movsbl 0x348(%rdi), %eax
	ACCESS 64, MMIO_WIN_4K + 0x349, movsbw 0x349(%rdi), %si
	ACCESS 64, MMIO_WIN_4K + 0x34a, movsbq 0x34a(%rdi), %r15
	ACCESS 64, MMIO_WIN_4K + 0x34c, movswl 0x34c(%rdi), %ebp
	ACCESS 64, MMIO_WIN_4K + 0x34e, movswq 0x34e(%rdi), %r8
	ACCESS 64, MMIO_WIN_2M + 0x50, movzwl RIP_WIN_2M + 0x50(%rip), %r9d

	/* STOS up (DF clear) and down (DF set), and with 32-bit addressing, which uses EDI alone. */
	PATTERN64 %rax, 0
	movabs	$MMIO_WIN_4K + 0x400, %rdi
	ACCESS 64, MMIO_WIN_4K + 0x400, stosb
	ACCESS 64, MMIO_WIN_4K + 0x401, stosw
	ACCESS 64, MMIO_WIN_4K + 0x403, stosl
	ACCESS 64, MMIO_WIN_4K + 0x407, stosq
	std
	movabs	$MMIO_WIN_4K + 0x438, %rdi
	ACCESS 64, MMIO_WIN_4K + 0x438, stosq
	ACCESS 64, MMIO_WIN_4K + 0x430, stosl
	ACCESS 64, MMIO_WIN_4K + 0x42c, stosw
	ACCESS 64, MMIO_WIN_4K + 0x42a, stosb
	cld
	movabs	$0x5a5a5a5a00000000 + MMIO_WIN_LOW + 0x40, %rdi
	ACCESS 64, MMIO_WIN_LOW + 0x40, addr32 stosl

	movl	$MSR_FS_BASE, %ecx
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	RESTORE_CALLEE_SAVED
	ret
	.globl	mmio_code64_end
mmio_code64_end:

/*
 * Compatibility mode (SDM Vol. 3A 5.2.1 and 9.8.5): a far return into a
 * 32-bit code segment, a far jump on into a 16-bit one whose base is
 * mmio_code16, and a far jump back to 64-bit code. Interrupts stay off, and
 * nothing in between uses the stack.
 */
	.text
	.code64
	.globl	mmio_forms_compat
mmio_forms_compat:
	SAVE_CALLEE_SAVED
	movq	%rsp, compat_rsp(%rip)
	pushq	$MMIO_CODE32_SEL
	pushq	$mmio_code32
	lretq
compat_return:
	movq	compat_rsp(%rip), %rsp	/* the upper halves of registers are undefined after compatibility mode */
	movl	$MMIO_DATA_SEL, %eax
	movl	%eax, %ds
	movl	%eax, %es
	RESTORE_CALLEE_SAVED
	ret

	.code32
mmio_code32:
	PATTERN32 %eax, 0
	PATTERN32 %ecx, 1
	PATTERN32 %edx, 2
	PATTERN32 %ebx, 3
	PATTERN32 %ebp, 5
	PATTERN32 %edi, 7
	movl	$MMIO_WIN_LOW, %esi

	ACCESS 32, MMIO_WIN_LOW + 0x100, movl %eax, 0x100(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x104, movb %ah, 0x104(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x105, movb %bh, 0x105(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x106, movb %cl, 0x106(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x108, movw %dx, 0x108(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x110, movl %edi, MMIO_WIN_LOW + 0x110	/* disp32: absolute here, not RIP-relative */
	ACCESS 32, MMIO_WIN_LOW + 0x114, movl %eax, MMIO_WIN_LOW + 0x114	/* moffs32 */
	ACCESS 32, MMIO_WIN_LOW + 0x118, movb %al, MMIO_WIN_LOW + 0x118
	ACCESS 32, MMIO_WIN_LOW + 0x11a, movw %ax, MMIO_WIN_LOW + 0x11a
	movl	$0x10, %ecx
	ACCESS 32, MMIO_WIN_LOW + 0x120, movl %edx, 0x100(%esi,%ecx,2)
	PATTERN32 %ecx, 1
	ACCESS 32, MMIO_WIN_LOW + 0x130, movb $0x99, 0x130(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x132, movw $0xcafe, 0x132(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x134, movl $0x89abcdef, 0x134(%esi)
	ACCESS 32, MMIO_WIN_LOW + 0x138, movl $0x77, MMIO_WIN_LOW + 0x138

	ACCESS 32, MMIO_WIN_LOW + 0x140, movl 0x140(%esi), %eax
	ACCESS 32, MMIO_WIN_LOW + 0x144, movb 0x144(%esi), %ch
	ACCESS 32, MMIO_WIN_LOW + 0x145, movb 0x145(%esi), %dl
	ACCESS 32, MMIO_WIN_LOW + 0x146, movw 0x146(%esi), %bx
	ACCESS 32, MMIO_WIN_LOW + 0x148, movzbl 0x148(%esi), %edx
	ACCESS 32, MMIO_WIN_LOW + 0x149, movzbw 0x149(%esi), %di
	ACCESS 32, MMIO_WIN_LOW + 0x14a, movsbl 0x14a(%esi), %ebp
	ACCESS 32, MMIO_WIN_LOW + 0x14c, movswl 0x14c(%esi), %ecx
	ACCESS 32, MMIO_WIN_LOW + 0x14e, movzwl 0x14e(%esi), %ebx
	ACCESS 32, MMIO_WIN_LOW + 0x150, movb MMIO_WIN_LOW + 0x150, %al
	ACCESS 32, MMIO_WIN_LOW + 0x152, movw MMIO_WIN_LOW + 0x152, %ax
	ACCESS 32, MMIO_WIN_LOW + 0x154, movl MMIO_WIN_LOW + 0x154, %eax

	PATTERN32 %eax, 0
	movl	$MMIO_WIN_LOW + 0x180, %edi
	ACCESS 32, MMIO_WIN_LOW + 0x180, stosb
	ACCESS 32, MMIO_WIN_LOW + 0x181, stosw
	ACCESS 32, MMIO_WIN_LOW + 0x183, stosl
	std
	movl	$MMIO_WIN_LOW + 0x19c, %edi
	ACCESS 32, MMIO_WIN_LOW + 0x19c, stosl
	ACCESS 32, MMIO_WIN_LOW + 0x198, stosw
	ACCESS 32, MMIO_WIN_LOW + 0x196, stosb
	cld

	/* 16-bit addressing (67) through DS and ES based at MMIO_WIN_LOW. */
	movw	$MMIO_DATA16_SEL, %ax
	movw	%ax, %ds
	movw	%ax, %es
	PATTERN32 %eax, 0
	movl	$0x1c0, %esi
	movl	$0x10, %ebx
	ACCESS 32, MMIO_WIN_LOW + 0x1c0, addr16 movl %eax, (%si)
	ACCESS 32, MMIO_WIN_LOW + 0x1d0, addr16 movl %ecx, (%bx,%si)
	ACCESS 32, MMIO_WIN_LOW + 0x1e0, addr16 movl %edx, 0x1e0
	ACCESS 32, MMIO_WIN_LOW + 0x1e4, addr16 movl %eax, 0x1e4
	ACCESS 32, MMIO_WIN_LOW + 0x1e8, addr16 movl 0x1e8, %eax
	movl	$0x1f0, %edi
	ACCESS 32, MMIO_WIN_LOW + 0x1f0, addr16 stosl
	ljmp	$MMIO_CODE16_SEL, $0

/*
 * 16-bit code, entered at offset 0 of a code segment based here (IP stays
 * small); DS and ES are based at MMIO_WIN_LOW.
 */
	.code16
	.balign	16
	.globl	mmio_code16
mmio_code16:
	movl	$0x800, %esi
	movl	$0x810, %edi
	movl	$0x10, %ebx
	ACCESS 16, MMIO_WIN_LOW + 0x800, movw %ax, (%si)
	ACCESS 16, MMIO_WIN_LOW + 0x802, movb %al, 0x2(%si)
	ACCESS 16, MMIO_WIN_LOW + 0x803, movb %ah, 0x3(%si)
	ACCESS 16, MMIO_WIN_LOW + 0x804, movb %dh, 0x4(%si)
	ACCESS 16, MMIO_WIN_LOW + 0x808, movl %eax, 0x8(%si)
	ACCESS 16, MMIO_WIN_LOW + 0x822, movw %cx, 0x2(%bx,%di)
	ACCESS 16, MMIO_WIN_LOW + 0x824, movw %dx, 0x824	/* disp16 */
	ACCESS 16, MMIO_WIN_LOW + 0x826, movw %ax, 0x826	/* moffs16 */
	ACCESS 16, MMIO_WIN_LOW + 0x828, movb %al, 0x828
	ACCESS 16, MMIO_WIN_LOW + 0x82c, movl %eax, 0x82c
	ACCESS 16, MMIO_WIN_LOW + 0x830, addr32 movl %eax, 0x830	/* moffs32 */
	movl	$0x834, %ebx
	movl	$0x3, %ecx
	ACCESS 16, MMIO_WIN_LOW + 0x834, movw %ax, (%ebx)
	ACCESS 16, MMIO_WIN_LOW + 0x840, movw %dx, (%ebx,%ecx,4)
	ACCESS 16, MMIO_WIN_LOW + 0x850, movb $0x3c, 0x850
	ACCESS 16, MMIO_WIN_LOW + 0x852, movw $0x8765, 0x52(%si)
	ACCESS 16, MMIO_WIN_LOW + 0x858, movl $0xfedcba98, 0x858

	ACCESS 16, MMIO_WIN_LOW + 0x860, movw 0x860, %ax
	ACCESS 16, MMIO_WIN_LOW + 0x862, movb 0x62(%si), %ah
	ACCESS 16, MMIO_WIN_LOW + 0x863, movb 0x63(%si), %dl
	ACCESS 16, MMIO_WIN_LOW + 0x864, movl 0x64(%si), %edx
	ACCESS 16, MMIO_WIN_LOW + 0x868, movzbw 0x868, %cx
	ACCESS 16, MMIO_WIN_LOW + 0x869, movzbl 0x869, %ecx
	ACCESS 16, MMIO_WIN_LOW + 0x86a, movsbw 0x86a, %bx
	ACCESS 16, MMIO_WIN_LOW + 0x86c, movswl 0x86c, %ebp
	ACCESS 16, MMIO_WIN_LOW + 0x86e, movzwl 0x86e, %ebx

	movl	$0x880, %edi
	ACCESS 16, MMIO_WIN_LOW + 0x880, stosb
	ACCESS 16, MMIO_WIN_LOW + 0x881, stosw
	ACCESS 16, MMIO_WIN_LOW + 0x883, stosl
	std
	movl	$0x89c, %edi
	ACCESS 16, MMIO_WIN_LOW + 0x89c, stosl
	ACCESS 16, MMIO_WIN_LOW + 0x898, stosw
	ACCESS 16, MMIO_WIN_LOW + 0x896, stosb
	xorl	%edi, %edi
	ACCESS 16, MMIO_WIN_LOW + 0x0, stosw	/* DI wraps to 0xfffe, the rest of RDI stays */
	cld
	ljmpl	$MMIO_CODE64_SEL, $compat_return

	.section .rodata.mmio_forms, "a"
mmio_forms_table_end:

	.section .bss
	.balign	8
compat_rsp:
	.skip	8
