/* pcapml.c: parsing of pcapml label comments (see pcapml.h). */
#include "packet/pcapml.h"

#include <string.h>

/* An unsigned 64-bit decimal of exactly n digits (no sign, no spaces). */
static int
parse_id(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';

		if (d > 9 || x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int
parse_keyed(const char *c, size_t n, struct pcapml_label *out, const char **why)
{
	int have_s = 0, have_proc = 0;
	size_t i = 0;

	while (i <= n) {
		const char *f = c + i;
		const char *e = memchr(f, ',', n - i);
		size_t flen = e ? (size_t)(e - f) : n - i;

		if (flen >= 2 && f[0] == 's' && f[1] == '=') {
			if (have_s) {
				*why = "keyed comment has two s= keys";
				return -1;
			}
			if (parse_id(f + 2, flen - 2, &out->sample) < 0) {
				*why = "sample id is not a 64-bit unsigned decimal";
				return -1;
			}
			have_s = 1;
		} else if (flen >= 5 && memcmp(f, "proc=", 5) == 0) {
			if (have_proc) {
				*why = "keyed comment has two proc= keys";
				return -1;
			}
			out->label = f + 5;
			out->label_len = flen - 5;
			have_proc = 1;
		}
		i += flen + 1;
	}
	if (!have_proc) {
		*why = "keyed comment has no proc= key";
		return -1;
	}
	if (out->label_len == 0) {
		*why = "empty label";
		return -1;
	}
	out->grammar = PCAPML_KEYED;
	out->family = out->label;
	out->family_len = 0;
	return 0;
}

int
pcapml_parse(const char *c, size_t n, struct pcapml_label *out, const char **why)
{
	const char *comma, *meta, *us;
	size_t mlen;

	while (n && c[n - 1] == '\0')
		n--;
	if (n >= 2 && c[0] == 's' && c[1] == '=')
		return parse_keyed(c, n, out, why);
	if (!(comma = memchr(c, ',', n))) {
		*why = "no ',' between sample id and label";
		return -1;
	}
	if (parse_id(c, (size_t)(comma - c), &out->sample) < 0) {
		*why = "sample id is not a 64-bit unsigned decimal";
		return -1;
	}
	meta = comma + 1;
	mlen = n - (size_t)(meta - c);
	if ((us = memchr(meta, '_', mlen))) {
		out->grammar = PCAPML_POSITIONAL;
		out->family = meta;
		out->family_len = (size_t)(us - meta);
		out->label = us + 1;
		out->label_len = mlen - out->family_len - 1;
	} else {
		out->grammar = PCAPML_HARD_ONLY;
		out->family = meta;
		out->family_len = 0;
		out->label = meta;
		out->label_len = mlen;
	}
	if (out->label_len == 0) {
		*why = "empty label";
		return -1;
	}
	return 0;
}

int
pcapml_which(const char *arg, long *which)
{
	long v = 0;

	if (strcmp(arg, "first") == 0)
		v = 1;
	else if (strcmp(arg, "last") == 0)
		v = PCAPML_LAST;
	else if (strcmp(arg, "label") == 0)
		v = PCAPML_LABEL;
	else {
		if (!*arg)
			return -1;
		for (const char *p = arg; *p; p++) {
			if (*p < '0' || *p > '9' || v > 100000000L)
				return -1;
			v = v * 10 + (*p - '0');
		}
		if (v < 1)
			return -1;
	}
	*which = v;
	return 0;
}

int
pcapml_pick(const char *const *c, const size_t *len, size_t n, long which,
    struct pcapml_label *out, const char **why, size_t *chosen)
{
	size_t i;

	if (which == PCAPML_LABEL) {
		const char *first_why = NULL;

		for (i = 0; i < n; i++) {
			if (pcapml_parse(c[i], len[i], out, why) == 0) {
				if (chosen)
					*chosen = i;
				return 1;
			}
			if (!first_why)
				first_why = *why;
		}
		if (n == 0)
			return 0;
		*why = first_why;
		if (chosen)
			*chosen = 0;
		return -1;
	}
	if (which == PCAPML_LAST)
		i = n ? n - 1 : 0;
	else
		i = (size_t)which - 1;
	if (n == 0 || i >= n)
		return 0;
	if (chosen)
		*chosen = i;
	return pcapml_parse(c[i], len[i], out, why) == 0 ? 1 : -1;
}
