#include "learn/timesplit.h"

#include <stdlib.h>
#include <string.h>

#include "base/msg.h"
#include "base/util.h"
#include "learn/hostvote.h"
#include "learn/ttsplit.h"

/* A row's place in time: its time, then its input position. */
struct key {
	struct hostvote_time t;
	size_t i;
};

/* time order, then input order: the order is total, so the result does
 * not depend on qsort's (unstable) algorithm */
static int
cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = hostvote_time_cmp(&x->t, &y->t);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

int
timesplit_split(const struct hostvote_time *t, const int *y, size_t n, int K,
    char *const *names, double test, struct ttsplit *s, char *err, size_t errsz)
{
	size_t nk = y ? (size_t)K : 1, *count, *want, i;
	struct key *order;
	unsigned char *totest;
	int k;

	memset(s, 0, sizeof *s);
	if (n == 0) {       /* no classes to find it: sklearn's message */
		size_t ntrain, ntest;

		return ttsplit_sizes(0, test, &ntrain, &ntest, err, errsz);
	}
	count = ecalloc(nk + 1, sizeof *count);
	want = ecalloc(nk + 1, sizeof *want);
	for (i = 0; i < n; i++)
		count[y ? (size_t)y[i] : 0]++;
	for (k = 0; (size_t)k < nk; k++) {
		size_t ntrain;

		if (ttsplit_sizes(count[k], test, &ntrain, &want[k], err, errsz) == 0)
			continue;
		if (y) {
			char why[256];

			snprintf(why, sizeof why, "%s", err);
			msg_format(err, errsz, "class '%s': %s", names[k], why);
		}
		free(count);
		free(want);
		return -1;
	}
	/* walk back from the latest row; each class gives its last want[k] */
	order = emalloc((n ? n : 1) * sizeof *order);
	for (i = 0; i < n; i++) {
		order[i].t = t[i];
		order[i].i = i;
	}
	qsort(order, n, sizeof *order, cmp_key);
	totest = ecalloc(n ? n : 1, 1);
	for (i = n; i-- > 0;) {
		size_t r = order[i].i, c = y ? (size_t)y[r] : 0;

		if (want[c]) {
			want[c]--;
			totest[r] = 1;
		}
	}
	s->train = emalloc((n ? n : 1) * sizeof *s->train);
	s->test = emalloc((n ? n : 1) * sizeof *s->test);
	for (i = 0; i < n; i++) {
		if (totest[i])
			s->test[s->ntest++] = i;
		else
			s->train[s->ntrain++] = i;
	}
	free(count);
	free(want);
	free(order);
	free(totest);
	return 0;
}
