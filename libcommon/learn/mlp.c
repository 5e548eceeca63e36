/* mlp.c: MLPClassifier with one hidden layer, trained by Adam (see mlp.h).
 * The formulas follow sklearn 1.2.1's _multilayer_perceptron.py and
 * _stochastic_optimizers.py line by line (spec/sklearn.md section 4); only
 * the random stream differs. All work buffers are allocated once per fit. */
#include "learn/mlp.h"

#include <cblas.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "learn/rng.h"
#include "base/util.h"

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
	p->nthreads = 1;
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

/* The elementwise kernels (mlpvec.h) work on four doubles at a time. */
typedef double v4d __attribute__((vector_size(32)));
typedef int64_t v4i __attribute__((vector_size(32)));
typedef double v4u __attribute__((vector_size(32), aligned(8), may_alias));
#define V4(x) ((v4d){ (x), (x), (x), (x) })

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

struct kern {
	void (*exp_array)(double *z, size_t len);
	void (*bias_relu)(double *A, size_t rows, size_t lda, const double *b1, size_t h0,
	    size_t h1);
	void (*mask_colsum)(double *D, const double *A, size_t rows, size_t ld, size_t h0,
	    size_t h1, double *g);
	double (*adam)(double *w, const double *G, double *am, double *av, size_t len,
	    double s, double c, double lr_t);
};

#if defined(__x86_64__) && defined(__GNUC__)
#define KERN(name) name##_avx2
#define KATTR __attribute__((target("avx2")))
#define KSQRT(s, v) ((s) = (v4d)_mm256_sqrt_pd((__m256d)(v)))
#include "learn/mlpvec.h"
#undef KERN
#undef KATTR
#undef KSQRT
#define HAVE_KERN_AVX2 1
#endif
#define KERN(name) name##_base
#define KATTR
#define KSQRT(s, v) ((s) = (v4d){ sqrt((v)[0]), sqrt((v)[1]), sqrt((v)[2]), sqrt((v)[3]) })
#include "learn/mlpvec.h"

/* AVX2 where the CPU has it, unless OSFP_MLP_NO_AVX2 is set (so that the
 * tests can check that the result is the same either way). */
static const struct kern *
kern_pick(void)
{
#ifdef HAVE_KERN_AVX2
	if (!getenv("OSFP_MLP_NO_AVX2") && __builtin_cpu_supports("avx2"))
		return &kern_avx2;
#endif
	return &kern_base;
}

/* Rows of output units, in place: softmax (the row maximum subtracted
 * first, as sklearn does), or the logistic function for a single unit. The
 * rows are contiguous, so the exponentials run over them as one array. */
static void
activate(const struct kern *kn, double *Z, size_t rows, size_t ko)
{
	size_t i, k;

	if (ko == 1) {
		for (i = 0; i < rows; i++)
			Z[i] = 1.0 / (1.0 + exp(-Z[i]));
		return;
	}
	for (i = 0; i < rows; i++) {
		double *z = Z + i * ko, mx = z[0];

		for (k = 1; k < ko; k++)
			if (z[k] > mx)
				mx = z[k];
		for (k = 0; k < ko; k++)
			z[k] -= mx;
	}
	kn->exp_array(Z, rows * ko);
	for (i = 0; i < rows; i++) {
		double *z = Z + i * ko, s = 0;

		for (k = 0; k < ko; k++)
			s += z[k];
		s = 1 / s;      /* a product per unit instead of a division */
		for (k = 0; k < ko; k++)
			z[k] *= s;
	}
}

/* Prediction: Z = activate(relu(X W1 + b1) W2 + b2) for rows rows. */
static void
predict_rows(const struct mlp *net, const double *X, size_t rows, double *A, double *Z)
{
	const struct kern *kn = kern_pick();
	size_t i, h = net->h, ko = net->ko;

	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)h,
	    (int)net->d, 1.0, X, (int)net->d, net->W1, (int)h, 0.0, A, (int)h);
	kn->bias_relu(A, rows, h, net->b1, 0, h);
	for (i = 0; i < rows; i++)
		memcpy(Z + i * ko, net->b2, ko * sizeof *Z);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)rows, (int)ko,
	    (int)h, 1.0, A, (int)h, net->W2, (int)ko, 1.0, Z, (int)ko);
	activate(kn, Z, rows, ko);
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

