/* capmerge.h: the captures of a run read as one: merged in time order as
 * mergecap merges them, and optionally filtered by a tcpdump expression
 * (packet/pktfilter). The merge takes the packet with the earliest
 * timestamp first, a tie going to the capture listed first (so the merge
 * is stable: two packets of one capture never swap). A packet without a
 * timestamp (a pcapng Simple Packet Block) is taken as soon as it is its
 * capture's next. Packets the filter drops are never handed out.
 *
 * Packets are numbered as if the captures were concatenated in the order
 * given (cat a.pcapng b.pcapng, or mergecap -a): the packets of the second
 * capture follow the last of the first. That number is only known once
 * the earlier captures have been read to their end, so while reading a
 * packet's ordinal is a composite, CAPMERGE_ORDINAL(capture, its own
 * ordinal) (the plain ordinal for capture 0); capmerge_ordinal turns it
 * into the final number after the end. At most CAPMERGE_MAX captures of
 * at most 2^48 - 1 packets each. Nothing exits but when out of memory. */
#ifndef OSFP_CAPMERGE_H
#define OSFP_CAPMERGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "packet/capture.h"
#include "packet/pktfilter.h"

#define CAPMERGE_MAX 65535
#define CAPMERGE_SHIFT 48
#define CAPMERGE_ORDINAL(capture, own) ((uint64_t)(capture) << CAPMERGE_SHIFT | (own))
#define CAPMERGE_CAPTURE(ordinal) ((size_t)((ordinal) >> CAPMERGE_SHIFT))
#define CAPMERGE_OWN(ordinal) ((ordinal) & (((uint64_t)1 << CAPMERGE_SHIFT) - 1))

struct capmerge_in {
	struct capture_reader *r;
	const char *name;               /* capmerge_open's, for messages */
	FILE *f;                        /* capmerge_open's */
	struct capture_packet head;     /* its next packet, when have */
	int have;
	int done;                       /* capture_next gave 0 */
	uint64_t npackets;              /* read so far */
};

/* Zero-initialize, or use capmerge_init. */
struct capmerge {
	struct capmerge_in *in;
	size_t n;
	size_t last;                    /* the capture of the packet handed out */
	size_t failed;                  /* after -1: the capture that failed */
	uint64_t *offset;               /* after the end: packets before each */
	int own;                        /* the readers are capmerge_open's */
	char *shown;                    /* capmerge_open: the names, joined */
	struct pktfilter *filter;       /* capmerge_filter's, or NULL */
	uint64_t filtered;              /* packets the filter dropped */
	char *err;                      /* a filter error of capmerge_next */
};

/* Merge the n (1..CAPMERGE_MAX) readers r, which stay the caller's.
 * Exits when out of memory. */
void capmerge_init(struct capmerge *m, struct capture_reader *const *r, size_t n);
/* Open the n (1..CAPMERGE_MAX) captures path[i] (NULL or "-": standard
 * input, named <stdin>) and merge them: 0, or -1 with *err a message to
 * free ("'x.pcap': cannot open: No such file or directory", or
 * capture_open's). Files and readers are capmerge_free's; the paths must
 * outlive m. m->shown is the names joined by ", ", for messages about the
 * whole run. */
int capmerge_open(struct capmerge *m, char *const *path, size_t n,
    const struct capture_options *co, char **err);
/* Hand out only the packets that pass the filter expr, compiled for the
 * link type of each capture's first interface (and later for any other it
 * meets): 0, or -1 with *err (static until the next call) the first
 * compile error. */
int capmerge_filter(struct capmerge *m, const char *expr, const char **err);
int capmerge_next_(struct capmerge *m, struct capture_packet *p);

/* The next packet in time order (its ordinal composite) that passes the
 * filter: 1, 0 at the end of every capture, -1 when a capture fails or the
 * filter cannot be compiled for a packet's link type (capmerge_error; the
 * merge is over). *p stays valid until the next call, and until
 * capmerge_free if every reader is capture_stable. One capture and no
 * filter: inline, as capture_next. Call from one thread at a time. */
static inline int
capmerge_next(struct capmerge *m, struct capture_packet *p)
{
	if (m->n == 1 && !m->filter)
		return capture_next(m->in[0].r, p);
	return capmerge_next_(m, p);
}
/* Why capmerge_next gave -1: one line naming the capture. */
const char *capmerge_error(const struct capmerge *m);

/* 1 if a capture's input ended because a stop was requested
 * (capture_interrupted). */
int capmerge_interrupted(const struct capmerge *m);
/* 1 if every reader is capture_stable. */
int capmerge_stable(const struct capmerge *m);
/* After capmerge_next gave 0 or -1: the final ordinal of a composite one
 * (packets of the captures before its own, plus its own ordinal). */
uint64_t capmerge_ordinal(struct capmerge *m, uint64_t composite);
void capmerge_free(struct capmerge *m);

#endif
