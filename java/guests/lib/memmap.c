#include "memmap.h"
#include "test.h"

bool memmap_ram_covers(const struct memmap_entry *map, unsigned int n, uint64_t addr, uint64_t size)
{
	for (unsigned int i = 0; i < n; i++)
		if (map[i].type == MEMMAP_TYPE_RAM && addr >= map[i].addr &&
		    addr + size <= map[i].addr + map[i].size)
			return true;
	return false;
}

unsigned int memmap_first_overlap(const struct memmap_entry *map, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		if (map[i - 1].addr + map[i - 1].size > map[i].addr)
			return i;
	return 0;
}

uint64_t memmap_ram_total(const struct memmap_entry *map, unsigned int n)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < n; i++)
		if (map[i].type == MEMMAP_TYPE_RAM)
			total += map[i].size;
	return total;
}

void memmap_note(const char *label, const struct memmap_entry *map, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		note("%s: 0x%016lx 0x%016lx %u", label, map[i].addr, map[i].size, map[i].type);
}
