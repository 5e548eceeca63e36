#include "learn/gbdt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <xgboost/c_api.h>

#include "base/json.h"
#include "base/util.h"
#include "learn/ttsplit.h"

/* One node, in its tree's order (XGBoost's node ids). A leaf has left -1
 * and its value in thr, as XGBoost keeps it. */
struct gbdt_node {
	float thr;
	float gain;             /* loss_changes: the split's loss reduction */
	int32_t feat;
	int32_t left, right;
	int32_t dleft;          /* missing values go left */
};

struct gbdt {
	size_t d;
	int K;
	float base;             /* base_score, every margin's start */
	size_t ntrees;
	size_t *root;           /* ntrees + 1 offsets into nodes */
	int *group;             /* the class each tree adds to */
	struct gbdt_node *nodes;
	char *json;             /* XGBoost's model, exactly as it was read */
	size_t jsonlen;
	double valid_loss;
};

void
gbdt_default_params(struct gbdt_params *p)
{
	memset(p, 0, sizeof *p);
	p->rounds = 100;
	p->eta = 0.3;
	p->max_depth = 6;
	p->min_child_weight = 0.5;
	p->subsample = 1;
	p->colsample = 0.3;
	p->lambda = 1;
	p->max_bin = 256;
	p->balanced = 1;
	p->valid_fraction = 0.1;
	p->seed = 42;
	p->nthreads = 1;
}

void
gbdt_free(struct gbdt *g)
{
	if (!g)
		return;
	free(g->root);
	free(g->group);
	free(g->nodes);
	free(g->json);
	free(g);
}

int
gbdt_rounds(const struct gbdt *g)
{
	return (int)(g->ntrees / (size_t)g->K);
}

double
gbdt_valid_loss(const struct gbdt *g)
{
	return g->valid_loss;
}

/* ---- reading XGBoost's JSON ------------------------------------------- */

/* The array member key of tree holding exactly n values. */
static const struct json *
tree_array(const struct json *tree, const char *key, size_t n)
{
	const struct json *a = json_get(tree, key);

	return a && a->type == JSON_ARRAY && a->n == n ? a : NULL;
}

/* Check and copy tree t (JSON object) into nodes[0..n). A split's children
 * come after it and inside the tree, so every walk ends. *maxleaf gets the
 * largest |leaf value|. Returns NULL or the problem. */
static const char *
read_tree(const struct json *tree, size_t d, struct gbdt_node *nodes, size_t n,
    double *maxleaf)
{
	const struct json *lc = tree_array(tree, "left_children", n);
	const struct json *rc = tree_array(tree, "right_children", n);
	const struct json *si = tree_array(tree, "split_indices", n);
	const struct json *sc = tree_array(tree, "split_conditions", n);
	const struct json *dl = tree_array(tree, "default_left", n);
	const struct json *lo = tree_array(tree, "loss_changes", n);
	const struct json *st = json_get(tree, "split_type");
	size_t i;
	long l, r, f, b;

	if (!lc || !rc || !si || !sc || !dl || !lo)
		return "a node array is missing or not num_nodes long";
	*maxleaf = 0;
	for (i = 0; i < n; i++) {
		struct gbdt_node *nd = &nodes[i];

		if (json_long(&lc->items[i], -1, (long)n - 1, &l) < 0 ||
		    json_long(&rc->items[i], -1, (long)n - 1, &r) < 0)
			return "a child is not a node of the tree";
		if (json_float(&sc->items[i], &nd->thr) < 0 ||
		    json_float(&lo->items[i], &nd->gain) < 0)
			return "a threshold, leaf or gain is not a finite float";
		if (json_long(&dl->items[i], 0, 1, &b) < 0)
			return "default_left is not 0 or 1";
		if (st && st->type == JSON_ARRAY && i < st->n &&
		    (json_long(&st->items[i], 0, 0, &f) < 0))
			return "categorical splits are not supported";
		nd->left = (int32_t)l;
		nd->right = (int32_t)r;
		nd->dleft = (int32_t)b;
		nd->feat = 0;
		if (l == -1 && r == -1) {
			if (fabs(nd->thr) > *maxleaf)
				*maxleaf = fabs(nd->thr);
			continue;
		}
		if (l <= (long)i || r <= (long)i || l == r)
			return "a node's children are not after it";
		if (json_long(&si->items[i], 0, (long)d - 1, &f) < 0)
			return "a split feature is out of range";
		nd->feat = (int32_t)f;
	}
	return NULL;
}

