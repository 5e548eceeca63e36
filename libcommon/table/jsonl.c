/* jsonl.c: see jsonl.h. */
#include "table/jsonl.h"

#include <math.h>
#include <string.h>

#include "base/num.h"

/* The length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

size_t
jsonl_escape(char *out, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0, l;

	while (i < n) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			out[o++] = '\\';
			out[o++] = (char)c;
			i++;
		} else if (c < 0x20) {
			const char *e = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r"
			    : c == '\b' ? "\\b" : c == '\f' ? "\\f" : NULL;

			if (e) {
				memcpy(out + o, e, 2);
				o += 2;
			} else {
				memcpy(out + o, "\\u00", 4);
				out[o + 4] = hex[c >> 4];
				out[o + 5] = hex[c & 15];
				o += 6;
			}
			i++;
		} else if ((l = utf8_len(s + i, n - i)) > 0) {
			memcpy(out + o, s + i, l);
			o += l;
			i += l;
		} else {
			memcpy(out + o, "\\ufffd", 6);
			o += 6;
			i++;
		}
	}
	return o;
}

void
jsonl_begin(struct jsonl *j, struct csvw *w)
{
	j->w = w;
	j->nk = 0;
	*csvw_room(w, 1) = '{';
	csvw_commit(w, 1);
}

/* ,"key": with room for extra more bytes after it; returns where they go. */
static char *
key(struct jsonl *j, const char *k, size_t extra, size_t *used)
{
	size_t kn = strlen(k), o = 0;
	char *p = csvw_room(j->w, 6 * kn + 4 + extra);

	if (j->nk++)
		p[o++] = ',';
	p[o++] = '"';
	o += jsonl_escape(p + o, k, kn);
	p[o++] = '"';
	p[o++] = ':';
	*used = o;
	return p + o;
}

void
jsonl_str(struct jsonl *j, const char *k, const char *s)
{
	size_t n = strlen(s), o, e;
	char *p = key(j, k, 6 * n + 2, &o);

	p[0] = '"';
	e = 1 + jsonl_escape(p + 1, s, n);
	p[e++] = '"';
	csvw_commit(j->w, o + e);
}

void
jsonl_num(struct jsonl *j, const char *k, const char *text)
{
	size_t n = strlen(text), o;
	char *p = key(j, k, n, &o);

	memcpy(p, text, n);
	csvw_commit(j->w, o + n);
}

void
jsonl_dbl(struct jsonl *j, const char *k, double v)
{
	char buf[FMT_DBL_MAX + 1];

	if (!isfinite(v)) {
		jsonl_null(j, k);
		return;
	}
	buf[num_fmt_double(buf, v)] = '\0';
	jsonl_num(j, k, buf);
}

void
jsonl_u64(struct jsonl *j, const char *k, uint64_t v)
{
	char buf[24];

	num_fmt_u64(buf, v);
	jsonl_num(j, k, buf);
}

void
jsonl_null(struct jsonl *j, const char *k)
{
	jsonl_num(j, k, "null");
}

void
jsonl_end(struct jsonl *j)
{
	memcpy(csvw_room(j->w, 2), "}\n", 2);
	csvw_commit(j->w, 2);
}
