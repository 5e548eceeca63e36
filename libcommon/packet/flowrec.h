/* flowrec.h: what osfp-pcap-flows keeps of a packet until its flows are
 * written, and how a packet is made ready for filing.
 *
 * The record is 48 bytes: every byte of it is a byte per packet that the
 * kernel must zero before its first touch, the largest single cost of a
 * run, so the exact time is kept in 32-bit halves; a time that does not
 * fit (before 1970, after 2106, or finer than nanoseconds) goes to a side
 * table (FLOWREC_XTIME). Records begin with a struct flows_head, so
 * flows_build takes them as they are.
 *
 * flowrec_prepare is everything that is a pure function of one packet: its
 * decode, its record, its flow key and the key's hash. Whichever thread
 * reads a batch may compute it (packet/batchread), so the thread that
 * files the packets in order is left with little more than the key table. */
#ifndef OSFP_FLOWREC_H
#define OSFP_FLOWREC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/num.h"
#include "packet/capture.h"
#include "packet/flowkey.h"
#include "packet/flows.h"

/* flowrec.kind */
enum {
	FLOWREC_TCP = 1, FLOWREC_UDP = 2,     /* the transport header found */
	FLOWREC_IP = 4, FLOWREC_IP6 = 8,      /* iplen, ttl set; from IPv6 */
	FLOWREC_XTIME = 16                    /* sec indexes the side table */
};

struct flowrec {
	struct flows_head h;    /* t, key; h.user: the wire length */
	uint64_t ordinal;
	uint32_t sec;           /* the exact time: sec + frac / 10^digits; */
	uint32_t frac;          /* with FLOWREC_XTIME sec indexes the side table */
	uint16_t len;           /* netml's len(pkt): min(caplen, 65535) */
	uint16_t iplen;         /* IPv4 total length; IPv6 payload length */
	uint16_t win;
	uint16_t tcpflags;
	uint8_t ttl, digits;
	uint8_t link;           /* packet/linkpath id */
	uint8_t kind;
};
_Static_assert(sizeof(struct flowrec) == 48, "the record is 48 bytes");

struct flowrec_opts {
	int dflags;             /* decode() flags */
	int netml6;             /* netml's IPv6 pseudo key */
	int bidir;              /* canonical keys */
};

/* A packet made ready for filing. */
struct flowrec_prep {
	struct flowrec x;       /* all but x.h.key, x.link and the side table index */
	struct flowkey look;    /* with DEC_OK: the key (canonical with bidir) */
	uint64_t hash;          /* with DEC_OK: flowkey_hash(&look) */
	uint64_t linkcode;      /* linkpath_code() */
	uint8_t st;             /* decode()'s status */
	uint8_t swapped;        /* bidir: the packet's own key is look with
	                         * its ends swapped */
};

void flowrec_prepare(const struct capture_packet *p, const struct flowrec_opts *o,
    struct flowrec_prep *q);

/* The records of a capture, in filing order, and the side table of the
 * times they cannot hold. Zero-initialize; flowrec_vec_free. */
struct flowrec_vec {
	struct flowrec *v;      /* a base/bigarr mapping */
	size_t n, cap;
	struct capture_time *xt;
	size_t nxt, capxt;
};

/* Append q's record, its time t (the packet's) moved to the side table if
 * the record cannot hold it. Returns the record (the caller sets h.key and
 * link), or NULL when out of memory. */
struct flowrec *flowrec_add_(struct flowrec_vec *rv, const struct flowrec_prep *q,
    const struct capture_time *t);
static inline struct flowrec *
flowrec_add(struct flowrec_vec *rv, const struct flowrec_prep *q, const struct capture_time *t)
{
	struct flowrec *x;

	if (rv->n == rv->cap || (q->x.kind & FLOWREC_XTIME))
		return flowrec_add_(rv, q, t);
	x = &rv->v[rv->n++];
	*x = q->x;
	return x;
}
void flowrec_vec_free(struct flowrec_vec *rv);

/* The exact time of a record; xt is the side table (rv->xt). */
static inline void
flowrec_time(const struct flowrec *x, const struct capture_time *xt, struct capture_time *t)
{
	if (x->kind & FLOWREC_XTIME) {
		*t = xt[x->sec];
		return;
	}
	t->sec = x->sec;
	t->frac = x->frac;
	t->digits = x->digits;
}

/* The exact time of a record as capture_time_str writes it
 * ("1499083690.807570"), at p (xt: the side table), which has room for CAP_TIME_MAX + 24 bytes;
 * returns the end. sc caches the last seconds formatted (rows of a flow
 * mostly share them): initialize it to FLOWREC_SECCACHE_INIT. Inline: it
 * runs once per row written. */
struct flowrec_seccache {
	int64_t sec;            /* -1: none */
	char s[24];
	size_t n;
};
#define FLOWREC_SECCACHE_INIT { -1, { 0 }, 0 }

static inline char *
flowrec_put_time(char *p, const struct flowrec *x, const struct capture_time *xt,
    struct flowrec_seccache *sc)
{
	if (x->kind & FLOWREC_XTIME)
		return p + capture_time_str(p, &xt[x->sec]);
	if (x->sec != sc->sec) {
		sc->sec = x->sec;
		sc->n = (size_t)(num_put_u(sc->s, x->sec) - sc->s);
	}
	memcpy(p, sc->s, sizeof sc->s);   /* p has the room: copy all 24 */
	p += sc->n;
	if (x->digits) {
		uint32_t g = x->frac;
		char *e = p + 1 + x->digits;
		int n = x->digits;

		*p = '.';
		for (; n >= 2; n -= 2) {
			e -= 2;
			memcpy(e, num_digits2 + 2 * (g % 100), 2);
			g /= 100;
		}
		if (n)
			e[-1] = (char)('0' + g % 10);
		p += 1 + x->digits;
	}
	return p;
}

#endif