/* A barrier for the fit's threads: spin briefly (a mini-batch step takes
 * tens of microseconds, less than a sleep and wake-up), then block. */
struct bar {
	unsigned n;
	atomic_uint count, gen;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void
bar_wait(struct bar *b)
{
	unsigned g = atomic_load(&b->gen);
	int spin;

	if (b->n < 2)
		return;
	if (atomic_fetch_add(&b->count, 1) == b->n - 1) {
		atomic_store(&b->count, 0);
		pthread_mutex_lock(&b->mu);
		atomic_fetch_add(&b->gen, 1);
		pthread_cond_broadcast(&b->cv);
		pthread_mutex_unlock(&b->mu);
		return;
	}
	for (spin = 0; spin < 20000; spin++)
		if (atomic_load(&b->gen) != g)
			return;
	pthread_mutex_lock(&b->mu);
	while (atomic_load(&b->gen) == g)
		pthread_cond_wait(&b->cv, &b->mu);
	pthread_mutex_unlock(&b->mu);
}

/* With two threads the hidden units are processed in two column blocks,
 * and each block's weights are updated by the block itself, so the threads
 * share a mini-batch with three barriers. With one thread there is one
 * block: full-width GEMMs, fewer calls. (The two ways differ only in the
 * order of a few floating-point sums.) */
#define MAXPART 2

struct fit {
	const struct mlp_params *p;
	const struct kern *kn;
	struct mlp *net;
	const double *X;
	const int *y;
	int *yb;                 /* the mini-batch's labels */
	size_t n, d, h, ko, bs, np;
	size_t *idx;             /* the shuffled row order */
	double *Xb[2];           /* the mini-batch rows (two: one per batch parity) */
	double *A, *D1;          /* bs x h: hidden activations and deltas */
	double *Zp[MAXPART];     /* bs x ko: each block's share of the output */
	double *Z;               /* bs x ko: output, then its delta P - Y */
	double *gb2p[MAXPART];   /* ko: column sums of each row block's delta */
	double *g, *am, *av;     /* gradient and Adam moments, laid out like net->w */
	double loss[MAXPART];
	double pen[2][MAXPART];  /* each block's sum of squared weights, by step
	                          * parity: the next step's is written while
	                          * thread 0 still reads this one's */
	int nparts;              /* blocks: the number of threads */
	struct rng *rng;
	int stop;
	unsigned nthreads;
	struct bar bar;
};

static void
block_cols(const struct fit *f, int t, size_t *h0, size_t *h1)
{
	*h0 = f->h * (size_t)t / (size_t)f->nparts;
	*h1 = f->h * (size_t)(t + 1) / (size_t)f->nparts;
}

/* A mini-batch: rows idx[start, start + m). Each thread keeps its own. */
struct batch {
	size_t start, m;
	unsigned long step;      /* mini-batches since the start of the fit */
	int nparts;
	const double *Xb;
};

static void
block_rows(const struct batch *b, int t, size_t *r0, size_t *r1)
{
	*r0 = b->m * (size_t)t / (size_t)b->nparts;
	*r1 = b->m * (size_t)(t + 1) / (size_t)b->nparts;
}

/* Start loading row i of X and its label. */
static void
prefetch_row(const struct fit *f, size_t i)
{
	const char *p = (const char *)(f->X + i * f->d);
	size_t o, bytes = f->d * sizeof *f->X;

	for (o = 0; o < bytes; o += 64)
		__builtin_prefetch(p + o);
	__builtin_prefetch(p + bytes - 1);
	__builtin_prefetch(f->y + i);
}

/* Copy the rows of block t and their labels into Xb and yb. The rows are
 * scattered over megabytes (the batch is a random sample), so each copy
 * would wait on memory: the rows and labels AHEAD places on are
 * prefetched while this one is copied. The labels are fetched here too,
 * where the wait overlaps the copies, rather than missed later in
 * output(). Prefetching a whole batch ahead is not done: it did not pay
 * (commit 420532d has the numbers). */
static void
gather(struct fit *f, const struct batch *b, int t)
{
	enum { AHEAD = 16 };
	double *Xb = (double *)b->Xb;
	const size_t *idx = f->idx + b->start;
	size_t i, r0, r1, d = f->d;

	block_rows(b, t, &r0, &r1);
	for (i = r0; i < r1 && i < r0 + AHEAD; i++)
		prefetch_row(f, idx[i]);
	for (i = r0; i < r1; i++) {
		if (i + AHEAD < r1)
			prefetch_row(f, idx[i + AHEAD]);
		memcpy(Xb + i * d, f->X + idx[i] * d, d * sizeof *Xb);
		f->yb[i] = f->y[idx[i]];
	}
}

/* A[:, block] = relu(Xb W1[:, block] + b1[block]); Zp[t] = A[:, block] W2[block, :] */
static void
forward(struct fit *f, const struct batch *b, int t)
{
	const struct mlp *net = f->net;
	size_t h0, h1, i, m = b->m, d = f->d, h = f->h, ko = f->ko;

	block_cols(f, t, &h0, &h1);
	if (h1 == h0) {
		memset(f->Zp[t], 0, m * ko * sizeof(double));
		return;
	}
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)(h1 - h0),
	    (int)d, 1.0, b->Xb, (int)d, net->W1 + h0, (int)h, 0.0, f->A + h0, (int)h);
	f->kn->bias_relu(f->A, m, h, net->b1, h0, h1);
	if (f->nparts == 1) {   /* Z = b2 + A W2 directly: no sum of parts */
		for (i = 0; i < m; i++)
			memcpy(f->Z + i * ko, net->b2, ko * sizeof(double));
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)ko,
		    (int)h, 1.0, f->A, (int)h, net->W2, (int)ko, 1.0, f->Z, (int)ko);
	} else
		cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)ko,
		    (int)(h1 - h0), 1.0, f->A + h0, (int)h, net->W2 + h0 * ko, (int)ko, 0.0,
		    f->Zp[t], (int)ko);
}

