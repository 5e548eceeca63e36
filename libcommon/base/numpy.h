/* numpy.h: numpy's float64 arithmetic, copied operation for operation.
 *
 * netml's results depend on the exact rounding of numpy's algorithms, not
 * just on their mathematical values (spec/netml.md section 6). Everything
 * here is plain IEEE double arithmetic in numpy's order; the file must be
 * compiled with -ffp-contract=off (no FMA) to stay bit-exact. */
#ifndef OSFP_NUMPY_H
#define OSFP_NUMPY_H

#include <stddef.h>

/* np.quantile(x, q) with the default 'linear' method, x sorted ascending,
 * n >= 1 (numpy raises IndexError on an empty array: the caller decides). */
double numpy_quantile_sorted(const double *x, size_t n, double q);

/* The same on unsorted data: sorts x in place first. */
double numpy_quantile(double *x, size_t n, double q);

/* np.add.reduce(a) for float64: 0.0 plus, for each consecutive chunk of
 * 8192 elements (the ufunc buffer), numpy's pairwise sum of the chunk. */
double numpy_sum(const double *a, size_t n);

/* np.std(x) (population, ddof=0): sqrt(numpy_sum((x - mean)^2) / n), with
 * mean = numpy_sum(x) / n. scratch holds n doubles. n >= 1. */
double numpy_std(const double *x, size_t n, double *scratch);

/* Python's float floor division a // b (identical to numpy's):
 * fmod-based, so it can differ from floor(a / b) in the last place. */
double numpy_floordiv(double a, double b);

/* np.argmax(x) for n >= 1 values without NaN: the index of the first
 * maximum (ties go to the lowest index, as numpy's do). */
size_t numpy_argmax(const double *x, size_t n);

/* np.argsort(v) with the default kind, for integer keys: numpy 1.24's
 * introsort (median-of-3 quicksort, insertion sort below 16 items, heapsort
 * past 2 log2(n) levels), so equal keys come out in numpy's order, which
 * is not the input order. idx receives n indices. */
void numpy_argsort_size(const size_t *v, size_t n, size_t *idx);

/* qsort comparator for doubles, ascending (no NaN expected). */
int numpy_cmp_double(const void *a, const void *b);

#endif
