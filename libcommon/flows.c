/* flows.c: netml's grouping, timeout split and interval split (flows.h). */
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "npmath.h"

struct ctx {
	const char *recs;
	size_t stride;
};

static inline double
tm(const struct ctx *c, uint32_t i)
{
	return ((const struct fl_head *)(const void *)(c->recs + (size_t)i * c->stride))->t;
}

/* Stable merge sort of idx[0..n) by time (netml: sorted(key=time)). */
static void
msort(const struct ctx *c, uint32_t *idx, uint32_t *tmp, size_t n)
{
	size_t h, i, j, k;

	if (n < 2)
		return;
	if (n <= 16) {	/* insertion sort: stable */
		for (i = 1; i < n; i++) {
			uint32_t v = idx[i];
			double t = tm(c, v);

			for (j = i; j > 0 && tm(c, idx[j - 1]) > t; j--)
				idx[j] = idx[j - 1];
			idx[j] = v;
		}
		return;
	}
	h = n / 2;
	msort(c, idx, tmp, h);
	msort(c, idx + h, tmp, n - h);
	if (tm(c, idx[h - 1]) <= tm(c, idx[h]))
		return;
	memcpy(tmp, idx, h * sizeof *idx);
	for (i = 0, j = h, k = 0; i < h && j < n;)
		idx[k++] = tm(c, idx[j]) < tm(c, tmp[i]) ? idx[j++] : tmp[i++];
	while (i < h)
		idx[k++] = tmp[i++];
}

static int
push(struct fl_flow **v, size_t *n, size_t *cap, uint32_t key, uint32_t start, uint32_t len)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		struct fl_flow *p = realloc(*v, nc * sizeof *p);

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

int
fl_build(const void *recs, size_t stride, size_t nrec, size_t nkeys,
    const struct fl_opts *o, struct fl_result *r, const char **err)
{
	struct ctx c = { recs, stride };
	uint32_t *cnt = NULL, *tmp = NULL, *order = NULL;
	struct fl_flow *p1 = NULL, *p2 = NULL;
	size_t n1 = 0, c1 = 0, n2 = 0, c2 = 0, i, k, maxn = 0;
	long thres = o->min_packets, thres2 = thres > 2 ? thres : 2;
	double *dur = NULL, interval = 0;

	memset(r, 0, sizeof *r);
	*err = "out of memory";
	if (nrec >= UINT32_MAX || nkeys >= UINT32_MAX) {
		*err = "more than 4294967294 packets";
		return -1;
	}
	/* Group: a counting sort by key keeps file order within a key. */
	cnt = calloc(nkeys + 1, sizeof *cnt);
	order = malloc((nrec ? nrec : 1) * sizeof *order);
	if (!cnt || !order)
		goto fail;
	for (i = 0; i < nrec; i++)
		cnt[((const struct fl_head *)(const void *)(c.recs + i * stride))->key + 1]++;
	for (k = 0; k < nkeys; k++) {
		if (cnt[k + 1] > maxn)
			maxn = cnt[k + 1];
		cnt[k + 1] += cnt[k];
	}
	for (i = 0; i < nrec; i++)
		order[cnt[((const struct fl_head *)(const void *)(c.recs + i * stride))->key]++] = (uint32_t)i;
	/* now cnt[k] is the end of key k; its start is cnt[k-1] (0 for k=0) */
	tmp = malloc((maxn / 2 + 1) * sizeof *tmp);
	if (!tmp)
		goto fail;

	/* Timeout split, key by key in order of first appearance. */
	for (k = 0; k < nkeys; k++) {
		uint32_t s = k ? cnt[k - 1] : 0, e = cnt[k], cur, j;
		int split = 0;

		double prev, t;

		if ((long)(e - s) < thres2)
			continue;
		/* packets mostly come in time order: sort only when needed */
		for (j = s + 1, prev = tm(&c, order[s]); j < e; j++, prev = t)
			if ((t = tm(&c, order[j])) < prev)
				break;
		if (j < e)
			msort(&c, order + s, tmp, e - s);
		cur = s;
		if (o->timeout > 0)
			for (j = s + 1, prev = tm(&c, order[s]); j < e; j++, prev = t)
				if ((t = tm(&c, order[j])) - prev > o->timeout) {
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
			dur[i] = tm(&c, order[p1[i].start + p1[i].n - 1]) - tm(&c, order[p1[i].start]);
		interval = np_quantile(dur, n1, o->q_interval);
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
		double S, last;
		int split = 0;

		if (interval > 0) {
			S = last = tm(&c, order[s]);
			for (j = s + 1; j < e; j++) {
				double t = tm(&c, order[j]);

				if (t - last > interval) {
					if (push(&p2, &n2, &c2, p1[i].key, cur, j - cur))
						goto fail;
					S = S + pyfloordiv(t - S, interval) * interval;
					last = S;
					cur = j;
					split = 1;
				} else
					last = t;
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
	free(tmp);
	free(p1);
	free(dur);
	return 0;
fail:
	free(cnt);
	free(tmp);
	free(order);
	free(p1);
	free(p2);
	free(dur);
	return -1;
}

void
fl_free(struct fl_result *r)
{
	free(r->order);
	free(r->flows);
	memset(r, 0, sizeof *r);
}
