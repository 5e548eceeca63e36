/* Unit tests for flowfeat.c: netml's per-flow feature lists on small flows
 * whose values are worked out by hand (in the comments), the SAMP corner
 * cases and the DFT. The netml reference files are compared in t3000. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "features/flowfeat.h"
#include "tap.h"

static double scratch[4096];

static int
same(const double *got, const double *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(&got[i], &want[i], sizeof got[i]) != 0) {
			printf("#   [%zu] got %.17g, want %.17g\n", i, got[i], want[i]);
			return 0;
		}
	return 1;
}

static void
test_sets(void)
{
	/* 4 packets at 10, 10.5, 10.5, 12 s of 60, 100, 40, 1500 bytes */
	static const double t[] = { 10, 10.5, 10.5, 12 }, len[] = { 60, 100, 40, 1500 };
	struct flowfeat_flow f = { 4, t, len, NULL, NULL };
	double out[32];

	/* IAT with dim 6: D = 5, the 3 gaps then zeros */
	ok(flowfeat_compute(FEAT_IAT, &f, flowfeat_width(FEAT_IAT, 6), 0, 0, out, scratch) == 0 &&
	    same(out, (const double[]){ 0.5, 0, 1.5, 0, 0 }, 5), "iat: gaps padded with zeros");
	/* IAT with dim 3: D = 2, cut at the end */
	flowfeat_compute(FEAT_IAT, &f, flowfeat_width(FEAT_IAT, 3), 0, 0, out, scratch);
	ok(same(out, (const double[]){ 0.5, 0 }, 2), "iat: cut at the end");
	flowfeat_compute(FEAT_SIZE, &f, flowfeat_width(FEAT_SIZE, 5), 0, 0, out, scratch);
	ok(same(out, (const double[]){ 60, 100, 40, 1500, 0 }, 5), "size");
	ok(flowfeat_width(FEAT_IAT_SIZE, 5) == 9, "iat_size width 2 dim - 1");
	flowfeat_compute(FEAT_IAT_SIZE, &f, 9, 0, 0, out, scratch);
	ok(same(out, (const double[]){ 0.5, 60, 0, 100, 1.5, 40, 1500, 0, 0 }, 9),
	    "iat_size: iat, size pairs then the last size");
	/* STATS: d = 2, B = 1700, mean 425, sorted 40 60 100 1500:
	 * q1 at 0.75 -> 40 + 20*0.75 = 55, q2 at 1.5 -> 100 - 40*0.5 = 80,
	 * q3 at 2.25 -> 100 + 1400*0.25 = 450; std = sqrt(mean of squared
	 * deviations) = sqrt((365^2 + 325^2 + 385^2 + 1075^2) / 4) */
	flowfeat_compute(FEAT_STATS, &f, 12, 0, 0, out, scratch);
	ok(same(out, (const double[]){ 2, 2, 850, 425,
	    sqrt((365.0 * 365 + 325.0 * 325 + 385.0 * 385 + 1075.0 * 1075) / 4),
	    55, 80, 450, 40, 1500, 4, 1700 }, 12), "stats: the 12 values");
}

static void
test_stats_zero_duration(void)
{
	static const double t[] = { 5, 5, 5 }, len[] = { 70, 70, 70 };
	struct flowfeat_flow f = { 3, t, len, NULL, NULL };
	double out[12];

	flowfeat_compute(FEAT_STATS, &f, 12, 0, 0, out, scratch);
	ok(same(out, (const double[]){ 0, 0, 0, 70, 0, 70, 70, 70, 70, 70, 3, 210 }, 12),
	    "stats: zero duration gives zero rates");
}

static void
test_samp(void)
{
	/* R = 1: windows [0,1] 2 packets, then t=3.5: cur=1, k=floor(2.5//1)=2
	 * zeros, cur=3; 3.5, 3.9 in the window; then the last window's 2 */
	static const double t[] = { 0, 1, 3.5, 3.9 }, len[] = { 10, 20, 30, 40 };
	struct flowfeat_flow f = { 4, t, len, NULL, NULL };
	double out[8];

	ok(flowfeat_compute(FEAT_SAMP_NUM, &f, 6, 1.0, 0, out, scratch) == 0 &&
	    same(out, (const double[]){ 2, 0, 0, 2, 0, 0 }, 6), "samp_num: windows and gaps");
	flowfeat_compute(FEAT_SAMP_SIZE, &f, 6, 1.0, 0, out, scratch);
	ok(same(out, (const double[]){ 30, 0, 0, 70, 0, 0 }, 6), "samp_size: bytes per window");
	/* R = 0 with a positive gap: netml's int(inf) OverflowError */
	ok(flowfeat_compute(FEAT_SAMP_NUM, &f, 6, 0.0, 0, out, scratch) < 0, "samp: R = 0 fails");
	{
		static const double t0[] = { 7, 7, 7 };
		struct flowfeat_flow z = { 3, t0, len, NULL, NULL };

		ok(flowfeat_compute(FEAT_SAMP_NUM, &z, 3, 0.0, 0, out, scratch) == 0 &&
		    same(out, (const double[]){ 3, 0, 0 }, 3), "samp: R = 0, zero duration: [n]");
	}
}

