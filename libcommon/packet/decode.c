/* decode.c: the packet decoder (see decode.h).
 *
 * Each parser gets the offset of its header and two limits: `end`, how far
 * the captured bytes of its enclosing layer reach (already cut to the IP
 * length, as scapy cuts it), and `wend`, how far the layer reaches on the
 * wire. A header field past `end` cannot be read (snap length); a length
 * field past `wend` is a lie (malformed). Every byte is read through u8(),
 * u16() or u32(), which check the offset against the captured length. */
#include <string.h>

#include "packet/decode.h"

#define MAX_DEPTH 16      /* nested encapsulations (VLAN tags, tunnels) */
#define MAX_IP6EXT 16     /* IPv6 extension headers walked per header */

struct ctx {
	const uint8_t *d;
	uint32_t caplen;
	int flags;
	struct decode_pkt *p;
	int bad;              /* first malformation (DEC_BAD_*), or 0 */
	int why;              /* first ordinary reason for no TCP/UDP, or 0 */
};

/* The accessors: out-of-range reads give 0. Callers check have() first;
 * these checks are the backstop that makes an overread impossible. */
static inline int
have(const struct ctx *c, uint32_t off, uint32_t n, uint32_t end)
{
	return end <= c->caplen && off <= end && n <= end - off;
}

static inline uint8_t
u8(const struct ctx *c, uint32_t off)
{
	return off < c->caplen ? c->d[off] : 0;
}

/* Reads inside a range have() has just approved (so within the captured
 * bytes): no second check per field. */
static inline uint16_t
be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Checked reads: 0 past the captured bytes. */
static inline uint16_t
u16(const struct ctx *c, uint32_t off)
{
	if (off >= c->caplen || c->caplen - off < 2)
		return 0;
	return be16(c->d + off);
}

static inline uint32_t
u32(const struct ctx *c, uint32_t off)
{
	if (off >= c->caplen || c->caplen - off < 4)
		return 0;
	return be32(c->d + off);
}

static void
mark_bad(struct ctx *c, int why)
{
	if (!c->bad)
		c->bad = why;
}

static void
mark(struct ctx *c, int why)
{
	if (!c->why)
		c->why = why;
}

/* The link path stops at the first IP header. */
static void
push(struct ctx *c, int kind)
{
	if (!c->p->first_ip && c->p->nlink < DEC_MAX_LINK)
		c->p->link[c->p->nlink++] = (uint8_t)kind;
}

static void ethertype(struct ctx *, unsigned, uint32_t, uint32_t, uint32_t, int);
static void ip4(struct ctx *, uint32_t, uint32_t, uint32_t, int);
static void ip6(struct ctx *, uint32_t, uint32_t, uint32_t, int);
static void pppproto(struct ctx *, uint32_t, uint32_t, uint32_t, int);

