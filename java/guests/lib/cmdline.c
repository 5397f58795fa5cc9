#include "cmdline.h"
#include "bootparams.h"
#include "test.h"
#include "util.h"

const char *boot_cmdline(const uint8_t *zero_page)
{
	uint64_t ptr = read_u32(zero_page, HDR_CMD_LINE_PTR) |
		       (uint64_t)read_u32(zero_page, BP_EXT_CMD_LINE_PTR) << 32;
	return ptr ? (const char *)ptr : "";
}

bool cmdline_get(const char *cmdline, const char *key, char *value, size_t size)
{
	size_t key_len = strlen(key);
	const char *p = cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (*p && *p != ' ')
			p++;
		size_t len = (size_t)(p - word);
		if (len < key_len || strncmp(word, key, key_len) != 0)
			continue;
		if (len != key_len && word[key_len] != '=')
			continue;
		size_t n = 0;
		for (const char *v = word + key_len + 1; v < p && n + 1 < size; v++)
			value[n++] = *v;
		if (size)
			value[n] = '\0';
		return true;
	}
	return false;
}

void cmdline_note(const char *cmdline)
{
	static char printable[COMMAND_LINE_SIZE + 1];
	size_t len = strnlen(cmdline, COMMAND_LINE_SIZE);

	for (size_t i = 0; i < len; i++)
		printable[i] = cmdline[i] >= ' ' && cmdline[i] < 0x7f ? cmdline[i] : '?';
	printable[len] = '\0';
	note("cmdline: %s", printable);
}
