/*
 * Writes kernel-style log records into a printk ring buffer in its own memory
 * (lib/printk_ring.h: the Linux >= 5.10 layout), enough of them that both the
 * descriptor ring and the text ring wrap, then dies the way a kernel does after
 * a panic, so the VMM can recover the records from guest RAM:
 *   printk.records=<n>   how many records (default 100; record i reads
 *                        "jhyve printk record <i>" padded to vary the length)
 *   printk.end=hlt-cli   (default) cli; hlt after the panic record
 *   printk.end=triple    a triple fault instead
 * The last record is "Kernel panic - not syncing: VFS: Unable to mount root fs
 * on unknown-block(0,0)". Prints "# printk: <n> records, descs at 0x<addr>".
 */
#include "cmdline.h"
#include "printk_ring.h"
#include "test.h"
#include "util.h"

const char guest_name[] = "printk-ring";

static unsigned int parse_uint(const char *s, unsigned int fallback)
{
	unsigned int v = 0;

	if (*s == '\0')
		return fallback;
	for (; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (unsigned int)(*s - '0');
	return v;
}

/* "jhyve printk record <i>" and i % 23 dots, so block sizes vary and wrap at odd places. */
static void record_text(char *out, unsigned int i)
{
	static const char prefix[] = "jhyve printk record ";
	char digits[12];
	int nd = 0;
	size_t at = sizeof(prefix) - 1;

	memcpy(out, prefix, at);
	do {
		digits[nd++] = (char)('0' + i % 10);
		i /= 10;
	} while (i != 0 && nd < (int)sizeof(digits));
	while (nd > 0)
		out[at++] = digits[--nd];
	out[at] = '\0';
}

static void add_dots(char *out, unsigned int count)
{
	size_t at = strlen(out);

	for (unsigned int k = 0; k < count; k++)
		out[at++] = '.';
	out[at] = '\0';
}

void guest_main(const uint8_t *zero_page)
{
	char value[16] = "", end[16] = "";
	char text[96];
	unsigned int n;
	const char *cmdline = boot_cmdline(zero_page);

	cmdline_get(cmdline, "printk.records", value, sizeof(value));
	cmdline_get(cmdline, "printk.end", end, sizeof(end));
	n = parse_uint(value, 100);
	for (unsigned int i = 0; i < n; i++) {
		record_text(text, i);
		add_dots(text, i % 23);
		prb_append(text, 6, (uint64_t)i * 1000000);
	}
	prb_append("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", 0,
		   (uint64_t)n * 1000000);
	note("printk: %u records, descs at 0x%lx", n + 1, (unsigned long)prb_descs_address());
	if (strcmp(end, "triple") == 0) {
		struct __attribute__((packed)) { uint16_t limit; uint64_t base; } empty = { 0, 0 };
		__asm__ volatile("lidt %0; int3" : : "m"(empty));
	} else {
		__asm__ volatile("cli; hlt" ::: "memory");
	}
	check(false, "the guest dies after its panic record", "execution continued");
}
