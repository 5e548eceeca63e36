/* mlpsoft.h: the mlp's softmax output and log-loss in single precision,
 * eight lanes at a time. Not a normal header: mlp.c includes it twice, like
 * tilegemm.h (KERN, KATTR; v8f, v8i, v8u, V8). */

/* exp(x) in place, lane by lane, for x <= 0 (below -87, e^-87: 2e-38, a
 * probability of 0 either way): x = n ln2 + r, |r| <= ln2/2 (Cody-Waite,
 * ln2 in two parts, the first product exact), e^r by its Taylor polynomial
 * of degree 7 (truncation error below 1e-8 relative), 2^n put into the
 * exponent bits. Within 2 ulp of the rounded exponential. */
KATTR static inline __attribute__((always_inline)) void
KERN(expf8)(v8f *px)
{
	const v8f shift = V8(0x1.8p23f);
	v8f x = *px, t, n, r, q;
	v8i k;

	x = (v8f)(((v8i)x & (v8i)(x >= V8(-87.0f))) | ((v8i)V8(-87.0f) & (v8i)(x < V8(-87.0f))));
	t = x * V8(0x1.715476p0f) + shift;
	n = t - shift;
	k = (v8i)t - (v8i)shift;
	r = (x - n * V8(0x1.62e400p-1f)) - n * V8(0x1.7f7d1cp-20f);
	q = V8(1.0f / 5040);
	q = q * r + V8(1.0f / 720);
	q = q * r + V8(1.0f / 120);
	q = q * r + V8(1.0f / 24);
	q = q * r + V8(1.0f / 6);
	q = q * r + V8(0.5f);
	q = q * r + V8(1.0f);
	q = q * r + V8(1.0f);
	*px = q * (v8f)((k + 127) << 23);
}

/* The softmax output of rows rows of ko logits (row stride kp, a multiple
 * of 8, the padding ignored), the row maximum subtracted first as sklearn
 * does, the log-loss of the rows' classes y (sum of -log(p_y), p clipped
 * to [eps, 1 - eps] as sklearn does, in double, the logarithms four rows at
 * a time: ps, rows + 3 doubles, is their scratch), and Z becomes the delta
 * P - Y (0 in the padding). Returns the loss. */
KATTR static double
KERN(softmax_loss)(float *Z, size_t rows, size_t kp, size_t ko, const int *y, double *ps)
{
	const v8i lane = { 0, 1, 2, 3, 4, 5, 6, 7 };
	size_t i, v, nv = kp / 8;
	double loss = 0;

	for (i = 0; i < rows; i++) {
		float *z = Z + i * kp, mx = z[0], s = 0;
		v8f acc = V8(0.0f);
		double p;
		size_t k;

		for (k = 1; k < ko; k++)
			mx = z[k] > mx ? z[k] : mx;
		for (v = 0; v < nv; v++) {
			v8i in = lane < (v8i){ 0, 0, 0, 0, 0, 0, 0, 0 } + ((int)ko - 8 * (int)v);
			v8f e = *(const v8u *)(z + 8 * v) - V8(mx);

			KERN(expf8)(&e);
			e = (v8f)((v8i)e & in);
			*(v8u *)(z + 8 * v) = e;
			acc += e;
		}
		for (k = 0; k < 8; k++)
			s += acc[k];
		s = 1 / s;      /* a product per class instead of a division */
		for (v = 0; v < nv; v++)
			*(v8u *)(z + 8 * v) = *(const v8u *)(z + 8 * v) * V8(s);
		p = z[y[i]];
		ps[i] = p < DBL_EPSILON ? DBL_EPSILON : p > 1 - DBL_EPSILON ? 1 - DBL_EPSILON : p;
		z[y[i]] -= 1;
	}
	for (i = rows; i % 4; i++)
		ps[i] = 1;
	for (i = 0; i < rows; i += 4)
		KERN(log4)(ps + i);
	for (i = 0; i < rows; i++)
		loss -= ps[i];
	return loss;
}
