/*
 * A physical memory map as both boot paths hand it over: the zero page's
 * E820 table (zero-page.rst) or PVH's hvm_memmap_table_entry array, whose
 * types are the E820 ones (ACPI spec, "System Address Map Interfaces").
 */
#ifndef GUEST_MEMMAP_H
#define GUEST_MEMMAP_H

#include <stdbool.h>
#include <stdint.h>

#define MEMMAP_MAX_ENTRIES	128
#define MEMMAP_TYPE_RAM		1

struct memmap_entry {
	uint64_t addr, size;
	uint32_t type;
};

/* Whether [a, a + a_size) and [b, b + b_size) share a byte. */
static inline bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* Whether one entry of type RAM holds all of [addr, addr + size). */
bool memmap_ram_covers(const struct memmap_entry *map, unsigned int n, uint64_t addr, uint64_t size);
/* The first i whose entry starts before entry i - 1 ends, or 0 if sorted and disjoint. */
unsigned int memmap_first_overlap(const struct memmap_entry *map, unsigned int n);
/* Bytes of type RAM. */
uint64_t memmap_ram_total(const struct memmap_entry *map, unsigned int n);
/* One "# <label>: 0x<addr> 0x<size> <type>" line per entry, 16 hex digits each. */
void memmap_note(const char *label, const struct memmap_entry *map, unsigned int n);

#endif
