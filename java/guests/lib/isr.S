/*
 * Interrupt entry stubs, 16 bytes apart so idt.c can compute their addresses.
 * SDM Vol. 3A 6.14: in 64-bit mode the CPU pushes SS, RSP, RFLAGS, CS, RIP and,
 * for some exceptions, an error code; the stubs push a zero error code for the
 * others so that every frame has the same layout.
 */
	.text
	.balign	16
	.globl	isr_stubs
isr_stubs:
	vector = 0
	.rept	256
	.balign	16
	/* Vectors with an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX. */
	.if !((vector == 8) || (vector >= 10 && vector <= 14) || (vector == 17) || (vector == 21) || (vector == 29) || (vector == 30))
	pushq	$0
	.endif
	pushq	$vector
	jmp	isr_common
	vector = vector + 1
	.endr

isr_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	cld
	call	interrupt_dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector and error code */
	iretq
