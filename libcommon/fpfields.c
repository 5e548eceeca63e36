/* fpfields.c: per-packet fingerprint fields, decoded, written, read back
 * (see fpfields.h). */
#include <stdlib.h>
#include <string.h>

#include "fpfields.h"
#include "num.h"

const char *const fpf_names[FPF_NFIELDS] = {
	"ipver", "ipid", "df", "rf", "tos", "ipopts", "flowlbl",
	"tcpopts", "mss", "wscale", "sackok", "tsval", "tsecr",
	"eolpad", "eolnz", "urp", "seq0", "ack0", "optbad",
	"payload", "ip4hdr", "tcphdr"
};

int
fpf_parse_list(const char *list, uint32_t *mask, char *msg, size_t msglen)
{
	const char *p = list;

	*mask = 0;
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
			if (strlen(fpf_names[i]) == n && strncmp(p, fpf_names[i], n) == 0) {
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
		snprintf(msg, msglen, "no field in '%s'", list);
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
fpf_from_dec(const struct dec_pkt *d, const uint8_t *frame, uint32_t caplen,
    struct fpf_pkt *x, struct fpf_raw *raw)
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
		const struct dec_tcp *t = &d->tcp;
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

struct fpf_pkt *
fpf_vec_push(struct fpf_vec *a, struct fpf_raw **raw)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 4096;
		struct fpf_pkt *v;

		if (cap > SIZE_MAX / sizeof *a->raw)
			return NULL;
		if (!(v = realloc(a->v, cap * sizeof *v)))
			return NULL;
		a->v = v;
		if (a->with_raw) {
			struct fpf_raw *r = realloc(a->raw, cap * sizeof *r);

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
fpf_vec_drop(struct fpf_vec *a, size_t k)
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
fpf_vec_free(struct fpf_vec *a)
{
	free(a->v);
	free(a->raw);
	a->v = NULL;
	a->raw = NULL;
	a->n = a->cap = 0;
}

/* ---- writing ---- */

void
fpf_header(uint32_t mask, const char **names, size_t *n)
{
	int f;

	for (f = 0; f < FPF_NFIELDS; f++)
		if (mask & FPF_BIT(f))
			names[(*n)++] = fpf_names[f];
}

static char *
put_hex(char *p, const uint8_t *b, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		*p++ = hx[b[i] >> 4];
		*p++ = hx[b[i] & 15];
	}
	return p;
}

size_t
fpf_format(char *buf, char delim, uint32_t mask, const struct fpf_pkt *x,
    const struct fpf_raw *raw)
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
				p = put_hex(p, raw->ip4, raw->ip4len);
			continue;
		case FPF_TCPHDR:
			if (raw)
				p = put_hex(p, raw->tcp, raw->tcplen);
			continue;
		}
		if (have)
			p = num_put_u(p, v);
	}
	return (size_t)(p - buf);
}

/* ---- reading ---- */

int
fpf_cols_find(struct fpf_cols *c, const struct csvr *r, uint32_t need,
    const char *why, char *msg, size_t msglen)
{
	static const char *const base[] = { "ttl", "tcpflags", "win" };
	long *bcol[] = { &c->ttl, &c->tcpflags, &c->win };
	size_t len = 0, i;
	int f, nmiss = 0;

	c->mask = need;
	len = (size_t)snprintf(msg, msglen, "'%s': line 1: -f %s needs the column", csvr_name(r), why);
	for (i = 0; i < 3; i++)
		if ((*bcol[i] = csvr_col(r, base[i])) < 0 && (need & ~FPF_NEED_NPRINT) &&
		    len < msglen)
			len += (size_t)snprintf(msg + len, msglen - len, "%s '%s'",
			    nmiss++ ? "," : "", base[i]);
	for (f = 0; f < FPF_NFIELDS; f++) {
		c->col[f] = -1;
		if (!(need & FPF_BIT(f)))
			continue;
		if ((c->col[f] = csvr_col(r, fpf_names[f])) < 0 && len < msglen)
			len += (size_t)snprintf(msg + len, msglen - len, "%s '%s'",
			    nmiss++ ? "," : "", fpf_names[f]);
	}
	if (!nmiss)
		return 0;
	if (nmiss > 1 && len < msglen) {
		/* "the column" -> "the columns" */
		char *p = strstr(msg, "the column");

		if (p && len + 1 < msglen) {
			memmove(p + 11, p + 10, strlen(p + 10) + 1);
			p[10] = 's';
			len++;
		}
	}
	if (len < msglen)
		snprintf(msg + len, msglen - len, " (osfp-pcap-flows --fields %s writes them)", why);
	return -1;
}

