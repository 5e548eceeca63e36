/* fields.c: per-packet fingerprint fields, decoded, written, read back
 * (see fields.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packet/fields.h"
#include "base/hex.h"
#include "base/msg.h"
#include "base/num.h"

const char *const fields_names[FPF_NFIELDS] = {
	"ipver", "ipid", "df", "rf", "tos", "ipopts", "flowlbl",
	"tcpopts", "mss", "wscale", "sackok", "tsval", "tsecr",
	"eolpad", "eolnz", "urp", "seq0", "ack0", "optbad",
	"payload", "ip4hdr", "tcphdr"
};

int
fields_parse_list(const char *list, uint32_t *mask, char *msg, size_t msglen)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ","), i;
		int found = 0;

		if (n == 3 && strncmp(p, "all", 3) == 0) {
			*mask |= FPF_ALL;
			found = 1;
		} else if (n == 3 && strncmp(p, "syn", 3) == 0) {
			*mask |= FPF_NEED_SYN;
			found = 1;
		} else if (n == 3 && strncmp(p, "hdr", 3) == 0) {
			*mask |= FPF_NEED_HDR;
			found = 1;
		} else if (n == 6 && strncmp(p, "nprint", 6) == 0) {
			*mask |= FPF_NEED_NPRINT;
			found = 1;
		}
		for (i = 0; !found && i < FPF_NFIELDS; i++)
			if (strlen(fields_names[i]) == n && strncmp(p, fields_names[i], n) == 0) {
				*mask |= FPF_BIT(i);
				found = 1;
			}
		if (!found) {
			snprintf(msg, msglen, "unknown field '%.*s' (want all, syn, hdr, "
			    "nprint or a field name)", (int)(n > 40 ? 40 : n), p);
			return -1;
		}
		p += n;
		if (*p)
			p++;
	}
	if (!*mask) {
		msg_format(msg, msglen, "no field in '%s'", list);
		return -1;
	}
	return 0;
}

/* Copy a header of hl bytes at off, as far as it was captured. */
static uint8_t
copy_hdr(uint8_t *dst, const uint8_t *frame, uint32_t caplen, uint32_t off, uint32_t hl)
{
	uint32_t n;

	if (off >= caplen)
		return 0;
	n = caplen - off;
	if (n > hl)
		n = hl;
	if (n > FPF_HDR_MAX)
		n = FPF_HDR_MAX;
	memcpy(dst, frame + off, n);
	return (uint8_t)n;
}

static void
zero(uint8_t *h, uint8_t len, unsigned from, unsigned to)
{
	unsigned i;

	for (i = from; i < to && i < len; i++)
		h[i] = 0;
}

void
fields_from_dec(const struct decode_pkt *d, const uint8_t *frame, uint32_t caplen,
    struct fields_pkt *x, struct fields_raw *raw)
{
	memset(x, 0, sizeof *x);
	if (raw)
		raw->ip4len = raw->tcplen = 0;
	/* the IP header osfp-pcap-flows reports: the first IPv4, else IPv6 */
	if (d->has & DEC_IP4) {
		x->has |= FPF_HAS_IP4;
		x->ttl = d->ip4.ttl;
		x->tos = d->ip4.tos;
		x->df = d->ip4.df;
		x->rf = d->ip4.rf;
		x->ipopts = d->ip4.optlen;
		x->ipid = d->ip4.id;
		if (raw && d->ip4.ihl >= 5) {
			raw->ip4len = copy_hdr(raw->ip4, frame, caplen, d->ip4.off, d->ip4.ihl * 4u);
			zero(raw->ip4, raw->ip4len, 10, 20);   /* checksum, addresses */
		}
	} else if (d->has & DEC_IP6) {
		x->has |= FPF_HAS_IP6;
		x->ttl = d->ip6.hlim;
		x->tos = d->ip6.tclass;
		x->flowlbl = d->ip6.flowlabel;
		x->ipopts = d->ip6.extlen > 255 ? 255 : (uint8_t)d->ip6.extlen;
	}
	if (d->status != DEC_OK)
		return;
	x->payload = d->payload;
	if (d->has & DEC_TCP) {
		const struct decode_tcp *t = &d->tcp;
		uint8_t i;

		x->has |= FPF_HAS_TCP;
		x->flags = t->flags;
		x->win = t->win;
		x->urp = t->urp;
		x->seq0 = t->seq == 0;
		x->ack0 = t->ack == 0;
		x->opthas = t->has;
		x->nopt = t->nopt;
		memcpy(x->opt, t->opt, t->nopt);
		if (t->has & DEC_HAS_MSS)
			x->mss = t->mss;
		if (t->has & DEC_HAS_WS)
			x->wscale = t->wscale;
		if (t->has & DEC_HAS_TS) {
			x->tsval = t->tsval;
			x->tsecr = t->tsecr;
		}
		if (t->has & DEC_HAS_EOL) {
			x->eolpad = t->eolpad;
			x->eolnz = t->eolpad_nonzero;
		}
		/* p0f's "bad": a known option of the wrong length (decode.c
		 * then leaves its DEC_HAS_ bit clear) */
		for (i = 0; i < t->nopt && !t->opttrunc; i++)
			if ((t->opt[i] == 2 && !(t->has & DEC_HAS_MSS)) ||
			    (t->opt[i] == 3 && !(t->has & DEC_HAS_WS)) ||
			    (t->opt[i] == 4 && !(t->has & DEC_HAS_SACKOK)) ||
			    (t->opt[i] == 8 && !(t->has & DEC_HAS_TS)))
				x->optbad = 1;
		if (raw && t->doff >= 5) {
			raw->tcplen = copy_hdr(raw->tcp, frame, caplen, t->off, t->doff * 4u);
			zero(raw->tcp, raw->tcplen, 0, 12);    /* ports, seq, ack */
			zero(raw->tcp, raw->tcplen, 16, 18);   /* checksum */
		}
	} else
		x->has |= FPF_HAS_UDP;
}

/* ---- the growable array ---- */

struct fields_pkt *
fields_vec_push(struct fields_vec *a, struct fields_raw **raw)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 4096;
		struct fields_pkt *v;

		if (cap > SIZE_MAX / sizeof *a->raw)
			return NULL;
		if (!(v = realloc(a->v, cap * sizeof *v)))
			return NULL;
		a->v = v;
		if (a->with_raw) {
			struct fields_raw *r = realloc(a->raw, cap * sizeof *r);

			if (!r)
				return NULL;
			a->raw = r;
		}
		a->cap = cap;
	}
	if (raw)
		*raw = a->with_raw ? &a->raw[a->n] : NULL;
	return &a->v[a->n++];
}

void
fields_vec_drop(struct fields_vec *a, size_t k)
{
	if (k >= a->n) {
		a->n = 0;
		return;
	}
	memmove(a->v, a->v + k, (a->n - k) * sizeof *a->v);
	if (a->with_raw)
		memmove(a->raw, a->raw + k, (a->n - k) * sizeof *a->raw);
	a->n -= k;
}

void
fields_vec_free(struct fields_vec *a)
{
	free(a->v);
	free(a->raw);
	a->v = NULL;
	a->raw = NULL;
	a->n = a->cap = 0;
}

/* ---- writing ---- */

void
fields_header(uint32_t mask, const char **names, size_t *n)
{
	int f;

	for (f = 0; f < FPF_NFIELDS; f++)
		if (mask & FPF_BIT(f))
			names[(*n)++] = fields_names[f];
}

size_t
fields_format(char *buf, char delim, uint32_t mask, const struct fields_pkt *x,
    const struct fields_raw *raw)
{
	int ip4 = x->has & FPF_HAS_IP4, ip = x->has & (FPF_HAS_IP4 | FPF_HAS_IP6);
	int tcp = x->has & FPF_HAS_TCP;
	char *p = buf;
	int f;
	size_t i;

	for (f = 0; f < FPF_NFIELDS; f++) {
		int have = 1;
		uint64_t v = 0;

		if (!(mask & FPF_BIT(f)))
			continue;
		*p++ = delim;
		switch (f) {
		case FPF_IPVER: have = ip; v = ip4 ? 4 : 6; break;
		case FPF_IPID: have = ip4; v = x->ipid; break;
		case FPF_DF: have = ip4; v = x->df; break;
		case FPF_RF: have = ip4; v = x->rf; break;
		case FPF_TOS: have = ip; v = x->tos; break;
		case FPF_IPOPTS: have = ip; v = x->ipopts; break;
		case FPF_FLOWLBL: have = x->has & FPF_HAS_IP6; v = x->flowlbl; break;
		case FPF_TCPOPTS:
			for (i = 0; tcp && i < x->nopt; i++) {
				if (i)
					*p++ = '-';
				p = num_put_u(p, x->opt[i]);
			}
			continue;
		case FPF_MSS: have = tcp && (x->opthas & DEC_HAS_MSS); v = x->mss; break;
		case FPF_WSCALE: have = tcp && (x->opthas & DEC_HAS_WS); v = x->wscale; break;
		case FPF_SACKOK: have = tcp; v = !!(x->opthas & DEC_HAS_SACKOK); break;
		case FPF_TSVAL: have = tcp && (x->opthas & DEC_HAS_TS); v = x->tsval; break;
		case FPF_TSECR: have = tcp && (x->opthas & DEC_HAS_TS); v = x->tsecr; break;
		case FPF_EOLPAD: have = tcp; v = x->eolpad; break;
		case FPF_EOLNZ: have = tcp; v = x->eolnz; break;
		case FPF_URP: have = tcp; v = x->urp; break;
		case FPF_SEQ0: have = tcp; v = x->seq0; break;
		case FPF_ACK0: have = tcp; v = x->ack0; break;
		case FPF_OPTBAD: have = tcp; v = x->optbad; break;
		case FPF_PAYLOAD: have = x->has & (FPF_HAS_TCP | FPF_HAS_UDP); v = x->payload; break;
		case FPF_IP4HDR:
			if (raw)
				p = hex_encode(p, raw->ip4, raw->ip4len);
			continue;
		case FPF_TCPHDR:
			if (raw)
				p = hex_encode(p, raw->tcp, raw->tcplen);
			continue;
		}
		if (have)
			p = num_put_u(p, v);
	}
	return (size_t)(p - buf);
}
