/* Unit tests for numpy.c against values numpy 1.24 computed (hex floats,
 * exact): np.add.reduce, np.std, np.quantile (linear) and Python's //.
 * The inputs come from a 64-bit LCG, the same one the Python script that
 * made the expected values with numpy used:
 *   s = s*6364136223846793005 + 1442695040888963407 (mod 2^64); v = s >> 11
 *   kind 0: v*2^-53*1000; kind 1: v % 1500; kind 2: 1.4e9 + v*2^-53*100 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/numpy.h"
#include "tap.h"

static const struct npcase {
	uint64_t seed;
	size_t n;
	int kind;
	double sum, std, q[8];
} cases[] = {
	{ 1, 1, 0, 0x1.a7358c38e9944p+8, 0x0.0p+0, { 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8, 0x1.a7358c38e9944p+8 } },
	{ 2, 7, 0, 0x1.ab2d987682788p+11, 0x1.2782202c2d27bp+8, { 0x1.9de2d97dc78ddp+9, 0x1.1de3e03069628p+8, 0x1.b829b5eda76a2p+8, 0x1.6ce6bad0297b6p+9, 0x1.4d0ff997c42f3p+8, 0x1.0fbb606a7673ap+7, 0x1.ca8edd330d556p+9, 0x1.cc2a7bed8fc8cp+4 } },
	{ 3, 8, 0, 0x1.b62d47f67415ep+11, 0x1.66a0cab1d47fep+7, { 0x1.46d8c883353e1p+9, 0x1.54d31413f3c6fp+8, 0x1.b00e8d3e71784p+8, 0x1.0a3b21340e1e6p+9, 0x1.5d86008ccd6e4p+8, 0x1.05572630e6e73p+8, 0x1.6f373c97b5896p+9, 0x1.c4d73f6b3f908p+6 } },
	{ 4, 9, 1, 0x1.76e0000000000p+12, 0x1.032d352ce07d2p+9, { 0x1.61b3333333333p+10, 0x1.3200000000000p+8, 0x1.9b00000000000p+8, 0x1.ee00000000000p+9, 0x1.3f33333333333p+8, 0x1.4266666666667p+6, 0x1.7080000000000p+10, 0x1.b000000000000p+4 } },
	{ 5, 100, 0, 0x1.6d7dc0e98c395p+15, 0x1.29363135411fcp+8, { 0x1.be170b30ee052p+9, 0x1.ddd82daa1cc24p+7, 0x1.bffc488e40cfcp+8, 0x1.6c576a85559d9p+9, 0x1.064e485669d00p+8, 0x1.12694d4489b13p+6, 0x1.f290e37e90da8p+9, 0x1.918eee254cbdcp+0 } },
	{ 6, 128, 1, 0x1.7575000000000p+16, 0x1.b3301871d2f95p+8, { 0x1.4fa6666666666p+10, 0x1.7700000000000p+8, 0x1.7bc0000000000p+9, 0x1.1320000000000p+10, 0x1.ba1999999999ap+8, 0x1.239999999999ap+7, 0x1.7000000000000p+10, 0x1.0000000000000p+1 } },
	{ 7, 129, 0, 0x1.d6b730c5d1a8fp+15, 0x1.1a35d51a7f45ep+8, { 0x1.bbe480d2a4e03p+9, 0x1.c0104a962f70dp+7, 0x1.b675295bb401ap+8, 0x1.62ceaa3f9dc68p+9, 0x1.189738fb66181p+8, 0x1.38c6408a75660p+6, 0x1.f047d2dc65bc3p+9, 0x1.6bac4b06c92bap+3 } },
	{ 8, 1000, 2, 0x1.45f6816a029b8p+40, 0x1.c6b6946f8e1bfp+4, { 0x1.4dc93963139fcp+30, 0x1.4dc9385e24740p+30, 0x1.4dc938b822198p+30, 0x1.4dc9391d070dep+30, 0x1.4dc93870d4f64p+30, 0x1.4dc938235f6b4p+30, 0x1.4dc9398fdb678p+30, 0x1.4dc9380022ef4p+30 } },
	{ 9, 8191, 0, 0x1.f1b39ebb27a2cp+21, 0x1.20e2d3988f3b0p+8, { 0x1.c1a3254a8906ep+9, 0x1.f7aafb3ce2e22p+7, 0x1.ed69cf959e23ep+8, 0x1.77e57df6c8a6ep+9, 0x1.2b099a55f457fp+8, 0x1.8a7f2b4a04acep+6, 0x1.f3ffe29613a6bp+9, 0x1.919eab8f09a80p-5 } },
	{ 10, 8192, 0, 0x1.f374910d9c11ep+21, 0x1.2104b601ef6bcp+8, { 0x1.c3cb883fb80b6p+9, 0x1.f8578bd50fcb3p+7, 0x1.f379e952c7a64p+8, 0x1.777543f443b22p+9, 0x1.2a70a885117c2p+8, 0x1.8b6c682601b30p+6, 0x1.f3f4819d76bc3p+9, 0x1.808dcb3c78340p-4 } },
	{ 11, 8193, 0, 0x1.f251bf5f62618p+21, 0x1.1fde99edbd465p+8, { 0x1.c0e6e79c7b93cp+9, 0x1.ee70077869e4cp+7, 0x1.f2233bafc6930p+8, 0x1.7675eede1e9bep+9, 0x1.287b6366254b7p+8, 0x1.95c5bc1377203p+6, 0x1.f3f0e30ad70dap+9, 0x1.cdb7664ee5840p-3 } },
	{ 12, 20000, 1, 0x1.c9fb3a0000000p+23, 0x1.b054fde0d4127p+8, { 0x1.51c0000000000p+10, 0x1.7a00000000000p+8, 0x1.7700000000000p+9, 0x1.1940000000000p+10, 0x1.c400000000000p+8, 0x1.2c00000000000p+7, 0x1.76c0000000000p+10, 0x0.0p+0 } },
	{ 13, 50001, 0, 0x1.7d68bbc140ab2p+24, 0x1.2058d22f8e408p+8, { 0x1.c18f208d3e7b8p+9, 0x1.f7de61637c009p+7, 0x1.f2f24904b4776p+8, 0x1.7756d07fc0098p+9, 0x1.2c7a774d77a96p+8, 0x1.8e0ec066af909p+6, 0x1.f3fd3767cc8a3p+9, 0x1.5fb63b1787780p-5 } },
	{ 14, 3, 2, 0x1.f4add5812205fp+31, 0x1.ef49a2984134dp+4, { 0x1.4dc939636611ap+30, 0x1.4dc938cb7d5ecp+30, 0x1.4dc93943d91edp+30, 0x1.4dc9395791369p+30, 0x1.4dc938e38fb86p+30, 0x1.4dc938834651fp+30, 0x1.4dc9396b494e5p+30, 0x1.4dc93853219ecp+30 } },
};
static const double qs[8] = { 0.9, 0.25, 0.5, 0.75, 0.3, 0.1, 1.0, 0.0 };

static const struct { double a, b, want; } fdcases[] = {
	{ 0x1.c000000000000p+2, 0x1.0000000000000p+1, 0x1.8000000000000p+1 },
	{ -0x1.c000000000000p+2, 0x1.0000000000000p+1, -0x1.0000000000000p+2 },
	{ 0x1.c000000000000p+2, -0x1.0000000000000p+1, -0x1.0000000000000p+2 },
	{ 0x0.0p+0, 0x1.8000000000000p+1, 0x0.0p+0 },
	{ -0x0.0p+0, 0x1.8000000000000p+1, -0x0.0p+0 },
	{ 0x1.0000000000000p+0, 0x1.999999999999ap-4, 0x1.2000000000000p+3 },
	{ 0x1.3333333333333p-2, 0x1.999999999999ap-4, 0x1.0000000000000p+1 },
	{ 0x1.71b24d8000004p+2, 0x1.0adb9b3333333p-2, 0x1.6000000000000p+4 },
	{ 0x1.fbe9c80000000p-1, 0x1.0adb9b3333333p-2, 0x1.8000000000000p+1 },
	{ -0x1.56e1fc2f8f359p-997, 0x1.0000000000000p+0, -0x1.0000000000000p+0 },
	{ 0x1.7e43c8800759cp+996, 0x1.56e1fc2f8f359p-997, INFINITY },
	{ -0x1.20a1e4d77a284p-5, 0x1.8ad2d0aa61d32p+8, -0x1.0000000000000p+0 },
	{ -0x1.4e08be1f6424ap+16, 0x1.788529bcec73ep+6, -0x1.c680000000000p+9 },
	{ 0x1.a3897640f3a77p-1, -0x1.2bf71bd2dda18p+5, -0x1.0000000000000p+0 },
	{ -0x1.4f2ab7dc3be8fp-3, -0x1.6ada2031a030fp+6, 0x0.0p+0 },
	{ -0x1.ae8e5f9c66df2p+19, 0x1.ef3535539adbbp+6, -0x1.bd30000000000p+12 },
	{ 0x1.fe41ea6d6526dp+17, -0x1.d9dabea06905ap+9, -0x1.1400000000000p+8 },
	{ -0x1.cd3875830a12ap-1, 0x1.74a954817620ap+5, -0x1.0000000000000p+0 },
	{ -0x1.58b442dd5c3e3p-5, -0x1.0e57cb193f501p+9, 0x0.0p+0 },
	{ 0x1.263998a4e3bdbp+20, 0x1.6973e8148350cp+7, 0x1.a0c0000000000p+12 },
	{ -0x1.8ec1f73ff0f16p+14, 0x1.640e2d92aa727p+9, -0x1.2000000000000p+5 },
	{ 0x1.298623bedcb26p+11, -0x1.5433325280284p+9, -0x1.0000000000000p+2 },
	{ 0x1.5a89353f15e2ep+12, -0x1.24c7eb25100fep+9, -0x1.4000000000000p+3 },
	{ -0x1.1b7ab5b342787p-2, 0x1.8d3092d9e86cbp+9, -0x1.0000000000000p+0 },
	{ -0x1.0b9ce0020bcd8p+3, -0x1.06992709d7d33p+9, 0x0.0p+0 },
	{ 0x1.25b0a1e7d03f8p+2, 0x1.307ac12316c5dp+9, 0x0.0p+0 },
	{ -0x1.7def292802266p+9, -0x1.49ec98dc164fap+7, 0x1.0000000000000p+2 },
	{ -0x1.b304f2ebad312p+12, 0x1.a5b2c75cdf02cp+8, -0x1.1000000000000p+4 },
	{ 0x1.025eb77007ddfp+19, -0x1.8a8c0dcfe4efcp+9, -0x1.4f80000000000p+9 },
	{ -0x1.ff9bc2c9e1c14p+4, -0x1.292f582261e7bp+9, 0x0.0p+0 },
	{ -0x1.1a9d924a8cc25p-7, -0x1.d8572e1feae87p+9, 0x0.0p+0 },
	{ 0x1.024458bebc153p-8, -0x1.e55afce7c44dcp+5, -0x1.0000000000000p+0 },
	{ 0x1.673388b9740c4p+21, -0x1.9af65f68807e5p+9, -0x1.bfa0000000000p+11 },
	{ 0x1.08702f8d46fa7p+22, -0x1.5b015870ea790p+8, -0x1.8630000000000p+13 },
	{ -0x1.1a4bf1fa94fa1p+18, 0x1.d46217f8c5856p+6, -0x1.34a0000000000p+11 },
	{ -0x1.68b1ad25152d5p+2, 0x1.02ae319783259p+7, -0x1.0000000000000p+0 },
	{ -0x1.fe82f8b1a80c5p+10, -0x1.425340a55a6edp+6, 0x1.9000000000000p+4 },
	{ -0x1.f794d7205bc3ep+0, -0x1.b9b12139a7dc7p+9, 0x0.0p+0 },
	{ 0x1.d1e66e5808fe1p+2, -0x1.6132c760b3cb8p+9, -0x1.0000000000000p+0 },
	{ 0x1.6d7234d70c574p+8, 0x1.dedd98177519ep+9, 0x0.0p+0 },
	{ -0x1.559e72bac15bbp-4, 0x1.cfe9ea7534cfbp+7, -0x1.0000000000000p+0 },
	{ -0x1.dc803c2b84ea4p+19, -0x1.6caf8d306e254p+7, 0x1.4e70000000000p+12 },
	{ -0x1.efe8099bca5b0p+9, -0x1.0b4ba4a77800bp+9, 0x1.0000000000000p+0 },
	{ 0x1.59afb046b8a1ep+26, 0x1.ad99d978d6195p+9, 0x1.9bfd000000000p+16 },
	{ -0x1.4ac83ae608333p+26, -0x1.dbf16faf328b1p+9, 0x1.63d7000000000p+16 },
	{ -0x1.97b8b2c482b5cp+7, -0x1.9e25fbeac7082p+6, 0x1.0000000000000p+0 },
	{ -0x1.1ee2a0e625304p-7, -0x1.ec5573f10f80ep+9, 0x0.0p+0 },
	{ -0x1.0e284ea101d5fp+6, 0x1.2c5d16df9ef3fp+9, -0x1.0000000000000p+0 },
	{ -0x1.9968ad5f8fb53p-4, -0x1.0c4f312b3af0bp+9, 0x0.0p+0 },
	{ 0x1.2a27c8fe1dbacp-9, -0x1.b52a8b579a3adp+9, -0x1.0000000000000p+0 },
	{ -0x1.c1dafa1a7e957p+2, -0x1.ddbbe8353fcbbp+9, 0x0.0p+0 },
};

static void
fill(double *x, uint64_t seed, size_t n, int kind)
{
	uint64_t s = seed, v;
	size_t i;

	for (i = 0; i < n; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		v = s >> 11;
		if (kind == 0)
			x[i] = (double)v * 0x1p-53 * 1000.0;
		else if (kind == 1)
			x[i] = (double)(v % 1500);
		else
			x[i] = 1.4e9 + (double)v * 0x1p-53 * 100.0;
	}
}

static int
same(double a, double b)
{
	return a == b && signbit(a) == signbit(b);
}

int
main(void)
{
	size_t c, j;

	for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		const struct npcase *k = &cases[c];
		double *x = malloc(k->n * sizeof *x), *t = malloc(k->n * sizeof *t);

		fill(x, k->seed, k->n, k->kind);
		ok(numpy_sum(x, k->n) == k->sum, "numpy_sum n=%zu kind %d: %a want %a",
		    k->n, k->kind, numpy_sum(x, k->n), k->sum);
		ok(numpy_std(x, k->n, t) == k->std, "numpy_std n=%zu: %a want %a",
		    k->n, numpy_std(x, k->n, t), k->std);
		qsort(x, k->n, sizeof *x, numpy_cmp_double);
		for (j = 0; j < 8; j++)
			ok(numpy_quantile_sorted(x, k->n, qs[j]) == k->q[j],
			    "numpy_quantile n=%zu q=%g: %a want %a", k->n, qs[j],
			    numpy_quantile_sorted(x, k->n, qs[j]), k->q[j]);
		free(x);
		free(t);
	}
	{	/* unsorted input, integer-valued: sorted in place */
		double x[] = { 5, 1, 4, 2, 3 };
		ok(numpy_quantile(x, 5, 0.9) == 4.6 && x[0] == 1 && x[4] == 5, "numpy_quantile sorts");
	}
	for (c = 0; c < sizeof fdcases / sizeof fdcases[0]; c++)
		ok(same(numpy_floordiv(fdcases[c].a, fdcases[c].b), fdcases[c].want),
		    "%a // %a = %a (got %a)", fdcases[c].a, fdcases[c].b,
		    fdcases[c].want, numpy_floordiv(fdcases[c].a, fdcases[c].b));
	ok(isinf(numpy_floordiv(1.0, 0.0)), "x // 0.0 is inf (netml then crashes)");
	return tap_done();
}
