/* dataset.h: a features CSV as a dense row-major matrix plus labels.
 *
 * Columns named flow, sample, label, family (and any listed in ignore) are
 * identifiers; every other column is a numeric feature. Labels are encoded
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

struct dataset_opts {
	const char *label;        /* label column; NULL means "label" */
	const char *ignore;       /* comma-separated extra identifier columns */
	int need_label;           /* a missing label column is an error */
	char *const *features;    /* a model's feature names, or NULL */
	size_t nfeatures;
	char *const *classes;     /* a model's classes (sorted), or NULL */
	int nclasses;
	int keep_ids;             /* keep the identifier columns' text */
	int keep_partial;         /* on a bad row, keep the rows before it */
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
	int partial;              /* dataset_load failed on a row; rows 0..n-1 are good */
	char err[512];
};

int dataset_load(struct dataset *ds, FILE *f, const char *name, const struct dataset_opts *o);
void dataset_free(struct dataset *ds);

/* Is column name an identifier under these options? */
int dataset_is_identifier(const char *col, const char *label, const char *ignore);

/* LabelEncoder: classes = sorted distinct labels[0..n-1], y[i] = index of
 * labels[i]. *classes is allocated (strings copied); returns K. */
int dataset_label_encode(char *const *labels, size_t n, int *y, char ***classes);
/* Index of s in the sorted list classes[0..K-1], or -1. */
int dataset_class_index(char *const *classes, int K, const char *s);
void dataset_free_strings(char **v, size_t n);

#endif
