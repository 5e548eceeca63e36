/* Unit tests for decode.c: header fields, TCP options, link types, every
 * malformation, and no read past the captured bytes: each packet is also
 * decoded at every truncated length from an exact-size heap copy (so ASan
 * and valgrind see any overread), and random bytes are thrown at every
 * link type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "packet/decode.h"
#include "tap.h"

struct buf {
	uint8_t b[512];
	size_t n;
};

static void
put(struct buf *p, const void *s, size_t n)
{
	if (n)
		memcpy(p->b + p->n, s, n);
	p->n += n;
}

static void
put16(struct buf *p, unsigned v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(p, x, 2);
}

static void
put32(struct buf *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xffff);
}

static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

/* TCP header with options opts (padded by the caller to a multiple of 4). */
static void
tcp(struct buf *p, unsigned sport, unsigned dport, unsigned flags,
    const uint8_t *opts, size_t nopts, size_t payload)
{
	put16(p, sport);
	put16(p, dport);
	put32(p, 0x01020304);
	put32(p, 0x0a0b0c0d);
	put16(p, (unsigned)((20 + nopts) / 4) << 12 | flags);
	put16(p, 29200);
	put16(p, 0xbeef);
	put16(p, 7);
	put(p, opts, nopts);
	memset(p->b + p->n, 'x', payload);
	p->n += payload;
}

/* IPv4 header (ihl 5 + optwords) at p->n; returns its offset so the total
 * length can be patched once the payload is there. */
static size_t
ip4(struct buf *p, unsigned proto, unsigned optwords)
{
	static const uint8_t a[8] = { 10, 0, 0, 1, 10, 0, 0, 2 };
	size_t at = p->n;

	put16(p, (0x40u | (5 + optwords)) << 8 | 0x03);   /* tos: ECN CE */
	put16(p, 0);
	put16(p, 0x1234);
	put16(p, 0x4000);       /* DF */
	put16(p, 57u << 8 | proto);
	put16(p, 0);
	put(p, a, 8);
	memset(p->b + p->n, 1, optwords * 4u);   /* NOP options */
	p->n += optwords * 4u;
	return at;
}

static void
fixlen4(struct buf *p, size_t at)
{
	size_t len = p->n - at;

	p->b[at + 2] = (uint8_t)(len >> 8);
	p->b[at + 3] = (uint8_t)len;
}

static const uint8_t synopts[] = {
	2, 4, 0x05, 0xb4,      /* MSS 1460 */
	1,                     /* NOP */
	3, 3, 7,               /* WS 7 */
	4, 2,                  /* SACK permitted */
	8, 10, 0, 0, 0, 9, 0, 0, 0, 3,   /* TS 9 3 */
	0, 0, 0, 0,            /* EOL + 3 bytes of padding... */
};

static int
dec(int lt, const struct buf *p, struct decode_pkt *d)
{
	return decode(lt, p->b, (uint32_t)p->n, (uint32_t)p->n, 0, d);
}

/* Decode every prefix from an exact-size heap copy (ASan and valgrind
 * catch any overread). The wire length stays the full length, so with
 * strict a cut must never be reported as malformed. */
static int
prefixes_check(int lt, const struct buf *p, int flags, int strict)
{
	size_t k;
	int good = 1;

	for (k = 0; k <= p->n; k++) {
		uint8_t *c = malloc(k ? k : 1);
		struct decode_pkt d;
		int st;

		memcpy(c, p->b, k);
		st = decode(lt, k ? c : NULL, (uint32_t)k, (uint32_t)p->n, flags, &d);
		if (strict && st >= DEC_BAD_FIRST)
			good = 0;
		free(c);
	}
	return good;
}

#define prefixes_safe(lt, p, flags) prefixes_check(lt, p, flags, 1)

