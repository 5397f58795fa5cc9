/*
 * printf for the console. Conversions: %d %i %u %x %X %c %s %p %%, with flags
 * '0' and '-', a field width, and the length modifiers l, ll and z.
 */
#ifndef GUEST_FORMAT_H
#define GUEST_FORMAT_H

#include <stdarg.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
