/* The kernel command line, as space-separated key=value words. */
#ifndef GUEST_CMDLINE_H
#define GUEST_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* cmd_line_ptr (+ ext_cmd_line_ptr << 32), or "" when the loader gave none. */
const char *boot_cmdline(const uint8_t *zero_page);
/*
 * Copies the value of the first word "key=value" into value (truncated to
 * size - 1 characters; "" for a bare "key") and returns true, or returns false
 * if no word has that key. No quoting: values end at the next space.
 */
bool cmdline_get(const char *cmdline, const char *key, char *value, size_t size);
/*
 * Prints "# cmdline: <text>": at most COMMAND_LINE_SIZE characters, each
 * non-printable one as '?', so that the report stays one line of text.
 */
void cmdline_note(const char *cmdline);

#endif