static int
bad(struct csvr *r, long col, const char *what)
{
	return csvr_fail(r, "column '%s': %s: '%s'", csvr_colname(r, (size_t)col), what,
	    csvr_field(r, (size_t)col));
}

/* Read an unsigned integer column; 0 if empty (*present = 0). */
static int
get_u(struct csvr *r, long col, long hi, uint32_t *v, int *present)
{
	const char *s;
	long x;

	*v = 0;
	if (present)
		*present = 0;
	if (col < 0)
		return 0;
	s = csvr_field(r, (size_t)col);
	if (!*s)
		return 0;
	if (parse_long(s, 0, hi, &x) < 0) {
		char what[48];

		snprintf(what, sizeof what, "not an integer in 0..%ld", hi);
		return bad(r, col, what);
	}
	*v = (uint32_t)x;
	if (present)
		*present = 1;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
get_hex(struct csvr *r, long col, uint8_t *dst, uint8_t *len)
{
	const char *s;
	size_t n, i;

	*len = 0;
	if (col < 0)
		return 0;
	s = csvr_field(r, (size_t)col);
	n = csvr_fieldlen(r, (size_t)col);
	if (n % 2 || n > 2 * FPF_HDR_MAX)
		return bad(r, col, "not hex of at most 60 bytes");
	for (i = 0; i < n; i += 2) {
		int hi = hexval((unsigned char)s[i]), lo = hexval((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0)
			return bad(r, col, "not hex of at most 60 bytes");
		dst[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint8_t)(n / 2);
	return 0;
}

static int
get_layout(struct csvr *r, long col, struct fpf_pkt *x)
{
	const char *s = csvr_field(r, (size_t)col);

	while (*s) {
		unsigned v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || v > 255 || (*s && *s != '-') || x->nopt == DEC_MAX_TCPOPT)
			return bad(r, col, "not TCP option kinds joined by '-'");
		if (*s)
			s++;
		if (!*s && s[-1] == '-')
			return bad(r, col, "not TCP option kinds joined by '-'");
		x->opt[x->nopt++] = (uint8_t)v;
		switch (v) {
		case 0: x->opthas |= DEC_HAS_EOL; break;
		case 2: x->opthas |= DEC_HAS_MSS; break;
		case 3: x->opthas |= DEC_HAS_WS; break;
		case 4: x->opthas |= DEC_HAS_SACKOK; break;
		case 5: x->opthas |= DEC_HAS_SACK; break;
		case 8: x->opthas |= DEC_HAS_TS; break;
		}
	}
	return 0;
}

static void
set_has(struct fpf_pkt *x, uint8_t bit, long col, int have)
{
	if (col < 0)
		return;         /* not read: the layout decides */
	if (have)
		x->opthas |= bit;
	else
		x->opthas &= (uint8_t)~bit;
}

int
fpf_read(const struct fpf_cols *c, struct csvr *r, struct fpf_pkt *x, struct fpf_raw *raw)
{
	const long *col = c->col;
	uint32_t v, ver = 0;
	int have;

	memset(x, 0, sizeof *x);
	if (get_u(r, c->ttl, 255, &v, NULL) < 0)
		return -1;
	x->ttl = (uint8_t)v;
	if (get_u(r, col[FPF_IPVER], 6, &ver, &have) < 0)
		return -1;
	if (have && ver != 4 && ver != 6)
		return bad(r, col[FPF_IPVER], "not 4 or 6");
	if (ver == 4)
		x->has |= FPF_HAS_IP4;
	else if (ver == 6)
		x->has |= FPF_HAS_IP6;
	if (get_u(r, col[FPF_IPID], 65535, &v, NULL) < 0)
		return -1;
	x->ipid = (uint16_t)v;
	if (get_u(r, col[FPF_DF], 1, &v, NULL) < 0)
		return -1;
	x->df = (uint8_t)v;
	if (get_u(r, col[FPF_RF], 1, &v, NULL) < 0)
		return -1;
	x->rf = (uint8_t)v;
	if (get_u(r, col[FPF_TOS], 255, &v, NULL) < 0)
		return -1;
	x->tos = (uint8_t)v;
	if (get_u(r, col[FPF_IPOPTS], 255, &v, NULL) < 0)
		return -1;
	x->ipopts = (uint8_t)v;
	if (get_u(r, col[FPF_FLOWLBL], 0xfffff, &x->flowlbl, NULL) < 0)
		return -1;
	if (get_u(r, c->tcpflags, 511, &v, &have) < 0)
		return -1;
	x->flags = (uint16_t)v;
	if (have)
		x->has |= FPF_HAS_TCP;
	if (get_u(r, c->win, 65535, &v, NULL) < 0)
		return -1;
	x->win = (uint16_t)v;
	if (col[FPF_TCPOPTS] >= 0 && get_layout(r, col[FPF_TCPOPTS], x) < 0)
		return -1;
	/* An option's value column, when read, says whether the option is
	 * usable (a kind in the layout with the wrong length has no value). */
	if (get_u(r, col[FPF_MSS], 65535, &v, &have) < 0)
		return -1;
	x->mss = (uint16_t)v;
	set_has(x, DEC_HAS_MSS, col[FPF_MSS], have);
	if (get_u(r, col[FPF_WSCALE], 255, &v, &have) < 0)
		return -1;
	x->wscale = (uint8_t)v;
	set_has(x, DEC_HAS_WS, col[FPF_WSCALE], have);
	if (get_u(r, col[FPF_SACKOK], 1, &v, &have) < 0)
		return -1;
	set_has(x, DEC_HAS_SACKOK, col[FPF_SACKOK], v);
	if (get_u(r, col[FPF_TSVAL], 4294967295L, &x->tsval, &have) < 0 ||
	    get_u(r, col[FPF_TSECR], 4294967295L, &x->tsecr, NULL) < 0)
		return -1;
	set_has(x, DEC_HAS_TS, col[FPF_TSVAL], have);
	if (get_u(r, col[FPF_EOLPAD], 255, &v, NULL) < 0)
		return -1;
	x->eolpad = (uint8_t)v;
	if (get_u(r, col[FPF_EOLNZ], 1, &v, NULL) < 0)
		return -1;
	x->eolnz = (uint8_t)v;
	if (get_u(r, col[FPF_URP], 65535, &v, NULL) < 0)
		return -1;
	x->urp = (uint16_t)v;
	if (get_u(r, col[FPF_SEQ0], 1, &v, NULL) < 0)
		return -1;
	x->seq0 = (uint8_t)v;
	if (get_u(r, col[FPF_ACK0], 1, &v, NULL) < 0)
		return -1;
	x->ack0 = (uint8_t)v;
	if (get_u(r, col[FPF_OPTBAD], 1, &v, NULL) < 0)
		return -1;
	x->optbad = (uint8_t)v;
	if (get_u(r, col[FPF_PAYLOAD], 4294967295L, &x->payload, &have) < 0)
		return -1;
	if (have && !(x->has & FPF_HAS_TCP))
		x->has |= FPF_HAS_UDP;
	if (raw) {
		if (get_hex(r, col[FPF_IP4HDR], raw->ip4, &raw->ip4len) < 0 ||
		    get_hex(r, col[FPF_TCPHDR], raw->tcp, &raw->tcplen) < 0)
			return -1;
	}
	return 0;
}
