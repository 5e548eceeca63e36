/* forest.h: sklearn's RandomForestClassifier as spec/sklearn.md section 5
 * describes it: bootstrap samples as integer row weights, CART trees grown
 * depth-first to purity on Gini impurity of the weighted class counts,
 * max_features drawn afresh at every node (with sklearn's rule for constant
 * features), features compared in float32, thresholds midway between
 * consecutive distinct values (x <= threshold goes left), leaves holding
 * weighted class counts, and predict_proba the mean of the trees'
 * probability vectors. Trees are built in parallel with pthreads; each tree
 * has its own seed drawn up front, so the forest depends on the seed only,
 * never on the thread count, nor on the AVX2 gather chosen at run time
 * (OSFP_NO_AVX2 turns it off). The library never exits. */
#ifndef OSFP_FOREST_H
#define OSFP_FOREST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "learn/modelfile.h"

struct forest_params {
	int n_trees;           /* 100 */
	int max_features;      /* 0 = floor(sqrt(d)) */
	int min_samples_split; /* 2; distinct in-bag rows */
	int min_samples_leaf;  /* 1; distinct in-bag rows */
	int max_depth;         /* 0 = unlimited */
	int bootstrap;         /* 1 */
	uint64_t seed;
	int nthreads;          /* 0 or 1 = build in the calling thread */
};

/* The notebook's RandomForestClassifier(n_estimators=100). */
void forest_default_params(struct forest_params *p);

struct forest;

/* X is n x d row-major (cast to float32 as sklearn does), y[i] in 0..K-1.
 * Returns NULL and the forest in *out, or an error string (static). */
const char *forest_fit(const double *X, size_t n, size_t d, const int *y, int K,
    const struct forest_params *p, struct forest **out);
/* P is n x K row-major: the mean over trees of the leaf class fractions. */
void forest_predict_proba(const struct forest *f, const double *X, size_t n, double *P);
/* Impurity-based importances (sklearn's feature_importances_: each tree's
 * weighted Gini decrease per feature normalised to sum 1, averaged over the
 * trees that split at all, normalised again). All zeros if no tree splits. */
void forest_importances(const struct forest *f, double *imp);
/* Total number of nodes, for tests and diagnostics. */
size_t forest_node_count(const struct forest *f);
/* The fit's work, for diagnostics: row-feature evaluations (at every node,
 * its rows times the features drawn there; 0 after a load). */
uint64_t forest_evals(const struct forest *f);
/* The parameter section of the model file: "forest_trees N" and
 * "importances ..." and per tree "tree NODES", "feature ..." (preorder, -1
 * for a leaf), "threshold ..." (internal nodes: the shortest decimal
 * t that decides x <= t as the split's double midpoint does for every
 * float32 x), "leaf_nnz ...",
 * "leaf_class ...", "leaf_count ..." (sparse weighted class counts). */
void forest_save(const struct forest *f, FILE *out);
/* Read what forest_save wrote, for d features and K classes. Returns NULL,
 * or t->err. */
const char *forest_load(struct modelfile *t, size_t d, int K, struct forest **out);
void forest_free(struct forest *f);

#endif
