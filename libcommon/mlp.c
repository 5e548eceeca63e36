/* mlp.c: MLPClassifier with one hidden layer, trained by Adam (see mlp.h).
 * The formulas follow sklearn 1.2.1's _multilayer_perceptron.py and
 * _stochastic_optimizers.py line by line (spec/sklearn.md section 4); only
 * the random stream differs. All work buffers are allocated once per fit. */
#include "mlp.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "util.h"

struct mlp {
	size_t d, h, ko;      /* input, hidden and output widths (ko = 1 if K == 2) */
	int K;
	double *w;            /* all parameters: W1 (d x h), b1 (h), W2 (h x ko), b2 (ko) */
	double *W1, *b1, *W2, *b2;
	int n_iter;
	double loss;
};

void
mlp_default_params(struct mlp_params *p)
{
	p->hidden = 50;
	p->alpha = 1e-4;
	p->lr = 1e-3;
	p->tol = 1e-4;
	p->max_iter = 500;
	p->n_iter_no_change = 10;
	p->batch = 200;
	p->seed = 42;
}

static size_t
nparams(size_t d, size_t h, size_t ko)
{
	return d * h + h + h * ko + ko;
}

static struct mlp *
mlp_new(size_t d, size_t h, int K)
{
	struct mlp *m = ecalloc(1, sizeof *m);

	m->d = d;
	m->h = h;
	m->K = K;
	m->ko = K == 2 ? 1 : (size_t)K;
	m->w = ecalloc(nparams(d, h, m->ko), sizeof *m->w);
	m->W1 = m->w;
	m->b1 = m->W1 + d * h;
	m->W2 = m->b1 + h;
	m->b2 = m->W2 + h * m->ko;
	return m;
}

void
mlp_free(struct mlp *m)
{
	if (!m)
		return;
	free(m->w);
	free(m);
}

int
mlp_n_iter(const struct mlp *m)
{
	return m->n_iter;
}

double
mlp_loss(const struct mlp *m)
{
	return m->loss;
}

/* x where keep holds, else +0.0, without a branch: the sign of a hidden
 * unit is a coin toss, and a mispredicted branch per unit costs more than
 * the arithmetic. */
static inline double
keep_if(double x, int keep)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	u &= -(uint64_t)(keep != 0);
	memcpy(&x, &u, sizeof x);
	return x;
}

/* A = relu(X W1 + b1) for m rows: A is rows x h. */
static void
hidden_layer(const struct mlp *net, const double *X, size_t rows, double *A)
{
	size_t i, k, h = net->h;

	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)h,
	    (int)net->d, 1.0, X, (int)net->d, net->W1, (int)h, 0.0, A, (int)h);
	for (i = 0; i < rows; i++)
		for (k = 0; k < h; k++) {
			double a = A[i * h + k] + net->b1[k];

			A[i * h + k] = keep_if(a, a > 0);
		}
}

/* Z = softmax(A W2 + b2) (or the logistic function when ko == 1), in place. */
static void
output_layer(const struct mlp *net, const double *A, size_t rows, double *Z)
{
	size_t i, k, ko = net->ko;

	for (i = 0; i < rows; i++)
		memcpy(Z + i * ko, net->b2, ko * sizeof *Z);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)ko,
	    (int)net->h, 1.0, A, (int)net->h, net->W2, (int)ko, 1.0, Z, (int)ko);
	if (ko == 1) {
		for (i = 0; i < rows; i++)
			Z[i] = 1.0 / (1.0 + exp(-Z[i]));
		return;
	}
	for (i = 0; i < rows; i++) {
		double *z = Z + i * ko, mx = z[0], s = 0;

		for (k = 1; k < ko; k++)
			if (z[k] > mx)
				mx = z[k];
		for (k = 0; k < ko; k++)
			s += (z[k] = exp(z[k] - mx));
		for (k = 0; k < ko; k++)
			z[k] /= s;
	}
}

static double
clip(double p)
{
	const double lo = DBL_EPSILON, hi = 1 - DBL_EPSILON;

	return p < lo ? lo : p > hi ? hi : p;
}

/* Glorot-uniform, weights then bias, layer by layer (sklearn's _init_coef;
 * the factor 6 is for relu hidden units). */
static void
init_layer(struct rng *r, double *W, double *b, size_t fan_in, size_t fan_out)
{
	double bound = sqrt(6.0 / (double)(fan_in + fan_out));
	size_t i;

	for (i = 0; i < fan_in * fan_out; i++)
		W[i] = -bound + 2 * bound * rng_unif(r);
	for (i = 0; i < fan_out; i++)
		b[i] = -bound + 2 * bound * rng_unif(r);
}

