#include "learn/metrics.h"

#include <stdlib.h>

#include "base/numpy.h"
#include "base/util.h"

size_t *
metrics_confusion(const int *y, const int *pred, size_t n, int K)
{
	size_t *C = ecalloc((size_t)K * (size_t)K, sizeof *C), i;

	for (i = 0; i < n; i++)
		C[(size_t)y[i] * (size_t)K + (size_t)pred[i]]++;
	return C;
}

void
metrics_class_stats(const size_t *C, int K, struct metrics_class_stats *s)
{
	int t, p;

	for (t = 0; t < K; t++)
		s[t].support = s[t].predicted = 0;
	for (t = 0; t < K; t++)
		for (p = 0; p < K; p++) {
			s[t].support += C[t * K + p];
			s[p].predicted += C[t * K + p];
		}
	for (t = 0; t < K; t++) {
		struct metrics_class_stats *c = &s[t];

		c->tp = C[t * K + t];
		c->precision = c->predicted ? (double)c->tp / (double)c->predicted : 0.0;
		c->recall = c->support ? (double)c->tp / (double)c->support : 0.0;
		c->f1 = c->precision + c->recall > 0
		    ? 2 * c->precision * c->recall / (c->precision + c->recall) : 0.0;
	}
}

double
metrics_balanced_accuracy(const size_t *C, int K)
{
	double *rec = emalloc((size_t)K * sizeof *rec), score;
	int t, p, present = 0;

	for (t = 0; t < K; t++) {
		size_t support = 0;

		for (p = 0; p < K; p++)
			support += C[t * K + p];
		if (!support)
			continue;      /* not in y_true: sklearn drops it */
		rec[present++] = (double)C[t * K + t] / (double)support;
	}
	/* np.mean: numpy's pairwise sum, then divide */
	score = present ? numpy_sum(rec, (size_t)present) / present : 0.0;
	free(rec);
	return score;
}
