/* ttsplit.h: sklearn's train_test_split, index for index.
 *
 * ttsplit_stratified is train_test_split(test_size, random_state=seed,
 * stratify=y) = StratifiedShuffleSplit: the same train and test rows in the
 * same (shuffled) order, drawn from numpy's legacy MT19937. ttsplit_groups is
 * GroupShuffleSplit(n_splits=1, test_size, random_state=seed): groups (ids
 * 0..G-1 in sorted-name order) are permuted, the first ceil(test*G) go to
 * test, the rest to train; rows keep their input order on each side.
 *
 * test is a fraction in (0, 1) or, when >= 1, a whole count (of rows, or of
 * groups). Errors come back as -1 with a one-line message in err, worded
 * after the ValueError sklearn raises. */
#ifndef OSFP_TTSPLIT_H
#define OSFP_TTSPLIT_H

#include <stddef.h>
#include <stdint.h>

struct ttsplit {
	size_t *train, *test;     /* row indices, allocated */
	size_t ntrain, ntest;
};

/* n_test and n_train for n items, as sklearn's _validate_shuffle_split */
int ttsplit_sizes(size_t n, double test, size_t *ntrain, size_t *ntest, char *err, size_t errsz);
/* y: class index per row (0..K-1); names: class names for messages. */
int ttsplit_stratified(const int *y, size_t n, int K, char *const *names, double test,
    uint32_t seed, struct ttsplit *s, char *err, size_t errsz);
/* train_test_split(test_size, random_state=seed) without stratify:
 * ShuffleSplit, test = perm[:n_test], train = perm[n_test:]. */
int ttsplit_shuffle(size_t n, double test, uint32_t seed, struct ttsplit *s, char *err,
    size_t errsz);
int ttsplit_groups(const int *g, size_t n, int G, double test, uint32_t seed,
    struct ttsplit *s, char *err, size_t errsz);
void ttsplit_free(struct ttsplit *s);

/* sklearn's _approximate_mode(counts, ndraws, rng): out[k] draws per class */
struct mt19937;
void ttsplit_approximate_mode(const size_t *counts, int K, size_t ndraws, struct mt19937 *rng,
    size_t *out);

#endif
