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
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "learn/rng.h"
#include "learn/vec.h"
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

/* tilegemm.h in single precision */
#define KT float
#define KV v8f
#define KVU v8u
#define KVI v8i
#define KL 8
#define KSPLAT(x) V8(x)


struct kern {
	void (*exp_array)(double *z, size_t len);
	void (*bias_relu)(double *A, size_t rows, size_t lda, const double *b1, size_t h0,
	    size_t h1);
	double (*adam)(double *w, float *wf, const float *G0, const float *G1, float *am,
	    float *av, size_t len, double s, double c, double lr_t);
	void (*gemm)(size_t rows, size_t nv, size_t n, const float *X, size_t xr, size_t xi,
	    const float *W, size_t wi, float *C, size_t ldc, int mode, const float *bias,
	    const float *M, size_t ldm);
	void (*colsum)(const float *A, size_t rows, size_t lda, size_t nv, float *s);
	double (*softmax_loss)(float *Z, size_t rows, size_t kp, size_t ko, const int *y,
	    double *ps);
};

#if defined(__x86_64__) && defined(__GNUC__)
#define KERN(name) name##_avx2
#define KATTR __attribute__((target("avx2,fma")))
#define KSQRTF(s, v) ((s) = (v4f)_mm_sqrt_ps((__m128)(v)))
#define KFMA(dst, a, b, c) ((dst) = (v8f)_mm256_fmadd_ps((__m256)(a), (__m256)(b), (__m256)(c)))
#include "learn/tilegemm.h"
#include "learn/vmath.h"
#include "learn/mlpsoft.h"
#include "learn/mlpvec.h"
#undef KERN
#undef KATTR
#undef KSQRTF
#undef KFMA
#define HAVE_KERN_AVX2 1
#endif
#define KERN(name) name##_base
#define KATTR
#define KSQRTF(s, v) ((s) = (v4f){ sqrtf((v)[0]), sqrtf((v)[1]), sqrtf((v)[2]), sqrtf((v)[3]) })
#define KFMA(dst, a, b, c) do {                                         \
	v8f a_ = (a), b_ = (b), c_ = (c);                               \
	int l_;                                                         \
	for (l_ = 0; l_ < 8; l_++)                                      \
		(dst)[l_] = fmaf(a_[l_], b_[l_], c_[l_]);               \
} while (0)
#include "learn/tilegemm.h"
#include "learn/vmath.h"
#include "learn/mlpsoft.h"
#include "learn/mlpvec.h"

