/* modelinput.h: what osfp-eval and osfp-predict share: the options that name a
 * model and the identifier columns, and reading the rows a model is
 * applied to, its features found by name and put in its order. */
#ifndef OSFP_MODELINPUT_H
#define OSFP_MODELINPUT_H

#include <getopt.h>
#include <stdio.h>

#include "table/csvr.h"
#include "table/dataset.h"
#include "learn/model.h"

enum { MODELINPUT_OPT_LABEL = 0x180, MODELINPUT_OPT_IGNORE };

/* Entries of a struct option table: -m/--model, --label, --ignore. */
#define MODELINPUT_LONGOPTS \
	{ "model", required_argument, 0, 'm' }, \
	{ "label", required_argument, 0, MODELINPUT_OPT_LABEL }, \
	{ "ignore", required_argument, 0, MODELINPUT_OPT_IGNORE }

#define MODELINPUT_OPTS_HELP \
	"  -m, --model MODEL   model file written by osfp-train (-: standard input)\n"

/* What follows a column mismatch (DATASET_COLUMNS) with a model that
 * carries no extraction record: the usual cause and the cure. */
#define MODELINPUT_HINT ": features extracted with another --dim? (osfp-train " \
	"--extraction records the training's parameters, osfp-flow-features --like MODEL " \
	"repeats them)"

struct modelinput_opts {
	const char *model;      /* -m MODEL ("-": stdin); NULL: not given */
	char *ignore;           /* every --ignore, joined (allocated; free it) */
	struct dataset_opts ds;      /* --label, --ignore; the caller sets the rest */
};

/* Take getopt_long's option c (argument arg) into o: 1 if it is one of
 * MODELINPUT_LONGOPTS, else 0. */
int modelinput_opt(struct modelinput_opts *o, int c, const char *arg);

/* The rows of r (its header read) for model m: its features by name, in
 * its order. dataset_rows_open's result (DATASET_COLUMNS: the input's
 * columns are not the model's features; s->incols are the input's). */
int modelinput_open(const struct modelinput_opts *o, const struct model *m, struct csvr *r,
    struct dataset_rows *s);

#endif
