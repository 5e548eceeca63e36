#include "table/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static int
add(struct records *rs, struct csvr *r, const int *want_nonempty, char *err, size_t errsz)
{
	size_t len = 0, off = 0, i;
	int j;

	for (i = 0; i < rs->ncols; i++)
		len += csvr_fieldlen(r, i) + 1;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? 2 * rs->cap : 1024;
		rs->rec = ereallocarray(rs->rec, rs->cap, sizeof *rs->rec);
		for (j = 0; j < rs->nkeys; j++)
			rs->key[j] = ereallocarray(rs->key[j], rs->cap, sizeof **rs->key);
	}
	rs->rec[rs->n] = emalloc(len);
	for (i = 0; i < rs->ncols; i++) {
		size_t l = csvr_fieldlen(r, i) + 1;

		memcpy(rs->rec[rs->n] + off, csvr_field(r, i), l);
		for (j = 0; j < rs->nkeys; j++) {
			if (rs->keycol[j] != (long)i)
				continue;
			rs->key[j][rs->n] = rs->rec[rs->n] + off;
			if (l == 1 && want_nonempty && want_nonempty[j]) {
				snprintf(err, errsz, "'%s': line %lu: empty value in column '%s'",
				    csvr_name(r), csvr_line(r), rs->names[i]);
				sanitize_line(err);
				free(rs->rec[rs->n]);
				return -1;
			}
		}
		off += l;
	}
	rs->n++;
	return 0;
}

int
records_read(struct records *rs, struct csvr *r, const long *keycol,
    const int *want_nonempty, int nkeys, char *err, size_t errsz)
{
	size_t i;
	int rc;

	memset(rs, 0, sizeof *rs);
	rs->ncols = csvr_ncols(r);
	rs->names = emalloc(rs->ncols * sizeof *rs->names);
	for (i = 0; i < rs->ncols; i++)
		rs->names[i] = estrdup(csvr_colname(r, i));
	rs->nkeys = nkeys;
	rs->keycol = emalloc((nkeys ? (size_t)nkeys : 1) * sizeof *rs->keycol);
	rs->key = ecalloc(nkeys ? (size_t)nkeys : 1, sizeof *rs->key);
	if (nkeys)
		memcpy(rs->keycol, keycol, (size_t)nkeys * sizeof *keycol);
	while ((rc = csvr_next(r)) > 0)
		if (add(rs, r, want_nonempty, err, errsz) < 0)
			return -1;
	if (rc < 0) {
		snprintf(err, errsz, "%s", csvr_error(r));
		return -1;
	}
	return 0;
}

void
records_write(const struct records *rs, const size_t *idx, size_t n, struct csvw *w)
{
	size_t i, c;

	for (c = 0; c < rs->ncols; c++)
		csvw_str(w, rs->names[c]);
	csvw_end(w);
	for (i = 0; i < (idx ? n : rs->n); i++) {
		const char *s = rs->rec[idx ? idx[i] : i];

		for (c = 0; c < rs->ncols; c++) {
			csvw_str(w, s);
			s += strlen(s) + 1;
		}
		csvw_end(w);
	}
}

void
records_free(struct records *rs)
{
	size_t i;
	int j;

	for (i = 0; i < rs->n; i++)
		free(rs->rec[i]);
	free(rs->rec);
	for (i = 0; i < rs->ncols; i++)
		free(rs->names[i]);
	free(rs->names);
	for (j = 0; j < rs->nkeys; j++)
		free(rs->key[j]);
	free(rs->key);
	free(rs->keycol);
	memset(rs, 0, sizeof *rs);
}