static void
tcp(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend)
{
	struct decode_tcp *t = &c->p->tcp;
	uint32_t hl, hend, oend, pos;

	if (c->p->has & DEC_TCP)
		return;
	if (!have(c, off, 20, end)) {
		mark(c, DEC_L4_TRUNC);
		return;
	}
	c->p->has |= DEC_TCP;
	/* field by field: a memset of the struct (opt[] included) costs more
	 * than the rest of the TCP header; opt[] is valid up to nopt */
	t->opttrunc = 0;
	t->optlen = 0;
	t->nopt = 0;
	t->has = 0;
	t->mss = 0;
	t->wscale = 0;
	t->eolpad = 0;
	t->eolpad_nonzero = 0;
	t->tsval = t->tsecr = 0;
	t->off = off;
	{
		const uint8_t *h = c->d + off;	/* have(c, off, 20, end) above */

		t->sport = be16(h);
		t->dport = be16(h + 2);
		t->seq = be32(h + 4);
		t->ack = be32(h + 8);
		t->doff = h[12] >> 4;
		t->flags = (uint16_t)((h[12] & 1) << 8 | h[13]);
		t->win = be16(h + 14);
		t->sum = be16(h + 16);
		t->urp = be16(h + 18);
	}
	if (t->doff < 5) {
		mark_bad(c, DEC_BAD_DOFF);
		return;
	}
	hl = t->doff * 4u;
	hend = off + hl;
	if (hend > wend) {
		mark_bad(c, DEC_BAD_DOFF);
		return;
	}
	c->p->payload = wend - hend;
	oend = hend < end ? hend : end;
	t->opttrunc = hend > end;
	t->optlen = (uint8_t)(oend - (off + 20));
	for (pos = off + 20; pos < oend;) {
		unsigned kind = u8(c, pos), len;

		if (t->nopt < DEC_MAX_TCPOPT)
			t->opt[t->nopt++] = (uint8_t)kind;
		if (kind == 0) {	/* EOL: the rest is padding */
			t->has |= DEC_HAS_EOL;
			t->eolpad = (uint8_t)(hend - pos - 1);
			for (pos++; pos < oend; pos++)
				if (u8(c, pos))
					t->eolpad_nonzero = 1;
			break;
		}
		if (kind == 1) {	/* NOP */
			pos++;
			continue;
		}
		if (pos + 1 >= oend) {
			if (oend == hend)
				mark_bad(c, DEC_BAD_TCPOPT);
			break;
		}
		len = u8(c, pos + 1);
		if (len < 2 || pos + len > hend) {
			mark_bad(c, DEC_BAD_TCPOPT);
			break;
		}
		if (pos + len > oend)
			break;	/* cut by the snap length */
		switch (kind) {
		case 2:
			if (len == 4) {
				t->has |= DEC_HAS_MSS;
				t->mss = u16(c, pos + 2);
			}
			break;
		case 3:
			if (len == 3) {
				t->has |= DEC_HAS_WS;
				t->wscale = u8(c, pos + 2);
			}
			break;
		case 4:
			if (len == 2)
				t->has |= DEC_HAS_SACKOK;
			break;
		case 5:
			t->has |= DEC_HAS_SACK;
			break;
		case 8:
			if (len == 10) {
				t->has |= DEC_HAS_TS;
				t->tsval = u32(c, pos + 2);
				t->tsecr = u32(c, pos + 6);
			}
			break;
		}
		pos += len;
	}
}

static void
udp(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	struct decode_udp *u = &c->p->udp;

	if (!have(c, off, 8, end)) {
		mark(c, DEC_L4_TRUNC);
		return;
	}
	if (!(c->p->has & DEC_UDP)) {
		c->p->has |= DEC_UDP;
		u->off = off;
		u->sport = u16(c, off);
		u->dport = u16(c, off + 2);
		u->len = u16(c, off + 4);
		if (!(c->p->has & DEC_TCP))
			c->p->payload = wend - off - 8;
	}
	if (depth >= MAX_DEPTH)
		return;
	/* VXLAN (scapy binds 4789 and Linux's 8472): TCP inside beats UDP. */
	if ((u16(c, off + 2) == 4789 || u16(c, off + 2) == 8472 ||
	    u16(c, off) == 4789 || u16(c, off) == 8472) &&
	    have(c, off, 16 + 14, end))
		ethertype(c, u16(c, off + 16 + 12), off + 16 + 14, end, wend, depth + 1);
	/* L2TPv2 data messages (scapy binds port 1701 to L2TP, L2TP to PPP) */
	if (u16(c, off + 2) == 1701 || u16(c, off) == 1701) {
		uint32_t o = off + 8;
		unsigned fl = u16(c, o);

		if ((fl & 0x8000) || (fl & 15) != 2 || !have(c, o, 6, end))
			return;
		o += 2 + (fl & 0x4000 ? 2 : 0) + 4 + (fl & 0x0800 ? 4 : 0);
		if (fl & 0x0200)	/* offset size, then that much padding */
			o += 2 + (have(c, o, 2, end) ? u16(c, o) : 0u);
		if (o <= end)
			pppproto(c, o, end, wend, depth + 1);
	}
}

/* GRE (RFC 2784/2890) and PPTP's enhanced GRE (version 1). */
static void
gre(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	unsigned fl, proto;
	uint32_t hl;

	if (!have(c, off, 4, end)) {
		mark(c, DEC_NOT_TCPUDP);
		return;
	}
	fl = u16(c, off);
	proto = u16(c, off + 2);
	if ((fl & 7) == 0)
		hl = 4 + (fl & 0xc000 ? 4 : 0) + (fl & 0x2000 ? 4 : 0) + (fl & 0x1000 ? 4 : 0);
	else if ((fl & 7) == 1)
		hl = 8 + (fl & 0x1000 ? 4 : 0) + (fl & 0x0080 ? 4 : 0);
	else {
		mark(c, DEC_NOT_TCPUDP);
		return;
	}
	if (!have(c, off, hl, end)) {
		mark(c, DEC_NOT_TCPUDP);
		return;
	}
	if (proto == 0x6558) {	/* transparent Ethernet bridging */
		if (have(c, off + hl, 14, end))
			ethertype(c, u16(c, off + hl + 12), off + hl + 14, end, wend, depth + 1);
		else
			mark(c, DEC_LINK_TRUNC);
	} else if (proto == 0x880b)	/* PPP */
		pppproto(c, off + hl, end, wend, depth + 1);
	else
		ethertype(c, proto, off + hl, end, wend, depth + 1);
}

