/*
 * Checks what the loader promises at the 64-bit entry (Documentation/arch/x86/
 * boot.rst, "64-bit BOOT PROTOCOL"): CPU mode and segments, the identity map,
 * the zero page's setup header, E820 map, command line and initrd.
 */
#include "bootparams.h"
#include "cmdline.h"
#include "entry_state.h"
#include "format.h"
#include "initrd.h"
#include "memmap.h"
#include "test.h"
#include "util.h"
#include "x86.h"

const char guest_name[] = "boot-state";

#define BOOT_CS		0x10	/* __BOOT_CS in boot.rst's 64-bit protocol */
#define BOOT_DS		0x18	/* __BOOT_DS */

#define PTE_P		(1ul << 0)
#define PTE_PS		(1ul << 7)
#define PTE_ADDR	0x000ffffffffff000ul
#define FOUR_GIB	0x100000000ul
#define TWO_MIB		0x200000ul

/* Linker-computed header values (boot/guest.ld); absolute symbols. */
extern const char setup_sects[], syssize[], init_size[];

static struct memmap_entry e820[E820_MAX_ENTRIES_ZEROPAGE];
static unsigned int e820_count;
static uint64_t kernel_end;

static bool in_e820_ram(uint64_t addr, uint64_t size)
{
	return memmap_ram_covers(e820, e820_count, addr, size);
}

static void check_outside_kernel(const char *description, uint64_t addr, uint64_t size)
{
	check(!ranges_overlap(addr, size, KERNEL_LOAD_ADDRESS, kernel_end - KERNEL_LOAD_ADDRESS),
	      description, "[0x%lx, 0x%lx) overlaps [0x%x, 0x%lx)",
	      addr, addr + size, KERNEL_LOAD_ADDRESS, kernel_end);
}

static uint64_t gdt_descriptor(uint64_t selector)
{
	const struct descriptor_table_register *gdtr = &entry_state.gdtr;
	uint64_t offset = selector & ~7ul;

	if (offset + 7 > gdtr->limit)
		return 0;
	return read_u64((const void *)gdtr->base, offset);
}

static void check_cpu_state(void)
{
	const struct entry_state *s = &entry_state;
	uint64_t efer_long = EFER_LME | EFER_LMA;

	check((s->efer & efer_long) == efer_long, "EFER.LME and EFER.LMA set", "EFER=0x%lx", s->efer);
	check((s->cr0 & (CR0_PE | CR0_PG)) == (CR0_PE | CR0_PG), "CR0.PE and CR0.PG set",
	      "CR0=0x%lx", s->cr0);
	check(s->cr4 & CR4_PAE, "CR4.PAE set", "CR4=0x%lx", s->cr4);
	check(!(s->rflags & RFLAGS_IF), "RFLAGS.IF clear", "RFLAGS=0x%lx", s->rflags);
	check(s->cs == BOOT_CS, "CS is 0x10", "CS=0x%lx", s->cs);

	uint64_t code = gdt_descriptor(s->cs);
	uint64_t code_bits = DESC_P | DESC_S | DESC_TYPE_CODE | DESC_L;
	check((code & (code_bits | DESC_DB)) == code_bits, "CS descriptor is present 64-bit code (L=1, D=0)",
	      "GDT base 0x%lx limit 0x%x, descriptor 0x%016lx", s->gdtr.base, s->gdtr.limit, code);
	check(s->ds == BOOT_DS && s->es == BOOT_DS && s->ss == BOOT_DS, "DS, ES and SS are 0x18",
	      "DS=0x%lx ES=0x%lx SS=0x%lx", s->ds, s->es, s->ss);
	uint64_t data = gdt_descriptor(BOOT_DS);
	uint64_t data_bits = DESC_P | DESC_S | DESC_TYPE_WRITABLE;
	check((data & (data_bits | DESC_TYPE_CODE)) == data_bits,
	      "descriptor 0x18 is a present writable data segment", "descriptor 0x%016lx", data);
}