/* Rows of block t: Z = activate(Zp[0] + Zp[1] + b2), the log-loss, and Z
 * becomes the output delta P - Y. */
static void
output(struct fit *f, const struct batch *b, int t)
{
	const struct mlp *net = f->net;
	size_t r0, r1, i, k, ko = f->ko;
	double loss = 0, *gb2 = f->gb2p[t];

	block_rows(b, t, &r0, &r1);
	for (i = r0; i < r1 && f->nparts > 1; i++)
		for (k = 0; k < ko; k++) {
			double v = f->Zp[0][i * ko + k];
			int q;

			for (q = 1; q < f->nparts; q++)
				v += f->Zp[q][i * ko + k];
			f->Z[i * ko + k] = v + net->b2[k];
		}
	activate(f->kn, f->Z + r0 * ko, r1 - r0, ko);
	for (k = 0; k < ko; k++)
		gb2[k] = 0;
	for (i = r0; i < r1; i++) {
		double *z = f->Z + i * ko;
		int yi = f->yb[i];

		if (ko == 1) {
			loss -= yi ? log(clip(z[0])) : log(1 - clip(z[0]));
			z[0] -= yi;
		} else {
			loss -= log(clip(z[yi]));
			z[yi] -= 1;
		}
		for (k = 0; k < ko; k++)
			gb2[k] += z[k];
	}
	f->loss[t] = loss;
}

/* Sum of squares of block t's weights (its columns of W1, its rows of W2):
 * the first mini-batch's penalty; later ones come from kern.adam. */
static double
block_pen(const struct fit *f, int t)
{
	const struct mlp *net = f->net;
	size_t h0, h1, j, k;
	double pen = 0;

	block_cols(f, t, &h0, &h1);
	for (j = 0; j < f->d; j++)
		for (k = h0; k < h1; k++)
			pen += net->W1[j * f->h + k] * net->W1[j * f->h + k];
	for (k = h0 * f->ko; k < h1 * f->ko; k++)
		pen += net->W2[k] * net->W2[k];
	return pen;
}

