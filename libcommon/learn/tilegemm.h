/* tilegemm.h: small matrix products sized for the learners' shapes (a
 * half mini-batch or a chunk of a few hundred rows, tens of features, a
 * few classes or hidden units), in registers. Not a normal header: a
 * learner includes it twice, once with KATTR = target("avx2,fma") and KFMA
 * the fused multiply-add instruction, once plain with KFMA lane by lane
 * through fma()/fmaf(), which round the same way, with KERN(name) naming
 * the copies. Both copies do the same operations in the same order on
 * every element, so a model does not depend on which one runs. The
 * includer defines the element type KT (float or double), KV its vector of
 * 32 bytes (KL lanes), KVU the same vector aligned as KT and may_alias (for
 * loads and stores), KVI the integer vector of the same shape (masks),
 * and KSPLAT(x) the vector of KL x's.
 *
 * One kernel does every product: C (rows x KL nv) = sum over i < n of
 * X[r xr + i xi] W[i wi + lane], the row tile's X broadcast, W's row read
 * as vectors, each output element one chain of fused multiply-adds in
 * increasing i. The strides let the same code multiply by a transpose (the
 * weight gradients) or run along a batch. Row tiles of 6 and column tiles
 * of two vectors keep 12 sums, 2 weight vectors and a broadcast in the 16
 * AVX2 registers (the 6x16 tile of BLIS's sgemm). The epilogue adds the
 * bias (the sums start from it), applies the ReLU, or zeroes the units a
 * ReLU mask turned off. */

/* KFMA(dst, a, b, c): dst = a * b + c lane by lane, one rounding (the
 * includer defines it for each copy). */
#ifndef OSFP_TILEGEMM_ONCE
#define OSFP_TILEGEMM_ONCE
#define UNROLL _Pragma("GCC unroll 8")
/* What the products do after their sums: store them, add a bias, add a
 * bias and apply the ReLU, or zero where a ReLU output M is 0. */
enum { GEMM_STORE, GEMM_BIAS, GEMM_BIAS_RELU, GEMM_MASK };
#endif

/* The 6 x 2 KL (or smaller) tile at C, V vectors (1 or 2) wide. */
KATTR static inline __attribute__((always_inline)) void
KERN(tile)(int R, int V, size_t n, const KT *X, size_t xr, size_t xi, const KT *W,
    size_t wi, KT *C, size_t ldc, int mode, const KT *bias, const KT *M, size_t ldm)
{
	KV acc[6][2], w[2], x, zero;
	size_t i;
	int r, v;

	/* (every loop over r and v unrolled: the sums must live in registers) */
	zero = KSPLAT(0);
	UNROLL for (v = 0; v < V; v++) {
		KV b0 = zero;

		if (mode == GEMM_BIAS || mode == GEMM_BIAS_RELU)
			b0 = *(const KVU *)(bias + KL * v);
		UNROLL for (r = 0; r < R; r++)
			acc[r][v] = b0;
	}
	for (i = 0; i < n; i++) {
		UNROLL for (v = 0; v < V; v++)
			w[v] = *(const KVU *)(W + i * wi + KL * v);
		UNROLL for (r = 0; r < R; r++) {
			KT s = X[(size_t)r * xr + i * xi];

			x = KSPLAT(s);
			UNROLL for (v = 0; v < V; v++)
				KFMA(acc[r][v], x, w[v], acc[r][v]);
		}
	}
	UNROLL for (r = 0; r < R; r++)
		UNROLL for (v = 0; v < V; v++) {
			KV a = acc[r][v];

			if (mode == GEMM_BIAS_RELU)
				a = (KV)((KVI)a & (KVI)(a > zero));
			else if (mode == GEMM_MASK)
				a = (KV)((KVI)a & (KVI)(*(const KVU *)(M + (size_t)r * ldm + KL * v) > zero));
			*(KVU *)(C + (size_t)r * ldc + KL * v) = a;
		}
}

/* The whole product, rows x KL nv, tile by tile. M (mask) is read like C. */
KATTR static void
KERN(gemm)(size_t rows, size_t nv, size_t n, const KT *X, size_t xr, size_t xi,
    const KT *W, size_t wi, KT *C, size_t ldc, int mode, const KT *bias,
    const KT *M, size_t ldm)
{
	size_t r0, v0, rem = rows % 6, split = rem && rem < 3 && rows > 6 ? rows - 6 - rem : rows;

	/* tiles of 6 rows; a remainder of 1 or 2 shares the last tile's rows
	 * (13 rows: 6, 4, 3, not 6, 6, 1), so that no tile is mostly loads */
	for (r0 = 0; r0 < rows; ) {
		int R = r0 == split ? (int)(6 + rem) / 2 : rows - r0 < 6 ? (int)(rows - r0) : 6;
		const KT *Xr = X + r0 * xr;
		KT *Cr = C + r0 * ldc;
		const KT *Mr = M ? M + r0 * ldm : NULL;

		for (v0 = 0; v0 < nv; v0 += 2) {
			const KT *b = bias ? bias + KL * v0 : NULL;
			const KT *Wv = W + KL * v0;
			KT *Cv = Cr + KL * v0;
			const KT *Mv = Mr ? Mr + KL * v0 : NULL;

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
		r0 += (size_t)R;
	}
}

/* s[0 .. KL nv) = the column sums of rows x KL nv elements at A (row
 * stride lda), rows added in order. */
KATTR static void
KERN(colsum)(const KT *A, size_t rows, size_t lda, size_t nv, KT *s)
{
	size_t i, v;

	for (v = 0; v < nv; v++) {
		KV acc = { 0 };

		for (i = 0; i < rows; i++)
			acc += *(const KVU *)(A + i * lda + KL * v);
		*(KVU *)(s + KL * v) = acc;
	}
}

