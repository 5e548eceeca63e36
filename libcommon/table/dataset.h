/* dataset.h: a features CSV as a dense row-major matrix plus labels, or
 * one row at a time.
 *
 * Columns named flow, sample, label, family, and src, dst, sport, dport,
 * proto, packet, time (what osfp-flow-features --id carries from the
 * flows), and any listed in ignore, are identifiers; every other column is
 * a numeric feature. Labels are encoded
 * like sklearn's LabelEncoder on strings: classes are the distinct labels
 * sorted by byte order (np.unique), y holds class indices. When a model's
 * feature list is given, columns are matched by name (any order); a missing
 * feature or an extra non-identifier column is an error. When a model's
 * class list is given, labels map onto it and an unseen label is an error.
 * The library never exits: errors come back as -1 with ds->err set to one
 * line naming the input and, where there is one, the line. */
#ifndef OSFP_DATASET_H
#define OSFP_DATASET_H

#include <stddef.h>
#include <stdio.h>

#include "table/csvr.h"

struct dataset_opts {
	const char *label;        /* label column; NULL means "label" */
	const char *ignore;       /* comma-separated extra identifier columns */
	int need_label;           /* a missing label column is an error */
	char *const *features;    /* a model's feature names, or NULL */
	size_t nfeatures;
	char *const *classes;     /* a model's classes (sorted), or NULL */
	int nclasses;
	int keep_ids;             /* keep the identifier columns' text */
};

struct dataset {
	size_t n, d;
	double *X;                /* n x d, row-major */
	char **features;          /* d names */
	int *y;                   /* n class indices; NULL without labels */
	char **classes;           /* K names, byte-sorted */
	int K;
	size_t nid;               /* identifier columns kept (keep_ids) */
	char **idnames;           /* nid names */
	char **ids;               /* n x nid strings */
	char err[512];
};

int dataset_load(struct dataset *ds, FILE *f, const char *name, const struct dataset_opts *o);
void dataset_free(struct dataset *ds);

/* The rows of a CSV one at a time, its columns mapped as dataset_load
 * maps them (osfp-predict writes each row's prediction as it comes). */
struct dataset_rows {
	struct csvr *r;           /* the caller's; its header read */
	struct dataset_opts o;
	const char *label;        /* the label column's name */
	long lcol;                /* its index when o.need_label, else -1 */
	long *map;                /* input column: feature index, or < 0 */
	size_t d;                 /* features per row */
	char **features;          /* their d names */
	size_t nid;               /* identifier columns, in input order */
	char **idnames;           /* their names */
	size_t *idcol;            /* their input columns */
	const char **incols;      /* the input's other columns, which dataset_rows_open
	                           * reads as features (nin; names valid while r is) */
	size_t nin;
	double *x;                /* the current row's d features */
	size_t n;                 /* rows read */
	char err[512];
};

/* The mapping of r's columns (r: csvr_open'ed; the caller closes it).
 * Returns 0; DATASET_COLUMNS with err when the columns are not a model's
 * features (one missing, or one more that is not an identifier); -1 with
 * err on another error (no label column). dataset_rows_free either way. */
enum { DATASET_COLUMNS = -2 };
int dataset_rows_open(struct dataset_rows *s, struct csvr *r, const struct dataset_opts *o);
/* The next row: 1 (its features in s->x), 0 at the end, -1 with s->err
 * (a field that is not a number, an empty label, a label not one of the
 * model's classes). */
int dataset_rows_next(struct dataset_rows *s);
/* The current row's identifier j < s->nid, and its label (need_label). */
const char *dataset_rows_id(const struct dataset_rows *s, size_t j, size_t *len);
const char *dataset_rows_label(const struct dataset_rows *s);
void dataset_rows_free(struct dataset_rows *s);
/* The remaining rows of s into ds (which takes s's names over), the
 * labels encoded (need_label): dataset_load after dataset_rows_open.
 * 0, or -1 with ds->err. */
int dataset_load_rows(struct dataset *ds, struct dataset_rows *s);

/* Is column name an identifier under these options? */
int dataset_is_identifier(const char *col, const char *label, const char *ignore);

/* LabelEncoder: classes = sorted distinct labels[0..n-1], y[i] = index of
 * labels[i]. *classes is allocated (strings copied); returns K. */
int dataset_label_encode(char *const *labels, size_t n, int *y, char ***classes);
/* Index of s in the sorted list classes[0..K-1], or -1. */
int dataset_class_index(char *const *classes, int K, const char *s);
void dataset_free_strings(char **v, size_t n);

#endif
