/* flowrows.h: packet rows -> flows. The reader of the rows osfp-pcap-flows
 * writes (one per packet, each naming its flow), gathering them into flows.
 *
 * Contract of the input: a CSV/TSV with the columns flow, time, len (and
 * ttl, tcpflags, link with header); the rows of a flow are contiguous and
 * in the flow's packet order. A flow ends when a row of another flow (or
 * the end of input) arrives. A flow id that comes back after another flow
 * is an error (a flow split in two would silently become two flows). A
 * flow of one packet is fine (osfp-pcap-flows --min-packets 1).
 *
 * What is kept: per packet the time (strtod of the decimal, the double
 * netml computes), the length, with header the TTL, and with
 * flowrows_fields the fingerprint fields; per flow its id, the line of its
 * first row, with header the counts of the 8 TCP flags netml counts, and
 * the strings of sample, label and family: the first packet's, or with
 * majority those of the first packet carrying the flow's most frequent
 * non-empty label, and of the columns asked for with flowrows_carry: the
 * first packet's. Packets are held in flat arrays, flows after flows;
 * flowrows_drop() forgets the written flows, so that a caller writing each
 * flow as it ends holds one flow at a time.
 *
 * Errors come back as -1 with a one-line message naming the input and
 * line; nothing exits except on out of memory. */
#ifndef OSFP_FLOWROWS_H
#define OSFP_FLOWROWS_H

#include <stddef.h>
#include <stdint.h>

#include "base/oatable.h"
#include "packet/fields.h"
#include "table/csvr.h"
#include "table/fieldcols.h"

/* A string a flow does not have (no such column). */
#define FLOWROWS_NONE ((size_t)-1)
/* The TCP flag counts of header: tcpflags bits 0..7, F S R P A U E C
 * (netml's header block; the NS bit is not counted). */
#define FLOWROWS_NFLAGS 8

/* One flow: its packets are [off, off + n) of the packet arrays, its
 * strings offsets into the string arena (flowrows_str). */
struct flowrows_rec {
	size_t off, n;
	size_t id, sample, label, family;   /* string offsets or FLOWROWS_NONE */
	size_t extra;                       /* the flowrows_carry strings, one
	                                     * after the other, or FLOWROWS_NONE */
	size_t strbase;                     /* first string byte of the flow */
	unsigned long line;                 /* line of its first row */
};

/* A flow's packets, in the arrays of the reader (valid until the next
 * flowrows_next or flowrows_drop). */
struct flowrows_pkts {
	size_t n;
	const double *t, *len;
	const uint8_t *ttl;                 /* header only, else NULL */
	const double *flags;                /* header only: FLOWROWS_NFLAGS counts */
	const struct fields_pkt *fp;        /* flowrows_fields only, else NULL */
	const struct fields_raw *raw;       /* and raw headers asked for */
};

struct flowrows_tally;    /* majority: the open flow's labels */

struct flowrows {
	struct csvr *r;
	long col_flow, col_time, col_len, col_ttl, col_flags, col_link;
	long col_sample, col_label, col_family;   /* -1: no such column */
	int header, majority;
	int carry[3];                       /* sample, label, family present */
	size_t ncarry;
	long *xcol;                         /* the flowrows_carry columns */
	size_t nx;

	double *t, *len;                    /* per packet */
	uint8_t *ttl;                       /* per packet, header only */
	size_t np, capp;
	double *flags;                      /* FLOWROWS_NFLAGS per flow, header only */
	struct flowrows_rec *flows;
	size_t nflows, capf;
	int open;                           /* flows[nflows-1] is still being read */
	char *str;
	size_t nstr, capstr;

	struct oatable seen;                /* the flow ids met so far */
	struct flowrows_tally *tally;
	uint64_t rows;                      /* rows read */
	int eof;

	int use_fp;                         /* fingerprint fields, per packet */
	struct fieldcols fpcols;
	struct fields_vec fp;
};

/* Find the columns of r (header: also ttl, tcpflags, link); -1 with msg
 * naming the missing one. majority: the label rule above. */
int flowrows_init(struct flowrows *fr, struct csvr *r, int header, int majority,
    char *msg, size_t msglen);
void flowrows_free(struct flowrows *fr);
/* Also keep the fingerprint fields in need (fields.h; the raw headers if
 * raw) of every packet; -1 with msg naming the missing columns, why being
 * what asks for them ("syn,hdr"). Call before the first flowrows_next. */
int flowrows_fields(struct flowrows *fr, uint32_t need, int raw, const char *why,
    char *msg, size_t msglen);
/* Read rows until a flow is complete: 1 (it is the last complete one),
 * 0 at the end of input, -1 on bad input. */
int flowrows_next(struct flowrows *fr, char *msg, size_t msglen);
/* Complete flows: flows[0 .. n) (an open one excluded). */
size_t flowrows_complete(const struct flowrows *fr);
/* Forget flows[0 .. k), all complete; later flows move down to 0. */
void flowrows_drop(struct flowrows *fr, size_t k);

/* Also carry the columns named in list (comma-separated) from each flow's
 * first row; why is what asks for them ("--id"). Returns 0; -1 with msg
 * when the input has no such column; -2 with msg for a bad list (an empty
 * name, a name twice, or flow, sample, label, family, which are carried
 * already). Call before the first flowrows_next. */
int flowrows_carry(struct flowrows *fr, const char *list, const char *why, char *msg,
    size_t msglen);
/* The carried columns: those of sample, label, family present, in that
 * order, then the flowrows_carry ones. Their number, the name of the k-th,
 * and flows[i]'s string of it. */
size_t flowrows_ncarried(const struct flowrows *fr);
const char *flowrows_carried_name(const struct flowrows *fr, size_t k);
const char *flowrows_carried(const struct flowrows *fr, size_t i, size_t k);

/* The string at off ("" for FLOWROWS_NONE). */
const char *flowrows_str(const struct flowrows *fr, size_t off);
/* The packets of flows[i]. */
void flowrows_pkts(const struct flowrows *fr, size_t i, struct flowrows_pkts *p);

#endif