static const char *
read_trees(struct gbdt *g, const struct json *model, char *err, size_t errsz)
{
	const struct json *trees = json_get(model, "trees");
	const struct json *info = json_get(model, "tree_info");
	size_t t, total = 0, cap = 0;
	double bound = fabsf(g->base), maxleaf;
	long v;

	if (!trees || trees->type != JSON_ARRAY || !info || info->type != JSON_ARRAY ||
	    info->n != trees->n)
		return "no trees, or tree_info does not match them";
	if (trees->n == 0 || trees->n % (size_t)g->K)
		return "the number of trees is not a positive multiple of the classes";
	g->ntrees = trees->n;
	g->root = ecalloc(g->ntrees + 1, sizeof *g->root);
	g->group = ecalloc(g->ntrees, sizeof *g->group);
	for (t = 0; t < g->ntrees; t++) {
		const struct json *tree = &trees->items[t];
		const char *e;

		if (json_long(&info->items[t], 0, g->K - 1, &v) < 0) {
			snprintf(err, errsz, "tree %zu: its class is out of range", t);
			return err;
		}
		g->group[t] = (int)v;
		if (json_long(json_get(json_get(tree, "tree_param"), "num_nodes"), 1,
		    INT32_MAX, &v) < 0) {
			snprintf(err, errsz, "tree %zu: no valid num_nodes", t);
			return err;
		}
		/* the arrays' length bounds the allocation, not num_nodes alone */
		if (!tree_array(tree, "left_children", (size_t)v)) {
			snprintf(err, errsz, "tree %zu: a node array is missing or not num_nodes long", t);
			return err;
		}
		if (total + (size_t)v > cap) {
			cap = 2 * (total + (size_t)v);
			g->nodes = ereallocarray(g->nodes, cap, sizeof *g->nodes);
		}
		g->root[t] = total;
		if ((e = read_tree(tree, g->d, g->nodes + total, (size_t)v, &maxleaf))) {
			snprintf(err, errsz, "tree %zu: %s", t, e);
			return err;
		}
		total += (size_t)v;
		/* the margins are float sums: keep them finite, so is softmax */
		if ((bound += maxleaf) > 1e37)
			return "the leaf values could overflow a float";
	}
	g->root[g->ntrees] = total;
	return NULL;
}

const char *
gbdt_from_json(const char *json, size_t len, size_t d, int K, struct gbdt **out, char *err,
    size_t errsz)
{
	struct json_doc doc;
	const struct json *learner, *mp, *gb, *model;
	struct gbdt *g;
	const char *e = NULL;
	long v;

	*out = NULL;
	if (json_parse(&doc, json, len) < 0) {
		snprintf(err, errsz, "xgboost model: %s", doc.err);
		return err;
	}
	g = ecalloc(1, sizeof *g);
	g->d = d;
	g->K = K;
	g->valid_loss = NAN;
	learner = json_get(&doc.root, "learner");
	mp = json_get(learner, "learner_model_param");
	gb = json_get(learner, "gradient_booster");
	model = json_get(gb, "model");
	if (!mp || !model || !json_is_str(json_get(gb, "name"), "gbtree"))
		e = "not an XGBoost gbtree model";
	else if (!json_is_str(json_get(json_get(learner, "objective"), "name"), "multi:softprob"))
		e = "the objective is not multi:softprob";
	else if (json_long(json_get(mp, "num_class"), K, K, &v) < 0)
		e = "num_class is not the model's number of classes";
	else if (json_long(json_get(mp, "num_feature"), (long)d, (long)d, &v) < 0)
		e = "num_feature is not the model's number of features";
	else if (json_float(json_get(mp, "base_score"), &g->base) < 0)
		e = "no finite base_score";
	else
		e = read_trees(g, model, err, errsz);
	json_free(&doc);
	if (e) {
		if (e != err)
			snprintf(err, errsz, "xgboost model: %s", e);
		else {
			char tmp[256];

			snprintf(tmp, sizeof tmp, "%s", err);
			snprintf(err, errsz, "xgboost model: %s", tmp);
		}
		gbdt_free(g);
		return err;
	}
	g->json = emalloc(len + 1);
	memcpy(g->json, json, len);
	g->json[len] = '\0';
	g->jsonlen = len;
	*out = g;
	return NULL;
}

/* ---- prediction ------------------------------------------------------- */

