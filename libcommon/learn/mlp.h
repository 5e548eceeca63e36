/* mlp.h: sklearn's MLPClassifier(hidden_layer_sizes=(h,)) with the adam
 * solver, as spec/sklearn.md section 4 describes it: one ReLU hidden layer,
 * softmax output (logistic for two classes), Glorot-uniform weights and
 * biases, Adam on shuffled mini-batches of min(batch, n) rows (the short last
 * batch kept), L2 penalty alpha/(2m) per mini-batch, and sklearn's stopping
 * rule on the training loss (stop after n_iter_no_change+1 epochs without a
 * tol improvement; keep the last weights). The fit computes in single
 * precision (Adam's weights and moments in double) with kernels sized for
 * these small products, AVX2 and FMA where the CPU has them, with the same
 * result as without (the environment variable OSFP_NO_AVX2 turns them off);
 * prediction is in double through OpenBLAS.
 * The library never exits; errors come back as strings. */
#ifndef OSFP_MLP_H
#define OSFP_MLP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "learn/modelfile.h"

struct mlp_params {
	size_t hidden;        /* hidden units (sklearn: 100; the notebook: 50) */
	double alpha;         /* L2 penalty (1e-4) */
	double lr;            /* learning_rate_init (1e-3) */
	double tol;           /* 1e-4 */
	int max_iter;         /* epochs (500 in the notebook) */
	int n_iter_no_change; /* 10 */
	size_t batch;         /* 200: batch size is min(batch, n) */
	uint64_t seed;
	int nthreads;          /* 1 or 2: threads sharing each mini-batch (the
	                        * model differs only by rounding; on a busy
	                        * machine the per-batch barriers cost more
	                        * than they save, so the CLI uses 1) */
};

/* The notebook's MLPClassifier(hidden_layer_sizes=(50,), max_iter=500). */
void mlp_default_params(struct mlp_params *p);

struct mlp;

/* X is n x d row-major (already scaled), y[i] in 0..K-1, K >= 2. Returns
 * NULL and the model in *out, or an error string (static). */
const char *mlp_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct mlp_params *p, struct mlp **out);
/* P is n x K row-major: class probabilities. */
void mlp_predict_proba(const struct mlp *m, const double *X, size_t n, double *P);
/* Epochs run and the final training loss of the last fit (0 after a load). */
int mlp_n_iter(const struct mlp *m);
double mlp_loss(const struct mlp *m);
/* The parameter section of the model file (keys mlp_layers, W1, b1, W2,
 * b2), written with modelfile_put_* so that doubles read back bit-exact. */
void mlp_save(const struct mlp *m, FILE *f);
/* Read what mlp_save wrote, for a model with d features and K classes.
 * Returns NULL, or t->err. */
const char *mlp_load(struct modelfile *t, size_t d, int K, struct mlp **out);
void mlp_free(struct mlp *m);

#endif
