/* flows.c: netml's grouping, timeout split and interval split (flows.h).
 *
 * The records are grouped by key with a counting sort (stable: file order
 * within a key). Their times are copied into one array in that grouped
 * order, so the sort check, the splits and the durations read memory
 * sequentially instead of jumping between records. */
#include <stdlib.h>
#include <string.h>

#include "base/bigarr.h"
#include "packet/flows.h"
#include "base/numpy.h"

struct tpair {
	double t;
	uint32_t idx;
};

/* Stable merge sort by time (netml: sorted(key=time), stable). */
static void
msort(struct tpair *a, struct tpair *tmp, size_t n)
{
	size_t h, i, j, k;

	if (n < 2)
		return;
	if (n <= 16) {	/* insertion sort: stable */
		for (i = 1; i < n; i++) {
			struct tpair v = a[i];

			for (j = i; j > 0 && a[j - 1].t > v.t; j--)
				a[j] = a[j - 1];
			a[j] = v;
		}
		return;
	}
	h = n / 2;
	msort(a, tmp, h);
	msort(a + h, tmp, n - h);
	if (a[h - 1].t <= a[h].t)
		return;
	memcpy(tmp, a, h * sizeof *a);
	for (i = 0, j = h, k = 0; i < h && j < n;)
		a[k++] = a[j].t < tmp[i].t ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

static int
push(struct flows_flow **v, size_t *n, size_t *cap, uint32_t key, uint32_t start, uint32_t len)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct flows_flow *p = realloc(*v, nc * sizeof *p);

		if (!p)
			return -1;
		*v = p;
		*cap = nc;
	}
	(*v)[*n].key = key;
	(*v)[*n].start = start;
	(*v)[*n].n = len;
	(*n)++;
	return 0;
}

static inline const struct flows_head *
head(const char *recs, size_t stride, size_t i)
{
	return (const struct flows_head *)(const void *)(recs + i * stride);
}

/* Sort order[s..e) and t[s..e) together by time, stably. */
static int
sort_range(uint32_t *order, double *t, uint32_t s, uint32_t e)
{
	size_t n = e - s, i;
	struct tpair *a = malloc(n * sizeof *a), *tmp = malloc((n / 2 + 1) * sizeof *tmp);

	if (!a || !tmp) {
		free(a);
		free(tmp);
		return -1;
	}
	for (i = 0; i < n; i++) {
		a[i].t = t[s + i];
		a[i].idx = order[s + i];
	}
	msort(a, tmp, n);
	for (i = 0; i < n; i++) {
		t[s + i] = a[i].t;
		order[s + i] = a[i].idx;
	}
	free(a);
	free(tmp);
	return 0;
}

/* The work of one flows_build: the records grouped by key, and the
 * pieces of the two splits. */
struct build {
	const struct flows_opts *o;
	size_t nrec, nkeys;
	uint32_t *cnt;       /* after grouping: cnt[k] is the end of key k */
	uint32_t *order;     /* record indices, grouped by key */
	double *t;           /* their times, in the same order */
	struct flows_flow *p1, *p2;   /* pieces of the timeout, interval split */
	size_t n1, c1, n2, c2;
	double *dur;
};

/* Group: a counting sort by key keeps file order within a key. */
static int
group(struct build *b, const char *rb, size_t stride)
{
	size_t i, k, n = b->nrec ? b->nrec : 1;

	b->cnt = calloc(b->nkeys + 1, sizeof *b->cnt);
	/* a few bytes per packet: huge pages, fewer page faults */
	b->order = bigarr_alloc(n * sizeof *b->order);
	b->t = bigarr_alloc(n * sizeof *b->t);
	if (!b->cnt || !b->order || !b->t)
		return -1;
	for (i = 0; i < b->nrec; i++)
		b->cnt[head(rb, stride, i)->key + 1]++;
	for (k = 0; k < b->nkeys; k++)
		b->cnt[k + 1] += b->cnt[k];
	for (i = 0; i < b->nrec; i++) {
		const struct flows_head *h = head(rb, stride, i);
		uint32_t pos = b->cnt[h->key]++;

		b->order[pos] = (uint32_t)i;
		b->t[pos] = h->t;
	}
	/* now cnt[k] is the end of key k; its start is cnt[k-1] (0 for k=0) */
	return 0;
}

/* Timeout split, key by key in order of first appearance, of the keys
 * with at least thres packets. */
