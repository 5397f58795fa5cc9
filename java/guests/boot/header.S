/*
 * The real-mode part of a test guest's bzImage: the boot sector and the setup
 * sectors holding the setup header (Documentation/arch/x86/boot.rst, "THE
 * REAL-MODE KERNEL HEADER"), linked at 0 ahead of the protected-mode payload
 * (see guest.ld, which also computes setup_sects, syssize and init_size).
 *
 * jhyve uses the 64-bit boot protocol and never runs any of this code. Loaders
 * that use the 16-bit protocol (QEMU's -kernel, GRUB's linux16) jump to setup
 * offset 0x200 in real mode; there sits a small trampoline (realmode.S) that does
 * what Linux's setup does for a 64-bit boot: it collects the E820 map from the
 * BIOS into a zero page, builds an identity map of the first 4 GiB and enters
 * startup_64 with the same state jhyve provides. It exists so that the guests can
 * be cross-checked against a reference VMM.
 */
#include "../lib/bootparams.h"

	.section .setup, "ax"
	.code16

	/* The boot sector. Booting from it is unsupported; only the header matters. */
	.org	HDR_SETUP_SECTS
hdr:
	.byte	setup_sects		/* linker-computed, see guest.ld */
	.word	0			/* root_flags */
	.long	syssize			/* 16-byte paragraphs of payload, guest.ld */
	.word	0			/* ram_size: obsolete */
	.word	0xffff			/* vid_mode: "normal" */
	.word	0			/* root_dev */
	.word	BOOT_FLAG_MAGIC		/* boot_flag, at 0x1fe */

	/* 0x200: the 16-bit entry point, a two-byte jump over the rest of the header. */
	.byte	0xeb
	.byte	realmode_start - jump_end
jump_end:
	.ascii	"HdrS"			/* header */
	.word	BOOT_PROTOCOL_VERSION	/* version */
	.long	0			/* realmode_swtch */
	.word	0			/* start_sys_seg: obsolete */
	.word	kernel_version - 0x200	/* kernel_version: offset from 0x200 */
	.byte	0			/* type_of_loader: written by the loader */
	.byte	LOADED_HIGH		/* loadflags: payload goes to 0x100000 */
	.word	0			/* setup_move_size */
	.long	KERNEL_LOAD_ADDRESS	/* code32_start */
	.long	0			/* ramdisk_image: written by the loader */
	.long	0			/* ramdisk_size: written by the loader */
	.long	0			/* bootsect_kludge: obsolete */
	.word	0			/* heap_end_ptr: written by the loader */
	.byte	0			/* ext_loader_ver */
	.byte	0			/* ext_loader_type */
	.long	0			/* cmd_line_ptr: written by the loader */
	.long	0x7fffffff		/* initrd_addr_max */
	.long	KERNEL_LOAD_ADDRESS	/* kernel_alignment: informative, not relocatable */
	.byte	0			/* relocatable_kernel */
	.byte	20			/* min_alignment: log2(kernel_alignment) */
	.word	XLF_KERNEL_64		/* xloadflags: has the 64-bit entry at +0x200 */
	.long	COMMAND_LINE_SIZE	/* cmdline_size */
	.long	0			/* hardware_subarch: PC */
	.quad	0			/* hardware_subarch_data */
	.long	0			/* payload_offset: the payload is not compressed */
	.long	0			/* payload_length */
	.quad	0			/* setup_data: written by the loader */
	.quad	KERNEL_LOAD_ADDRESS	/* pref_address */
	.long	init_size		/* init_size: payload + bss + stack, guest.ld */
	.long	0			/* handover_offset: no EFI handover */
	.long	kernel_info - KERNEL_LOAD_ADDRESS /* kernel_info_offset */
	.if	. - hdr + HDR_SETUP_SECTS != HDR_END
	.error	"setup header layout does not match boot.rst"
	.endif

#include "realmode.S"

kernel_version:
	.asciz	"jhyve-test-guest " GUEST_NAME

	.if	realmode_start - jump_end > 127
	.error	"the short jump at 0x200 cannot reach realmode_start"
	.endif
