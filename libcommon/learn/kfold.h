/* kfold.h: the k train/test splits of k-fold cross-validation, fold for
 * fold and index for index the ones scikit-learn 1.2.1 makes.
 *
 * kfold_stratified is StratifiedKFold(k, shuffle=True, random_state=seed):
 * classes taken in order of first appearance, each class's rows dealt to
 * the folds round robin over the sorted labels, then each class's fold
 * numbers shuffled by numpy's legacy MT19937. kfold_groups is
 * GroupKFold(k): groups by size, largest first (numpy's argsort order for
 * ties), each to the fold holding the fewest rows so far. kfold_time is
 * TimeSeriesSplit(k) on the rows taken in order of t (a stable sort): the
 * last k blocks of n / (k + 1) rows are the test sets, each trained on
 * every row before it. In every split both sides list rows in ascending
 * order (for time: in time order).
 *
 * folds is an array of k struct ttsplit, filled on success (free with
 * kfold_free). Errors come back as -1 with one line in err, worded after
 * the ValueError sklearn raises. The library never exits. */
#ifndef OSFP_KFOLD_H
#define OSFP_KFOLD_H

#include <stddef.h>
#include <stdint.h>

#include "learn/ttsplit.h"

/* y: class index per row (0..K-1), every class present. */
int kfold_stratified(const int *y, size_t n, int K, int k, uint32_t seed,
    struct ttsplit *folds, char *err, size_t errsz);
/* g: group index per row (0..G-1, in the groups' sorted order). */
int kfold_groups(const int *g, size_t n, int G, int k, struct ttsplit *folds, char *err,
    size_t errsz);
/* t: each row's time (finite). */
int kfold_time(const double *t, size_t n, int k, struct ttsplit *folds, char *err,
    size_t errsz);
void kfold_free(struct ttsplit *folds, int k);

#endif
