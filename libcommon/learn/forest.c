/* forest.c: a random forest of CART trees that follows sklearn 1.2.1's
 * RandomForestClassifier, DepthFirstTreeBuilder, BestSplitter and Gini
 * (spec/sklearn.md section 5). What differs is speed, not the model: each
 * feature is sorted once (radix sort on float32 keys) and every split
 * partitions the sorted lists instead of sorting each node again, Gini is
 * updated in O(1) per row from exact integer counts (bootstrap weights are
 * integers), and trees are built by a pool of threads. Only the random
 * streams differ from sklearn's. */
#include "learn/forest.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "learn/rng.h"
#include "base/util.h"

/* Values closer than this (in float32) count as equal (sklearn's
 * FEATURE_THRESHOLD, a DTYPE_t). */
#define FEATURE_THRESHOLD 1e-7f

struct node {
	int32_t feature;      /* -1 for a leaf */
	uint32_t next;        /* internal: right child (left is this + 1); leaf: leaf number */
	double thr;           /* x <= thr goes left */
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
 * Instead of sorting a node's values for every candidate feature (what
 * sklearn does), each feature is sorted once per fit; a tree keeps, per
 * feature, its in-bag rows in that order, and every split partitions these
 * lists stably, so each node's rows stay contiguous and sorted in every
 * feature. Evaluating a feature is then one sequential scan. The splits are
 * the ones sklearn's BestSplitter finds (same candidates, same criterion);
 * only the random streams differ. */

/* One in-bag row in one feature's sorted list (8 bytes: the lists are
 * partitioned at every split, so their size is what the fit costs). */
struct ent {
	float v;
	uint32_t row;
};

/* Shared, read-only input of the fit. */
struct ctx {
	const uint64_t *order; /* per feature, (sortable value << 32 | row) sorted: order[f * n + i] */
	const int *y;
	size_t n, d;
	int K;
	const struct forest_params *p;
	int max_features;
	const uint64_t *seeds;
	struct tree *trees;
	atomic_int next_tree;
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
	struct yw { uint16_t y, w; } *yw; /* class and weight per row (n) */
	uint8_t *left;        /* per row: goes left at the current split (n) */
	struct ent *S;        /* d + 1 lists of ns entries: S[f * n + i]; list d holds the rows */
	struct ent *tmp;      /* n */
	int64_t *cnt, *cl, *cr;       /* K each */
	int *features, *constf;       /* d each */
	uint8_t *isconst;     /* d */
	struct rec *stack;
	size_t stackcap;
	struct rng rng;
};

struct best_split {
	uint32_t pos;         /* end when there is none */
	int feature;
	double thr;
	double wl, wr, sql, sqr;
};

/* Order-preserving map from float bits to unsigned, and back. */
static inline uint32_t
fkey(float v)
{
	uint32_t u;

	memcpy(&u, &v, sizeof u);
	return (u & 0x80000000u) ? ~u : u ^ 0x80000000u;
}

