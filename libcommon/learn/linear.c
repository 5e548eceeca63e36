#include "learn/linear.h"

#include <cblas.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif
#include <lapacke.h>
#include <lbfgs.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "learn/vec.h"
#include "base/numpy.h"
#include "base/util.h"

/* The logistic loss's kernels: tilegemm.h in double precision (the scores
 * X W' + b and the gradient (P - Y)' X of a chunk of rows), vmath.h's exp
 * and log, lrvec.h's softmax; AVX2 and FMA where the CPU has them, the same
 * result without. */
#define KT double
#define KV v4d
#define KVU v4u
#define KVI v4i
#define KL 4
#define KSPLAT(x) V4(x)

struct kern {
	void (*gemm)(size_t rows, size_t nv, size_t n, const double *X, size_t xr, size_t xi,
	    const double *W, size_t wi, double *C, size_t ldc, int mode, const double *bias,
	    const double *M, size_t ldm);
	void (*colsum)(const double *A, size_t rows, size_t lda, size_t nv, double *s);
	double (*lr_softmax)(double *Z, size_t rows, size_t Rp, size_t R, const int *y,
	    double *ls);
};

#if defined(__x86_64__) && defined(__GNUC__)
#define KERN(name) name##_avx2
#define KATTR __attribute__((target("avx2,fma")))
#define KFMA(dst, a, b, c) ((dst) = (v4d)_mm256_fmadd_pd((__m256d)(a), (__m256d)(b), (__m256d)(c)))
#include "learn/tilegemm.h"
#include "learn/vmath.h"
#include "learn/lrvec.h"
static const struct kern kern_avx2 = { gemm_avx2, colsum_avx2, lr_softmax_avx2 };
#undef KERN
#undef KATTR
#undef KFMA
#define HAVE_KERN_AVX2 1
#endif
#define KERN(name) name##_base
#define KATTR
#define KFMA(dst, a, b, c) do {                                         \
	v4d a_ = (a), b_ = (b), c_ = (c);                               \
	int l_;                                                         \
	for (l_ = 0; l_ < 4; l_++)                                      \
		(dst)[l_] = fma(a_[l_], b_[l_], c_[l_]);                \
} while (0)
#include "learn/tilegemm.h"
#include "learn/vmath.h"
#include "learn/lrvec.h"
static const struct kern kern_base = { gemm_base, colsum_base, lr_softmax_base };

static const struct kern *
kern_pick(void)
{
#ifdef HAVE_KERN_AVX2
	if (vec_avx2())
		return &kern_avx2;
#endif
	return &kern_base;
}

static struct linear *
linear_new(size_t d, int K)
{
	struct linear *m = ecalloc(1, sizeof *m);

	m->K = K;
	m->rows = K == 2 ? 1 : K;
	m->d = d;
	m->W = ecalloc((size_t)m->rows * (d ? d : 1), sizeof *m->W);
	m->b = ecalloc((size_t)m->rows, sizeof *m->b);
	return m;
}

void
linear_free(struct linear *m)
{
	if (!m)
		return;
	free(m->W);
	free(m->b);
	free(m);
}

/* ---- ridge ------------------------------------------------------------ */

const char *
linear_fit_ridge(const double *X, size_t n, size_t d, const int *y, int K, double alpha,
    struct linear **out)
{
	struct linear *m;
	double *Xc, *Yc, *xm, *ym, *A, *B;
	size_t i, j;
	int R, k, info;

