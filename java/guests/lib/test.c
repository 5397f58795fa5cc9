#include "test.h"
#include "format.h"
#include "io.h"
#include "serial.h"

static unsigned int checks;
static unsigned int failures;

/* A check line must start a line even if an interrupt cut into other output. */
static void start_line(void)
{
	if (!serial_at_line_start())
		serial_putc('\n');
}

static void report(bool ok, const char *description, const char *detail_fmt, va_list ap)
{
	checks++;
	start_line();
	if (ok) {
		printf("ok %u - %s\n", checks, description);
		return;
	}
	failures++;
	printf("not ok %u - %s: ", checks, description);
	vprintf(detail_fmt, ap);
	serial_putc('\n');
}

bool check(bool ok, const char *description, const char *detail_fmt, ...)
{
	va_list ap;
	va_start(ap, detail_fmt);
	report(ok, description, detail_fmt, ap);
	va_end(ap);
	return ok;
}

void note(const char *fmt, ...)
{
	va_list ap;
	start_line();
	serial_puts("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	serial_putc('\n');
}

bool test_summary(void)
{
	start_line();
	if (failures == 0)
		printf("jhyve-test: PASS %s\n", guest_name);
	else
		printf("jhyve-test: FAIL %s (%u of %u checks failed)\n", guest_name, failures, checks);
	return failures == 0;
}

void test_finish(void)
{
	cli();
	debug_exit(test_summary() ? 0 : 1);
}

void test_abort(const char *description, const char *detail_fmt, ...)
{
	va_list ap;
	cli();
	va_start(ap, detail_fmt);
	report(false, description, detail_fmt, ap);
	va_end(ap);
	test_finish();
}

void debug_exit(uint8_t status)
{
	outb(DEBUG_EXIT_PORT, status);
	/* Still running: no debug-exit device. A reset at least ends this run. */
	outb(I8042_COMMAND, I8042_CMD_RESET);
	halt_forever();
}