static inline float
keyf(uint64_t k)
{
	uint32_t u = (uint32_t)(k >> 32);
	float v;

	u = (u & 0x80000000u) ? u ^ 0x80000000u : ~u;
	memcpy(&v, &u, sizeof v);
	return v;
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

/* Reorder e[0..cnt) so that the entries whose row goes left come first,
 * keeping the order on both sides (tmp holds the right side meanwhile). */
static void
stable_partition(struct ent *e, uint32_t cnt, const uint8_t *left, struct ent *tmp)
{
	uint32_t i, l = 0, r = 0;

	/* branch-free: the side is unpredictable */
	for (i = 0; i < cnt; i++) {
		struct ent x = e[i];
		uint32_t b = left[x.row];

		e[l] = x;
		tmp[r] = x;
		l += b;
		r += b ^ 1;
	}
	memcpy(e + l, tmp, r * sizeof *e);
}

/* sklearn's BestSplitter.node_split on the node's rows [start, end). */
static void
node_split(const struct ctx *c, struct work *wk, uint32_t start, uint32_t end,
    double wnode, double sqnode, uint32_t *nconst, struct best_split *best)
{
	const size_t n = c->n, d = c->d, K = (size_t)c->K;
	const uint32_t msl = (uint32_t)c->p->min_samples_leaf;
	size_t f_i = d, n_known = *nconst, n_total = n_known, n_drawn = 0, n_found = 0;
	size_t n_visited = 0, max_features = (size_t)c->max_features;
	double best_proxy = -INFINITY;
	uint32_t i, cnt = end - start;

	best->pos = end;
	while (f_i > n_total && (n_visited < max_features || n_visited <= n_found + n_drawn)) {
		size_t f_j;
		int feat, t;
		const struct ent *e;
		int64_t sql, sqr, wl, wr;

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
		e = wk->S + (size_t)feat * n + start;
		if (e[cnt - 1].v <= e[0].v + FEATURE_THRESHOLD) {
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

		/* Scan the positions; Gini from exact integer sums of squares:
		 * moving weight w of class y to the left changes sum(count^2)
		 * by (2 count + w) w on the left and (w - 2 count) w on the right. */
		memset(wk->cl, 0, K * sizeof *wk->cl);
		memcpy(wk->cr, wk->cnt, K * sizeof *wk->cr);
		sql = 0;
		sqr = (int64_t)sqnode;
		wl = 0;
		wr = (int64_t)wnode;
		for (i = 0; i + 1 < cnt; i++) {
			struct yw q = wk->yw[e[i].row];
			int64_t w = q.w, y = q.y;
			float v = e[i].v, vn = e[i + 1].v;
			double proxy;

			sql += (2 * wk->cl[y] + w) * w;
			wk->cl[y] += w;
			sqr += (w - 2 * wk->cr[y]) * w;
			wk->cr[y] -= w;
			wl += w;
			wr -= w;
			if (vn <= v + FEATURE_THRESHOLD)
				continue;
			if (i + 1 < msl || cnt - (i + 1) < msl)
				continue;
			/* sklearn's proxy -(wr*gini_r + wl*gini_l) is
			 * sql/wl + sqr/wr up to a constant; one division */
			proxy = ((double)sql * (double)wr + (double)sqr * (double)wl) /
			    ((double)wl * (double)wr);
			if (proxy > best_proxy) {
				double thr = v / 2.0 + vn / 2.0;

				best_proxy = proxy;
				if (thr == (double)vn || thr == INFINITY || thr == -INFINITY)
					thr = v;
				best->pos = start + i + 1;
				best->feature = feat;
				best->thr = thr;
				best->wl = (double)wl;
				best->wr = (double)wr;
				best->sql = (double)sql;
				best->sqr = (double)sqr;
			}
		}
	}
	/* sklearn's invariant: the known constants keep their order for the
	 * siblings; the newly found ones are appended. */
	memcpy(wk->features, wk->constf, n_known * sizeof *wk->features);
	memcpy(wk->constf + n_known, wk->features + n_known, n_found * sizeof *wk->constf);
	*nconst = (uint32_t)n_total;
}

/* Rows left of the split position in the best feature's order are those
 * with x <= thr. The row list is always partitioned (the leaves' counts come
 * from it); the feature lists only when a child will be split again.
 * Features constant here are never looked at again below: left alone. */
static void
apply_split(const struct ctx *c, struct work *wk, uint32_t start, uint32_t end,
    const struct best_split *best, uint32_t nconst, int lists)
{
	const size_t n = c->n, d = c->d;
	const struct ent *e = wk->S + (size_t)best->feature * n + start;
	uint32_t i, cnt = end - start, nl = best->pos - start;
	size_t j;

	for (i = 0; i < cnt; i++)
		wk->left[e[i].row] = i < nl;
	stable_partition(wk->S + d * n + start, cnt, wk->left, wk->tmp);
	if (!lists)
		return;
	memset(wk->isconst, 0, d);
	for (j = 0; j < nconst; j++)
		wk->isconst[wk->constf[j]] = 1;
	for (j = 0; j < d; j++) {
		struct ent *l = wk->S + j * n + start;

		if ((int)j == best->feature || wk->isconst[j])
			continue;       /* already in order, or never read again */
		/* Constant here (whether or not the splitter has drawn it): any
		 * part of this sorted slice is constant too, so the children
		 * find it constant without the partition. */
		if (l[cnt - 1].v <= l[0].v + FEATURE_THRESHOLD)
			continue;
		stable_partition(l, cnt, wk->left, wk->tmp);
	}
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

/* Draw the bootstrap and fill the per-feature sorted lists; returns the
 * number of distinct in-bag rows. */
static uint32_t
bootstrap(const struct ctx *c, struct work *wk)
{
	const size_t n = c->n, d = c->d;
	size_t i, f;
	uint32_t ns = 0;

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
		wk->yw[i].y = (uint16_t)c->y[i];
		wk->yw[i].w = wk->w[i];
	}
	for (f = 0; f <= d; f++) {
		const uint64_t *o = c->order + f * n;
		struct ent *e = wk->S + f * n;
		uint32_t k = 0;

		/* branch-free: about a third of the rows are out of bag */
		for (i = 0; i < n; i++) {
			uint32_t row = f < d ? (uint32_t)o[i] : (uint32_t)i;

			e[k].v = f < d ? keyf(o[i]) : 0;
			e[k].row = row;
			k += wk->w[row] != 0;
		}
		ns = k;
	}
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
	const size_t n = c->n, d = c->d, K = (size_t)c->K;
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
		struct best_split best = { 0, 0, 0, 0, 0, 0, 0 };

		if (r.parent >= 0 && !r.is_left)
			t->node[r.parent].next = id;
		memset(wk->cnt, 0, K * sizeof *wk->cnt);
		for (i = r.start; i < r.end; i++) {
			struct yw q = wk->yw[wk->S[d * n + i].row];

			wk->cnt[q.y] += q.w;
			W += q.w;
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
		nd->thr = best.thr;
		t->splits = 1;
		apply_split(c, wk, r.start, r.end, &best, nconst,
		    !leaf_before_split(p, r.depth + 1, best.pos - r.start,
			gini(best.sql, best.wl)) ||
		    !leaf_before_split(p, r.depth + 1, r.end - best.pos,
			gini(best.sqr, best.wr)));
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
	wk.left = ereallocarray(NULL, c->n, sizeof *wk.left);
	wk.S = ereallocarray(NULL, (c->d + 1) * c->n, sizeof *wk.S);
	wk.tmp = ereallocarray(NULL, c->n, sizeof *wk.tmp);
	wk.cnt = ecalloc((size_t)c->K, sizeof *wk.cnt);
	wk.cl = ecalloc((size_t)c->K, sizeof *wk.cl);
	wk.cr = ecalloc((size_t)c->K, sizeof *wk.cr);
	wk.features = ecalloc(c->d, sizeof *wk.features);
	wk.constf = ecalloc(c->d, sizeof *wk.constf);
	wk.isconst = ecalloc(c->d, 1);
	wk.stackcap = 256;
	wk.stack = ereallocarray(NULL, wk.stackcap, sizeof *wk.stack);
	while ((ti = atomic_fetch_add(&c->next_tree, 1)) < c->p->n_trees)
		build_tree(c, &wk, &c->trees[ti], c->seeds[ti]);
	free(wk.w);
	free(wk.yw);
	free(wk.left);
	free(wk.S);
	free(wk.tmp);
	free(wk.cnt);
	free(wk.cl);
	free(wk.cr);
	free(wk.features);
	free(wk.constf);
	free(wk.isconst);
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

const char *
forest_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct forest_params *p, struct forest **out)
{
	struct ctx c;
	struct forest *f;
	struct rng r;
	uint64_t *seeds, *order, *tmp;
	pthread_t *th;
	size_t i, j;
	int t, nth;

	*out = NULL;
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

	/* X in float32 (sklearn's DTYPE), each feature sorted once. */
	order = ereallocarray(NULL, n * d, sizeof *order);
	tmp = ereallocarray(NULL, n, sizeof *tmp);
	for (j = 0; j < d; j++) {
		for (i = 0; i < n; i++)
			order[j * n + i] = (uint64_t)fkey((float)X[i * d + j]) << 32 | i;
		sort_keys(order + j * n, tmp, n);
	}
	free(tmp);
	seeds = ereallocarray(NULL, (size_t)p->n_trees, sizeof *seeds);
	rng_seed(&r, p->seed);
	for (t = 0; t < p->n_trees; t++)
		seeds[t] = rng_next(&r);

	f = ecalloc(1, sizeof *f);
	f->d = d;
	f->K = K;
	f->ntrees = p->n_trees;
	f->trees = ecalloc((size_t)p->n_trees, sizeof *f->trees);

	memset(&c, 0, sizeof c);
	c.order = order;
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
	free(order);
	forest_finish_importances(f);
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
				k = (double)x[nd[k].feature] <= nd[k].thr ? k + 1 : nd[k].next;
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

void
forest_save(const struct forest *f, FILE *out)
{
	long nt = f->ntrees;
	int t;

	modelfile_put_longs(out, "forest_trees", &nt, 1);
	modelfile_put_doubles(out, "importances", f->imp, f->d);
	for (t = 0; t < f->ntrees; t++) {
		const struct tree *tr = &f->trees[t];
		long nn = (long)tr->nn;
		size_t i;

		modelfile_put_longs(out, "tree", &nn, 1);
		fputs("feature", out);
		for (i = 0; i < tr->nn; i++)
			fprintf(out, " %ld", (long)tr->node[i].feature);
		fputs("\nthreshold", out);
		for (i = 0; i < tr->nn; i++)
			if (tr->node[i].feature >= 0)
				fprintf(out, " %.17g", tr->node[i].thr);
		fputs("\nleaf_nnz", out);
		for (i = 0; i < tr->nl; i++)
			fprintf(out, " %lu", (unsigned long)(tr->loff[i + 1] - tr->loff[i]));
		fputs("\nleaf_class", out);
		for (i = 0; i < tr->nz; i++)
			fprintf(out, " %lu", (unsigned long)tr->cls[i]);
		fputs("\nleaf_count", out);
		for (i = 0; i < tr->nz; i++)
			fprintf(out, " %lu", (unsigned long)tr->cnt[i]);
		fputc('\n', out);
	}
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
			if (tr->node[i].feature >= 0)
				tr->node[i].thr = thr[k++];
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
