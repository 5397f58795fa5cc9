/* Console output on COM1 by polling LSR.THRE; no interrupts involved. */
#ifndef GUEST_SERIAL_H
#define GUEST_SERIAL_H

#include <stdbool.h>

void serial_init(void);
void serial_putc(char c);
void serial_puts(const char *s);
/* Whether the last character written ended a line. */
bool serial_at_line_start(void);

#endif
