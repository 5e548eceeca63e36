#include "learn/modelfile.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/hex.h"
#include "base/msg.h"
#include "base/num.h"
#include "base/util.h"

void
modelfile_init(struct modelfile *t, const char *buf, size_t len, const char *name)
{
	memset(t, 0, sizeof *t);
	t->buf = buf;
	t->len = len;
	t->name = name;
}

void
modelfile_free(struct modelfile *t)
{
	free(t->cur);
	t->cur = NULL;
}

int
modelfile_fail(struct modelfile *t, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	/* as csvr_fail: the prefix in a third, quoted parts cut first */
	if (t->line)
		n = msg_format(t->err, sizeof t->err / 3, "'%s': line %lu: ", t->name, t->line);
	else
		n = msg_format(t->err, sizeof t->err / 3, "'%s': ", t->name);
	va_start(ap, fmt);
	msg_vformat(t->err + n, sizeof t->err - n, fmt, ap);
	va_end(ap);
	sanitize_line(t->err);
	return -1;
}

/* Next non-blank line into t->cur; 0, or -1 at end of buffer. */
static int
next_line(struct modelfile *t)
{
	for (;;) {
		const char *s, *nl;
		size_t n;

		if (t->pos >= t->len)
			return -1;
		s = t->buf + t->pos;
		nl = memchr(s, '\n', t->len - t->pos);
		n = nl ? (size_t)(nl - s) : t->len - t->pos;
		t->pos += n + (nl != NULL);
		t->line++;
		if (n && s[n - 1] == '\r')
			n--;
		if (n + 1 > t->curcap) {
			t->curcap = n + 1;
			t->cur = erealloc(t->cur, t->curcap);
		}
		memcpy(t->cur, s, n);
		t->cur[n] = '\0';
		if (memchr(t->cur, '\0', n))
			return modelfile_fail(t, "NUL byte in model file"), -2;
		if (n)
			return 0;
	}
}

int
modelfile_key(struct modelfile *t, const char *key, char **rest)
{
	size_t k = strlen(key);
	int rc = next_line(t);

	if (rc == -2)
		return -1;
	if (rc < 0) {
		t->line++;
		return modelfile_fail(t, "file ends where '%s' was expected (truncated?)", key);
	}
	if (strncmp(t->cur, key, k) != 0 || (t->cur[k] != ' ' && t->cur[k] != '\0'))
		return modelfile_fail(t, "expected '%s'", key);
	*rest = t->cur + k + (t->cur[k] == ' ');
	return 0;
}

int
modelfile_next_is(struct modelfile *t, const char *key)
{
	size_t pos = t->pos, k = strlen(key);
	unsigned long line = t->line;
	int yes = next_line(t) == 0 && strncmp(t->cur, key, k) == 0 &&
	    (t->cur[k] == ' ' || t->cur[k] == '\0');

	t->pos = pos;
	t->line = line;
	return yes;
}

int
modelfile_long(struct modelfile *t, const char *key, long lo, long hi, long *v)
{
	return modelfile_longs(t, key, lo, hi, v, 1);
}

/* Split the next token off *s (space-separated); NULL when none left. */
static char *
token(char **s)
{
	char *p = *s, *b;

	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	b = p;
	while (*p && *p != ' ')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return b;
}

int
modelfile_doubles(struct modelfile *t, const char *key, double *v, size_t n)
{
	char *rest, *tok;
	size_t i;

	if (modelfile_key(t, key, &rest) < 0)
		return -1;
	for (i = 0; (tok = token(&rest)); i++) {
		if (i >= n)
			return modelfile_fail(t, "too many values for '%s' (expected %zu)", key, n);
		if (num_parse_dbl(tok, &v[i]) < 0)
			return modelfile_fail(t, "'%s' value %zu is not a finite number: '%s'", key, i + 1, tok);
	}
	if (i != n)
		return modelfile_fail(t, "expected %zu values for '%s', got %zu", n, key, i);
	return 0;
}

int
modelfile_longs(struct modelfile *t, const char *key, long lo, long hi, long *v, size_t n)
{
	char *rest, *tok;
	size_t i;

	if (modelfile_key(t, key, &rest) < 0)
		return -1;
	for (i = 0; (tok = token(&rest)); i++) {
		if (i >= n)
			return modelfile_fail(t, "too many values for '%s' (expected %zu)", key, n);
		if (num_parse_long(tok, lo, hi, &v[i]) < 0)
			return modelfile_fail(t, "'%s' value %zu is not an integer in [%ld, %ld]: '%s'",
			    key, i + 1, lo, hi, tok);
	}
	if (i != n)
		return modelfile_fail(t, "expected %zu values for '%s', got %zu", n, key, i);
	return 0;
}

int
modelfile_word(struct modelfile *t, const char *key, char *out, size_t outsz)
{
	char *rest, *tok;

	if (modelfile_key(t, key, &rest) < 0)
		return -1;
	if (!(tok = token(&rest)) || token(&rest))
		return modelfile_fail(t, "expected one word after '%s'", key);
	if (strlen(tok) >= outsz)
		return modelfile_fail(t, "value of '%s' too long", key);
	strcpy(out, tok);
	return 0;
}

int
modelfile_text(struct modelfile *t, const char *key, char **out)
{
	char *rest, *o, *p;

	if (modelfile_key(t, key, &rest) < 0)
		return -1;
	o = *out = emalloc(strlen(rest) + 1);
	for (p = rest; *p; p++) {
		if (*p == '%') {
			int h = hex_digit((unsigned char)p[1]), l = h < 0 ? -1 : hex_digit((unsigned char)p[2]);

			if (h < 0 || l < 0 || (h == 0 && l == 0)) {
				free(*out);
				*out = NULL;
				return modelfile_fail(t, "bad %%-escape in '%s'", key);
			}
			*o++ = (char)(h * 16 + l);
			p += 2;
		} else
			*o++ = *p;
	}
	*o = '\0';
	return 0;
}

void
modelfile_put_doubles(FILE *f, const char *key, const double *v, size_t n)
{
	size_t i;

	fputs(key, f);
	for (i = 0; i < n; i++)
		fprintf(f, " %.17g", v[i]);
	fputc('\n', f);
}

void
modelfile_put_longs(FILE *f, const char *key, const long *v, size_t n)
{
	size_t i;

	fputs(key, f);
	for (i = 0; i < n; i++)
		fprintf(f, " %ld", v[i]);
	fputc('\n', f);
}

void
modelfile_put_text(FILE *f, const char *key, const char *s)
{
	fputs(key, f);
	fputc(' ', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '%' || c == 0x7f)
			fprintf(f, "%%%02X", c);
		else
			fputc(c, f);
	}
	fputc('\n', f);
}
