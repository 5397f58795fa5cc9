/*
 * Checks what a loader promises at the PVH entry (Xen docs/misc/pvh.pandoc,
 * "x86/HVM direct boot ABI"): the CPU state boot/pvh.S recorded at the 32-bit
 * entry, struct hvm_start_info at EBX (Xen public/arch-x86/hvm/start_info.h)
 * and what it points at: the command line, the modules (Linux takes the first
 * as its initrd) and the memory map.
 */
#include "bootparams.h"
#include "cmdline.h"
#include "initrd.h"
#include "memmap.h"
#include "pvh.h"
#include "test.h"
#include "util.h"
#include "x86.h"

const char guest_name[] = "pvh-state";

#define FOUR_GIB	0x100000000ul

/* The image's extent (boot/pvh.ld): everything the loader must keep clear. */
extern const char _kernel_start[], _end[];

static struct memmap_entry memmap[MEMMAP_MAX_ENTRIES];
static unsigned int memmap_count;

static void check_outside_kernel(const char *description, uint64_t addr, uint64_t size)
{
	uint64_t start = (uintptr_t)_kernel_start, end = (uintptr_t)_end;

	check(!ranges_overlap(addr, size, start, end - start), description,
	      "[0x%lx, 0x%lx) overlaps [0x%lx, 0x%lx)", addr, addr + size, start, end);
}

/* The descriptor a selector picks from the loader's GDT, or 0 if it lies outside it. */
static uint64_t entry_gdt_descriptor(uint32_t selector)
{
	uint32_t offset = selector & ~7u;

	if (selector & SELECTOR_TI || offset + 7 > pvh_entry_state.gdtr_limit)
		return 0;
	return read_u64((const void *)(uintptr_t)pvh_entry_state.gdtr_base, offset);
}

static bool is_flat_data(uint64_t d)
{
	uint64_t bits = DESC_P | DESC_S | DESC_TYPE_WRITABLE;
	return (d & (bits | DESC_TYPE_CODE)) == bits && descriptor_is_flat(d);
}

static void check_cpu_state(void)
{
	const struct pvh_entry_state *s = &pvh_entry_state;

	note("entry: EBX=0x%08x CR0=0x%08x CR4=0x%08x EFER=0x%lx EFLAGS=0x%08x", s->ebx, s->cr0,
	     s->cr4, s->efer, s->eflags);
	note("entry: CS=0x%x DS=0x%x ES=0x%x SS=0x%x TR=0x%x GDTR=0x%08x/0x%x", s->cs, s->ds, s->es,
	     s->ss, s->tr, s->gdtr_base, s->gdtr_limit);
	check((s->cr0 & (CR0_PE | CR0_PG)) == CR0_PE, "CR0.PE set and CR0.PG clear", "CR0=0x%08x", s->cr0);
	check(s->cr4 == 0, "CR4 clear", "CR4=0x%08x", s->cr4);
	check(!(s->eflags & (RFLAGS_IF | RFLAGS_TF | RFLAGS_VM)), "EFLAGS.IF, TF and VM clear",
	      "EFLAGS=0x%08x", s->eflags);

	uint64_t code = entry_gdt_descriptor(s->cs);
	uint64_t code_bits = DESC_P | DESC_S | DESC_TYPE_CODE | DESC_TYPE_READABLE | DESC_DB;
	check((code & (code_bits | DESC_L)) == code_bits && descriptor_is_flat(code),
	      "CS is a flat 32-bit read/execute code segment",
	      "CS=0x%x, GDT base 0x%08x limit 0x%x, descriptor 0x%016lx", s->cs, s->gdtr_base,
	      s->gdtr_limit, code);
	uint64_t ds = entry_gdt_descriptor(s->ds), es = entry_gdt_descriptor(s->es),
		 ss = entry_gdt_descriptor(s->ss);
	check(is_flat_data(ds) && is_flat_data(es) && is_flat_data(ss),
	      "DS, ES and SS are flat read/write data segments",
	      "DS=0x%x 0x%016lx, ES=0x%x 0x%016lx, SS=0x%x 0x%016lx", s->ds, ds, s->es, es, s->ss, ss);
}

