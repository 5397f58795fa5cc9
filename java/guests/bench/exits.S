/*
 * bench-exits: the guest of scripts/bench's exits case. No kernel and no C:
 * it is entered through its PVH note (Xen docs/misc/pvh.pandoc: 32-bit
 * protected mode, paging off, flat segments, EBX = struct hvm_start_info),
 * writes N bytes to the POST-code port 0x80, one VM exit each, and ends the
 * run by writing 0 to the debug-exit port 0xf4. Interrupts stay off, so the
 * run has N + 1 exits and nothing else for the VMM to do.
 *
 * N comes from the option exits=<decimal> on the command line (start_info's
 * cmdline_paddr), or is EXITS_DEFAULT without it. The loader's stack,
 * GDT and memory map are never touched.
 */
#include "../lib/pvh.h"

#define EXITS_DEFAULT		200000
#define POST_PORT		0x80
#define DEBUG_EXIT_PORT		0xf4
/* offsetof(struct hvm_start_info, cmdline_paddr), lib/pvh.h */
#define START_INFO_CMDLINE	24

	/* Xen public/elfnote.h: namesz, descsz, type, "Xen\0", the 8-byte entry. */
	.section .note.Xen, "a", @note
	.balign	4
	.long	4
	.long	8
	.long	XEN_ELFNOTE_PHYS32_ENTRY
	.asciz	"Xen"
	.balign	4
	.quad	pvh_start

	.text
	.code32
	.globl	pvh_start
pvh_start:
	cli
	cld
	movl	$EXITS_DEFAULT, %ebp
	/* The command line's low 32 bits: paging is off, so it lies below 4 GiB. */
	testl	%ebx, %ebx
	jz	count
	movl	START_INFO_CMDLINE(%ebx), %esi
	testl	%esi, %esi
	jz	count
find_key:
	cmpb	$0, (%esi)
	je	count
	movl	%esi, %edx
	movl	$exits_key, %edi
	movl	$exits_key_end - exits_key, %ecx
	repe cmpsb
	je	parse
	leal	1(%edx), %esi
	jmp	find_key
parse:
	xorl	%ebp, %ebp
next_digit:
	movzbl	(%esi), %eax
	subl	$'0', %eax
	cmpl	$9, %eax
	ja	count
	imull	$10, %ebp, %ebp
	addl	%eax, %ebp
	incl	%esi
	jmp	next_digit

count:
	xorl	%eax, %eax
	testl	%ebp, %ebp
	jz	done
exit_loop:
	outb	%al, $POST_PORT
	decl	%ebp
	jnz	exit_loop
done:
	outb	%al, $DEBUG_EXIT_PORT
	/* Still here: no debug-exit device. Halt for good. */
stop:
	hlt
	jmp	stop

exits_key:
	.ascii	"exits="
exits_key_end:
