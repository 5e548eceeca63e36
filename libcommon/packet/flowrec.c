/* flowrec.c: see flowrec.h. */
#include <stdlib.h>
#include <string.h>

#include "base/bigarr.h"
#include "packet/decode.h"
#include "packet/flowrec.h"
#include "packet/linkpath.h"

void
flowrec_prepare(const struct capture_packet *p, const struct flowrec_opts *o,
    struct flowrec_prep *q)
{
	struct decode_pkt dec;
	const struct decode_pkt *d = &dec;
	struct flowrec *x = &q->x;
	int st = decode(p->linktype, p->data, p->caplen, p->wirelen, o->dflags, &dec);

	q->st = (uint8_t)st;
	q->swapped = 0;
	if (st == DEC_OK) {
		flowkey_make(d, o->netml6, &q->look);
		if (o->bidir)
			q->swapped = (uint8_t)flowkey_canonical(&q->look);
		q->hash = flowkey_hash(&q->look);
	}
	q->linkcode = linkpath_code(d);

	memset(x, 0, sizeof *x);
	if (p->has_time)
		x->h.t = capture_time_double(&p->time);
	x->h.user = p->wirelen;
	x->ordinal = p->ordinal;
	if (p->time.sec >= 0 && p->time.sec <= UINT32_MAX && p->time.digits <= 9 &&
	    p->time.frac <= UINT32_MAX) {
		x->sec = (uint32_t)p->time.sec;
		x->frac = (uint32_t)p->time.frac;
	} else
		x->kind = FLOWREC_XTIME;
	x->digits = (uint8_t)p->time.digits;
	x->len = p->caplen > 65535 ? 65535 : (uint16_t)p->caplen;
	if (d->has & DEC_IP4) {
		x->kind |= FLOWREC_IP;
		x->iplen = d->ip4.len;
		x->ttl = d->ip4.ttl;
	} else if (d->has & DEC_IP6) {
		x->kind |= FLOWREC_IP | FLOWREC_IP6;
		x->iplen = d->ip6.plen;
		x->ttl = d->ip6.hlim;
	}
	if (st == DEC_OK && (d->has & DEC_TCP)) {
		x->kind |= FLOWREC_TCP;
		x->tcpflags = d->tcp.flags;
		x->win = d->tcp.win;
	} else if (st == DEC_OK)
		x->kind |= FLOWREC_UDP;
}

/* flowrec_add when the array is full or the time goes to the side table. */
struct flowrec *
flowrec_add_(struct flowrec_vec *rv, const struct flowrec_prep *q, const struct capture_time *t)
{
	struct flowrec *x;

	if (rv->n == rv->cap) {
		size_t nc = rv->cap ? rv->cap * 2 : 65536;
		struct flowrec *v;

		if (nc > SIZE_MAX / 2 / sizeof *v ||
		    !(v = bigarr_realloc(rv->v, rv->cap * sizeof *v, nc * sizeof *v)))
			return NULL;
		rv->v = v;
		rv->cap = nc;
	}
	x = &rv->v[rv->n];
	*x = q->x;
	if (x->kind & FLOWREC_XTIME) {
		if (rv->nxt == rv->capxt) {
			size_t nc = rv->capxt ? rv->capxt * 2 : 64;
			struct capture_time *v;

			if (rv->nxt >= UINT32_MAX || !(v = realloc(rv->xt, nc * sizeof *v)))
				return NULL;
			rv->xt = v;
			rv->capxt = nc;
		}
		rv->xt[rv->nxt] = *t;
		x->sec = (uint32_t)rv->nxt++;
	}
	rv->n++;
	return x;
}

void
flowrec_vec_free(struct flowrec_vec *rv)
{
	bigarr_free(rv->v, rv->cap * sizeof *rv->v);
	free(rv->xt);
	memset(rv, 0, sizeof *rv);
}