	*out = NULL;
	if (K < 2)
		return "ridge needs at least two classes";
	if (n == 0 || d == 0)
		return "ridge needs at least one row and one feature";
	m = linear_new(d, K);
	R = m->rows;
	Xc = emalloc(n * d * sizeof *Xc);
	Yc = emalloc(n * (size_t)R * sizeof *Yc);
	xm = ecalloc(d, sizeof *xm);
	ym = ecalloc((size_t)R, sizeof *ym);
	/* LabelBinarizer(neg_label=-1): +1 for the row's class (for two
	 * classes one column, +1 meaning class 1) */
	for (i = 0; i < n; i++)
		for (k = 0; k < R; k++)
			Yc[i * R + k] = (R == 1 ? y[i] == 1 : y[i] == k) ? 1.0 : -1.0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < d; j++)
			xm[j] += X[i * d + j];
		for (k = 0; k < R; k++)
			ym[k] += Yc[i * R + k];
	}
	for (j = 0; j < d; j++)
		xm[j] /= (double)n;
	for (k = 0; k < R; k++)
		ym[k] /= (double)n;
	for (i = 0; i < n; i++) {
		for (j = 0; j < d; j++)
			Xc[i * d + j] = X[i * d + j] - xm[j];
		for (k = 0; k < R; k++)
			Yc[i * R + k] -= ym[k];
	}
	openblas_set_num_threads(1);
	if (d <= n) {
		/* primal: (Xc'Xc + alpha I) W' = Xc'Yc, d x d */
		A = emalloc(d * d * sizeof *A);
		B = emalloc(d * (size_t)R * sizeof *B);
		cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, (int)d, (int)n, 1.0, Xc,
		    (int)d, 0.0, A, (int)d);
		for (j = 0; j < d; j++)
			A[j * d + j] += alpha;
		cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)d, R, (int)n, 1.0,
		    Xc, (int)d, Yc, R, 0.0, B, R);
		info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (int)d, R, A, (int)d, B, R);
		if (info == 0)
			for (j = 0; j < d; j++)
				for (k = 0; k < R; k++)
					m->W[(size_t)k * d + j] = B[j * R + k];
	} else {
		/* dual: (Xc Xc' + alpha I) A = Yc, W' = Xc' A */
		A = emalloc(n * n * sizeof *A);
		B = emalloc(n * (size_t)R * sizeof *B);
		cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, (int)n, (int)d, 1.0, Xc,
		    (int)d, 0.0, A, (int)n);
		for (i = 0; i < n; i++)
			A[i * n + i] += alpha;
		memcpy(B, Yc, n * (size_t)R * sizeof *B);
		info = LAPACKE_dposv(LAPACK_ROW_MAJOR, 'U', (int)n, R, A, (int)n, B, R);
		if (info == 0)
			cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, R, (int)d, (int)n, 1.0,
			    B, R, Xc, (int)d, 0.0, m->W, (int)d);
	}
	for (k = 0; k < R && info == 0; k++) {
		double s = 0;

		for (j = 0; j < d; j++)
			s += xm[j] * m->W[(size_t)k * d + j];
		m->b[k] = ym[k] - s;
	}
	free(Xc);
	free(Yc);
	free(xm);
	free(ym);
	free(A);
	free(B);
	if (info != 0) {
		linear_free(m);
		return info > 0 ? "ridge: the regularised Gram matrix is not positive definite"
		    " (alpha too small?)" : "ridge: LAPACKE_dposv failed";
	}
	*out = m;
	return NULL;
}

/* ---- logistic --------------------------------------------------------- */

/* The objective is evaluated in fixed chunks of rows whose partial sums are
 * added in chunk order, so the result does not depend on the thread count. */
#define LR_CHUNK 512
#define LR_MAXTHREADS 64

struct lrctx {
	const struct kern *kn;
	const double *X;
	const int *y;
	size_t n, d;
	int R;          /* weight vectors */
	size_t Rp;      /* R rounded up to 4 (a vector) */
	double invC;
	double *Z;      /* n x Rp: scores, then P - Y */
	double *ls;     /* 2 n: scratch of the softmax */
	double *WT;     /* d x Rp: the weights without intercept, transposed */
	double *bp;     /* Rp: the intercepts */
	size_t nchunks;
	double *part;   /* per chunk: d x Rp gradient, Rp intercept gradient, the loss */
	/* The chunks of an evaluation go to whichever thread takes them: the
	 * caller's and nthreads - 1 helpers that sleep between evaluations. The
	 * caller waits only for the chunks taken, never for a helper the
	 * machine has not run yet. */
	int nthreads;
	pthread_t th[LR_MAXTHREADS];
	atomic_size_t next;     /* next chunk to take */
	atomic_size_t done;     /* chunks finished */
	atomic_ulong gen;       /* evaluations started (changed under mu) */
	int quit, sleeping;     /* under mu */
	pthread_mutex_t mu;
	pthread_cond_t wake;    /* a new evaluation, or the end of the fit */
	pthread_cond_t fin;     /* the caller waits for the chunks here */
	int iters;
};

