/*
 * The reporting convention the Java tests parse (README.md): one line per check,
 * "ok <n> - <description>" or "not ok <n> - <description>: <detail>";
 * informational lines start with "# "; the last line is
 * "jhyve-test: PASS <name>" or "jhyve-test: FAIL <name> (<k> of <n> checks failed)",
 * followed by the exit status 0 or 1 on the debug-exit port.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include <stdbool.h>
#include <stdint.h>

#define DEBUG_EXIT_PORT	0xf4
#define I8042_COMMAND	0x64
#define I8042_CMD_RESET	0xfe	/* pulse the CPU reset line */

/*
 * Each guest defines these two. guest_main gets the boot information its
 * entry received: the zero page (bzImage guests, RSI at startup_64) or
 * struct hvm_start_info (pvh-* guests, EBX at pvh_start).
 */
extern const char guest_name[];
void guest_main(const uint8_t *zero_page);

/* Records a check; detail_fmt (printf-style) is printed only if it failed. */
bool check(bool ok, const char *description, const char *detail_fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints an informational "# ..." line. */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Prints the summary line and returns whether every check passed; for guests
 * that end the run some other way (ACPI soft-off) when they pass.
 */
bool test_summary(void);

/* Prints the summary line and exits with 0 (all checks passed) or 1. */
__attribute__((noreturn)) void test_finish(void);
/* Records a failed check and finishes at once. */
__attribute__((noreturn, format(printf, 2, 3)))
void test_abort(const char *description, const char *detail_fmt, ...);
/* Ends the VM with the given status; falls back to an i8042 reset, then halts. */
__attribute__((noreturn)) void debug_exit(uint8_t status);

#endif
