#include "initrd.h"
#include "cmdline.h"
#include "test.h"
#include "util.h"

/* FNV-1a, 32-bit (offset basis 0x811c9dc5, prime 0x01000193). */
static uint32_t fnv1a32(const uint8_t *p, uint64_t n)
{
	uint32_t hash = 0x811c9dc5;
	while (n--) {
		hash ^= *p++;
		hash *= 0x01000193;
	}
	return hash;
}

void initrd_note(uint64_t addr, uint64_t size, bool readable)
{
	if (size == 0)
		note("initrd: none");
	else if (readable)
		note("initrd: addr=0x%lx size=%lu fnv1a=0x%08x", addr, size,
		     fnv1a32((const uint8_t *)addr, size));
	else
		note("initrd: addr=0x%lx size=%lu fnv1a=unreadable", addr, size);
}

void initrd_check_expected_size(const char *cmdline, uint64_t size)
{
	char expected[24];
	uint64_t expected_size;

	if (cmdline_get(cmdline, "expect.initrd_size", expected, sizeof(expected)) &&
	    check(parse_u64(expected, &expected_size), "expect.initrd_size is a decimal number",
		  "\"%s\"", expected))
		check(size == expected_size, "initrd size matches expect.initrd_size",
		      "size=%lu, expected %lu", size, expected_size);
}
