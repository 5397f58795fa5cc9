/*
 * mmio-forms: performs every instruction form jhyve's MMIO decoder emulates
 * (mmio-forms.S) into parts of the MMIO hole nothing decodes, through linear
 * addresses of the guest's own page tables that are not the identity map, and
 * tells the host where the table of those accesses is. The guest cannot know
 * what the host answers; the judging is done by whoever watches the exits
 * (hv/hvf/MmioDifferentialKvmTest). Here: page tables, GDT, then the accesses.
 */
#include "format.h"
#include "io.h"
#include "mmio-forms.h"
#include "test.h"
#include "util.h"
#include "x86.h"

const char guest_name[] = "mmio-forms";

/* Paging-structure entry bits, SDM Vol. 3A 4.5 (tables 4-15 to 4-20). */
#define PTE_P		(1ul << 0)
#define PTE_RW		(1ul << 1)
#define PTE_PS		(1ul << 7)
#define PAGE_4K		0x1000ul
#define PAGE_2M		0x200000ul
#define PAGE_1G		0x40000000ul
#define ENTRIES		512

/* CPUID.80000001H:EDX bit 26: 1-GByte pages (SDM Vol. 2A, CPUID). */
#define CPUID_80000001_EDX_PAGE1GB	(1u << 26)

typedef uint64_t table_t[ENTRIES] __attribute__((aligned(4096)));

/* 0-4 GiB as 2 MiB identity pages, but for one 2 MiB stretch of the hole at MMIO_WIN_LOW. */
static table_t pml4, pdpt_low, pd_low[4], pt_low;
/* PML4 entry 511: the code alias and the 4 KiB window, a 2 MiB page, a 1 GiB page. */
static table_t pdpt_high, pd_high, pt_high, pd_1g_fallback;

static uint64_t gdt[MMIO_GDT_ENTRIES] __attribute__((aligned(16)));

struct __attribute__((packed)) descriptor_register {
	uint16_t limit;
	uint64_t base;
};

static unsigned int index_of(uint64_t linear, unsigned int level)
{
	return (unsigned int)(linear >> (12 + 9 * level)) & (ENTRIES - 1);
}

static uint64_t table_entry(const table_t *table)
{
	return (uint64_t)(uintptr_t)table | PTE_P | PTE_RW;
}

static bool has_1g_pages(void)
{
	uint32_t r[4];
	cpuid_count(0x80000000, 0, r);
	if (r[0] < 0x80000001)
		return false;
	cpuid_count(0x80000001, 0, r);
	return r[3] & CPUID_80000001_EDX_PAGE1GB;
}

static void build_low_map(void)
{
	pml4[0] = table_entry(&pdpt_low);
	for (unsigned int i = 0; i < 4; i++) {
		pdpt_low[i] = table_entry(&pd_low[i]);
		for (unsigned int j = 0; j < ENTRIES; j++)
			pd_low[i][j] = ((uint64_t)i * PAGE_1G + j * PAGE_2M) | PTE_P | PTE_RW | PTE_PS;
	}
	pd_low[3][index_of(MMIO_WIN_LOW, 1)] = table_entry(&pt_low);
	pt_low[index_of(MMIO_WIN_LOW, 0)] = MMIO_TARGET_LOW | PTE_P | PTE_RW;
}

/* Returns the 64-bit code's length; the code pages must end before the 4 KiB window. */
static uint64_t build_high_map(bool gb_pages)
{
	uint64_t code = (uint64_t)(uintptr_t)mmio_code64;
	uint64_t len = (uint64_t)(mmio_code64_end - mmio_code64);

	pml4[index_of(MMIO_ALIAS_BASE, 3)] = table_entry(&pdpt_high);
	pdpt_high[index_of(MMIO_ALIAS_BASE, 2)] = table_entry(&pd_high);
	pd_high[index_of(MMIO_ALIAS_BASE, 1)] = table_entry(&pt_high);
	for (uint64_t off = 0; off < len && off < MMIO_WIN_4K_OFFSET; off += PAGE_4K)
		pt_high[index_of(MMIO_ALIAS_BASE + off, 0)] = (code + off) | PTE_P | PTE_RW;
	pt_high[index_of(MMIO_WIN_4K, 0)] = MMIO_TARGET_4K | PTE_P | PTE_RW;
	pd_high[index_of(MMIO_WIN_2M, 1)] = MMIO_TARGET_2M | PTE_P | PTE_RW | PTE_PS;
	if (gb_pages) {
		pdpt_high[index_of(MMIO_WIN_1G_PAGE, 2)] = MMIO_HOLE_1G | PTE_P | PTE_RW | PTE_PS;
	} else {
		/* The same linear-to-physical mapping, one 2 MiB page of it. */
		pdpt_high[index_of(MMIO_WIN_1G_PAGE, 2)] = table_entry(&pd_1g_fallback);
		pd_1g_fallback[index_of(MMIO_WIN_1G, 1)] = (MMIO_TARGET_1G & ~(PAGE_2M - 1)) | PTE_P | PTE_RW | PTE_PS;
	}
	return len;
}

