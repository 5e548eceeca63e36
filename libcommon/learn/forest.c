/* forest.c: a random forest of CART trees that follows sklearn 1.2.1's
 * RandomForestClassifier, DepthFirstTreeBuilder, BestSplitter and Gini
 * (spec/sklearn.md section 5). What differs is speed, not the model: each
 * feature is ranked once and a node sorts only the features it draws, by
 * counting or radix sort on those ranks; Gini is updated in O(1) per row
 * from exact integer counts (bootstrap weights are integers), and trees are
 * built by a pool of threads. Only the random streams differ from
 * sklearn's. */
#include "learn/forest.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "learn/rng.h"
#include "learn/vec.h"
#include "base/num.h"
#include "base/util.h"

/* Values closer than this (in float32) count as equal (sklearn's
 * FEATURE_THRESHOLD, a DTYPE_t). */
#define FEATURE_THRESHOLD 1e-7f

struct node {
	int32_t feature;      /* -1 for a leaf */
	uint32_t next;        /* internal: right child (left is this + 1); leaf: leaf number */
	float thr;            /* x <= thr goes left: the largest float at most the
	                       * split's threshold (sklearn's double midpoint), the
	                       * same decision for every float32 x */
};

struct tree {
	size_t nn, nl, nz;    /* nodes, leaves, nonzero leaf entries */
	size_t capn, capl, capz;
	struct node *node;
	uint32_t *loff;       /* nl + 1 offsets into cls/cnt/prob */
	uint32_t *cls, *cnt;  /* sparse weighted class counts of each leaf */
	double *prob;         /* cnt / leaf total */
	double *imp;          /* this tree's normalised importances (d) */
	int splits;           /* has at least one internal node */
};

struct forest {
	size_t d;
	int K, ntrees;
	struct tree *trees;
	double *imp;
	uint64_t evals;       /* row-feature evaluations of the fit */
};

void
forest_default_params(struct forest_params *p)
{
	p->n_trees = 100;
	p->max_features = 0;
	p->min_samples_split = 2;
	p->min_samples_leaf = 1;
	p->max_depth = 0;
	p->bootstrap = 1;
	p->seed = 42;
	p->nthreads = 1;
}

/* ---- building ----------------------------------------------------------
 *
 * Each feature's values are ranked once per fit (rank r: the r-th distinct
 * float32 value, equal floats equal ranks). A node's rows sit contiguous in
 * one array, partitioned at every split as in sklearn; for each feature the
 * splitter draws, the node's ranks are gathered, then either counted per
 * rank and class when they take few distinct values (hist_feature), or
 * sorted (insertion sort for a few rows, else counting or LSD radix sort on
 * the rank) and scanned once. Only the features drawn are looked at (about
 * sqrt(d) of the d per node), instead of keeping every feature sorted
 * through every split. The splits are the ones sklearn's
 * BestSplitter finds (same candidates, same criterion, same ties); only the
 * random streams differ. */

/* Buckets of the counting and radix sorts (2^11: two passes sort 2^22
 * ranks). */
#define SORT_BUCKETS 2048

/* Shared, read-only input of the fit. */
struct ctx {
	const void *rank;      /* rank[f * n + row]: uint16_t if r16, else uint32_t */
	int r16;
	const float *vals;     /* distinct values: vals[voff[f] + rank] */
	const size_t *voff;
	const int *y;
	size_t n, d;
	int K;
	const struct forest_params *p;
	int max_features;
	const uint64_t *seeds;
	struct tree *trees;
	atomic_int next_tree;
	atomic_ullong evals;
};

struct rec {
	uint32_t start, end, depth;
	int64_t parent;       /* -1 for the root */
	int is_left;
	uint32_t nconst;      /* constant features known from the ancestors */
};

/* One worker's buffers, allocated once and reused for every tree. */
struct work {
	uint16_t *w;          /* bootstrap weight per row (n) */
	uint32_t *yw;         /* class << 16 | weight of each in-bag row (ns) */
	void *rt;             /* this tree's ranks, rt[f * ns + i] for in-bag row i:
	                       * the in-bag rows only, so that a column stays in
	                       * the caches longer */
	uint32_t *rows;       /* in-bag row numbers (0..ns-1), each node's contiguous */
	uint32_t ns;          /* in-bag rows */
	int avx2;             /* gather with AVX2 (vec.h; the same entries) */
	uint64_t evals;       /* rows gathered for a feature, over the nodes */
	uint64_t *e, *tmp;    /* n each: a node's (rank << 32 | class << 16 | weight) */
	uint32_t hist[SORT_BUCKETS];
	uint32_t *chist;      /* class histogram, 2 n + K entries */
	int64_t *cnt, *cl;    /* K each */
	int *features, *constf;       /* d each */
	struct rec *stack;
	size_t stackcap;
	struct rng rng;
};

struct best_split {
	uint32_t pos;         /* end when there is none */
	int feature;
	uint32_t lrank;       /* rows of rank <= lrank go left */
	double thr;
	double wl, wr, sql, sqr;
};

/* Order-preserving map from float bits to unsigned. */
static inline uint32_t
fkey(float v)
{
	uint32_t u;

	memcpy(&u, &v, sizeof u);
	return (u & 0x80000000u) ? ~u : u ^ 0x80000000u;
}

