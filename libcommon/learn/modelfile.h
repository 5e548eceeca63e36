/* modelfile.h: reading the plain-text model file, one "key values..." line at
 * a time, from memory. Every model kind's loader uses it, so every loader
 * reports errors the same way ("'m.model': line 12: expected 52 values for
 * 'mean', got 51") and never reads past the buffer. Writers use modelfile_put_*,
 * which print doubles with %.17g in the C locale (bit-exact on reload). */
#ifndef OSFP_MODELFILE_H
#define OSFP_MODELFILE_H

#include <stddef.h>
#include <stdio.h>

struct modelfile {
	const char *buf;
	size_t len, pos;
	unsigned long line;   /* line number of the line last read */
	const char *name;
	char *cur;            /* copy of the current line, NUL-terminated */
	size_t curcap;
	char err[320];
};

void modelfile_init(struct modelfile *t, const char *buf, size_t len, const char *name);
void modelfile_free(struct modelfile *t);
/* Set t->err to "'name': line N: <msg>"; returns -1. */
int modelfile_fail(struct modelfile *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Read the next non-empty line, which must start with the word key. *rest
 * points after the key and its separating space (into t->cur). 0 or -1. */
int modelfile_key(struct modelfile *t, const char *key, char **rest);
/* Does the next non-empty line start with the word key? Reads nothing. */
int modelfile_next_is(struct modelfile *t, const char *key);
/* "key N": one integer in [lo, hi]. */
int modelfile_long(struct modelfile *t, const char *key, long lo, long hi, long *v);
/* "key x1 x2 ... xn": exactly n finite doubles. */
int modelfile_doubles(struct modelfile *t, const char *key, double *v, size_t n);
/* "key i1 ... in": exactly n integers, each in [lo, hi]. */
int modelfile_longs(struct modelfile *t, const char *key, long lo, long hi, long *v, size_t n);
/* "key word": one token without spaces (e.g. a kind name); copied into
 * out (size outsz). */
int modelfile_word(struct modelfile *t, const char *key, char *out, size_t outsz);
/* "key text": the rest of the line, percent-decoded (see modelfile_put_text). The
 * result is allocated. */
int modelfile_text(struct modelfile *t, const char *key, char **out);

void modelfile_put_doubles(FILE *f, const char *key, const double *v, size_t n);
void modelfile_put_longs(FILE *f, const char *key, const long *v, size_t n);
/* Text that may hold spaces or anything else: '%', control bytes and space
 * are written as %XX so that one value stays one line. */
void modelfile_put_text(FILE *f, const char *key, const char *s);

#endif
