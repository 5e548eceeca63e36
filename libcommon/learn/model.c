#include "learn/model.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "table/dataset.h"
#include "base/msg.h"
#include "base/numpy.h"
#include "base/num.h"
#include "base/util.h"

static const char *const kind_names[] = { "ridge", "logistic", "mlp", "rf", "gbdt" };

const char *
model_kind_name(enum model_kind k)
{
	return kind_names[k];
}

int
model_kind_parse(const char *s, enum model_kind *k)
{
	int i;

	for (i = 0; i < (int)(sizeof kind_names / sizeof *kind_names); i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum model_kind)i;
			return 0;
		}
	return -1;
}

void
model_hyper_defaults(struct model_hyper *h)
{
	memset(h, 0, sizeof *h);
	h->alpha = 1.0;
	h->C = 1.0;
	h->max_iter = 500;
	mlp_default_params(&h->mlp);
	forest_default_params(&h->rf);
	gbdt_default_params(&h->gbdt);
	h->scale = -1;
	h->seed = 42;
	h->nthreads = 1;
}

/* The hyperparameters line, as text (informational in the file). */
static char *
hyper_text(enum model_kind k, const struct model_hyper *h)
{
	char buf[512];

	switch (k) {
	case MODEL_RIDGE:
		snprintf(buf, sizeof buf, "alpha=%.17g solver=cholesky", h->alpha);
		break;
	case MODEL_LOGISTIC:
		snprintf(buf, sizeof buf, "C=%.17g max_iter=%d solver=lbfgs", h->C, h->max_iter);
		break;
	case MODEL_MLP:
		snprintf(buf, sizeof buf, "hidden=%zu alpha=%.17g lr=%.17g tol=%.17g max_iter=%d"
		    " n_iter_no_change=%d batch=%zu solver=adam", h->mlp.hidden, h->mlp.alpha,
		    h->mlp.lr, h->mlp.tol, h->mlp.max_iter, h->mlp.n_iter_no_change, h->mlp.batch);
		break;
	case MODEL_RF:
		snprintf(buf, sizeof buf, "trees=%d max_features=%d min_samples_split=%d"
		    " min_samples_leaf=%d max_depth=%d bootstrap=%d", h->rf.n_trees,
		    h->rf.max_features, h->rf.min_samples_split, h->rf.min_samples_leaf,
		    h->rf.max_depth, h->rf.bootstrap);
		break;
	case MODEL_GBDT:
		snprintf(buf, sizeof buf, "rounds=%d eta=%.17g max_depth=%d min_child_weight=%.17g"
		    " subsample=%.17g colsample=%.17g lambda=%.17g max_bin=%d class_weight=%s"
		    " early_stop=%d%s%.17g tree_method=hist objective=multi:softprob",
		    h->gbdt.rounds, h->gbdt.eta, h->gbdt.max_depth, h->gbdt.min_child_weight,
		    h->gbdt.subsample, h->gbdt.colsample, h->gbdt.lambda, h->gbdt.max_bin,
		    h->gbdt.balanced ? "balanced" : "none", h->gbdt.early_stop,
		    h->gbdt.Xvalid ? " valid_rows=" : " valid_fraction=",
		    h->gbdt.Xvalid ? (double)h->gbdt.nvalid : h->gbdt.valid_fraction);
		break;
	}
	return estrdup(buf);
}

