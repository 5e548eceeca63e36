/* filing.h: the packets of a capture filed under their flow keys, ready
 * for flows_build: one record each (packet/flowrec), the table of keys
 * (packet/flowkey) and of link paths (packet/linkpath), the fingerprint
 * fields when asked for, and the count of packets not filed, by reason.
 *
 * A packet is filed when it has a TCP or UDP header (netml's rule) and a
 * timestamp; with by_sample, when it carries a pcapml sample id (the
 * comment `which`), whatever its headers. The key looked up is the
 * prepared key (canonical with bidir), or with by_sample the sample id
 * alone; the key written for a flow is its first packet's own. */
#ifndef OSFP_FILING_H
#define OSFP_FILING_H

#include <stdint.h>

#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/fields.h"
#include "packet/flowkey.h"
#include "packet/flowrec.h"
#include "packet/linkpath.h"

struct filing_opts {
	int by_sample;          /* key: the pcapml sample id */
	long which;             /* by_sample: the comment (pcapml_pick) */
	int bidir;              /* the prepared keys are canonical */
	int dflags;             /* decode() flags, for the fields */
	uint32_t fields;        /* fingerprint fields: FPF_BIT mask */
};

/* filing_init, filing_add each packet, read the members, filing_free. */
struct filing {
	struct filing_opts o;
	struct flowrec_vec rv;          /* the records, in filing order */
	struct flowkey_tab kt;          /* rv's h.key */
	struct linkpath_tab links;      /* rv's link */
	struct fields_vec fpv;          /* with fields: one per record */
	uint64_t skipped[DEC_NSTATUS];  /* by decode() status */
	uint64_t nosample;              /* by_sample: no sample id */
	uint64_t notime;                /* no timestamp (Simple Packet Blocks) */
	uint64_t unknown;               /* of a link type decode() does not know */
	int unknown_lt[8], nunknown;    /* those link types, the first eight */
};

/* filing_add's result: the packet was filed; its link type is one decode()
 * does not know, met for the first time (among the first eight). */
enum { FILING_FILED = 1, FILING_NEW_LINKTYPE = 2 };

void filing_init(struct filing *F, const struct filing_opts *o);
int filing_add_(struct filing *F, const struct capture_packet *p, const struct flowrec_prep *q);

/* Whether packet p, prepared as q, is filed, and under which keys, without
 * filing it (stream mode keeps no records here): FILING_* flags as
 * filing_add's, the packet counted by reason when it is not filed. When it
 * is, k->look is the key compared (canonical with bidir, the sample id
 * alone with by_sample), k->hash its hash, k->disp the key written for a
 * flow it starts: pointers into q or into k->own, valid as long as both. */
struct filing_key {
	const struct flowkey *look, *disp;
	uint64_t hash;
	struct flowkey own[2];
};
int filing_keys_(struct filing *F, const struct capture_packet *p,
    const struct flowrec_prep *q, struct filing_key *k);
/* The common case inline: a five-tuple packet whose key is its own. */
static inline int
filing_keys(struct filing *F, const struct capture_packet *p, const struct flowrec_prep *q,
    struct filing_key *k)
{
	if (q->st != DEC_OK || q->swapped || !p->has_time || F->o.by_sample)
		return filing_keys_(F, p, q, k);
	k->look = k->disp = &q->look;
	k->hash = q->hash;
	return FILING_FILED;
}
/* The fingerprint fields of packet p (decoded again, with F's flags). */
void filing_fields(const struct filing *F, const struct capture_packet *p,
    struct fields_pkt *fx, struct fields_raw *fr);

/* File packet p, prepared by flowrec_prepare as q: FILING_* flags (0: not
 * filed, counted by reason), or -1 out of memory. The common case (a five-tuple packet whose
 * key is its own, nothing else to do) is inline: it runs once a packet. */
static inline int
filing_add(struct filing *F, const struct capture_packet *p, const struct flowrec_prep *q)
{
	struct flowrec *x;

	if (q->st != DEC_OK || q->swapped || !p->has_time || F->o.by_sample || F->o.fields)
		return filing_add_(F, p, q);
	if (!(x = flowrec_add(&F->rv, q, &p->time)))
		return -1;
	x->h.key = flowkey_id(&F->kt, &q->look, &q->look, q->hash);
	x->link = linkpath_id(&F->links, q->linkcode);
	return FILING_FILED;
}

void filing_free(struct filing *F);

#endif
