/* labels.c: see labels.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/msg.h"
#include "base/num.h"
#include "base/util.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/labels.h"

enum { COL_UNWRITTEN = -2 };

/* What labels_load needs while it reads rows. */
struct reader {
	struct labels *L;
	const struct labels_opts *o;
	struct csvr *r;
	const char *name;
	long cp, ct;            /* packet, time columns (-1: absent) */
	int want_time;          /* read each row's time */
	long col[3];            /* sample, label, family; COL_UNWRITTEN */
	int sorted;             /* packet numbers seen in order */
	/* the previous row's three fields, raw, and its ending */
	char *prev;
	size_t prevcap, plen[3];
	int have_prev;
	uint32_t prevoff;
	char *suf;
	size_t sufcap;
};

static int
fail(struct labels *L, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vformat(L->err, sizeof L->err, fmt, ap);    /* a long field cut, not the reason */
	va_end(ap);
	sanitize_line(L->err);  /* a quoted field may hold a line break */
	return -1;
}

/* A copy of s[0..n) NUL-terminated in the arena; its offset, or -1 past
 * 4 GiB of text. */
static int64_t
arena_add(struct labels *L, const char *s, size_t n)
{
	uint32_t off;

	if (L->alen + n + 1 > UINT32_MAX)
		return -1;
	if (L->alen + n + 1 > L->acap) {
		while (L->alen + n + 1 > L->acap)
			L->acap = L->acap ? L->acap * 2 : 1 << 16;
		L->arena = erealloc(L->arena, L->acap);
	}
	off = (uint32_t)L->alen;
	memcpy(L->arena + off, s, n);
	L->arena[off + n] = 0;
	L->alen += n + 1;
	return off;
}

static int
find_columns(struct reader *rd)
{
	struct csvr *r = rd->r;
	long cs = csvr_col(r, "sample"), cl = csvr_col(r, "label"), cf = csvr_col(r, "family");
	int by_time = rd->o->by_time;
	struct labels *L = rd->L;
	size_t k;

	rd->cp = csvr_col(r, "packet");
	rd->ct = csvr_col(r, "time");
	rd->want_time = by_time || rd->o->time_check;
	if (cl < 0)
		return fail(L, "'%s': no column 'label'", rd->name);
	if (!by_time && rd->cp < 0)
		return fail(L, "'%s': no column 'packet' (--join time joins on 'time')", rd->name);
	if (by_time && rd->ct < 0)
		return fail(L, "'%s': no column 'time'", rd->name);
	if (rd->want_time && rd->ct < 0)
		return fail(L, "'%s': no column 'time' to check each packet's time against "
		    "(--no-time-check joins without)", rd->name);
	rd->col[0] = rd->o->by_sample ? COL_UNWRITTEN : cs;
	rd->col[1] = cl;
	rd->col[2] = cf;
	L->nolablen = 0;
	for (k = rd->o->by_sample ? 1 : 0; k < 3; k++)
		L->nolab[L->nolablen++] = rd->o->delim;
	return 0;
}

static const char *
field(const struct reader *rd, size_t k, size_t *len)
{
	if (rd->col[k] < 0) {
		*len = 0;
		return "";
	}
	*len = csvr_fieldlen(rd->r, (size_t)rd->col[k]);
	return csvr_field(rd->r, (size_t)rd->col[k]);
}

/* Whether the current row's three fields are the previous row's. */
static int
same_as_prev(const struct reader *rd)
{
	size_t k, n = 0, fl;

	if (!rd->have_prev)
		return 0;
	for (k = 0; k < 3; k++) {
		const char *s = field(rd, k, &fl);

		if (fl != rd->plen[k] || (fl && memcmp(rd->prev + n, s, fl)))
			return 0;
		n += fl;
	}
	return 1;
}

/* The current row's ending formatted in rd->suf (its length, 4 bytes,
 * then the text), its raw fields remembered for same_as_prev; returns
 * the bytes in rd->suf. */
static size_t
format_ending(struct reader *rd)
{
	size_t k, fl, n = 0, slen = 4, need = 4;
	uint32_t len;

	for (k = 0; k < 3; k++) {
		field(rd, k, &fl);
		need += 3 + 2 * fl;
	}
	if (need > rd->sufcap || need > rd->prevcap) {
		rd->sufcap = rd->prevcap = need * 2;
		rd->suf = erealloc(rd->suf, rd->sufcap);
		rd->prev = erealloc(rd->prev, rd->prevcap);
	}
	for (k = 0; k < 3; k++) {
		const char *s = field(rd, k, &fl);

		memcpy(rd->prev + n, s, fl);
		n += fl;
		rd->plen[k] = fl;
		if (rd->col[k] == COL_UNWRITTEN)
			continue;
		rd->suf[slen++] = rd->o->delim;
		slen += csvw_field_put(rd->suf + slen, s, fl, rd->o->delim);
	}
	len = (uint32_t)(slen - 4);
	memcpy(rd->suf, &len, 4);       /* the length, then the text */
	rd->have_prev = 1;
	return slen;
}

