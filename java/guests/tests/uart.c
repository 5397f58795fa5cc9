/*
 * Probes COM1 the way Linux's 8250 driver does (autoconfig() and
 * autoconfig_16550a() in drivers/tty/serial/8250/8250_port.c, and the THRE
 * re-assert test in serial8250_do_startup()), then checks THRE and RX interrupts
 * on IRQ 4. Register semantics: PC16550D datasheet.
 *
 * Command line: uart.input=none skips waiting for "ping" from the host;
 * uart.out2=ungated skips the OUT2 gating check (QEMU does not model OUT2).
 */
#include "cmdline.h"
#include "format.h"
#include "idt.h"
#include "io.h"
#include "pic.h"
#include "pit.h"
#include "test.h"
#include "uart.h"
#include "util.h"

const char guest_name[] = "uart";

#define UART_VECTOR	(PIC_VECTOR_BASE + COM1_IRQ)
#define POLL_LIMIT	10000
#define TICK_HZ		100
#define INPUT_TIMEOUT_TICKS (60 * TICK_HZ)
#define FIFO_SIZE	16
/* Sent in loopback mode; the host must never see it. */
static const char loopback_pattern[FIFO_SIZE + 1] = "LOOPBACK-16550A!";

static uint8_t uart_in(unsigned int reg)
{
	return inb((uint16_t)(COM1_BASE + reg));
}

static void uart_out(unsigned int reg, uint8_t value)
{
	outb((uint16_t)(COM1_BASE + reg), value);
}

static void probe_ier(void)
{
	uint8_t saved = uart_in(UART_IER);
	uart_out(UART_IER, 0);
	uint8_t cleared = uart_in(UART_IER) & 0x0f;
	uart_out(UART_IER, 0x0f);
	uint8_t set = uart_in(UART_IER) & 0x0f;
	uart_out(UART_IER, saved);
	check(cleared == 0 && set == 0x0f, "IER reads back 0x00 and 0x0F",
	      "read 0x%02x and 0x%02x", cleared, set);
}

/* Loopback wires DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD. */
static void probe_loopback_modem_lines(void)
{
	uint8_t saved = uart_in(UART_MCR);
	uart_out(UART_MCR, UART_MCR_LOOP | UART_MCR_RTS | UART_MCR_OUT2);
	uint8_t linux_probe = uart_in(UART_MSR) & 0xf0;
	int bad = -1;
	uint8_t got = 0, want = 0;
	for (uint8_t lines = 0; lines < 16 && bad < 0; lines++) {
		uart_out(UART_MCR, UART_MCR_LOOP | lines);
		got = uart_in(UART_MSR) & 0xf0;
		want = (lines & UART_MCR_DTR ? UART_MSR_DSR : 0) | (lines & UART_MCR_RTS ? UART_MSR_CTS : 0) |
		       (lines & UART_MCR_OUT1 ? UART_MSR_RI : 0) | (lines & UART_MCR_OUT2 ? UART_MSR_DCD : 0);
		if (got != want)
			bad = lines;
	}
	uart_out(UART_MCR, saved);
	check(linux_probe == 0x90, "loopback with RTS and OUT2 reads MSR 0x9X",
	      "MSR & 0xF0 = 0x%02x", linux_probe);
	check(bad < 0, "loopback maps DTR, RTS, OUT1, OUT2 to DSR, CTS, RI, DCD",
	      "MCR lines 0x%x gave MSR 0x%02x, want 0x%02x", bad, got, want);
}

static void probe_scratch(void)
{
	uart_out(UART_SCR, 0xa5);
	uint8_t first = uart_in(UART_SCR);
	uart_out(UART_SCR, 0x5a);
	uint8_t second = uart_in(UART_SCR);
	check(first == 0xa5 && second == 0x5a, "scratch register holds 0xA5 and 0x5A",
	      "read 0x%02x and 0x%02x", first, second);
}

static void probe_divisor_latch(void)
{
	uart_out(UART_IER, 0);
	uart_out(UART_LCR, UART_LCR_DLAB | UART_LCR_WLEN8);
	uart_out(UART_DLL, 0x34);
	uart_out(UART_DLM, 0x12);
	uint16_t divisor = (uint16_t)(uart_in(UART_DLM) << 8 | uart_in(UART_DLL));
	uart_out(UART_LCR, UART_LCR_WLEN8);
	uint8_t ier = uart_in(UART_IER);
	uart_out(UART_LCR, UART_LCR_DLAB | UART_LCR_WLEN8);
	uart_out(UART_DLL, 1);		/* back to 115200 baud */
	uart_out(UART_DLM, 0);
	uart_out(UART_LCR, UART_LCR_WLEN8);
	uint8_t lcr = uart_in(UART_LCR);
	check(divisor == 0x1234, "divisor latch reads back 0x1234 with DLAB set",
	      "read 0x%04x", divisor);
	check(ier == 0, "IER unaffected by divisor latch writes", "IER=0x%02x", ier);
	check(lcr == UART_LCR_WLEN8, "LCR reads back 0x03", "LCR=0x%02x", lcr);
}

