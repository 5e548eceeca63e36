/* vmath.h: exp and log of four doubles at a time, for the learners'
 * softmax and log-loss. Not a normal header: included twice like
 * tilegemm.h (KERN, KATTR; vec.h's types). */

#ifndef OSFP_VMATH_TABLE
#define OSFP_VMATH_TABLE
/* 2^(j/32), j = 0..31, correctly rounded */
static const double exp2_32[32] = {
	0x1.0000000000000p+0, 0x1.059b0d3158574p+0, 0x1.0b5586cf9890fp+0,
	0x1.11301d0125b51p+0, 0x1.172b83c7d517bp+0, 0x1.1d4873168b9aap+0,
	0x1.2387a6e756238p+0, 0x1.29e9df51fdee1p+0, 0x1.306fe0a31b715p+0,
	0x1.371a7373aa9cbp+0, 0x1.3dea64c123422p+0, 0x1.44e086061892dp+0,
	0x1.4bfdad5362a27p+0, 0x1.5342b569d4f82p+0, 0x1.5ab07dd485429p+0,
	0x1.6247eb03a5585p+0, 0x1.6a09e667f3bcdp+0, 0x1.71f75e8ec5f74p+0,
	0x1.7a11473eb0187p+0, 0x1.82589994cce13p+0, 0x1.8ace5422aa0dbp+0,
	0x1.93737b0cdc5e5p+0, 0x1.9c49182a3f090p+0, 0x1.a5503b23e255dp+0,
	0x1.ae89f995ad3adp+0, 0x1.b7f76f2fb5e47p+0, 0x1.c199bdd85529cp+0,
	0x1.cb720dcef9069p+0, 0x1.d5818dcfba487p+0, 0x1.dfc97337b9b5fp+0,
	0x1.ea4afa2a490dap+0, 0x1.f50765b6e4540p+0,
};
#endif

/* exp(x) of four lanes in place for x <= 0 (softmax inputs once the row
 * maximum is subtracted), within 2 ulp of libm's; below -708 the result is
 * exp(-708), 3e-308, a probability of 0 either way. x = (32n + j) ln2/32 +
 * r with |r| <= ln2/64 (Cody-Waite: ln2/32 in two parts, the first product
 * exact); k = 32n + j is read off the mantissa of x 32/ln2 + 1.5 * 2^52,
 * which rounds it to an integer; e^x = 2^n 2^(j/32) e^r, 2^n added to the
 * exponent bits of the table entry, e^r by its Taylor polynomial of degree
 * 6 (truncation error below 4e-18 relative). */
KATTR static inline __attribute__((always_inline)) void
KERN(exp4)(double *p)
{
	const v4d shift = V4(0x1.8p52), lo = V4(-708.0), one = V4(1.0);
	const v4i j31 = { 31, 31, 31, 31 };
	v4d x, t, kd, r, r2, q, tab;
	v4i k, j, m;

	x = *(const v4u *)p;
	m = (v4i)(x < lo);
	x = (v4d)(((v4i)lo & m) | ((v4i)x & ~m));
	t = x * V4(0x1.71547652b82fep5) + shift;
	kd = t - shift;
	k = (v4i)t - (v4i)shift;
	r = (x - kd * V4(0x1.62e42fee00000p-6)) - kd * V4(0x1.a39ef35793c76p-38);
	/* 1 + r + r^2/2 + ... + r^6/720, in two halves for a shorter chain */
	r2 = r * r;
	q = one + (r + (r2 * (V4(1.0 / 2) + r * V4(1.0 / 6)) +
	    r2 * r2 * (V4(1.0 / 24) + r * V4(1.0 / 120) + r2 * V4(1.0 / 720))));
	j = k & j31;
	tab = (v4d){ exp2_32[j[0]], exp2_32[j[1]], exp2_32[j[2]], exp2_32[j[3]] };
	*(v4u *)p = q * (v4d)((v4i)tab + ((k - j) << 47));   /* n = (k - j) / 32 */
}

/* exp4 over an array; the last few elements go through the same code in a
 * padded copy. */
KATTR static inline void
KERN(exp_array)(double *z, size_t len)
{
	size_t i, l;

	for (i = 0; i + 4 <= len; i += 4)
		KERN(exp4)(z + i);
	if (i < len) {
		double pad[4] = { 0, 0, 0, 0 };

		for (l = 0; l < len - i; l++)
			pad[l] = z[i + l];
		KERN(exp4)(pad);
		for (l = 0; l < len - i; l++)
			z[i + l] = pad[l];
	}
}

/* log(x) of four lanes in place, x positive, normal and finite, within 2
 * ulp of the rounded logarithm: x = 2^e m with m in [sqrt(1/2), sqrt(2)),
 * log m = 2 atanh(t) with t = (m - 1) / (m + 1), |t| < 0.172, by its series
 * to t^23 (remainder below 1e-18 relative), and e ln2 with ln2 in two parts
 * (the first product exact). */
KATTR static inline __attribute__((always_inline)) void
KERN(log4)(double *p)
{
	const v4i mant = V4I(0x000fffffffffffffLL), onebits = V4I(0x3ff0000000000000LL);
	v4d x = *(const v4u *)p, m, t, t2, q, e;
	v4i b = (v4i)x, big, ei;

	m = (v4d)((b & mant) | onebits);                     /* [1, 2) */
	ei = ((b >> 52) & V4I(0x7ff)) - V4I(1023);
	big = (v4i)(m > V4(0x1.6a09e667f3bcdp0));
	m = (v4d)(((v4i)(m * V4(0.5)) & big) | ((v4i)m & ~big));
	ei -= big;                                           /* big is -1 where set */
	e = (v4d){ (double)ei[0], (double)ei[1], (double)ei[2], (double)ei[3] };
	t = (m - V4(1.0)) / (m + V4(1.0));
	t2 = t * t;
	q = V4(1.0 / 23);
	q = q * t2 + V4(1.0 / 21);
	q = q * t2 + V4(1.0 / 19);
	q = q * t2 + V4(1.0 / 17);
	q = q * t2 + V4(1.0 / 15);
	q = q * t2 + V4(1.0 / 13);
	q = q * t2 + V4(1.0 / 11);
	q = q * t2 + V4(1.0 / 9);
	q = q * t2 + V4(1.0 / 7);
	q = q * t2 + V4(1.0 / 5);
	q = q * t2 + V4(1.0 / 3);
	*(v4u *)p = e * V4(0x1.62e42fefa3800p-1) + ((t + t) + ((t + t) * t2 * q +
	    e * V4(0x1.ef35793c76730p-45)));
}