/* AVX2 and FMA where the CPU has them (vec.h). */
static const struct kern *
kern_pick(void)
{
#ifdef HAVE_KERN_AVX2
	if (vec_avx2())
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

/* Every mini-batch is cut in NPARTS halves of rows, whatever the number of
 * threads: each half's gradient is computed on its own (in single
 * precision), the halves are added in order, and Adam's update is cut the
 * same way by parameter. The halves are tasks that any thread may take
 * (run()): one thread does both in turn, two mostly one each, and the model
 * is the same bit for bit. */
#define NPARTS 2

/* During the fit the parameters are laid out padded: W1 (d x hp), b1 (hp),
 * W2 (h x kp), b2 (kp), with hp and kp the hidden and output widths rounded
 * up to 8 (one vector of floats); the padding stays 0 (its gradient is 0,
 * so Adam never moves it). The master copy is in double, the products use
 * a single-precision copy, and the gradients share the layout, so that
 * adding the parts' gradients, Adam and the single-precision copy are one
 * pass over contiguous arrays. */
enum { SEG_W1, SEG_B1, SEG_W2, SEG_B2, NSEG };

/* One half of the mini-batch, and its buffers (a cache line of its own:
 * each is written by its own thread). */
struct part {
	float *Xb;              /* mp x d: its rows of X */
	int *yb;                /* mp: their labels */
	float *A, *D1;          /* mp x hp: hidden activations, their deltas */
	float *Z;               /* mp x kp: logits, then the output delta P - Y */
	double *Zd;             /* mp + 3: the single output unit in double (K = 2),
	                         * or the softmax's scratch */
	float *g;               /* raw gradients (sums over the rows), padded */
	float *gW1, *gb1, *gW2, *gb2;   /* into g */
	double loss;            /* sum of the rows' log-loss */
	double pen[2];          /* sum of squares of the weights in its share of
	                         * the parameters, by step parity: the next
	                         * step's is written while this one's is read */
	size_t lo, hi;          /* its share of the (padded) parameters */
} __attribute__((aligned(64)));

struct fit {
	const struct mlp_params *p;
	const struct kern *kn;
	struct mlp *net;
	const float *Xf;        /* n x d: X in single precision */
	const int *y;
	size_t n, d, h, ko, hp, kp, bs, npp;
	size_t seg[NSEG + 1];   /* where each segment starts in the padded layout */
	size_t *idx;            /* the shuffled row order */
	double *w;              /* the parameters, padded */
	float *am, *av;         /* Adam's moments, padded */
	float *wf;              /* the parameters in single precision, padded */
	float *W1f, *b1f, *W2f, *b2f;   /* into wf */
	float *W2Tf;            /* kp x hp: W2 transposed, for the hidden deltas */
	struct part part[NPARTS];
	struct rng *rng;
	/* The fit as a sequence of phases of NPARTS tasks each (see run()),
	 * and the state the tasks carry from one phase to the next. */
	size_t nb;              /* mini-batches per epoch */
	atomic_ulong claim;     /* tasks taken */
	atomic_ulong done __attribute__((aligned(64)));  /* tasks finished */
	atomic_int sleepers;    /* threads blocked on cv until done grows */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	double b1t, b2t, lr_t;  /* Adam's beta powers and this step's rate */
	double acc, best;       /* the epoch's loss so far; the best epoch's */
	int no_improve;
	atomic_ulong stop;      /* the first phase not to run (set by the last epoch's end) */
};

/* Start loading row i of X and its label. */
static void
prefetch_row(const struct fit *f, size_t i)
{
	const char *p = (const char *)(f->Xf + i * f->d);
	size_t o, bytes = f->d * sizeof *f->Xf;

	for (o = 0; o < bytes; o += 64)
		__builtin_prefetch(p + o);
	__builtin_prefetch(p + bytes - 1);
	__builtin_prefetch(f->y + i);
}

/* Copy rows idx[start, start + m) and their labels into the part. The rows
 * are scattered over megabytes: each copy waits on memory unless the rows a
 * few ahead are already on their way. */
static void
gather(const struct fit *f, struct part *q, size_t start, size_t m)
{
	enum { AHEAD = 16 };
	const size_t *idx = f->idx + start;
	size_t i, d = f->d;

	for (i = 0; i < m && i < AHEAD; i++)
		prefetch_row(f, idx[i]);
	for (i = 0; i < m; i++) {
		if (i + AHEAD < m)
			prefetch_row(f, idx[i + AHEAD]);
		memcpy(q->Xb + i * d, f->Xf + idx[i] * d, d * sizeof *q->Xb);
		q->yb[i] = f->y[idx[i]];
	}
}

/* The output layer of the part's m rows: P = activate(Z), the log-loss,
 * and Z becomes the delta P - Y. Softmax in single precision; the logistic
 * unit of two classes in double. */
static void
output(const struct fit *f, struct part *q, size_t m)
{
	size_t i;
	double loss = 0;

	if (f->ko > 1) {
		q->loss = f->kn->softmax_loss(q->Z, m, f->kp, f->ko, q->yb, q->Zd);
		return;
	}
	for (i = 0; i < m; i++)
		q->Zd[i] = q->Z[i * f->kp];
	activate(f->kn, q->Zd, m, 1);
	for (i = 0; i < m; i++) {
		double z = q->Zd[i];
		int yi = q->yb[i];

		loss -= yi ? log(clip(z)) : log(1 - clip(z));
		q->Z[i * f->kp] = (float)(z - yi);
	}
	q->loss = loss;
}

/* The raw gradient of the part's m rows idx[start, start + m) (sums over
 * the rows; Adam scales them) and their log-loss. */
static void
part_grad(const struct fit *f, struct part *q, size_t start, size_t m)
{
	const struct kern *kn = f->kn;
	size_t d = f->d, h = f->h, hv = f->hp / 8, kv = f->kp / 8, hp = f->hp, kp = f->kp;

	if (m == 0) {
		memset(q->g, 0, f->npp * sizeof *q->g);
		q->loss = 0;
		return;
	}
	gather(f, q, start, m);
	/* A = relu(Xb W1 + b1); Z = A W2 + b2 */
	kn->gemm(m, hv, d, q->Xb, d, 1, f->W1f, hp, q->A, hp, GEMM_BIAS_RELU, f->b1f, NULL, 0);
	kn->gemm(m, kv, h, q->A, hp, 1, f->W2f, kp, q->Z, kp, GEMM_BIAS, f->b2f, NULL, 0);
	output(f, q, m);
	/* D1 = (D2 W2') where A > 0 (relu' = 0 where the output is 0) */
	kn->gemm(m, hv, f->ko, q->Z, kp, 1, f->W2Tf, hp, q->D1, hp, GEMM_MASK, NULL, q->A, hp);
	/* gW2 = A' D2; gW1 = Xb' D1; the biases' gradients are column sums */
	kn->gemm(h, kv, m, q->A, 1, hp, q->Z, kp, q->gW2, kp, GEMM_STORE, NULL, NULL, 0);
	kn->gemm(d, hv, m, q->Xb, 1, d, q->D1, hp, q->gW1, hp, GEMM_STORE, NULL, NULL, 0);
	kn->colsum(q->D1, m, hp, hv, q->gb1);
	kn->colsum(q->Z, m, kp, kv, q->gb2);
}

/* Adam on part t's share of the parameters (the parts' gradients added in
 * order), the single-precision copies refreshed; leaves its share of the
 * next mini-batch's penalty. */
static void
adam_part(struct fit *f, int t, unsigned long step, size_t m, double lr_t)
{
	struct part *q = &f->part[t];
	const float *g0 = f->part[0].g, *g1 = f->part[NPARTS - 1].g;
	double pen = 0, s = 1.0 / (double)m, c = f->p->alpha / (double)m;
	int sg;

	for (sg = 0; sg < NSEG; sg++) {
		size_t lo = q->lo > f->seg[sg] ? q->lo : f->seg[sg];
		size_t hi = q->hi < f->seg[sg + 1] ? q->hi : f->seg[sg + 1], i;
		int weights = sg == SEG_W1 || sg == SEG_W2;
		double sq;

		if (lo >= hi)
			continue;
		sq = f->kn->adam(f->w + lo, f->wf + lo, g0 + lo, g1 + lo, f->am + lo, f->av + lo,
		    hi - lo, s, weights ? c : 0, lr_t);
		if (weights)
			pen += sq;
		if (sg == SEG_W2)       /* W2 also transposed, for the hidden deltas */
			for (i = lo; i < hi; i++) {
				size_t r = (i - f->seg[sg]) / f->kp, k = (i - f->seg[sg]) % f->kp;

				if (k < f->ko)
					f->W2Tf[k * f->hp + r] = f->wf[i];
			}
	}
	q->pen[(step + 1) & 1] = pen;
}

/* Wait until the first n tasks are finished: spin briefly (a task takes
 * tens of microseconds), then sleep until a task ends (on a busy machine a
 * sleeper is woken sooner than a thread that yields its core). */
static void
wait_done(struct fit *f, unsigned long n)
{
	int spin;

	for (spin = 0; spin < 4000; spin++) {
		if (atomic_load_explicit(&f->done, memory_order_acquire) >= n)
			return;
#if defined(__x86_64__) && defined(__GNUC__)
		__builtin_ia32_pause();
#endif
	}
	pthread_mutex_lock(&f->mu);
	atomic_fetch_add(&f->sleepers, 1);
	while (atomic_load(&f->done) < n)
		pthread_cond_wait(&f->cv, &f->mu);
	atomic_fetch_sub(&f->sleepers, 1);
	pthread_mutex_unlock(&f->mu);
}

/* A task is finished: count it, wake the sleepers. (Sequentially
 * consistent: either a sleeper sees the count, or this sees the sleeper.) */
static void
task_done(struct fit *f)
{
	atomic_fetch_add(&f->done, 1);
	if (atomic_load(&f->sleepers) > 0) {
		pthread_mutex_lock(&f->mu);
		pthread_cond_broadcast(&f->cv);
		pthread_mutex_unlock(&f->mu);
	}
}

/* The end of the epoch (phase ph): its loss, sklearn's stopping rule. */
static void
epoch_end(struct fit *f, int epoch, unsigned long ph)
{
	const struct mlp_params *p = f->p;
	double loss = f->acc / (double)f->n;

	f->net->loss = loss;
	f->net->n_iter = epoch + 1;
	if (loss > f->best - p->tol)
		f->no_improve++;
	else
		f->no_improve = 0;
	if (loss < f->best)
		f->best = loss;
	if (f->no_improve > p->n_iter_no_change || epoch + 1 >= p->max_iter)
		atomic_store_explicit(&f->stop, ph + 1, memory_order_relaxed);
	f->acc = 0;
}

/* Task `part` of phase ph. An epoch is 2 nb + 2 phases: the shuffle, then
 * per mini-batch its gradient and its Adam step, then the epoch's end; the
 * shuffle and the end are one task (part 0; part 1 does nothing). */
static void
task(struct fit *f, unsigned long ph, int part)
{
	const struct mlp_params *p = f->p;
	unsigned long per = 2 * f->nb + 2, q = ph % per, b, step;
	size_t start, m, i, r0, r1;

	if (q == 0 || q == per - 1) {
		if (part != 0)
			return;
		if (q == per - 1) {
			epoch_end(f, (int)(ph / per), ph);
			return;
		}
		for (i = f->n - 1; i > 0; i--) {   /* a fresh shuffle every epoch */
			size_t j = (size_t)rng_below(f->rng, i + 1), tmp = f->idx[i];

			f->idx[i] = f->idx[j];
			f->idx[j] = tmp;
		}
		return;
	}
	b = (q - 1) / 2;
	step = ph / per * f->nb + b;
	start = b * f->bs;
	m = f->n - start < f->bs ? f->n - start : f->bs;
	r0 = m * (size_t)part / NPARTS;
	r1 = m * (size_t)(part + 1) / NPARTS;
	if ((q - 1) % 2 == 0) {
		if (part == 0) {
			/* Adam: t counts mini-batches, bias correction folded into lr_t */
			f->b1t *= 0.9;
			f->b2t *= 0.999;
			f->lr_t = p->lr * sqrt(1 - f->b2t) / (1 - f->b1t);
		}
		part_grad(f, &f->part[part], start + r0, r1 - r0);
		return;
	}
	if (part == 0) {
		double l = 0, pen = 0, dm = (double)m;
		int t;

		for (t = 0; t < NPARTS; t++) {
			l += f->part[t].loss;
			pen += f->part[t].pen[step & 1];
		}
		f->acc += (l / dm + 0.5 * p->alpha * pen / dm) * dm;
	}
	adam_part(f, part, step, m, f->lr_t);
}

/* A thread of the fit: takes the next task, waits until every task of the
 * phases before its own is finished, runs it; until the fit stops. The
 * tasks go to whichever thread is free (one thread runs them all in turn),
 * and each computes the same thing wherever it runs: the model does not
 * depend on the threads, and a thread the machine holds up delays nothing
 * it has not taken. */
static void *
run(void *arg)
{
	struct fit *f = arg;

	for (;;) {
		unsigned long t = atomic_fetch_add_explicit(&f->claim, 1, memory_order_relaxed);

		wait_done(f, t / NPARTS * NPARTS);
		if (t / NPARTS >= atomic_load_explicit(&f->stop, memory_order_relaxed))
			return NULL;
		task(f, t / NPARTS, (int)(t % NPARTS));
		task_done(f);
	}
}

/* The buffers of the fit; the initial weights padded, in double and in
 * single precision; each part's share of the parameters and first penalty. */
static void
fit_setup(struct fit *f)
{
	size_t d = f->d, h = f->h, ko = f->ko, hp = f->hp, kp = f->kp;
	size_t mp = (f->bs + NPARTS - 1) / NPARTS, i, k;
	const struct mlp *net = f->net;
	int t;

	f->seg[SEG_W1] = 0;
	f->seg[SEG_B1] = d * hp;
	f->seg[SEG_W2] = f->seg[SEG_B1] + hp;
	f->seg[SEG_B2] = f->seg[SEG_W2] + h * kp;
	f->seg[NSEG] = f->npp = f->seg[SEG_B2] + kp;
	f->w = ecalloc(f->npp, sizeof *f->w);
	f->am = ecalloc(f->npp, sizeof *f->am);
	f->av = ecalloc(f->npp, sizeof *f->av);
	f->wf = ecalloc(f->npp, sizeof *f->wf);
	f->W2Tf = ecalloc(kp * hp, sizeof *f->W2Tf);
	for (i = 0; i < d; i++)
		for (k = 0; k < h; k++)
			f->w[i * hp + k] = net->W1[i * h + k];
	for (k = 0; k < h; k++) {
		f->w[f->seg[SEG_B1] + k] = net->b1[k];
		for (i = 0; i < ko; i++)
			f->w[f->seg[SEG_W2] + k * kp + i] = net->W2[k * ko + i];
	}
	for (i = 0; i < ko; i++)
		f->w[f->seg[SEG_B2] + i] = net->b2[i];
	for (i = 0; i < f->npp; i++)
		f->wf[i] = (float)f->w[i];
	f->W1f = f->wf;
	f->b1f = f->wf + f->seg[SEG_B1];
	f->W2f = f->wf + f->seg[SEG_W2];
	f->b2f = f->wf + f->seg[SEG_B2];
	for (k = 0; k < h; k++)
		for (i = 0; i < ko; i++)
			f->W2Tf[i * hp + k] = f->W2f[k * kp + i];
	f->idx = ereallocarray(NULL, f->n, sizeof *f->idx);
	for (i = 0; i < f->n; i++)
		f->idx[i] = i;
	for (t = 0; t < NPARTS; t++) {
		struct part *q = &f->part[t];

		q->Xb = ecalloc(mp * d, sizeof(float));
		q->yb = ecalloc(mp, sizeof(int));
		q->A = ecalloc(mp * hp, sizeof(float));
		q->D1 = ecalloc(mp * hp, sizeof(float));
		q->Z = ecalloc(mp * kp, sizeof(float));
		q->Zd = ecalloc(mp + 3, sizeof(double));
		q->g = ecalloc(f->npp, sizeof(float));
		q->gW1 = q->g;
		q->gb1 = q->g + f->seg[SEG_B1];
		q->gW2 = q->g + f->seg[SEG_W2];
		q->gb2 = q->g + f->seg[SEG_B2];
		/* shares cut at a multiple of 4 (the Adam kernel's width) */
		q->lo = f->npp * (size_t)t / NPARTS / 4 * 4;
		q->hi = t + 1 == NPARTS ? f->npp : f->npp * (size_t)(t + 1) / NPARTS / 4 * 4;
		q->pen[0] = 0;
		for (i = q->lo; i < q->hi; i++)
			if (i < f->seg[SEG_B1] || (i >= f->seg[SEG_W2] && i < f->seg[SEG_B2]))
				q->pen[0] += f->w[i] * f->w[i];
	}
}

/* The fitted weights, unpadded, into the model; the buffers freed. */
static void
fit_finish(struct fit *f)
{
	struct mlp *net = f->net;
	size_t d = f->d, h = f->h, ko = f->ko, i, k;
	int t;

	for (i = 0; i < d; i++)
		for (k = 0; k < h; k++)
			net->W1[i * h + k] = f->w[i * f->hp + k];
	for (k = 0; k < h; k++) {
		net->b1[k] = f->w[f->seg[SEG_B1] + k];
		for (i = 0; i < ko; i++)
			net->W2[k * ko + i] = f->w[f->seg[SEG_W2] + k * f->kp + i];
	}
	for (i = 0; i < ko; i++)
		net->b2[i] = f->w[f->seg[SEG_B2] + i];
	free(f->w);
	free(f->am);
	free(f->av);
	free(f->wf);
	free(f->W2Tf);
	free(f->idx);
	for (t = 0; t < NPARTS; t++) {
		struct part *q = &f->part[t];

		free(q->Xb);
		free(q->yb);
		free(q->A);
		free(q->D1);
		free(q->Z);
		free(q->Zd);
		free(q->g);
	}
}

const char *
mlp_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct mlp_params *p, struct mlp **out)
{
	struct fit f;
	struct rng r;
	pthread_t th[NPARTS];
	size_t h = p->hidden, i;
	unsigned t, nt;
	float *Xf;

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
	f.y = y;
	f.n = n;
	f.d = d;
	f.h = h;
	f.net = mlp_new(d, h, K);
	f.ko = f.net->ko;
	f.hp = (h + 7) / 8 * 8;
	f.kp = (f.ko + 7) / 8 * 8;
	f.bs = p->batch < n ? p->batch : n;
	Xf = ereallocarray(NULL, n * d, sizeof *Xf);
	for (i = 0; i < n * d; i++)
		Xf[i] = (float)X[i];
	f.Xf = Xf;

	rng_seed(&r, p->seed);
	init_layer(&r, f.net->W1, f.net->b1, d, h);
	init_layer(&r, f.net->W2, f.net->b2, h, f.ko);
	f.rng = &r;
	fit_setup(&f);

	nt = p->nthreads < 1 ? 1 : p->nthreads > NPARTS ? NPARTS : (unsigned)p->nthreads;
	f.nb = (n + f.bs - 1) / f.bs;
	atomic_init(&f.claim, 0);
	atomic_init(&f.done, 0);
	atomic_init(&f.stop, ULONG_MAX);
	atomic_init(&f.sleepers, 0);
	pthread_mutex_init(&f.mu, NULL);
	pthread_cond_init(&f.cv, NULL);
	f.b1t = f.b2t = 1;
	f.best = INFINITY;
	for (t = 1; t < nt; t++)
		if (pthread_create(&th[t], NULL, run, &f) != 0)
			break;
	nt = t;                 /* fewer threads: the tasks still get done */
	run(&f);
	for (t = 1; t < nt; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&f.mu);
	pthread_cond_destroy(&f.cv);

	fit_finish(&f);
	free(Xf);
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
