/* p0f.h: osfp-predict's p0f path (p0f.c). */
#ifndef OSFP_PREDICT_P0F_H
#define OSFP_PREDICT_P0F_H

#include <stddef.h>

#include "table/dataset.h"

/* Match the rows of in (a file or "-") against the p0f database held in
 * buf (read from model) and write identifiers, predicted, params, dist and
 * raw_sig. Exits on a bad database or header; returns the exit status. */
int p0f_predict(const char *model, const char *buf, size_t len, const char *in,
    const struct dataset_opts *o, int tsv);

#endif