/* Dispatch on the protocol number of an IP header (v4 proto, v6 last nh). */
static void
ipproto(struct ctx *c, unsigned proto, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	switch (proto) {
	case 6:
		tcp(c, off, end, wend);
		break;
	case 17:
		udp(c, off, end, wend, depth);
		break;
	case 4:
		ip4(c, off, end, wend, depth + 1);
		break;
	case 41:
		ip6(c, off, end, wend, depth + 1);
		break;
	case 47:
		gre(c, off, end, wend, depth);
		break;
	case 51:	/* IPsec AH: scapy dissects what it authenticates */
		if (have(c, off, 2, end) && have(c, off, (u8(c, off + 1) + 2u) * 4, end) &&
		    depth < MAX_DEPTH)
			ipproto(c, u8(c, off), off + (u8(c, off + 1) + 2u) * 4, end, wend, depth + 1);
		else
			mark(c, DEC_NOT_TCPUDP);
		break;
	default:	/* ICMP errors quote headers: never counted */
		mark(c, DEC_NOT_TCPUDP);
	}
}

static void
ip4(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	struct decode_ip4 *h = &c->p->ip4;
	const uint8_t *b;
	unsigned ihl, len, proto, frag;
	uint32_t hl, pend, pwend;

	if (depth > MAX_DEPTH) {
		mark(c, DEC_NOT_IP);
		return;
	}
	if (!have(c, off, 20, end)) {
		mark(c, DEC_IP_TRUNC);
		return;
	}
	b = c->d + off;		/* have(c, off, 20, end) above */
	ihl = b[0] & 15;
	len = be16(b + 2);
	frag = be16(b + 6);
	proto = b[9];
	if (!(c->p->has & DEC_IP4)) {
		c->p->has |= DEC_IP4;
		if (!c->p->first_ip)
			c->p->first_ip = 4;
		h->off = off;
		h->ihl = (uint8_t)ihl;
		h->tos = b[1];
		h->len = (uint16_t)len;
		h->id = be16(b + 4);
		h->rf = frag >> 15 & 1;
		h->df = frag >> 14 & 1;
		h->mf = frag >> 13 & 1;
		h->fragoff = frag & 0x1fff;
		h->ttl = b[8];
		h->proto = (uint8_t)proto;
		h->optlen = ihl >= 5 ? (uint8_t)(ihl * 4 - 20) : 0;
		memcpy(h->src, c->d + off + 12, 4);
		memcpy(h->dst, c->d + off + 16, 4);
	}
	if (ihl < 5) {
		mark_bad(c, DEC_BAD_IHL);
		return;
	}
	hl = ihl * 4;
	if (len > wend - off) {
		mark_bad(c, DEC_BAD_IPLEN);
		return;
	}
	/* scapy cuts the payload to len - 4*ihl when that is >= 0; a smaller
	 * length (0 with TSO) cuts nothing. */
	pend = end;
	pwend = wend;
	if (len >= hl) {
		pwend = off + len;
		if (pend > pwend)
			pend = pwend;
	}
	if (frag & 0x1fff) {
		mark(c, DEC_FRAGMENT);
		return;
	}
	if (!have(c, off, hl, pend)) {	/* options eat what is there */
		mark(c, proto == 6 || proto == 17 ? DEC_L4_TRUNC : DEC_NOT_TCPUDP);
		return;
	}
	ipproto(c, proto, off + hl, pend, pwend, depth);
}

