/* Unit tests for gbdt.c: gradient-boosted trees fitted by XGBoost, read
 * back and predicted by osfp, checked against XGBoost itself. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xgboost/c_api.h>

#include "learn/gbdt.h"
#include "learn/rng.h"
#include "base/numpy.h"
#include "tap.h"

enum { N = 600, D = 5, K = 3 };
static char *names[K] = { "a", "b", "c" };

/* Three overlapping classes: features 0 and 1 carry the class, with
 * noise, so that boosting has something to fit for many rounds; 2 to 4
 * are noise (4 is constant). */
static void
blobs(size_t n, double *X, int *y, uint64_t seed)
{
	struct rng r;
	size_t i;

	rng_seed(&r, seed);
	for (i = 0; i < n; i++) {
		int c = (int)(rng_below(&r, K));

		y[i] = c;
		X[i * D + 0] = c + 2.5 * rng_unif(&r);
		X[i * D + 1] = -0.5 * c + rng_unif(&r) * 2;
		X[i * D + 2] = rng_unif(&r);
		X[i * D + 3] = rng_unif(&r) * 1e6;
		X[i * D + 4] = 7;
	}
}

static char *
save_str(const struct gbdt *g, size_t *len)
{
	char *buf = NULL;
	FILE *m = open_memstream(&buf, len);

	gbdt_save(g, m);
	fclose(m);
	return buf;
}

static struct gbdt *
load_str(const char *s, size_t len, const char **err)
{
	static struct modelfile t;
	struct gbdt *g;

	modelfile_free(&t);
	modelfile_init(&t, s, len, "m.model");
	*err = gbdt_load(&t, D, K, &g);
	return g;
}

/* XGBoost's own predict() of the model's JSON on X, as floats */
static int
xgb_predict(const char *json, const double *X, size_t n, float *out)
{
	static float f[N * D];
	BoosterHandle b;
	DMatrixHandle dm;
	const bst_ulong *shape;
	bst_ulong dim;
	const float *P;
	size_t i;

	for (i = 0; i < n * D; i++)
		f[i] = (float)X[i];
	if (XGBoosterCreate(NULL, 0, &b) || XGBoosterLoadModelFromBuffer(b, json, strlen(json)) ||
	    XGDMatrixCreateFromMat(f, n, D, NAN, &dm))
		return -1;
	if (XGBoosterPredictFromDMatrix(b, dm, "{\"type\": 0, \"training\": false, "
	    "\"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}",
	    &shape, &dim, &P))
		return -1;
	memcpy(out, P, n * K * sizeof *out);
	XGDMatrixFree(dm);
	XGBoosterFree(b);
	return 0;
}

/* the JSON of the model text s (after "xgboost_json "), NUL-terminated */
static char *
json_of(const char *s)
{
	const char *j = strstr(s, "xgboost_json ") + 13;
	size_t n = strcspn(j, "\n");
	char *out = malloc(n + 1);

	memcpy(out, j, n);
	out[n] = '\0';
	return out;
}

/* the model text s with the first occurrence of from replaced by to; a
 * trailing '~' in to drops the array element that followed from */
static char *
edit(const char *s, const char *from, const char *to)
{
	const char *at = strstr(s, from), *rest = at + strlen(from);
	size_t a = (size_t)(at - s), tl = strlen(to);
	char *out = malloc(strlen(s) + tl + 1);

	if (tl && to[tl - 1] == '~') {
		rest += strcspn(rest, ",]") + 1;
		tl--;
	}
	memcpy(out, s, a);
	memcpy(out + a, to, tl);
	strcpy(out + a + tl, rest);
	return out;
}

