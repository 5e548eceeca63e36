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

int
flows_build(const void *recs, size_t stride, size_t nrec, size_t nkeys,
    const struct flows_opts *o, struct flows_result *r, const char **err)
{
	const char *rb = recs;
	uint32_t *cnt = NULL, *order = NULL;
	struct flows_flow *p1 = NULL, *p2 = NULL;
	size_t n1 = 0, c1 = 0, n2 = 0, c2 = 0, i, k;
	long thres = o->min_packets, thres2 = thres > 2 ? thres : 2;
	double *t = NULL, *dur = NULL, interval = 0;

	memset(r, 0, sizeof *r);
	*err = "out of memory";
	if (nrec >= UINT32_MAX || nkeys >= UINT32_MAX) {
		*err = "more than 4294967294 packets";
		return -1;
	}
	/* Group: a counting sort by key keeps file order within a key. */
	cnt = calloc(nkeys + 1, sizeof *cnt);
	/* a few bytes per packet: huge pages, fewer page faults */
	order = bigarr_alloc((nrec ? nrec : 1) * sizeof *order);
	t = bigarr_alloc((nrec ? nrec : 1) * sizeof *t);
	if (!cnt || !order || !t)
		goto fail;
	for (i = 0; i < nrec; i++)
		cnt[head(rb, stride, i)->key + 1]++;
	for (k = 0; k < nkeys; k++)
		cnt[k + 1] += cnt[k];
	for (i = 0; i < nrec; i++) {
		const struct flows_head *h = head(rb, stride, i);
		uint32_t pos = cnt[h->key]++;

		order[pos] = (uint32_t)i;
		t[pos] = h->t;
	}
	/* now cnt[k] is the end of key k; its start is cnt[k-1] (0 for k=0) */

	/* Timeout split, key by key in order of first appearance. */
	for (k = 0; k < nkeys; k++) {
		uint32_t s = k ? cnt[k - 1] : 0, e = cnt[k], cur = s, j;
		int split = 0;

		if ((long)(e - s) < thres2)
			continue;
		/* packets mostly come in time order: sort only when needed */
		for (j = s + 1; j < e && t[j - 1] <= t[j]; j++)
			;
		if (j < e && sort_range(order, t, s, e))
			goto fail;
		if (o->timeout > 0)
			for (j = s + 1; j < e; j++)
				if (flows_timeout_split(t[j], t[j - 1], o->timeout)) {
					if (push(&p1, &n1, &c1, (uint32_t)k, cur, j - cur))
						goto fail;
					cur = j;
					split = 1;
				}
		if (!split || o->keep_last)
			if (push(&p1, &n1, &c1, (uint32_t)k, cur, e - cur))
				goto fail;
	}
	/* Keep pieces of >= thres (netml: thres here, not max(2, thres)). */
	for (i = k = 0; i < n1; i++)
		if ((long)p1[i].n >= thres)
			p1[k++] = p1[i];
	n1 = k;
	r->pieces_timeout = n1;

	/* The split interval. */
	if (o->interval > 0)
		interval = o->interval;
	else if (o->q_interval > 0 && n1 > 0) {
		dur = malloc(n1 * sizeof *dur);
		if (!dur)
			goto fail;
		for (i = 0; i < n1; i++)
			dur[i] = t[p1[i].start + p1[i].n - 1] - t[p1[i].start];
		interval = numpy_quantile(dur, n1, o->q_interval);
		if (!(interval > 0)) {
			r->interval_zero = 1;
			interval = 0;
		}
	}
	r->interval = interval;

	/* Interval split: a new piece starts at the grid point S + k*interval
	 * at or before its first packet, and the next gap is measured from
	 * there (netml's _flows2subflows). */
	for (i = 0; i < n1; i++) {
		uint32_t s = p1[i].start, e = s + p1[i].n, cur = s, j;
		int split = 0;

		if (interval > 0) {
			double S = t[s], last = S;

			for (j = s + 1; j < e; j++)
				if (flows_interval_step(t[j], interval, &S, &last)) {
					if (push(&p2, &n2, &c2, p1[i].key, cur, j - cur))
						goto fail;
					cur = j;
					split = 1;
				}
		}
		if (!split || o->keep_last)
			if (push(&p2, &n2, &c2, p1[i].key, cur, e - cur))
				goto fail;
	}
	for (i = k = 0; i < n2; i++)
		if ((long)p2[i].n >= thres2) {
			p2[k++] = p2[i];
			r->npackets += p2[i].n;
		}
	r->nflows = k;
	r->flows = p2;
	r->order = order;
	r->norder = nrec;
	free(cnt);
	bigarr_free(t, (nrec ? nrec : 1) * sizeof *t);
	free(p1);
	free(dur);
	return 0;
fail:
	free(cnt);
	bigarr_free(t, (nrec ? nrec : 1) * sizeof *t);
	bigarr_free(order, (nrec ? nrec : 1) * sizeof *order);
	free(p1);
	free(p2);
	free(dur);
	return -1;
}

void
flows_free(struct flows_result *r)
{
	if (r->order)
		bigarr_free(r->order, (r->norder ? r->norder : 1) * sizeof *r->order);
	free(r->flows);
	memset(r, 0, sizeof *r);
}
