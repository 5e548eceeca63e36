#include "table/dataset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "table/csvr.h"
#include "base/msg.h"
#include "base/num.h"
#include "base/progress.h"
#include "base/util.h"

static const char *const id_cols[] = { "flow", "sample", "label", "family", NULL };

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
fail(struct dataset *ds, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vformat(ds->err, sizeof ds->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* Work state of one load: what each input column is. */
enum { COL_SKIP = -1, COL_ID = -2 };

/* map[i]: the feature index of column i, or COL_ID. With a model's
 * feature list, its features are found by name and any other column must
 * be an identifier; without, every non-identifier column is a feature in
 * input order. Sets ds->d, ds->features and (keep_ids) ds->idnames. */
static int
map_columns(struct dataset *ds, struct csvr *r, const char *name, const struct dataset_opts *o,
    const char *label, long *map)
{
	size_t ncols = csvr_ncols(r), i;

	if (o->features) {
		ds->d = o->nfeatures;
		for (i = 0; i < ncols; i++)
			map[i] = dataset_is_identifier(csvr_colname(r, i), label, o->ignore) ? COL_ID : COL_SKIP;
		for (i = 0; i < ds->d; i++) {
			long c = csvr_col(r, o->features[i]);

			if (c < 0 || dataset_is_identifier(o->features[i], label, o->ignore))
				return fail(ds, "'%s': model feature '%s' is not a feature column of the input",
				    name, o->features[i]);
			map[c] = (long)i;
		}
		for (i = 0; i < ncols; i++)
			if (map[i] == COL_SKIP)
				return fail(ds, "'%s': column '%s' is not one of the model's %zu features"
				    " (another feature set? --ignore it if it is an identifier)",
				    name, csvr_colname(r, i), ds->d);
	} else {
		for (i = 0; i < ncols; i++)
			map[i] = dataset_is_identifier(csvr_colname(r, i), label, o->ignore)
			    ? COL_ID : (long)ds->d++;
	}
	ds->features = ereallocarray(NULL, ds->d ? ds->d : 1, sizeof *ds->features);
	for (i = 0; i < ncols; i++)
		if (map[i] >= 0)
			ds->features[map[i]] = estrdup(csvr_colname(r, i));
	if (o->keep_ids) {
		ds->idnames = ereallocarray(NULL, ncols, sizeof *ds->idnames);
		for (i = 0; i < ncols; i++)
			if (map[i] == COL_ID)
				ds->idnames[ds->nid++] = estrdup(csvr_colname(r, i));
	}
	return 0;
}

/* The record r holds into row ds->n (room made by the caller): its
 * features, its label (into labels[], when lcol >= 0) and its kept
 * identifiers. */
static int
take_row(struct dataset *ds, struct csvr *r, const struct dataset_opts *o, const long *map,
    long lcol, const char *label, char **labels)
{
	size_t ncols = csvr_ncols(r), i, k;

	for (i = 0; i < ncols; i++) {
		const char *s = csvr_field(r, i);

		if (map[i] >= 0 && num_parse_dbl(s, &ds->X[ds->n * ds->d + (size_t)map[i]]) < 0) {
			if (*s)
				csvr_fail(r, "column '%s': not a finite number: '%s'",
				    csvr_colname(r, i), s);
			else
				csvr_fail(r, "column '%s': empty feature value", csvr_colname(r, i));
			return fail(ds, "%s", csvr_error(r));
		}
	}
	if (lcol >= 0) {
		const char *s = csvr_field(r, (size_t)lcol);

		if (!*s) {
			csvr_fail(r, "empty label in column '%s'", label);
			return fail(ds, "%s", csvr_error(r));
		}
		labels[ds->n] = estrdup(s);
	}
	for (i = 0, k = 0; o->keep_ids && i < ncols; i++)
		if (map[i] == COL_ID)
			ds->ids[ds->n * ds->nid + k++] = estrdup(csvr_field(r, i));
	ds->n++;
	if (lcol >= 0 && o->classes &&
	    dataset_class_index(o->classes, o->nclasses, labels[ds->n - 1]) < 0) {
		csvr_fail(r, "label '%s' is not one of the model's %d classes",
		    labels[ds->n - 1], o->nclasses);
		return fail(ds, "%s", csvr_error(r));
	}
	return 0;
}

/* Every data row of r; *labels grows with them (lcol >= 0). */
static int
read_rows(struct dataset *ds, struct csvr *r, const struct dataset_opts *o, const long *map,
    long lcol, const char *label, char ***labels)
{
	struct progress prog;
	size_t cap = 0;

	progress_init(&prog, "rows");
	for (;;) {
		int got = csvr_next(r);

		progress_tick(&prog, ds->n);
		if (got < 0)
			return fail(ds, "%s", csvr_error(r));
		if (got == 0)
			break;
		if (ds->n == cap) {
			cap = cap ? cap * 2 : 1024;
			ds->X = ereallocarray(ds->X, cap, (ds->d ? ds->d : 1) * sizeof *ds->X);
			if (lcol >= 0)
				*labels = ereallocarray(*labels, cap, sizeof **labels);
			if (o->keep_ids)
				ds->ids = ereallocarray(ds->ids, cap, (ds->nid ? ds->nid : 1) * sizeof *ds->ids);
		}
		if (take_row(ds, r, o, map, lcol, label, *labels) < 0)
			return -1;
	}
	progress_done(&prog);
	return 0;
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

int
dataset_load(struct dataset *ds, FILE *f, const char *name, const struct dataset_opts *o)
{
	const char *label = o->label ? o->label : "label";
	struct csvr *r;
	char *err = NULL;
	long *map = NULL, lcol;
	char **labels = NULL;
	int rc = -1, rows_started = 0;

	memset(ds, 0, sizeof *ds);
	/* (csvr_open refuses a header that names a column twice) */
	if (!(r = csvr_open(f, name, &err))) {
		fail(ds, "%s", err ? err : "cannot read header");
		csvr_free_error(err);
		return -1;
	}
	lcol = csvr_col(r, label);
	if (lcol < 0 && o->need_label) {
		fail(ds, "'%s': no label column '%s'", name, label);
		goto out;
	}
	if (!o->need_label)
		lcol = -1;      /* a label column, if any, is only an identifier */
	map = ereallocarray(NULL, csvr_ncols(r), sizeof *map);
	if (map_columns(ds, r, name, o, label, map) < 0)
		goto out;
	/* From here on a failure is a bad row: with keep_partial the rows
	 * before it stay loaded (osfp-predict writes their predictions). */
	rows_started = 1;
	if (read_rows(ds, r, o, map, lcol, label, &labels) < 0)
		goto out;
	if (lcol >= 0)
		encode(ds, o, labels);
	rc = 0;
out:
	if (labels)
		dataset_free_strings(labels, ds->n);
	free(map);
	csvr_close(r);
	if (rc < 0 && rows_started && o->keep_partial && !o->classes) {
		ds->partial = 1;
		return rc;
	}
	if (rc < 0) {
		char e[sizeof ds->err];

		memcpy(e, ds->err, sizeof e);
		dataset_free(ds);
		memcpy(ds->err, e, sizeof e);
	}
	return rc;
}
