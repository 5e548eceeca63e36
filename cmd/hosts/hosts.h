/* hosts.h: what osfp-hosts' files share. */
#ifndef OSFP_HOSTS_H
#define OSFP_HOSTS_H

#include <stddef.h>

#include "table/csvw.h"

struct out {              /* where the groups go */
	struct csvw w;
	int json, tsv, live, label;
	char **classes;
	int scoring;          /* --score: (label, verdict) pairs, no rows */
	char **slab;
	int *sverd;
	size_t ns, scap, unlabelled;
};

/* --score: the report on standard output (score.c). */
void score(struct out *o, int K);

#endif
