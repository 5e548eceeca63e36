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

static void
swap_idx(size_t *a, size_t *b)
{
	size_t t = *a;

	*a = *b;
	*b = t;
}

/* Sift tmp down from slot i of the 1-based heap a[1..n], as numpy does. */
static void
sift_down(const size_t *v, size_t *a, size_t i, size_t n, size_t tmp)
{
	size_t j;

	for (j = i << 1; j <= n;) {
		if (j < n && v[a[j]] < v[a[j + 1]])
			j++;
		if (!(v[tmp] < v[a[j]]))
			break;
		a[i] = a[j];
		i = j;
		j += j;
	}
	a[i] = tmp;
}

/* numpy's aheapsort: a 1-based heap over idx[0..n) by v */
static void
argheapsort(const size_t *v, size_t *idx, size_t n)
{
	size_t *a = idx - 1, l, tmp;

	for (l = n >> 1; l > 0; --l)
		sift_down(v, a, l, n, a[l]);
	while (n > 1) {
		tmp = a[n];
		a[n] = a[1];
		n--;
		sift_down(v, a, 1, n, tmp);
	}
}

void
numpy_argsort_size(const size_t *v, size_t n, size_t *idx)
{
	/* partitions [lo, hi] still to sort, with their depth budgets */
	struct { size_t *lo, *hi; int depth; } stack[128], *sp = stack;
	size_t *lo = idx, *hi = idx + n - 1, *mid, *i, *j, key, x;
	int depth = 0;

	for (x = n; x >>= 1;)
		depth++;
	depth *= 2;
	for (x = 0; x < n; x++)
		idx[x] = x;
	if (n < 2)
		return;
	for (;;) {
		if (depth < 0) {
			argheapsort(v, lo, (size_t)(hi - lo) + 1);
			goto pop;
		}
		while (hi - lo > 15) {
			mid = lo + ((hi - lo) >> 1);
			if (v[*mid] < v[*lo])
				swap_idx(mid, lo);
			if (v[*hi] < v[*mid])
				swap_idx(hi, mid);
			if (v[*mid] < v[*lo])
				swap_idx(mid, lo);
			key = v[*mid];
			i = lo;
			j = hi - 1;
			swap_idx(mid, j);
			for (;;) {
				while (v[*++i] < key)
					;
				while (key < v[*--j])
					;
				if (i >= j)
					break;
				swap_idx(i, j);
			}
			swap_idx(i, hi - 1);
			/* the larger side waits on the stack */
			if (i - lo < hi - i) {
				sp->lo = i + 1;
				sp->hi = hi;
				hi = i - 1;
			} else {
				sp->lo = lo;
				sp->hi = i - 1;
				lo = i + 1;
			}
			sp->depth = --depth;
			sp++;
		}
		for (i = lo + 1; i <= hi; i++) {
			size_t vi = *i;

			key = v[vi];
			for (j = i; j > lo && key < v[j[-1]]; j--)
				*j = j[-1];
			*j = vi;
		}
pop:
		if (sp == stack)
			break;
		sp--;
		lo = sp->lo;
		hi = sp->hi;
		depth = sp->depth;
	}
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
