/* numpy.c: numpy's quantile, pairwise summation and Python's floor
 * division, in numpy's exact order of operations (see numpy.h). */
#include <math.h>
#include <stdlib.h>

#include "base/numpy.h"

size_t
numpy_argmax(const double *x, size_t n)
{
	size_t i, best = 0;

	for (i = 1; i < n; i++)
		if (x[i] > x[best])
			best = i;
	return best;
}

int
numpy_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* numpy _quantile with method 'linear': virtual index (n-1)*q, then
 * numpy's _lerp, which interpolates from the nearer end. */
double
numpy_quantile_sorted(const double *x, size_t n, double q)
{
	double vi, lo, g, a, b, d;
	size_t i;

	vi = (double)(n - 1) * q;
	if (vi >= (double)(n - 1))
		return x[n - 1];
	if (vi <= 0)
		vi = 0;
	lo = floor(vi);
	g = vi - lo;
	i = (size_t)lo;
	a = x[i];
	b = x[i + 1];
	d = b - a;
	return g >= 0.5 ? b - d * (1 - g) : a + d * g;
}

double
numpy_quantile(double *x, size_t n, double q)
{
	qsort(x, n, sizeof *x, numpy_cmp_double);
	return numpy_quantile_sorted(x, n, q);
}

/* numpy's pairwise_sum (loops_utils.h.src): 8 accumulators up to 128
 * elements, halving (at a multiple of 8) above. */
static double
pairwise(const double *a, size_t n)
{
	double r[8], s;
	size_t i, j, n2;

	if (n < 8) {
		s = 0.;
		for (i = 0; i < n; i++)
			s += a[i];
		return s;
	}
	if (n <= 128) {
		for (j = 0; j < 8; j++)
			r[j] = a[j];
		for (i = 8; i < n - n % 8; i += 8)
			for (j = 0; j < 8; j++)
				r[j] += a[i + j];
		s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			s += a[i];
		return s;
	}
	n2 = n / 2;
	n2 -= n2 % 8;
	return pairwise(a, n2) + pairwise(a + n2, n - n2);
}

double
numpy_sum(const double *a, size_t n)
{
	double res = 0.;
	size_t i, m;

	for (i = 0; i < n; i += m) {
		m = n - i < 8192 ? n - i : 8192;
		res += pairwise(a + i, m);
	}
	return res;
}

double
numpy_std(const double *x, size_t n, double *scratch)
{
	double m;
	size_t i;

	m = numpy_sum(x, n) / (double)n;
	for (i = 0; i < n; i++) {
		double d = x[i] - m;
		scratch[i] = d * d;
	}
	return sqrt(numpy_sum(scratch, n) / (double)n);
}

/* CPython float_floor_div / numpy npy_divmod. */
double
numpy_floordiv(double a, double b)
{
	double mod, div, f;

	if (b == 0)
		return a / b;   /* numpy: inf or nan with a warning */
	mod = fmod(a, b);
	div = (a - mod) / b;
	if (mod != 0 && ((b < 0) != (mod < 0)))
		div -= 1;
	if (div != 0) {
		f = floor(div);
		if (div - f > 0.5)
			f += 1;
	} else
		f = copysign(0, a / b);
	return f;
}
