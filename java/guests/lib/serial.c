#include "serial.h"
#include "io.h"
#include "uart.h"

/*
 * Bound on THRE polling per character: an absent or wedged UART must not hang
 * the guest (a missing port reads 0xff, which has THRE set anyway).
 */
#define THRE_POLL_LIMIT 100000

static bool at_line_start = true;

void serial_init(void)
{
	outb(COM1_BASE + UART_IER, 0);
	outb(COM1_BASE + UART_LCR, UART_LCR_DLAB);
	outb(COM1_BASE + UART_DLL, 1);		/* 115200 baud */
	outb(COM1_BASE + UART_DLM, 0);
	outb(COM1_BASE + UART_LCR, UART_LCR_WLEN8);
	outb(COM1_BASE + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
	outb(COM1_BASE + UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
}

void serial_putc(char c)
{
	for (int i = 0; i < THRE_POLL_LIMIT; i++)
		if (inb(COM1_BASE + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1_BASE + UART_THR, (uint8_t)c);
	at_line_start = c == '\n';
}

void serial_puts(const char *s)
{
	while (*s)
		serial_putc(*s++);
}

bool serial_at_line_start(void)
{
	return at_line_start;
}
