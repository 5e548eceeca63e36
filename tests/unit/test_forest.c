/* Unit tests for forest.c: sklearn-style random forest. */
#include <math.h>
#include <stdlib.h>

#include "learn/forest.h"
#include "base/numpy.h"
#include "learn/rng.h"
#include "tap.h"

/* The model section as text (for comparing forests and reloading). */
static char *
save_str(const struct forest *f, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);

	forest_save(f, m);
	fclose(m);
	return buf;
}

static struct forest *
load_str(const char *s, size_t len, size_t d, int K, const char **err)
{
	static struct modelfile t;
	struct forest *f;

	modelfile_init(&t, s, len, "m.model");
	*err = forest_load(&t, d, K, &f);
	modelfile_free(&t);
	return f;
}

/* Three clusters in 4 dimensions: features 0 and 1 carry the class, 2 and
 * 3 are noise. */
static void
clusters(size_t n, double *X, int *y, uint64_t seed)
{
	struct rng r;
	size_t i;

	rng_seed(&r, seed);
	for (i = 0; i < n; i++) {
		int c = (int)(i % 3);

		y[i] = c;
		X[i * 4 + 0] = 10.0 * c + rng_unif(&r);
		X[i * 4 + 1] = -5.0 * c + rng_unif(&r);
		X[i * 4 + 2] = rng_unif(&r);
		X[i * 4 + 3] = rng_unif(&r) * 100;
	}
}

static int
train_accuracy_perfect(const struct forest *f, const double *X, const int *y, size_t n, int K)
{
	double *P = malloc(n * (size_t)K * sizeof *P);
	size_t i;
	int ok = 1;

	forest_predict_proba(f, X, n, P);
	for (i = 0; i < n; i++)
		ok &= (int)numpy_argmax(P + i * (size_t)K, (size_t)K) == y[i];
	free(P);
	return ok;
}

/* Thresholds through the file: trees on one feature whose values span
 * every magnitude and sign (1e-30 to 1e30, adjacent floats among them),
 * saved and reloaded, must decide as before for each value and the floats
 * next to it. Returns the number of decisions that differ. */
static int
threshold_roundtrip(uint64_t seed)
{
	enum { N = 400 };
	static double x[N], q[3 * N], P[3 * N * 2], P2[3 * N * 2];
	int y[N], bad = 0;
	struct forest_params p;
	struct forest *f, *g;
	const char *err;
	struct rng r;
	size_t i, len;
	char *s;

	rng_seed(&r, seed);
	for (i = 0; i < N; i++) {
		double m = 1 + rng_unif(&r), e = floor(rng_unif(&r) * 200) - 100;

		x[i] = (i % 2 ? -1 : 1) * m * pow(10, e * 0.3);
		if (i % 7 == 0)
			x[i] = (float)x[i] + 0.0;
		if (i % 7 == 1 && i > 0)   /* the float next to the previous value */
			x[i] = nextafterf((float)x[i - 1], INFINITY);
		if (i % 11 == 0)
			x[i] = floor(rng_unif(&r) * 1000) / 8;
		y[i] = rng_unif(&r) < 0.5;
	}
	forest_default_params(&p);
	p.n_trees = 3;
	p.bootstrap = 0;
	p.max_features = 1;
	if (forest_fit(x, N, 1, y, 2, &p, &f))
		return -1;
	s = save_str(f, &len);
	g = load_str(s, len, 1, 2, &err);
	free(s);
	if (!g) {
		forest_free(f);
		return -1;
	}
	for (i = 0; i < N; i++) {
		float v = (float)x[i];

		q[3 * i] = v;
		q[3 * i + 1] = nextafterf(v, -INFINITY);
		q[3 * i + 2] = nextafterf(v, INFINITY);
	}
	forest_predict_proba(f, q, 3 * N, P);
	forest_predict_proba(g, q, 3 * N, P2);
	for (i = 0; i < 3 * N * 2; i++)
		bad += P[i] != P2[i];
	forest_free(f);
	forest_free(g);
	return bad;
}

