/* p0flearn.h: a p0f v3 fingerprint database learned from labelled SYNs.
 *
 * Each row's signature is written as a p0f database holds it (p0fsig_db:
 * the raw signature with its initial TTL), in tcp:request for a SYN and
 * tcp:response for a SYN+ACK. A signature goes to the label that sent it
 * most (ties: the label first in byte order); the other labels that sent
 * it, and how often, are written in a comment above it. Each label is
 *
 *   label = s:<family>:<label>:
 *
 * with the family its rows carry most often. p0f wants a class of letters
 * and digits and a name of letters, digits and " ./-_!?()": other bytes
 * are dropped from a family and become '_' in a name; names that p0f
 * would take for one (it ignores case) get " (2)", " (3)"... Every line
 * is checked with p0fdb as it is written: a signature that p0f would
 * refuse as covered by an earlier one (the same fields under another
 * IP version, say) is written as a comment naming that line, so the
 * file always loads in p0f 3.09b. */
#ifndef OSFP_P0FLEARN_H
#define OSFP_P0FLEARN_H

#include <stddef.h>
#include <stdio.h>

#include "learn/p0fsig.h"

struct p0flearn;

struct p0flearn *p0flearn_new(void);
/* One labelled row with a SYN (s->none == 0); family may be "" or NULL.
 * A layout longer than the syn columns hold cannot be written: such
 * rows are counted, and left out. */
void p0flearn_add(struct p0flearn *l, const char *label, const char *family,
    const struct p0fsig *s);
/* Rows taken and left out so far. */
size_t p0flearn_rows(const struct p0flearn *l);
size_t p0flearn_skipped(const struct p0flearn *l);
/* Write the database to f (name: the output's name in messages; source:
 * the input's, in the header comment). Returns 0, or -1 with err set. */
int p0flearn_write(struct p0flearn *l, FILE *f, const char *name, const char *source,
    char *err, size_t errsz);
void p0flearn_free(struct p0flearn *l);

#endif
