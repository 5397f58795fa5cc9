#include "format.h"
#include "serial.h"
#include <stdbool.h>
#include <stdint.h>

struct spec {
	bool left;
	char pad;
	int width;
};

static int emit_padded(const char *s, int len, const struct spec *spec)
{
	int fill = spec->width > len ? spec->width - len : 0;
	int n = 0;

	if (!spec->left)
		for (; n < fill; n++)
			serial_putc(spec->pad);
	for (int i = 0; i < len; i++)
		serial_putc(s[i]);
	if (spec->left)
		for (int i = 0; i < fill; i++, n++)
			serial_putc(' ');
	return n + len;
}

static int emit_number(uint64_t value, bool negative, unsigned base, bool upper,
		       const struct spec *spec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = sizeof(buf);

	do {
		buf[--i] = digits[value % base];
		value /= base;
	} while (value);
	if (negative) {
		if (spec->pad == '0' && spec->width > 0) {
			/* Sign before the zero padding: -0042, not 00-42. */
			struct spec rest = { spec->left, '0', spec->width - 1 };
			serial_putc('-');
			return 1 + emit_padded(buf + i, (int)sizeof(buf) - i, &rest);
		}
		buf[--i] = '-';
	}
	return emit_padded(buf + i, (int)sizeof(buf) - i, spec);
}

int vprintf(const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			serial_putc(*fmt);
			n++;
			continue;
		}
		struct spec spec = { false, ' ', 0 };
		for (;; fmt++) {
			if (fmt[1] == '-')
				spec.left = true;
			else if (fmt[1] == '0')
				spec.pad = '0';
			else
				break;
		}
		while (fmt[1] >= '0' && fmt[1] <= '9')
			spec.width = spec.width * 10 + (*++fmt - '0');
		int longs = 0;
		while (fmt[1] == 'l' || fmt[1] == 'z') {
			longs += fmt[1] == 'z' ? 2 : 1;
			fmt++;
		}
		char conv = *++fmt;
		switch (conv) {
		case 'd':
		case 'i': {
			int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			n += emit_number(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, &spec);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
			n += emit_number(v, false, conv == 'u' ? 10 : 16, conv == 'X', &spec);
			break;
		}
		case 'p':
			serial_puts("0x");
			n += 2 + emit_number((uintptr_t)va_arg(ap, void *), false, 16, false, &spec);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			n += emit_padded(&c, 1, &spec);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;
			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			n += emit_padded(s, len, &spec);
			break;
		}
		case '\0':
			return n;	/* a lone '%' at the end */
		default:
			serial_putc('%');
			serial_putc(conv);
			n += 2;
		}
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
