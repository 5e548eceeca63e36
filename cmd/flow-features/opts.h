/* opts.h: osfp-flow-features' command line (opts.c). */
#ifndef OSFP_FLOW_FEATURES_OPTS_H
#define OSFP_FLOW_FEATURES_OPTS_H

#include "features/extraction.h"

struct opts {
	struct extraction x;
	int tsv;
	const char *dimout, *like;
	const char *param;        /* the first extraction option given */
	char *id;                 /* --id columns, comma-separated */
};

/* Parse the command line into o (exits on a usage error), refuse an
 * output that names an input, read the --like record; returns the input
 * (NULL or "-": standard input). */
const char *opts_parse(struct opts *o, int argc, char **argv);

#endif
