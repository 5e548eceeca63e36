#include "table/dataset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "table/csvr.h"
#include "base/msg.h"
#include "base/num.h"
#include "base/progress.h"
#include "base/util.h"

static const char *const id_cols[] = {
	"flow", "sample", "label", "family",
	/* osfp-flow-features --id: the flows' columns that name a flow */
	"src", "dst", "sport", "dport", "proto", "packet", "time", NULL
};

/* Is col one of the comma-separated names in list? */
static int
in_list(const char *col, const char *list)
{
	size_t k = strlen(col);
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == k && memcmp(p, col, k) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

int
dataset_is_identifier(const char *col, const char *label, const char *ignore)
{
	int i;

	for (i = 0; id_cols[i]; i++)
		if (strcmp(col, id_cols[i]) == 0)
			return 1;
	return strcmp(col, label ? label : "label") == 0 || in_list(col, ignore);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
dataset_class_index(char *const *classes, int K, const char *s)
{
	int lo = 0, hi = K - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c = strcmp(s, classes[mid]);

		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return -1;
}

int
dataset_label_encode(char *const *labels, size_t n, int *y, char ***classes)
{
	char **s = ereallocarray(NULL, n ? n : 1, sizeof *s);
	size_t i, k = 0;

	if (n)
		memcpy(s, labels, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_str);
	for (i = 0; i < n; i++)
		if (k == 0 || strcmp(s[k - 1], s[i]) != 0)
			s[k++] = s[i];
	for (i = 0; i < k; i++)
		s[i] = estrdup(s[i]);
	for (i = 0; i < n; i++)
		y[i] = dataset_class_index(s, (int)k, labels[i]);
	*classes = s;
	return (int)k;
}

void
dataset_free_strings(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
dataset_free(struct dataset *ds)
{
	free(ds->X);
	free(ds->y);
	dataset_free_strings(ds->features, ds->d);
	dataset_free_strings(ds->classes, (size_t)ds->K);
	dataset_free_strings(ds->ids, ds->n * ds->nid);
	dataset_free_strings(ds->idnames, ds->nid);
	memset(ds, 0, sizeof *ds);
}

static int
fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vformat(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

enum { COL_ID = -1, COL_SKIP = -2 };

/* s->map[i]: the feature index of column i, or COL_ID. With a model's
 * feature list, its features are found by name and any other column must
 * be an identifier; without, every non-identifier column is a feature in
 * input order. */
static int
map_columns(struct dataset_rows *s)
{
	const struct dataset_opts *o = &s->o;
	const char *name = csvr_name(s->r);
	size_t ncols = csvr_ncols(s->r), i;

	for (i = 0; i < ncols; i++) {
		const char *col = csvr_colname(s->r, i);

		s->map[i] = dataset_is_identifier(col, s->label, o->ignore) ? COL_ID : COL_SKIP;
		if (s->map[i] == COL_ID)
			s->idcol[s->nid++] = i;
		else
			s->incols[s->nin++] = col;
	}
	if (o->features) {
		s->d = o->nfeatures;
		for (i = 0; i < s->d; i++) {
			long c = csvr_col(s->r, o->features[i]);

			if (c < 0 || s->map[c] == COL_ID) {
				fail(s->err, sizeof s->err, "'%s': model feature '%s' is not a feature "
				    "column of the input", name, o->features[i]);
				return DATASET_COLUMNS;
			}
			s->map[c] = (long)i;
		}
		for (i = 0; i < ncols; i++)
			if (s->map[i] == COL_SKIP) {
				fail(s->err, sizeof s->err, "'%s': column '%s' is not one of the model's "
				    "%zu features (another feature set? --ignore it if it is an "
				    "identifier)", name, csvr_colname(s->r, i), s->d);
				return DATASET_COLUMNS;
			}
	} else
		for (i = 0; i < ncols; i++)
			if (s->map[i] == COL_SKIP)
				s->map[i] = (long)s->d++;
	s->features = ereallocarray(NULL, s->d ? s->d : 1, sizeof *s->features);
	for (i = 0; i < ncols; i++)
		if (s->map[i] >= 0)
			s->features[s->map[i]] = estrdup(csvr_colname(s->r, i));
	s->idnames = ereallocarray(NULL, s->nid ? s->nid : 1, sizeof *s->idnames);
	for (i = 0; i < s->nid; i++)
		s->idnames[i] = estrdup(csvr_colname(s->r, s->idcol[i]));
	s->x = ereallocarray(NULL, s->d ? s->d : 1, sizeof *s->x);
	return 0;
}

int
dataset_rows_open(struct dataset_rows *s, struct csvr *r, const struct dataset_opts *o)
{
	size_t ncols = csvr_ncols(r);

	memset(s, 0, sizeof *s);
	s->r = r;
	s->o = *o;
	s->label = o->label ? o->label : "label";
	s->map = ereallocarray(NULL, ncols, sizeof *s->map);
	s->idcol = ereallocarray(NULL, ncols, sizeof *s->idcol);
	s->incols = ereallocarray(NULL, ncols, sizeof *s->incols);
	/* (csvr_open refuses a header that names a column twice) */
	s->lcol = csvr_col(r, s->label);
	if (s->lcol < 0 && o->need_label)
		return fail(s->err, sizeof s->err, "'%s': no label column '%s'", csvr_name(r),
		    s->label);
	if (!o->need_label)
		s->lcol = -1;   /* a label column, if any, is only an identifier */
	return map_columns(s);
}

int
dataset_rows_next(struct dataset_rows *s)
{
	struct csvr *r = s->r;
	size_t ncols = csvr_ncols(r), i;
	const char *f;
	int got = csvr_next(r);

	if (got <= 0)
		return got < 0 ? fail(s->err, sizeof s->err, "%s", csvr_error(r)) : 0;
	for (i = 0; i < ncols; i++) {
		if (s->map[i] < 0)
			continue;
		f = csvr_field(r, i);
		if (num_parse_dbl(f, &s->x[s->map[i]]) < 0) {
			if (*f)
				csvr_fail(r, "column '%s': not a finite number: '%s'", csvr_colname(r, i), f);
			else
				csvr_fail(r, "column '%s': empty feature value", csvr_colname(r, i));
			return fail(s->err, sizeof s->err, "%s", csvr_error(r));
		}
	}
	if (s->lcol >= 0) {
		f = csvr_field(r, (size_t)s->lcol);
		if (!*f)
			csvr_fail(r, "empty label in column '%s'", s->label);
		else if (s->o.classes && dataset_class_index(s->o.classes, s->o.nclasses, f) < 0)
			csvr_fail(r, "label '%s' is not one of the model's %d classes", f,
			    s->o.nclasses);
		else
			f = NULL;
		if (f)
			return fail(s->err, sizeof s->err, "%s", csvr_error(r));
	}
	s->n++;
	return 1;
}

const char *
dataset_rows_id(const struct dataset_rows *s, size_t j, size_t *len)
{
	if (len)
		*len = csvr_fieldlen(s->r, s->idcol[j]);
	return csvr_field(s->r, s->idcol[j]);
}

const char *
dataset_rows_label(const struct dataset_rows *s)
{
	return s->lcol >= 0 ? csvr_field(s->r, (size_t)s->lcol) : NULL;
}

void
dataset_rows_free(struct dataset_rows *s)
{
	free(s->map);
	free(s->idcol);
	free(s->incols);
	free(s->x);
	dataset_free_strings(s->features, s->features ? s->d : 0);
	dataset_free_strings(s->idnames, s->idnames ? s->nid : 0);
	s->map = NULL;
	s->idcol = NULL;
	s->incols = NULL;
	s->x = NULL;
	s->features = s->idnames = NULL;
}

/* y and the classes: the model's (o->classes) or the labels' own. */
static void
encode(struct dataset *ds, const struct dataset_opts *o, char *const *labels)
{
	size_t i;

	ds->y = ereallocarray(NULL, ds->n ? ds->n : 1, sizeof *ds->y);
	if (o->classes) {
		ds->K = o->nclasses;
		ds->classes = ereallocarray(NULL, (size_t)ds->K, sizeof *ds->classes);
		for (i = 0; i < (size_t)ds->K; i++)
			ds->classes[i] = estrdup(o->classes[i]);
		for (i = 0; i < ds->n; i++)
			ds->y[i] = dataset_class_index(ds->classes, ds->K, labels[i]);
	} else
		ds->K = dataset_label_encode(labels, ds->n, ds->y, &ds->classes);
}

/* One more row of s into ds (room made by the caller). */
static void
take_row(struct dataset *ds, const struct dataset_rows *s, char **labels)
{
	size_t j;

	memcpy(ds->X + ds->n * ds->d, s->x, ds->d * sizeof *s->x);
	if (labels)
		labels[ds->n] = estrdup(dataset_rows_label(s));
	for (j = 0; s->o.keep_ids && j < ds->nid; j++)
		ds->ids[ds->n * ds->nid + j] = estrdup(dataset_rows_id(s, j, NULL));
	ds->n++;
}

int
dataset_load_rows(struct dataset *ds, struct dataset_rows *s)
{
	struct progress prog;
	char **labels = NULL;
	size_t cap = 0;
	int got;

	memset(ds, 0, sizeof *ds);
	ds->d = s->d;
	ds->features = s->features;
	s->features = NULL;
	if (s->o.keep_ids) {
		ds->nid = s->nid;
		ds->idnames = s->idnames;
		s->idnames = NULL;
	}
	progress_init(&prog, "rows");
	while ((got = dataset_rows_next(s)) == 1) {
		if (ds->n == cap) {
			cap = cap ? cap * 2 : 1024;
			ds->X = ereallocarray(ds->X, cap, (ds->d ? ds->d : 1) * sizeof *ds->X);
			if (s->lcol >= 0)
				labels = ereallocarray(labels, cap, sizeof *labels);
			if (s->o.keep_ids)
				ds->ids = ereallocarray(ds->ids, cap, (ds->nid ? ds->nid : 1) * sizeof *ds->ids);
		}
		take_row(ds, s, labels);
		progress_tick(&prog, ds->n);
	}
	if (got == 0) {
		progress_done(&prog);
		if (s->lcol >= 0)
			encode(ds, &s->o, labels);
	}
	if (labels)
		dataset_free_strings(labels, ds->n);
	if (got == 0)
		return 0;
	dataset_free(ds);
	memcpy(ds->err, s->err, sizeof ds->err);
	return -1;
}

int
dataset_load(struct dataset *ds, FILE *f, const char *name, const struct dataset_opts *o)
{
	struct dataset_rows s;
	struct csvr *r;
	char *err = NULL;
	int rc;

	memset(ds, 0, sizeof *ds);
	if (!(r = csvr_open(f, name, &err))) {
		fail(ds->err, sizeof ds->err, "%s", err ? err : "cannot read header");
		csvr_free_error(err);
		return -1;
	}
	if ((rc = dataset_rows_open(&s, r, o)) == 0)
		rc = dataset_load_rows(ds, &s);
	else
		memcpy(ds->err, s.err, sizeof ds->err);
	dataset_rows_free(&s);
	csvr_close(r);
	return rc < 0 ? -1 : 0;
}
