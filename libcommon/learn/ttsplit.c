#include "learn/ttsplit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "learn/mt19937.h"
#include "base/util.h"

void
ttsplit_free(struct ttsplit *s)
{
	free(s->train);
	free(s->test);
	memset(s, 0, sizeof *s);
}

int
ttsplit_sizes(size_t n, double test, size_t *ntrain, size_t *ntest, char *err, size_t errsz)
{
	if (!(test > 0) || (test >= 1 && test != floor(test))) {
		snprintf(err, errsz, "test size %g must be a fraction in (0, 1) or a whole count", test);
		return -1;
	}
	if (test >= 1) {
		if (test >= (double)n) {
			snprintf(err, errsz, "test size %.0f must be smaller than the number of samples %zu",
			    test, n);
			return -1;
		}
		*ntest = (size_t)test;
	} else
		*ntest = (size_t)ceil(test * (double)n);
	*ntrain = n - *ntest;
	if (*ntrain == 0 || *ntest == 0) {
		snprintf(err, errsz, "with %zu samples and test size %g the %s set would be empty",
		    n, test, *ntrain == 0 ? "train" : "test");
		return -1;
	}
	return 0;
}

static int
cmp_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

void
ttsplit_approximate_mode(const size_t *counts, int K, size_t ndraws, struct mt19937 *rng, size_t *out)
{
	double *cont = emalloc((size_t)K * sizeof *cont), *rem = emalloc((size_t)K * sizeof *rem);
	double *vals = emalloc((size_t)K * sizeof *vals), total = 0, fsum = 0;
	size_t *inds = emalloc((size_t)K * sizeof *inds), *perm = emalloc((size_t)K * sizeof *perm);
	long need;
	int k, nv = 0, v;

	for (k = 0; k < K; k++)
		total += (double)counts[k];
	for (k = 0; k < K; k++) {
		double fl;

		/* numpy: counts / counts.sum() * n_draws, then floor */
		cont[k] = (double)counts[k] / total * (double)ndraws;
		fl = floor(cont[k]);
		out[k] = (size_t)fl;
		fsum += fl;
		rem[k] = cont[k] - fl;
	}
	need = (long)((double)ndraws - fsum);
	if (need > 0) {
		/* distinct remainders, largest first */
		memcpy(vals, rem, (size_t)K * sizeof *vals);
		qsort(vals, (size_t)K, sizeof *vals, cmp_desc);
		for (k = 0; k < K; k++)
			if (nv == 0 || vals[nv - 1] != vals[k])
				vals[nv++] = vals[k];
		for (v = 0; v < nv && need > 0; v++) {
			size_t ni = 0, add, i;

			for (k = 0; k < K; k++)
				if (rem[k] == vals[v])
					inds[ni++] = (size_t)k;
			add = ni < (size_t)need ? ni : (size_t)need;
			/* legacy choice(replace=False): a full permutation, first add */
			mt19937_permutation(rng, perm, ni);
			for (i = 0; i < add; i++)
				out[inds[perm[i]]]++;
			need -= (long)add;
		}
	}
	free(cont);
	free(rem);
	free(vals);
	free(inds);
	free(perm);
}