/* Loss and gradient of rows [lo, hi) into part ((d + 1) x Rp + 1). */
static void
lr_chunk(struct lrctx *c, size_t lo, size_t hi, double *part)
{
	const struct kern *kn = c->kn;
	size_t m = hi - lo, d = c->d, Rp = c->Rp, nv = Rp / 4, i;
	double f = 0, *Z = c->Z + lo * Rp;
	const double *X = c->X + lo * d;

	/* Z = X W' + b */
	kn->gemm(m, nv, d, X, d, 1, c->WT, Rp, Z, Rp, GEMM_BIAS, c->bp, NULL, 0);
	if (c->R == 1) {
		for (i = 0; i < m; i++) {
			double z = Z[i * Rp], yi = c->y[lo + i] == 1, p;

			/* log(1 + e^z) - y z, stably; the gradient is sigmoid(z) - y */
			if (z > 0) {
				double e = exp(-z);

				f += z + log1p(e) - yi * z;
				p = 1.0 / (1.0 + e);
			} else {
				double e = exp(z);

				f += log1p(e) - yi * z;
				p = e / (1.0 + e);
			}
			Z[i * Rp] = p - yi;
		}
	} else
		f = kn->lr_softmax(Z, m, Rp, (size_t)c->R, c->y + lo, c->ls + 2 * lo);
	/* gradient part: (P - Y)' [X 1], transposed */
	kn->gemm(d, nv, m, X, 1, d, Z, Rp, part, Rp, GEMM_STORE, NULL, NULL, 0);
	kn->colsum(Z, m, Rp, nv, part + d * Rp);
	part[(d + 1) * Rp] = f;
}

/* Take and compute chunks until none is left; the thread that finishes
 * the last one wakes the caller if it sleeps. */
static void
lr_chunks(struct lrctx *c)
{
	size_t psz = c->Rp * (c->d + 1) + 1, j;

	while ((j = atomic_fetch_add(&c->next, 1)) < c->nchunks) {
		lr_chunk(c, j * LR_CHUNK, j + 1 == c->nchunks ? c->n : (j + 1) * LR_CHUNK,
		    c->part + j * psz);
		if (atomic_fetch_add(&c->done, 1) + 1 == c->nchunks) {
			pthread_mutex_lock(&c->mu);
			if (c->sleeping)
				pthread_cond_signal(&c->fin);
			pthread_mutex_unlock(&c->mu);
		}
	}
}

static void *
lr_helper(void *arg)
{
	struct lrctx *c = arg;
	unsigned long seen = 0;

	for (;;) {
		int spin;

		/* the next evaluation comes after the caller's own share of work
		 * (the sums, the line search): wait for it awake a little while */
		for (spin = 0; spin < 8000 && atomic_load(&c->gen) == seen; spin++) {
#if defined(__x86_64__) && defined(__GNUC__)
			__builtin_ia32_pause();
#endif
		}
		pthread_mutex_lock(&c->mu);
		while (atomic_load(&c->gen) == seen && !c->quit)
			pthread_cond_wait(&c->wake, &c->mu);
		seen = atomic_load(&c->gen);
		if (c->quit) {
			pthread_mutex_unlock(&c->mu);
			return NULL;
		}
		pthread_mutex_unlock(&c->mu);
		lr_chunks(c);
	}
}

/* One evaluation's chunks, over the threads (c->WT and c->bp set). */
static void
lr_run(struct lrctx *c)
{
	int spin;

	atomic_store(&c->done, 0);
	atomic_store(&c->next, 0);
	if (c->nthreads > 1) {
		pthread_mutex_lock(&c->mu);
		atomic_fetch_add(&c->gen, 1);
		pthread_cond_broadcast(&c->wake);
		pthread_mutex_unlock(&c->mu);
	}
	lr_chunks(c);
	for (spin = 0; spin < 4000 && atomic_load(&c->done) < c->nchunks; spin++)
		;
	if (atomic_load(&c->done) < c->nchunks) {
		pthread_mutex_lock(&c->mu);
		c->sleeping = 1;
		while (atomic_load(&c->done) < c->nchunks)
			pthread_cond_wait(&c->fin, &c->mu);
		c->sleeping = 0;
		pthread_mutex_unlock(&c->mu);
	}
}

/* The helpers (nthreads - 1 of them, fewer if they cannot be made). */
static void
lr_start(struct lrctx *c, int nthreads)
{
	int t;

	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->wake, NULL);
	pthread_cond_init(&c->fin, NULL);
	atomic_init(&c->next, 0);
	atomic_init(&c->done, 0);
	atomic_init(&c->gen, 0);
	if (nthreads > LR_MAXTHREADS)
		nthreads = LR_MAXTHREADS;
	if ((size_t)nthreads > c->nchunks)
		nthreads = (int)c->nchunks;
	for (t = 1; t < nthreads; t++)
		if (pthread_create(&c->th[t], NULL, lr_helper, c) != 0)
			break;
	c->nthreads = t < 1 ? 1 : t;
}

