/* mlpgemm.h: the mlp's matrix products in single precision, sized for its
 * small shapes (a half mini-batch of 100 rows, tens of inputs and hidden
 * units, a few classes). Not a normal header: mlp.c includes it twice, like
 * mlpvec.h, once with KATTR = target("avx2,fma") and KFMA the fused
 * multiply-add instruction, once plain with KFMA lane by lane through
 * fmaf(), which rounds the same way. Both copies do the same operations in
 * the same order on every element, so the model does not depend on which
 * one runs.
 *
 * One kernel does every product: C (rows x 8 nv) = sum over i < n of
 * X[r xr + i xi] W[i wi + lane], the row tile's X broadcast, W's row read
 * as vectors of eight floats, each output element one chain of fused
 * multiply-adds in increasing i. The strides let the same code multiply by
 * a transpose (the weight gradients) or run along a batch. Row tiles of 6
 * and column tiles of two vectors keep 12 sums, 2 weight vectors and a
 * broadcast in the 16 AVX2 registers (the 6x16 tile of BLIS's sgemm). The
 * epilogue adds the bias (the sums start from it), applies the ReLU, or
 * zeroes the units a ReLU mask turned off. */

/* KFMA(dst, a, b, c): dst = a * b + c lane by lane, one rounding (mlp.c
 * defines it for each copy). */
#ifndef UNROLL
#define UNROLL _Pragma("GCC unroll 8")
#endif

/* The 6 x 16 (or smaller) tile at C, nv vectors (1 or 2) wide. */
KATTR static inline __attribute__((always_inline)) void
KERN(tile)(int R, int V, size_t n, const float *X, size_t xr, size_t xi, const float *W,
    size_t wi, float *C, size_t ldc, int mode, const float *bias, const float *M, size_t ldm)
{
	v8f acc[6][2], w[2], x;
	size_t i;
	int r, v;

	/* (every loop over r and v unrolled: the sums must live in registers) */
	UNROLL for (v = 0; v < V; v++) {
		v8f b0 = { 0, 0, 0, 0, 0, 0, 0, 0 };

		if (mode == GEMM_BIAS || mode == GEMM_BIAS_RELU)
			b0 = *(const v8u *)(bias + 8 * v);
		UNROLL for (r = 0; r < R; r++)
			acc[r][v] = b0;
	}
	for (i = 0; i < n; i++) {
		UNROLL for (v = 0; v < V; v++)
			w[v] = *(const v8u *)(W + i * wi + 8 * v);
		UNROLL for (r = 0; r < R; r++) {
			float s = X[(size_t)r * xr + i * xi];

			x = (v8f){ s, s, s, s, s, s, s, s };
			UNROLL for (v = 0; v < V; v++)
				KFMA(acc[r][v], x, w[v], acc[r][v]);
		}
	}
	UNROLL for (r = 0; r < R; r++)
		UNROLL for (v = 0; v < V; v++) {
			v8f a = acc[r][v];
			const v8f zero = { 0, 0, 0, 0, 0, 0, 0, 0 };

			if (mode == GEMM_BIAS_RELU)
				a = (v8f)((v8i)a & (v8i)(a > zero));
			else if (mode == GEMM_MASK)
				a = (v8f)((v8i)a & (v8i)(*(const v8u *)(M + (size_t)r * ldm + 8 * v) > zero));
			*(v8u *)(C + (size_t)r * ldc + 8 * v) = a;
		}
}

/* The whole product, rows x 8 nv, tile by tile. M (mask) is read like C. */
KATTR static void
KERN(gemm)(size_t rows, size_t nv, size_t n, const float *X, size_t xr, size_t xi,
    const float *W, size_t wi, float *C, size_t ldc, int mode, const float *bias,
    const float *M, size_t ldm)
{
	size_t r0, v0;

	for (r0 = 0; r0 < rows; r0 += 6) {
		int R = rows - r0 < 6 ? (int)(rows - r0) : 6;
		const float *Xr = X + r0 * xr;
		float *Cr = C + r0 * ldc;
		const float *Mr = M ? M + r0 * ldm : NULL;

		for (v0 = 0; v0 < nv; v0 += 2) {
			const float *b = bias ? bias + 8 * v0 : NULL;
			const float *Wv = W + 8 * v0;
			float *Cv = Cr + 8 * v0;
			const float *Mv = Mr ? Mr + 8 * v0 : NULL;

			/* constant shapes, so that the tile's sums stay in registers */
#define T(RR, VV) KERN(tile)(RR, VV, n, Xr, xr, xi, Wv, wi, Cv, ldc, mode, b, Mv, ldm)
			if (nv - v0 >= 2)
				switch (R) {
				case 6: T(6, 2); break;
				case 5: T(5, 2); break;
				case 4: T(4, 2); break;
				case 3: T(3, 2); break;
				case 2: T(2, 2); break;
				default: T(1, 2); break;
				}
			else
				switch (R) {
				case 6: T(6, 1); break;
				case 5: T(5, 1); break;
				case 4: T(4, 1); break;
				case 3: T(3, 1); break;
				case 2: T(2, 1); break;
				default: T(1, 1); break;
				}
#undef T
		}
	}
}

/* s[0 .. 8 nv) = the column sums of rows x 8 nv floats at A (row stride
 * lda), rows added in order. */
KATTR static void
KERN(colsum)(const float *A, size_t rows, size_t lda, size_t nv, float *s)
{
	size_t i, v;

	for (v = 0; v < nv; v++) {
		v8f acc = { 0, 0, 0, 0, 0, 0, 0, 0 };

		for (i = 0; i < rows; i++)
			acc += *(const v8u *)(A + i * lda + 8 * v);
		*(v8u *)(s + 8 * v) = acc;
	}
}

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
 * to [eps, 1 - eps] as sklearn does, in double), and Z becomes the delta
 * P - Y (0 in the padding). Returns the loss. */
KATTR static double
KERN(softmax_loss)(float *Z, size_t rows, size_t kp, size_t ko, const int *y)
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
		for (v = 0; v < nv; v++)
			*(v8u *)(z + 8 * v) = *(const v8u *)(z + 8 * v) / V8(s);
		p = z[y[i]];
		loss -= log(p < DBL_EPSILON ? DBL_EPSILON : p > 1 - DBL_EPSILON ? 1 - DBL_EPSILON : p);
		z[y[i]] -= 1;
	}
	return loss;
}