static float
tree_value(const struct gbdt_node *nd, const float *x)
{
	int32_t at = 0;

	while (nd[at].left >= 0) {
		float v = x[nd[at].feat];

		if (isnan(v))
			at = nd[at].dleft ? nd[at].left : nd[at].right;
		else
			at = v < nd[at].thr ? nd[at].left : nd[at].right;
	}
	return nd[at].thr;
}

/* XGBoost's common::Softmax, operation for operation */
static void
softmax_float(float *m, int K)
{
	float wmax = m[0];
	double wsum = 0;
	int k;

	for (k = 1; k < K; k++)
		wmax = fmaxf(m[k], wmax);
	for (k = 0; k < K; k++) {
		m[k] = expf(m[k] - wmax);
		wsum += m[k];
	}
	for (k = 0; k < K; k++)
		m[k] /= (float)wsum;
}

void
gbdt_predict_proba(const struct gbdt *g, const double *X, size_t n, double *P)
{
	size_t K = (size_t)g->K, i, j, t;
	float *x = emalloc((g->d ? g->d : 1) * sizeof *x), *m = emalloc(K * sizeof *m);

	for (i = 0; i < n; i++) {
		for (j = 0; j < g->d; j++)
			x[j] = (float)X[i * g->d + j];
		for (j = 0; j < K; j++)
			m[j] = g->base;
		for (t = 0; t < g->ntrees; t++)
			m[g->group[t]] += tree_value(g->nodes + g->root[t], x);
		softmax_float(m, g->K);
		for (j = 0; j < K; j++)
			P[i * K + j] = m[j];
	}
	free(x);
	free(m);
}

void
gbdt_importances(const struct gbdt *g, double *imp)
{
	double *gain = ecalloc(g->d, sizeof *gain), sum = 0;
	size_t *count = ecalloc(g->d, sizeof *count), i, j;

	for (i = 0; i < g->root[g->ntrees]; i++)
		if (g->nodes[i].left >= 0) {
			gain[g->nodes[i].feat] += g->nodes[i].gain;
			count[g->nodes[i].feat]++;
		}
	for (j = 0; j < g->d; j++) {
		imp[j] = count[j] ? gain[j] / (double)count[j] : 0;
		sum += imp[j];
	}
	for (j = 0; j < g->d; j++)
		imp[j] = sum > 0 ? imp[j] / sum : 0;
	free(gain);
	free(count);
}

/* ---- the model file --------------------------------------------------- */

void
gbdt_save(const struct gbdt *g, FILE *out)
{
	long v = gbdt_rounds(g);

	modelfile_put_longs(out, "gbdt_rounds", &v, 1);
	fputs("xgboost_json ", out);
	fwrite(g->json, 1, g->jsonlen, out);
	fputc('\n', out);
}

const char *
gbdt_load(struct modelfile *t, size_t d, int K, struct gbdt **out)
{
	char err[256], *json;
	long rounds;

	*out = NULL;
	if (modelfile_long(t, "gbdt_rounds", 1, 100000000, &rounds) < 0)
		return t->err;
	if (modelfile_key(t, "xgboost_json", &json) < 0)
		return t->err;
	if (gbdt_from_json(json, strlen(json), d, K, out, err, sizeof err)) {
		modelfile_fail(t, "%s", err);
		return t->err;
	}
	if (gbdt_rounds(*out) != rounds) {
		modelfile_fail(t, "xgboost model: %d rounds, not %ld", gbdt_rounds(*out), rounds);
		gbdt_free(*out);
		*out = NULL;
		return t->err;
	}
	return NULL;
}

/* ---- fitting through XGBoost's C API ---------------------------------- */