static void
lr_stop(struct lrctx *c)
{
	int t;

	pthread_mutex_lock(&c->mu);
	c->quit = 1;
	pthread_cond_broadcast(&c->wake);
	pthread_mutex_unlock(&c->mu);
	for (t = 1; t < c->nthreads; t++)
		pthread_join(c->th[t], NULL);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->wake);
	pthread_cond_destroy(&c->fin);
}

/* x = [R x (d+1)] row-major: each row its weights then its intercept. */
static lbfgsfloatval_t
lr_eval(void *inst, const lbfgsfloatval_t *x, lbfgsfloatval_t *g, const int nvar,
    const lbfgsfloatval_t step)
{
	struct lrctx *c = inst;
	size_t d = c->d, Rp = c->Rp, psz = Rp * (d + 1) + 1, j, ch;
	int R = c->R, k;
	double f = 0, pen = 0;

	(void)step;
	for (k = 0; k < R; k++) {
		for (j = 0; j < d; j++)
			c->WT[j * Rp + (size_t)k] = x[(size_t)k * (d + 1) + j];
		c->bp[k] = x[(size_t)k * (d + 1) + d];
	}
	lr_run(c);
	/* sum the chunks in order, then the penalty W / C (intercepts free) */
	memset(g, 0, (size_t)nvar * sizeof *g);
	for (ch = 0; ch < c->nchunks; ch++) {
		const double *p = c->part + ch * psz;

		for (k = 0; k < R; k++) {
			double *gk = g + (size_t)k * (d + 1);

			for (j = 0; j <= d; j++)
				gk[j] += p[j * Rp + (size_t)k];
		}
		f += p[psz - 1];
	}
	for (k = 0; k < R; k++) {
		const double *w = x + (size_t)k * (d + 1);
		double *gk = g + (size_t)k * (d + 1);

		for (j = 0; j < d; j++) {
			gk[j] += c->invC * w[j];
			pen += w[j] * w[j];
		}
	}
	return f + 0.5 * c->invC * pen;
}

static int
lr_progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm, const lbfgsfloatval_t gnorm,
    const lbfgsfloatval_t step, int n, int k, int ls)
{
	(void)x; (void)g; (void)fx; (void)xnorm; (void)gnorm; (void)step; (void)n; (void)ls;
	((struct lrctx *)inst)->iters = k;
	return 0;
}

const char *
linear_fit_logistic(const double *X, size_t n, size_t d, const int *y, int K, double C,
    int max_iter, int nthreads, struct linear **out)
{
	struct linear *m;
	struct lrctx c;
	lbfgs_parameter_t p;
	lbfgsfloatval_t *x, fx = 0;
	size_t nvar;
	int k, ret;

	*out = NULL;
	if (K < 2)
		return "logistic regression needs at least two classes";
	if (n == 0 || d == 0)
		return "logistic regression needs at least one row and one feature";
	if (!(C > 0))
		return "logistic regression needs C > 0";
	m = linear_new(d, K);
	memset(&c, 0, sizeof c);
	c.kn = kern_pick();
	c.X = X;
	c.y = y;
	c.n = n;
	c.d = d;
	c.R = m->rows;
	c.Rp = ((size_t)c.R + 3) / 4 * 4;
	c.invC = 1.0 / C;
	c.Z = ecalloc(n * c.Rp, sizeof *c.Z);
	c.ls = ecalloc(2 * n, sizeof *c.ls);
	c.WT = ecalloc(d * c.Rp, sizeof *c.WT);
	c.bp = ecalloc(c.Rp, sizeof *c.bp);
	c.nchunks = (n + LR_CHUNK - 1) / LR_CHUNK;
	c.part = emalloc(c.nchunks * (c.Rp * (d + 1) + 1) * sizeof *c.part);
	nvar = (size_t)c.R * (d + 1);
	if (!(x = lbfgs_malloc((int)nvar))) {
		free(c.Z);
		free(c.ls);
		free(c.WT);
		free(c.bp);
		free(c.part);
		linear_free(m);
		return "out of memory";
	}
	memset(x, 0, nvar * sizeof *x);
	lbfgs_parameter_init(&p);
	/* scipy's L-BFGS-B defaults as LogisticRegression calls it: m = 10,
	 * stop when the objective's relative reduction over one iteration is
	 * <= factr*eps = 2.22e-9, or after max_iter iterations */
	p.m = 10;
	p.past = 1;
	p.delta = 2.220446049250313e-09;
	p.epsilon = 1e-5;
	/* scipy's line search (dcsrch) settings: ftol 1e-3, gtol 0.9, xtol 0.1, maxls 20 */
	p.ftol = 1e-3;
	p.wolfe = 0.9;
	p.xtol = 0.1;
	p.max_linesearch = 20;
	p.max_iterations = max_iter;
	openblas_set_num_threads(1);
	lr_start(&c, nthreads > 0 ? nthreads : 1);
	ret = lbfgs((int)nvar, x, &fx, lr_eval, lr_progress, &c, &p);
	lr_stop(&c);
	for (k = 0; k < c.R; k++) {
		memcpy(m->W + (size_t)k * d, x + (size_t)k * (d + 1), d * sizeof *x);
		m->b[k] = x[(size_t)k * (d + 1) + d];
	}
	m->n_iter = c.iters;
	m->loss = fx;
	lbfgs_free(x);
	free(c.Z);
	free(c.ls);
	free(c.WT);
	free(c.bp);
	free(c.part);
	/* Running out of iterations or a line search that can make no more
	 * progress near the optimum is a ConvergenceWarning in sklearn, not a
	 * failure; only a non-finite objective is. */
	if (ret == LBFGSERR_OUTOFMEMORY || !isfinite(fx)) {
		linear_free(m);
		return ret == LBFGSERR_OUTOFMEMORY ? "out of memory"
		    : "logistic regression diverged (non-finite objective)";
	}
	*out = m;
	return NULL;
}

