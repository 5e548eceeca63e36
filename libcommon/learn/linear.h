/* linear.h: the notebook's two linear models, as sklearn 1.2 fits them.
 *
 * linear_fit_ridge is RidgeClassifier(alpha): targets +-1 (one column per class, a
 * single column for two classes), X and Y centred on their training means
 * (the intercept is not penalised), (Xc'Xc + alpha I) W = Xc'Yc solved by
 * Cholesky (dsyrk + dposv), or the kernel form when d > n.
 *
 * linear_fit_logistic is LogisticRegression(C, max_iter) with lbfgs: multinomial
 * softmax for K > 2, one binomial vector for K = 2; objective = the SUM of
 * the cross-entropy over rows + 0.5/C ||W||^2 (intercept unpenalised), from
 * W = 0, minimised by liblbfgs with m = 10 and scipy's stopping rules
 * (relative reduction 2.22e-9 over one iteration, max_iter iterations).
 * The objective is summed over fixed chunks of rows, nthreads at a time;
 * the result does not depend on nthreads. Each chunk's scores and gradient
 * go through small-product kernels (tilegemm.h) and a vectorized softmax,
 * AVX2 and FMA where the CPU has them, with the same result without
 * (OSFP_NO_AVX2 turns them off).
 *
 * A model has `rows` weight vectors: K, or 1 for a binary problem, where a
 * positive score means class 1. The library never exits; fits return NULL
 * or an error string (static). */
#ifndef OSFP_LINEAR_H
#define OSFP_LINEAR_H

#include <stddef.h>
#include <stdio.h>

#include "learn/modelfile.h"

struct linear {
	int K;          /* classes */
	int rows;       /* weight vectors: K, or 1 when K == 2 */
	size_t d;
	double *W;      /* rows x d, row-major */
	double *b;      /* rows */
	int n_iter;     /* lbfgs iterations of the last fit (0 for ridge / a load) */
	double loss;    /* final objective of the last logistic fit */
};

const char *linear_fit_ridge(const double *X, size_t n, size_t d, const int *y, int K,
    double alpha, struct linear **out);
const char *linear_fit_logistic(const double *X, size_t n, size_t d, const int *y, int K,
    double C, int max_iter, int nthreads, struct linear **out);

/* S = X W' + b: n x rows decision values. */
void linear_scores(const struct linear *m, const double *X, size_t n, double *S);
/* argmax (first maximum wins), or for one row: score > 0 -> class 1. */
void linear_predict(const struct linear *m, const double *S, size_t n, int *pred);
/* Logistic class probabilities from the scores: softmax, or for one row
 * [1 - sigmoid, sigmoid]. P is n x K. */
void linear_proba(const struct linear *m, const double *S, size_t n, double *P);

/* The parameter section of the model file: "rows R", R lines "w ...", one
 * line "intercept ...". */
void linear_save(const struct linear *m, FILE *f);
const char *linear_load(struct modelfile *t, size_t d, int K, struct linear **out);
void linear_free(struct linear *m);

#endif
