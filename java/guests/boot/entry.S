/*
 * Start of the protected-mode payload, linked at 0x100000 (guest.ld).
 * boot.rst: the 32-bit entry is at the load address, the 64-bit entry at
 * load address + 0x200.
 */
#include "../lib/bootparams.h"
#include "../lib/entry_state.h"

#define COM1		0x3f8
#define UART_LSR_THRE	0x20

	.section .head.text, "ax"

	/*
	 * 32-bit boot protocol entry: not supported by these guests. Say so on
	 * COM1 (polling LSR.THRE, 16550 datasheet) and stop.
	 */
	.code32
	.globl	startup_32
startup_32:
	cli
	cld
	movl	$unsupported_32, %esi
1:	lodsb
	testb	%al, %al
	jz	3f
	movb	%al, %bl
	movw	$COM1 + 5, %dx
2:	inb	%dx, %al
	testb	$UART_LSR_THRE, %al
	jz	2b
	movb	%bl, %al
	movw	$COM1, %dx
	outb	%al, %dx
	jmp	1b
3:	hlt
	jmp	3b
unsupported_32:
	.asciz	"32-bit entry not supported\n"

	.org	STARTUP_64_OFFSET
	/*
	 * 64-bit boot protocol entry. Record the state the loader handed over
	 * before anything changes it (boot-state checks it), then get a stack,
	 * clear .bss (the loader only zeroes what init_size asks it to reserve
	 * if it wants to) and call into C.
	 */
	.code64
	.globl	startup_64
startup_64:
	movq	%rsi, entry_state + ENTRY_RSI(%rip)
	leaq	boot_stack_top(%rip), %rsp
	pushfq
	popq	entry_state + ENTRY_RFLAGS(%rip)
	movl	%cs, %eax
	movq	%rax, entry_state + ENTRY_CS(%rip)
	movl	%ds, %eax
	movq	%rax, entry_state + ENTRY_DS(%rip)
	movl	%es, %eax
	movq	%rax, entry_state + ENTRY_ES(%rip)
	movl	%ss, %eax
	movq	%rax, entry_state + ENTRY_SS(%rip)
	movl	%fs, %eax
	movq	%rax, entry_state + ENTRY_FS(%rip)
	movl	%gs, %eax
	movq	%rax, entry_state + ENTRY_GS(%rip)
	movq	%cr0, %rax
	movq	%rax, entry_state + ENTRY_CR0(%rip)
	movq	%cr3, %rax
	movq	%rax, entry_state + ENTRY_CR3(%rip)
	movq	%cr4, %rax
	movq	%rax, entry_state + ENTRY_CR4(%rip)
	movl	$MSR_EFER, %ecx
	rdmsr
	movl	%eax, entry_state + ENTRY_EFER(%rip)
	movl	%edx, entry_state + ENTRY_EFER + 4(%rip)
	sgdt	entry_state + ENTRY_GDTR(%rip)
	sidt	entry_state + ENTRY_IDTR(%rip)

	cld
	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	xorl	%eax, %eax
	rep stosb

	movq	entry_state + ENTRY_RSI(%rip), %rdi
	call	guest_start
4:	cli
	hlt
	jmp	4b

	/* What the loader handed over; lives in .data so clearing .bss keeps it. */
	.section .data
	.balign	16
	.globl	entry_state
entry_state:
	.skip	ENTRY_STATE_SIZE

	.section .bss.stack, "aw", @nobits
	.balign	16
boot_stack:
	.skip	16384
	.globl	boot_stack_top		/* the PVH entry (pvh.S) starts on it too */
boot_stack_top:

	/*
	 * boot.rst, "The kernel_info": found through kernel_info_offset in the
	 * setup header. No variable-length data; no setup_data types understood.
	 */
	.section .rodata.kernel_info, "a"
	.balign	4
	.globl	kernel_info
kernel_info:
	.ascii	"LToP"
	.long	kernel_info_var_len_data - kernel_info	/* size */
	.long	kernel_info_end - kernel_info		/* size_total */
	.long	0					/* setup_type_max */
kernel_info_var_len_data:
kernel_info_end:
