#include "table/csvr.h"

#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/util.h"

struct csvr {
	struct csv_parser p;
	FILE *f;                /* NULL when reading from memory */
	const char *mem;
	size_t memlen, mempos;
	const char *name;
	char *line;             /* getline buffer */
	size_t linecap;
	unsigned long lineno;   /* lines consumed so far */
	unsigned long recline;  /* first line of the record being built */
	int eof;

	/* the record being assembled by libcsv's callbacks */
	char *arena;
	size_t arenalen, arenacap;
	size_t *off, *flen;
	size_t nf, fcap;
	int complete;           /* a record is ready */
	int toomany;
	int overrun;            /* a field came after the record ended */

	/* the current record handed out */
	char **fields;
	size_t *lens;
	size_t nhdr;
	char **hdr;
	char ***byname;         /* slots of hdr in name order (csvr_col) */
	unsigned long curline;
	char err[512];
};

static void
on_field(void *s, size_t len, void *data)
{
	struct csvr *r = data;

	/* libcsv ends a record at a bare CR too; a field after that, on the
	 * same line, would silently join the record: refused (bare_cr). */
	if (r->complete) {
		r->overrun = 1;
		return;
	}
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->off = ereallocarray(r->off, r->fcap, sizeof *r->off);
		r->flen = ereallocarray(r->flen, r->fcap, sizeof *r->flen);
	}
	if (r->arenalen + len + 1 > r->arenacap) {
		while (r->arenalen + len + 1 > r->arenacap)
			r->arenacap = r->arenacap ? r->arenacap * 2 : 256;
		r->arena = erealloc(r->arena, r->arenacap);
	}
	if (len)
		memcpy(r->arena + r->arenalen, s, len);
	r->arena[r->arenalen + len] = '\0';
	r->off[r->nf] = r->arenalen;
	r->flen[r->nf] = len;
	r->arenalen += len + 1;
	r->nf++;
}

/* After csv_parse: a record ended inside the line (a carriage return not
 * followed by a line feed, outside quotes), and more fields followed. */
static int
bare_cr(struct csvr *r)
{
	if (!r->overrun)
		return 0;
	r->curline = r->lineno;
	return csvr_fail(r, "carriage return inside a line (old Mac line ends?)");
}

static void
on_record(int c, void *data)
{
	struct csvr *r = data;

	(void)c;
	r->complete = 1;
}

int
csvr_fail(struct csvr *r, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	/* the prefix in at most a third of the buffer (a long name is cut),
	 * the rest for the problem, whose quoted parts are cut before its
	 * reason is (msg.h) */
	n = msg_format(r->err, sizeof r->err / 3, "'%s': line %lu: ", r->name, r->curline);
	va_start(ap, fmt);
	msg_vformat(r->err + n, sizeof r->err - n, fmt, ap);
	va_end(ap);
	sanitize_line(r->err);
	return -1;
}

/* Fetch one physical line into r->line; returns its length or -1 at EOF. */
static long
getln(struct csvr *r)
{
	if (r->f) {
		ssize_t n = getline(&r->line, &r->linecap, r->f);
		return n < 0 ? -1 : (long)n;
	}
	if (r->mempos >= r->memlen)
		return -1;
	{
		const char *s = r->mem + r->mempos;
		const char *nl = memchr(s, '\n', r->memlen - r->mempos);
		size_t n = nl ? (size_t)(nl - s) + 1 : r->memlen - r->mempos;

		if (n + 1 > r->linecap) {
			r->linecap = n + 1;
			r->line = erealloc(r->line, r->linecap);
		}
		memcpy(r->line, s, n);
		r->line[n] = '\0';
		r->mempos += n;
		return (long)n;
	}
}

/* Append one field [s, e) of the arena to the record. */
static void
push_field(struct csvr *r, size_t s, size_t e)
{
	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? r->fcap * 2 : 16;
		r->off = ereallocarray(r->off, r->fcap, sizeof *r->off);
		r->flen = ereallocarray(r->flen, r->fcap, sizeof *r->flen);
	}
	r->off[r->nf] = s;
	r->flen[r->nf] = e - s;
	r->nf++;
}

static int
blank(const struct csvr *r, char c)
{
	return (c == ' ' || c == '\t') && c != (char)r->p.delim_char;
}

/* The fast path. Almost every record is one line without quotes: split it
 * here, with libcsv's rules (unquoted fields lose their leading and trailing
 * spaces and tabs, a line of blanks is no record), and leave libcsv the
 * rest: lines with a quote or a stray CR, and records spanning lines.
 * Returns 1 (a record), 0 (a blank line, skipped) or -1 (not simple). */