static void
test_damaged(const char *s)
{
	static const struct { const char *from, *to, *why; } cases[] = {
		{ "\"left_children\":[1,", "\"left_children\":[0,", "a child before its node" },
		{ "\"left_children\":[1,", "\"left_children\":[100000,", "a child out of the tree" },
		{ "\"split_indices\":[", "\"split_indices\":[99,~", "a feature out of range" },
		{ "\"num_class\":\"3\"", "\"num_class\":\"4\"", "num_class not K" },
		{ "\"num_class\":\"3\",\"num_feature\":\"5\"",
		    "\"num_class\":\"3\",\"num_feature\":\"6\"", "num_feature not d" },
		{ "\"tree_info\":[0,", "\"tree_info\":[7,", "a tree's class out of range" },
		{ "\"base_score\":\"", "\"base_score\":\"x", "a bad base_score" },
		{ "multi:softprob", "multi:softmax", "another objective" },
		{ "gbdt_rounds ", "gbdt_rounds 1", "rounds that do not match" },
		{ "{\"learner\"", "[{\"learner\"", "not JSON" },
		{ "\"split_conditions\":[", "\"split_conditions\":[1e39,~", "a threshold over float" },
	};
	const char *err;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *bad = edit(s, cases[i].from, cases[i].to);
		struct gbdt *g = load_str(bad, strlen(bad), &err);

		ok(!g && err && strncmp(err, "'m.model': line ", 16) == 0,
		    "refused: %s: %s", cases[i].why, err ? err : "(loaded)");
		gbdt_free(g);
		free(bad);
	}
	/* huge leaves whose sum could overflow a float */
	{
		char *bad;
		struct gbdt *g;

		bad = edit(s, "\"base_score\":\"5E-1\"", "\"base_score\":\"3E38\"");
		g = load_str(bad, strlen(bad), &err);
		ok(g == NULL && err && strstr(err, "overflow"), "leaf sums that could overflow: %s",
		    err ? err : "(loaded)");
		gbdt_free(g);
		free(bad);
	}
}