static void
ip6(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	struct decode_ip6 *h = &c->p->ip6;
	int first = !(c->p->has & DEC_IP6);
	unsigned plen, nh, n;
	uint32_t pos, pend, pwend;

	if (depth > MAX_DEPTH) {
		mark(c, DEC_NOT_IP);
		return;
	}
	if (!have(c, off, 40, end)) {
		mark(c, DEC_IP_TRUNC);
		return;
	}
	plen = u16(c, off + 4);
	nh = u8(c, off + 6);
	if (first) {
		uint32_t w = u32(c, off);

		c->p->has |= DEC_IP6;
		if (!c->p->first_ip)
			c->p->first_ip = 6;
		memset(h, 0, sizeof *h);
		h->off = off;
		h->tclass = (uint8_t)(w >> 20);
		h->flowlabel = w & 0xfffff;
		h->plen = (uint16_t)plen;
		h->nh = (uint8_t)nh;
		h->hlim = u8(c, off + 7);
		memcpy(h->src, c->d + off + 8, 16);
		memcpy(h->dst, c->d + off + 24, 16);
	}
	if (plen > wend - off - 40) {
		mark_bad(c, DEC_BAD_IPLEN);
		return;
	}
	pwend = off + 40 + plen;   /* scapy cuts the payload to plen */
	pend = end < pwend ? end : pwend;
	pos = off + 40;
	for (n = 0;; n++) {
		uint32_t hl;

		if (nh != 0 && nh != 43 && nh != 60 && nh != 51 && nh != 44)
			break;
		if (n >= MAX_IP6EXT) {
			mark_bad(c, DEC_BAD_IP6EXT);
			return;
		}
		if (!have(c, pos, nh == 44 ? 8 : 2, pend)) {
			mark(c, DEC_L4_TRUNC);
			return;
		}
		if (nh == 44)
			hl = 8;
		else if (nh == 51)
			hl = (u8(c, pos + 1) + 2u) * 4;
		else
			hl = (u8(c, pos + 1) + 1u) * 8;
		if (hl > pwend - pos) {
			mark_bad(c, DEC_BAD_IP6EXT);
			return;
		}
		if (nh == 44) {
			unsigned fo = u16(c, pos + 2);

			if (first) {
				h->frag = 1;
				h->fragoff = (uint16_t)(fo >> 3);
				h->mf = fo & 1;
				h->fragid = u32(c, pos + 4);
			}
			if (fo >> 3) {
				mark(c, DEC_FRAGMENT);
				return;
			}
		}
		nh = u8(c, pos);
		pos += hl;
		if (first) {
			h->extlen = (uint16_t)(pos - off - 40);
			h->next = (uint8_t)(n + 1);
		}
	}
	if (first)
		h->proto = (uint8_t)nh;
	ipproto(c, nh, pos, pend, pwend, depth);
}

static void
pppoe(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	push(c, DL_PPPOE);
	if (!have(c, off, 8, end)) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	pppproto(c, off + 6, end, wend, depth);
}

static void
ethertype(struct ctx *c, unsigned type, uint32_t off, uint32_t end, uint32_t wend, int depth)
{
	if (depth > MAX_DEPTH) {
		mark(c, DEC_NOT_IP);
		return;
	}
	switch (type) {
	case 0x0800:
		ip4(c, off, end, wend, depth + 1);
		return;
	case 0x86dd:
		ip6(c, off, end, wend, depth + 1);
		return;
	case 0x8100: case 0x88a8: case 0x9100:
		push(c, DL_VLAN);
		if (!have(c, off, 4, end)) {
			mark(c, DEC_LINK_TRUNC);
			return;
		}
		ethertype(c, u16(c, off + 2), off + 4, end, wend, depth + 1);
		return;
	case 0x8864:
		pppoe(c, off, end, wend, depth);
		return;
	}
	if (type <= 1500) {	/* 802.3 length: LLC, SNAP for IP */
		push(c, DL_LLC);
		if (!have(c, off, 8, end)) {
			mark(c, DEC_LINK_TRUNC);
			return;
		}
		if (u8(c, off) == 0xaa && u8(c, off + 1) == 0xaa && u8(c, off + 2) == 3) {
			ethertype(c, u16(c, off + 6), off + 8, end, wend, depth + 1);
			return;
		}
	}
	mark(c, DEC_NOT_IP);
}

/* Raw IP: the version nibble says which. */
static void
rawip(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend)
{
	if (!have(c, off, 1, end))
		mark(c, DEC_IP_TRUNC);
	else if (u8(c, off) >> 4 == 4)
		ip4(c, off, end, wend, 0);
	else if (u8(c, off) >> 4 == 6)
		ip6(c, off, end, wend, 0);
	else
		mark(c, DEC_NOT_IP);
}

