/* gbdt.h: gradient-boosted trees, fitted by XGBoost (its C API, the
 * "hist" tree method, objective multi:softprob) and kept as XGBoost's own
 * JSON model, so that xgboost itself can load what osfp saves.
 *
 * Prediction does not go through XGBoost: gbdt_load parses the JSON
 * (base/json.h), checks every tree (children after their parent and
 * inside the tree, features below d, groups below K, finite thresholds
 * and leaves) and gbdt_predict_proba walks the trees as XGBoost's CPU
 * predictor does, in float: a row goes left when (float)x < threshold
 * (NaN: the node's default side), each class's margin is base_score plus
 * its trees' leaves added in tree order, and the probabilities are
 * XGBoost's softmax (expf, a double sum, a float divide). So a hostile
 * model file is refused at load instead of crashing XGBoost, and the
 * probabilities equal xgboost's predict() (tests/unit/test_gbdt.c checks
 * both through the C API). The library never exits. */
#ifndef OSFP_GBDT_H
#define OSFP_GBDT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "learn/modelfile.h"

struct gbdt_params {
	int rounds;              /* boosting rounds (100) */
	double eta;              /* learning rate (0.3) */
	int max_depth;           /* (6) */
	double min_child_weight; /* (0.5; XGBoost's 1) */
	double subsample;        /* rows per tree, (0, 1] (1) */
	double colsample;        /* features per tree, (0, 1] (colsample_bytree;
	                          * 0.3, XGBoost's 1) */
	double lambda;           /* L2 on leaf weights (1) */
	int max_bin;             /* histogram bins per feature (256) */
	int balanced;            /* weight each row n / (K count[its class]),
	                          * sklearn's class_weight="balanced" (1) */
	int early_stop;          /* stop after this many rounds without a lower
	                          * validation log loss, keep the best (0: off) */
	double valid_fraction;   /* the stratified share of the rows held out for
	                          * early stopping when no validation set is given
	                          * (0.1) */
	const double *Xvalid;    /* a validation set (nvalid x d), or NULL */
	const int *yvalid;
	size_t nvalid;
	uint64_t seed;           /* XGBoost's seed; the split of valid_fraction */
	int nthreads;            /* XGBoost's nthread (0 or 1: one) */
};

/* XGBoost's defaults but three, which scored better in cross-validation
 * on the lab's datasets (see README): colsample 0.3, min_child_weight 0.5,
 * balanced class weights. */
void gbdt_default_params(struct gbdt_params *p);

struct gbdt;

/* X is n x d row-major (XGBoost sees it as float32), y[i] in 0..K-1;
 * names: the K class names (for messages). Returns NULL and the model in
 * *out, or an error string (static, or XGBoost's last error, valid until
 * the next call). */
const char *gbdt_fit(const double *X, size_t n, size_t d, const int *y, int K,
    char *const *names, const struct gbdt_params *p, struct gbdt **out);
/* P is n x K row-major: XGBoost's predict() probabilities, as doubles. */
void gbdt_predict_proba(const struct gbdt *g, const double *X, size_t n, double *P);
/* XGBoost's gain importance (the mean loss reduction of a feature's
 * splits, get_score(importance_type="gain")), normalised to sum 1 as the
 * xgboost sklearn wrapper's feature_importances_; zeros if no tree splits. */
void gbdt_importances(const struct gbdt *g, double *imp);
/* Boosting rounds kept (after early stopping: the best round's). */
int gbdt_rounds(const struct gbdt *g);
/* Early stopping's best validation log loss (NaN without it). */
double gbdt_valid_loss(const struct gbdt *g);
/* The model section of the file: "gbdt_rounds N" and "xgboost_json" followed
 * by XGBoost's JSON model on the rest of that one line (extract it with
 * sed -n 's/^xgboost_json //p'). */
void gbdt_save(const struct gbdt *g, FILE *out);
/* Read what gbdt_save wrote, for d features and K classes. Returns NULL,
 * or t->err. */
const char *gbdt_load(struct modelfile *t, size_t d, int K, struct gbdt **out);
/* Parse and check XGBoost JSON (len bytes) for d features and K classes.
 * Returns NULL, or a one-line message (in err). */
const char *gbdt_from_json(const char *json, size_t len, size_t d, int K, struct gbdt **out,
    char *err, size_t errsz);
void gbdt_free(struct gbdt *g);

#endif