static int
split_simple(struct csvr *r, size_t n)
{
	const char *line = r->line;
	const char *cr;
	size_t len = n, s, e;
	int any = 0;

	if (r->p.pstate != 0 || memchr(line, r->p.quote_char, n))
		return -1;
	if (len && line[len - 1] == '\n')
		len--;
	if (len && line[len - 1] == '\r')
		len--;
	if ((cr = memchr(line, '\r', len)) || memchr(line, '\n', len))
		return -1;
	/* Split in place: the line buffer becomes the arena and the old arena
	 * the next line buffer (a swap instead of a copy; both are malloc'd
	 * and their capacities travel with them). */
	{
		char *t = r->arena;
		size_t c = r->arenacap;

		r->arena = r->line;
		r->arenacap = r->linecap;
		r->line = t;
		r->linecap = c;
	}
	r->arena[len] = '\0';
	r->nf = 0;
	for (s = 0;;) {	/* fields end at a delimiter (memchr) or the end */
		const char *q = memchr(r->arena + s, (char)r->p.delim_char, len - s);
		size_t next;

		e = q ? (size_t)(q - r->arena) : len;
		next = e + 1;
		if (q)
			any = 1;   /* a delimiter: a record even if all fields are empty */
		while (s < e && blank(r, r->arena[s]))
			s++;
		while (e > s && blank(r, r->arena[e - 1]))
			e--;
		if (e > s)
			any = 1;
		r->arena[e] = '\0';
		push_field(r, s, e);
		if (!q)
			break;
		s = next;
	}
	if (!any) {
		r->nf = 0;
		return 0;
	}
	r->arenalen = len + 1;
	r->complete = 1;
	return 1;
}

/* Assemble the next raw record into r->off/r->flen. 1, 0 (EOF) or -1. */
static int
next_raw(struct csvr *r)
{
	r->nf = 0;
	r->arenalen = 0;
	r->complete = 0;
	r->recline = r->lineno + 1;
	while (!r->complete) {
		long n;

		if (r->eof)
			return 0;
		n = getln(r);
		if (n < 0) {
			r->eof = 1;
			if (r->f && ferror(r->f)) {
				r->curline = r->lineno;
				return csvr_fail(r, "read error");
			}
			if (csv_fini(&r->p, on_field, on_record, r) != 0) {
				r->curline = r->recline;
				return csvr_fail(r, "quoted field never closed");
			}
			return r->complete ? 1 : 0;
		}
		r->lineno++;
		if (memchr(r->line, '\0', (size_t)n)) {
			r->curline = r->lineno;
			return csvr_fail(r, "NUL byte in text");
		}
		if (r->nf == 0) {
			int rc = split_simple(r, (size_t)n);

			if (rc == 1)
				return 1;
			if (rc == 0) {
				r->recline = r->lineno + 1; /* blank line: skipped */
				continue;
			}
		}
		if (csv_parse(&r->p, r->line, (size_t)n, on_field, on_record, r) != (size_t)n) {
			r->curline = r->recline;
			return csvr_fail(r, "malformed CSV: %s", csv_strerror(csv_error(&r->p)));
		}
		if (bare_cr(r) < 0)
			return -1;
	}
	return 1;
}

static void
publish(struct csvr *r)
{
	size_t i;

	for (i = 0; i < r->nf; i++) {
		r->fields[i] = r->arena + r->off[i];
		r->lens[i] = r->flen[i];
	}
	r->curline = r->recline;
}

/* The column names in order, for csvr_col's binary search and the
 * duplicate check: a header of n columns costs n log n, so that a CSV
 * parses in time linear in its width up to a log (comparing every name
 * with every other, and finding names by a scan, was n^2). Each entry
 * points at a slot of r->hdr, so that the slot's offset is the column and
 * equal names sort in header order. */
static int
cmp_name(const void *a, const void *b)
{
	char *const *x = *(char *const *const *)a, *const *y = *(char *const *const *)b;
	int c = strcmp(*x, *y);

	return c ? c : (x > y) - (x < y);
}

/* Build r->byname; returns the first column (in header order) whose name
 * comes again later, or -1. */
static long
index_names(struct csvr *r)
{
	size_t i;
	long dup = -1;

	r->byname = ereallocarray(NULL, r->nhdr, sizeof *r->byname);
	for (i = 0; i < r->nhdr; i++)
		r->byname[i] = &r->hdr[i];
	qsort(r->byname, r->nhdr, sizeof *r->byname, cmp_name);
	/* equal names sit together, the first occurrence first */
	for (i = 1; i < r->nhdr; i++)
		if (strcmp(*r->byname[i - 1], *r->byname[i]) == 0 &&
		    (dup < 0 || r->byname[i - 1] - r->hdr < dup))
			dup = (long)(r->byname[i - 1] - r->hdr);
	return dup;
}

