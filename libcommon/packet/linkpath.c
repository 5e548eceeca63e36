/* linkpath.c: see linkpath.h. */
#include "packet/linkpath.h"

/* A path other than the last one seen: a linear search (there are a few),
 * else a new id and its name. */
uint8_t
linkpath_id_new_(struct linkpath_tab *l, uint64_t code)
{
	struct decode_pkt d;
	int i;

	for (i = 0; i < l->n; i++)
		if (l->code[i] == code)
			return (uint8_t)(l->last = i);
	if (l->n == LINKPATH_MAX)
		return LINKPATH_MAX - 1;
	l->code[l->n] = code;
	for (d.nlink = 0; d.nlink < DEC_MAX_LINK && (code >> (8 * d.nlink) & 0xff); d.nlink++)
		d.link[d.nlink] = (uint8_t)(code >> (8 * d.nlink));
	l->len[l->n] = (uint8_t)decode_link_str(&d, l->name[l->n]);
	l->last = l->n;
	return (uint8_t)l->n++;
}
