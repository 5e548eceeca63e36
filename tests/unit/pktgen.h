/* pktgen.h: packets and classic pcap files made in memory, for the unit
 * tests of the packet and table modules. */
#ifndef OSFP_PKTGEN_H
#define OSFP_PKTGEN_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Ethernet + IPv4 10.0.0.src -> 10.0.0.dst (TTL 64) + TCP (SYN, window
 * 255) or UDP, sport -> dport, then pay payload bytes of zeros. b holds
 * 14 + 20 + 20 + pay bytes; returns the frame's length. */
static inline size_t
pktgen_frame4(uint8_t *b, int tcp, uint8_t src, uint8_t dst, uint16_t sport, uint16_t dport,
    size_t pay)
{
	static const uint8_t eth[14] = { 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 8, 0 };
	size_t l4 = (tcp ? 20 : 8) + pay, n = 14 + 20 + l4;
	uint8_t *ip = b + 14, *t = ip + 20;

	memset(b, 0, n);
	memcpy(b, eth, 14);
	ip[0] = 0x45;
	ip[2] = (uint8_t)((20 + l4) >> 8);
	ip[3] = (uint8_t)(20 + l4);
	ip[6] = 0x40;
	ip[8] = 64;
	ip[9] = tcp ? 6 : 17;
	ip[12] = 10, ip[15] = src;
	ip[16] = 10, ip[19] = dst;
	t[0] = (uint8_t)(sport >> 8), t[1] = (uint8_t)sport;
	t[2] = (uint8_t)(dport >> 8), t[3] = (uint8_t)dport;
	if (tcp) {
		t[12] = 0x50, t[13] = 0x02;
		t[15] = 0xff;
	} else {
		t[4] = (uint8_t)(l4 >> 8), t[5] = (uint8_t)l4;
	}
	return n;
}

/* A classic pcap (microseconds, little-endian) growing in memory. */
struct pktgen_pcap {
	uint8_t *b;
	size_t n, cap;
};

static inline void
pktgen_put_(struct pktgen_pcap *o, const void *p, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 64;
		o->b = realloc(o->b, o->cap);
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static inline void
pktgen_le32_(struct pktgen_pcap *o, uint32_t v)
{
	uint8_t c[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	pktgen_put_(o, c, 4);
}

static inline void
pktgen_pcap_init(struct pktgen_pcap *o, uint32_t linktype)
{
	memset(o, 0, sizeof *o);
	pktgen_le32_(o, 0xa1b2c3d4);
	pktgen_le32_(o, 2 | 4u << 16);
	pktgen_le32_(o, 0);
	pktgen_le32_(o, 0);
	pktgen_le32_(o, 65535);
	pktgen_le32_(o, linktype);
}

static inline void
pktgen_pcap_add(struct pktgen_pcap *o, uint32_t sec, uint32_t usec, const uint8_t *p, size_t n)
{
	pktgen_le32_(o, sec);
	pktgen_le32_(o, usec);
	pktgen_le32_(o, (uint32_t)n);
	pktgen_le32_(o, (uint32_t)n);
	pktgen_put_(o, p, n);
}

#endif