/* Gradients of block t's weights (and b2 for block 0), then their Adam
 * step, which also leaves the block's penalty for the next mini-batch. The
 * raw gradients (sums over the batch) go to f->g, laid out like net->w;
 * kern.adam scales them and adds the L2 term. */
static void
backward(struct fit *f, const struct batch *b, int t, double lr_t)
{
	struct mlp *net = f->net;
	const struct kern *kn = f->kn;
	size_t h0, h1, hw, j, k, m = b->m, d = f->d, h = f->h, ko = f->ko;
	double s = 1.0 / (double)m, c = f->p->alpha / (double)m, pen = 0;
	double *gW1 = f->g, *gb1 = gW1 + d * h, *gW2 = gb1 + h, *gb2 = gW2 + h * ko;
	double *aW1 = f->am, *ab1 = aW1 + d * h, *aW2 = ab1 + h, *ab2 = aW2 + h * ko;
	double *vW1 = f->av, *vb1 = vW1 + d * h, *vW2 = vb1 + h, *vb2 = vW2 + h * ko;

	block_cols(f, t, &h0, &h1);
	hw = h1 - h0;
	if (t == 0) {
		int q;

		for (k = 0; k < ko; k++)
			gb2[k] = f->gb2p[0][k];
		for (q = 1; q < f->nparts; q++)
			for (k = 0; k < ko; k++)
				gb2[k] += f->gb2p[q][k];
		kn->adam(net->b2, gb2, ab2, vb2, ko, s, 0, lr_t);
	}
	if (!hw) {
		f->pen[(b->step + 1) & 1][t] = 0;
		return;
	}
	/* gW2[block] = A[:, block]^T D2 */
	cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)hw, (int)ko, (int)m,
	    1.0, f->A + h0, (int)h, f->Z, (int)ko, 0.0, gW2 + h0 * ko, (int)ko);
	/* D1[:, block] = (D2 W2[block]^T) masked by relu'; gb1 = its column sums */
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)hw, (int)ko,
	    1.0, f->Z, (int)ko, net->W2 + h0 * ko, (int)ko, 0.0, f->D1 + h0, (int)h);
	memset(gb1 + h0, 0, hw * sizeof *gb1);
	kn->mask_colsum(f->D1, f->A, m, h, h0, h1, gb1);
	/* gW1[:, block] = Xb^T D1[:, block] */
	cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, (int)hw, (int)m,
	    1.0, b->Xb, (int)d, f->D1 + h0, (int)h, 0.0, gW1 + h0, (int)h);

	if (hw == h)            /* one block: W1 is contiguous */
		pen += kn->adam(net->W1, gW1, aW1, vW1, d * h, s, c, lr_t);
	else
		for (j = 0; j < d; j++)
			pen += kn->adam(net->W1 + j * h + h0, gW1 + j * h + h0, aW1 + j * h + h0,
			    vW1 + j * h + h0, hw, s, c, lr_t);
	kn->adam(net->b1 + h0, gb1 + h0, ab1 + h0, vb1 + h0, hw, s, 0, lr_t);
	pen += kn->adam(net->W2 + h0 * ko, gW2 + h0 * ko, aW2 + h0 * ko, vW2 + h0 * ko,
	    hw * ko, s, c, lr_t);
	f->pen[(b->step + 1) & 1][t] = pen;
}

struct worker {
	struct fit *f;
	unsigned tid;
};

/* Thread tid runs the blocks t with t % nthreads == tid, in step with the
 * others. Thread 0 also keeps the epoch's loss, decides when to stop and
 * reshuffles. */
