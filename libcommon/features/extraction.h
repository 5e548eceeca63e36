/* extraction.h: the parameters of a feature extraction: everything
 * osfp-flow-features is told that decides the vectors it writes (feature
 * sets, header block, FFT, widths, SAMP window, nprint packets) and which
 * flows it writes with which label.
 *
 * Each parameter has a key, the name of its long option ("dim" for --dim),
 * and extraction_set() reads it from text, so that the command line and
 * the record below are read by the same code.
 *
 * The record (osfp-flow-features --dim-out FILE writes it, --like FILE
 * reads it) is text, one parameter a line, every line starting with the
 * word "extraction":
 *
 *     extraction version 1
 *     extraction features iat,stats,syn,hdr
 *     extraction header 0
 *     extraction fft 0
 *     extraction nprint-packets 3
 *     extraction dim 21
 *     extraction q 0.9
 *     extraction samp-rate -
 *     extraction label-rule first
 *     extraction keep-unlabelled 0
 *     extraction interval 0.26060335636138915
 *
 * "extraction KEY VALUE" means the option --KEY VALUE (flags 0 or 1); a
 * value "-" for dim or samp-rate: the run did not use one (stats alone,
 * no SAMP set). interval is not the features' own: the split interval of
 * the osfp-pcap-flows run that made the flows (osfp-flow-features
 * --interval records it, nothing here uses it), for a live run of the
 * flows stage (osfp-pcap-flows --stream --interval, scripts/live); "-"
 * when not given. Every key is required, once, except interval (records
 * written before it was added lack it: "-"); version is 1.
 *
 * A model file embeds the record by holding its lines, unchanged, among
 * its own ("key value" lines too, none of whose keys is "extraction"):
 * extraction_parse() reads the lines starting with "extraction " out of a
 * whole file and skips every other line, so the bare record and a model
 * holding it are read alike. A model writer checks the record with
 * extraction_parse() and writes extraction_format()'s text. */
#ifndef OSFP_EXTRACTION_H
#define OSFP_EXTRACTION_H

#include <stddef.h>
#include <stdio.h>

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
	double interval;            /* interval: the flows stage's; < 0: not given */
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

/* Fix what a run holding n flows left to the data, as netml does: dim =
 * floor(np.quantile(counts, q)) unless dim is fixed, and the SAMP rate R =
 * np.quantile(durations, 0.3) unless it is fixed or durations is NULL (no
 * SAMP set); nothing when n is 0. counts and durations (the flows' packet
 * counts and durations) are sorted in place. Returns what came from the
 * data: EXTRACTION_DIM, EXTRACTION_RATE or'ed. */
enum { EXTRACTION_DIM = 1, EXTRACTION_RATE = 2 };
int extraction_fix(struct extraction *x, double *counts, double *durations, size_t n);
/* The note on what extraction_fix took from n flows (from: its result),
 * as the options that give it: "widths from 2 flows: --dim 3 --samp-rate
 * 0.6", "SAMP window from 1 flow: --samp-rate 0.5"; "" for nothing. */
void extraction_note(const struct extraction *x, int from, size_t n, char *buf, size_t len);

/* Do an input's feature columns (cols[0..n): its columns that are not
 * identifiers, in any order) have the names x writes, but for those in
 * skip (comma-separated, may be NULL: columns left out with --ignore)?
 * 0 when they do, or when x cannot tell (a dim it needs is "-"); else -1
 * with msg saying how they differ, as the options that make x's names and
 * the names around the first difference (the first of x's the input
 * lacks, else the first it adds): "features extracted with -f iat,stats
 * --dim 41 (iat_0..iat_39); this input has iat_0..iat_19". */
int extraction_compare(const struct extraction *x, const char *const *cols, size_t n,
    const char *skip, char *msg, size_t msglen);

/* The record of x: allocated text, each line "extraction KEY VALUE\n". */
char *extraction_format(const struct extraction *x);
/* Read the record out of text (len bytes; a bare record or a file holding
 * its lines) into x. Returns 0, or -1 with msg naming name and the line:
 * an unknown key, a bad value, a key twice, a key missing, another
 * version, or no record at all. */
int extraction_parse(struct extraction *x, const char *text, size_t len, const char *name,
    char *msg, size_t msglen);
/* extraction_parse on all of f (name: for messages); also -1 with msg on
 * a read error. */
int extraction_read(struct extraction *x, FILE *f, const char *name, char *msg, size_t msglen);

#endif
