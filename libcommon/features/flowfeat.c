/* flowfeat.c: netml 0.7.1's flow2features for one flow (see flowfeat.h and
 * spec/netml.md sections 3-6). Order of operations matters: every double is
 * computed the way Python/numpy compute it, so results match bit for bit. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/flowfeat.h"
#include "base/numpy.h"

const char *const flowfeat_stats_names[12] = {
	"duration", "pkts_rate", "bytes_rate", "mean", "std", "q1", "q2", "q3",
	"min", "max", "num_pkts", "num_bytes"
};

const char flowfeat_flag_letters[FEAT_NFLAGS + 1] = "FSRPAUEC";

static const char *const set_names[FEAT_NSETS] = {
	"iat", "size", "iat_size", "stats", "samp_num", "samp_size"
};

const char *
flowfeat_set_name(enum flowfeat_set s)
{
	return set_names[s];
}

int
flowfeat_set_parse(const char *name, enum flowfeat_set *s)
{
	int i;

	for (i = 0; i < FEAT_NSETS; i++) {
		const char *a = set_names[i], *b = name;

		while (*a && *b && *a == tolower((unsigned char)*b))
			a++, b++;
		if (!*a && !*b) {
			*s = (enum flowfeat_set)i;
			return 0;
		}
	}
	return -1;
}

size_t
flowfeat_width(enum flowfeat_set s, long dim)
{
	switch (s) {
	case FEAT_SIZE:
		return (size_t)dim;
	case FEAT_IAT_SIZE:
		return (size_t)(2 * dim - 1);
	case FEAT_STATS:
		return 12;
	default:        /* IAT, SAMP_NUM, SAMP_SIZE */
		return (size_t)(dim - 1);
	}
}

int
flowfeat_needs_rate(enum flowfeat_set s)
{
	return s == FEAT_SAMP_NUM || s == FEAT_SAMP_SIZE;
}

double
flowfeat_duration(const struct flowfeat_flow *f)
{
	double lo = f->t[0], hi = f->t[0];
	size_t i;

	for (i = 1; i < f->n; i++) {
		if (f->t[i] < lo)
			lo = f->t[i];
		if (f->t[i] > hi)
			hi = f->t[i];
	}
	return hi - lo;
}

long
flowfeat_dim(double *counts, size_t n, double q)
{
	return (long)floor(numpy_quantile(counts, n, q));
}

double
flowfeat_samp_rate(double *durations, size_t n)
{
	return numpy_quantile(durations, n, 0.3);
}

/* The scratch layout: region A holds a flow's raw list (up to 2n - 1 IAT_SIZE
 * values, 8 + n header values or the SAMP list), region B the sorted sizes
 * and the squares for STATS, region C the cosine table of the DFT. */
static size_t
region_a(size_t n)
{
	return 2 * n + 8 > FEAT_SAMP_MAX + 2 ? 2 * n + 8 : FEAT_SAMP_MAX + 2;
}

size_t
flowfeat_scratch(size_t n, size_t D)
{
	return region_a(n) + 2 * n + D + FEAT_NFLAGS;
}

/* Cut or zero-pad v (length n) to D values, or take its real DFT. */
static void
fix_width(const double *v, size_t n, size_t D, int fft, double *out,
    double *table)
{
	size_t i;

	if (fft) {
		flowfeat_real_dft(v, n, D, out, table);
		return;
	}
	for (i = 0; i < D; i++)
		out[i] = i < n ? v[i] : 0.0;
}

static void
stats(const struct flowfeat_flow *f, double *out, double *scratch)
{
	double *sorted = scratch, *tmp = scratch + f->n;
	double dur = flowfeat_duration(f), n = (double)f->n, B = 0;
	int64_t bytes = 0;
	size_t i;

	for (i = 0; i < f->n; i++)
		bytes += (int64_t)f->len[i];
	/* Python's sum(sizes) is an exact int; int / float converts it to the
	 * nearest double first. */
	B = (double)bytes;
	memcpy(sorted, f->len, f->n * sizeof *sorted);
	qsort(sorted, f->n, sizeof *sorted, numpy_cmp_double);
	out[0] = dur;
	out[1] = dur == 0 ? 0.0 : n / dur;
	out[2] = dur == 0 ? 0.0 : B / dur;
	out[3] = numpy_sum(f->len, f->n) / n;       /* np.mean: float64 sum / n */
	out[4] = numpy_std(f->len, f->n, tmp);
	out[5] = numpy_quantile_sorted(sorted, f->n, 0.25);
	out[6] = numpy_quantile_sorted(sorted, f->n, 0.5);
	out[7] = numpy_quantile_sorted(sorted, f->n, 0.75);
	out[8] = sorted[0];
	out[9] = sorted[f->n - 1];
	out[10] = n;
	out[11] = B;
}

