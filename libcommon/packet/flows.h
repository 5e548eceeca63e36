/* flows.h: netml's pcap2flows (spec/netml.md section 2), bit for bit.
 *
 * The caller decodes the packets and gives each one a key id: key ids
 * number the distinct flow keys in the order they first appear in the
 * file (netml's OrderedDict). Records are any struct that begins with a
 * struct flows_head, stored in file order at a fixed stride. flows_build then
 *   1. drops keys with fewer than min_packets packets,
 *   2. stable-sorts each key's packets by their double time,
 *   3. splits at idle gaps > timeout (netml drops the piece after the last
 *      split unless keep_last), keeps pieces of >= min_packets,
 *   4. takes the split interval: fixed, or np.quantile(durations, q) (a
 *      quantile of 0 means no split: see flows_result.npositive),
 *   5. splits again at gaps > interval with netml's grid-aligned start
 *      (same last-piece drop), keeps pieces of >= min_packets.
 * netml's flow_ptks_thres drops fewer than max(2, thres) packets at steps
 * 1 and 5: the same for every min_packets >= 2; min_packets 1 keeps the
 * flows of one packet, which netml never gives.
 * The result lists the final flows in netml's order, each as a run of
 * record indices in (stable) time order. Nothing exits. */
#ifndef OSFP_FLOWS_H
#define OSFP_FLOWS_H

#include <stddef.h>
#include <stdint.h>

#include "base/numpy.h"

struct flows_head {
	double t;        /* netml's float(pkt.time) */
	uint32_t key;    /* key id, 0-based in order of first appearance */
	uint32_t user;   /* free for the caller (fills the padding) */
};

struct flows_opts {
	double timeout;      /* idle timeout in seconds; <= 0: no timeout split */
	double interval;     /* > 0: fixed split interval */
	double q_interval;   /* else the interval is this quantile of the
	                      * durations; <= 0: no interval split */
	long min_packets;    /* netml's flow_ptks_thres (2); >= 1 */
	int keep_last;       /* 1: keep the piece after the last split */
};
#define FLOWS_OPTS_NETML { 600.0, 0.0, 0.9, 2, 0 }

struct flows_flow {
	uint32_t key;
	uint32_t start;      /* first index into flows_result.order */
	uint32_t n;          /* packets */
};

struct flows_result {
	uint32_t *order;     /* record indices, flow after flow */
	size_t norder;       /* length of order (all records; flows use part) */
	struct flows_flow *flows;
	size_t nflows;
	size_t npackets;     /* sum of the flows' n */
	double interval;     /* the interval used (0 if none) */
	int interval_zero;   /* 1: the quantile was 0; no split was done */
	size_t npositive;    /* with interval_zero: the pieces that last more
	                      * than 0 s. netml's split divides by the
	                      * interval at the first gap it finds, so it
	                      * crashes (OverflowError) when there is one; with
	                      * none it splits nothing, as here. */
	size_t pieces_timeout;  /* flows after the timeout split */
};

/* Returns 0, or -1 with *err a static message (out of memory, too many
 * packets). recs points at nrec records of stride bytes each. */
int flows_build(const void *recs, size_t stride, size_t nrec, size_t nkeys,
    const struct flows_opts *o, struct flows_result *r, const char **err);
void flows_free(struct flows_result *r);

/* netml's per-packet split tests (spec/netml.md 2.2, 2.4), shared by
 * flows_build and flowstream so that both do the same double arithmetic.
 *
 * Timeout split: t opens a new piece when t - prev > timeout, prev the
 * previous packet's time in (stable) time order; strictly greater, double
 * minus double. */
static inline int
flows_timeout_split(double t, double prev, double timeout)
{
	return t - prev > timeout;
}

/* The grid start of an interval piece opened by a packet at time t, in a
 * flow whose current grid start is S: S + int(pyfloordiv(t - S, interval))
 * * interval. numpy_floordiv returns an integral double, which int() and
 * the product with a float leave unchanged. */
static inline double
flows_grid(double S, double t, double interval)
{
	return S + numpy_floordiv(t - S, interval) * interval;
}

/* One packet of the interval split. *last is the previous packet's key:
 * its time, or the grid start S for the first packet of a piece. Returns
 * 1 when t opens a new piece (then *S is that piece's grid start and
 * *last = *S), else 0 (then *last = t). */
static inline int
flows_interval_step(double t, double interval, double *S, double *last)
{
	if (t - *last > interval) {
		*S = flows_grid(*S, t, interval);
		*last = *S;
		return 1;
	}
	*last = t;
	return 0;
}

#endif
