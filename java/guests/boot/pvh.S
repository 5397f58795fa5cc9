/*
 * The PVH entry of the guests built as ELF images (boot/pvh.ld): the ELF note
 * that tells a loader where to enter, and the 32-bit code there.
 *
 * Xen docs/misc/pvh.pandoc: the loader enters at the note's address in 32-bit
 * protected mode with paging off, flat CS and DS/ES/SS (selectors unspecified),
 * CR4 clear, EFLAGS.IF clear, and EBX = the physical address of struct
 * hvm_start_info. ESP and the GDT's location are unspecified, so this code
 * brings its own stack, GDT and page tables, all inside the image, because
 * low memory is where the loader put its start-of-day structures.
 */
#include "../lib/bootparams.h"
#include "../lib/pvh.h"
#include "longmode.S"

	/*
	 * Xen public/elfnote.h, ELF gABI "Note Section": namesz, descsz, type,
	 * "Xen\0", then the entry. 8 bytes like Linux's x86-64 note, which is
	 * what QEMU reads from a 64-bit ELF.
	 */
	.section .note.Xen, "a", @note
	.balign	4
	.long	4
	.long	8
	.long	XEN_ELFNOTE_PHYS32_ENTRY
	.asciz	"Xen"
	.balign	4
	.quad	pvh_start

	.section .text.pvh, "ax"
	.code32
	.globl	pvh_start
pvh_start:
	/*
	 * Record what the loader handed over before changing it; stores go
	 * through DS, which the ABI makes flat. Only ESP changes first: EFLAGS
	 * is read through the stack.
	 */
	movl	%ebx, pvh_entry_state + PVH_ENTRY_EBX
	movl	$boot_stack_top, %esp
	pushfl
	popl	pvh_entry_state + PVH_ENTRY_EFLAGS
	movl	%cr0, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_CR0
	movl	%cr3, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_CR3
	movl	%cr4, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_CR4
	movl	$MSR_EFER, %ecx
	rdmsr
	movl	%eax, pvh_entry_state + PVH_ENTRY_EFER
	movl	%edx, pvh_entry_state + PVH_ENTRY_EFER + 4
	movl	%cs, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_CS
	movl	%ds, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_DS
	movl	%es, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_ES
	movl	%ss, %eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_SS
	str	%eax
	movl	%eax, pvh_entry_state + PVH_ENTRY_TR
	sgdtl	pvh_entry_state + PVH_ENTRY_GDTR

	cli
	cld
	identity_map_4g pvh_page_tables
	lgdtl	pvh_gdt_ptr
	/* Hidden segment state still comes from the loader's GDT: reload it from ours. */
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	enable_long_mode pvh_page_tables
	ljmpl	$SEL_CODE64, $pvh_start_64

	.code64
pvh_start_64:
	/* guest_start passes this to guest_main in place of a zero page. */
	movl	pvh_entry_state + PVH_ENTRY_EBX, %esi
	enter_startup_64

	.section .rodata.pvh_gdt, "a"
	.balign	8
pvh_gdt:
	boot_gdt_descriptors
pvh_gdt_end:
pvh_gdt_ptr:
	.word	pvh_gdt_end - pvh_gdt - 1
	.long	pvh_gdt

	/* In .data so that startup_64's clearing of .bss keeps it. */
	.section .data.pvh_entry_state, "aw"
	.balign	8
	.globl	pvh_entry_state
pvh_entry_state:
	.skip	PVH_ENTRY_STATE_SIZE

	/*
	 * Outside .bss (see pvh.ld): startup_64 clears .bss while these are
	 * in use. Zero-filled by the loader as part of the segment's memory size.
	 */
	.section .pgtables, "aw", @nobits
	.balign	4096
pvh_page_tables:
	.skip	IDENTITY_MAP_SIZE