static void
test_syn(void)
{
	struct buf p = { .n = 0 };
	struct decode_pkt d;
	char ls[DEC_LINK_MAX];
	size_t at;
	int st;

	put(&p, macs, 12);
	put16(&p, 0x0800);
	at = ip4(&p, 6, 1);
	tcp(&p, 51000, 443, 0x1c2, synopts, sizeof synopts, 5);   /* NS CWR ECE SYN */
	fixlen4(&p, at);
	st = dec(LT_ETHERNET, &p, &d);
	ok(st == DEC_OK, "SYN decodes (status %s)", decode_status_name(st));
	ok(d.has == (DEC_IP4 | DEC_TCP) && d.first_ip == 4, "has IPv4 and TCP");
	ok(d.ip4.ihl == 6 && d.ip4.optlen == 4 && d.ip4.tos == 3 && d.ip4.ttl == 57 &&
	    d.ip4.id == 0x1234 && d.ip4.df && !d.ip4.mf && !d.ip4.rf && d.ip4.fragoff == 0 &&
	    d.ip4.proto == 6 && d.ip4.len == p.n - 14 && d.ip4.off == 14, "IPv4 fields");
	ok(d.ip4.src[0] == 10 && d.ip4.src[3] == 1 && d.ip4.dst[3] == 2, "IPv4 addresses");
	ok(d.tcp.sport == 51000 && d.tcp.dport == 443 && d.tcp.seq == 0x01020304 &&
	    d.tcp.ack == 0x0a0b0c0d && d.tcp.win == 29200 && d.tcp.urp == 7 &&
	    d.tcp.sum == 0xbeef, "TCP fields");
	ok(d.tcp.flags == 0x1c2, "TCP flags with NS: %#x", d.tcp.flags);
	ok(d.tcp.doff == 11 && d.tcp.optlen == 24 && !d.tcp.opttrunc, "data offset 11, 24 option bytes");
	ok(d.tcp.nopt == 6 && d.tcp.opt[0] == 2 && d.tcp.opt[1] == 1 && d.tcp.opt[2] == 3 &&
	    d.tcp.opt[3] == 4 && d.tcp.opt[4] == 8 && d.tcp.opt[5] == 0, "option layout M,N,W,S,T,E");
	ok((d.tcp.has & (DEC_HAS_MSS | DEC_HAS_WS | DEC_HAS_SACKOK | DEC_HAS_TS | DEC_HAS_EOL)) ==
	    (DEC_HAS_MSS | DEC_HAS_WS | DEC_HAS_SACKOK | DEC_HAS_TS | DEC_HAS_EOL) &&
	    !(d.tcp.has & DEC_HAS_SACK), "options present");
	ok(d.tcp.mss == 1460 && d.tcp.wscale == 7 && d.tcp.tsval == 9 && d.tcp.tsecr == 3,
	    "MSS 1460, WS 7, TS 9/3");
	ok(d.tcp.eolpad == 3 && !d.tcp.eolpad_nonzero, "3 zero bytes after EOL");
	ok(d.payload == 5, "payload 5 (got %u)", d.payload);
	decode_link_str(&d, ls);
	is_str(ls, "eth", "link path");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "every truncation of the SYN decodes safely");

	/* nonzero EOL padding is reported (a p0f quirk) */
	p.b[p.n - 5 - 1] = 0x55;
	dec(LT_ETHERNET, &p, &d);
	ok(d.tcp.eolpad_nonzero, "nonzero bytes after EOL flagged");

	/* snap-cut in the options: not malformed */
	st = decode(LT_ETHERNET, p.b, 14 + 24 + 20 + 6, (uint32_t)p.n, 0, &d);
	ok(st == DEC_OK && d.tcp.opttrunc && (d.tcp.has & DEC_HAS_MSS) && !(d.tcp.has & DEC_HAS_WS),
	    "options cut by the snap length: MSS kept, rest absent");
	/* cut inside the TCP header */
	st = decode(LT_ETHERNET, p.b, 14 + 24 + 19, (uint32_t)p.n, 0, &d);
	ok(st == DEC_L4_TRUNC && !(d.has & DEC_TCP), "19 TCP bytes: truncated");
	st = decode(LT_ETHERNET, p.b, 14 + 19, (uint32_t)p.n, 0, &d);
	ok(st == DEC_IP_TRUNC, "19 IPv4 bytes: truncated");
}

/* One IPv4/TCP packet whose TCP options are opts; returns the status. */
static int
with_opts(const uint8_t *opts, size_t n, unsigned doff_override, struct decode_pkt *d)
{
	struct buf p = { .n = 0 };
	size_t at;

	put(&p, macs, 12);
	put16(&p, 0x0800);
	at = ip4(&p, 6, 0);
	tcp(&p, 1, 2, 0x10, opts, n, 0);
	if (doff_override)
		p.b[14 + 20 + 12] = (uint8_t)(doff_override << 4);
	fixlen4(&p, at);
	return dec(LT_ETHERNET, &p, d);
}