static void
nullfam(struct ctx *c, uint32_t end, uint32_t wend)
{
	unsigned fam;

	push(c, DL_NULL);
	if (!have(c, 0, 4, end)) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	if (c->flags & DEC_NETML_NULL) {
		/* scapy 2.5: first byte; 0 and 2 are IPv4, only Linux's 10 IPv6 */
		fam = u8(c, 0);
		if (fam == 0 || fam == 2)
			ip4(c, 4, end, wend, 0);
		else if (fam == 10)
			ip6(c, 4, end, wend, 0);
		else
			mark(c, DEC_NOT_IP);
		return;
	}
	/* Host byte order of the capturing machine (NULL) or network order
	 * (LOOP): the family is small, so a nonzero first byte means
	 * little-endian. */
	fam = u8(c, 0) ? (unsigned)u8(c, 0) | (unsigned)u8(c, 1) << 8 : u32(c, 0);
	if (fam == 2)
		ip4(c, 4, end, wend, 0);
	else if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
		ip6(c, 4, end, wend, 0);
	else
		mark(c, DEC_NOT_IP);
}

/* PPP as scapy 2.5 reads it: an optional HDLC address/control (0xff 0x03),
 * then a 2-byte protocol (scapy never reads a compressed 1-byte one). */
static void
pppproto(struct ctx *c, uint32_t o, uint32_t end, uint32_t wend, int depth)
{
	unsigned pp;

	if (u8(c, o) == 0xff && have(c, o, 2, end))
		o += 2;
	if (!have(c, o, 2, end)) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	pp = u16(c, o);
	if (pp == 0x21)
		ip4(c, o + 2, end, wend, depth + 1);
	else if (pp == 0x57)
		ip6(c, o + 2, end, wend, depth + 1);
	else
		mark(c, DEC_NOT_IP);
}

/* IEEE 802.11 data frames (unprotected), then LLC/SNAP. */
static void
wlan(struct ctx *c, uint32_t off, uint32_t end, uint32_t wend)
{
	unsigned fc, st;
	uint32_t hl = 24;

	push(c, DL_WLAN);
	if (!have(c, off, 24, end)) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	fc = u8(c, off) | (unsigned)u8(c, off + 1) << 8;	/* little-endian */
	st = fc >> 4 & 15;
	if ((fc >> 2 & 3) != 2 || (st & 4) || (fc & 0x4000)) {
		mark(c, DEC_NOT_IP);	/* not data, no payload, or encrypted */
		return;
	}
	if ((fc & 0x0300) == 0x0300)
		hl += 6;		/* 4th address */
	if (st & 8) {
		hl += 2;		/* QoS control */
		if (fc & 0x8000)
			hl += 4;	/* HT control */
	}
	if (!have(c, off, hl + 8, end)) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	off += hl;
	if (u8(c, off) == 0xaa && u8(c, off + 1) == 0xaa && u8(c, off + 2) == 3)
		ethertype(c, u16(c, off + 6), off + 8, end, wend, 1);
	else
		mark(c, DEC_NOT_IP);
}

static void
radiotap(struct ctx *c, uint32_t end, uint32_t wend)
{
	uint32_t len;

	push(c, DL_RADIOTAP);
	if (!have(c, 0, 4, end)) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	len = u8(c, 2) | (uint32_t)u8(c, 3) << 8;
	if (len < 8 || len > end) {
		mark(c, DEC_LINK_TRUNC);
		return;
	}
	wlan(c, len, end, wend);
}

static void
ppp(struct ctx *c, uint32_t end, uint32_t wend)
{
	push(c, DL_PPP);
	pppproto(c, 0, end, wend, 0);
}

int
decode_linktype_known(int lt)
{
	switch (lt) {
	case LT_NULL: case LT_ETHERNET: case LT_PPP: case LT_RAW12: case LT_RAW14:
	case LT_RAW: case LT_LOOP: case LT_SLL: case LT_IPV4: case LT_IPV6: case LT_SLL2:
	case LT_IEEE802_11: case LT_RADIOTAP:
		return 1;
	}
	return 0;
}