static void *
run(void *arg)
{
	struct worker *wk = arg;
	struct fit *f = wk->f;
	const struct mlp_params *p = f->p;
	unsigned tid = wk->tid, nt = f->nthreads;
	double b1t = 1, b2t = 1, best = INFINITY;
	int epoch, no_improve = 0, t;
	size_t batch;
	unsigned long step = 0;

	for (epoch = 0; epoch < p->max_iter; epoch++) {
		double acc = 0;
		size_t i;

		if (tid == 0)
			for (i = f->n - 1; i > 0; i--) {   /* a fresh shuffle every epoch */
				size_t j = (size_t)rng_below(f->rng, i + 1), tmp = f->idx[i];

				f->idx[i] = f->idx[j];
				f->idx[j] = tmp;
			}
		for (batch = 0; batch * f->bs < f->n; batch++) {
			struct batch b;
			double lr_t;

			b.start = batch * f->bs;
			b.m = f->n - b.start < f->bs ? f->n - b.start : f->bs;
			b.Xb = f->Xb[batch & 1];
			b.nparts = f->nparts;
			b.step = step++;
			bar_wait(&f->bar);
			for (t = (int)tid; t < f->nparts; t += (int)nt)
				gather(f, &b, t);
			bar_wait(&f->bar);
			for (t = (int)tid; t < f->nparts; t += (int)nt)
				forward(f, &b, t);
			bar_wait(&f->bar);
			for (t = (int)tid; t < f->nparts; t += (int)nt)
				output(f, &b, t);
			bar_wait(&f->bar);
			/* Adam: t counts mini-batches, bias correction folded into lr_t */
			b1t *= 0.9;
			b2t *= 0.999;
			lr_t = p->lr * sqrt(1 - b2t) / (1 - b1t);
			if (tid == 0) {
				double l = 0, pen = 0, m = (double)b.m;

				for (t = 0; t < f->nparts; t++) {
					l += f->loss[t];
					pen += f->pen[b.step & 1][t];
				}
				acc += (l / m + 0.5 * p->alpha * pen / m) * m;
			}
			for (t = (int)tid; t < f->nparts; t += (int)nt)
				backward(f, &b, t, lr_t);
		}
		bar_wait(&f->bar);
		if (tid == 0) {
			double loss = acc / (double)f->n;

			f->net->loss = loss;
			f->net->n_iter = epoch + 1;
			if (loss > best - p->tol)
				no_improve++;
			else
				no_improve = 0;
			if (loss < best)
				best = loss;
			f->stop = no_improve > p->n_iter_no_change;
		}
		bar_wait(&f->bar);
		if (f->stop)
			break;
	}
	return NULL;
}