/* LSD radix sort of 64-bit keys by their upper 32 bits (stable). */
static void
sort_keys(uint64_t *a, uint64_t *tmp, size_t n)
{
	uint32_t hist[4][256];
	uint64_t *src = a, *dst = tmp;
	size_t i;
	int pass;

	if (n == 0)
		return;
	memset(hist, 0, sizeof hist);
	for (i = 0; i < n; i++) {
		uint32_t k = (uint32_t)(a[i] >> 32);

		hist[0][k & 0xff]++;
		hist[1][(k >> 8) & 0xff]++;
		hist[2][(k >> 16) & 0xff]++;
		hist[3][k >> 24]++;
	}
	for (pass = 0; pass < 4; pass++) {
		uint32_t *h = hist[pass], sum = 0;
		int sh = 32 + 8 * pass, b;
		uint64_t *t;

		if (h[(src[0] >> sh) & 0xff] == n)
			continue;       /* every key has the same byte here */
		for (b = 0; b < 256; b++) {
			uint32_t c = h[b];

			h[b] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[h[(src[i] >> sh) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

static double
gini(double sq, double w)
{
	return 1.0 - sq / (w * w);
}

/* Sort the cnt entries e (rank << 32 | payload, ranks in [lo, hi]) by
 * rank (stable); returns where they are, e or wk->tmp. Few entries: insertion sort; a
 * span of ranks of at most 2^11 that the entries fill well: one counting
 * pass with a bucket per rank; otherwise LSD passes over rank - lo, digits
 * as wide as two passes (or more, past 2^22) need. */
static const uint64_t *
sort_node(struct work *wk, uint64_t *e, uint32_t cnt, uint32_t lo, uint32_t hi)
{
	uint64_t *src = e, *dst = wk->tmp, base = (uint64_t)lo << 32;
	uint32_t span = hi - lo + 1, i, nb, bits = 1;
	int pass, npass, sh;

	if (cnt <= 32) {
		for (i = 1; i < cnt; i++) {
			uint64_t x = e[i];
			uint32_t j = i;

			for (; j > 0 && (e[j - 1] >> 32) > (x >> 32); j--)
				e[j] = e[j - 1];
			e[j] = x;
		}
		return e;
	}
	while (bits < 32 && (span - 1) >> bits)
		bits++;
	if (span <= SORT_BUCKETS && span <= 4 * cnt)
		npass = 1, sh = (int)bits;
	else {
		npass = bits <= 22 ? 2 : 3;
		sh = ((int)bits + npass - 1) / npass;
	}
	nb = 1u << sh;
	for (pass = 0; pass < npass; pass++) {
		uint32_t *h = wk->hist, sum = 0, b, mask = nb - 1;
		int shift = 32 + sh * pass;
		uint64_t *t;

		memset(h, 0, nb * sizeof *h);
		for (i = 0; i < cnt; i++)
			h[((src[i] - base) >> shift) & mask]++;
		for (b = 0; b < nb; b++) {
			uint32_t c = h[b];

			h[b] = sum;
			sum += c;
		}
		for (i = 0; i < cnt; i++)
			dst[h[((src[i] - base) >> shift) & mask]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	return src;
}

/* Scan feature feat's sorted entries e[0..cnt) of the node [start, end):
 * Gini from exact integer sums of squares. Moving weight w of class y, of
 * which c is already left and t in the node, to the left adds (2c + w) w
 * to the left's sum of squares and (w - 2 (t - c)) w to the right's. A
 * better split (strictly) goes to best. */
static void
scan_feature(const struct ctx *c, struct work *wk, const uint64_t *e, uint32_t start,
    uint32_t cnt, int feat, double wnode, double sqnode, double *best_proxy,
    struct best_split *best)
{
	const uint32_t msl = (uint32_t)c->p->min_samples_leaf;
	const float *vals = c->vals + c->voff[feat];
	const int64_t *tot = wk->cnt, W = (int64_t)wnode;
	int64_t sql = 0, sqr = (int64_t)sqnode, wl = 0, *cl = wk->cl;
	uint32_t i;

	memset(cl, 0, (size_t)c->K * sizeof *cl);
	for (i = 0; i + 1 < cnt; i++) {
		int64_t w = (uint16_t)e[i], y = (uint16_t)(e[i] >> 16), cy = cl[y];
		uint32_t r = (uint32_t)(e[i] >> 32), rn = (uint32_t)(e[i + 1] >> 32);
		int64_t wr;
		float v, vn;
		double proxy;

		sql += (2 * cy + w) * w;
		sqr += (w - 2 * (tot[y] - cy)) * w;
		cl[y] = cy + w;
		wl += w;
		if (rn == r)
			continue;
		v = vals[r];
		vn = vals[rn];
		if (vn <= v + FEATURE_THRESHOLD)
			continue;
		if (i + 1 < msl || cnt - (i + 1) < msl)
			continue;
		/* sklearn's proxy -(wr*gini_r + wl*gini_l) is sql/wl + sqr/wr up to
		 * a constant; one division */
		wr = W - wl;
		proxy = ((double)sql * (double)wr + (double)sqr * (double)wl) /
		    ((double)wl * (double)wr);
		if (proxy > *best_proxy) {
			double thr = v / 2.0 + vn / 2.0;

			*best_proxy = proxy;
			if (thr == (double)vn || thr == INFINITY || thr == -INFINITY)
				thr = v;
			best->pos = start + i + 1;
			best->feature = feat;
			best->lrank = r;
			best->thr = thr;
			best->wl = (double)wl;
			best->wr = (double)wr;
			best->sql = (double)sql;
			best->sqr = (double)sqr;
		}
	}
}

/* The same scan as scan_feature over a class histogram instead of sorted
 * entries, for a feature whose ranks in the node span few values (each
 * shared by several rows): the entries e[0..cnt) (ranks in [lo, lo + span))
 * are counted per rank and class, then the ranks are walked in order; the
 * split positions and the integer sums at each are the same, so is the
 * split found. */
static void
hist_feature(const struct ctx *c, struct work *wk, const uint64_t *e, uint32_t start,
    uint32_t cnt, int feat, uint32_t lo, uint32_t span, double wnode, double sqnode,
    double *best_proxy, struct best_split *best)
{
	const uint32_t msl = (uint32_t)c->p->min_samples_leaf;
	const float *vals = c->vals + c->voff[feat] + lo;
	const size_t K = (size_t)c->K;
	const int64_t *tot = wk->cnt, W = (int64_t)wnode;
	int64_t sql = 0, sqr = (int64_t)sqnode, wl = 0, *cl = wk->cl;
	uint32_t *h = wk->chist, *nr = wk->chist + span * K, i, j, jp = UINT32_MAX, nl = 0;
	size_t k;

	memset(h, 0, span * (K + 1) * sizeof *h);
	for (i = 0; i < cnt; i++) {
		uint32_t r = (uint32_t)(e[i] >> 32) - lo;

		h[r * K + (uint16_t)(e[i] >> 16)] += (uint16_t)e[i];
		nr[r]++;
	}
	memset(cl, 0, K * sizeof *cl);
	for (j = 0; j < span; j++) {
		const uint32_t *hj = h + (size_t)j * K;

		if (!nr[j])
			continue;
		if (jp != UINT32_MAX && vals[j] > vals[jp] + FEATURE_THRESHOLD &&
		    nl >= msl && cnt - nl >= msl) {
			int64_t wr = W - wl;
			double proxy = ((double)sql * (double)wr + (double)sqr * (double)wl) /
			    ((double)wl * (double)wr);

			if (proxy > *best_proxy) {
				double v = vals[jp], vn = vals[j], thr = v / 2.0 + vn / 2.0;

				*best_proxy = proxy;
				if (thr == (double)vals[j] || thr == INFINITY || thr == -INFINITY)
					thr = v;
				best->pos = start + nl;
				best->feature = feat;
				best->lrank = lo + jp;
				best->thr = thr;
				best->wl = (double)wl;
				best->wr = (double)wr;
				best->sql = (double)sql;
				best->sqr = (double)sqr;
			}
		}
		for (k = 0; k < K; k++) {      /* branch-free: w is mostly 0 */
			int64_t w = hj[k], cy = cl[k];

			sql += (2 * cy + w) * w;
			sqr += (w - 2 * (tot[k] - cy)) * w;
			cl[k] = cy + w;
			wl += w;
		}
		nl += nr[j];
		jp = j;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_GATHER_AVX2 1
/* The gather of node_split for 16-bit ranks, eight rows at a time with
 * AVX2's gathers (the same entries and range as the loop: integers). The
 * 32-bit gather of a rank reads the two bytes past it: rt has room. */
__attribute__((target("avx2"))) static void
gather_avx2(const uint16_t *rk, const uint32_t *rows, const uint32_t *yw, uint64_t *e,
    uint32_t cnt, uint32_t *plo, uint32_t *phi)
{
	__m256i vlo = _mm256_set1_epi32(-1), vhi = _mm256_setzero_si256();
	const __m256i m16 = _mm256_set1_epi32(0xffff);
	uint32_t i, lo = UINT32_MAX, hi = 0, l[8], h[8];
	int k;

	for (i = 0; i + 8 <= cnt; i += 8) {
		__m256i r = _mm256_loadu_si256((const __m256i *)(rows + i));
		__m256i x = _mm256_and_si256(_mm256_i32gather_epi32((const int *)rk, r, 2), m16);
		__m256i p = _mm256_i32gather_epi32((const int *)yw, r, 4);
		__m256i a = _mm256_unpacklo_epi32(p, x), b = _mm256_unpackhi_epi32(p, x);

		vlo = _mm256_min_epu32(vlo, x);
		vhi = _mm256_max_epu32(vhi, x);
		_mm256_storeu_si256((__m256i *)(e + i), _mm256_permute2x128_si256(a, b, 0x20));
		_mm256_storeu_si256((__m256i *)(e + i + 4), _mm256_permute2x128_si256(a, b, 0x31));
	}
	_mm256_storeu_si256((__m256i *)l, vlo);
	_mm256_storeu_si256((__m256i *)h, vhi);
	for (k = 0; k < 8; k++) {
		lo = l[k] < lo ? l[k] : lo;
		hi = h[k] > hi ? h[k] : hi;
	}
	for (; i < cnt; i++) {
		uint32_t row = rows[i], x = rk[row];

		e[i] = (uint64_t)x << 32 | yw[row];
		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	*plo = lo;
	*phi = hi;
}
#endif

/* sklearn's BestSplitter.node_split on the node's rows [start, end). */
static void
node_split(const struct ctx *c, struct work *wk, uint32_t start, uint32_t end,
    double wnode, double sqnode, uint32_t *nconst, struct best_split *best)
{
	const size_t d = c->d;
	size_t f_i = d, n_known = *nconst, n_total = n_known, n_drawn = 0, n_found = 0;
	size_t n_visited = 0, max_features = (size_t)c->max_features;
	double best_proxy = -INFINITY;
	uint32_t i, cnt = end - start;

	best->pos = end;
	while (f_i > n_total && (n_visited < max_features || n_visited <= n_found + n_drawn)) {
		size_t f_j;
		int feat, t;
		const float *vals;
		uint32_t lo = UINT32_MAX, hi = 0;

		n_visited++;
		f_j = n_drawn + (size_t)rng_below(&wk->rng, f_i - n_found - n_drawn);
		if (f_j < n_known) {
			t = wk->features[n_drawn];
			wk->features[n_drawn] = wk->features[f_j];
			wk->features[f_j] = t;
			n_drawn++;
			continue;
		}
		f_j += n_found;
		feat = wk->features[f_j];
		vals = c->vals + c->voff[feat];
		wk->evals += cnt;
#define GATHER(T) do {                                                  \
		const T *rk = (const T *)wk->rt + (size_t)feat * wk->ns;        \
		const uint32_t *rows = wk->rows + start, *yw = wk->yw;         \
		uint64_t *e = wk->e;                                            \
		for (i = 0; i < cnt; i++) {                                     \
			uint32_t row = rows[i], r = rk[row];                    \
                                                                                \
			e[i] = (uint64_t)r << 32 | yw[row];                     \
			lo = r < lo ? r : lo;                                   \
			hi = r > hi ? r : hi;                                   \
		}                                                               \
	} while (0)
#ifdef HAVE_GATHER_AVX2
		if (c->r16 && wk->avx2)
			gather_avx2((const uint16_t *)wk->rt + (size_t)feat * wk->ns,
			    wk->rows + start, wk->yw, wk->e, cnt, &lo, &hi);
		else
#endif
		if (c->r16)
			GATHER(uint16_t);
		else
			GATHER(uint32_t);
#undef GATHER
		if (vals[hi] <= vals[lo] + FEATURE_THRESHOLD) {
			t = wk->features[f_j];
			wk->features[f_j] = wk->features[n_total];
			wk->features[n_total] = t;
			n_found++;
			n_total++;
			continue;
		}
		f_i--;
		t = wk->features[f_i];
		wk->features[f_i] = wk->features[f_j];
		wk->features[f_j] = t;
		/* few distinct ranks, each shared by several rows: count, do not sort */
		if ((size_t)(hi - lo + 1) * (size_t)(c->K + 1) <= 4 * (size_t)cnt)
			hist_feature(c, wk, wk->e, start, cnt, feat, lo, hi - lo + 1, wnode, sqnode,
			    &best_proxy, best);
		else
			scan_feature(c, wk, sort_node(wk, wk->e, cnt, lo, hi), start, cnt, feat,
			    wnode, sqnode, &best_proxy, best);
	}
	/* sklearn's invariant: the known constants keep their order for the
	 * siblings; the newly found ones are appended. */
	memcpy(wk->features, wk->constf, n_known * sizeof *wk->features);
	memcpy(wk->constf + n_known, wk->features + n_known, n_found * sizeof *wk->constf);
	*nconst = (uint32_t)n_total;
}

/* The node's rows with x <= thr (rank <= lrank) first, each side in its
 * order: the rows of every node stay in increasing order, so that the
 * gathers of ranks and weights walk forward through memory. */
static void
apply_split(const struct ctx *c, struct work *wk, uint32_t start, uint32_t end,
    const struct best_split *best)
{
	uint32_t *r = wk->rows + start, *tmp = (uint32_t *)wk->tmp, i, l = 0, k = 0;
	size_t off = (size_t)best->feature * wk->ns;

	/* branch-free: the side is unpredictable */
	for (i = 0; i < end - start; i++) {
		uint32_t x = r[i], b = (c->r16 ? ((const uint16_t *)wk->rt)[off + x] :
		    ((const uint32_t *)wk->rt)[off + x]) <= best->lrank;

		r[l] = x;
		tmp[k] = x;
		l += b;
		k += b ^ 1;
	}
	memcpy(r + l, tmp, k * sizeof *r);
}

/* The largest float <= x (x finite, within float range). */
static float
float_below(double x)
{
	float f = (float)x;

	return (double)f > x ? nextafterf(f, -INFINITY) : f;
}

static uint32_t
add_node(struct tree *t)
{
	if (t->nn == t->capn) {
		t->capn = t->capn ? 2 * t->capn : 256;
		t->node = ereallocarray(t->node, t->capn, sizeof *t->node);
	}
	return (uint32_t)t->nn++;
}

static void
add_leaf(struct tree *t, struct node *nd, const int64_t *cnt, int K, double w)
{
	int k;

	if (t->nl + 2 > t->capl) {
		t->capl = t->capl ? 2 * t->capl : 256;
		t->loff = ereallocarray(t->loff, t->capl, sizeof *t->loff);
	}
	if (t->nl == 0)
		t->loff[0] = 0;
	nd->feature = -1;
	nd->thr = 0;
	nd->next = (uint32_t)t->nl;
	for (k = 0; k < K; k++) {
		if (!cnt[k])
			continue;
		if (t->nz == t->capz) {
			t->capz = t->capz ? 2 * t->capz : 256;
			t->cls = ereallocarray(t->cls, t->capz, sizeof *t->cls);
			t->cnt = ereallocarray(t->cnt, t->capz, sizeof *t->cnt);
			t->prob = ereallocarray(t->prob, t->capz, sizeof *t->prob);
		}
		t->cls[t->nz] = (uint32_t)k;
		t->cnt[t->nz] = (uint32_t)cnt[k];
		t->prob[t->nz] = (double)cnt[k] / w;
		t->nz++;
	}
	t->loff[++t->nl] = (uint32_t)t->nz;
}

/* Per-tree importances: sum of weighted impurity decreases, divided by the
 * root weight, normalised to sum 1 (sklearn's compute_feature_importances). */
static void
finish_importances(struct tree *t, size_t d, double wroot)
{
	double s = 0;
	size_t j;

	for (j = 0; j < d; j++)
		s += (t->imp[j] /= wroot);
	if (s > 0)
		for (j = 0; j < d; j++)
			t->imp[j] /= s;
}

/* Draw the bootstrap; number the in-bag rows 0..ns-1 (wk->rows), with
 * their classes and weights (wk->yw) and ranks (wk->rt). Returns ns. */
static uint32_t
bootstrap(const struct ctx *c, struct work *wk)
{
	const size_t n = c->n;
	size_t i, f;
	uint32_t ns = 0, *in = (uint32_t *)wk->tmp;

	if (c->p->bootstrap) {
		memset(wk->w, 0, n * sizeof *wk->w);
		for (i = 0; i < n; i++) {
			size_t row = (size_t)rng_below(&wk->rng, n);

			wk->w[row] += wk->w[row] < UINT16_MAX; /* never reached in practice */
		}
	} else
		for (i = 0; i < n; i++)
			wk->w[i] = 1;
	for (i = 0; i < n; i++) {
		in[ns] = (uint32_t)i;
		wk->yw[ns] = (uint32_t)c->y[i] << 16 | wk->w[i];
		ns += wk->w[i] != 0;
	}
	for (i = 0; i < ns; i++)
		wk->rows[i] = (uint32_t)i;
	for (f = 0; f < c->d; f++) {
		if (c->r16) {
			const uint16_t *src = (const uint16_t *)c->rank + f * n;
			uint16_t *dst = (uint16_t *)wk->rt + f * ns;

			for (i = 0; i < ns; i++)
				dst[i] = src[in[i]];
		} else {
			const uint32_t *src = (const uint32_t *)c->rank + f * n;
			uint32_t *dst = (uint32_t *)wk->rt + f * ns;

			for (i = 0; i < ns; i++)
				dst[i] = src[in[i]];
		}
	}
	wk->ns = ns;
	return ns;
}

/* sklearn's tests that make a node a leaf before any split is tried. */
static int
leaf_before_split(const struct forest_params *p, uint32_t depth, uint32_t nns, double impurity)
{
	return (p->max_depth > 0 && depth >= (uint32_t)p->max_depth) ||
	    nns < (uint32_t)p->min_samples_split ||
	    nns < 2 * (uint32_t)p->min_samples_leaf || impurity <= DBL_EPSILON;
}

static void
build_tree(const struct ctx *c, struct work *wk, struct tree *t, uint64_t seed)
{
	const size_t d = c->d, K = (size_t)c->K;
	const struct forest_params *p = c->p;
	size_t i, sp = 0;
	uint32_t ns;
	double wroot = 0;

	memset(t, 0, sizeof *t);
	t->imp = ecalloc(d, sizeof *t->imp);
	rng_seed(&wk->rng, seed);
	ns = bootstrap(c, wk);
	for (i = 0; i < d; i++)
		wk->features[i] = wk->constf[i] = (int)i;

	wk->stack[sp++] = (struct rec){ 0, ns, 0, -1, 0, 0 };
	while (sp) {
		struct rec r = wk->stack[--sp];
		uint32_t id = add_node(t), nns = r.end - r.start, nconst = r.nconst;
		struct node *nd;
		int64_t sq = 0, W = 0;
		double impurity;
		int is_leaf;
		struct best_split best = { 0, 0, 0, 0, 0, 0, 0, 0 };

		if (r.parent >= 0 && !r.is_left)
			t->node[r.parent].next = id;
		memset(wk->cnt, 0, K * sizeof *wk->cnt);
		for (i = r.start; i < r.end; i++) {
			uint32_t q = wk->yw[wk->rows[i]];

			wk->cnt[q >> 16] += q & 0xffff;
			W += q & 0xffff;
		}
		for (i = 0; i < K; i++)
			sq += wk->cnt[i] * wk->cnt[i];
		if (r.parent < 0)
			wroot = (double)W;
		impurity = gini((double)sq, (double)W);
		is_leaf = leaf_before_split(p, r.depth, nns, impurity);
		if (!is_leaf) {
			double il = 0, ir = 0, improvement;

			node_split(c, wk, r.start, r.end, (double)W, (double)sq, &nconst, &best);
			if (best.pos >= r.end)
				is_leaf = 1;
			else {
				il = gini(best.sql, best.wl);
				ir = gini(best.sqr, best.wr);
				improvement = ((double)W / wroot) * (impurity -
				    best.wr / (double)W * ir - best.wl / (double)W * il);
				if (improvement + DBL_EPSILON < 0)
					is_leaf = 1;
				else
					t->imp[best.feature] += (double)W * impurity -
					    best.wl * il - best.wr * ir;
			}
		}
		nd = &t->node[id];
		if (is_leaf) {
			add_leaf(t, nd, wk->cnt, (int)K, (double)W);
			continue;
		}
		nd->feature = best.feature;
		nd->thr = float_below(best.thr);
		t->splits = 1;
		apply_split(c, wk, r.start, r.end, &best);
		if (sp + 2 > wk->stackcap) {
			wk->stackcap *= 2;
			wk->stack = ereallocarray(wk->stack, wk->stackcap, sizeof *wk->stack);
		}
		wk->stack[sp++] = (struct rec){ best.pos, r.end, r.depth + 1, id, 0, nconst };
		wk->stack[sp++] = (struct rec){ r.start, best.pos, r.depth + 1, id, 1, nconst };
	}
	finish_importances(t, d, wroot);
}

static void *
worker(void *arg)
{
	struct ctx *c = arg;
	struct work wk;
	int ti;

	wk.w = ereallocarray(NULL, c->n, sizeof *wk.w);
	wk.yw = ereallocarray(NULL, c->n, sizeof *wk.yw);
	/* (+ 8 bytes: gather_avx2 reads two bytes past a rank) */
	wk.rt = emalloc(c->n * c->d * (c->r16 ? sizeof(uint16_t) : sizeof(uint32_t)) + 8);
	wk.avx2 = vec_avx2();
	wk.rows = ereallocarray(NULL, c->n, sizeof *wk.rows);
	wk.e = ereallocarray(NULL, c->n, sizeof *wk.e);
	wk.tmp = ereallocarray(NULL, c->n, sizeof *wk.tmp);
	wk.chist = ereallocarray(NULL, 4 * c->n + (size_t)c->K + 1, sizeof *wk.chist);
	wk.cnt = ecalloc((size_t)c->K, sizeof *wk.cnt);
	wk.cl = ecalloc((size_t)c->K, sizeof *wk.cl);
	wk.features = ecalloc(c->d, sizeof *wk.features);
	wk.constf = ecalloc(c->d, sizeof *wk.constf);
	wk.stackcap = 256;
	wk.evals = 0;
	wk.stack = ereallocarray(NULL, wk.stackcap, sizeof *wk.stack);
	while ((ti = atomic_fetch_add(&c->next_tree, 1)) < c->p->n_trees)
		build_tree(c, &wk, &c->trees[ti], c->seeds[ti]);
	atomic_fetch_add(&c->evals, wk.evals);
	free(wk.w);
	free(wk.yw);
	free(wk.rt);
	free(wk.rows);
	free(wk.e);
	free(wk.tmp);
	free(wk.chist);
	free(wk.cnt);
	free(wk.cl);
	free(wk.features);
	free(wk.constf);
	free(wk.stack);
	return NULL;
}

/* sklearn's feature_importances_: mean over trees that split, normalised. */
static void
forest_finish_importances(struct forest *f)
{
	size_t j;
	int t, used = 0;
	double s = 0;

	f->imp = ecalloc(f->d, sizeof *f->imp);
	for (t = 0; t < f->ntrees; t++) {
		if (!f->trees[t].splits)
			continue;
		used++;
		for (j = 0; j < f->d; j++)
			f->imp[j] += f->trees[t].imp[j];
	}
	if (!used)
		return;
	for (j = 0; j < f->d; j++)
		s += (f->imp[j] /= used);
	if (s > 0)
		for (j = 0; j < f->d; j++)
			f->imp[j] /= s;
}

/* X in float32 (sklearn's DTYPE), each feature ranked: rank[f * n + row],
 * and its distinct values in increasing order at vals + voff[f] (equal
 * floats, -0 and +0 among them, share a rank). The ranks are 16-bit when
 * no feature has more than 65536 distinct values (*r16 = 1). Returns them. */
static void *
rank_features(const double *X, size_t n, size_t d, int *r16, float **vals, size_t *voff)
{
	uint64_t *o = ereallocarray(NULL, n, sizeof *o), *tmp = ereallocarray(NULL, n, sizeof *tmp);
	uint32_t *rank = ereallocarray(NULL, n * d, sizeof *rank);
	float *v = ereallocarray(NULL, n * d, sizeof *v);
	size_t i, j, nv = 0;

	*r16 = 1;
	for (j = 0; j < d; j++) {
		voff[j] = nv;
		for (i = 0; i < n; i++)
			o[i] = (uint64_t)fkey((float)X[i * d + j]) << 32 | i;
		sort_keys(o, tmp, n);
		for (i = 0; i < n; i++) {
			float x = (float)X[(uint32_t)o[i] * d + j];

			if (i == 0 || x != v[nv - 1])
				v[nv++] = x;
			rank[j * n + (uint32_t)o[i]] = (uint32_t)(nv - 1 - voff[j]);
		}
		*r16 &= nv - voff[j] <= 65536;
	}
	voff[d] = nv;
	free(o);
	free(tmp);
	*vals = ereallocarray(v, nv ? nv : 1, sizeof *v);
	if (*r16) {
		uint16_t *r = (uint16_t *)rank;

		for (i = 0; i < n * d; i++)      /* in place: each read before its write */
			r[i] = (uint16_t)rank[i];
		return ereallocarray(rank, n * d, sizeof *r);
	}
	return rank;
}

const char *
forest_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct forest_params *p, struct forest **out)
{
	struct ctx c;
	struct forest *f;
	struct rng r;
	uint64_t *seeds;
	void *rank;
	float *vals;
	size_t *voff, i;
	pthread_t *th;
	int t, nth;

	*out = NULL;
	memset(&c, 0, sizeof c);
	if (K < 1 || K > UINT16_MAX)
		return "random forest needs between 1 and 65535 classes";
	if (n == 0 || d == 0)
		return "random forest needs at least one row and one feature";
	if (n >= UINT32_MAX || d > INT32_MAX / 2)
		return "data too large for the random forest";
	if (p->n_trees < 1 || p->max_features < 0 || p->min_samples_split < 2 ||
	    p->min_samples_leaf < 1 || p->max_depth < 0)
		return "invalid random forest hyperparameters";
	for (i = 0; i < n; i++)
		if (y[i] < 0 || y[i] >= K)
			return "class index out of range";
	for (i = 0; i < n * d; i++)
		if (!isfinite((float)X[i]))
			return "feature value not finite in float32";

	voff = ereallocarray(NULL, d + 1, sizeof *voff);
	rank = rank_features(X, n, d, &c.r16, &vals, voff);
	seeds = ereallocarray(NULL, (size_t)p->n_trees, sizeof *seeds);
	rng_seed(&r, p->seed);
	for (t = 0; t < p->n_trees; t++)
		seeds[t] = rng_next(&r);

	f = ecalloc(1, sizeof *f);
	f->d = d;
	f->K = K;
	f->ntrees = p->n_trees;
	f->trees = ecalloc((size_t)p->n_trees, sizeof *f->trees);

	c.rank = rank;
	c.vals = vals;
	c.voff = voff;
	c.y = y;
	c.n = n;
	c.d = d;
	c.K = K;
	c.p = p;
	c.max_features = p->max_features ? p->max_features : (int)floor(sqrt((double)d));
	if (c.max_features < 1)
		c.max_features = 1;
	if ((size_t)c.max_features > d)
		c.max_features = (int)d;
	c.seeds = seeds;
	c.trees = f->trees;
	atomic_init(&c.next_tree, 0);
	atomic_init(&c.evals, 0);

	nth = p->nthreads < 1 ? 1 : p->nthreads;
	if (nth > p->n_trees)
		nth = p->n_trees;
	th = ecalloc((size_t)nth, sizeof *th);
	for (t = 1; t < nth; t++)
		if (pthread_create(&th[t], NULL, worker, &c) != 0) {
			nth = t;        /* fewer threads; the work still gets done */
			break;
		}
	worker(&c);
	for (t = 1; t < nth; t++)
		pthread_join(th[t], NULL);
	free(th);
	free(seeds);
	free(rank);
	free(vals);
	free(voff);
	forest_finish_importances(f);
	f->evals = atomic_load(&c.evals);
	*out = f;
	return NULL;
}

/* ---- using ------------------------------------------------------------- */

void
forest_predict_proba(const struct forest *f, const double *X, size_t n, double *P)
{
	float *x = ereallocarray(NULL, f->d, sizeof *x);
	size_t i, j, K = (size_t)f->K;
	int t;

	for (i = 0; i < n; i++) {
		double *pr = P + i * K;

		for (j = 0; j < f->d; j++)
			x[j] = (float)X[i * f->d + j];
		for (j = 0; j < K; j++)
			pr[j] = 0;
		for (t = 0; t < f->ntrees; t++) {
			const struct tree *tr = &f->trees[t];
			const struct node *nd = tr->node;
			uint32_t k = 0, z;

			while (nd[k].feature >= 0)
				k = x[nd[k].feature] <= nd[k].thr ? k + 1 : nd[k].next;
			for (z = tr->loff[nd[k].next]; z < tr->loff[nd[k].next + 1]; z++)
				pr[tr->cls[z]] += tr->prob[z];
		}
		for (j = 0; j < K; j++)
			pr[j] /= (double)f->ntrees;
	}
	free(x);
}

void
forest_importances(const struct forest *f, double *imp)
{
	memcpy(imp, f->imp, f->d * sizeof *imp);
}

uint64_t
forest_evals(const struct forest *f)
{
	return f->evals;
}

size_t
forest_node_count(const struct forest *f)
{
	size_t s = 0;
	int t;

	for (t = 0; t < f->ntrees; t++)
		s += f->trees[t].nn;
	return s;
}

static void
tree_free(struct tree *t)
{
	free(t->node);
	free(t->loff);
	free(t->cls);
	free(t->cnt);
	free(t->prob);
	free(t->imp);
}

void
forest_free(struct forest *f)
{
	int t;

	if (!f)
		return;
	for (t = 0; t < f->ntrees; t++)
		tree_free(&f->trees[t]);
	free(f->trees);
	free(f->imp);
	free(f);
}

/* The shortest decimal t with f <= t < the next float above f: read back as
 * a double, x <= t for exactly the floats x <= f, so the file's threshold
 * decides as the split's own did (1.5 for the midpoint of 1 and 2, 16 for
 * the double midpoint 16.000000953674316 between adjacent floats), in 9
 * digits at most instead of 17. t is found by rounding f up (down for
 * negative f) to p = 1, 2, ... significant digits in exact 128-bit integer
 * arithmetic; its double is then what the reader's strtod gives (one
 * correctly rounded operation on exact operands, D < 2^53 and 10^k with
 * |k| <= 22). Magnitudes outside [1e-6, 1e9): the double f itself. Returns
 * the length written to buf (no NUL; at most FMT_DBL_MAX). */
static size_t
fmt_threshold(char *buf, float f)
{
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	    1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16 };
	double a = fabs((double)f), up = fabs((double)nextafterf(f, INFINITY));
	int neg = f < 0, q, e10, p;
	uint32_t m;
	char *b = buf;

	if (f == 0) {
		*b = '0';
		return 1;
	}
	if (!(a >= 1e-6 && a < 1e9) || isinf(up))
		return num_fmt_double(buf, (double)f);
	m = (uint32_t)ldexp(frexp(a, &q), 24);         /* a = m 2^(q - 24) */
	q -= 24;
	e10 = (int)floor(log10(a));
	for (p = 1; p <= 9; p++) {
		int k = p - 1 - e10;   /* t = D 10^-k, in [-9 + 0, 8 + 6] */
		unsigned __int128 num = m, den = 1, D;
		double td;

		if (k >= 0)
			num *= (unsigned __int128)p10[k];
		else
			den *= (unsigned __int128)p10[-k];
		if (q >= 0)
			num <<= q;
		else
			den <<= -q;
		/* D = ceil(a 10^k) for f > 0; floor for f < 0 (t is -D 10^-k) */
		D = num / den + (!neg && num % den != 0);
		td = k >= 0 ? (double)(uint64_t)D / p10[k] : (double)(uint64_t)D * p10[-k];
		if (neg ? td > up && td <= a : td >= a && td < up) {
			char dig[24];
			int nd = (int)num_fmt_u64(dig, (uint64_t)D), i;

			while (nd > 1 && dig[nd - 1] == '0' && k > 0) {
				nd--;
				k--;
			}
			if (neg)
				*b++ = '-';
			if (k >= nd + 3) {     /* d.ddde-X: shorter than 0.000ddd */
				int x = nd - 1 - k;

				*b++ = dig[0];
				if (nd > 1) {
					*b++ = '.';
					memcpy(b, dig + 1, (size_t)(nd - 1));
					b += nd - 1;
				}
				*b++ = 'e';
				*b++ = '-';
				b = num_put_u(b, (uint64_t)-x);
			} else if (k <= 0) {          /* an integer: digits then -k zeros */
				memcpy(b, dig, (size_t)nd);
				b += nd;
				for (i = 0; i < -k; i++)
					*b++ = '0';
			} else if (k >= nd) {  /* 0.000ddd */
				*b++ = '0';
				*b++ = '.';
				for (i = 0; i < k - nd; i++)
					*b++ = '0';
				memcpy(b, dig, (size_t)nd);
				b += nd;
			} else {               /* dd.ddd */
				memcpy(b, dig, (size_t)(nd - k));
				b += nd - k;
				*b++ = '.';
				memcpy(b, dig + nd - k, (size_t)k);
				b += k;
			}
			return (size_t)(b - buf);
		}
	}
	return num_fmt_double(buf, (double)f);
}

/* A line of the model file built in memory: a key then numbers. */
struct line {
	char *b;
	size_t len, cap;
};

static char *
line_room(struct line *l, size_t n)
{
	if (l->cap - l->len < n) {
		l->cap = 2 * l->cap + n;
		l->b = erealloc(l->b, l->cap);
	}
	return l->b + l->len;
}

static void
line_u(struct line *l, uint64_t v)
{
	char *p = line_room(l, 22);

	*p++ = ' ';
	l->len = (size_t)(num_put_u(p, v) - l->b);
}

static void
line_key(struct line *l, const char *key)
{
	size_t n = strlen(key);

	memcpy(line_room(l, n), key, n);
	l->len += n;
}

void
forest_save(const struct forest *f, FILE *out)
{
	struct line l = { NULL, 0, 0 };
	long nt = f->ntrees;
	int t;

	modelfile_put_longs(out, "forest_trees", &nt, 1);
	modelfile_put_doubles(out, "importances", f->imp, f->d);
	for (t = 0; t < f->ntrees; t++) {
		const struct tree *tr = &f->trees[t];
		size_t i;

		l.len = 0;
		line_key(&l, "tree");
		line_u(&l, tr->nn);
		line_key(&l, "\nfeature");
		for (i = 0; i < tr->nn; i++) {
			if (tr->node[i].feature >= 0)
				line_u(&l, (uint64_t)tr->node[i].feature);
			else
				line_key(&l, " -1");
		}
		line_key(&l, "\nthreshold");
		for (i = 0; i < tr->nn; i++)
			if (tr->node[i].feature >= 0) {
				char *p = line_room(&l, FMT_DBL_MAX + 1);

				*p = ' ';
				l.len += 1 + fmt_threshold(p + 1, tr->node[i].thr);
			}
		line_key(&l, "\nleaf_nnz");
		for (i = 0; i < tr->nl; i++)
			line_u(&l, tr->loff[i + 1] - tr->loff[i]);
		line_key(&l, "\nleaf_class");
		for (i = 0; i < tr->nz; i++)
			line_u(&l, tr->cls[i]);
		line_key(&l, "\nleaf_count");
		for (i = 0; i < tr->nz; i++)
			line_u(&l, tr->cnt[i]);
		line_key(&l, "\n");
		fwrite(l.b, 1, l.len, out);
	}
	free(l.b);
}

/* Read one tree; the preorder feature list fixes the shape: a node after an
 * internal node is its left child, a node after a leaf is the right child
 * of the innermost internal node still waiting for one. */
static int
load_tree(struct modelfile *t, size_t d, int K, struct tree *tr)
{
	long nn, *v = NULL;
	uint32_t *wait = NULL;
	size_t i, nw = 0, ni = 0, nl = 0, nz = 0, k, z;
	int rc = -1;

	if (modelfile_long(t, "tree", 1, INT32_MAX, &nn) < 0)
		return -1;
	/* every node takes at least two bytes of the feature line: a bound
	 * that keeps a damaged count from allocating gigabytes */
	if ((size_t)nn > (t->len - t->pos) / 2)
		return modelfile_fail(t, "tree of %ld nodes is longer than the rest of the file", nn);
	tr->nn = (size_t)nn;
	tr->node = ecalloc(tr->nn, sizeof *tr->node);
	v = ereallocarray(NULL, tr->nn, sizeof *v);
	wait = ereallocarray(NULL, tr->nn, sizeof *wait);
	if (modelfile_longs(t, "feature", -1, (long)d - 1, v, tr->nn) < 0)
		goto out;
	for (i = 0; i < tr->nn; i++) {
		if (i > 0 && tr->node[i - 1].feature < 0) {
			if (nw == 0) {
				modelfile_fail(t, "tree has nodes after its last leaf");
				goto out;
			}
			tr->node[wait[--nw]].next = (uint32_t)i;
		}
		tr->node[i].feature = (int32_t)v[i];
		if (v[i] >= 0) {
			wait[nw++] = (uint32_t)i;
			ni++;
		} else
			tr->node[i].next = (uint32_t)nl++;
	}
	if (nw) {
		modelfile_fail(t, "tree ends before all its nodes have two children");
		goto out;
	}
	tr->nl = nl;
	tr->splits = ni > 0;
	{
		double *thr = ereallocarray(NULL, ni ? ni : 1, sizeof *thr);

		if (modelfile_doubles(t, "threshold", thr, ni) < 0) {
			free(thr);
			goto out;
		}
		for (i = 0, k = 0; i < tr->nn; i++)
			if (tr->node[i].feature >= 0) {
				if (!(fabs(thr[k]) <= FLT_MAX)) {
					free(thr);
					modelfile_fail(t, "threshold %zu out of float32 range", k + 1);
					goto out;
				}
				tr->node[i].thr = float_below(thr[k++]);
			}
		free(thr);
	}
	v = ereallocarray(v, nl > (size_t)K ? nl : (size_t)K, sizeof *v);
	if (modelfile_longs(t, "leaf_nnz", 1, K, v, nl) < 0)
		goto out;
	tr->loff = ereallocarray(NULL, nl + 1, sizeof *tr->loff);
	tr->loff[0] = 0;
	for (i = 0; i < nl; i++) {
		nz += (size_t)v[i];
		tr->loff[i + 1] = (uint32_t)nz;
	}
	tr->nz = nz;
	tr->cls = ereallocarray(NULL, nz ? nz : 1, sizeof *tr->cls);
	tr->cnt = ereallocarray(NULL, nz ? nz : 1, sizeof *tr->cnt);
	tr->prob = ereallocarray(NULL, nz ? nz : 1, sizeof *tr->prob);
	v = ereallocarray(v, nz ? nz : 1, sizeof *v);
	if (modelfile_longs(t, "leaf_class", 0, K - 1, v, nz) < 0)
		goto out;
	for (z = 0; z < nz; z++)
		tr->cls[z] = (uint32_t)v[z];
	if (modelfile_longs(t, "leaf_count", 1, UINT32_MAX, v, nz) < 0)
		goto out;
	for (z = 0; z < nz; z++)
		tr->cnt[z] = (uint32_t)v[z];
	for (i = 0; i < nl; i++) {
		double w = 0;

		for (z = tr->loff[i]; z < tr->loff[i + 1]; z++) {
			if (z > tr->loff[i] && tr->cls[z] <= tr->cls[z - 1]) {
				modelfile_fail(t, "leaf classes not in increasing order");
				goto out;
			}
			w += tr->cnt[z];
		}
		for (z = tr->loff[i]; z < tr->loff[i + 1]; z++)
			tr->prob[z] = (double)tr->cnt[z] / w;
	}
	rc = 0;
out:
	free(v);
	free(wait);
	return rc;
}

const char *
forest_load(struct modelfile *t, size_t d, int K, struct forest **out)
{
	struct forest *f;
	long nt;
	int i;

	*out = NULL;
	if (modelfile_long(t, "forest_trees", 1, 1L << 20, &nt) < 0)
		return t->err;
	if ((size_t)nt > (t->len - t->pos) / 16) {     /* a tree takes > 16 bytes */
		modelfile_fail(t, "%ld trees do not fit in the rest of the file", nt);
		return t->err;
	}
	f = ecalloc(1, sizeof *f);
	f->d = d;
	f->K = K;
	f->imp = ecalloc(d, sizeof *f->imp);
	f->trees = ecalloc((size_t)nt, sizeof *f->trees);
	if (modelfile_doubles(t, "importances", f->imp, d) < 0)
		goto fail;
	for (i = 0; i < nt; i++) {
		f->ntrees = i + 1;
		if (load_tree(t, d, K, &f->trees[i]) < 0)
			goto fail;
	}
	*out = f;
	return NULL;
fail:
	forest_free(f);
	return t->err;
}