int
main(void)
{
	enum { N = 300, D = 4 };
	static double X[N * D], P[N * 3], P2[N * 3];
	static int y[N];
	struct forest_params p;
	struct forest *f, *g;
	const char *err;
	char *s1, *s2;
	size_t l1, l2, i;
	double imp[D], sum;
	int j;

	clusters(N, X, y, 7);
	forest_default_params(&p);
	p.n_trees = 20;
	ok(forest_fit(X, N, D, y, 3, &p, &f) == NULL, "fit three clusters");
	ok(train_accuracy_perfect(f, X, y, N, 3), "separable data learned perfectly");
	forest_predict_proba(f, X, N, P);
	sum = 0;
	for (j = 0; j < 3; j++)
		sum += P[j];
	ok(fabs(sum - 1) < 1e-12, "probabilities sum to 1");

	forest_importances(f, imp);
	sum = imp[0] + imp[1] + imp[2] + imp[3];
	ok(fabs(sum - 1) < 1e-12, "importances sum to 1 (%.17g)", sum);
	ok(imp[0] + imp[1] > 0.9, "informative features carry the importance (%g %g %g %g)",
	    imp[0], imp[1], imp[2], imp[3]);

	/* save / load round trip: bit-exact probabilities */
	s1 = save_str(f, &l1);
	g = load_str(s1, l1, D, 3, &err);
	ok(g && !err, "reload");
	if (g) {
		forest_predict_proba(g, X, N, P2);
		ok(memcmp(P, P2, sizeof P) == 0, "reloaded forest predicts bit for bit the same");
		forest_importances(g, imp);
		ok(fabs(imp[0] + imp[1] + imp[2] + imp[3] - 1) < 1e-12, "reloaded importances");
		s2 = save_str(g, &l2);
		ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "save(load(save)) is the same text");
		free(s2);
		forest_free(g);
	}

	/* truncated and damaged model text */
	g = load_str(s1, l1 / 2, D, 3, &err);
	ok(!g && err && strstr(err, "'m.model': line "), "truncated model rejected: %s", err ? err : "");
	g = load_str(s1, l1, D, 2, &err);
	ok(!g && err, "wrong class count rejected: %s", err ? err : "");
	{
		const char *bad = "forest_trees 1\nimportances 1 0 0 0\ntree 3\nfeature 0 0 -1\n";

		g = load_str(bad, strlen(bad), D, 3, &err);
		ok(!g && err && strstr(err, "two children"), "malformed tree rejected: %s",
		    err ? err : "");
		bad = "forest_trees 1\nimportances 1 0 0 0\ntree 2000000000\nfeature -1\n";
		g = load_str(bad, strlen(bad), D, 3, &err);
		ok(!g && err && strstr(err, "longer than the rest"), "huge node count rejected: %s",
		    err ? err : "");
		bad = "forest_trees 1000000\nimportances 1 0 0 0\n";
		g = load_str(bad, strlen(bad), D, 3, &err);
		ok(!g && err && strstr(err, "do not fit"), "huge tree count rejected: %s",
		    err ? err : "");
		bad = "forest_trees 1\nimportances 1 0 0 0\ntree 3\nfeature -1 0 -1\n";
		g = load_str(bad, strlen(bad), D, 3, &err);
		ok(!g && err && strstr(err, "after its last leaf"), "nodes after the last leaf rejected: %s",
		    err ? err : "");
	}
	forest_free(f);

	/* the thread count does not change the forest */
	p.n_trees = 13;
	p.seed = 99;
	p.nthreads = 1;
	forest_fit(X, N, D, y, 3, &p, &f);
	p.nthreads = 4;
	forest_fit(X, N, D, y, 3, &p, &g);
	s2 = save_str(g, &l2);
	free(s1);
	s1 = save_str(f, &l1);
	ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "1 and 4 threads give the same forest");
	free(s2);
	forest_free(g);
	setenv("OSFP_NO_AVX2", "1", 1);         /* the plain gather, where AVX2 exists */
	p.nthreads = 1;
	forest_fit(X, N, D, y, 3, &p, &g);
	unsetenv("OSFP_NO_AVX2");
	s2 = save_str(g, &l2);
	ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "the same forest without the AVX2 gather");
	free(s1);
	free(s2);
	forest_free(f);
	forest_free(g);
	p.seed = 100;
	forest_fit(X, N, D, y, 3, &p, &f);
	p.seed = 101;
	forest_fit(X, N, D, y, 3, &p, &g);
	s1 = save_str(f, &l1);
	s2 = save_str(g, &l2);
	ok(l1 != l2 || memcmp(s1, s2, l1) != 0, "another seed gives another forest");
	free(s1);
	free(s2);
	forest_free(f);
	forest_free(g);

	/* one tree without bootstrap on 4 points: one split at the midpoint */
	{
		double x4[4] = { 0, 1, 2, 3 };
		int y4[4] = { 0, 0, 1, 1 };

		forest_default_params(&p);
		p.n_trees = 1;
		p.bootstrap = 0;
		forest_fit(x4, 4, 1, y4, 2, &p, &f);
		s1 = save_str(f, &l1);
		ok(strstr(s1, "\ntree 3\nfeature 0 -1 -1\nthreshold 1.5\nleaf_nnz 1 1\n"
		    "leaf_class 0 1\nleaf_count 2 2\n") != NULL, "exact tree on 4 points");
		free(s1);
		x4[0] = 1.5;
		forest_predict_proba(f, x4, 1, P);
		ok(P[0] == 1 && P[1] == 0, "x == threshold goes left");
		forest_free(f);
	}

	/* float32: values closer than 1e-7 are one value; adjacent floats
	 * split at their midpoint computed in double */
	{
		double x2[2] = { 1e-8, 2e-8 };
		int y2[2] = { 0, 1 };

		forest_default_params(&p);
		p.n_trees = 1;
		p.bootstrap = 0;
		forest_fit(x2, 2, 1, y2, 2, &p, &f);
		ok(forest_node_count(f) == 1, "values within 1e-7 are not split");
		forest_importances(f, imp);
		ok(imp[0] == 0, "no split, no importance");
		forest_predict_proba(f, x2, 1, P);
		ok(P[0] == 0.5 && P[1] == 0.5, "mixed leaf gives class fractions");
		forest_free(f);
		x2[0] = 1.0;
		x2[1] = 1.0 + 0x1p-23;   /* adjacent floats: 1 + 1e-7f rounds up to x2[1] */
		forest_fit(x2, 2, 1, y2, 2, &p, &f);
		ok(forest_node_count(f) == 1, "adjacent floats near 1 count as one value (float32 rule)");
		forest_free(f);
		x2[0] = 16.0;
		x2[1] = 16.0 + 0x1p-19;  /* adjacent floats, 1.9e-6 apart */
		forest_fit(x2, 2, 1, y2, 2, &p, &f);
		s1 = save_str(f, &l1);
		/* the double midpoint 16.000000953674316 decides as 16 for floats */
		ok(forest_node_count(f) == 3 && strstr(s1, "threshold 16\n"),
		    "adjacent floats near 16 split at the midpoint, written as the float below it");
		forest_predict_proba(f, x2, 2, P);
		ok(P[0] == 1 && P[3] == 1, "each side of the midpoint");
		free(s1);
		forest_free(f);
	}

	/* degenerate data */
	{
		double xc[6 * 2] = { 1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5 };
		int yc[6] = { 0, 1, 0, 1, 2, 2 };

		forest_default_params(&p);
		p.n_trees = 5;
		ok(forest_fit(xc, 6, 2, yc, 3, &p, &f) == NULL, "constant features fit");
		ok(forest_node_count(f) == 5, "constant features: every tree is one leaf");
		forest_importances(f, imp);
		ok(imp[0] == 0 && imp[1] == 0, "constant features: importances all zero");
		forest_free(f);

		/* duplicate rows with different labels cannot be separated */
		xc[0] = 0;
		xc[2] = 0;  /* rows 0 and 1 equal (0,5), labels 0 and 1 */
		p.bootstrap = 0;
		p.n_trees = 1;
		forest_fit(xc, 6, 2, yc, 3, &p, &f);
		forest_predict_proba(f, xc, 1, P);
		ok(P[0] == 0.5 && P[1] == 0.5 && P[2] == 0, "duplicate rows: a mixed leaf");
		forest_free(f);
	}
	{
		int y1[N];

		for (i = 0; i < N; i++)
			y1[i] = y[i] == 2;
		forest_default_params(&p);
		p.n_trees = 10;
		forest_fit(X, N, D, y1, 2, &p, &f);
		ok(train_accuracy_perfect(f, X, y1, N, 2), "two classes learned perfectly");
		forest_free(f);
		for (i = 0; i < N; i++)
			y1[i] = 0;
		forest_fit(X, N, D, y1, 1, &p, &f);
		forest_predict_proba(f, X, 1, P);
		ok(P[0] == 1 && forest_node_count(f) == 10, "a single class: one leaf per tree");
		forest_free(f);
	}
	{
		double xs[N];
		int ys[N];

		for (i = 0; i < N; i++) {
			xs[i] = X[i * D];
			ys[i] = y[i];
		}
		forest_default_params(&p);
		p.n_trees = 5;
		p.nthreads = 2;
		forest_fit(xs, N, 1, ys, 3, &p, &f);
		ok(train_accuracy_perfect(f, xs, ys, N, 3), "single feature learned perfectly");
		forest_importances(f, imp);
		ok(imp[0] == 1, "single feature has all the importance");
		forest_free(f);
	}

	/* bad input */
	forest_default_params(&p);
	y[0] = 3;
	ok(forest_fit(X, N, D, y, 3, &p, &f) != NULL && !f, "class out of range rejected");
	y[0] = 0;
	X[5] = 1e300;
	ok(forest_fit(X, N, D, y, 3, &p, &f) != NULL, "value overflowing float32 rejected");
	X[5] = 0;
	p.min_samples_split = 1;
	ok(forest_fit(X, N, D, y, 3, &p, &f) != NULL, "min_samples_split 1 rejected");

	ok(threshold_roundtrip(1) == 0 && threshold_roundtrip(2) == 0,
	    "thresholds of every magnitude and sign decide the same after a reload");
	return tap_done();
}