int
main(void)
{
	static double X[N * D], V[N * D], P[N * K], P2[N * K];
	static float F[N * K];
	static int y[N], yv[N];
	struct gbdt_params p;
	struct gbdt *g, *h, *g1;
	const char *err;
	char *s1, *s2, *json;
	size_t l1, l2, i;
	double imp[D], sum = 0;
	int same = 1, right = 0;

	blobs(N, X, y, 1);
	blobs(N, V, yv, 2);
	gbdt_default_params(&p);
	p.rounds = 20;
	p.nthreads = 2;
	err = gbdt_fit(X, N, D, y, K, names, &p, &g);
	ok(err == NULL && g, "fit 20 rounds: %s", err ? err : "ok");
	if (!g)
		return tap_done();
	ok(gbdt_rounds(g) == 20 && isnan(gbdt_valid_loss(g)), "20 rounds, no validation");
	gbdt_predict_proba(g, X, N, P);
	for (i = 0; i < N; i++)
		right += (int)numpy_argmax(P + i * K, K) == y[i];
	ok(right > N * 8 / 10, "fits its training rows: %d of %d", right, N);

	/* osfp's predictions are XGBoost's, to the bit */
	s1 = save_str(g, &l1);
	json = json_of(s1);
	ok(xgb_predict(json, V, N, F) == 0, "xgboost loads the saved JSON and predicts");
	gbdt_predict_proba(g, V, N, P);
	for (i = 0; i < N * K; i++)
		same &= P[i] == (double)F[i];
	ok(same, "probabilities equal xgboost's predict() bit for bit");

	/* the gain importances are XGBoost's get_score("gain"), normalised */
	{
		BoosterHandle b;
		bst_ulong nf = 0, dim;
		const char **feat;
		const bst_ulong *shape;
		const float *sc;
		double x[D] = { 0 }, xs = 0;
		int close = 1;

		ok(XGBoosterCreate(NULL, 0, &b) == 0 &&
		    XGBoosterLoadModelFromBuffer(b, json, strlen(json)) == 0 &&
		    XGBoosterFeatureScore(b, "{\"importance_type\": \"gain\"}", &nf, &feat, &dim,
		    &shape, &sc) == 0, "xgboost's feature scores");
		for (i = 0; i < nf; i++) {
			int j = atoi(feat[i] + 1);

			x[j] = sc[i];
			xs += sc[i];
		}
		XGBoosterFree(b);
		gbdt_importances(g, imp);
		for (i = 0; i < D; i++) {
			sum += imp[i];
			close &= fabs(imp[i] - x[i] / xs) < 1e-5;
		}
		ok(close && fabs(sum - 1) < 1e-12 && imp[4] == 0,
		    "importances: xgboost's gain normalised, constant feature 0 (%g %g %g %g %g)",
		    imp[0], imp[1], imp[2], imp[3], imp[4]);
	}

	/* save, load, save: the same text; the reload predicts the same */
	h = load_str(s1, l1, &err);
	ok(h != NULL, "reload: %s", err ? err : "ok");
	if (h) {
		s2 = save_str(h, &l2);
		ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "saved again: identical text");
		gbdt_predict_proba(h, V, N, P2);
		ok(memcmp(P, P2, sizeof P) == 0, "the reloaded model predicts the same");
		free(s2);
		gbdt_free(h);
	}
	test_damaged(s1);

	/* one thread or two: the same model */
	p.nthreads = 1;
	ok(gbdt_fit(X, N, D, y, K, names, &p, &g1) == NULL, "fit on one thread");
	s2 = save_str(g1, &l2);
	ok(l1 == l2 && memcmp(s1, s2, l1) == 0, "one thread or two: the same model");
	free(s2);
	gbdt_free(g1);

	/* balanced class weights: a rare class is predicted more often */
	{
		static double R[N * D];
		static int yr[N];
		size_t nr = 0, j;
		int rare[2] = { 0, 0 }, bal;

		for (i = 0; i < N; i++)
			if (y[i] != 2 || i % 10 == 0) {
				memcpy(R + nr * D, X + i * D, D * sizeof *R);
				yr[nr++] = y[i];
			}
		for (bal = 0; bal < 2; bal++) {
			p.balanced = bal;
			ok(gbdt_fit(R, nr, D, yr, K, names, &p, &g1) == NULL, "fit, balanced %d", bal);
			gbdt_predict_proba(g1, V, N, P2);
			for (j = 0; j < N; j++)
				rare[bal] += (int)numpy_argmax(P2 + j * K, K) == 2;
			gbdt_free(g1);
		}
		ok(rare[1] > rare[0], "balanced weights predict the rare class more: %d > %d rows",
		    rare[1], rare[0]);
		p.balanced = 1;
	}

	/* early stopping on a validation set, and on a held-out fraction */
	p.rounds = 500;
	p.eta = 0.5;
	p.early_stop = 5;
	p.Xvalid = V;
	p.yvalid = yv;
	p.nvalid = N;
	err = gbdt_fit(X, N, D, y, K, names, &p, &g1);
	ok(!err && gbdt_rounds(g1) < 100 && gbdt_valid_loss(g1) > 0,
	    "early stopping keeps the best round: %d, loss %g", gbdt_rounds(g1),
	    gbdt_valid_loss(g1));
	gbdt_free(g1);
	p.Xvalid = NULL;
	p.valid_fraction = 0.2;
	err = gbdt_fit(X, N, D, y, K, names, &p, &g1);
	ok(!err && gbdt_rounds(g1) < 100, "early stopping on a stratified 20%%: %d rounds",
	    gbdt_rounds(g1));
	gbdt_free(g1);
	y[0] = 2;
	for (i = 1; i < N; i++)
		y[i] = i % 2;
	err = gbdt_fit(X, N, D, y, K, names, &p, &g1);
	ok(err && strstr(err, "'c' has only 1 row"), "a class too small to hold out: %s",
	    err ? err : "(fitted)");

	/* bad parameters */
	p.early_stop = 0;
	p.subsample = 0;
	ok(gbdt_fit(X, N, D, y, K, names, &p, &g1) != NULL, "subsample 0 refused");

	free(json);
	free(s1);
	gbdt_free(g);
	return tap_done();
}
