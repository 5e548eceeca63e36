/* gbdtopt.c: see gbdtopt.h. */
#include "gbdtopt.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "base/cli.h"
#include "base/util.h"

/* integers in [lo, hi], reals in (lo, hi] */
static const struct param {
	const char *name;
	int integer;
	size_t off;
	double lo, hi;
} params[] = {
	{ "rounds", 1, offsetof(struct gbdt_params, rounds), 1, 100000000 },
	{ "eta", 0, offsetof(struct gbdt_params, eta), 0, INFINITY },
	{ "min-child-weight", 0, offsetof(struct gbdt_params, min_child_weight), -1e-300, INFINITY },
	{ "subsample", 0, offsetof(struct gbdt_params, subsample), 0, 1 },
	{ "colsample", 0, offsetof(struct gbdt_params, colsample), 0, 1 },
	{ "lambda", 0, offsetof(struct gbdt_params, lambda), -1e-300, INFINITY },
	{ "max-bin", 1, offsetof(struct gbdt_params, max_bin), 2, 65536 },
	{ "early-stop", 1, offsetof(struct gbdt_params, early_stop), 1, 100000000 },
	{ "valid-fraction", 0, offsetof(struct gbdt_params, valid_fraction), 0, 0.99 },
};

void
gbdtopt_set(struct gbdt_params *p, const char *name, const char *s)
{
	const struct param *o = params;
	char *field;
	double v;

	if (strcmp(name, "class-weight") == 0) {
		if (strcmp(s, "balanced") != 0 && strcmp(s, "none") != 0)
			uprintf("class-weight '%s' is neither balanced nor none", s);
		p->balanced = strcmp(s, "balanced") == 0;
		return;
	}
	while (strcmp(o->name, name) != 0)
		o++;
	field = (char *)p + o->off;
	if (o->integer) {
		*(int *)field = (int)cli_int_in(name, s, (long)o->lo, (long)o->hi);
		return;
	}
	v = cli_dbl_above(name, s, o->lo);
	if (v > o->hi)
		uprintf("%s '%s' is not a number in (%g, %g]", name, s, o->lo, o->hi);
	*(double *)field = v;
}

void
gbdtopt_valid(const char *path, const struct model *m, struct dataset_opts o,
    struct dataset *vs, struct gbdt_params *p)
{
	const char *name;
	FILE *f;

	o.features = m->features;
	o.nfeatures = m->d;
	o.classes = m->classes;
	o.nclasses = m->K;
	o.need_label = 1;
	f = efopen_in(path, &name);
	if (dataset_load(vs, f, name, &o) < 0)
		eprintf("%s", vs->err);
	efclose_in(f);
	if (vs->n == 0)
		eprintf("'%s': no data rows", name);
	p->Xvalid = vs->X;
	p->yvalid = vs->y;
	p->nvalid = vs->n;
}
