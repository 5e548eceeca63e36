/* apply.h: what osfp-eval and osfp-predict share: the options that name a
 * model and the identifier columns, and reading the rows a model is
 * applied to, its features found by name and put in its order. */
#ifndef OSFP_APPLY_H
#define OSFP_APPLY_H

#include <getopt.h>
#include <stdio.h>

#include "dataset.h"
#include "model.h"

enum { APPLY_OPT_LABEL = 0x180, APPLY_OPT_IGNORE };

/* Entries of a struct option table: -m/--model, --label, --ignore. */
#define APPLY_LONGOPTS \
	{ "model", required_argument, 0, 'm' }, \
	{ "label", required_argument, 0, APPLY_OPT_LABEL }, \
	{ "ignore", required_argument, 0, APPLY_OPT_IGNORE }

#define APPLY_OPTS_HELP \
	"  -m, --model MODEL   model file written by osfp-train\n"

struct apply_opts {
	const char *model;      /* -m MODEL; NULL: not given */
	struct ds_opts ds;      /* --label, --ignore; the caller sets the rest */
};

/* Take getopt_long's option c (argument arg) into o: 1 if it is one of
 * APPLY_LONGOPTS, else 0. */
int apply_opt(struct apply_opts *o, int c, const char *arg);

/* Load the rows of f (named name) for model m: its features by name, in
 * its order. ds_load's result: 0, or -1 with ds->err (and ds->partial when
 * o->ds.keep_partial kept the good rows before a bad one). */
int apply_rows(const struct apply_opts *o, const struct model *m, FILE *f,
    const char *name, struct dataset *ds);

#endif