/* Walks the 4-level page tables like the MMU does (SDM Vol. 3A 4.5). */
static bool translate(uint64_t cr3, uint64_t va, uint64_t *pa)
{
	uint64_t table = cr3 & PTE_ADDR;

	for (int shift = 39; shift >= 12; shift -= 9) {
		uint64_t entry = read_u64((const void *)table, ((va >> shift) & 511) * 8);
		if (!(entry & PTE_P))
			return false;
		uint64_t page_mask = (1ul << shift) - 1;
		if (shift == 12 || ((shift == 30 || shift == 21) && (entry & PTE_PS))) {
			*pa = (entry & PTE_ADDR & ~page_mask) | (va & page_mask);
			return true;
		}
		table = entry & PTE_ADDR;
	}
	return false;
}

static void check_identity_map(void)
{
	uint64_t va, pa = 0;
	bool mapped = true;

	for (va = 0; va < FOUR_GIB; va += TWO_MIB) {
		mapped = translate(entry_state.cr3, va, &pa);
		if (!mapped || pa != va)
			break;
	}
	if (mapped)
		check(va == FOUR_GIB, "page tables map 0-4 GiB one to one", "0x%lx maps to 0x%lx", va, pa);
	else
		check(false, "page tables map 0-4 GiB one to one", "0x%lx is not mapped", va);
	check_outside_kernel("page tables (PML4) outside the kernel", entry_state.cr3 & PTE_ADDR, 4096);
}

static void check_setup_header(const uint8_t *zp)
{
	uint64_t runs_at;
	__asm__("lea startup_32(%%rip), %0" : "=r"(runs_at));

	check(read_u16(zp, HDR_BOOT_FLAG) == BOOT_FLAG_MAGIC, "zero page header has boot_flag 0xAA55",
	      "boot_flag=0x%x", read_u16(zp, HDR_BOOT_FLAG));
	check(read_u32(zp, HDR_HEADER) == HDRS_MAGIC, "zero page header has \"HdrS\"",
	      "header=0x%08x", read_u32(zp, HDR_HEADER));
	check(read_u16(zp, HDR_VERSION) == BOOT_PROTOCOL_VERSION,
	      "zero page header version matches the image", "version=0x%04x, image has 0x%04x",
	      read_u16(zp, HDR_VERSION), BOOT_PROTOCOL_VERSION);
	check(read_u8(zp, HDR_SETUP_SECTS) == (uintptr_t)setup_sects &&
	      read_u32(zp, HDR_SYSSIZE) == (uintptr_t)syssize &&
	      read_u32(zp, HDR_INIT_SIZE) == (uintptr_t)init_size,
	      "zero page header setup_sects, syssize and init_size match the image",
	      "%u, %u, 0x%x; image has %lu, %lu, 0x%lx", read_u8(zp, HDR_SETUP_SECTS),
	      read_u32(zp, HDR_SYSSIZE), read_u32(zp, HDR_INIT_SIZE), (uintptr_t)setup_sects,
	      (uintptr_t)syssize, (uintptr_t)init_size);
	note("type_of_loader: 0x%02x", read_u8(zp, HDR_TYPE_OF_LOADER));
	check(read_u8(zp, HDR_TYPE_OF_LOADER) != 0, "type_of_loader set", "type_of_loader=0");
	check(read_u8(zp, HDR_LOADFLAGS) & LOADED_HIGH, "loadflags has LOADED_HIGH",
	      "loadflags=0x%02x", read_u8(zp, HDR_LOADFLAGS));
	check(runs_at == KERNEL_LOAD_ADDRESS, "payload runs at 0x100000", "startup_32 is at 0x%lx",
	      runs_at);
	check(read_u32(zp, HDR_CODE32_START) == runs_at, "code32_start is the load address",
	      "code32_start=0x%x, loaded at 0x%lx", read_u32(zp, HDR_CODE32_START), runs_at);
}

