/* fields.h: the per-packet header fields of passive fingerprints, as
 * osfp-pcap-flows writes them (--fields) and the feature stage reads them.
 *
 * One list of names serves both sides, so a column written by the flows
 * stage is parsed back by the same code. The fields never carry addresses,
 * ports, or TCP sequence and acknowledgement numbers (the benchmark's
 * disallowed fields): seq0/ack0 only say whether those are zero (p0f's
 * seq-, ack+ and ack- quirks), and the raw header columns (ip4hdr, tcphdr)
 * are written with those bytes and the checksums zeroed.
 *
 * Nothing here exits; allocation failures come back as -1. */
#ifndef OSFP_FIELDS_H
#define OSFP_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "packet/decode.h"

/* Columns in the order they are written. */
enum fields_field {
	FPF_IPVER, FPF_IPID, FPF_DF, FPF_RF, FPF_TOS, FPF_IPOPTS, FPF_FLOWLBL,
	FPF_TCPOPTS, FPF_MSS, FPF_WSCALE, FPF_SACKOK, FPF_TSVAL, FPF_TSECR,
	FPF_EOLPAD, FPF_EOLNZ, FPF_URP, FPF_SEQ0, FPF_ACK0, FPF_OPTBAD,
	FPF_PAYLOAD, FPF_IP4HDR, FPF_TCPHDR, FPF_NFIELDS
};
#define FPF_BIT(f) (1u << (f))
#define FPF_ALL ((1u << FPF_NFIELDS) - 1)
/* What each fingerprint feature set reads (besides ttl, tcpflags, win). */
#define FPF_NEED_SYN (FPF_ALL & ~(FPF_BIT(FPF_SACKOK) | FPF_BIT(FPF_IP4HDR) | \
	FPF_BIT(FPF_TCPHDR)))
#define FPF_NEED_HDR (FPF_BIT(FPF_IPVER) | FPF_BIT(FPF_IPID) | FPF_BIT(FPF_DF) | \
	FPF_BIT(FPF_TOS) | FPF_BIT(FPF_TCPOPTS) | FPF_BIT(FPF_MSS) | \
	FPF_BIT(FPF_TSVAL) | FPF_BIT(FPF_PAYLOAD))
#define FPF_NEED_NPRINT (FPF_BIT(FPF_IP4HDR) | FPF_BIT(FPF_TCPHDR))

extern const char *const fields_names[FPF_NFIELDS];

/* Parse a --fields list: field names, the set names syn, hdr, nprint (the
 * fields that set needs), or all, and add them to *mask (so that a repeated
 * --fields adds up; start from 0). Returns 0, or -1 with msg naming the
 * unknown word. */
int fields_parse_list(const char *list, uint32_t *mask, char *msg, size_t msglen);

enum { FPF_HAS_IP4 = 1, FPF_HAS_IP6 = 2, FPF_HAS_TCP = 4, FPF_HAS_UDP = 8 };

/* The decoded fields of one packet. opthas uses decode.h's DEC_HAS_*. */
struct fields_pkt {
	uint8_t has;            /* FPF_HAS_* */
	uint8_t ttl, tos;       /* TTL / hop limit; TOS / traffic class */
	uint8_t df, rf;         /* IPv4 don't fragment and reserved bits */
	uint8_t ipopts;         /* IPv4 option bytes, IPv6 extension bytes (<= 255) */
	uint16_t ipid;
	uint32_t flowlbl;       /* IPv6 flow label */
	uint16_t flags, win, mss, urp;
	uint8_t wscale, opthas, nopt, eolpad, eolnz, seq0, ack0, optbad;
	uint32_t tsval, tsecr, payload;
	uint8_t opt[DEC_MAX_TCPOPT];   /* option kinds in order */
};

/* Raw IPv4 and TCP header bytes (nPrint), as captured, with the
 * disallowed fields and the checksums zeroed. Lengths 0: no such header. */
#define FPF_HDR_MAX 60
struct fields_raw {
	uint8_t ip4len, tcplen;
	uint8_t ip4[FPF_HDR_MAX], tcp[FPF_HDR_MAX];
};

/* Fill x (and raw, if not NULL) from a decoded frame. */
void fields_from_dec(const struct decode_pkt *d, const uint8_t *frame, uint32_t caplen,
    struct fields_pkt *x, struct fields_raw *raw);

/* A growable array of packets' fields (raw headers only if with_raw). */
struct fields_vec {
	struct fields_pkt *v;
	struct fields_raw *raw;
	size_t n, cap;
	int with_raw;
};
/* Append one packet: a slot to fill (NULL when out of memory). */
struct fields_pkt *fields_vec_push(struct fields_vec *a, struct fields_raw **raw);
/* Forget the first k packets. */
void fields_vec_drop(struct fields_vec *a, size_t k);
void fields_vec_free(struct fields_vec *a);

/* Writing: the names of the chosen columns are appended to names[*n]
 * (at most FPF_NFIELDS); fields_format writes one row's fields into buf, each
 * preceded by delim (no quoting is ever needed), at most FPF_ROW_MAX bytes,
 * and returns the length. */
#define FPF_ROW_MAX (FPF_NFIELDS * 12 + 4 * DEC_MAX_TCPOPT + 4 * FPF_HDR_MAX)
void fields_header(uint32_t mask, const char **names, size_t *n);
size_t fields_format(char *buf, char delim, uint32_t mask, const struct fields_pkt *x,
    const struct fields_raw *raw);

#endif