int
ttsplit_stratified(const int *y, size_t n, int K, char *const *names, double test,
    uint32_t seed, struct ttsplit *s, char *err, size_t errsz)
{
	size_t ntrain, ntest, *counts, *start, *byclass, *ni, *ti, *perm, i;
	struct mt19937 rng;
	int k;

	memset(s, 0, sizeof *s);
	if (ttsplit_sizes(n, test, &ntrain, &ntest, err, errsz) < 0)
		return -1;
	counts = ecalloc((size_t)K + 1, sizeof *counts);
	for (i = 0; i < n; i++)
		counts[y[i]]++;
	for (k = 0; k < K; k++)
		if (counts[k] < 2) {
			msg_format(err, errsz, "class '%s' has only %zu row%s, too few to stratify"
			    " (every class needs at least 2)", names[k], counts[k],
			    counts[k] == 1 ? "" : "s");
			free(counts);
			return -1;
		}
	if (ntrain < (size_t)K || ntest < (size_t)K) {
		snprintf(err, errsz, "the %s size %zu is smaller than the number of classes %d",
		    ntrain < (size_t)K ? "train" : "test", ntrain < (size_t)K ? ntrain : ntest, K);
		free(counts);
		return -1;
	}
	/* rows of each class in increasing order (stable sort by class) */
	start = ecalloc((size_t)K + 1, sizeof *start);
	for (k = 0; k < K; k++)
		start[k + 1] = start[k] + counts[k];
	byclass = emalloc(n * sizeof *byclass);
	{
		size_t *fill = emalloc(((size_t)K + 1) * sizeof *fill);

		memcpy(fill, start, ((size_t)K + 1) * sizeof *fill);
		for (i = 0; i < n; i++)
			byclass[fill[y[i]]++] = i;
		free(fill);
	}
	mt19937_seed(&rng, seed);
	ni = emalloc((size_t)K * sizeof *ni);
	ti = emalloc((size_t)K * sizeof *ti);
	ttsplit_approximate_mode(counts, K, ntrain, &rng, ni);
	for (k = 0; k < K; k++)
		counts[k] -= ni[k];
	ttsplit_approximate_mode(counts, K, ntest, &rng, ti);
	for (k = 0; k < K; k++)
		counts[k] += ni[k];

	s->train = emalloc(ntrain * sizeof *s->train);
	s->test = emalloc(ntest * sizeof *s->test);
	perm = emalloc(n * sizeof *perm);
	for (k = 0; k < K; k++) {
		mt19937_permutation(&rng, perm, counts[k]);
		for (i = 0; i < ni[k]; i++)
			s->train[s->ntrain++] = byclass[start[k] + perm[i]];
		for (; i < ni[k] + ti[k]; i++)
			s->test[s->ntest++] = byclass[start[k] + perm[i]];
	}
	mt19937_shuffle(&rng, s->train, s->ntrain);
	mt19937_shuffle(&rng, s->test, s->ntest);
	free(counts);
	free(start);
	free(byclass);
	free(ni);
	free(ti);
	free(perm);
	return 0;
}

int
ttsplit_groups(const int *g, size_t n, int G, double test, uint32_t seed,
    struct ttsplit *s, char *err, size_t errsz)
{
	size_t ntrain, ntest, *perm, i;
	unsigned char *side;
	struct mt19937 rng;

	memset(s, 0, sizeof *s);
	if (ttsplit_sizes((size_t)G, test, &ntrain, &ntest, err, errsz) < 0) {
		size_t l = strlen(err);

		snprintf(err + l, errsz - l, " (counting groups)");
		return -1;
	}
	perm = emalloc((size_t)G * sizeof *perm);
	side = ecalloc((size_t)G, 1);        /* 0 unused, 1 train, 2 test */
	mt19937_seed(&rng, seed);
	mt19937_permutation(&rng, perm, (size_t)G);
	for (i = 0; i < ntest; i++)
		side[perm[i]] = 2;
	for (; i < ntest + ntrain; i++)
		side[perm[i]] = 1;
	s->train = emalloc(n * sizeof *s->train);
	s->test = emalloc(n * sizeof *s->test);
	for (i = 0; i < n; i++) {
		if (side[g[i]] == 1)
			s->train[s->ntrain++] = i;
		else if (side[g[i]] == 2)
			s->test[s->ntest++] = i;
	}
	free(perm);
	free(side);
	return 0;
}

int
ttsplit_shuffle(size_t n, double test, uint32_t seed, struct ttsplit *s, char *err, size_t errsz)
{
	size_t ntrain, ntest, *perm;
	struct mt19937 rng;

	memset(s, 0, sizeof *s);
	if (ttsplit_sizes(n, test, &ntrain, &ntest, err, errsz) < 0)
		return -1;
	perm = emalloc(n * sizeof *perm);
	mt19937_seed(&rng, seed);
	mt19937_permutation(&rng, perm, n);
	s->test = emalloc(ntest * sizeof *s->test);
	s->train = emalloc(ntrain * sizeof *s->train);
	memcpy(s->test, perm, ntest * sizeof *perm);
	memcpy(s->train, perm + ntest, ntrain * sizeof *perm);
	s->ntest = ntest;
	s->ntrain = ntrain;
	free(perm);
	return 0;
}
