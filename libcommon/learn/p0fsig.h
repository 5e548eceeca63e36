/* p0fsig.h: one SYN or SYN+ACK as p0f 3.09b sees it.
 *
 * The struct holds the syn feature set (osfp-flow-features -f syn, see
 * features/fingerprint.h) read back from its CSV columns, one member per
 * column, so that a row's signature can be matched against a p0f database
 * (p0fdb.h) and printed the way p0f prints it:
 *
 *   raw_sig   ver:ttl+dist:olen:mss:wsize,scale:olayout:quirks:pclass
 *             (p0f's log field; dist is "?" past 35 hops)
 *   db sig    the same with the initial TTL (ttl + dist) in place of
 *             ttl+dist: the line a p0f.fp file holds for it (sig = ...)
 *
 * The columns hold the kinds of the first P0FSIG_COLOPT TCP options; a
 * SYN with more (p0f reads up to 24) keeps its count in nopt and the hash
 * of the whole layout in olayout, its later kinds unknown until a database
 * signature with that layout supplies them (p0fdb_fill_layout). Nothing
 * here exits. */
#ifndef OSFP_P0FSIG_H
#define OSFP_P0FSIG_H

#include <stddef.h>
#include <stdint.h>

#include "table/csvr.h"

#define P0FSIG_MAXOPT 24        /* p0f's MAX_TCP_OPT */
#define P0FSIG_COLOPT 12        /* syn_opt_0 .. syn_opt_11 */
#define P0FSIG_MAXDIST 35       /* p0f's MAX_DIST */
#define P0FSIG_TEXT_MAX 256     /* room for any raw or db signature */

/* Quirks: bit i is the i-th syn_q_ column, which is p0f's print order. */
enum {
	P0FSIG_Q_DF = 1 << 0, P0FSIG_Q_NZ_ID = 1 << 1, P0FSIG_Q_ZERO_ID = 1 << 2,
	P0FSIG_Q_ECN = 1 << 3, P0FSIG_Q_NZ_MBZ = 1 << 4, P0FSIG_Q_FLOW = 1 << 5,
	P0FSIG_Q_ZERO_SEQ = 1 << 6, P0FSIG_Q_NZ_ACK = 1 << 7, P0FSIG_Q_ZERO_ACK = 1 << 8,
	P0FSIG_Q_NZ_URG = 1 << 9, P0FSIG_Q_URG = 1 << 10, P0FSIG_Q_PUSH = 1 << 11,
	P0FSIG_Q_TS1_ZERO = 1 << 12, P0FSIG_Q_TS2_NZ = 1 << 13, P0FSIG_Q_OPT_NZ = 1 << 14,
	P0FSIG_Q_EXWS = 1 << 15, P0FSIG_Q_BAD = 1 << 16
};
#define P0FSIG_NQUIRK 17
/* "df", "id+", "id-", "ecn", "0+", "flow", "seq-", "ack+", ... "bad" */
extern const char *const p0fsig_quirk_names[P0FSIG_NQUIRK];

/* The syn columns: syn_none .. syn_nopt, syn_opt_0 .. syn_opt_11,
 * syn_eolpad .. syn_pclass, in the order osfp-flow-features writes them. */
#define P0FSIG_NCOLS (14 + P0FSIG_COLOPT + 20)
extern const char *const p0fsig_columns[P0FSIG_NCOLS];

struct p0fsig {
	int none;       /* syn_none: the flow has no SYN (nothing else is set) */
	int synack;     /* syn_synack: a SYN+ACK (p0f's tcp:response), or a SYN */
	int ipver;      /* syn_ipver: 4 or 6 */
	int ttl;        /* syn_ttl: as received */
	int ittl;       /* syn_ittl: p0f's guess of the initial TTL */
	int dist;       /* syn_dist: ittl - ttl */
	int olen;       /* syn_olen: IPv4 option bytes */
	int tos;        /* syn_tos: TOS (traffic class) >> 2 */
	int mss;        /* syn_mss: -1 without an MSS option */
	int win;        /* syn_win */
	int win_mult;   /* syn_win_mult: the window as N times the MSS or MTU, or -1 */
	int win_mtu;    /* syn_win_mtu: 1 when that is the MTU (mtu*N), 0 mss*N, -1 */
	int wscale;     /* syn_wscale: -1 without a window scale option */
	int nopt;       /* syn_nopt: TCP options in the header */
	uint8_t opt[P0FSIG_MAXOPT];  /* syn_opt_*: kinds of the first P0FSIG_COLOPT */
	int optknown;   /* kinds known in opt: min(nopt, P0FSIG_COLOPT), or nopt */
	int eolpad;     /* syn_eolpad: bytes after an EOL option, -1 without EOL */
	double olayout; /* syn_olayout: p0fsig_layout_hash of all nopt kinds */
	uint32_t quirks;/* syn_q_*: P0FSIG_Q_* */
	int pclass;     /* syn_pclass: 1 when the packet has a payload */
};

/* The syn_olayout value of a layout: FNV-1a of the kinds, shifted right
 * by one so that it is exact in a double (features/fingerprint.c). */
double p0fsig_layout_hash(const uint8_t *opt, int nopt);

/* The struct from the columns' values (v[i] is column p0fsig_columns[i]).
 * Returns 0, or -1 with msg naming the column and the value. */
int p0fsig_from_values(const double *v, struct p0fsig *s, char *msg, size_t msglen);

/* The syn columns of a CSV header, by name. Returns 0, or -1 with msg
 * naming the missing columns. */
struct p0fsig_cols {
	size_t idx[P0FSIG_NCOLS];
};
int p0fsig_cols_find(struct p0fsig_cols *c, const struct csvr *r, char *msg, size_t msglen);
/* The current record of r: 0, or -1 with r's error set (the line and the
 * column). */
int p0fsig_read(const struct p0fsig_cols *c, struct csvr *r, struct p0fsig *s);

/* raw_sig as p0f 3.09b logs it (fp_tcp.c dump_sig); s must have a SYN.
 * buf holds P0FSIG_TEXT_MAX bytes; returns the length. */
size_t p0fsig_raw(const struct p0fsig *s, char *buf);
/* The signature a p0f database would hold for s: raw_sig with ttl+dist
 * written as their sum, the initial TTL guess (also past 35 hops, where
 * raw_sig says "+?" and p0f will match the signature fuzzily). */
size_t p0fsig_db(const struct p0fsig *s, char *buf);

#endif
