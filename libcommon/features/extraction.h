/* extraction.h: the parameters of a feature extraction: everything
 * osfp-flow-features is told that decides the vectors it writes (feature
 * sets, header block, FFT, widths, SAMP window, nprint packets) and which
 * flows it writes with which label.
 *
 * Each parameter has a key, the name of its long option ("dim" for --dim),
 * and extraction_set() reads it from text, so that the command line and
 * the record below are read by the same code. */
#ifndef OSFP_EXTRACTION_H
#define OSFP_EXTRACTION_H

#include <stddef.h>

#include "features/featvec.h"

struct extraction {
	struct featvec_spec spec;   /* features, header, fft, nprint-packets */
	long dim;                   /* dim: 0 = from the data, or not needed */
	double rate;                /* samp-rate: < 0 = from the data, or not
	                             * needed; 0 only from a record (every
	                             * flow of zero duration) */
	double q;                   /* q: the quantile of packets giving dim */
	int majority;               /* label-rule: first 0, majority 1 */
	int keep_unlabelled;        /* keep-unlabelled */
	int features_given;         /* a features value was read: the next appends */
};

/* The notebook's extraction: iat,stats, dim and rate from the data,
 * q 0.9, the first packet's label, unlabelled flows dropped. */
void extraction_default(struct extraction *x);
/* Set the parameter key from value. The first features value replaces
 * the default sets, later ones append (-f iat -f stats is -f iat,stats);
 * header, fft and keep-unlabelled take 0 or 1. Returns 0; -1 with msg
 * ("'x' is not an integer in 2..1000000", "unknown feature set 'x'") on
 * a bad value; -2 on an unknown key. */
int extraction_set(struct extraction *x, const char *key, const char *value,
    char *msg, size_t msglen);

/* Whether every width and value is known before the first flow is read
 * (dim fixed or not needed, rate fixed or not needed): then each flow can
 * be written as it ends. */
int extraction_streams(const struct extraction *x);

#endif
