#include "base/json.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/num.h"
#include "base/util.h"

struct parser {
	char *p, *end, *start;
	char *err;
	size_t errsz;
};

static int __attribute__((format(printf, 2, 3)))
fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->err[0])         /* the innermost message wins */
		return -1;
	n = snprintf(ps->err, ps->errsz, "byte %zu: ", (size_t)(ps->p - ps->start));
	if (n < 0 || (size_t)n >= ps->errsz)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errsz - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void
skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' ||
	    *ps->p == '\r'))
		ps->p++;
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The length of the JSON number at s[0..n), or 0 if none starts there. */
static size_t
number_len(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && is_digit(s[i]))
			i++;
	else
		return 0;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && is_digit(s[i]); i++)
			;
		if (i == d)
			return 0;
	}
	return i;
}

static int
hex4(const char *s, unsigned *v)
{
	int i, h;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((h = hex_digit((unsigned char)s[i])) < 0)
			return -1;
		*v = *v << 4 | (unsigned)h;
	}
	return 0;
}

static char *
put_utf8(char *w, unsigned c)
{
	if (c < 0x80) {
		*w++ = (char)c;
	} else if (c < 0x800) {
		*w++ = (char)(0xc0 | c >> 6);
		*w++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*w++ = (char)(0xe0 | c >> 12);
		*w++ = (char)(0x80 | (c >> 6 & 0x3f));
		*w++ = (char)(0x80 | (c & 0x3f));
	} else {
		*w++ = (char)(0xf0 | c >> 18);
		*w++ = (char)(0x80 | (c >> 12 & 0x3f));
		*w++ = (char)(0x80 | (c >> 6 & 0x3f));
		*w++ = (char)(0x80 | (c & 0x3f));
	}
	return w;
}

/* \uXXXX at ps->p (after the backslash and 'u'), a surrogate pair taken
 * whole; the code point in *c. */
static int
unicode_escape(struct parser *ps, unsigned *c)
{
	unsigned lo;

	if (ps->end - ps->p < 4 || hex4(ps->p, c) < 0)
		return fail(ps, "bad \\u escape");
	ps->p += 4;
	if (*c >= 0xdc00 && *c <= 0xdfff)
		return fail(ps, "lone low surrogate \\u%04x", *c);
	if (*c >= 0xd800 && *c <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' ||
		    hex4(ps->p + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
			return fail(ps, "high surrogate \\u%04x without its low half", *c);
		ps->p += 6;
		*c = 0x10000 + ((*c - 0xd800) << 10) + (lo - 0xdc00);
	}
	return 0;
}

/* The string starting at the quote at ps->p, decoded in place. */
static int
parse_string(struct parser *ps, struct json *v)
{
	char *w = ++ps->p;
	unsigned c;

	v->type = JSON_STRING;
	v->text = w;
	for (;;) {
		if (ps->p >= ps->end)
			return fail(ps, "string never closed");
		c = (unsigned char)*ps->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(ps, "control byte 0x%02x in a string", c);
		if (c != '\\') {
			*w++ = *ps->p++;
			continue;
		}
		if (++ps->p >= ps->end)
			return fail(ps, "string never closed");
		c = (unsigned char)*ps->p++;
		switch (c) {
		case '"': case '\\': case '/': *w++ = (char)c; break;
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'u':
			if (unicode_escape(ps, &c) < 0)
				return -1;
			w = put_utf8(w, c);
			break;
		default:
			ps->p--;
			return fail(ps, "bad escape '\\%c'", (int)c);
		}
	}
	v->n = (size_t)(w - v->text);
	ps->p++;
	return 0;
}

static void
free_value(struct json *v)
{
	size_t i, n;

	if (v->type != JSON_ARRAY && v->type != JSON_OBJECT)
		return;
	n = v->type == JSON_OBJECT ? 2 * v->n : v->n;
	for (i = 0; i < n; i++)
		free_value(&v->items[i]);
	free(v->items);
	v->items = NULL;
}

static int parse_value(struct parser *ps, struct json *v, int depth);

/* An array or an object at ps->p (its opening bracket). */
static int
parse_container(struct parser *ps, struct json *v, int depth)
{
	int obj = *ps->p == '{';
	char close = obj ? '}' : ']';
	size_t cap = 0, n = 0;

	v->type = obj ? JSON_OBJECT : JSON_ARRAY;
	v->items = NULL;
	v->n = 0;
	if (depth >= JSON_MAX_DEPTH)
		return fail(ps, "nested more than %d deep", JSON_MAX_DEPTH);
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return 0;
	}
	for (;;) {
		if (n + 2 > cap) {
			cap = cap ? 2 * cap : 8;
			v->items = ereallocarray(v->items, cap, sizeof *v->items);
		}
		if (obj) {
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "expected a member name");
			v->items[n].items = NULL;
			if (parse_string(ps, &v->items[n]) < 0)
				return -1;
			n++;
			v->n = n / 2;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return fail(ps, "expected ':' after a member name");
			ps->p++;
		}
		/* counted before parsing, so that a failure frees what it made */
		v->items[n].type = JSON_NULL;
		n++;
		v->n = obj ? n / 2 : n;
		if (parse_value(ps, &v->items[n - 1], depth + 1) < 0)
			return -1;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return 0;
		}
		return fail(ps, "expected ',' or '%c'", close);
	}
}

