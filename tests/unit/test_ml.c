/* Unit tests for the split, dataset, scaler, metrics, linear and model
 * code: numpy's generator, sklearn's _approximate_mode and metrics, and a
 * bit-exact model file round trip. Expected values come from numpy 1.24 /
 * sklearn 1.2.1. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "table/dataset.h"
#include "learn/linear.h"
#include "learn/metrics.h"
#include "learn/model.h"
#include "learn/mt19937.h"
#include "learn/scaler.h"
#include "learn/ttsplit.h"
#include "tap.h"

static void
test_mt19937(void)
{
	static const size_t perm42[10] = { 8, 1, 5, 0, 7, 2, 9, 4, 3, 6 };
	struct mt19937 m;
	size_t p[70000];

	mt19937_seed(&m, 0);
	ok(mt19937_u32(&m) == 2357136044U && mt19937_u32(&m) == 2546248239U &&
	    mt19937_u32(&m) == 3071714933U, "RandomState(0): first three 32-bit draws");
	mt19937_seed(&m, 42);
	mt19937_permutation(&m, p, 10);
	ok(memcmp(p, perm42, sizeof perm42) == 0, "RandomState(42).permutation(10)");
	mt19937_seed(&m, 42);
	ok(mt19937_double(&m) == 0.3745401188473625, "RandomState(42).random_sample()");
	mt19937_seed(&m, 7);
	mt19937_permutation(&m, p, 1000);
	ok(p[0] == 778 && p[1] == 334 && p[2] == 271 && p[3] == 802 && p[4] == 216,
	    "RandomState(7).permutation(1000)[:5]");
	mt19937_permutation(&m, p, 70000);
	ok(p[69997] == 28452 && p[69998] == 4694 && p[69999] == 46745,
	    "then permutation(70000)[-3:] (draws past one refill)");
}

static int
mode_is(const size_t *counts, int K, size_t nd, uint32_t seed, const size_t *want)
{
	struct mt19937 m;
	size_t out[8];

	mt19937_seed(&m, seed);
	ttsplit_approximate_mode(counts, K, nd, &m, out);
	return memcmp(out, want, (size_t)K * sizeof *out) == 0;
}

static void
test_approximate_mode(void)
{
	/* the examples of sklearn's own docstring */
	ok(mode_is((size_t[]){ 4, 2 }, 2, 3, 0, (size_t[]){ 2, 1 }), "mode([4,2], 3)");
	ok(mode_is((size_t[]){ 5, 2 }, 2, 4, 0, (size_t[]){ 3, 1 }), "mode([5,2], 4)");
	ok(mode_is((size_t[]){ 2, 2, 2, 1 }, 4, 2, 0, (size_t[]){ 0, 1, 1, 0 }),
	    "mode([2,2,2,1], 2, rng=0)");
	ok(mode_is((size_t[]){ 2, 2, 2, 1 }, 4, 2, 42, (size_t[]){ 1, 1, 0, 0 }),
	    "mode([2,2,2,1], 2, rng=42)");
}

static void
test_split(void)
{
	/* counts [600, 398, 2]: the last class gets no test row (spec 1.2) */
	int *y = malloc(1000 * sizeof *y), i, nt2 = 0;
	char *names[] = { "a", "b", "c" }, err[256] = "";
	struct ttsplit s;
	size_t j;

	for (i = 0; i < 1000; i++)
		y[i] = i < 600 ? 0 : i < 998 ? 1 : 2;
	ok(ttsplit_stratified(y, 1000, 3, names, 0.2, 42, &s, err, sizeof err) == 0 &&
	    s.ntrain == 800 && s.ntest == 200, "stratified 800 / 200");
	for (j = 0; j < s.ntest; j++)
		nt2 += y[s.test[j]] == 2;
	ok(nt2 == 0, "a class of 2 rows can get no test row");
	ttsplit_free(&s);
	y[999] = 1;
	ok(ttsplit_stratified(y, 1000, 3, names, 0.2, 42, &s, err, sizeof err) < 0 &&
	    strstr(err, "class 'c' has only 1 row"), "a class of one row is refused: %s", err);
	ok(ttsplit_sizes(10, 1.5, &j, &j, err, sizeof err) < 0, "test size 1.5 is refused");
	ok(ttsplit_sizes(10, 0.99, &j, &j, err, sizeof err) < 0, "an empty train side is refused");
	free(y);
}

