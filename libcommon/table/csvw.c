#include "table/csvw.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/util.h"

#define CSVW_BUF (1u << 16)

void
csvw_init(struct csvw *w, FILE *f, const char *name, int tsv)
{
	w->f = f;
	w->name = name;
	w->delim = tsv ? '\t' : ',';
	w->nf = 0;
	w->cap = CSVW_BUF;
	w->len = 0;
	w->buf = emalloc(w->cap);
}

static void
out(struct csvw *w, const char *s, size_t n)
{
	if (n && fwrite(s, 1, n, w->f) != n) {
		/* Nothing after this point can be written; say why and stop. */
		if (errno == EPIPE)
			exit(EXIT_DATA);
		eprintf("write error on %s:", w->name);
	}
}

void
csvw_flush(struct csvw *w)
{
	out(w, w->buf, w->len);
	w->len = 0;
}

static void
reserve(struct csvw *w, size_t n)
{
	if (w->len + n <= w->cap)
		return;
	csvw_flush(w);
	if (n > w->cap) {
		w->cap = n;
		w->buf = erealloc(w->buf, w->cap);
	}
}

static void
sep(struct csvw *w)
{
	if (w->nf++)
		w->buf[w->len++] = w->delim;
}

/* Whether field s[0..n) must be quoted; *nq: the quotes in it. */
static int
must_quote(const char *s, size_t n, char delim, size_t *nq)
{
	size_t i, q = 0;
	int quote = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == delim || c == '\n' || c == '\r' || c == '"') {
			quote = 1;
			q += c == '"';
		}
	}
	/* Readers (libcsv among them) trim spaces and tabs around unquoted
	 * fields: quote a field that starts or ends with one to keep it. */
	if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		quote = 1;
	*nq = q;
	return quote;
}

static size_t
put_field(char *d, const char *s, size_t n, int quote)
{
	size_t i, k = 0;

	if (!quote) {
		memcpy(d, s, n);
		return n;
	}
	d[k++] = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			d[k++] = '"';
		d[k++] = s[i];
	}
	d[k++] = '"';
	return k;
}

size_t
csvw_field_len(const char *s, size_t n, char delim)
{
	size_t q;

	return must_quote(s, n, delim, &q) ? n + q + 2 : n;
}

size_t
csvw_field_put(char *dst, const char *s, size_t n, char delim)
{
	size_t q;

	return put_field(dst, s, n, must_quote(s, n, delim, &q));
}

void
csvw_strn(struct csvw *w, const char *s, size_t n)
{
	size_t q;
	int quote = must_quote(s, n, w->delim, &q);

	reserve(w, n + q + 3);
	sep(w);
	w->len += put_field(w->buf + w->len, s, n, quote);
}

void
csvw_str(struct csvw *w, const char *s)
{
	csvw_strn(w, s, strlen(s));
}

void
csvw_u64(struct csvw *w, uint64_t v)
{
	reserve(w, 24);
	sep(w);
	w->len += num_fmt_u64(w->buf + w->len, v);
}

void
csvw_i64(struct csvw *w, int64_t v)
{
	reserve(w, 24);
	sep(w);
	if (v < 0) {
		w->buf[w->len++] = '-';
		w->len += num_fmt_u64(w->buf + w->len, (uint64_t)0 - (uint64_t)v);
	} else
		w->len += num_fmt_u64(w->buf + w->len, (uint64_t)v);
}

void
csvw_dbl(struct csvw *w, double v)
{
	reserve(w, FMT_DBL_MAX + 1);
	sep(w);
	w->len += num_fmt_double(w->buf + w->len, v);
}

void
csvw_empty(struct csvw *w)
{
	reserve(w, 1);
	sep(w);
}

void
csvw_end(struct csvw *w)
{
	/* A row of one empty field would be a blank line, which readers skip:
	 * write it as "" so that the row and its empty value survive. */
	if (w->nf == 1 && (w->len == 0 || w->buf[w->len - 1] == '\n')) {
		reserve(w, 2);
		w->buf[w->len++] = '"';
		w->buf[w->len++] = '"';
	}
	reserve(w, 1);
	w->buf[w->len++] = '\n';
	w->nf = 0;
}

void
csvw_row(struct csvw *w, const char *s, size_t n)
{
	if (n >= w->cap) {	/* a block of rows: out as it is, not copied */
		csvw_flush(w);
		out(w, s, n);
		w->nf = 0;
		return;
	}
	reserve(w, n);
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->nf = 0;
}

char *
csvw_room(struct csvw *w, size_t n)
{
	reserve(w, n);
	return w->buf + w->len;
}

void
csvw_commit(struct csvw *w, size_t n)
{
	w->len += n;
	w->nf = 0;
}

void
csvw_header(struct csvw *w, const char *const *names)
{
	for (; *names; names++)
		csvw_str(w, *names);
	csvw_end(w);
}

int
csvw_close(struct csvw *w)
{
	int rc;

	csvw_flush(w);
	rc = fshut(w->f, w->name);
	free(w->buf);
	w->buf = NULL;
	return rc;
}
