/* scaler.h: sklearn's StandardScaler, fitted on training rows.
 *
 * mean and population variance as _incremental_mean_and_var computes them
 * (sequential column sums, a corrected two-pass variance); a near-constant
 * feature (var <= n*eps*var + (n*mean*eps)^2) gets scale 1, the others
 * sqrt(var). apply: x = (x - mean) / scale. */
#ifndef OSFP_SCALER_H
#define OSFP_SCALER_H

#include <stddef.h>

struct scaler {
	size_t d;
	double *mean, *scale;
};

void scaler_fit(struct scaler *s, const double *X, size_t n, size_t d);
void scaler_apply(const struct scaler *s, double *X, size_t n);
void scaler_free(struct scaler *s);

#endif