static void
test_samp_cap(void)
{
	/* 2 packets 10000 windows apart: 1, then min(k, 500) zeros -> cut at 500,
	 * and the last window (acc -1) is not appended */
	static const double t[] = { 0, 10000 }, len[] = { 1, 1 };
	struct flowfeat_flow f = { 2, t, len, NULL, NULL };
	double out[FEAT_SAMP_MAX + 10];
	size_t i, zeros = 0;

	flowfeat_compute(FEAT_SAMP_NUM, &f, FEAT_SAMP_MAX + 10, 1.0, 0, out, scratch);
	for (i = 1; i < FEAT_SAMP_MAX + 10; i++)
		zeros += out[i] == 0;
	ok(out[0] == 1 && zeros == FEAT_SAMP_MAX + 9, "samp: at most 500 values");
}

static void
test_header(void)
{
	static const double t[] = { 1, 2, 3 }, len[] = { 1, 1, 1 };
	static const uint8_t ttl[] = { 64, 63, 128 };
	static const double flags[FEAT_NFLAGS] = { 1, 2, 0, 0, 3, 0, 0, 0 };
	struct flowfeat_flow f = { 3, t, len, ttl, flags };
	double out[16];

	flowfeat_header(&f, 2, 0, out, scratch);
	ok(same(out, (const double[]){ 1, 2, 0, 0, 3, 0, 0, 0, 64, 63 }, 10),
	    "header: 8 flag counts, TTLs cut to D");
	flowfeat_header(&f, 4, 0, out, scratch);
	ok(same(out + 8, (const double[]){ 64, 63, 128, 0 }, 4), "header: TTLs padded");
}

static void
test_dft(void)
{
	/* real(fft([1, 2, 3, 4])) = [10, -2, -2, -2]; n = 3 of [1, 2, 3, 4]
	 * cuts to [1, 2, 3]: [6, -1.5, -1.5] */
	static const double v[] = { 1, 2, 3, 4 };
	double out[8], table[8];

	flowfeat_real_dft(v, 4, 4, out, table);
	ok(fabs(out[0] - 10) < 1e-12 && fabs(out[1] + 2) < 1e-12 && fabs(out[2] + 2) < 1e-12 &&
	    fabs(out[3] + 2) < 1e-12, "dft of length 4");
	flowfeat_real_dft(v, 4, 3, out, table);
	ok(fabs(out[0] - 6) < 1e-12 && fabs(out[1] + 1.5) < 1e-12 && fabs(out[2] + 1.5) < 1e-12,
	    "dft cuts the input to its length");
}

static void
test_dim_rate(void)
{
	double counts[] = { 2, 2, 3, 50, 4 }, durs[] = { 0, 0, 0, 1, 2 };

	/* sorted 2 2 3 4 50, 0.9 -> index 3.6 -> 4 + 46*0.6 = 31.6 -> 31 */
	ok(flowfeat_dim(counts, 5, 0.9) == 31, "dim = floor(quantile 0.9)");
	ok(flowfeat_samp_rate(durs, 5) == 0, "samp rate: 0.3 quantile of durations");
}

static void
test_names(void)
{
	enum flowfeat_set s;

	ok(flowfeat_set_parse("iat", &s) == 0 && s == FEAT_IAT, "parse iat");
	ok(flowfeat_set_parse("SAMP_SIZE", &s) == 0 && s == FEAT_SAMP_SIZE, "parse netml's name");
	ok(flowfeat_set_parse("iats", &s) < 0 && flowfeat_set_parse("", &s) < 0, "reject unknown");
	is_str(flowfeat_set_name(FEAT_IAT_SIZE), "iat_size", "set name");
}

int
main(void)
{
	test_sets();
	test_stats_zero_duration();
	test_samp();
	test_samp_cap();
	test_header();
	test_dft();
	test_dim_rate();
	test_names();
	return tap_done();
}