struct work {
	double *Xb, *A, *Z, *D1, *g, *am, *av;
	size_t *idx;
};

const char *
mlp_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct mlp_params *p, struct mlp **out)
{
	struct mlp *net;
	struct work w;
	struct rng r;
	size_t h = p->hidden, ko, np, bs, i, k;
	double *gW1, *gb1, *gW2, *gb2, best = INFINITY;
	double b1t = 1, b2t = 1;
	const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
	int epoch, no_improve = 0, saved_threads;

	*out = NULL;
	if (K < 2)
		return "mlp needs at least two classes";
	if (n == 0 || d == 0)
		return "mlp needs at least one row and one feature";
	if (h == 0 || p->batch == 0 || p->max_iter < 1 || p->n_iter_no_change < 0 ||
	    !(p->alpha >= 0) || !(p->lr > 0) || !(p->tol >= 0))
		return "invalid mlp hyperparameters";
	if (n > INT32_MAX || d > INT32_MAX || h > INT32_MAX)
		return "data too large for the mlp";
	for (i = 0; i < n; i++)
		if (y[i] < 0 || y[i] >= K)
			return "class index out of range";

	net = mlp_new(d, h, K);
	ko = net->ko;
	np = nparams(d, h, ko);
	bs = p->batch < n ? p->batch : n;
	w.Xb = ereallocarray(NULL, bs * d, sizeof(double));
	w.A = ereallocarray(NULL, bs * h, sizeof(double));
	w.Z = ereallocarray(NULL, bs * ko, sizeof(double));
	w.D1 = ereallocarray(NULL, bs * h, sizeof(double));
	w.g = ecalloc(np, sizeof(double));
	w.am = ecalloc(np, sizeof(double));
	w.av = ecalloc(np, sizeof(double));
	w.idx = ereallocarray(NULL, n, sizeof(size_t));
	gW1 = w.g;
	gb1 = gW1 + d * h;
	gW2 = gb1 + h;
	gb2 = gW2 + h * ko;

	rng_seed(&r, p->seed);
	init_layer(&r, net->W1, net->b1, d, h);
	init_layer(&r, net->W2, net->b2, h, ko);
	for (i = 0; i < n; i++)
		w.idx[i] = i;

	/* These matrices are small: more BLAS threads only add overhead. */
	saved_threads = openblas_get_num_threads();
	openblas_set_num_threads(1);

	for (epoch = 0; epoch < p->max_iter; epoch++) {
		double acc = 0, loss;
		size_t start;

		for (i = n - 1; i > 0; i--) {   /* a fresh shuffle every epoch */
			size_t j = (size_t)rng_below(&r, i + 1), t = w.idx[i];

			w.idx[i] = w.idx[j];
			w.idx[j] = t;
		}
		for (start = 0; start < n; start += bs) {
			size_t m = n - start < bs ? n - start : bs;
			const size_t *bi = w.idx + start;
			double bl = 0, pen = 0, lr_t;

			for (i = 0; i < m; i++)
				memcpy(w.Xb + i * d, X + bi[i] * d, d * sizeof(double));
			hidden_layer(net, w.Xb, m, w.A);
			output_layer(net, w.A, m, w.Z);

			/* loss, and Z becomes the output delta P - Y */
			if (ko == 1) {
				for (i = 0; i < m; i++) {
					double pr = clip(w.Z[i]);

					bl -= y[bi[i]] ? log(pr) : log(1 - pr);
					w.Z[i] -= y[bi[i]];
				}
			} else {
				for (i = 0; i < m; i++) {
					double *z = w.Z + i * ko;

					bl -= log(clip(z[y[bi[i]]]));
					z[y[bi[i]]] -= 1;
				}
			}
			for (i = 0; i < d * h; i++)
				pen += net->W1[i] * net->W1[i];
			for (i = 0; i < h * ko; i++)
				pen += net->W2[i] * net->W2[i];
			bl = bl / (double)m + 0.5 * p->alpha * pen / (double)m;
			acc += bl * (double)m;

			/* output layer gradients */
			memcpy(gW2, net->W2, h * ko * sizeof(double));
			cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)h, (int)ko,
			    (int)m, 1.0 / (double)m, w.A, (int)h, w.Z, (int)ko,
			    p->alpha / (double)m, gW2, (int)ko);
			for (k = 0; k < ko; k++)
				gb2[k] = 0;
			for (i = 0; i < m; i++)
				for (k = 0; k < ko; k++)
					gb2[k] += w.Z[i * ko + k];
			for (k = 0; k < ko; k++)
				gb2[k] /= (double)m;

			/* hidden delta: (D2 W2^T) masked by relu' */
			cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)h,
			    (int)ko, 1.0, w.Z, (int)ko, net->W2, (int)ko, 0.0, w.D1, (int)h);
			for (i = 0; i < m * h; i++)
				w.D1[i] = keep_if(w.D1[i], w.A[i] != 0);
			memcpy(gW1, net->W1, d * h * sizeof(double));
			cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)h,
			    (int)m, 1.0 / (double)m, w.Xb, (int)d, w.D1, (int)h,
			    p->alpha / (double)m, gW1, (int)h);
			for (k = 0; k < h; k++)
				gb1[k] = 0;
			for (i = 0; i < m; i++)
				for (k = 0; k < h; k++)
					gb1[k] += w.D1[i * h + k];
			for (k = 0; k < h; k++)
				gb1[k] /= (double)m;

			/* Adam; t counts mini-batches, bias correction folded into lr_t */
			b1t *= beta1;
			b2t *= beta2;
			lr_t = p->lr * sqrt(1 - b2t) / (1 - b1t);
			for (i = 0; i < np; i++) {
				double g = w.g[i];

				w.am[i] = beta1 * w.am[i] + (1 - beta1) * g;
				w.av[i] = beta2 * w.av[i] + (1 - beta2) * (g * g);
				net->w[i] -= lr_t * w.am[i] / (sqrt(w.av[i]) + epsilon);
			}
		}
		loss = acc / (double)n;
		net->loss = loss;
		net->n_iter = epoch + 1;
		if (loss > best - p->tol)
			no_improve++;
		else
			no_improve = 0;
		if (loss < best)
			best = loss;
		if (no_improve > p->n_iter_no_change)
			break;
	}
	openblas_set_num_threads(saved_threads);
	free(w.Xb);
	free(w.A);
	free(w.Z);
	free(w.D1);
	free(w.g);
	free(w.am);
	free(w.av);
	free(w.idx);
	*out = net;
	return NULL;
}

