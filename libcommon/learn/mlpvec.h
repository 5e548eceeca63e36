/* mlpvec.h: the elementwise passes of the mlp in double precision, four
 * doubles at a time through the GCC/Clang vector extensions (vec.h). Not a
 * normal header: mlp.c includes it twice, once with KATTR =
 * target("avx2,fma") (one instruction per four lanes) and once plain (the
 * compiler splits each operation in two SSE2 halves, or scalars elsewhere),
 * with KERN(name) naming the copies. Both copies do the same operations in
 * the same order on every element, so the model does not depend on which
 * one runs. gcc -O2 vectorizes none of these loops by itself. Vectors are
 * never passed by value between functions that are not inlined (that
 * would change the ABI between the two copies). */

/* A[i][k] = relu(A[i][k] + b1[k]) for columns [h0, h1) of rows x lda. */
KATTR static void
KERN(bias_relu)(double *A, size_t rows, size_t lda, const double *b1, size_t h0, size_t h1)
{
	const v4d zero = V4(0);
	size_t i, k;

	for (i = 0; i < rows; i++) {
		double *a = A + i * lda;

		for (k = h0; k + 4 <= h1; k += 4) {
			v4d v = *(const v4u *)(a + k) + *(const v4u *)(b1 + k);

			*(v4u *)(a + k) = (v4d)((v4i)v & (v4i)(v > zero));
		}
		for (; k < h1; k++) {
			double v = a[k] + b1[k];

			a[k] = v > 0 ? v : 0;
		}
	}
}

/* Adam on len parameters w whose raw gradient is the sum of two parts'
 * single-precision gradients, G0 + G1: the gradient is s (G0 + G1) + c w
 * (s = 1/m; c = alpha/m, the L2 term, for weights, 0 for biases; w as its
 * single-precision copy wf). The moments am, av and the step are in single
 * precision (its square root and division are the costly part, and cheaper
 * in floats), the weights w in double; the updated w is also written to
 * wf. Returns the sum of squares of the updated w, for the L2 penalty in
 * the next mini-batch's loss. One pass over the arrays. */
KATTR static double
KERN(adam)(double *w, float *wf, const float *G0, const float *G1, float *am, float *av,
    size_t len, double s, double c, double lr_t)
{
	const float beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
	const v4f S = V4F((float)s), C = V4F((float)c), B1 = V4F(beta1), B2 = V4F(beta2),
	    OB1 = V4F(1 - beta1), OB2 = V4F(1 - beta2), LR = V4F((float)lr_t), EPS = V4F(epsilon);
	v4d acc = V4(0);
	double sq;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		v4f g = (*(const v4fu *)(G0 + i) + *(const v4fu *)(G1 + i)) * S +
		    *(const v4fu *)(wf + i) * C;
		v4f mi = B1 * *(const v4fu *)(am + i) + OB1 * g;
		v4f vv = B2 * *(const v4fu *)(av + i) + OB2 * (g * g), sv;
		v4d wi;

		KSQRTF(sv, vv);
		wi = *(const v4u *)(w + i) - __builtin_convertvector(LR * mi / (sv + EPS), v4d);
		*(v4fu *)(am + i) = mi;
		*(v4fu *)(av + i) = vv;
		*(v4u *)(w + i) = wi;
		*(v4fu *)(wf + i) = __builtin_convertvector(wi, v4f);
		acc += wi * wi;
	}
	sq = (acc[0] + acc[1]) + (acc[2] + acc[3]);
	for (; i < len; i++) {
		float g = (G0[i] + G1[i]) * (float)s + wf[i] * (float)c;

		am[i] = beta1 * am[i] + (1 - beta1) * g;
		av[i] = beta2 * av[i] + (1 - beta2) * (g * g);
		w[i] -= (double)((float)lr_t * am[i] / (sqrtf(av[i]) + epsilon));
		wf[i] = (float)w[i];
		sq += w[i] * w[i];
	}
	return sq;
}

static const struct kern KERN(kern) = {
	KERN(exp_array), KERN(bias_relu), KERN(adam), KERN(gemm), KERN(colsum),
	KERN(softmax_loss)
};