/* autoconfig(): FIFO type from IIR bits 7:6; autoconfig_16550a(): no EFR, no 16750. */
static void probe_fifo_type(void)
{
	uart_out(UART_LCR, UART_LCR_CONF_MODE_B);
	uart_out(UART_FCR, 0);			/* the EFR on a 16650; FCR here */
	uart_out(UART_LCR, 0);
	uart_out(UART_FCR, UART_FCR_ENABLE);
	uint8_t iir = uart_in(UART_IIR);
	check((iir & UART_IIR_FIFO) == UART_IIR_FIFO, "FCR enables the FIFOs: IIR bits 7:6 set (16550A)",
	      "IIR=0x%02x", iir);

	uart_out(UART_LCR, UART_LCR_DLAB);
	uint8_t efr_dlab = uart_in(UART_IIR);
	uart_out(UART_LCR, UART_LCR_CONF_MODE_B);
	uint8_t efr_bf = uart_in(UART_IIR);
	uart_out(UART_LCR, 0);
	check(efr_dlab != 0 && efr_bf != 0, "offset 2 reads IIR, not an EFR, with LCR 0x80 and 0xBF",
	      "read 0x%02x and 0x%02x", efr_dlab, efr_bf);

	uart_out(UART_FCR, UART_FCR_ENABLE | UART_FCR_64BYTE);
	uint8_t plain = uart_in(UART_IIR) >> 5;
	uart_out(UART_FCR, UART_FCR_ENABLE);
	uart_out(UART_LCR, UART_LCR_DLAB);
	uart_out(UART_FCR, UART_FCR_ENABLE | UART_FCR_64BYTE);
	uint8_t dlab = uart_in(UART_IIR) >> 5;
	uart_out(UART_FCR, UART_FCR_ENABLE);
	uart_out(UART_LCR, UART_LCR_WLEN8);
	check(plain == 6 && dlab == 6, "IIR bit 5 stays clear with FCR bit 5 set (not a 16750)",
	      "IIR >> 5 = %u and %u", plain, dlab);

	uint8_t ier = uart_in(UART_IER);
	uart_out(UART_IER, ier | UART_IER_UUE);
	uint8_t uue = uart_in(UART_IER) & UART_IER_UUE;
	uart_out(UART_IER, ier);
	check(uue == 0, "IER bit 6 reads 0 (not an XScale UART)", "IER=0x%02x", ier | uue);
}

static bool wait_lsr(uint8_t bits, uint8_t *lsr)
{
	for (int i = 0; i < POLL_LIMIT; i++)
		if (((*lsr = uart_in(UART_LSR)) & bits) == bits)
			return true;
	return false;
}