static void
test_malformed(void)
{
	static const uint8_t len0[] = { 2, 0, 0, 0 }, len1[] = { 1, 1, 8, 1 },
	    past[] = { 1, 1, 2, 8 }, nolen[] = { 1, 1, 1, 2 }, sack[] = { 1, 1, 5, 10, 0, 0, 0, 1, 0, 0, 0, 2 };
	struct buf p = { .n = 0 };
	struct decode_pkt d;
	size_t at;

	ok(with_opts(len0, 4, 0, &d) == DEC_BAD_TCPOPT, "option length 0");
	ok(with_opts(len1, 4, 0, &d) == DEC_BAD_TCPOPT, "option length 1");
	ok(with_opts(past, 4, 0, &d) == DEC_BAD_TCPOPT, "option past the header end");
	ok(with_opts(nolen, 4, 0, &d) == DEC_BAD_TCPOPT, "kind without a length byte at the end");
	ok(with_opts(sack, 12, 0, &d) == DEC_OK && (d.tcp.has & DEC_HAS_SACK) && d.tcp.nopt == 3,
	    "SACK blocks parsed");
	ok(with_opts(NULL, 0, 4, &d) == DEC_BAD_DOFF, "data offset 4");
	ok(with_opts(NULL, 0, 6, &d) == DEC_BAD_DOFF, "data offset past the segment");

	put(&p, macs, 12);
	put16(&p, 0x0800);
	at = ip4(&p, 6, 0);
	tcp(&p, 1, 2, 0x10, NULL, 0, 0);
	fixlen4(&p, at);
	p.b[14] = 0x44;
	ok(dec(LT_ETHERNET, &p, &d) == DEC_BAD_IHL && (d.has & DEC_IP4) && d.ip4.ihl == 4, "IHL 4");
	ok(prefixes_check(LT_ETHERNET, &p, 0, 0), "IHL 4 at every length: no overread");
	p.b[14] = 0x45;
	p.b[14 + 2] = 0x05;       /* total length 1280+ > wire */
	ok(dec(LT_ETHERNET, &p, &d) == DEC_BAD_IPLEN, "IP length past the wire");
	/* the same length with a bigger wire length is a snap-length cut */
	ok(decode(LT_ETHERNET, p.b, (uint32_t)p.n, 2000, 0, &d) == DEC_OK &&
	    d.payload == 0x500 + (unsigned)(p.b[14 + 3]) - 40, "snap-cut: not malformed, payload from the IP length");
	p.b[14 + 2] = 0;
	p.b[14 + 3] = 0;          /* TSO: length 0 cuts nothing */
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK, "IP length 0 (TSO) accepted");
	p.b[14 + 3] = 40;
	p.b[14 + 6] = 0x20;       /* MF, offset 0: first fragment counts */
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && d.ip4.mf, "first fragment keeps its ports");
	p.b[14 + 7] = 0x10;       /* offset 16 */
	ok(dec(LT_ETHERNET, &p, &d) == DEC_FRAGMENT && !(d.has & DEC_TCP), "later fragment: no TCP");
}