/* The current row's ending, formatted into the arena and remembered with
 * its raw fields for the rows after it. */
static int
new_ending(struct reader *rd)
{
	int64_t off = arena_add(rd->L, rd->suf, format_ending(rd));

	if (off < 0)
		return fail(rd->L, "labels: too much text");
	rd->prevoff = (uint32_t)off;
	return 0;
}

/* The row's time, if it is wanted and there. */
static int
row_time(struct reader *rd, struct labels_row *x)
{
	struct capture_time t;
	const char *s;

	x->sec = 0;
	x->frac19 = LABELS_NOTIME;
	if (!rd->want_time || !*(s = csvr_field(rd->r, (size_t)rd->ct)))
		return 0;
	if (capture_time_parse(s, &t) < 0)
		return fail(rd->L, "'%s': line %lu: column 'time': '%s' is not a time",
		    rd->name, csvr_line(rd->r), s);
	x->sec = t.sec;
	x->frac19 = capture_time_frac19(&t);
	return 0;
}

static int
add_row(struct reader *rd)
{
	struct labels *L = rd->L;
	struct csvr *r = rd->r;
	struct labels_row *x;
	unsigned long line = csvr_line(r);

	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 4096;
		L->v = ereallocarray(L->v, L->cap, sizeof *L->v);
	}
	if (L->n >= UINT32_MAX - 1)
		return fail(L, "'%s': too many rows", rd->name);
	x = &L->v[L->n];
	x->packet = 0;
	x->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	if (rd->cp >= 0 && num_parse_u64(csvr_field(r, (size_t)rd->cp), &x->packet) < 0 &&
	    !rd->o->by_time)
		return fail(L, "'%s': line %lu: column 'packet': '%s' is not a packet number",
		    rd->name, line, csvr_field(r, (size_t)rd->cp));
	if (L->n && x->packet <= x[-1].packet)
		rd->sorted = 0;
	if (row_time(rd, x) < 0)
		return -1;
	if (!same_as_prev(rd) && new_ending(rd) < 0)
		return -1;
	x->suf = rd->prevoff;
	L->n++;
	return 0;
}

static int
row_cmp(const void *a, const void *b)
{
	const struct labels_row *x = a, *y = b;

	/* ties in file order */
	if (x->packet != y->packet)
		return (x->packet > y->packet) - (x->packet < y->packet);
	return (x->line > y->line) - (x->line < y->line);
}

/* By ordinal: rows sorted by packet (a packet listed twice: its rows in
 * file order, the last found), and a direct index when the packet numbers
 * are dense enough (4 bytes per number). osfp-pcapng-labels writes them
 * sorted already. */
static void
index_ordinal(struct labels *L, int sorted)
{
	size_t i;

	if (!sorted)
		qsort(L->v, L->n, sizeof *L->v, row_cmp);
	if (L->n && (L->maxp = L->v[L->n - 1].packet) <= 4 * (uint64_t)L->n + 4096) {
		L->byp = ecalloc((size_t)L->maxp + 1, sizeof *L->byp);
		for (i = 0; i < L->n; i++)
			L->byp[L->v[i].packet] = (uint32_t)i + 1;
	}
}

static uint64_t
key_hash(int64_t sec, uint64_t frac19)
{
	return hash_mix64(hash_mix64(HASH_SEED64, (uint64_t)sec), frac19);
}

static uint64_t
row_hash(uint32_t id, const void *ctx)
{
	const struct labels *L = ctx;

	return key_hash(L->v[id].sec, L->v[id].frac19);
}

/* By time: every time to its last row (rows without a time: none). */
static void
index_time(struct labels *L)
{
	uint32_t i, id;
	size_t j;

	idtab_reserve(&L->tidx, L->n ? L->n : 1, row_hash, L);
	for (i = 0; i < L->n; i++) {
		const struct labels_row *x = &L->v[i];

		if (x->frac19 == LABELS_NOTIME)
			continue;
		for (j = idtab_start(&L->tidx, key_hash(x->sec, x->frac19));
		    (id = idtab_at(&L->tidx, j)) != IDTAB_NONE; j = idtab_step(&L->tidx, j))
			if (L->v[id].sec == x->sec && L->v[id].frac19 == x->frac19)
				break;
		idtab_put(&L->tidx, j, i);      /* the last row for a time wins */
	}
}