static void probe_loopback_data(void)
{
	uint8_t saved = uart_in(UART_MCR), lsr = 0, got = 0;
	int bad = -1;
	bool arrived = true;

	uart_out(UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
	uart_out(UART_MCR, UART_MCR_LOOP);
	for (int i = 0; i < FIFO_SIZE; i++) {
		wait_lsr(UART_LSR_THRE, &lsr);
		uart_out(UART_THR, (uint8_t)loopback_pattern[i]);
	}
	for (int i = 0; i < FIFO_SIZE && bad < 0; i++) {
		arrived = wait_lsr(UART_LSR_DR, &lsr);
		got = uart_in(UART_RBR);
		if (!arrived || got != (uint8_t)loopback_pattern[i])
			bad = i;
	}
	uint8_t lsr_after = uart_in(UART_LSR);
	uart_out(UART_MCR, saved);
	if (!arrived)
		check(false, "loopback: 16 bytes written to THR come back through RBR",
		      "byte %d never arrived (LSR=0x%02x)", bad, lsr);
	else
		check(bad < 0, "loopback: 16 bytes written to THR come back through RBR",
		      "byte %d: got 0x%02x, want 0x%02x", bad, got, (uint8_t)loopback_pattern[bad < 0 ? 0 : bad]);
	check(!(lsr_after & UART_LSR_DR), "LSR.DR clears once the RX FIFO is empty", "LSR=0x%02x", lsr_after);
}

/* serial8250_do_startup(): a UART that does not re-assert THRE gets UART_BUG_THRE. */
static void probe_thre_reassert(void)
{
	uart_out(UART_IER, UART_IER_ETBEI);
	uint8_t first = uart_in(UART_IIR);
	uint8_t after_read = uart_in(UART_IIR);
	uart_out(UART_IER, 0);
	uart_out(UART_IER, UART_IER_ETBEI);
	uint8_t again = uart_in(UART_IIR);
	uart_out(UART_IER, 0);
	check(first == (UART_IIR_FIFO | UART_IIR_THRE), "ETBEI with THR empty raises THRE (IIR 0xC2)",
	      "IIR=0x%02x", first);
	check(after_read == (UART_IIR_FIFO | UART_IIR_NO_INT), "reading IIR clears the THRE interrupt",
	      "IIR=0x%02x", after_read);
	check(again == (UART_IIR_FIFO | UART_IIR_THRE), "THRE re-asserts when ETBEI is enabled again",
	      "IIR=0x%02x", again);
}

static volatile unsigned int thre_irqs, rx_irqs, spurious_irqs, other_irqs;
static volatile uint8_t first_thre_iir, other_iir;
static volatile char rx[64];
static volatile unsigned int rx_len;

static void uart_interrupt(struct interrupt_frame *frame)
{
	(void)frame;
	uint8_t iir = uart_in(UART_IIR);	/* reading IIR acknowledges THRE */

	switch (iir & (UART_IIR_ID | UART_IIR_NO_INT)) {
	case UART_IIR_THRE:
		if (thre_irqs++ == 0)
			first_thre_iir = iir;
		uart_out(UART_IER, uart_in(UART_IER) & ~UART_IER_ETBEI);
		break;
	case UART_IIR_RDA:
	case UART_IIR_CTI:
		rx_irqs++;
		while (uart_in(UART_LSR) & UART_LSR_DR) {
			uint8_t c = uart_in(UART_RBR);
			if (rx_len < sizeof(rx) - 1)
				rx[rx_len++] = (char)c;
		}
		break;
	case UART_IIR_NO_INT:
		/*
		 * The edge the PIC latched may belong to a cause an earlier
		 * handler run already served (e.g. more RX data that it drained).
		 */
		spurious_irqs++;
		break;
	default:
		/* Line status or modem status: not enabled, so not expected. */
		uart_in(UART_LSR);
		uart_in(UART_MSR);
		other_iir = iir;
		other_irqs++;
	}
	pic_eoi(COM1_IRQ);
}

static bool thre_seen(void)
{
	return thre_irqs > 0;
}

static bool line_received(void)
{
	for (unsigned int i = 0; i < rx_len; i++)
		if (rx[i] == '\n' || rx[i] == '\r')
			return true;
	return rx_len >= sizeof(rx) - 1;
}

static void check_thre_interrupt(bool out2_gates)
{
	uart_out(UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
	uart_out(UART_IER, UART_IER_ETBEI);
	bool gated = !wait_for(thre_seen, 5);	/* 50 ms with OUT2 clear: nothing */
	uart_out(UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	bool seen = wait_for(thre_seen, 2 * TICK_HZ);
	uart_out(UART_IER, 0);
	if (out2_gates)
		check(gated, "no interrupt on IRQ 4 while MCR.OUT2 is clear", "THRE interrupt arrived");
	else
		note("uart: OUT2 gating not checked (uart.out2=ungated)");
	check(seen, "THRE interrupt arrives on IRQ 4 once MCR.OUT2 is set", "none within 2 s");
	if (seen)
		check(first_thre_iir == (UART_IIR_FIFO | UART_IIR_THRE), "IIR in the THRE interrupt is 0xC2",
		      "IIR=0x%02x", first_thre_iir);
}

static void check_rx_interrupts(void)
{
	uart_out(UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RCVR);	/* trigger level 1 */
	uart_out(UART_IER, UART_IER_ERBFI);
	note("uart: ready for input");
	bool got_line = wait_for(line_received, INPUT_TIMEOUT_TICKS);
	uart_out(UART_IER, 0);

	char line[sizeof(rx)];
	unsigned int n = 0;
	while (n < rx_len && rx[n] != '\n' && rx[n] != '\r')
		line[n] = rx[n], n++;
	line[n] = '\0';
	note("uart: %u rx interrupts, %u bytes", rx_irqs, rx_len);
	if (got_line && strcmp(line, "ping") == 0)
		note("uart: received ping");
	check(got_line, "a line arrives within 60 s", "got %u bytes", rx_len);
	check(strcmp(line, "ping") == 0, "the line is \"ping\"", "got \"%s\"", line);
	check(rx_irqs > 0, "input arrived through RX interrupts", "no RX interrupt");
}

void guest_main(const uint8_t *zero_page)
{
	const char *cmdline = boot_cmdline(zero_page);
	char option[16];
	bool skip_input = cmdline_get(cmdline, "uart.input", option, sizeof(option)) &&
			  strcmp(option, "none") == 0;

	probe_ier();
	probe_loopback_modem_lines();
	probe_scratch();
	probe_divisor_latch();
	probe_fifo_type();
	probe_loopback_data();
	probe_thre_reassert();

	pic_init();
	idt_set_handler(UART_VECTOR, uart_interrupt);
	pit_start_periodic(TICK_HZ);
	pic_unmask(COM1_IRQ);
	sti();
	check_thre_interrupt(!(cmdline_get(cmdline, "uart.out2", option, sizeof(option)) &&
			       strcmp(option, "ungated") == 0));
	if (skip_input)
		note("uart: input skipped (uart.input=none)");
	else
		check_rx_interrupts();
	note("uart: %u interrupts with no cause pending", spurious_irqs);
	check(other_irqs == 0, "no interrupt for a cause that is not enabled",
	      "%u, last IIR=0x%02x", other_irqs, other_iir);

	cli();
	pit_stop();
	uart_out(UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
}
