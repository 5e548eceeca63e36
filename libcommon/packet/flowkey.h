/* flowkey.h: the key a packet is filed under, and the table that numbers
 * the distinct keys in order of first appearance (netml's OrderedDict).
 *
 * A key is netml's five-tuple (_get_fid, spec/netml.md section 1.3) for
 * IPv4, the same for IPv6 (osfp's own flows), netml's IPv6 pseudo key
 * ('', '', -1, -1, -1), or a pcapml sample id (--by sample: every field
 * but sample is zero). Keys are compared and hashed as a whole; every
 * byte, padding included, is written by flowkey_make or memset, so two
 * equal keys are byte-equal. */
#ifndef OSFP_FLOWKEY_H
#define OSFP_FLOWKEY_H

#include <stdint.h>
#include <string.h>

#include "base/hash.h"
#include "base/idtab.h"
#include "packet/decode.h"

/* flowkey.af: FLOWKEY_NONE a --by sample group whose first packet has no
 * TCP/UDP header; FLOWKEY_NETML netml's IPv6 pseudo key; else the family. */
enum { FLOWKEY_NONE = 0, FLOWKEY_NETML = 1, FLOWKEY_V4 = 4, FLOWKEY_V6 = 6 };

struct flowkey {
	uint8_t af, proto;      /* proto: 6 TCP, 17 UDP */
	uint16_t sport, dport;
	uint8_t src[16], dst[16];       /* IPv4: the first 4 bytes */
	uint64_t sample;
};

/* The key of a decoded packet that has a TCP or UDP header (decode() gave
 * DEC_OK): the first IPv4 header's addresses with the first TCP (else UDP)
 * header's ports; without IPv4 the first IPv6 header's, or with netml6
 * netml's pseudo key. Inline, as flowkey_hash and flowkey_id: all three
 * run once per packet. */
static inline void
flowkey_make(const struct decode_pkt *d, int netml6, struct flowkey *k)
{
	memset(k, 0, sizeof *k);
	if (d->has & DEC_IP4) {
		k->af = FLOWKEY_V4;
		memcpy(k->src, d->ip4.src, 4);
		memcpy(k->dst, d->ip4.dst, 4);
	} else if (netml6) {
		k->af = FLOWKEY_NETML;
		return;
	} else {
		k->af = FLOWKEY_V6;
		memcpy(k->src, d->ip6.src, 16);
		memcpy(k->dst, d->ip6.dst, 16);
	}
	if (d->has & DEC_TCP) {
		k->proto = 6;
		k->sport = d->tcp.sport;
		k->dport = d->tcp.dport;
	} else {
		k->proto = 17;
		k->sport = d->udp.sport;
		k->dport = d->udp.dport;
	}
}

/* Exchange the two ends (addresses and ports). */
void flowkey_swap(struct flowkey *k);
/* --bidir: the same key for both directions, the smaller end (address,
 * then port) first; returns 1 if the ends were swapped. */
int flowkey_canonical(struct flowkey *k);

static inline uint64_t
flowkey_addr_word_(const uint8_t *a)
{
	uint32_t lo, hi;

	memcpy(&lo, a, 4);
	memcpy(&hi, a + 4, 4);
	return lo | (uint64_t)hi << 32;
}

/* The key's hash, field by field with hash_mix64. The addresses are read
 * 4 bytes at a time because flowkey_make has just written them that way:
 * one load spanning several smaller stores cannot be forwarded from them
 * and waits for them to retire. Inline: it runs once per packet. */
static inline uint64_t
flowkey_hash(const struct flowkey *k)
{
	uint64_t h = HASH_SEED64;

	h = hash_mix64(h, k->af | (uint64_t)k->proto << 8 | (uint64_t)k->sport << 16 |
	    (uint64_t)k->dport << 32);
	h = hash_mix64(h, flowkey_addr_word_(k->src));
	h = hash_mix64(h, flowkey_addr_word_(k->src + 8));
	h = hash_mix64(h, flowkey_addr_word_(k->dst));
	h = hash_mix64(h, flowkey_addr_word_(k->dst + 8));
	return hash_mix64(h, k->sample);
}

static inline int
flowkey_eq(const struct flowkey *a, const struct flowkey *b)
{
	return a->af == b->af && a->proto == b->proto && a->sport == b->sport &&
	    a->dport == b->dport && a->sample == b->sample &&
	    memcmp(a->src, b->src, 16) == 0 && memcmp(a->dst, b->dst, 16) == 0;
}

/* Key ids, 0-based, in order of first appearance. A key is looked up by
 * one key (canonical with --bidir, a sample id with --by sample) and
 * written as another, its first packet's: with_disp keeps that second key
 * per id; without it the lookup key is the one written. Zero-initialize,
 * set with_disp, use, flowkey_tab_free. */
struct flowkey_tab {
	struct flowkey *look;   /* what is hashed and compared */
	struct flowkey *disp;   /* with_disp: what is written */
	int with_disp;
	size_t n, cap;
	struct idtab idx;
};

/* The id of key look (h = flowkey_hash(look)); a new key gets the next id
 * and, with with_disp, disp as the key written. Exits when out of memory
 * (as emalloc does; 2^32-2 keys, the most ids hold, would need 200 GB). */
uint64_t flowkey_rehash_(uint32_t id, const void *tab);
uint32_t flowkey_add_(struct flowkey_tab *t, size_t slot, const struct flowkey *look,
    const struct flowkey *disp);
static inline uint32_t
flowkey_id(struct flowkey_tab *t, const struct flowkey *look, const struct flowkey *disp,
    uint64_t h)
{
	uint32_t id;
	size_t j;

	idtab_reserve(&t->idx, 1, flowkey_rehash_, t);
	for (j = idtab_start(&t->idx, h); (id = idtab_at(&t->idx, j)) != IDTAB_NONE;
	    j = idtab_step(&t->idx, j))
		if (flowkey_eq(&t->look[id], look))
			return id;
	return flowkey_add_(t, j, look, disp);
}
/* The key written for id. */
static inline const struct flowkey *
flowkey_shown(const struct flowkey_tab *t, uint32_t id)
{
	return t->with_disp ? &t->disp[id] : &t->look[id];
}
void flowkey_tab_free(struct flowkey_tab *t);

#endif