static void
test_labels(void)
{
	char *labels[] = { "b", "10", "9", "b", "a", "10" }, **cls;
	int y[6], K = dataset_label_encode(labels, 6, y, &cls);

	ok(K == 4 && !strcmp(cls[0], "10") && !strcmp(cls[1], "9") && !strcmp(cls[2], "a") &&
	    !strcmp(cls[3], "b"), "classes sorted by bytes, as np.unique of strings");
	ok(y[0] == 3 && y[1] == 0 && y[2] == 1 && y[5] == 0, "labels encoded");
	ok(dataset_class_index(cls, K, "a") == 2 && dataset_class_index(cls, K, "c") < 0, "dataset_class_index");
	dataset_free_strings(cls, (size_t)K);
}

static int
load_str(struct dataset *ds, const char *text, const struct dataset_opts *o)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc = dataset_load(ds, f, "t.csv", o);

	fclose(f);
	return rc;
}

static void
test_dataset(void)
{
	static char *feat[] = { "x", "y" }, *cls[] = { "a", "b" };
	struct dataset_opts o = { 0 };
	struct dataset ds;

	o.need_label = 1;
	ok(load_str(&ds, "flow,y,label,x,host\n0,2,b,1,h1\n1,4,a,3,h2\n", &o) < 0 &&
	    strstr(ds.err, "column 'host': not a finite number"), "a text column: %s", ds.err);
	o.ignore = "host,other";
	ok(load_str(&ds, "flow,y,label,x,host\n0,2,b,1,h1\n1,4,a,3,h2\n", &o) == 0 &&
	    ds.n == 2 && ds.d == 2 && !strcmp(ds.features[0], "y") && ds.X[1] == 1 &&
	    ds.y[0] == 1 && ds.K == 2, "identifiers and --ignore skipped, features in input order");
	dataset_free(&ds);
	o.features = feat;
	o.nfeatures = 2;
	o.classes = cls;
	o.nclasses = 2;
	o.keep_ids = 1;
	ok(load_str(&ds, "flow,y,label,x,host\n0,2,b,1,h1\n1,4,a,3,h2\n", &o) == 0 &&
	    ds.X[0] == 1 && ds.X[1] == 2 && ds.X[2] == 3 && ds.y[1] == 0,
	    "features matched by name to the model's order");
	ok(ds.nid == 3 && !strcmp(ds.idnames[2], "host") && !strcmp(ds.ids[5], "h2"),
	    "identifier columns kept in input order");
	dataset_free(&ds);
	ok(load_str(&ds, "y,label,x\n2,c,1\n", &o) < 0 &&
	    strstr(ds.err, "line 2: label 'c' is not one of the model's 2 classes"),
	    "an unseen label: %s", ds.err);
	ok(load_str(&ds, "y,label,x,z\n2,a,1,0\n", &o) < 0 &&
	    strstr(ds.err, "column 'z' is not one of the model's 2 features"), "an extra feature");
}

static void
test_scaler_metrics(void)
{
	double X[] = { 1, 5, 2, 5, 3, 5, 4, 5 };
	struct scaler s;
	int yt[] = { 0, 0, 1, 1 }, yp[] = { 0, 2, 1, 1 };
	size_t *C;

	scaler_fit(&s, X, 4, 2);
	ok(s.mean[0] == 2.5 && s.scale[0] == sqrt(1.25), "population standard deviation");
	ok(s.mean[1] == 5 && s.scale[1] == 1, "a constant feature gets scale 1");
	scaler_apply(&s, X, 4);
	ok(X[1] == 0 && X[0] == -1.5 / sqrt(1.25), "transform");
	scaler_free(&s);
	C = metrics_confusion(yt, yp, 4, 3);
	ok(metrics_balanced_accuracy(C, 3) == 0.75, "a class only predicted is dropped (0.75)");
	free(C);
}

