/* model.h: a fitted model of any kind and its plain-text file.
 *
 * The file (liblinear style: "key values" lines, %.17g in the C locale so
 * that every double reads back bit-exact):
 *
 *   osfp-model 1                 format version
 *   kind logistic                ridge | logistic | mlp | rf | gbdt
 *   extraction version 1         optional: how the features were extracted,
 *   extraction features iat,stats  "extraction KEY VALUE" lines (osfp-train
 *   ...                          --extraction; features/extraction.h reads
 *                                them, this layer keeps them as text)
 *   classes 13                   then one "class NAME" line per class,
 *   class kali-linux             byte-sorted, names %XX-escaped (modelfile_put_text)
 *   features 52                  then one "feature NAME" line per feature,
 *   feature iat_0                in the order the parameters use
 *   scaler standard              or "scaler none"; standard is followed by
 *   mean ...                     d means and d scales
 *   scale ...
 *   hyperparameters C=1 max_iter=500    (informational)
 *   seed 42
 *   ...                          the kind's parameters (linear_save,
 *                                mlp_save, forest_save, gbdt_save)
 *   end
 *
 * model_load rejects another version, an unknown kind, a count that does
 * not match, a non-finite number and a file that stops early, with one line
 * naming the file and line. The library never exits. */
#ifndef OSFP_MODEL_H
#define OSFP_MODEL_H

#include <stddef.h>
#include <stdio.h>

#include "learn/forest.h"
#include "learn/gbdt.h"
#include "learn/linear.h"
#include "learn/mlp.h"
#include "learn/scaler.h"

#define MODEL_FORMAT_VERSION 1

enum model_kind { MODEL_RIDGE, MODEL_LOGISTIC, MODEL_MLP, MODEL_RF, MODEL_GBDT };

struct model_hyper {
	double alpha;              /* ridge alpha (1.0) */
	double C;                  /* logistic C (1.0) */
	int max_iter;              /* logistic lbfgs iterations (500) */
	struct mlp_params mlp;     /* mlp: the notebook's MLPClassifier */
	struct forest_params rf;   /* rf: RandomForestClassifier(100) */
	struct gbdt_params gbdt;   /* gbdt: XGBoost's defaults; its validation
	                            * set (Xvalid) is scaled like X */
	int scale;                 /* -1: the notebook's choice for the kind */
	int nthreads;              /* rf trees, logistic loss, gbdt: threads (1) */
	unsigned long seed;        /* 42 */
};

struct model {
	enum model_kind kind;
	int K;
	char **classes;
	size_t d;
	char **features;
	int scaled;
	struct scaler sc;
	char *hyper;               /* the hyperparameters line */
	char *extraction;          /* the extraction record's lines, each
	                            * "extraction ...\n", as text (learn may not
	                            * read features/); NULL: none */
	unsigned long seed;
	struct linear *lin;        /* ridge, logistic */
	struct mlp *mlp;
	struct forest *rf;
	struct gbdt *gbdt;
};

const char *model_kind_name(enum model_kind k);
int model_kind_parse(const char *s, enum model_kind *k);
/* The notebook's hyperparameters (sklearn 1.2 defaults where it sets none). */
void model_hyper_defaults(struct model_hyper *h);

/* Fit m->kind on X (n x m->d; scaled in place when the model scales) and
 * y (0..m->K-1). m->classes and m->features must be set; the model takes
 * them over. Returns NULL or an error string. */
const char *model_fit(struct model *m, double *X, size_t n, const int *y,
    const struct model_hyper *h);

/* Does the kind give probabilities? (ridge gives decision scores only) */
int model_has_proba(const struct model *m);
/* Per-feature importances summing to 1 into imp (m->d values): the
 * forest's impurity decrease, the gbdt's gain. -1 for the kinds without. */
int model_importances(const struct model *m, double *imp);
/* Predict n rows of X (scaled in place): pred[i] class index, and if out is
 * not NULL, out (n x K) the class probabilities, or for ridge the decision
 * scores (for two classes: -s, s). */
void model_predict(const struct model *m, double *X, size_t n, int *pred, double *out);

void model_save(const struct model *m, FILE *f);
/* Parse a model from memory; on error returns -1 with one line in err. */
int model_load(struct model *m, const char *buf, size_t len, const char *name,
    char *err, size_t errsz);
/* Read the file at path ("-": standard input, named "<stdin>") and parse
 * it. A directory is an error ("'dir': is a directory"). */
int model_read(struct model *m, const char *path, char *err, size_t errsz);
/* Read the whole file at path ("-": standard input) into *buf (allocated,
 * *len bytes); a directory is an error. */
int model_slurp(const char *path, char **buf, size_t *len, char *err, size_t errsz);
/* Is buf a p0f v3 fingerprint database (learn/p0fdb.h) rather than an osfp
 * model? Told by its first line that is not blank: a ';' comment, a
 * [section] or a 'name = value' line is p0f's; an osfp model's first line
 * is 'osfp-model N'. */
int model_is_p0f(const char *buf, size_t len);
void model_free(struct model *m);

#endif