static struct csvr *
open_common(struct csvr *r, const char *name, char **err)
{
	size_t i;
	long n, dup;
	char delim = ',';

	r->name = name;
	*err = NULL;
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		*err = estrdup("out of memory");
		free(r);
		return NULL;
	}
	/* Peek at the header line to choose the delimiter, then parse it.
	 * Lines before it that libcsv would skip whatever the delimiter
	 * (blank, or only spaces) are skipped here too: the guess must look
	 * at the header. A line of tabs is a TSV record, not skipped. */
	r->lineno = 0;
	do {
		n = getln(r);
		if (n < 0) {
			msg_format(r->err, sizeof r->err, "'%s': empty input, no header row", name);
			goto fail;
		}
		/* A UTF-8 byte-order mark (spreadsheets write one) is not part
		 * of the first column's name. */
		if (r->lineno == 0 && n >= 3 && memcmp(r->line, "\xEF\xBB\xBF", 3) == 0) {
			n -= 3;
			memmove(r->line, r->line + 3, (size_t)n + 1);
		}
		r->lineno++;
	} while (strspn(r->line, " \r\n") == (size_t)n);
	if (memchr(r->line, '\t', (size_t)n) && !memchr(r->line, ',', (size_t)n))
		delim = '\t';
	csv_set_delim(&r->p, (unsigned char)delim);
	r->recline = r->lineno;
	r->curline = r->lineno;
	if (memchr(r->line, '\0', (size_t)n)) {
		csvr_fail(r, "NUL byte in text");
		goto fail;
	}
	if (csv_parse(&r->p, r->line, (size_t)n, on_field, on_record, r) != (size_t)n) {
		csvr_fail(r, "malformed CSV header");
		goto fail;
	}
	if (bare_cr(r) < 0)
		goto fail;
	while (!r->complete) {
		/* a header with a quoted newline: keep reading */
		n = getln(r);
		if (n < 0) {
			if (csv_fini(&r->p, on_field, on_record, r) != 0) {
				csvr_fail(r, "quoted field never closed");
				goto fail;
			}
			break;
		}
		r->lineno++;
		if (memchr(r->line, '\0', (size_t)n)) {
			r->curline = r->lineno;
			csvr_fail(r, "NUL byte in text");
			goto fail;
		}
		if (csv_parse(&r->p, r->line, (size_t)n, on_field, on_record, r) != (size_t)n) {
			csvr_fail(r, "malformed CSV header");
			goto fail;
		}
		if (bare_cr(r) < 0)
			goto fail;
	}
	if (r->nf == 0) {
		msg_format(r->err, sizeof r->err, "'%s': empty input, no header row", name);
		goto fail;
	}
	r->nhdr = r->nf;
	r->hdr = ecalloc(r->nhdr, sizeof *r->hdr);
	for (i = 0; i < r->nhdr; i++)
		r->hdr[i] = estrdup(r->arena + r->off[i]);
	if ((dup = index_names(r)) >= 0) {
		csvr_fail(r, "duplicate column name '%s'", r->hdr[dup]);
		goto fail;
	}
	r->fields = ecalloc(r->nhdr, sizeof *r->fields);
	r->lens = ecalloc(r->nhdr, sizeof *r->lens);
	return r;
fail:
	*err = estrdup(r->err);
	csvr_close(r);
	return NULL;
}

struct csvr *
csvr_open(FILE *f, const char *name, char **err)
{
	struct csvr *r = ecalloc(1, sizeof *r);

	r->f = f;
	return open_common(r, name, err);
}

struct csvr *
csvr_open_mem(const char *buf, size_t len, const char *name, char **err)
{
	struct csvr *r = ecalloc(1, sizeof *r);

	r->mem = buf;
	r->memlen = len;
	return open_common(r, name, err);
}

void
csvr_free_error(char *err)
{
	free(err);
}

void
csvr_close(struct csvr *r)
{
	size_t i;

	if (!r)
		return;
	csv_free(&r->p);
	if (r->hdr)
		for (i = 0; i < r->nhdr; i++)
			free(r->hdr[i]);
	free(r->hdr);
	free(r->byname);
	free(r->fields);
	free(r->lens);
	free(r->arena);
	free(r->off);
	free(r->flen);
	free(r->line);
	free(r);
}

int
csvr_next(struct csvr *r)
{
	int rc = next_raw(r);

	if (rc <= 0)
		return rc;
	if (r->nf != r->nhdr) {
		r->curline = r->recline;
		return csvr_fail(r, "expected %zu fields, got %zu", r->nhdr, r->nf);
	}
	publish(r);
	return 1;
}

const char *csvr_error(const struct csvr *r) { return r->err; }
size_t csvr_ncols(const struct csvr *r) { return r->nhdr; }
const char *csvr_colname(const struct csvr *r, size_t i) { return r->hdr[i]; }
const char *csvr_field(const struct csvr *r, size_t i) { return r->fields[i]; }
size_t csvr_fieldlen(const struct csvr *r, size_t i) { return r->lens[i]; }
unsigned long csvr_line(const struct csvr *r) { return r->curline; }
const char *csvr_name(const struct csvr *r) { return r->name; }
int csvr_is_tsv(const struct csvr *r) { return r->p.delim_char == '\t'; }

long
csvr_col(const struct csvr *r, const char *name)
{
	size_t lo = 0, hi = r->nhdr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(*r->byname[mid], name);

		if (c == 0)
			return (long)(r->byname[mid] - r->hdr);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}
