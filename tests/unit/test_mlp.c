/* Unit tests for mlp.c: sklearn-style MLPClassifier. */
#include <math.h>
#include <stdlib.h>

#include "learn/mlp.h"
#include "base/numpy.h"
#include "learn/rng.h"
#include "tap.h"

static char *
save_str(const struct mlp *m, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	mlp_save(m, f);
	fclose(f);
	return buf;
}

static struct mlp *
load_str(const char *s, size_t len, size_t d, int K, const char **err)
{
	static struct modelfile t;
	struct mlp *m;

	modelfile_init(&t, s, len, "m.model");
	*err = mlp_load(&t, d, K, &m);
	modelfile_free(&t);
	return m;
}

/* A model with random weights (uniform in +-w/2) for d features, h hidden
 * units and K > 2 classes, saved as text and loaded back (doubles read back
 * bit-exact); v gets the parameters W1, b1, W2, b2. */
static struct mlp *
random_model(size_t d, size_t h, int K, double w, uint64_t seed, double *v)
{
	size_t ko = (size_t)K, i, n = d * h + h + h * ko + ko, len;
	long sz[3] = { (long)d, (long)h, (long)ko };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, &len);
	struct mlp *m;
	const char *err;
	struct rng r;

	rng_seed(&r, seed);
	for (i = 0; i < n; i++)
		v[i] = w * (rng_unif(&r) - 0.5);
	modelfile_put_longs(f, "mlp_layers", sz, 3);
	modelfile_put_doubles(f, "W1", v, d * h);
	modelfile_put_doubles(f, "b1", v + d * h, h);
	modelfile_put_doubles(f, "W2", v + d * h + h, h * ko);
	modelfile_put_doubles(f, "b2", v + d * h + h + h * ko, ko);
	fclose(f);
	m = load_str(buf, len, d, K, &err);
	free(buf);
	return m;
}

/* The largest difference between mlp_predict_proba (vectorized ReLU and
 * exponentials, with their scalar tails) and the forward pass written out
 * here with libm's exp, relative to the probability, or to 1e-290 below it
 * (the kernel's exp(-708) = 3e-308 stands for anything smaller). */
static double
softmax_error(size_t n, size_t d, size_t h, int K, double w, uint64_t seed)
{
	size_t i, j, k, c, ko = (size_t)K;
	double *v = malloc((d * h + h + h * ko + ko) * sizeof *v);
	struct mlp *m = random_model(d, h, K, w, seed, v);
	double *X = malloc(n * d * sizeof *X), *P = malloc(n * ko * sizeof *P);
	const double *W1 = v, *b1 = W1 + d * h, *W2 = b1 + h, *b2 = W2 + h * ko;
	double worst = m ? 0 : INFINITY;
	struct rng r;

	rng_seed(&r, seed + 1);
	for (i = 0; i < n * d; i++)
		X[i] = 4 * (rng_unif(&r) - 0.5);
	if (m)
		mlp_predict_proba(m, X, n, P);
	for (i = 0; m && i < n; i++) {
		double z[64], mx, s = 0;

		for (c = 0; c < ko; c++)
			z[c] = b2[c];
		for (k = 0; k < h; k++) {
			double a = b1[k];

			for (j = 0; j < d; j++)
				a += X[i * d + j] * W1[j * h + k];
			for (c = 0; a > 0 && c < ko; c++)
				z[c] += a * W2[k * ko + c];
		}
		mx = z[0];
		for (c = 1; c < ko; c++)
			mx = z[c] > mx ? z[c] : mx;
		for (c = 0; c < ko; c++)
			s += (z[c] = exp(z[c] - mx));
		for (c = 0; c < ko; c++) {
			double p = z[c] / s, e = fabs(P[i * ko + c] - p) / (p > 1e-290 ? p : 1e-290);

			worst = e > worst ? e : worst;
		}
	}
	free(v);
	free(X);
	free(P);
	mlp_free(m);
	return worst;
}

/* K well-separated blobs in d dimensions (already on a unit-ish scale). */
static void
blobs(size_t n, size_t d, int K, double *X, int *y, uint64_t seed)
{
	struct rng r;
	size_t i, j;

	rng_seed(&r, seed);
	for (i = 0; i < n; i++) {
		int c = (int)(i % (size_t)K);

		y[i] = c;
		for (j = 0; j < d; j++)
			X[i * d + j] = (j == (size_t)c % d ? 3.0 : 0.0) * (c < (int)d ? 1 : -1) +
			    0.3 * (rng_unif(&r) - 0.5);
	}
}

