/* modelinput.c: see modelinput.h. */
#include "learn/modelinput.h"

#include "base/cli.h"

int
modelinput_opt(struct modelinput_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'm': o->model = arg; return 1;
	case MODELINPUT_OPT_LABEL: o->ds.label = arg; return 1;
	case MODELINPUT_OPT_IGNORE:
		cli_list_add(&o->ignore, arg);
		o->ds.ignore = o->ignore;
		return 1;
	}
	return 0;
}

int
modelinput_open(const struct modelinput_opts *o, const struct model *m, struct csvr *r,
    struct dataset_rows *s)
{
	struct dataset_opts d = o->ds;

	d.features = m->features;
	d.nfeatures = m->d;
	return dataset_rows_open(s, r, &d);
}
