/* linkpath.h: a packet's encapsulation path (decode_pkt.link, e.g.
 * eth.vlan.pppoe) interned as a one-byte id, so that a per-packet record
 * holds it in one byte and a writer copies a name made once per distinct
 * path.
 *
 * linkpath_code packs the path into one integer, a byte an element
 * (elements are never 0), so that the path of every packet is compared
 * in one step; linkpath_id gives the code's id, naming it the first time. */
#ifndef OSFP_LINKPATH_H
#define OSFP_LINKPATH_H

#include <stddef.h>
#include <stdint.h>

#include "packet/decode.h"

_Static_assert(DEC_MAX_LINK <= 8, "a link path fits a uint64_t");

#define LINKPATH_MAX 256        /* ids 0..255; real captures have a few */

static inline uint64_t
linkpath_code(const struct decode_pkt *d)
{
	uint64_t code = 0;
	int i;

	for (i = 0; i < d->nlink; i++)
		code |= (uint64_t)d->link[i] << (8 * i);
	return code;
}

/* Zero-initialize. name[id] is the path as decode_link_str writes it
 * ("eth.vlan"), NUL-terminated, with room for DEC_LINK_MAX bytes (so a
 * writer may copy a fixed 16 bytes of any name), len[id] its length. */
struct linkpath_tab {
	char name[LINKPATH_MAX][DEC_LINK_MAX];
	uint8_t len[LINKPATH_MAX];
	uint64_t code[LINKPATH_MAX];
	int n, last;
};

uint8_t linkpath_id_new_(struct linkpath_tab *l, uint64_t code);

/* The id of a linkpath_code. Consecutive packets mostly share their path:
 * that case is inline. Past LINKPATH_MAX distinct paths (more than the
 * decoder can make) every new path gets id 255. */
static inline uint8_t
linkpath_id(struct linkpath_tab *l, uint64_t code)
{
	if (l->n && l->code[l->last] == code)
		return (uint8_t)l->last;
	return linkpath_id_new_(l, code);
}

#endif
