#include "base/msg.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Append to buf[*pos..size): snprintf's bytes, as many as fit. */
static void
put(size_t size, size_t *pos, int n)
{
	if (n > 0)
		*pos += (size_t)n < size - *pos ? (size_t)n : size - *pos - 1;
}

/* The length of s cut to at most max bytes without splitting a UTF-8
 * character (continuation bytes are 10xxxxxx). */
static size_t
cut_len(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

/* Format one conversion spec[0..] (the text from '%' to the conversion
 * character, inclusive) with its argument from ap. */
static void
one(char *buf, size_t size, size_t *pos, const char *spec, int star_w, int star_p,
    int w, int p, va_list *ap)
{
	size_t len = strlen(spec);
	char conv = spec[len - 1], lenmod[3] = { 0 };
	const char *m = spec + len - 1;
	char *b = buf + *pos;
	size_t room = size - *pos;
	int n = 0;

	/* the length modifier: the letters before the conversion */
	while (m > spec && strchr("hlzjtL", m[-1]))
		m--;
	memcpy(lenmod, m, (size_t)(spec + len - 1 - m) < 2 ? (size_t)(spec + len - 1 - m) : 2);
#define ARGS(v) (star_w && star_p ? snprintf(b, room, spec, w, p, v) : \
	star_w ? snprintf(b, room, spec, w, v) : star_p ? snprintf(b, room, spec, p, v) : \
	snprintf(b, room, spec, v))
	switch (conv) {
	case 'd': case 'i':
		if (!strcmp(lenmod, "ll")) n = ARGS(va_arg(*ap, long long));
		else if (!strcmp(lenmod, "l")) n = ARGS(va_arg(*ap, long));
		else if (!strcmp(lenmod, "z")) n = ARGS(va_arg(*ap, size_t));
		else if (!strcmp(lenmod, "j")) n = ARGS(va_arg(*ap, intmax_t));
		else if (!strcmp(lenmod, "t")) n = ARGS(va_arg(*ap, ptrdiff_t));
		else n = ARGS(va_arg(*ap, int));
		break;
	case 'u': case 'x': case 'X': case 'o':
		if (!strcmp(lenmod, "ll")) n = ARGS(va_arg(*ap, unsigned long long));
		else if (!strcmp(lenmod, "l")) n = ARGS(va_arg(*ap, unsigned long));
		else if (!strcmp(lenmod, "z")) n = ARGS(va_arg(*ap, size_t));
		else if (!strcmp(lenmod, "j")) n = ARGS(va_arg(*ap, uintmax_t));
		else if (!strcmp(lenmod, "t")) n = ARGS(va_arg(*ap, ptrdiff_t));
		else n = ARGS(va_arg(*ap, unsigned));
		break;
	case 'c':
		n = ARGS(va_arg(*ap, int));
		break;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		if (!strcmp(lenmod, "L")) n = ARGS(va_arg(*ap, long double));
		else n = ARGS(va_arg(*ap, double));
		break;
	case 'p':
		n = ARGS(va_arg(*ap, void *));
		break;
	case 's': {
		const char *s = va_arg(*ap, const char *);
		size_t sl, k;

		if (!s)
			s = "(null)";
		/* the precision, if any, bounds the bytes read; a width
		 * (osfp's messages have none) is not kept */
		sl = p >= 0 ? strnlen(s, (size_t)p) : strlen(s);
		k = cut_len(s, sl, MSG_QUOTE_MAX);
		n = snprintf(b, room, k < sl ? "%.*s..." : "%.*s", (int)k, s);
		break;
	}
	default:        /* %n and the unknown: nothing */
		break;
	}
#undef ARGS
	put(size, pos, n);
}

/* The second pass: fmt walked conversion by conversion. */
static size_t
format_cut(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t pos = 0;
	va_list aq;

	va_copy(aq, ap);
	buf[0] = '\0';
	while (*fmt && pos + 1 < size) {
		const char *s = fmt;
		char spec[32];
		int star_w = 0, star_p = 0, w = 0, p = -1;

		if (*fmt != '%') {
			const char *e = strchr(fmt, '%');
			size_t n = e ? (size_t)(e - fmt) : strlen(fmt);

			put(size, &pos, snprintf(buf + pos, size - pos, "%.*s", (int)n, fmt));
			fmt += n;
			continue;
		}
		if (fmt[1] == '%') {
			put(size, &pos, snprintf(buf + pos, size - pos, "%%"));
			fmt += 2;
			continue;
		}
		fmt++;
		fmt += strspn(fmt, "-+ #0'");
		if (*fmt == '*') {
			star_w = 1;
			w = va_arg(aq, int);
			fmt++;
		} else
			while (*fmt >= '0' && *fmt <= '9')
				w = w * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			p = 0;
			if (*fmt == '*') {
				star_p = 1;
				p = va_arg(aq, int);
				fmt++;
			} else
				while (*fmt >= '0' && *fmt <= '9')
					p = p * 10 + (*fmt++ - '0');
		}
		fmt += strspn(fmt, "hlzjtL");
		if (!*fmt)
			break;
		fmt++;
		if ((size_t)(fmt - s) >= sizeof spec)
			break;          /* not a format osfp writes */
		memcpy(spec, s, (size_t)(fmt - s));
		spec[fmt - s] = '\0';
		one(buf, size, &pos, spec, star_w, star_p, w, p, &aq);
	}
	va_end(aq);
	buf[pos] = '\0';
	return pos;
}

size_t
msg_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(buf, size, fmt, aq);
	va_end(aq);
	if (n >= 0 && (size_t)n < size)
		return (size_t)n;
	return format_cut(buf, size, fmt, ap);
}

size_t
msg_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = msg_vformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
