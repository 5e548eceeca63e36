/* fingerprint.h: per-flow feature sets of what an operating system writes
 * into its headers, next to netml's (flowfeat.h):
 *
 *   syn     the p0f v3 signature of the flow's first SYN (or SYN+ACK):
 *           IP version, TTL, initial TTL and distance, IP option length,
 *           MSS, window and its MSS/MTU multiple, window scale, TCP option
 *           layout, the quirks, payload class; or "no SYN in this flow";
 *   hdr     statistics of header fields over all the flow's packets: TTL,
 *           window, DF, ECN, IP-ID increments, TCP options present, TCP
 *           timestamp clock rate, payload sizes;
 *   nprint  nPrint's bits of the IPv4 and TCP headers of the first k
 *           packets (1, 0; -1 where the packet or header byte is absent).
 *
 * Each set has a fixed width (nprint: per k), so rows can be written as
 * each flow ends. None of them reads addresses, ports, or TCP sequence and
 * acknowledgement numbers; nprint also drops the checksums, which are
 * functions of them. Missing values are -1 (every real value is >= 0). */
#ifndef OSFP_FINGERPRINT_H
#define OSFP_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "packet/fields.h"

enum fingerprint_set { FP_SYN, FP_HDR, FP_NPRINT, FP_NSETS };

/* Option layout positions of the syn set (syn_opt_0 ..). */
#define FP_SYN_NOPT 12
/* nprint's default and largest number of packets. */
#define FP_NPRINT_K 3
#define FP_NPRINT_KMAX 100

/* Set names in -f lists ("syn", "hdr", "nprint"); -1 on another name. */
int fingerprint_set_parse(const char *name, enum fingerprint_set *s);
const char *fingerprint_set_name(enum fingerprint_set s);
/* The fpfields a set reads (besides ttl, tcpflags, win and the time). */
uint32_t fingerprint_set_fields(enum fingerprint_set s);

/* Columns of the set (k: nprint's packet count) and their names. */
size_t fingerprint_width(enum fingerprint_set s, int k);
void fingerprint_colname(enum fingerprint_set s, int k, size_t i, char *buf, size_t len);

/* The set's values for one flow of n >= 1 packets in flow order: their
 * fields p (raw: their headers, for nprint) and times t (seconds). */
void fingerprint_compute(enum fingerprint_set s, int k, const struct fields_pkt *p,
    const struct fields_raw *raw, const double *t, size_t n, double *out);

/* p0f's initial TTL guess: the TTL rounded up to 32, 64, 128 or 255. */
unsigned fingerprint_ittl(unsigned ttl);
/* p0f's detect_win_multi: N when the window is N times the MSS (or a
 * variant, *mtu = 0) or the MTU (*mtu = 1), else -1. tothdr is the IP
 * plus TCP header length. */
long fingerprint_win_multi(const struct fields_pkt *x, unsigned tothdr, int *mtu);

#endif