static int
all_right(const struct mlp *m, const double *X, const int *y, size_t n, int K, double *P)
{
	size_t i;
	int good = 1;

	mlp_predict_proba(m, X, n, P);
	for (i = 0; i < n; i++)
		good &= (int)numpy_argmax(P + i * (size_t)K, (size_t)K) == y[i];
	return good;
}

int
main(void)
{
	enum { N = 450, D = 3, K = 5 };
	static double X[N * D], P[N * K], P2[N * K];
	static int y[N];
	struct mlp_params p;
	struct mlp *m, *g;
	const char *err;
	char *s1, *s2;
	size_t l1, l2, i;
	double s;

	blobs(N, D, K, X, y, 1);
	mlp_default_params(&p);
	ok(p.hidden == 50 && p.alpha == 1e-4 && p.lr == 1e-3 && p.tol == 1e-4 &&
	    p.max_iter == 500 && p.n_iter_no_change == 10 && p.batch == 200,
	    "defaults are the notebook's MLPClassifier(hidden_layer_sizes=(50,), max_iter=500)");
	/* a larger learning rate keeps the test fast (also under valgrind) */
	p.lr = 0.01;
	p.max_iter = 40;
	ok(mlp_fit(X, N, D, y, K, &p, &m) == NULL, "fit five blobs");
	ok(all_right(m, X, y, N, K, P), "separable data learned perfectly");
	s = 0;
	for (i = 0; i < K; i++)
		s += P[i];
	ok(fabs(s - 1) < 1e-12, "softmax rows sum to 1");
	ok(mlp_n_iter(m) >= 1 && mlp_n_iter(m) <= 40, "epochs within max_iter (%d)", mlp_n_iter(m));
	ok(mlp_loss(m) > 0 && mlp_loss(m) < 0.1, "training loss is small (%g)", mlp_loss(m));

	s1 = save_str(m, &l1);
	g = load_str(s1, l1, D, K, &err);
	ok(g && !err, "reload");
	if (g) {
		mlp_predict_proba(g, X, N, P2);
		ok(memcmp(P, P2, sizeof P) == 0, "reloaded model predicts bit for bit the same");
		s2 = save_str(g, &l2);
		ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "save(load(save)) is the same text");
		free(s2);
		mlp_free(g);
	}
	g = load_str(s1, l1 - 40, D, K, &err);
	ok(!g && err && strstr(err, "'m.model': line "), "truncated model rejected: %s", err ? err : "");
	g = load_str(s1, l1, D + 1, K, &err);
	ok(!g && err && strstr(err, "do not fit"), "other feature count rejected: %s", err ? err : "");
	free(s1);
	{
		const char *bad = "mlp_layers 3 10000000 5\nW1 0\n";

		g = load_str(bad, strlen(bad), D, K, &err);
		ok(!g && err && strstr(err, "longer than the rest"), "huge hidden layer rejected: %s",
		    err ? err : "");
	}

	/* same seed, same model; another seed, another model */
	p.max_iter = 5;
	mlp_fit(X, N, D, y, K, &p, &g);
	ok(mlp_n_iter(g) == 5, "max_iter caps the epochs");
	s1 = save_str(g, &l1);
	mlp_free(g);
	mlp_fit(X, N, D, y, K, &p, &g);
	s2 = save_str(g, &l2);
	ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "same seed, same weights");
	free(s2);
	mlp_free(g);
	setenv("OSFP_NO_AVX2", "1", 1);      /* the plain kernels, where AVX2 exists */
	mlp_fit(X, N, D, y, K, &p, &g);
	unsetenv("OSFP_NO_AVX2");
	s2 = save_str(g, &l2);
	ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "same weights without the AVX2 kernels");
	free(s2);
	mlp_free(g);
	p.nthreads = 2;
	mlp_fit(X, N, D, y, K, &p, &g);
	mlp_predict_proba(g, X, N, P2);
	mlp_free(g);
	mlp_fit(X, N, D, y, K, &p, &g);
	mlp_predict_proba(g, X, N, P);
	ok(memcmp(P, P2, sizeof P) == 0, "two threads: deterministic too");
	{
		struct mlp *one;
		double dmax = 0;

		p.nthreads = 1;
		mlp_fit(X, N, D, y, K, &p, &one);
		mlp_predict_proba(one, X, N, P2);
		for (i = 0; i < N * K; i++)
			dmax = fmax(dmax, fabs(P[i] - P2[i]));
		ok(dmax < 1e-9, "two threads: the same model up to rounding (%g)", dmax);
		mlp_free(one);
	}
	mlp_free(g);
	p.nthreads = 1;
	p.seed = 43;
	mlp_fit(X, N, D, y, K, &p, &g);
	s2 = save_str(g, &l2);
	ok(l1 != l2 || memcmp(s1, s2, l1) != 0, "another seed, other weights");
	free(s1);
	free(s2);
	mlp_free(g);
	mlp_free(m);

	/* stopping rule: with a huge tol only the first epoch improves (on an
	 * infinite best loss); then n_iter_no_change + 1 more epochs, as sklearn
	 * (n_iter_ is 5 there too) */
	mlp_default_params(&p);
	p.max_iter = 50;
	p.tol = 1e9;
	p.n_iter_no_change = 3;
	mlp_fit(X, N, D, y, K, &p, &m);
	ok(mlp_n_iter(m) == 5, "stops after n_iter_no_change + 1 epochs without improvement (%d)",
	    mlp_n_iter(m));
	mlp_free(m);

	/* two classes: one logistic output, P = [1 - p, p] */
	{
		int y2[N];

		for (i = 0; i < N; i++)
			y2[i] = y[i] >= 3;
		mlp_default_params(&p);
		p.lr = 0.01;
		p.max_iter = 40;
		mlp_fit(X, N, D, y2, 2, &p, &m);
		ok(all_right(m, X, y2, N, 2, P), "two classes learned perfectly");
		ok(P[0] + P[1] == 1 || fabs(P[0] + P[1] - 1) < 1e-15, "binary rows sum to 1");
		s1 = save_str(m, &l1);
		ok(strstr(s1, "mlp_layers 3 50 1\n") == s1, "binary model has one output unit");
		g = load_str(s1, l1, D, 2, &err);
		mlp_predict_proba(g, X, N, P2);
		ok(memcmp(P, P2, N * 2 * sizeof *P) == 0, "binary reload bit-exact");
		free(s1);
		mlp_free(g);
		mlp_free(m);
	}

	/* degenerate: one feature, constant feature, duplicate rows, n < batch */
	{
		double x1[40], x2[40 * 2];
		int y1[40];

		for (i = 0; i < 40; i++) {
			y1[i] = (int)(i % 2);
			x1[i] = y1[i] ? 1.0 : -1.0;
			x2[2 * i] = 0;          /* constant */
			x2[2 * i + 1] = x1[i];
		}
		mlp_default_params(&p);
		p.lr = 0.01;
		p.max_iter = 100;
		ok(mlp_fit(x1, 40, 1, y1, 2, &p, &m) == NULL, "single feature, 40 rows (< batch)");
		ok(all_right(m, x1, y1, 40, 2, P), "single feature learned");
		mlp_free(m);
		ok(mlp_fit(x2, 40, 2, y1, 2, &p, &m) == NULL, "constant feature fits");
		ok(all_right(m, x2, y1, 40, 2, P), "constant feature ignored");
		mlp_free(m);
		y1[0] = 1;              /* row 0 duplicates row 2 with another label */
		x1[0] = x1[2] = -1.0;
		ok(mlp_fit(x1, 40, 1, y1, 2, &p, &m) == NULL, "conflicting duplicate rows fit");
		mlp_predict_proba(m, x1, 1, P);
		ok(P[0] > 0 && P[0] < 1, "conflicting rows give a proper probability");
		mlp_free(m);
	}

	/* one hidden unit: the second block is empty */
	mlp_default_params(&p);
	p.hidden = 1;
	p.max_iter = 20;
	p.nthreads = 2;
	ok(mlp_fit(X, N, D, y, K, &p, &m) == NULL && mlp_n_iter(m) == 20, "one hidden unit, two threads");
	mlp_free(m);

	/* prediction against the forward pass written out: 450 x 5 and 77 x 13
	 * outputs and 7 or 50 hidden units leave scalar tails in the four-wide
	 * kernels; weights of +-40 push logits below -708 (clamped exp) */
	s = softmax_error(450, 3, 7, 5, 2, 7);
	ok(s < 1e-13, "probabilities as libm's softmax, 7 hidden units (%g)", s);
	s = softmax_error(77, 30, 50, 13, 1, 8);
	ok(s < 1e-13, "probabilities as libm's softmax, 50 hidden, 13 classes (%g)", s);
	s = softmax_error(200, 4, 9, 6, 80, 9);       /* logits in the hundreds: GEMM rounding */
	ok(s < 1e-10, "probabilities as libm's softmax, logits far apart (%g)", s);

	/* bad input */
	mlp_default_params(&p);
	ok(mlp_fit(X, N, D, y, 1, &p, &m) != NULL && !m, "one class rejected");
	y[3] = K;
	ok(mlp_fit(X, N, D, y, K, &p, &m) != NULL, "class out of range rejected");
	y[3] = 0;
	p.hidden = 0;
	ok(mlp_fit(X, N, D, y, K, &p, &m) != NULL, "zero hidden units rejected");
	return tap_done();
}
