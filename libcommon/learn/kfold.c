#include "learn/kfold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numpy.h"
#include "base/util.h"
#include "learn/mt19937.h"

void
kfold_free(struct ttsplit *folds, int k)
{
	int i;

	for (i = 0; i < k; i++)
		ttsplit_free(&folds[i]);
}

/* folds[i] from test_fold[r] (the fold testing row r; -1: none) */
static void
from_test_folds(const int *test_fold, size_t n, int k, struct ttsplit *folds)
{
	size_t r;
	int i;

	for (i = 0; i < k; i++) {
		struct ttsplit *s = &folds[i];

		memset(s, 0, sizeof *s);
		for (r = 0; r < n; r++)
			s->ntest += test_fold[r] == i;
		s->ntrain = n - s->ntest;
		s->train = emalloc((s->ntrain ? s->ntrain : 1) * sizeof *s->train);
		s->test = emalloc((s->ntest ? s->ntest : 1) * sizeof *s->test);
		s->ntrain = s->ntest = 0;
		for (r = 0; r < n; r++) {
			if (test_fold[r] == i)
				s->test[s->ntest++] = r;
			else
				s->train[s->ntrain++] = r;
		}
	}
}

static int
check_k(int k, char *err, size_t errsz)
{
	if (k >= 2)
		return 0;
	snprintf(err, errsz, "k-fold cross-validation requires at least one train/test split"
	    " by setting k=2 or more, got k=%d", k);
	return -1;
}

int
kfold_stratified(const int *y, size_t n, int K, int k, uint32_t seed, struct ttsplit *folds,
    char *err, size_t errsz)
{
	size_t *first, *count, *order, *deal, r, start, j;
	int *enc, *rank, *test_fold, c, i, small = 1;
	struct mt19937 mt;

	if (check_k(k, err, errsz) < 0)
		return -1;
	if ((size_t)k > n) {
		snprintf(err, errsz, "cannot have number of splits n_splits=%d greater than the"
		    " number of samples: n_samples=%zu", k, n);
		return -1;
	}
	first = emalloc((size_t)K * sizeof *first);
	count = ecalloc((size_t)K, sizeof *count);
	rank = emalloc((size_t)K * sizeof *rank);
	for (c = 0; c < K; c++)
		first[c] = n;
	for (r = 0; r < n; r++) {
		if (first[y[r]] == n)
			first[y[r]] = r;
	}
	/* classes renumbered by first appearance (sklearn's y_encoded) */
	order = emalloc((size_t)K * sizeof *order);
	numpy_argsort_size(first, (size_t)K, order);
	for (c = 0; c < K; c++)
		rank[order[c]] = c;
	enc = emalloc((n ? n : 1) * sizeof *enc);
	for (r = 0; r < n; r++) {
		enc[r] = rank[y[r]];
		count[enc[r]]++;
	}
	for (c = 0; c < K; c++)
		small &= count[c] > 0 && count[c] < (size_t)k;
	if (K == 0 || small) {
		snprintf(err, errsz, "n_splits=%d cannot be greater than the number of members"
		    " in each class", k);
		free(first), free(count), free(rank), free(order), free(enc);
		return -1;
	}
	mt19937_seed(&mt, seed);
	test_fold = emalloc((n ? n : 1) * sizeof *test_fold);
	deal = emalloc((n ? n : 1) * sizeof *deal);
	for (c = 0, start = 0; c < K; start += count[c], c++) {
		size_t m = 0;

		/* sorted labels dealt round robin: fold i gets positions
		 * i, i + k, ... of class c's block [start, start + count) */
		for (i = 0; i < k; i++)
			for (j = start; j < start + count[c]; j++)
				if (j % (size_t)k == (size_t)i)
					deal[m++] = (size_t)i;
		mt19937_shuffle(&mt, deal, m);
		for (r = 0, m = 0; r < n; r++)
			if (enc[r] == c)
				test_fold[r] = (int)deal[m++];
	}
	from_test_folds(test_fold, n, k, folds);
	free(first), free(count), free(rank), free(order), free(enc), free(test_fold), free(deal);
	return 0;
}

int
kfold_groups(const int *g, size_t n, int G, int k, struct ttsplit *folds, char *err,
    size_t errsz)
{
	size_t *size, *order, *fold_rows, r;
	int *fold_of, *test_fold, i, f, best;

	if (check_k(k, err, errsz) < 0)
		return -1;
	if (k > G) {
		snprintf(err, errsz, "cannot have number of splits n_splits=%d greater than the"
		    " number of groups: %d", k, G);
		return -1;
	}
	size = ecalloc((size_t)G, sizeof *size);
	order = emalloc((size_t)G * sizeof *order);
	fold_of = emalloc((size_t)G * sizeof *fold_of);
	fold_rows = ecalloc((size_t)k, sizeof *fold_rows);
	for (r = 0; r < n; r++)
		size[g[r]]++;
	numpy_argsort_size(size, (size_t)G, order);
	/* largest first: argsort reversed; each to the lightest fold (the
	 * first of equals, as np.argmin) */
	for (i = G; i-- > 0;) {
		for (f = 1, best = 0; f < k; f++)
			if (fold_rows[f] < fold_rows[best])
				best = f;
		fold_rows[best] += size[order[i]];
		fold_of[order[i]] = best;
	}
	test_fold = emalloc((n ? n : 1) * sizeof *test_fold);
	for (r = 0; r < n; r++)
		test_fold[r] = fold_of[g[r]];
	from_test_folds(test_fold, n, k, folds);
	free(size), free(order), free(fold_of), free(fold_rows), free(test_fold);
	return 0;
}

struct timed {
	double t;
	size_t row;
};

static int
cmp_timed(const void *a, const void *b)
{
	const struct timed *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);   /* stable */
}

int
kfold_time(const double *t, size_t n, int k, struct ttsplit *folds, char *err, size_t errsz)
{
	struct timed *order;
	size_t size, start, r, j;
	int i;

	if (check_k(k, err, errsz) < 0)
		return -1;
	if ((size_t)k + 1 > n) {
		snprintf(err, errsz, "cannot have number of folds=%d greater than the number of"
		    " samples=%zu", k + 1, n);
		return -1;
	}
	order = emalloc(n * sizeof *order);
	for (r = 0; r < n; r++) {
		order[r].t = t[r];
		order[r].row = r;
	}
	qsort(order, n, sizeof *order, cmp_timed);
	size = n / ((size_t)k + 1);
	for (i = 0; i < k; i++) {
		struct ttsplit *s = &folds[i];

		start = n - (size_t)(k - i) * size;
		s->ntrain = start;
		s->ntest = size;
		s->train = emalloc(start * sizeof *s->train);
		s->test = emalloc(size * sizeof *s->test);
		for (j = 0; j < start; j++)
			s->train[j] = order[j].row;
		for (j = 0; j < size; j++)
			s->test[j] = order[start + j].row;
	}
	free(order);
	return 0;
}
