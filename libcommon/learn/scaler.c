#include "learn/scaler.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "base/util.h"

void
scaler_fit(struct scaler *s, const double *X, size_t n, size_t d)
{
	double *sum = ecalloc(d ? d : 1, sizeof *sum), *corr = ecalloc(d ? d : 1, sizeof *corr);
	double *sq = ecalloc(d ? d : 1, sizeof *sq), dn = (double)n;
	size_t i, j;

	s->d = d;
	s->mean = emalloc((d ? d : 1) * sizeof *s->mean);
	s->scale = emalloc((d ? d : 1) * sizeof *s->scale);
	/* numpy sums a C-order matrix over axis 0 row after row */
	for (i = 0; i < n; i++)
		for (j = 0; j < d; j++)
			sum[j] += X[i * d + j];
	for (j = 0; j < d; j++)
		s->mean[j] = sum[j] / dn;
	for (i = 0; i < n; i++)
		for (j = 0; j < d; j++) {
			double t = X[i * d + j] - s->mean[j];

			corr[j] += t;
			sq[j] += t * t;
		}
	for (j = 0; j < d; j++) {
		double var = (sq[j] - corr[j] * corr[j] / dn) / dn;
		double ub = dn * DBL_EPSILON * var + (dn * s->mean[j] * DBL_EPSILON) *
		    (dn * s->mean[j] * DBL_EPSILON);

		s->scale[j] = var <= ub ? 1.0 : sqrt(var);
	}
	free(sum);
	free(corr);
	free(sq);
}

void
scaler_apply(const struct scaler *s, double *X, size_t n)
{
	size_t i, j, d = s->d;

	for (i = 0; i < n; i++)
		for (j = 0; j < d; j++)
			X[i * d + j] = (X[i * d + j] - s->mean[j]) / s->scale[j];
}

void
scaler_free(struct scaler *s)
{
	free(s->mean);
	free(s->scale);
	s->mean = s->scale = NULL;
}
