/* pktrows.h: osfp-pcap-flows' output: one CSV row per packet of every
 * flow kept, flows in flows_build's order, each packet's row
 *   flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,
 *   tcpflags,win,link[,sample][,sample,label,family][,fingerprint fields]
 * (the first sample with by_sample, from the flow's key; the label columns
 * with labels: the ending of the packet's labels row, found by ordinal or
 * by time as the labels were loaded, or empty fields).
 *
 * Writing every packet is most of a run's work, so rows are formatted
 * straight into the writer's buffer (csvw_room), with no call per field
 * and no printf. With may_thread and more than one chunk of rows, a
 * second thread formats every other chunk; a chunk's text does not depend
 * on who formats it, so the output is the same byte for byte. */
#ifndef OSFP_PKTROWS_H
#define OSFP_PKTROWS_H

#include <stdint.h>

#include "packet/filing.h"
#include "packet/flows.h"
#include "table/csvw.h"
#include "table/labels.h"

struct pktrows_in {
	const struct flows_result *res;         /* the flows of F's records */
	const struct filing *F;                 /* records, keys, links, fields;
	                                         * F->o: by_sample, fields */
	const struct labels *L;                 /* NULL: no label columns */
	int labelled;                           /* stream mode: label columns */
};

/* The header row. */
void pktrows_header(struct csvw *w, const struct pktrows_in *in);
/* Every row; returns the number of rows without a label (with labels).
 * Exits as csvw does on a write error. */
size_t pktrows_write(struct csvw *w, const struct pktrows_in *in, int may_thread);

/* Stream mode (table/pktstream) writes one flow at a time, from records
 * held until the flow ends: a packet's struct pktrows_rec, then with
 * fields its struct fields_pkt, and with raw headers (nPrint) its struct
 * fields_raw, pktrows_rec_size bytes in all. */
struct pktrows_rec {
	struct flowrec x;       /* x.h.key unused; with FLOWREC_XTIME, x.sec
	                         * is 0 and the time is xt */
	struct capture_time xt;
	struct labels_end *lab;         /* the label ending (labelled), or NULL */
};
/* The size of a record with F->o's fields (a multiple of 8). */
size_t pktrows_rec_size(const struct filing *F);
static inline struct fields_pkt *
pktrows_rec_fp(struct pktrows_rec *r)
{
	return (struct fields_pkt *)(void *)(r + 1);
}
static inline struct fields_raw *
pktrows_rec_raw(struct pktrows_rec *r)
{
	return (struct fields_raw *)(void *)((char *)(r + 1) + sizeof(struct fields_pkt));
}
/* The rows of flow number flow, key k (the key written), from n records
 * at recs, stride bytes apart, in->F giving the columns and the link
 * names (in->res and in->L unused); returns the rows without a label
 * (labelled: a record whose ending is labels_end.none). Exits as csvw
 * does on a write error. */
size_t pktrows_flow(struct csvw *w, const struct pktrows_in *in, uint64_t flow,
    const struct flowkey *k, const void *recs, size_t n, size_t stride);

#endif
