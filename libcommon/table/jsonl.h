/* jsonl.h: JSON Lines output, one object per line, through a csvw (the
 * one buffered writer: its buffer, flushing and write-error handling).
 *
 * Strings are escaped per RFC 8259: the quote, the backslash and control
 * bytes (\n, \t, ... or \u00XX); bytes that are not valid UTF-8 become
 * U+FFFD, so every line is valid JSON whatever the input held. Numbers
 * are written as numbers: doubles as the shortest decimal that reads back
 * to the same double (num_fmt_double), non-finite ones as null. */
#ifndef OSFP_JSONL_H
#define OSFP_JSONL_H

#include <stdint.h>

#include "table/csvw.h"

struct jsonl {
	struct csvw *w;
	int nk;             /* keys written in the current object */
};

/* Start an object ('{'). */
void jsonl_begin(struct jsonl *j, struct csvw *w);
void jsonl_str(struct jsonl *j, const char *key, const char *s);
void jsonl_dbl(struct jsonl *j, const char *key, double v);
void jsonl_u64(struct jsonl *j, const char *key, uint64_t v);
/* text: a number already in JSON's number syntax, written as it is. */
void jsonl_num(struct jsonl *j, const char *key, const char *text);
void jsonl_null(struct jsonl *j, const char *key);
/* End the object and the line ("}\n"). */
void jsonl_end(struct jsonl *j);

/* Escape s as the body of a JSON string (no quotes) at out, which holds
 * 6 * strlen(s) bytes; returns the bytes written. */
size_t jsonl_escape(char *out, const char *s, size_t n);

#endif