static void check_memmap(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *table =
		(const struct hvm_memmap_table_entry *)(uintptr_t)si->memmap_paddr;
	uint64_t kernel_start = (uintptr_t)_kernel_start, kernel_end = (uintptr_t)_end;

	if (!check(si->memmap_entries > 0 && si->memmap_entries <= MEMMAP_MAX_ENTRIES &&
		   si->memmap_paddr != 0 && si->memmap_paddr < FOUR_GIB,
		   "memmap has 1 to 128 entries below 4 GiB", "memmap_paddr=0x%lx memmap_entries=%u",
		   si->memmap_paddr, si->memmap_entries))
		return;
	memmap_count = si->memmap_entries;
	for (unsigned int i = 0; i < memmap_count; i++)
		memmap[i] = (struct memmap_entry){ table[i].addr, table[i].size, table[i].type };
	memmap_note("memmap", memmap, memmap_count);
	check_outside_kernel("memmap outside the kernel", si->memmap_paddr,
			     memmap_count * sizeof(*table));

	unsigned int bad = memmap_first_overlap(memmap, memmap_count);
	check(!bad, "memmap entries sorted and non-overlapping",
	      "entry %u [0x%lx, 0x%lx) ends after entry %u starts at 0x%lx", bad - 1,
	      memmap[bad ? bad - 1 : 0].addr,
	      memmap[bad ? bad - 1 : 0].addr + memmap[bad ? bad - 1 : 0].size, bad, memmap[bad].addr);
	check(memmap_ram_covers(memmap, memmap_count, kernel_start, kernel_end - kernel_start),
	      "a memmap RAM entry covers the kernel", "no RAM entry covers [0x%lx, 0x%lx)",
	      kernel_start, kernel_end);
}

static const char *start_info_cmdline(const struct hvm_start_info *si)
{
	if (si->cmdline_paddr == 0)
		return "";
	if (!check(si->cmdline_paddr < FOUR_GIB, "command line below 4 GiB", "cmdline_paddr=0x%lx",
		   si->cmdline_paddr))
		return "";
	const char *cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
	check_outside_kernel("command line outside the kernel", si->cmdline_paddr,
			     strnlen(cmdline, COMMAND_LINE_SIZE) + 1);
	return cmdline;
}

static void check_initrd(const struct hvm_start_info *si, const char *cmdline)
{
	uint64_t addr = 0, size = 0;

	note("modules: %u", si->nr_modules);
	if (si->nr_modules > 0 &&
	    check(si->modlist_paddr != 0 && si->modlist_paddr < FOUR_GIB, "module list below 4 GiB",
		  "modlist_paddr=0x%lx", si->modlist_paddr)) {
		const struct hvm_modlist_entry *initrd =
			(const struct hvm_modlist_entry *)(uintptr_t)si->modlist_paddr;
		check_outside_kernel("module list outside the kernel", si->modlist_paddr,
				     si->nr_modules * sizeof(*initrd));
		addr = initrd->paddr;
		size = initrd->size;
		check(memmap_ram_covers(memmap, memmap_count, addr, size), "initrd lies in memmap RAM",
		      "[0x%lx, 0x%lx) is not inside a RAM entry", addr, addr + size);
		check_outside_kernel("initrd outside the kernel", addr, size);
	}
	/* Only memory the identity map covers can be read. */
	initrd_note(addr, size, memmap_ram_covers(memmap, memmap_count, addr, size) &&
				addr + size <= FOUR_GIB);
	initrd_check_expected_size(cmdline, size);
}

void guest_main(const uint8_t *boot_info)
{
	const struct hvm_start_info *si = (const struct hvm_start_info *)boot_info;

	check_cpu_state();
	if (!check(pvh_entry_state.ebx != 0, "EBX holds the start_info address", "EBX=0"))
		return;
	if (!check(si->magic == XEN_HVM_START_MAGIC_VALUE, "start_info magic is 0x336ec578",
		   "magic=0x%08x", si->magic))
		return;
	check(si->version >= 1, "start_info version is 1 or later (has the memmap)", "version=%u",
	      si->version);
	note("start_info: 0x%08x version %u flags 0x%x rsdp 0x%lx", pvh_entry_state.ebx, si->version,
	     si->flags, si->rsdp_paddr);
	check_outside_kernel("start_info outside the kernel", pvh_entry_state.ebx, sizeof(*si));
	if (si->version >= 1)
		check_memmap(si);

	const char *cmdline = start_info_cmdline(si);
	cmdline_note(cmdline);
	check_initrd(si, cmdline);
	note("mem: %lu", memmap_ram_total(memmap, memmap_count));
}