int
labels_load(struct labels *L, FILE *f, const char *name, const struct labels_opts *o)
{
	struct reader rd = { .L = L, .o = o, .name = name, .sorted = 1 };
	char *err = NULL;
	int rc;

	L->name = name;
	L->by_time = o->by_time;
	if (!(rd.r = csvr_open(f, name, &err))) {
		fail(L, "%s", err ? err : "cannot read the header");
		csvr_free_error(err);
		return -1;
	}
	if ((rc = find_columns(&rd)) == 0) {
		while ((rc = csvr_next(rd.r)) == 1)
			if (add_row(&rd) < 0)
				break;
		if (rc < 0)
			fail(L, "%s", csvr_error(rd.r));
	}
	free(rd.prev);
	free(rd.suf);
	csvr_close(rd.r);
	if (rc != 0)
		return -1;
	if (o->by_time)
		index_time(L);
	else
		index_ordinal(L, rd.sorted);
	return 0;
}

const struct labels_row *
labels_by_time(const struct labels *L, const struct capture_time *t)
{
	uint64_t frac19 = capture_time_frac19(t);
	uint32_t id;
	size_t j;

	for (j = idtab_start(&L->tidx, key_hash(t->sec, frac19));
	    (id = idtab_at(&L->tidx, j)) != IDTAB_NONE; j = idtab_step(&L->tidx, j))
		if (L->v[id].sec == t->sec && L->v[id].frac19 == frac19)
			return &L->v[id];
	return NULL;
}

const struct labels_row *
labels_by_packet(const struct labels *L, uint64_t packet)
{
	size_t lo = 0, hi = L->n;

	if (L->byp)
		return packet <= L->maxp && L->byp[packet] ? &L->v[L->byp[packet] - 1] : NULL;
	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (L->v[m].packet < packet)
			lo = m + 1;
		else
			hi = m;
	}
	/* the last of equal packet numbers wins */
	if (lo < L->n && L->v[lo].packet == packet) {
		while (lo + 1 < L->n && L->v[lo + 1].packet == packet)
			lo++;
		return &L->v[lo];
	}
	return NULL;
}

int
labels_check(struct labels *L, const struct flowrec_vec *rv)
{
	struct flowrec_seccache sc = FLOWREC_SECCACHE_INIT;
	char pt[CAP_TIME_MAX + 24], lt[CAP_TIME_MAX];
	struct capture_time t;
	size_t i;

	for (i = 0; i < rv->n; i++) {
		const struct flowrec *x = &rv->v[i];
		const struct labels_row *r = labels_by_packet(L, x->ordinal);

		if (!r || r->frac19 == LABELS_NOTIME)
			continue;
		flowrec_time(x, rv->xt, &t);
		if (r->sec == t.sec && r->frac19 == capture_time_frac19(&t))
			continue;
		*flowrec_put_time(pt, x, rv->xt, &sc) = 0;
		labels_time_str(r, lt);
		return fail(L, "packet %llu: time %s, but '%s' line %u has %s",
		    (unsigned long long)x->ordinal, pt, L->name, r->line, lt);
	}
	return 0;
}

void
labels_time_str(const struct labels_row *r, char *buf)
{
	struct capture_time t = { r->sec, r->frac19, 19 };

	if (r->frac19 == LABELS_NOTIME) {
		buf[0] = 0;
		return;
	}
	while (t.digits && t.frac % 10 == 0) {
		t.frac /= 10;
		t.digits--;
	}
	capture_time_str(buf, &t);
}

void
labels_free(struct labels *L)
{
	free(L->v);
	free(L->arena);
	free(L->byp);
	idtab_free(&L->tidx);
	memset(L, 0, sizeof *L);
}

/* ---- stream mode ----------------------------------------------------- */

struct labels_stream {
	struct labels L;        /* name, err, nolab */
	struct reader rd;
	struct labels_opts rd_o_;       /* rd.o */
	struct labels_end *none;
	struct labels_end *last;        /* the last row's ending (one reference) */
	/* the row read ahead: its packet, time, line and ending (a reference) */
	int have, eof;
	struct labels_row row;
	struct labels_end *end;
	uint64_t maxp;          /* the largest packet number read */
	int timefault;          /* the error is the time check's */
};