const char *
model_fit(struct model *m, double *X, size_t n, const int *y, const struct model_hyper *h)
{
	struct mlp_params mp = h->mlp;
	struct forest_params fp = h->rf;
	struct gbdt_params gp = h->gbdt;
	double *Xv = NULL;
	const char *e;

	/* the notebook scales for the linear models and the MLP, not for RF;
	 * trees do not need it */
	m->scaled = h->scale >= 0 ? h->scale : m->kind != MODEL_RF && m->kind != MODEL_GBDT;
	m->seed = h->seed;
	m->hyper = hyper_text(m->kind, h);
	if (m->scaled) {
		scaler_fit(&m->sc, X, n, m->d);
		scaler_apply(&m->sc, X, n);
	}
	switch (m->kind) {
	case MODEL_RIDGE:
		return linear_fit_ridge(X, n, m->d, y, m->K, h->alpha, &m->lin);
	case MODEL_LOGISTIC:
		return linear_fit_logistic(X, n, m->d, y, m->K, h->C, h->max_iter, h->nthreads, &m->lin);
	case MODEL_MLP:
		mp.seed = h->seed;
		mp.nthreads = h->nthreads;
		return mlp_fit(X, n, m->d, y, m->K, &mp, &m->mlp);
	case MODEL_RF:
		fp.seed = h->seed;
		fp.nthreads = h->nthreads;
		return forest_fit(X, n, m->d, y, m->K, &fp, &m->rf);
	case MODEL_GBDT:
		gp.seed = h->seed;
		gp.nthreads = h->nthreads;
		if (m->scaled && gp.Xvalid) {
			Xv = emalloc((gp.nvalid ? gp.nvalid : 1) * m->d * sizeof *Xv);
			memcpy(Xv, gp.Xvalid, gp.nvalid * m->d * sizeof *Xv);
			scaler_apply(&m->sc, Xv, gp.nvalid);
			gp.Xvalid = Xv;
		}
		e = gbdt_fit(X, n, m->d, y, m->K, m->classes, &gp, &m->gbdt);
		free(Xv);
		return e;
	}
	return "unknown model kind";
}

int
model_has_proba(const struct model *m)
{
	return m->kind != MODEL_RIDGE;
}

int
model_importances(const struct model *m, double *imp)
{
	if (m->kind == MODEL_RF)
		forest_importances(m->rf, imp);
	else if (m->kind == MODEL_GBDT)
		gbdt_importances(m->gbdt, imp);
	else
		return -1;
	return 0;
}

void
model_predict(const struct model *m, double *X, size_t n, int *pred, double *out)
{
	size_t K = (size_t)m->K, i;
	double *P = out ? out : emalloc((n ? n : 1) * K * sizeof *P);

	if (m->scaled)
		scaler_apply(&m->sc, X, n);
	switch (m->kind) {
	case MODEL_RIDGE:
	case MODEL_LOGISTIC: {
		double *S = emalloc((n ? n : 1) * (size_t)m->lin->rows * sizeof *S);

		linear_scores(m->lin, X, n, S);
		linear_predict(m->lin, S, n, pred);
		if (m->kind == MODEL_LOGISTIC)
			linear_proba(m->lin, S, n, P);
		else if (m->lin->rows == 1)
			for (i = 0; i < n; i++) {
				P[2 * i] = -S[i];
				P[2 * i + 1] = S[i];
			}
		else
			memcpy(P, S, n * K * sizeof *P);
		free(S);
		break;
	}
	case MODEL_MLP:
	case MODEL_RF:
	case MODEL_GBDT:
		if (m->kind == MODEL_MLP)
			mlp_predict_proba(m->mlp, X, n, P);
		else if (m->kind == MODEL_RF)
			forest_predict_proba(m->rf, X, n, P);
		else
			gbdt_predict_proba(m->gbdt, X, n, P);
		for (i = 0; i < n; i++)
			pred[i] = (int)numpy_argmax(P + i * K, K);
		break;
	}
	if (!out)
		free(P);
}

void
model_save(const struct model *m, FILE *f)
{
	long v;
	size_t i;

	v = MODEL_FORMAT_VERSION;
	modelfile_put_longs(f, "osfp-model", &v, 1);
	fprintf(f, "kind %s\n", model_kind_name(m->kind));
	if (m->extraction)
		fputs(m->extraction, f);
	v = m->K;
	modelfile_put_longs(f, "classes", &v, 1);
	for (i = 0; i < (size_t)m->K; i++)
		modelfile_put_text(f, "class", m->classes[i]);
	v = (long)m->d;
	modelfile_put_longs(f, "features", &v, 1);
	for (i = 0; i < m->d; i++)
		modelfile_put_text(f, "feature", m->features[i]);
	if (m->scaled) {
		fputs("scaler standard\n", f);
		modelfile_put_doubles(f, "mean", m->sc.mean, m->d);
		modelfile_put_doubles(f, "scale", m->sc.scale, m->d);
	} else
		fputs("scaler none\n", f);
	/* plain words (key=value ...), written by hyper_text: no escaping */
	fprintf(f, "hyperparameters %s\n", m->hyper ? m->hyper : "");
	v = (long)m->seed;
	modelfile_put_longs(f, "seed", &v, 1);
	switch (m->kind) {
	case MODEL_RIDGE:
	case MODEL_LOGISTIC:
		linear_save(m->lin, f);
		break;
	case MODEL_MLP:
		mlp_save(m->mlp, f);
		break;
	case MODEL_RF:
		forest_save(m->rf, f);
		break;
	case MODEL_GBDT:
		gbdt_save(m->gbdt, f);
		break;
	}
	fputs("end\n", f);
}

