/* featvec.h: the feature-vector layout of osfp-flow-features: which
 * feature sets, in which order, how wide, what their columns are named,
 * and one flow's row.
 *
 * A vector is netml's sets (flowfeat.h) in the order chosen, each preceded
 * by its header block with header, then the fingerprint sets
 * (fingerprint.h) in the order chosen. The widths of netml's sets follow
 * from netml's dim, and the SAMP sets' values from the window length R
 * (the rate); both are fixed for all the rows of one output. Nothing here
 * exits except on out of memory. */
#ifndef OSFP_FEATVEC_H
#define OSFP_FEATVEC_H

#include <stddef.h>
#include <stdint.h>

#include "features/fingerprint.h"
#include "features/flowfeat.h"
#include "packet/fields.h"

/* What was chosen. */
struct featvec_spec {
	enum flowfeat_set sets[FEAT_NSETS];   /* netml's sets, in output order */
	int nsets;
	enum fingerprint_set fp[FP_NSETS];    /* then the fingerprint sets */
	int nfp;
	int header, fft;                      /* netml's header=True, fft=True */
	int nprint_k;                         /* packets of the nprint set */
};

/* The notebook's choice: iat,stats, no header block, no FFT. */
void featvec_spec_default(struct featvec_spec *s);
/* Append the sets of a comma-separated list (netml's names in any case,
 * syn, hdr, nprint) to s; -1 with msg on an unknown name, a set given
 * twice, or a list naming none. */
int featvec_spec_add(struct featvec_spec *s, const char *list, char *msg, size_t msglen);
/* The sets as a list featvec_spec_add reads back ("iat,stats,syn"). */
void featvec_spec_list(const struct featvec_spec *s, char *buf, size_t len);
/* Whether the widths depend on dim (any netml set but stats, or the
 * header block), and the values on the SAMP rate (samp_num, samp_size). */
int featvec_needs_dim(const struct featvec_spec *s);
int featvec_needs_rate(const struct featvec_spec *s);
/* The per-packet fields (fields.h) the fingerprint sets read, 0 for none;
 * *raw: whether they read the raw headers (nprint); why: their names
 * ("syn,hdr"), for messages about missing columns. */
uint32_t featvec_fields(const struct featvec_spec *s, int *raw, char *why, size_t whylen);

/* The layout for one dim and rate. */
struct featvec {
	struct featvec_spec spec;
	long dim;
	double rate;
	size_t width[FEAT_NSETS];   /* D of each of netml's sets */
	size_t n;                   /* columns in all */
	double *scratch;
	size_t nscratch;
};

/* dim >= 2 (any value when !featvec_needs_dim); rate > 0, or 0 when no
 * SAMP set is chosen or every flow has zero duration. */
void featvec_init(struct featvec *v, const struct featvec_spec *s, long dim, double rate);
void featvec_free(struct featvec *v);
/* The name of column i < v->n: iat_0, iat_hdr_F, iat_hdr_ttl_3,
 * iat_fft_0, duration, syn_ttl, ... (at most FEATVEC_NAME_MAX bytes). */
#define FEATVEC_NAME_MAX 64
void featvec_colname(const struct featvec *v, size_t i, char *buf, size_t len);
/* One flow's row into row (v->n doubles). f: the packets' times and
 * sizes (TTLs and flag counts with header); fp, raw: their fingerprint
 * fields (NULL without fingerprint sets; raw for nprint). Returns 0, or
 * -1 when a SAMP set meets R == 0 and a gap > 0, where netml fails
 * (OverflowError). */
int featvec_row(struct featvec *v, const struct flowfeat_flow *f,
    const struct fields_pkt *fp, const struct fields_raw *raw, double *row);

#endif