static int
literal(struct parser *ps, const char *word, enum json_type t, struct json *v)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "unexpected byte 0x%02x", (unsigned char)*ps->p);
	ps->p += n;
	v->type = t;
	return 0;
}

static int
parse_value(struct parser *ps, struct json *v, int depth)
{
	skip_ws(ps);
	v->type = JSON_NULL;
	v->items = NULL;
	v->n = 0;
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
	case '[':
		return parse_container(ps, v, depth);
	case '"':
		return parse_string(ps, v);
	case 't':
		return literal(ps, "true", JSON_TRUE, v);
	case 'f':
		return literal(ps, "false", JSON_FALSE, v);
	case 'n':
		return literal(ps, "null", JSON_NULL, v);
	}
	v->n = number_len(ps->p, (size_t)(ps->end - ps->p));
	if (v->n == 0)
		return fail(ps, "unexpected byte 0x%02x", (unsigned char)*ps->p);
	v->type = JSON_NUMBER;
	v->text = ps->p;
	ps->p += v->n;
	return 0;
}

int
json_parse(struct json_doc *doc, const char *text, size_t len)
{
	struct parser ps;

	memset(doc, 0, sizeof *doc);
	doc->buf = emalloc(len ? len : 1);
	memcpy(doc->buf, text, len);
	ps.p = ps.start = doc->buf;
	ps.end = doc->buf + len;
	ps.err = doc->err;
	ps.errsz = sizeof doc->err;
	if (parse_value(&ps, &doc->root, 0) == 0) {
		skip_ws(&ps);
		if (ps.p == ps.end)
			return 0;
		fail(&ps, "more after the value");
	}
	free_value(&doc->root);
	free(doc->buf);
	doc->buf = NULL;
	return -1;
}

void
json_free(struct json_doc *doc)
{
	free_value(&doc->root);
	free(doc->buf);
	doc->buf = NULL;
}

const struct json *
json_get(const struct json *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (json_is_str(&obj->items[2 * i], key))
			return &obj->items[2 * i + 1];
	return NULL;
}

int
json_is_str(const struct json *v, const char *s)
{
	return v && v->type == JSON_STRING && v->n == strlen(s) && memcmp(v->text, s, v->n) == 0;
}

/* The number's text NUL-terminated in buf: a number, or a string holding
 * exactly one JSON number. */
static int
number_text(const struct json *v, char *buf, size_t bufsz)
{
	if (!v || (v->type != JSON_NUMBER && v->type != JSON_STRING) || v->n == 0 ||
	    v->n >= bufsz || number_len(v->text, v->n) != v->n)
		return -1;
	memcpy(buf, v->text, v->n);
	buf[v->n] = '\0';
	return 0;
}

int
json_float(const struct json *v, float *out)
{
	char buf[64], *end;
	float f;

	if (number_text(v, buf, sizeof buf) < 0)
		return -1;
	errno = 0;
	f = strtof(buf, &end);
	/* ERANGE on underflow still gives the nearest float (a subnormal or 0) */
	if (*end || !isfinite(f))
		return -1;
	*out = f;
	return 0;
}

int
json_double(const struct json *v, double *out)
{
	char buf[64];

	if (number_text(v, buf, sizeof buf) < 0)
		return -1;
	return num_parse_dbl(buf, out);
}

int
json_long(const struct json *v, long lo, long hi, long *out)
{
	char buf[64];

	if (number_text(v, buf, sizeof buf) < 0)
		return -1;
	return num_parse_long(buf, lo, hi, out);
}