static int
load_err(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
	return -1;
}

/* The "extraction ..." lines after kind, kept as they are (one space
 * after the word; what follows is checked where they are read). */
static int
load_extraction(struct modelfile *t, struct model *m)
{
	size_t len = 0, n;
	char *rest;

	while (modelfile_next_is(t, "extraction")) {
		if (modelfile_key(t, "extraction", &rest) < 0)
			return -1;
		if (!*rest)
			return modelfile_fail(t, "'extraction' without a parameter");
		n = strlen(rest);
		m->extraction = erealloc(m->extraction, len + n + sizeof "extraction \n");
		len += (size_t)sprintf(m->extraction + len, "extraction %s\n", rest);
	}
	return 0;
}

int
model_load(struct model *m, const char *buf, size_t len, const char *name, char *err,
    size_t errsz)
{
	struct modelfile t;
	char word[64], *rest;
	const char *e = NULL;
	long v;
	size_t i;

	memset(m, 0, sizeof *m);
	modelfile_init(&t, buf, len, name);
	if (modelfile_key(&t, "osfp-model", &rest) < 0) {
		modelfile_fail(&t, "not an osfp model file (no 'osfp-model' version line) nor a p0f"
		    " fingerprint file (; comments, [sections], name = value lines)");
		goto bad;
	}
	if (num_parse_long(rest, 1, LONG_MAX, &v) < 0) {
		modelfile_fail(&t, "bad model format version '%s'", rest);
		goto bad;
	}
	if (v != MODEL_FORMAT_VERSION) {
		modelfile_fail(&t, "model format version %ld is newer than this program reads (%d)",
		    v, MODEL_FORMAT_VERSION);
		goto bad;
	}
	if (modelfile_word(&t, "kind", word, sizeof word) < 0)
		goto bad;
	if (model_kind_parse(word, &m->kind) < 0) {
		modelfile_fail(&t, "unknown model kind '%s' (ridge, logistic, mlp, rf or gbdt)", word);
		goto bad;
	}
	if (load_extraction(&t, m) < 0)
		goto bad;
	if (modelfile_long(&t, "classes", 2, 1000000, &v) < 0)
		goto bad;
	m->classes = ecalloc((size_t)v, sizeof *m->classes);
	for (m->K = 0; m->K < (int)v; m->K++) {
		if (modelfile_text(&t, "class", &m->classes[m->K]) < 0)
			goto bad;
		if (m->K > 0 && strcmp(m->classes[m->K - 1], m->classes[m->K]) >= 0) {
			m->K++;
			modelfile_fail(&t, "classes are not sorted and distinct");
			goto bad;
		}
	}
	if (modelfile_long(&t, "features", 1, 100000000, &v) < 0)
		goto bad;
	m->features = ecalloc((size_t)v, sizeof *m->features);
	for (m->d = 0; m->d < (size_t)v; m->d++)
		if (modelfile_text(&t, "feature", &m->features[m->d]) < 0)
			goto bad;
	if (modelfile_word(&t, "scaler", word, sizeof word) < 0)
		goto bad;
	if (strcmp(word, "standard") == 0) {
		m->scaled = 1;
		m->sc.d = m->d;
		m->sc.mean = emalloc(m->d * sizeof *m->sc.mean);
		m->sc.scale = emalloc(m->d * sizeof *m->sc.scale);
		if (modelfile_doubles(&t, "mean", m->sc.mean, m->d) < 0 ||
		    modelfile_doubles(&t, "scale", m->sc.scale, m->d) < 0)
			goto bad;
		for (i = 0; i < m->d; i++)
			if (!(m->sc.scale[i] > 0)) {
				modelfile_fail(&t, "scale %zu is not positive", i + 1);
				goto bad;
			}
	} else if (strcmp(word, "none") != 0) {
		modelfile_fail(&t, "unknown scaler '%s' (standard or none)", word);
		goto bad;
	}
	if (modelfile_key(&t, "hyperparameters", &rest) < 0)
		goto bad;
	m->hyper = estrdup(rest);
	if (modelfile_long(&t, "seed", 0, LONG_MAX, &v) < 0)
		goto bad;
	m->seed = (unsigned long)v;
	switch (m->kind) {
	case MODEL_RIDGE:
	case MODEL_LOGISTIC:
		e = linear_load(&t, m->d, m->K, &m->lin);
		break;
	case MODEL_MLP:
		e = mlp_load(&t, m->d, m->K, &m->mlp);
		break;
	case MODEL_RF:
		e = forest_load(&t, m->d, m->K, &m->rf);
		break;
	case MODEL_GBDT:
		e = gbdt_load(&t, m->d, m->K, &m->gbdt);
		break;
	}
	if (e) {
		load_err(err, errsz, e);
		modelfile_free(&t);
		model_free(m);
		return -1;
	}
	if (modelfile_key(&t, "end", &rest) < 0)
		goto bad;
	modelfile_free(&t);
	return 0;
bad:
	load_err(err, errsz, t.err);
	modelfile_free(&t);
	model_free(m);
	return -1;
}