static void
test_model_roundtrip(void)
{
	/* two separable blobs; logistic, saved and loaded bit for bit */
	double X[40], X2[40], P1[40], P2[40];
	int y[20], p1[20], p2[20], i;
	struct model m = { 0 }, m2;
	struct model_hyper h;
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f;

	for (i = 0; i < 20; i++) {
		y[i] = i % 2;
		X[2 * i] = y[i] * 2.0 + 0.1 * (i % 5);
		X[2 * i + 1] = (i % 7) * 0.3 - y[i];
	}
	memcpy(X2, X, sizeof X);
	model_hyper_defaults(&h);
	m.kind = MODEL_LOGISTIC;
	m.K = 2;
	m.classes = malloc(2 * sizeof *m.classes);
	m.classes[0] = strdup("has space");
	m.classes[1] = strdup("z%");
	m.d = 2;
	m.features = malloc(2 * sizeof *m.features);
	m.features[0] = strdup("f0");
	m.features[1] = strdup("f1");
	ok(model_fit(&m, X, 20, y, &h) == NULL, "fit a binary logistic model");
	f = open_memstream(&buf, &len);
	model_save(&m, f);
	fclose(f);
	ok(model_load(&m2, buf, len, "mem", err, sizeof err) == 0, "load it back: %s", err);
	ok(!strcmp(m2.classes[0], "has space") && !strcmp(m2.classes[1], "z%"),
	    "class names survive escaping");
	memcpy(X, X2, sizeof X);
	model_predict(&m, X, 20, p1, P1);
	model_predict(&m2, X2, 20, p2, P2);
	ok(!memcmp(p1, p2, sizeof p1) && !memcmp(P1, P2, sizeof P1),
	    "identical predictions and probabilities after the round trip");
	model_free(&m2);
	ok(model_load(&m2, buf, len / 2, "half", err, sizeof err) < 0 && strstr(err, "'half'"),
	    "a truncated file is refused: %s", err);
	free(buf);
	model_free(&m);
}

/* The objective written out with libm: sum of logsumexp(z) - z_y plus
 * 0.5/C ||W||^2. */
static double
lr_objective(const struct linear *m, const double *X, const int *y, size_t n, double C)
{
	double f = 0, pen = 0;
	size_t i, j;
	int k;

	for (i = 0; i < n; i++) {
		double z[16], mx = -INFINITY, s = 0;

		for (k = 0; k < m->rows; k++) {
			z[k] = m->b[k];
			for (j = 0; j < m->d; j++)
				z[k] += X[i * m->d + j] * m->W[(size_t)k * m->d + j];
			mx = z[k] > mx ? z[k] : mx;
		}
		for (k = 0; k < m->rows; k++)
			s += exp(z[k] - mx);
		f += log(s) + mx - z[y[i]];
	}
	for (i = 0; i < (size_t)m->rows * m->d; i++)
		pen += m->W[i] * m->W[i];
	return f + 0.5 / C * pen;
}

/* Multinomial logistic regression: the same model whatever the number of
 * threads and whichever kernels (AVX2 or plain) ran, and its objective as
 * written out with libm. */
static void
test_logistic_paths(void)
{
	enum { N = 1100, D = 7, K = 6 };
	static double X[N * D];
	static int y[N];
	struct linear *a, *b, *c;
	uint32_t s = 12345;
	size_t i;
	double fo;

	for (i = 0; i < N * D; i++) {
		s = s * 1103515245u + 12345u;
		X[i] = (double)(s >> 8) / (1 << 24) * 4 - 2;
	}
	for (i = 0; i < N; i++)
		y[i] = (int)((X[i * D] > 0) + 2 * (X[i * D + 1] > 0.5) + (X[i * D + 2] > 1.5)) % K;
	ok(linear_fit_logistic(X, N, D, y, K, 1.0, 100, 1, &a) == NULL, "multinomial fit");
	linear_fit_logistic(X, N, D, y, K, 1.0, 100, 3, &b);
	setenv("OSFP_NO_AVX2", "1", 1);
	linear_fit_logistic(X, N, D, y, K, 1.0, 100, 2, &c);
	unsetenv("OSFP_NO_AVX2");
	ok(!memcmp(a->W, b->W, K * D * sizeof *a->W) && !memcmp(a->b, b->b, K * sizeof *a->b) &&
	    a->loss == b->loss, "three threads: the same model bit for bit");
	ok(!memcmp(a->W, c->W, K * D * sizeof *a->W) && !memcmp(a->b, c->b, K * sizeof *a->b) &&
	    a->loss == c->loss, "without the AVX2 kernels: the same model bit for bit");
	fo = lr_objective(a, X, y, N, 1.0);
	ok(fabs(a->loss - fo) <= 1e-12 * fo, "objective as libm computes it (%.17g vs %.17g)",
	    a->loss, fo);
	linear_free(a);
	linear_free(b);
	linear_free(c);
}

int
main(void)
{
	test_logistic_paths();
	test_mt19937();
	test_approximate_mode();
	test_split();
	test_labels();
	test_dataset();
	test_scaler_metrics();
	test_model_roundtrip();
	return tap_done();
}
