/* timesplit.h: the temporal train/test split: the last rows in time go to
 * the test side, as a model trained on the past meets the future.
 *
 * Rows are put in time order by their exact decimal times (hostvote's
 * struct hostvote_time: compared exactly, never through a double); rows
 * with equal times keep their input order, so of two rows at one time the
 * one later in the input counts as the later. Per class (y with K
 * classes), the last ttsplit_sizes(n_k, test) rows of each class in that
 * order go to the test side and the others to the train side, so every
 * class is tested; without classes (y NULL) the cut is one for all rows:
 * the last ttsplit_sizes(n, test) rows. test is a fraction in (0, 1)
 * (ceil(test * n) test rows) or, when >= 1, a whole count (of each
 * class's rows, per class). Both sides list their rows in input order.
 *
 * Errors come back as -1 with a one-line message in err (a class whose
 * train or test side would be empty, named). */
#ifndef OSFP_TIMESPLIT_H
#define OSFP_TIMESPLIT_H

#include <stddef.h>

struct ttsplit;
struct hostvote_time;

/* t: n times; y: class index per row (0..K-1) or NULL; names: the class
 * names for messages (unused when y is NULL). */
int timesplit_split(const struct hostvote_time *t, const int *y, size_t n, int K,
    char *const *names, double test, struct ttsplit *s, char *err, size_t errsz);

#endif