int
model_slurp(const char *path, char **bufp, size_t *lenp, char *err, size_t errsz)
{
	int in = strcmp(path, "-") == 0;
	FILE *f = in ? stdin : fopen(path, "rb");
	struct stat st;

	if (in)
		path = "<stdin>";
	if (!f) {
		msg_format(err, errsz, "'%s': cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		msg_format(err, errsz, "'%s': is a directory", path);
		if (!in)
			fclose(f);
		return -1;
	}
	*bufp = fread_all(f, lenp);
	if (!*bufp) {
		msg_format(err, errsz, "'%s': read error: %s", path, strerror(errno));
		if (!in)
			fclose(f);
		return -1;
	}
	if (!in)
		fclose(f);
	return 0;
}

int
model_is_p0f(const char *buf, size_t len)
{
	size_t i = 0, w;

	/* the first line that is not blank */
	for (;;) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r'))
			i++;
		if (i == len || buf[i] != '\n')
			break;
		i++;
	}
	if (i == len)
		return 0;
	if (buf[i] == ';' || buf[i] == '[')
		return 1;
	/* a name ([A-Za-z_]+), blanks, '=' */
	for (w = i; w < len && (buf[w] == '_' || ((buf[w] | 32) >= 'a' && (buf[w] | 32) <= 'z'));
	    w++)
		;
	if (w == i)
		return 0;
	while (w < len && (buf[w] == ' ' || buf[w] == '\t'))
		w++;
	return w < len && buf[w] == '=';
}

int
model_read(struct model *m, const char *path, char *err, size_t errsz)
{
	char *buf;
	size_t len;
	int rc;

	if (model_slurp(path, &buf, &len, err, errsz) < 0)
		return -1;
	if (strcmp(path, "-") == 0)
		path = "<stdin>";
	rc = model_load(m, buf, len, path, err, errsz);
	free(buf);
	return rc;
}

void
model_free(struct model *m)
{
	dataset_free_strings(m->classes, (size_t)m->K);
	dataset_free_strings(m->features, m->d);
	scaler_free(&m->sc);
	free(m->hyper);
	free(m->extraction);
	linear_free(m->lin);
	if (m->mlp)
		mlp_free(m->mlp);
	if (m->rf)
		forest_free(m->rf);
	gbdt_free(m->gbdt);
	memset(m, 0, sizeof *m);
}