void
mlp_predict_proba(const struct mlp *m, const double *X, size_t n, double *P)
{
	enum { CHUNK = 256 };
	double *A = ereallocarray(NULL, CHUNK * m->h, sizeof *A);
	double *Z = ereallocarray(NULL, CHUNK * m->ko, sizeof *Z);
	size_t s, i, k, K = (size_t)m->K;

	for (s = 0; s < n; s += CHUNK) {
		size_t rows = n - s < CHUNK ? n - s : CHUNK;

		hidden_layer(m, X + s * m->d, rows, A);
		output_layer(m, A, rows, Z);
		for (i = 0; i < rows; i++) {
			if (m->ko == 1) {
				P[(s + i) * 2 + 1] = Z[i];
				P[(s + i) * 2] = 1 - Z[i];
			} else
				for (k = 0; k < K; k++)
					P[(s + i) * K + k] = Z[i * K + k];
		}
	}
	free(A);
	free(Z);
}

void
mlp_save(const struct mlp *m, FILE *f)
{
	long sz[3] = { (long)m->d, (long)m->h, (long)m->ko };

	mt_put_longs(f, "mlp_layers", sz, 3);
	mt_put_doubles(f, "W1", m->W1, m->d * m->h);
	mt_put_doubles(f, "b1", m->b1, m->h);
	mt_put_doubles(f, "W2", m->W2, m->h * m->ko);
	mt_put_doubles(f, "b2", m->b2, m->ko);
}

const char *
mlp_load(struct mtext *t, size_t d, int K, struct mlp **out)
{
	struct mlp *m;
	long sz[3];
	size_t ko = K == 2 ? 1 : (size_t)K;

	*out = NULL;
	if (K < 2) {
		mt_fail(t, "mlp model needs at least two classes");
		return t->err;
	}
	if (mt_longs(t, "mlp_layers", 1, 1L << 24, sz, 3) < 0)
		return t->err;
	if ((size_t)sz[0] != d || (size_t)sz[2] != ko) {
		mt_fail(t, "mlp layers %ld %ld %ld do not fit %zu features and %d classes",
		    sz[0], sz[1], sz[2], d, K);
		return t->err;
	}
	m = mlp_new(d, (size_t)sz[1], K);
	if (mt_doubles(t, "W1", m->W1, m->d * m->h) < 0 ||
	    mt_doubles(t, "b1", m->b1, m->h) < 0 ||
	    mt_doubles(t, "W2", m->W2, m->h * m->ko) < 0 ||
	    mt_doubles(t, "b2", m->b2, m->ko) < 0) {
		mlp_free(m);
		return t->err;
	}
	*out = m;
	return NULL;
}
