/* Unit tests for kfold.c and numpy_argsort_size: the folds scikit-learn
 * 1.2.1 makes (expected values printed by sklearn and numpy 1.24). */
#include <stdlib.h>
#include <string.h>

#include "base/numpy.h"
#include "learn/kfold.h"
#include "tap.h"

/* a hash of an index sequence, as the Python that made the expected
 * values computes it */
static uint64_t
seq_hash(const size_t *idx, size_t n)
{
	uint64_t s = 0, p = (uint64_t)1 << 61;
	size_t i;

	for (i = 0; i < n; i++)
		s = (uint64_t)(((unsigned __int128)s * 1000003 + idx[i] + 1) % p);
	return s;
}

/* the fold testing each row, as digits */
static void
fold_digits(const struct ttsplit *f, int k, size_t n, char *out)
{
	size_t j;
	int i;

	memset(out, '?', n);
	out[n] = '\0';
	for (i = 0; i < k; i++)
		for (j = 0; j < f[i].ntest; j++)
			out[f[i].test[j]] = (char)('0' + i);
}

/* every fold: train and test ascending, disjoint, covering all rows */
static int
partition_ok(const struct ttsplit *f, int k, size_t n)
{
	int i;
	size_t j;

	for (i = 0; i < k; i++) {
		if (f[i].ntrain + f[i].ntest != n)
			return 0;
		for (j = 1; j < f[i].ntest; j++)
			if (f[i].test[j] <= f[i].test[j - 1])
				return 0;
		for (j = 1; j < f[i].ntrain; j++)
			if (f[i].train[j] <= f[i].train[j - 1])
				return 0;
	}
	return 1;
}

static void
test_argsort(void)
{
	/* np.argsort(v) of v[i] = (7919 i + i^2 mod 31) mod m */
	static const struct { size_t n, m; uint64_t hash; } cases[] = {
		{ 10, 3, 912532601326976231ULL }, { 16, 5, 503151780810604974ULL },
		{ 17, 4, 1445719925990579923ULL }, { 100, 7, 968827445574766154ULL },
		{ 1000, 13, 1461884929037212024ULL }, { 5000, 3, 872267419378924928ULL },
		{ 777, 777, 271183227611271363ULL },
	};
	size_t c, i, *v, *idx;

	for (c = 0; c < sizeof cases / sizeof *cases; c++) {
		size_t n = cases[c].n;

		v = malloc(n * sizeof *v);
		idx = malloc(n * sizeof *idx);
		for (i = 0; i < n; i++)
			v[i] = (i * 7919 + (i * i) % 31) % cases[c].m;
		numpy_argsort_size(v, n, idx);
		ok(seq_hash(idx, n) == cases[c].hash, "argsort of %zu values in [0, %zu): numpy's order",
		    n, cases[c].m);
		free(v);
		free(idx);
	}
}

int
main(void)
{
	static const struct { uint32_t seed; const char *folds; } strat[] = {
		{ 0, "1413442201344242200301103124304113310220230" },
		{ 7, "3021211201200203044140303144120223334324141" },
		{ 42, "2020021243324034044002233143141131011124230" },
	};
	static const char group[] =
	    "01120203310321320122032103113011202033103213201220321031130112020331032132012203"
	    "21031130112020331032132012203210311301120203310321320122032103113011202033103213"
	    "2012203210311301120203310321320122032103";
	struct ttsplit f[5];
	char got[256], err[256] = "";
	int y[43], g[200];
	double t[10] = { 5, 1, 4, 1, 3, 9, 2, 6, 5, 3 };
	size_t i;

	test_argsort();

	/* StratifiedKFold(5, shuffle=True, random_state=seed), 43 rows, classes
	 * c0..c3 first seen in the order c1 c0 c3 c2 */
	for (i = 0; i < 43; i++)
		y[i] = (int)((i * 3 + 1) % 4);
	for (i = 0; i < sizeof strat / sizeof *strat; i++) {
		ok(kfold_stratified(y, 43, 4, 5, strat[i].seed, f, err, sizeof err) == 0,
		    "stratified: %s", err);
		fold_digits(f, 5, 43, got);
		is_str(got, strat[i].folds, "StratifiedKFold(5, shuffle, seed %u): sklearn's folds",
		    strat[i].seed);
		ok(partition_ok(f, 5, 43), "each fold partitions the rows, in order");
		kfold_free(f, 5);
	}
	ok(kfold_stratified(y, 43, 4, 12, 0, f, err, sizeof err) < 0 &&
	    strstr(err, "n_splits=12 cannot be greater than the number of members in each class"),
	    "more folds than any class has rows: %s", err);
	ok(kfold_stratified(y, 43, 4, 1, 0, f, err, sizeof err) < 0, "k=1 refused: %s", err);

	/* GroupKFold(4): 200 rows, 23 groups of tied sizes */
	for (i = 0; i < 200; i++)
		g[i] = (int)((i * 13) % 29 % 23);
	ok(kfold_groups(g, 200, 23, 4, f, err, sizeof err) == 0, "groups: %s", err);
	fold_digits(f, 4, 200, got);
	is_str(got, group, "GroupKFold(4): sklearn's folds (numpy's argsort order for ties)");
	ok(partition_ok(f, 4, 200), "each fold partitions the rows, in order");
	kfold_free(f, 4);
	ok(kfold_groups(g, 200, 3, 4, f, err, sizeof err) < 0 &&
	    strstr(err, "greater than the number of groups: 3"), "fewer groups than folds: %s", err);

	/* TimeSeriesSplit(3) on the rows in time order (ties: input order):
	 * order 1 3 6 4 9 2 0 8 7 5, blocks of 10 // 4 = 2 */
	ok(kfold_time(t, 10, 3, f, err, sizeof err) == 0, "time: %s", err);
	ok(f[0].ntrain == 4 && f[0].ntest == 2 && f[0].test[0] == 9 && f[0].test[1] == 2 &&
	    f[1].ntrain == 6 && f[1].test[0] == 0 && f[1].test[1] == 8 &&
	    f[2].ntrain == 8 && f[2].test[0] == 7 && f[2].test[1] == 5 &&
	    f[2].train[0] == 1 && f[2].train[1] == 3 && f[2].train[7] == 8,
	    "TimeSeriesSplit(3): forward chaining over the sorted rows");
	kfold_free(f, 3);
	ok(kfold_time(t, 3, 3, f, err, sizeof err) < 0 && strstr(err, "folds=4"),
	    "too few rows for the folds: %s", err);
	return tap_done();
}
