/* metrics.h: sklearn's classification metrics from a confusion matrix.
 *
 * metrics_balanced_accuracy is balanced_accuracy_score: the mean recall over the
 * classes present in y_true; a class only predicted (never true) is
 * dropped, not scored 0. Precision, recall and F1 follow
 * precision_recall_fscore_support with zero_division 0. */
#ifndef OSFP_METRICS_H
#define OSFP_METRICS_H

#include <stddef.h>

/* C is K x K, C[t*K + p] = rows of true class t predicted p (allocated). */
size_t *metrics_confusion(const int *y, const int *pred, size_t n, int K);
double metrics_balanced_accuracy(const size_t *C, int K);
/* Per class k: support (true rows), predicted rows, precision, recall, F1. */
struct metrics_class_stats {
	size_t support, predicted, tp;
	double precision, recall, f1;
};
void metrics_class_stats(const size_t *C, int K, struct metrics_class_stats *s);

#endif