static void
test_links(void)
{
	struct buf ip = { .n = 0 }, ip6 = { .n = 0 }, p;
	struct decode_pkt d;
	char ls[DEC_LINK_MAX];
	size_t at;
	static const uint8_t a6[32] = { 0x20, 1, 0xd, 0xb8, [15] = 1, [16] = 0x20, 1, 0xd, 0xb8, [31] = 2 };
	static const struct { int lt; uint32_t fam; int be, v6, netml_ok; } nulls[] = {
		{ LT_NULL, 2, 0, 0, 1 }, { LT_NULL, 2, 1, 0, 1 },
		{ LT_NULL, 10, 0, 1, 1 }, { LT_NULL, 10, 1, 1, 0 },
		{ LT_NULL, 24, 0, 1, 0 }, { LT_NULL, 24, 1, 1, 0 },
		{ LT_NULL, 28, 0, 1, 0 }, { LT_NULL, 28, 1, 1, 0 },
		{ LT_NULL, 30, 0, 1, 0 }, { LT_NULL, 30, 1, 1, 0 },
		{ LT_LOOP, 2, 1, 0, 1 }, { LT_LOOP, 24, 1, 1, 0 },
	};
	size_t i;

	at = ip4(&ip, 17, 0);
	put16(&ip, 5353);
	put16(&ip, 53);
	put16(&ip, 8);
	put16(&ip, 0);
	fixlen4(&ip, at);
	put32(&ip6, 0x60000000);
	put16(&ip6, 20);
	put16(&ip6, 6u << 8 | 64);
	put(&ip6, a6, 32);
	tcp(&ip6, 7, 8, 0x02, NULL, 0, 0);

	/* VLAN, QinQ */
	p.n = 0;
	put(&p, macs, 12);
	put16(&p, 0x88a8); put16(&p, 1);
	put16(&p, 0x8100); put16(&p, 2);
	put16(&p, 0x0800);
	put(&p, ip.b, ip.n);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && (d.has & DEC_UDP) && d.udp.sport == 5353 &&
	    d.udp.len == 8, "QinQ UDP");
	decode_link_str(&d, ls);
	is_str(ls, "eth.vlan.vlan", "QinQ path");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "QinQ at every length");

	/* PPPoE */
	p.n = 0;
	put(&p, macs, 12);
	put16(&p, 0x8864);
	put16(&p, 0x1100); put16(&p, 1); put16(&p, (unsigned)ip.n + 2); put16(&p, 0x21);
	put(&p, ip.b, ip.n);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && (d.has & DEC_UDP), "PPPoE");
	decode_link_str(&d, ls);
	is_str(ls, "eth.pppoe", "PPPoE path");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "PPPoE at every length");

	/* SLL2 with IPv6 */
	p.n = 0;
	put16(&p, 0x86dd); put16(&p, 0); put32(&p, 3); put16(&p, 1);
	put16(&p, 0x0006); put32(&p, 0); put32(&p, 0);
	put(&p, ip6.b, ip6.n);
	ok(dec(LT_SLL2, &p, &d) == DEC_OK && (d.has & DEC_IP6) && (d.has & DEC_TCP) &&
	    d.ip6.hlim == 64 && d.ip6.plen == 20 && d.ip6.src[15] == 1 && d.tcp.flags == 2,
	    "SLL2 IPv6 TCP");
	decode_link_str(&d, ls);
	is_str(ls, "sll2", "SLL2 path");
	ok(prefixes_safe(LT_SLL2, &p, 0), "SLL2 at every length");

	/* NULL / LOOP families, both readings */
	for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++) {
		const struct buf *payload = nulls[i].v6 ? &ip6 : &ip;
		uint32_t f = nulls[i].fam;
		int st, want;

		p.n = 0;
		if (nulls[i].be)
			put32(&p, f);
		else {
			uint8_t le[4] = { (uint8_t)f, 0, 0, 0 };
			put(&p, le, 4);
		}
		put(&p, payload->b, payload->n);
		st = dec(nulls[i].lt, &p, &d);
		ok(st == DEC_OK && (nulls[i].v6 ? d.first_ip == 6 : d.first_ip == 4),
		    "linktype %d family %u %s: IPv%d", nulls[i].lt, f, nulls[i].be ? "BE" : "LE",
		    nulls[i].v6 ? 6 : 4);
		st = decode(nulls[i].lt, p.b, (uint32_t)p.n, (uint32_t)p.n, DEC_NETML_NULL, &d);
		want = nulls[i].netml_ok;
		ok((st == DEC_OK) == want, "netml reading of family %u %s: %s", f,
		    nulls[i].be ? "BE" : "LE", want ? "dissected" : "lost");
	}

	/* RAW, IPv4 and IPv6 link types */
	ok(dec(LT_RAW, &ip6, &d) == DEC_OK && d.first_ip == 6, "RAW IPv6");
	ok(dec(LT_RAW, &ip, &d) == DEC_OK && d.first_ip == 4, "RAW IPv4");
	ok(dec(LT_IPV4, &ip, &d) == DEC_OK, "LINKTYPE_IPV4");
	ok(dec(LT_IPV6, &ip6, &d) == DEC_OK, "LINKTYPE_IPV6");
	decode_link_str(&d, ls);
	is_str(ls, "ipv6", "IPv6 linktype path");
	ok(dec(147, &ip, &d) == DEC_UNKNOWN_LINK && !decode_linktype_known(147), "unknown link type");

	/* radiotap + 802.11 QoS data + LLC/SNAP */
	p.n = 0;
	put16(&p, 0); put16(&p, 0x0800); put32(&p, 0);       /* radiotap, length 8 LE */
	put16(&p, 0x8801); put16(&p, 0);                      /* FC: QoS data, ToDS (LE) */
	put(&p, macs, 12); put(&p, macs, 6); put16(&p, 0); put16(&p, 0);
	put32(&p, 0xaaaa0300); put16(&p, 0); put16(&p, 0x0800);
	put(&p, ip.b, ip.n);
	ok(dec(LT_RADIOTAP, &p, &d) == DEC_OK && (d.has & DEC_UDP), "radiotap 802.11 QoS data");
	decode_link_str(&d, ls);
	is_str(ls, "radiotap.wlan", "radiotap path");
	ok(prefixes_safe(LT_RADIOTAP, &p, 0), "radiotap at every length");
	p.b[9] |= 0x40;                                       /* protected */
	ok(dec(LT_RADIOTAP, &p, &d) == DEC_NOT_IP, "encrypted 802.11 frame: not dissected");

	/* PPP: scapy reads a 2-byte protocol, so a compressed one is lost */
	p.n = 0;
	put16(&p, 0x0021);
	put(&p, ip.b, ip.n);
	ok(dec(LT_PPP, &p, &d) == DEC_OK, "PPP protocol 0x0021");
	p.n = 0;
	put(&p, "\x21", 1);
	put(&p, ip.b, ip.n);
	ok(dec(LT_PPP, &p, &d) == DEC_NOT_IP, "PPP compressed protocol: not dissected");
	ok(dec(LT_ETHERNET, &ip, &d) != DEC_OK, "IPv4 bytes read as Ethernet: not a flow packet");
}