static void check_e820(void)
{
	memmap_note("e820", e820, e820_count);
	check(e820_count > 0 && e820_count <= E820_MAX_ENTRIES_ZEROPAGE, "E820 table has 1 to 128 entries",
	      "e820_entries=%u", e820_count);

	unsigned int bad = memmap_first_overlap(e820, e820_count);
	check(!bad, "E820 entries sorted and non-overlapping",
	      "entry %u [0x%lx, 0x%lx) ends after entry %u starts at 0x%lx", bad - 1,
	      e820[bad ? bad - 1 : 0].addr, e820[bad ? bad - 1 : 0].addr + e820[bad ? bad - 1 : 0].size,
	      bad, e820[bad].addr);
	check(in_e820_ram(KERNEL_LOAD_ADDRESS, kernel_end - KERNEL_LOAD_ADDRESS),
	      "an E820 RAM entry covers the kernel", "no RAM entry covers [0x%x, 0x%lx)",
	      KERNEL_LOAD_ADDRESS, kernel_end);
}

static void check_cmdline(const uint8_t *zp, const char *cmdline)
{
	uint32_t max = read_u32(zp, HDR_CMDLINE_SIZE);
	size_t len = strnlen(cmdline, COMMAND_LINE_SIZE + 1);

	if (*cmdline) {
		check(len <= max, "command line is NUL-terminated within cmdline_size",
		      "no NUL in the first %u bytes", max);
		check_outside_kernel("command line outside the kernel", (uint64_t)cmdline, len + 1);
	}
	cmdline_note(cmdline);
}

static void check_initrd(const uint8_t *zp, const char *cmdline)
{
	uint64_t addr = read_u32(zp, HDR_RAMDISK_IMAGE) |
			(uint64_t)read_u32(zp, BP_EXT_RAMDISK_IMAGE) << 32;
	uint64_t size = read_u32(zp, HDR_RAMDISK_SIZE) |
			(uint64_t)read_u32(zp, BP_EXT_RAMDISK_SIZE) << 32;
	if (size != 0) {
		bool in_ram = in_e820_ram(addr, size);
		check(in_ram, "initrd lies in E820 RAM", "[0x%lx, 0x%lx) is not inside a RAM entry",
		      addr, addr + size);
		check_outside_kernel("initrd outside the kernel", addr, size);
		check(addr + size - 1 <= read_u32(zp, HDR_INITRD_ADDR_MAX), "initrd ends below initrd_addr_max",
		      "ends at 0x%lx", addr + size - 1);
	}
	/* Only memory the identity map covers can be read. */
	initrd_note(addr, size, in_e820_ram(addr, size) && addr + size <= FOUR_GIB);
	initrd_check_expected_size(cmdline, size);
}

void guest_main(const uint8_t *zero_page)
{
	uint64_t zp_addr = entry_state.rsi;

	check_cpu_state();
	if (!check(zp_addr != 0 && (zp_addr & 0xfff) == 0, "RSI holds a page-aligned zero page address",
		   "RSI=0x%lx", zp_addr))
		return;
	check_identity_map();

	kernel_end = KERNEL_LOAD_ADDRESS + read_u32(zero_page, HDR_INIT_SIZE);
	if (kernel_end < KERNEL_LOAD_ADDRESS + (uintptr_t)init_size)
		kernel_end = KERNEL_LOAD_ADDRESS + (uintptr_t)init_size;
	e820_count = read_u8(zero_page, BP_E820_ENTRIES);
	if (e820_count > E820_MAX_ENTRIES_ZEROPAGE)
		e820_count = E820_MAX_ENTRIES_ZEROPAGE;
	for (unsigned int i = 0; i < e820_count; i++) {
		const uint8_t *entry = zero_page + BP_E820_TABLE + i * E820_ENTRY_SIZE;
		e820[i] = (struct memmap_entry){ read_u64(entry, 0), read_u64(entry, 8), read_u32(entry, 16) };
	}

	check_setup_header(zero_page);
	check_outside_kernel("zero page outside the kernel", zp_addr, 4096);
	check_outside_kernel("GDT outside the kernel", entry_state.gdtr.base, entry_state.gdtr.limit + 1ul);
	check_e820();

	const char *cmdline = boot_cmdline(zero_page);
	check_cmdline(zero_page, cmdline);
	check_initrd(zero_page, cmdline);

	note("mem: %lu", memmap_ram_total(e820, e820_count));
}