static int
split_timeout(struct build *b, long thres)
{
	const struct flows_opts *o = b->o;
	double *t = b->t;
	size_t k;

	for (k = 0; k < b->nkeys; k++) {
		uint32_t s = k ? b->cnt[k - 1] : 0, e = b->cnt[k], cur = s, j;
		int split = 0;

		if ((long)(e - s) < thres)
			continue;
		/* packets mostly come in time order: sort only when needed */
		for (j = s + 1; j < e && t[j - 1] <= t[j]; j++)
			;
		if (j < e && sort_range(b->order, t, s, e))
			return -1;
		if (o->timeout > 0)
			for (j = s + 1; j < e; j++)
				if (flows_timeout_split(t[j], t[j - 1], o->timeout)) {
					if (push(&b->p1, &b->n1, &b->c1, (uint32_t)k, cur, j - cur))
						return -1;
					cur = j;
					split = 1;
				}
		if (!split || o->keep_last)
			if (push(&b->p1, &b->n1, &b->c1, (uint32_t)k, cur, e - cur))
				return -1;
	}
	return 0;
}

/* The split interval: fixed, or the quantile of the pieces' durations.
 * -1 when out of memory. */
static int
choose_interval(struct build *b, struct flows_result *r)
{
	const struct flows_opts *o = b->o;
	double interval = 0;
	size_t i;

	if (o->interval > 0)
		interval = o->interval;
	else if (o->q_interval > 0 && b->n1 > 0) {
		b->dur = malloc(b->n1 * sizeof *b->dur);
		if (!b->dur)
			return -1;
		for (i = 0; i < b->n1; i++)
			b->dur[i] = b->t[b->p1[i].start + b->p1[i].n - 1] - b->t[b->p1[i].start];
		interval = numpy_quantile(b->dur, b->n1, o->q_interval);
		if (!(interval > 0)) {
			r->interval_zero = 1;
			interval = 0;
			for (i = 0; i < b->n1; i++)
				r->npositive += b->dur[i] > 0;
		}
	}
	r->interval = interval;
	return 0;
}

/* Interval split: a new piece starts at the grid point S + k*interval
 * at or before its first packet, and the next gap is measured from
 * there (netml's _flows2subflows). */
static int
split_interval(struct build *b, double interval)
{
	const double *t = b->t;
	size_t i;

	for (i = 0; i < b->n1; i++) {
		uint32_t s = b->p1[i].start, e = s + b->p1[i].n, cur = s, j;
		int split = 0;

		if (interval > 0) {
			double S = t[s], last = S;

			for (j = s + 1; j < e; j++)
				if (flows_interval_step(t[j], interval, &S, &last)) {
					if (push(&b->p2, &b->n2, &b->c2, b->p1[i].key, cur, j - cur))
						return -1;
					cur = j;
					split = 1;
				}
		}
		if (!split || b->o->keep_last)
			if (push(&b->p2, &b->n2, &b->c2, b->p1[i].key, cur, e - cur))
				return -1;
	}
	return 0;
}

/* Keep the pieces of at least thres packets, in order; their number. */
static size_t
keep_pieces(struct flows_flow *p, size_t n, long thres)
{
	size_t i, k;

	for (i = k = 0; i < n; i++)
		if ((long)p[i].n >= thres)
			p[k++] = p[i];
	return k;
}

int
flows_build(const void *recs, size_t stride, size_t nrec, size_t nkeys,
    const struct flows_opts *o, struct flows_result *r, const char **err)
{
	struct build b;
	/* netml drops fewer than max(2, thres) packets at steps 1 and 5 and
	 * fewer than thres at step 3: the same for any thres >= 2 */
	long thres = o->min_packets > 0 ? o->min_packets : 1;
	size_t i, n = nrec ? nrec : 1;
	int ok;

	memset(r, 0, sizeof *r);
	*err = "out of memory";
	if (nrec >= UINT32_MAX || nkeys >= UINT32_MAX) {
		*err = "more than 4294967294 packets";
		return -1;
	}
	memset(&b, 0, sizeof b);
	b.o = o;
	b.nrec = nrec;
	b.nkeys = nkeys;
	ok = group(&b, recs, stride) == 0 && split_timeout(&b, thres) == 0;
	if (ok) {
		b.n1 = keep_pieces(b.p1, b.n1, thres);
		r->pieces_timeout = b.n1;
		ok = choose_interval(&b, r) == 0 && split_interval(&b, r->interval) == 0;
	}
	if (ok) {
		r->nflows = keep_pieces(b.p2, b.n2, thres);
		for (i = 0; i < r->nflows; i++)
			r->npackets += b.p2[i].n;
		r->flows = b.p2;
		r->order = b.order;
		r->norder = nrec;
	} else {
		free(b.p2);
		bigarr_free(b.order, n * sizeof *b.order);
	}
	free(b.cnt);
	bigarr_free(b.t, n * sizeof *b.t);
	free(b.p1);
	free(b.dur);
	return ok ? 0 : -1;
}

void
flows_free(struct flows_result *r)
{
	if (r->order)
		bigarr_free(r->order, (r->norder ? r->norder : 1) * sizeof *r->order);
	free(r->flows);
	memset(r, 0, sizeof *r);
}
