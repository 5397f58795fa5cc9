/*
 * The zero page (struct boot_params) and the setup header, as offsets.
 * Documentation/arch/x86/zero-page.rst and boot.rst, "THE REAL-MODE KERNEL HEADER".
 * Shared by the gas header (boot/header.S) and the C guests, so only #defines.
 */
#ifndef GUEST_BOOTPARAMS_H
#define GUEST_BOOTPARAMS_H

#define BOOT_PROTOCOL_VERSION	0x020f	/* 2.15: has kernel_info_offset */
#define KERNEL_LOAD_ADDRESS	0x100000	/* code32_start and pref_address */
#define STARTUP_64_OFFSET	0x200	/* boot.rst: 64-bit entry at load address + 0x200 */
#define COMMAND_LINE_SIZE	2048

/* zero-page.rst */
#define BP_ACPI_RSDP_ADDR	0x070
#define BP_EXT_RAMDISK_IMAGE	0x0c0
#define BP_EXT_RAMDISK_SIZE	0x0c4
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_E820_ENTRIES		0x1e8
#define BP_HDR			0x1f1
#define BP_E820_TABLE		0x2d0
#define E820_MAX_ENTRIES_ZEROPAGE 128
#define E820_ENTRY_SIZE		20

/* boot.rst setup header fields, as offsets into the zero page (= into the image) */
#define HDR_SETUP_SECTS		0x1f1
#define HDR_SYSSIZE		0x1f4
#define HDR_BOOT_FLAG		0x1fe
#define HDR_JUMP		0x200
#define HDR_HEADER		0x202
#define HDR_VERSION		0x206
#define HDR_KERNEL_VERSION	0x20e
#define HDR_TYPE_OF_LOADER	0x210
#define HDR_LOADFLAGS		0x211
#define HDR_CODE32_START	0x214
#define HDR_RAMDISK_IMAGE	0x218
#define HDR_RAMDISK_SIZE	0x21c
#define HDR_CMD_LINE_PTR	0x228
#define HDR_INITRD_ADDR_MAX	0x22c
#define HDR_KERNEL_ALIGNMENT	0x230
#define HDR_RELOCATABLE_KERNEL	0x234
#define HDR_XLOADFLAGS		0x236
#define HDR_CMDLINE_SIZE	0x238
#define HDR_PREF_ADDRESS	0x258
#define HDR_INIT_SIZE		0x260
#define HDR_KERNEL_INFO_OFFSET	0x268
#define HDR_END			0x26c

#define BOOT_FLAG_MAGIC		0xaa55
#define HDRS_MAGIC		0x53726448	/* "HdrS" little-endian */
#define LOADED_HIGH		0x01	/* loadflags bit 0 */
#define XLF_KERNEL_64		0x0001	/* xloadflags bit 0 */
#define E820_TYPE_RAM		1

#endif