static struct labels_end *
end_new(const char *text, size_t len, int none)
{
	struct labels_end *e = emalloc(sizeof *e + len + 1);

	e->refs = 1;
	e->len = (uint32_t)len;
	e->none = none;
	memcpy(e->text, text, len);
	e->text[len] = 0;
	return e;
}

void
labels_end_drop(struct labels_end *e)
{
	if (e && !e->none && --e->refs == 0)
		free(e);
}

struct labels_stream *
labels_stream_open(FILE *f, const char *name, const struct labels_opts *o, char **err)
{
	struct labels_stream *S = ecalloc(1, sizeof *S);
	char *e = NULL;

	S->L.name = name;
	S->rd.L = &S->L;
	S->rd.o = &S->rd_o_;
	S->rd_o_ = *o;
	S->rd.name = name;
	if (!(S->rd.r = csvr_open(f, name, &e))) {
		*err = estrdup(e ? e : "cannot read the header");
		csvr_free_error(e);
		free(S);
		return NULL;
	}
	if (find_columns(&S->rd) < 0) {
		*err = estrdup(S->L.err);
		labels_stream_close(S);
		return NULL;
	}
	S->none = end_new(S->L.nolab, S->L.nolablen, 1);
	return S;
}

/* Read the next row ahead: 1, 0 at the end, -1 on an error. */
static int
stream_read(struct labels_stream *S)
{
	struct reader *rd = &S->rd;
	struct csvr *r = rd->r;
	struct labels_row *x = &S->row;
	unsigned long line;
	int rc;

	if ((rc = csvr_next(r)) <= 0) {
		if (rc < 0)
			return fail(&S->L, "%s", csvr_error(r));
		S->eof = 1;
		return 0;
	}
	line = csvr_line(r);
	x->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	if (num_parse_u64(csvr_field(r, (size_t)rd->cp), &x->packet) < 0)
		return fail(&S->L, "'%s': line %lu: column 'packet': '%s' is not a packet number",
		    rd->name, line, csvr_field(r, (size_t)rd->cp));
	if (x->packet < S->maxp)
		return fail(&S->L, "'%s': line %lu: packet %llu after packet %llu: stream mode "
		    "needs the labels in packet order", rd->name, line,
		    (unsigned long long)x->packet, (unsigned long long)S->maxp);
	S->maxp = x->packet;
	if (row_time(rd, x) < 0)
		return -1;
	if (!same_as_prev(rd)) {
		size_t n = format_ending(rd);

		labels_end_drop(S->last);
		S->last = end_new(rd->suf + 4, n - 4, 0);
	}
	S->last->refs++;
	S->end = S->last;
	S->have = 1;
	return 1;
}

/* Whether the row's time is t's (a row without a time agrees). */
static int
stream_check(struct labels_stream *S, const struct labels_row *x, uint64_t packet,
    const struct capture_time *t)
{
	char pt[CAP_TIME_MAX], lt[CAP_TIME_MAX];

	if (!S->rd.o->time_check || x->frac19 == LABELS_NOTIME ||
	    (x->sec == t->sec && x->frac19 == capture_time_frac19(t)))
		return 0;
	capture_time_str(pt, t);
	labels_time_str(x, lt);
	S->timefault = 1;
	return fail(&S->L, "packet %llu: time %s, but '%s' line %u has %s",
	    (unsigned long long)packet, pt, S->L.name, x->line, lt);
}

struct labels_end *
labels_stream_find(struct labels_stream *S, uint64_t packet, const struct capture_time *t)
{
	struct labels_end *best = NULL;
	struct labels_row brow = { 0 };
	int rc = 0;

	while (S->have || (!S->eof && (rc = stream_read(S)) > 0)) {
		if (S->row.packet > packet)
			break;
		S->have = 0;
		if (S->row.packet < packet) {
			labels_end_drop(S->end);
			continue;
		}
		labels_end_drop(best);  /* a packet listed twice: its last row */
		best = S->end;
		brow = S->row;
	}
	if (rc >= 0 && !best)
		return S->none;
	if (rc >= 0 && stream_check(S, &brow, packet, t) == 0)
		return best;
	labels_end_drop(best);
	return NULL;
}

const char *
labels_stream_error(const struct labels_stream *S)
{
	return S->L.err;
}

int
labels_stream_timefault(const struct labels_stream *S)
{
	return S->timefault;
}

void
labels_stream_close(struct labels_stream *S)
{
	if (!S)
		return;
	if (S->have)
		labels_end_drop(S->end);
	labels_end_drop(S->last);
	free(S->none);
	free(S->rd.prev);
	free(S->rd.suf);
	csvr_close(S->rd.r);
	free(S);
}
