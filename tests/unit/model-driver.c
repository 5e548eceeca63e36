/* model-driver.c: fit and score the mlp and rf models straight from the
 * library, independently of osfp-train/osfp-eval, for parity and speed
 * checks (scripts/parity-models, scripts/bench-models).
 *
 *   model-driver mlp|rf SEED THREADS all.csv train-idx.txt test-idx.txt
 *   model-driver mlp|rf SEED THREADS train.csv test.csv
 *
 * Index files hold 0-based data-row numbers, one a line. The mlp is fitted
 * on StandardScaler-scaled features (fitted on the training rows), the rf on
 * raw ones, as in the notebook. Prints "model seed metrics_balanced_accuracy
 * fit_seconds fit_cpu_seconds n_iter (mlp: epochs; rf: nodes)". Not a TAP test: the Makefile does not build it; build
 * with `make units` first, then
 *   cc -O2 -Ilibcommon tests/unit/model-driver.c BUILD/libcommon.a -lopenblas -lcsv -lm -lpthread */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "table/dataset.h"
#include "learn/forest.h"
#include "learn/mlp.h"
#include "learn/scaler.h"
#include "base/util.h"

static size_t *
read_idx(const char *path, size_t *n, size_t max)
{
	FILE *f = fopen(path, "r");
	size_t cap = 1024, *v = emalloc(cap * sizeof *v);
	unsigned long x;

	if (!f)
		eprintf("%s:", path);
	*n = 0;
	while (fscanf(f, "%lu", &x) == 1) {
		if (x >= max)
			eprintf("%s: index %lu out of range", path, x);
		if (*n == cap)
			v = erealloc(v, (cap *= 2) * sizeof *v);
		v[(*n)++] = x;
	}
	fclose(f);
	return v;
}

static void
load(const char *path, struct dataset *ds, char *const *classes, int K)
{
	struct dataset_opts o;
	FILE *f = fopen(path, "r");

	if (!f)
		eprintf("%s:", path);
	memset(&o, 0, sizeof o);
	o.need_label = 1;
	o.classes = classes;
	o.nclasses = K;
	if (dataset_load(ds, f, path, &o) < 0)
		eprintf("%s", ds->err);
	fclose(f);
}

static void
take(const struct dataset *ds, const size_t *idx, size_t m, double *X, int *y)
{
	size_t i;

	for (i = 0; i < m; i++) {
		memcpy(X + i * ds->d, ds->X + idx[i] * ds->d, ds->d * sizeof *X);
		y[i] = ds->y[idx[i]];
	}
}

/* sklearn's balanced_accuracy_score: mean recall over the classes present
 * in y_true. */
static double
metrics_balanced_accuracy(const int *yt, const int *yp, size_t n, int K)
{
	size_t *tot = ecalloc((size_t)K, sizeof *tot), *hit = ecalloc((size_t)K, sizeof *hit), i;
	double s = 0;
	int k, present = 0;

	for (i = 0; i < n; i++) {
		tot[yt[i]]++;
		hit[yt[i]] += yt[i] == yp[i];
	}
	for (k = 0; k < K; k++)
		if (tot[k]) {
			s += (double)hit[k] / (double)tot[k];
			present++;
		}
	free(tot);
	free(hit);
	return s / present;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
	struct dataset all, te;
	double *Xtr, *Xte, *P, t0, t1, c0, c1;
	int *ytr, *yte, *pred, K, n_iter = 0;
	size_t ntr, nte, i, d;
	const char *model, *err;
	uint64_t seed;
	int threads;

	osfp_init(argv);
	if (argc != 6 && argc != 7)
		uprintf("usage: model-driver mlp|rf SEED THREADS all.csv train-idx test-idx\n"
		    "       model-driver mlp|rf SEED THREADS train.csv test.csv");
	model = argv[1];
	seed = strtoull(argv[2], NULL, 10);
	threads = atoi(argv[3]);
	load(argv[4], &all, NULL, 0);
	d = all.d;
	K = all.K;
	if (argc == 7) {
		size_t *tri = read_idx(argv[5], &ntr, all.n), *tei = read_idx(argv[6], &nte, all.n);

		Xtr = emalloc(ntr * d * sizeof *Xtr);
		ytr = emalloc(ntr * sizeof *ytr);
		Xte = emalloc(nte * d * sizeof *Xte);
		yte = emalloc(nte * sizeof *yte);
		take(&all, tri, ntr, Xtr, ytr);
		take(&all, tei, nte, Xte, yte);
		free(tri);
		free(tei);
	} else {
		load(argv[5], &te, all.classes, all.K);
		ntr = all.n;
		nte = te.n;
		Xtr = all.X;
		ytr = all.y;
		all.X = NULL;
		all.y = NULL;
		Xte = te.X;
		yte = te.y;
		te.X = NULL;
		te.y = NULL;
		dataset_free(&te);
	}
	P = emalloc(nte * (size_t)K * sizeof *P);
	pred = emalloc(nte * sizeof *pred);
	if (strcmp(model, "mlp") == 0) {
		struct scaler sc;
		struct mlp_params p;
		struct mlp *m;

		scaler_fit(&sc, Xtr, ntr, d);
		scaler_apply(&sc, Xtr, ntr);
		scaler_apply(&sc, Xte, nte);
		scaler_free(&sc);
		mlp_default_params(&p);
		p.seed = seed;
		p.nthreads = threads;
		t0 = now();
		c0 = cpu();
		if ((err = mlp_fit(Xtr, ntr, d, ytr, K, &p, &m)))
			eprintf("%s", err);
		t1 = now();
		c1 = cpu();
		n_iter = mlp_n_iter(m);
		mlp_predict_proba(m, Xte, nte, P);
		mlp_free(m);
	} else if (strcmp(model, "rf") == 0) {
		struct forest_params p;
		struct forest *f;

		forest_default_params(&p);
		p.seed = seed;
		p.nthreads = threads;
		t0 = now();
		c0 = cpu();
		if ((err = forest_fit(Xtr, ntr, d, ytr, K, &p, &f)))
			eprintf("%s", err);
		t1 = now();
		c1 = cpu();
		n_iter = (int)forest_node_count(f);
		forest_predict_proba(f, Xte, nte, P);
		forest_free(f);
	} else
		uprintf("unknown model '%s'", model);
	for (i = 0; i < nte; i++) {
		int k, b = 0;

		for (k = 1; k < K; k++)
			if (P[i * K + k] > P[i * K + b])
				b = k;
		pred[i] = b;
	}
	printf("%s %llu %.4f %.3f %.3f %d\n", model, (unsigned long long)seed,
	    metrics_balanced_accuracy(yte, pred, nte, K), t1 - t0, c1 - c0, n_iter);
	free(Xtr);
	free(ytr);
	free(Xte);
	free(yte);
	free(P);
	free(pred);
	dataset_free(&all);
	return 0;
}