/* XGBoost's last error, its first line (the rest is a stack trace). */
static const char *
xgb_error(void)
{
	static _Thread_local char buf[320];
	const char *e = XGBGetLastError();

	snprintf(buf, sizeof buf, "xgboost: %s", e && *e ? e : "unknown error");
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

/* rows[0..n) of X (all rows when rows is NULL) as a float DMatrix labelled
 * y, each row weighted by its class's cw (no weights when cw is NULL) */
static int
dmatrix(const double *X, size_t d, const int *y, const size_t *rows, size_t n,
    const double *cw, int nthreads, DMatrixHandle *h)
{
	float *f = emalloc((n ? n : 1) * (d ? d : 1) * sizeof *f);
	float *lab = emalloc((n ? n : 1) * sizeof *lab), *w = emalloc((n ? n : 1) * sizeof *w);
	size_t i, j, r;
	int rc;

	for (i = 0; i < n; i++) {
		r = rows ? rows[i] : i;
		for (j = 0; j < d; j++)
			f[i * d + j] = (float)X[r * d + j];
		lab[i] = (float)y[r];
		w[i] = cw ? (float)cw[y[r]] : 1;
	}
	rc = XGDMatrixCreateFromMat_omp(f, n, d, NAN, h, nthreads);
	if (rc == 0 && ((rc = XGDMatrixSetFloatInfo(*h, "label", lab, n)) != 0 ||
	    (cw && (rc = XGDMatrixSetFloatInfo(*h, "weight", w, n)) != 0))) {
		XGDMatrixFree(*h);
		*h = NULL;
	}
	free(f);
	free(lab);
	free(w);
	return rc;
}

/* sklearn's class_weight="balanced" over the rows (all when rows is NULL):
 * n / (K count[k]), so that every class weighs the same in the loss */
static double *
class_weights(const int *y, const size_t *rows, size_t n, int K)
{
	double *cw = ecalloc((size_t)K, sizeof *cw);
	size_t i;
	int k;

	for (i = 0; i < n; i++)
		cw[y[rows ? rows[i] : i]]++;
	for (k = 0; k < K; k++)
		cw[k] = cw[k] > 0 ? (double)n / ((double)K * cw[k]) : 0;
	return cw;
}

static int
set_param(BoosterHandle b, const char *key, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%.17g", v);
	return XGBoosterSetParam(b, key, buf);
}

static int
set_params(BoosterHandle b, int K, const struct gbdt_params *p)
{
	char seed[32];

	snprintf(seed, sizeof seed, "%llu", (unsigned long long)p->seed);
	return XGBoosterSetParam(b, "tree_method", "hist") ||
	    XGBoosterSetParam(b, "objective", "multi:softprob") ||
	    XGBoosterSetParam(b, "verbosity", "0") ||
	    XGBoosterSetParam(b, "seed", seed) ||
	    set_param(b, "num_class", K) ||
	    set_param(b, "nthread", p->nthreads > 1 ? p->nthreads : 1) ||
	    set_param(b, "eta", p->eta) ||
	    set_param(b, "max_depth", p->max_depth) ||
	    set_param(b, "min_child_weight", p->min_child_weight) ||
	    set_param(b, "subsample", p->subsample) ||
	    set_param(b, "colsample_bytree", p->colsample) ||
	    set_param(b, "lambda", p->lambda) ||
	    set_param(b, "max_bin", p->max_bin);
}

/* The validation rows' mean log loss, as XGBoost's mlogloss (p clipped
 * at 1e-16; rows weighted by their class's cw, if any), from the booster's
 * (cached, incremental) predictions. */
static int
valid_loss(BoosterHandle b, DMatrixHandle dv, const int *y, size_t n, int K, const double *cw,
    double *loss)
{
	static const char cfg[] = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0,"
	    " \"iteration_end\": 0, \"strict_shape\": false}";
	const bst_ulong *shape;
	bst_ulong dim;
	const float *P;
	double s = 0, ws = 0, w;
	size_t i;

	if (XGBoosterPredictFromDMatrix(b, dv, cfg, &shape, &dim, &P) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		double p = P[i * (size_t)K + (size_t)y[i]];

		w = cw ? cw[y[i]] : 1;
		s -= w * log(p > 1e-16 ? p : 1e-16);
		ws += w;
	}
	*loss = ws > 0 ? s / ws : 0;
	return 0;
}

static const char *
check_params(const struct gbdt_params *p)
{
	if (p->rounds < 1)
		return "rounds must be at least 1";
	if (!(p->eta > 0) || !(p->min_child_weight >= 0) || !(p->lambda >= 0))
		return "eta must be positive, min-child-weight and lambda not negative";
	if (!(p->subsample > 0 && p->subsample <= 1) || !(p->colsample > 0 && p->colsample <= 1))
		return "subsample and colsample must be in (0, 1]";
	if (p->max_depth < 1 || p->max_bin < 2 || p->early_stop < 0)
		return "max-depth must be at least 1, max-bin at least 2";
	if (p->early_stop && !p->Xvalid && !(p->valid_fraction > 0 && p->valid_fraction < 1))
		return "the validation fraction must be in (0, 1)";
	return NULL;
}

/* Boost up to p->rounds rounds; with early stopping, stop after
 * p->early_stop rounds without a lower validation loss and cut the model
 * to the best round. The booster that holds the model is *keep. */
static const char *
boost(BoosterHandle b, DMatrixHandle dt, DMatrixHandle dv, const int *yv, size_t nv, int K,
    const double *cw, const struct gbdt_params *p, BoosterHandle *keep, double *best_loss)
{
	double loss;
	int r, best = -1;

	*keep = b;
	*best_loss = NAN;
	for (r = 0; r < p->rounds; r++) {
		if (XGBoosterUpdateOneIter(b, r, dt) != 0)
			return xgb_error();
		if (!dv)
			continue;
		if (valid_loss(b, dv, yv, nv, K, cw, &loss) < 0)
			return xgb_error();
		if (best < 0 || loss < *best_loss) {
			best = r;
			*best_loss = loss;
		} else if (r - best >= p->early_stop)
			break;
	}
	if (dv && best + 1 < r && XGBoosterSlice(b, 0, best + 1, 1, keep) != 0) {
		*keep = b;
		return xgb_error();
	}
	return NULL;
}

/* XGBoost's JSON model of b, on one line, parsed into *out */
static const char *
take_model(BoosterHandle b, size_t d, int K, struct gbdt **out)
{
	static _Thread_local char err[256];
	const char *raw;
	bst_ulong len;
	char *json;
	const char *e;
	size_t i;

	if (XGBoosterSaveModelToBuffer(b, "{\"format\": \"json\"}", &len, &raw) != 0)
		return xgb_error();
	json = emalloc(len + 1);
	memcpy(json, raw, len);
	/* line breaks can only be whitespace in JSON: the model stays one line */
	for (i = 0; i < len; i++)
		if (json[i] == '\n' || json[i] == '\r')
			json[i] = ' ';
	e = gbdt_from_json(json, len, d, K, out, err, sizeof err);
	free(json);
	return e;
}

const char *
gbdt_fit(const double *X, size_t n, size_t d, const int *y, int K, char *const *names,
    const struct gbdt_params *p, struct gbdt **out)
{
	static _Thread_local char err[256];
	DMatrixHandle dm[2] = { NULL, NULL };
	BoosterHandle b = NULL, keep = NULL;
	struct ttsplit sp = { 0 };
	const int *yv = p->yvalid;
	int *ysplit = NULL;
	size_t nv = p->nvalid, i;
	const char *e;
	double loss = NAN, *cw = NULL;

	*out = NULL;
	if ((e = check_params(p)))
		return e;
	XGBSetGlobalConfig("{\"verbosity\": 0}");
	if (p->early_stop && !p->Xvalid) {
		if (ttsplit_stratified(y, n, K, names, p->valid_fraction, (uint32_t)p->seed, &sp,
		    err, sizeof err) < 0)
			return err;
		nv = sp.ntest;
		ysplit = emalloc(nv * sizeof *ysplit);
		for (i = 0; i < nv; i++)
			ysplit[i] = y[sp.test[i]];
		yv = ysplit;
	}
	if (p->balanced)
		cw = class_weights(y, sp.train, sp.train ? sp.ntrain : n, K);
	if (dmatrix(X, d, y, sp.train, sp.train ? sp.ntrain : n, cw, p->nthreads, &dm[0]) != 0 ||
	    (p->early_stop && p->Xvalid &&
	    dmatrix(p->Xvalid, d, yv, NULL, nv, cw, p->nthreads, &dm[1]) != 0) ||
	    (p->early_stop && !p->Xvalid &&
	    dmatrix(X, d, y, sp.test, nv, cw, p->nthreads, &dm[1]) != 0) ||
	    XGBoosterCreate(dm, dm[1] ? 2 : 1, &b) != 0 || set_params(b, K, p) != 0)
		e = xgb_error();
	else if (!(e = boost(b, dm[0], dm[1], yv, nv, K, cw, p, &keep, &loss)))
		e = take_model(keep, d, K, out);
	if (*out)
		(*out)->valid_loss = loss;
	if (keep && keep != b)
		XGBoosterFree(keep);
	if (b)
		XGBoosterFree(b);
	for (i = 0; i < 2; i++)
		if (dm[i])
			XGDMatrixFree(dm[i]);
	ttsplit_free(&sp);
	free(ysplit);
	free(cw);
	return e;
}
