/* records.h: every record of a CSV kept as text, to be written out again
 * in any subset and order (osfp-tune's fold files). Each record is one
 * allocation holding its fields NUL-separated; the columns named in cols
 * are also kept as pointers for quick lookup. The library never exits:
 * errors come back as -1 with the reader's one-line message in err. */
#ifndef OSFP_RECORDS_H
#define OSFP_RECORDS_H

#include <stddef.h>

#include "table/csvr.h"
#include "table/csvw.h"

struct records {
	size_t n, cap, ncols;
	char **rec;              /* n records, fields joined by NULs */
	char **names;            /* ncols column names */
	int nkeys;
	long *keycol;            /* nkeys column indices (-1: not kept) */
	char ***key;             /* key[j][i]: record i's field of keycol[j] */
};

/* Read the records after r's header, keeping the fields of the nkeys
 * columns keycol[] (indices into r's columns, -1 for none). An empty field
 * of a kept column whose want_nonempty is set is an error ("line N: empty
 * value in column 'C'"). 0, or -1 with err set. */
int records_read(struct records *rs, struct csvr *r, const long *keycol,
    const int *want_nonempty, int nkeys, char *err, size_t errsz);
/* Write the header and the records idx[0..n) to w (all, in order, when
 * idx is NULL). */
void records_write(const struct records *rs, const size_t *idx, size_t n, struct csvw *w);
void records_free(struct records *rs);

#endif