static void
test_ipv6(void)
{
	struct buf p = { .n = 0 };
	struct decode_pkt d;
	static const uint8_t a6[32] = { 0 };
	unsigned i;

	put(&p, macs, 12);
	put16(&p, 0x86dd);
	put32(&p, 0x6ab00001);      /* tclass 0xab, flow label 1 */
	put16(&p, 8 + 8 + 8 + 20);
	put16(&p, 0u << 8 | 9);     /* HBH, hop limit 9 */
	put(&p, a6, 32);
	put16(&p, 60u << 8 | 0); put32(&p, 0x01040000); put16(&p, 0);    /* HBH -> dest */
	put16(&p, 44u << 8 | 0); put32(&p, 0x01040000); put16(&p, 0);    /* dest -> frag */
	put16(&p, 6u << 8); put16(&p, 1); put32(&p, 77);                  /* frag, off 0, MF */
	tcp(&p, 9, 10, 0x10, NULL, 0, 0);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && (d.has & DEC_TCP) && d.tcp.sport == 9,
	    "IPv6 HBH + dest + fragment(0) + TCP");
	ok(d.ip6.tclass == 0xab && d.ip6.flowlabel == 1 && d.ip6.hlim == 9 && d.ip6.nh == 0 &&
	    d.ip6.proto == 6 && d.ip6.extlen == 24 && d.ip6.next == 3 && d.ip6.frag &&
	    d.ip6.mf && d.ip6.fragid == 77 && d.ip6.fragoff == 0, "IPv6 fields");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "IPv6 extension headers at every length");
	p.b[14 + 40 + 16 + 3] = 0x08;   /* fragment offset 1 */
	ok(dec(LT_ETHERNET, &p, &d) == DEC_FRAGMENT && !(d.has & DEC_TCP), "IPv6 later fragment");

	/* a chain of 20 HBH headers: stopped */
	p.n = 0;
	put(&p, macs, 12);
	put16(&p, 0x86dd);
	put32(&p, 0x60000000);
	put16(&p, 20 * 8 + 20);
	put16(&p, 0);
	put(&p, a6, 32);
	for (i = 0; i < 20; i++) {
		put16(&p, (i < 19 ? 0u : 6u) << 8);
		put32(&p, 0x01040000);
		put16(&p, 0);
	}
	tcp(&p, 9, 10, 0x10, NULL, 0, 0);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_BAD_IP6EXT, "20 extension headers: stopped");
	ok(prefixes_check(LT_ETHERNET, &p, 0, 0), "the chain at every length: no overread");
}

