/* gbdtopt.h: osfp-train's -m gbdt options: XGBoost's hyperparameters by
 * long option name, and the validation rows of --valid FILE. */
#ifndef OSFP_TRAIN_GBDTOPT_H
#define OSFP_TRAIN_GBDTOPT_H

#include <getopt.h>

#include "learn/model.h"
#include "table/dataset.h"

enum { GBDTOPT_PARAM = 0x140, GBDTOPT_VALID };

/* Entries of osfp-train's option table: every hyperparameter is
 * GBDTOPT_PARAM (told apart by its name), --valid is GBDTOPT_VALID. */
#define GBDTOPT_LONGOPTS \
	{ "rounds", required_argument, 0, GBDTOPT_PARAM }, \
	{ "eta", required_argument, 0, GBDTOPT_PARAM }, \
	{ "min-child-weight", required_argument, 0, GBDTOPT_PARAM }, \
	{ "subsample", required_argument, 0, GBDTOPT_PARAM }, \
	{ "colsample", required_argument, 0, GBDTOPT_PARAM }, \
	{ "lambda", required_argument, 0, GBDTOPT_PARAM }, \
	{ "max-bin", required_argument, 0, GBDTOPT_PARAM }, \
	{ "early-stop", required_argument, 0, GBDTOPT_PARAM }, \
	{ "valid-fraction", required_argument, 0, GBDTOPT_PARAM }, \
	{ "class-weight", required_argument, 0, GBDTOPT_PARAM }, \
	{ "valid", required_argument, 0, GBDTOPT_VALID }

#define GBDTOPT_HELP \
    "gbdt:     --rounds N (100), --eta X (0.3), --max-depth N (6),\n" \
    "          --min-child-weight X (0.5), --subsample X (1), --colsample X (0.3),\n" \
    "          --lambda X (1), --max-bin N (256), --class-weight balanced|none\n" \
    "          (balanced), --early-stop N (off) on\n" \
    "          --valid-fraction X (0.1, stratified) or --valid FILE,\n" \
    "          --importances FILE (gain importances as CSV)\n"

/* Set the hyperparameter called name from s (a usage error if bad). */
void gbdtopt_set(struct gbdt_params *p, const char *name, const char *s);
/* --valid FILE: labelled rows with m's features and classes (o: the
 * training data's --label and --ignore), as p's validation set in vs. */
void gbdtopt_valid(const char *path, const struct model *m, struct dataset_opts o,
    struct dataset *vs, struct gbdt_params *p);

#endif
