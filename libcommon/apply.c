/* apply.c: see apply.h. */
#include "apply.h"

int
apply_opt(struct apply_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'm': o->model = arg; return 1;
	case APPLY_OPT_LABEL: o->ds.label = arg; return 1;
	case APPLY_OPT_IGNORE: o->ds.ignore = arg; return 1;
	}
	return 0;
}

int
apply_rows(const struct apply_opts *o, const struct model *m, FILE *f,
    const char *name, struct dataset *ds)
{
	struct ds_opts d = o->ds;

	d.features = m->features;
	d.nfeatures = m->d;
	return ds_load(ds, f, name, &d);
}