/* ---- prediction and the file section ---------------------------------- */

void
linear_scores(const struct linear *m, const double *X, size_t n, double *S)
{
	size_t i;
	int k;

	if (n == 0)
		return;
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)n, m->rows, (int)m->d, 1.0,
	    X, (int)m->d, m->W, (int)m->d, 0.0, S, m->rows);
	for (i = 0; i < n; i++)
		for (k = 0; k < m->rows; k++)
			S[i * (size_t)m->rows + k] += m->b[k];
}

void
linear_predict(const struct linear *m, const double *S, size_t n, int *pred)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const double *s = S + i * (size_t)m->rows;

		pred[i] = m->rows == 1 ? s[0] > 0 : (int)numpy_argmax(s, (size_t)m->rows);
	}
}

void
linear_proba(const struct linear *m, const double *S, size_t n, double *P)
{
	size_t i;
	int k, K = m->K;

	for (i = 0; i < n; i++) {
		const double *s = S + i * (size_t)m->rows;
		double *p = P + i * (size_t)K;

		if (m->rows == 1) {
			/* scipy's expit */
			p[1] = 1.0 / (1.0 + exp(-s[0]));
			p[0] = 1.0 - p[1];
		} else {
			double mx = s[0], sum = 0;

			for (k = 1; k < K; k++)
				if (s[k] > mx)
					mx = s[k];
			for (k = 0; k < K; k++)
				sum += (p[k] = exp(s[k] - mx));
			for (k = 0; k < K; k++)
				p[k] /= sum;
		}
	}
}

void
linear_save(const struct linear *m, FILE *f)
{
	long rows = m->rows;
	int k;

	modelfile_put_longs(f, "rows", &rows, 1);
	for (k = 0; k < m->rows; k++)
		modelfile_put_doubles(f, "w", m->W + (size_t)k * m->d, m->d);
	modelfile_put_doubles(f, "intercept", m->b, (size_t)m->rows);
}

const char *
linear_load(struct modelfile *t, size_t d, int K, struct linear **out)
{
	struct linear *m = linear_new(d, K);
	long rows;
	int k;

	*out = NULL;
	if (modelfile_long(t, "rows", 1, 1000000, &rows) < 0)
		goto bad;
	if (rows != m->rows) {
		modelfile_fail(t, "%ld weight rows for %d classes (expected %d)", rows, K, m->rows);
		goto bad;
	}
	for (k = 0; k < m->rows; k++)
		if (modelfile_doubles(t, "w", m->W + (size_t)k * d, d) < 0)
			goto bad;
	if (modelfile_doubles(t, "intercept", m->b, (size_t)m->rows) < 0)
		goto bad;
	*out = m;
	return NULL;
bad:
	linear_free(m);
	return t->err;
}