/* netml's _get_SAMP: packets (NUM) or bytes (SIZE) per window of length R,
 * with empty windows as zeros, at most FEAT_SAMP_MAX values. Writes the
 * list into v (room for FEAT_SAMP_MAX + 2 values) and returns its length,
 * or -1 when netml would raise OverflowError (int(inf) from x // 0.0). */
static long
samp(const struct flowfeat_flow *f, int bytes, double R, double *v)
{
	double cur = f->t[0], acc = bytes ? f->len[0] : 1;
	size_t len = 0, i;

	for (i = 1; i < f->n; i++) {
		double x, k;

		if (f->t[i] - cur <= R) {
			acc += bytes ? f->len[i] : 1;
			continue;
		}
		cur = cur + R;
		if (len < FEAT_SAMP_MAX + 1)
			v[len] = acc;
		len++;
		x = numpy_floordiv(f->t[i] - cur, R);
		if (isinf(x) || isnan(x))
			return -1;
		k = floor(x);
		if (k > 0) {
			/* min(k, 500) in Python ints; the double k can be huge */
			if (k > FEAT_SAMP_MAX)
				k = FEAT_SAMP_MAX;
			for (size_t j = 0; j < (size_t)k; j++) {
				if (len < FEAT_SAMP_MAX + 1)
					v[len] = 0;
				len++;
			}
			cur = cur + k * R;
		}
		if (len > FEAT_SAMP_MAX) {
			len = FEAT_SAMP_MAX;
			acc = -1;
			break;
		}
		acc = bytes ? f->len[i] : 1;
	}
	if (acc > 0)
		v[len++] = acc;
	return (long)len;
}

int
flowfeat_compute(enum flowfeat_set s, const struct flowfeat_flow *f, size_t D,
    double rate, int fft, double *out, double *scratch)
{
	size_t i, n = f->n;
	double *b = scratch + region_a(n), *table = b + 2 * n;
	long m;

	switch (s) {
	case FEAT_IAT:
		for (i = 0; i + 1 < n; i++)
			scratch[i] = f->t[i + 1] - f->t[i];
		fix_width(scratch, n - 1, D, fft, out, table);
		return 0;
	case FEAT_SIZE:
		fix_width(f->len, n, D, fft, out, table);
		return 0;
	case FEAT_IAT_SIZE:
		for (i = 0; i + 1 < n; i++) {
			scratch[2 * i] = f->t[i + 1] - f->t[i];
			scratch[2 * i + 1] = f->len[i];
		}
		scratch[2 * (n - 1)] = f->len[n - 1];
		fix_width(scratch, 2 * n - 1, D, fft, out, table);
		return 0;
	case FEAT_STATS:
		if (fft) {
			stats(f, scratch, b);
			flowfeat_real_dft(scratch, 12, D, out, table);
		} else
			stats(f, out, b);
		return 0;
	case FEAT_SAMP_NUM:
	case FEAT_SAMP_SIZE:
		m = samp(f, s == FEAT_SAMP_SIZE, rate, scratch);
		if (m < 0)
			return -1;
		fix_width(scratch, (size_t)m, D, fft, out, table);
		return 0;
	default:
		return -1;
	}
}

void
flowfeat_header(const struct flowfeat_flow *f, size_t D, int fft, double *out,
    double *scratch)
{
	size_t i, m = FEAT_NFLAGS + D;

	for (i = 0; i < FEAT_NFLAGS; i++)
		scratch[i] = f->flags[i];
	for (i = 0; i < f->n; i++)
		scratch[FEAT_NFLAGS + i] = f->ttl[i];
	if (fft)
		flowfeat_real_dft(scratch, FEAT_NFLAGS + f->n, m, out,
		    scratch + region_a(f->n) + 2 * f->n);
	else
		for (i = 0; i < m; i++)
			out[i] = i < FEAT_NFLAGS + f->n ? scratch[i] : 0.0;
}

/* A direct DFT: O(n m) with a table of cos(2 pi r / m), the angle reduced
 * exactly (j*k mod m), and a long double accumulator, so its error stays far
 * below the 1e-12 by which numpy's pocketfft itself varies. */
void
flowfeat_real_dft(const double *v, size_t n, size_t m, double *out, double *table)
{
	const long double tau = 6.283185307179586476925286766559005768L;
	size_t j, k;

	if (n > m)
		n = m;
	for (k = 0; k < m; k++)
		table[k] = (double)cosl(tau * (long double)k / (long double)m);
	for (k = 0; k < m; k++) {
		long double s = 0;
		size_t r = 0;

		for (j = 0; j < n; j++) {
			s += (long double)v[j] * table[r];
			r += k;
			if (r >= m)
				r -= m;
		}
		out[k] = (double)s;
	}
}