int
decode(int linktype, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
    int flags, struct decode_pkt *p)
{
	struct ctx c;
	uint32_t end = caplen, wend = wirelen > caplen ? wirelen : caplen;

	/* Only the summary is cleared: a header's struct is filled (all of
	 * it) when the header is met, and is valid only when its has bit is
	 * set. Clearing all of *p per packet costs more than decoding. */
	p->status = 0;
	p->has = 0;
	p->first_ip = 0;
	p->nlink = 0;
	p->payload = 0;
	c.d = data;
	c.caplen = data ? caplen : 0;
	end = c.caplen;
	c.flags = flags;
	c.p = p;
	c.bad = c.why = 0;
	switch (linktype) {
	case LT_ETHERNET:
		push(&c, DL_ETH);
		if (have(&c, 0, 14, end))
			ethertype(&c, u16(&c, 12), 14, end, wend, 0);
		else
			mark(&c, DEC_LINK_TRUNC);
		break;
	case LT_SLL:
		push(&c, DL_SLL);
		if (have(&c, 0, 16, end))
			ethertype(&c, u16(&c, 14), 16, end, wend, 0);
		else
			mark(&c, DEC_LINK_TRUNC);
		break;
	case LT_SLL2:
		push(&c, DL_SLL2);
		if (have(&c, 0, 20, end))
			ethertype(&c, u16(&c, 0), 20, end, wend, 0);
		else
			mark(&c, DEC_LINK_TRUNC);
		break;
	case LT_NULL: case LT_LOOP:
		nullfam(&c, end, wend);
		break;
	case LT_RAW: case LT_RAW12: case LT_RAW14:
		push(&c, DL_RAW);
		rawip(&c, 0, end, wend);
		break;
	case LT_IPV4:
		push(&c, DL_IPV4);
		ip4(&c, 0, end, wend, 0);
		break;
	case LT_IPV6:
		push(&c, DL_IPV6);
		ip6(&c, 0, end, wend, 0);
		break;
	case LT_PPP:
		ppp(&c, end, wend);
		break;
	case LT_IEEE802_11:
		wlan(&c, 0, end, wend);
		break;
	case LT_RADIOTAP:
		radiotap(&c, end, wend);
		break;
	default:
		mark(&c, DEC_UNKNOWN_LINK);
	}
	if (c.bad)
		p->status = (uint8_t)c.bad;
	else if (p->has & (DEC_TCP | DEC_UDP))
		p->status = DEC_OK;
	else
		p->status = (uint8_t)(c.why ? c.why : DEC_NOT_IP);
	return p->status;
}

static const char *const link_names[] = {
	[DL_ETH] = "eth", [DL_VLAN] = "vlan", [DL_LLC] = "llc", [DL_PPPOE] = "pppoe",
	[DL_PPP] = "ppp", [DL_SLL] = "sll", [DL_SLL2] = "sll2", [DL_NULL] = "null",
	[DL_RAW] = "raw", [DL_IPV4] = "ipv4", [DL_IPV6] = "ipv6",
	[DL_WLAN] = "wlan", [DL_RADIOTAP] = "radiotap"
};

size_t
decode_link_str(const struct decode_pkt *p, char *buf)
{
	size_t n = 0, i;

	for (i = 0; i < p->nlink; i++) {
		const char *s = p->link[i] < sizeof link_names / sizeof link_names[0] &&
		    link_names[p->link[i]] ? link_names[p->link[i]] : "?";
		size_t l = strlen(s);

		if (i)
			buf[n++] = '.';
		memcpy(buf + n, s, l);
		n += l;
	}
	buf[n] = 0;
	return n;
}

static const char *const status_names[DEC_NSTATUS] = {
	[DEC_OK] = "ok",
	[DEC_UNKNOWN_LINK] = "unknown-link-type",
	[DEC_LINK_TRUNC] = "link-header-truncated",
	[DEC_NOT_IP] = "not-ip",
	[DEC_IP_TRUNC] = "ip-header-truncated",
	[DEC_NOT_TCPUDP] = "not-tcp-udp",
	[DEC_FRAGMENT] = "ip-fragment",
	[DEC_L4_TRUNC] = "tcp-udp-header-truncated",
	[DEC_BAD_IHL] = "bad-ipv4-ihl",
	[DEC_BAD_IPLEN] = "bad-ip-length",
	[DEC_BAD_IP6EXT] = "bad-ipv6-extension-header",
	[DEC_BAD_DOFF] = "bad-tcp-data-offset",
	[DEC_BAD_TCPOPT] = "bad-tcp-option-length",
};

const char *
decode_status_name(int status)
{
	return status >= 0 && status < DEC_NSTATUS ? status_names[status] : "?";
}