/* A code or data segment descriptor (SDM Vol. 3A 3.4.5); limit in bytes, or in pages with DESC_G. */
static uint64_t descriptor(uint32_t base, uint32_t limit, uint64_t flags)
{
	return (limit & 0xffff) | (uint64_t)(limit >> 16 & 0xf) << 48 | (uint64_t)(base & 0xffffff) << 16 |
	       (uint64_t)(base >> 24) << 56 | flags | DESC_TYPE_ACCESSED | DESC_S | DESC_P;
}

static void build_gdt(void)
{
	gdt[MMIO_CODE64_SEL / 8] = descriptor(0, 0xfffff, DESC_TYPE_CODE | DESC_TYPE_READABLE | DESC_L | DESC_G);
	gdt[MMIO_DATA_SEL / 8] = descriptor(0, 0xfffff, DESC_TYPE_WRITABLE | DESC_DB | DESC_G);
	gdt[MMIO_CODE32_SEL / 8] = descriptor(0, 0xfffff, DESC_TYPE_CODE | DESC_TYPE_READABLE | DESC_DB | DESC_G);
	gdt[MMIO_CODE16_SEL / 8] = descriptor((uint32_t)(uintptr_t)mmio_code16, 0xffff,
					      DESC_TYPE_CODE | DESC_TYPE_READABLE);
	gdt[MMIO_DATA16_SEL / 8] = descriptor(MMIO_WIN_LOW, 0xffff, DESC_TYPE_WRITABLE);
}

static void count_entries(unsigned int per_mode[3])
{
	for (uint32_t i = 0; i < mmio_forms_table.count; i++) {
		uint32_t bits = mmio_forms_table.entries[i].bits;
		per_mode[bits == 64 ? 0 : bits == 32 ? 1 : 2]++;
	}
}

void guest_main(const uint8_t *zero_page)
{
	(void)zero_page;
	bool gb_pages = has_1g_pages();
	unsigned int per_mode[3] = { 0, 0, 0 };

	build_low_map();
	uint64_t code_len = build_high_map(gb_pages);
	build_gdt();
	count_entries(per_mode);
	if (!check(code_len <= MMIO_WIN_4K_OFFSET, "the 64-bit code fits below the 4 KiB window",
		   "%lu bytes of code, window at +0x%x", code_len, MMIO_WIN_4K_OFFSET))
		return;
	note("mmio-forms: %u accesses: %u in 64-bit code at 0x%lx, %u in 32-bit, %u in 16-bit code",
	     mmio_forms_table.count, per_mode[0], MMIO_ALIAS_BASE, per_mode[1], per_mode[2]);
	note("mmio-forms: 1 GiB window through a %s page", gb_pages ? "1 GiB" : "2 MiB");

	uint64_t boot_cr3;
	struct descriptor_register boot_gdtr, gdtr = { sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt };
	__asm__ volatile("mov %%cr3, %0" : "=r"(boot_cr3));
	__asm__ volatile("sgdt %0" : "=m"(boot_gdtr));
	__asm__ volatile("mov %0, %%cr3" : : "r"((uint64_t)(uintptr_t)pml4) : "memory");
	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	check(memcmp((const void *)MMIO_ALIAS_BASE, mmio_code64, code_len) == 0,
	      "the alias at 0xffffff8000000000 reads back the 64-bit code", "it differs");

	outl(MMIO_FORMS_TABLE_PORT, (uint32_t)(uintptr_t)&mmio_forms_table);
	((void (*)(void))MMIO_ALIAS_BASE)();
	mmio_forms_compat();
	note("mmio-forms: all accesses made");

	__asm__ volatile("lgdt %0" : : "m"(boot_gdtr));
	__asm__ volatile("mov %0, %%cr3" : : "r"(boot_cr3) : "memory");
}
