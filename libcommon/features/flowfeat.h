/* flowfeat.h: netml's per-flow feature vectors (PCAP.flow2features), as a
 * library, so that osfp-flow-features and later stages (fingerprints, fuzz
 * harnesses) compute them the same way.
 *
 * A flow is its packets' times (the doubles netml uses) and sizes (netml's
 * len(pkt)), in the flow's order. Every function reproduces netml 0.7.1 +
 * numpy bit for bit (spec/netml.md sections 3-6), except the FFT, which
 * matches numpy to about 1e-12 relative. Nothing here allocates except
 * where said, and nothing exits. */
#ifndef OSFP_FLOWFEAT_H
#define OSFP_FLOWFEAT_H

#include <stddef.h>
#include <stdint.h>

enum flowfeat_set {
	FEAT_IAT, FEAT_SIZE, FEAT_IAT_SIZE, FEAT_STATS, FEAT_SAMP_NUM,
	FEAT_SAMP_SIZE, FEAT_NSETS
};

/* netml's SAMP_* windows stop after this many values. */
#define FEAT_SAMP_MAX 500
/* The header block: 8 TCP flag counts, then the TTLs. */
#define FEAT_NFLAGS 8
/* Column names of the 12 STATS values, in order. */
extern const char *const flowfeat_stats_names[12];
/* The TCP flag letters netml counts, in its order (F S R P A U E C). */
extern const char flowfeat_flag_letters[FEAT_NFLAGS + 1];

struct flowfeat_flow {
	size_t n;              /* packets, >= 1 */
	const double *t;       /* times in seconds */
	const double *len;     /* sizes in bytes (integers) */
	const uint8_t *ttl;    /* header only: the packets' TTLs */
	const double *flags;   /* header only: FEAT_NFLAGS counts (F S R P A U E C) */
};

/* The set's name in column names ("iat", "samp_num"), and the parser of
 * names in -f lists (case-insensitive, netml's upper-case names work too).
 * flowfeat_set_parse returns -1 on an unknown name. */
const char *flowfeat_set_name(enum flowfeat_set s);
int flowfeat_set_parse(const char *name, enum flowfeat_set *s);

/* The width D netml gives the set for its dim (the packet-count quantile):
 * IAT, SAMP_* dim-1; SIZE dim; IAT_SIZE 2*dim-1; STATS 12. */
size_t flowfeat_width(enum flowfeat_set s, long dim);
/* Whether the set's values depend on the SAMP window length R. */
int flowfeat_needs_rate(enum flowfeat_set s);

/* max(t) - min(t): netml's flow duration. */
double flowfeat_duration(const struct flowfeat_flow *f);

/* netml's dim: floor(np.quantile(counts, q)). counts is sorted in place.
 * n >= 1. */
long flowfeat_dim(double *counts, size_t n, double q);
/* netml's SAMP window length R: np.quantile(durations, 0.3), sorted in
 * place. n >= 1. */
double flowfeat_samp_rate(double *durations, size_t n);

/* The set's D values for one flow into out: netml's list, cut or padded
 * with zeros to D (fft = 0), or the real part of its length-D DFT (fft = 1).
 * rate is R for the SAMP sets (> 0, or 0 with a flow of zero duration).
 * scratch holds flowfeat_scratch(f->n, D) doubles. Returns 0, or -1 when the
 * SAMP loop would divide by R == 0 (netml raises OverflowError there). */
size_t flowfeat_scratch(size_t n, size_t D);
int flowfeat_compute(enum flowfeat_set s, const struct flowfeat_flow *f, size_t D,
    double rate, int fft, double *out, double *scratch);

/* netml's header block for a set of width D: the 8 flag counts then the
 * TTLs, cut or padded to 8 + D (or the real DFT of length 8 + D). scratch
 * as for flowfeat_compute. */
void flowfeat_header(const struct flowfeat_flow *f, size_t D, int fft, double *out,
    double *scratch);

/* Real part of the length-m DFT of v (length n, cut or zero-padded to m):
 * out[k] = sum_j v[j] cos(2 pi j k / m), numpy's np.real(np.fft.fft(v, m)).
 * table holds m doubles. */
void flowfeat_real_dft(const double *v, size_t n, size_t m, double *out,
    double *table);

#endif