static void
test_tunnels(void)
{
	struct buf p = { .n = 0 };
	struct decode_pkt d;
	size_t outer, in;

	/* Ethernet / IPv4 / UDP 4789 / VXLAN / Ethernet / IPv4 / TCP */
	put(&p, macs, 12);
	put16(&p, 0x0800);
	outer = ip4(&p, 17, 0);
	put16(&p, 40000); put16(&p, 4789); put16(&p, 8 + 8 + 14 + 40); put16(&p, 0);
	put32(&p, 0x08000000); put32(&p, 0x00000100);
	put(&p, macs, 12);
	put16(&p, 0x0800);
	in = ip4(&p, 6, 0);
	p.b[in + 15] = 99;          /* inner source 10.0.0.99 */
	tcp(&p, 1234, 80, 0x18, NULL, 0, 3);
	fixlen4(&p, in);
	fixlen4(&p, outer);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && (d.has & DEC_TCP) && (d.has & DEC_UDP) &&
	    d.tcp.sport == 1234 && d.udp.dport == 4789 && d.ip4.src[3] == 1 && d.ip4.off == 14,
	    "VXLAN: first IPv4 is the outer one, TCP beats UDP");
	ok(d.payload == 3, "payload of the inner TCP");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "VXLAN at every length");

	/* IPv4 / AH / TCP */
	p.n = 0;
	put(&p, macs, 12);
	put16(&p, 0x0800);
	outer = ip4(&p, 51, 0);
	put16(&p, 6u << 8 | 4); put16(&p, 0); put32(&p, 0x100); put32(&p, 1);
	put32(&p, 0); put32(&p, 0); put32(&p, 0);
	tcp(&p, 4321, 80, 0x10, NULL, 0, 0);
	fixlen4(&p, outer);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && d.tcp.sport == 4321, "IPsec AH: TCP inside");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "AH at every length");

	/* IPv4 / UDP 1701 / L2TP / PPP / IPv4 / TCP */
	p.n = 0;
	put(&p, macs, 12);
	put16(&p, 0x0800);
	outer = ip4(&p, 17, 0);
	put16(&p, 1701); put16(&p, 1701); put16(&p, 8 + 6 + 4 + 40); put16(&p, 0);
	put16(&p, 0x0002); put16(&p, 1); put16(&p, 1);
	put16(&p, 0xff03); put16(&p, 0x0021);
	in = ip4(&p, 6, 0);
	tcp(&p, 5555, 80, 0x10, NULL, 0, 0);
	fixlen4(&p, in);
	fixlen4(&p, outer);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_OK && d.tcp.sport == 5555 && d.udp.sport == 1701,
	    "L2TP: TCP inside beats UDP");
	ok(prefixes_safe(LT_ETHERNET, &p, 0), "L2TP at every length");

	/* ICMP quoting a TCP header: never counted */
	p.n = 0;
	put(&p, macs, 12);
	put16(&p, 0x0800);
	outer = ip4(&p, 1, 0);
	put32(&p, 0x03030000); put32(&p, 0);
	in = ip4(&p, 6, 0);
	tcp(&p, 1, 2, 0x02, NULL, 0, 0);
	fixlen4(&p, in);
	fixlen4(&p, outer);
	ok(dec(LT_ETHERNET, &p, &d) == DEC_NOT_TCPUDP && !(d.has & DEC_TCP), "ICMP quote ignored");
}

/* Random bytes at every link type: no crash, no overread (ASan/valgrind). */
static void
test_random(void)
{
	static const int lts[] = { LT_NULL, LT_ETHERNET, LT_PPP, LT_RAW, LT_LOOP, LT_SLL,
	    LT_IPV4, LT_IPV6, LT_SLL2, LT_IEEE802_11, LT_RADIOTAP };
	uint64_t s = 42;
	unsigned i, k, okc = 0;

	for (i = 0; i < 20000; i++) {
		unsigned n, lt;
		uint8_t *b;
		struct decode_pkt d;
		int st;

		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		n = (unsigned)(s >> 33) % 160;
		lt = lts[(s >> 20) % (sizeof lts / sizeof lts[0])];
		b = malloc(n ? n : 1);
		for (k = 0; k < n; k++) {
			s = s * 6364136223846793005ULL + 1442695040888963407ULL;
			b[k] = (uint8_t)(s >> 56);
		}
		/* plausible starts so the parsers get deep */
		if (n > 14 && lt == LT_ETHERNET) {
			b[12] = (i & 1) ? 0x08 : 0x86;
			b[13] = (i & 1) ? 0x00 : 0xdd;
		}
		if (n > 0 && (lt == LT_RAW || lt == LT_IPV4))
			b[0] = (uint8_t)(0x45 + (i % 3));
		st = decode((int)lt, b, n, (uint32_t)(n + (s >> 60)), (int)(i & 1), &d);
		okc += st >= 0 && st < DEC_NSTATUS;
		free(b);
	}
	ok(okc == 20000, "20000 random frames decoded without fault");
}

int
main(void)
{
	test_syn();
	test_malformed();
	test_links();
	test_ipv6();
	test_tunnels();
	test_random();
	return tap_done();
}
