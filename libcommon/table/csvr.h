/* csvr.h: a record-at-a-time CSV/TSV reader on libcsv.
 *
 * The first record is the header; columns are found by name. The delimiter
 * is a comma unless the header line holds a tab and no comma (TSV). Every
 * record must have as many fields as the header. The library never exits:
 * errors come back as -1 with a one-line message in csvr_error(), which
 * names the input and the line ("'x.csv': line 7: expected 5 fields, got 4"). */
#ifndef OSFP_CSVR_H
#define OSFP_CSVR_H

#include <stddef.h>
#include <stdio.h>

struct csvr;

/* Open a reader on f and read the header. Returns NULL with *err set to a
 * static/allocated message (free with csvr_free_error) on failure. */
struct csvr *csvr_open(FILE *f, const char *name, char **err);
/* Same, reading from memory (used by the fuzz harness and unit tests). */
struct csvr *csvr_open_mem(const char *buf, size_t len, const char *name, char **err);
void csvr_free_error(char *err);
void csvr_close(struct csvr *r);

/* Read the next record: 1 got one, 0 end of input, -1 error. */
int csvr_next(struct csvr *r);
const char *csvr_error(const struct csvr *r);

size_t csvr_ncols(const struct csvr *r);
const char *csvr_colname(const struct csvr *r, size_t i);
/* Index of the column named name, or -1. */
long csvr_col(const struct csvr *r, const char *name);
/* Field i of the current record (NUL-terminated; valid until the next call). */
const char *csvr_field(const struct csvr *r, size_t i);
size_t csvr_fieldlen(const struct csvr *r, size_t i);
/* Line number (1-based) on which the current record starts. */
unsigned long csvr_line(const struct csvr *r);
const char *csvr_name(const struct csvr *r);
int csvr_is_tsv(const struct csvr *r);

/* Convenience for stages: set r's error to "'name': line N: column 'col': msg". */
int csvr_fail(struct csvr *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