const char *
mlp_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct mlp_params *p, struct mlp **out)
{
	struct fit f;
	struct rng r;
	struct worker wk[MAXPART];
	pthread_t th[MAXPART];
	size_t h = p->hidden, i;
	unsigned t, nt;
	int saved_threads, q;

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

	memset(&f, 0, sizeof f);
	f.p = p;
	f.kn = kern_pick();
	f.X = X;
	f.y = y;
	f.n = n;
	f.d = d;
	f.h = h;
	f.net = mlp_new(d, h, K);
	f.ko = f.net->ko;
	f.np = nparams(d, h, f.ko);
	f.bs = p->batch < n ? p->batch : n;
	f.Xb[0] = ereallocarray(NULL, f.bs * d, sizeof(double));
	f.Xb[1] = ereallocarray(NULL, f.bs * d, sizeof(double));
	f.A = ereallocarray(NULL, f.bs * h, sizeof(double));
	f.D1 = ereallocarray(NULL, f.bs * h, sizeof(double));
	for (q = 0; q < MAXPART; q++)
		f.Zp[q] = ereallocarray(NULL, f.bs * f.ko, sizeof(double));
	f.Z = ereallocarray(NULL, f.bs * f.ko, sizeof(double));
	for (q = 0; q < MAXPART; q++)
		f.gb2p[q] = ereallocarray(NULL, f.ko, sizeof(double));
	f.g = ecalloc(f.np, sizeof(double));
	f.am = ecalloc(f.np, sizeof(double));
	f.av = ecalloc(f.np, sizeof(double));
	f.idx = ereallocarray(NULL, n, sizeof(size_t));
	f.yb = ereallocarray(NULL, f.bs, sizeof(int));

	rng_seed(&r, p->seed);
	init_layer(&r, f.net->W1, f.net->b1, d, h);
	init_layer(&r, f.net->W2, f.net->b2, h, f.ko);
	for (i = 0; i < n; i++)
		f.idx[i] = i;
	f.rng = &r;

	nt = p->nthreads < 1 ? 1 : p->nthreads > MAXPART ? MAXPART : (unsigned)p->nthreads;
	f.nthreads = nt;
	f.bar.n = nt;
	atomic_init(&f.bar.count, 0);
	atomic_init(&f.bar.gen, 0);
	pthread_mutex_init(&f.bar.mu, NULL);
	pthread_cond_init(&f.bar.cv, NULL);

	/* These matrices are small: more BLAS threads only add overhead. */
	saved_threads = openblas_get_num_threads();
	openblas_set_num_threads(1);
	for (t = 0; t < nt; t++) {
		wk[t].f = &f;
		wk[t].tid = t;
	}
	f.nparts = (int)nt;
	for (q = 0; q < f.nparts; q++)
		f.pen[0][q] = block_pen(&f, q);
	if (nt > 1 && pthread_create(&th[1], NULL, run, &wk[1]) != 0)
		f.nthreads = f.bar.n = nt = 1;      /* no thread: the blocks run in turn */
	run(&wk[0]);
	for (t = 1; t < nt; t++)
		pthread_join(th[t], NULL);
	openblas_set_num_threads(saved_threads);

	pthread_mutex_destroy(&f.bar.mu);
	pthread_cond_destroy(&f.bar.cv);
	free(f.Xb[0]);
	free(f.Xb[1]);
	free(f.A);
	free(f.D1);
	for (q = 0; q < MAXPART; q++) {
		free(f.Zp[q]);
		free(f.gb2p[q]);
	}
	free(f.Z);
	free(f.g);
	free(f.am);
	free(f.av);
	free(f.idx);
	free(f.yb);
	*out = f.net;
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

		predict_rows(m, X + s * m->d, rows, A, Z);
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

	modelfile_put_longs(f, "mlp_layers", sz, 3);
	modelfile_put_doubles(f, "W1", m->W1, m->d * m->h);
	modelfile_put_doubles(f, "b1", m->b1, m->h);
	modelfile_put_doubles(f, "W2", m->W2, m->h * m->ko);
	modelfile_put_doubles(f, "b2", m->b2, m->ko);
}

const char *
mlp_load(struct modelfile *t, size_t d, int K, struct mlp **out)
{
	struct mlp *m;
	long sz[3];
	size_t ko = K == 2 ? 1 : (size_t)K;

	*out = NULL;
	if (K < 2) {
		modelfile_fail(t, "mlp model needs at least two classes");
		return t->err;
	}
	if (modelfile_longs(t, "mlp_layers", 1, 1L << 24, sz, 3) < 0)
		return t->err;
	/* each weight takes at least two bytes: bound h by the rest of the file */
	if ((size_t)sz[1] > (t->len - t->pos) / 2 / (d + 1)) {
		modelfile_fail(t, "mlp with %ld hidden units is longer than the rest of the file", sz[1]);
		return t->err;
	}
	if ((size_t)sz[0] != d || (size_t)sz[2] != ko) {
		modelfile_fail(t, "mlp layers %ld %ld %ld do not fit %zu features and %d classes",
		    sz[0], sz[1], sz[2], d, K);
		return t->err;
	}
	m = mlp_new(d, (size_t)sz[1], K);
	if (modelfile_doubles(t, "W1", m->W1, m->d * m->h) < 0 ||
	    modelfile_doubles(t, "b1", m->b1, m->h) < 0 ||
	    modelfile_doubles(t, "W2", m->W2, m->h * m->ko) < 0 ||
	    modelfile_doubles(t, "b2", m->b2, m->ko) < 0) {
		mlp_free(m);
		return t->err;
	}
	*out = m;
	return NULL;
}
