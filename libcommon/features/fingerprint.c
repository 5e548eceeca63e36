/* fingerprint.c: the syn, hdr and nprint feature sets (see fingerprint.h).
 * The syn set follows p0f 3.09b's process.c and fp_tcp.c (packet_to_sig,
 * detect_win_multi, dump_sig) so that its columns spell p0f's raw_sig. */
#include <stdio.h>
#include <string.h>

#include "features/fingerprint.h"
#include "base/hash.h"

enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_PSH = 8, F_ACK = 16, F_URG = 32,
	F_ECE = 64, F_CWR = 128, F_NS = 256 };

static const char *const set_names[FP_NSETS] = { "syn", "hdr", "nprint" };

int
fingerprint_set_parse(const char *name, enum fingerprint_set *s)
{
	int i;

	for (i = 0; i < FP_NSETS; i++)
		if (strcmp(name, set_names[i]) == 0) {
			*s = (enum fingerprint_set)i;
			return 0;
		}
	return -1;
}

const char *
fingerprint_set_name(enum fingerprint_set s)
{
	return set_names[s];
}

uint32_t
fingerprint_set_fields(enum fingerprint_set s)
{
	switch (s) {
	case FP_SYN: return FPF_NEED_SYN;
	case FP_HDR: return FPF_NEED_HDR;
	default: return FPF_NEED_NPRINT;
	}
}

/* ---- column names ---- */

/* syn: fixed names, then syn_opt_0 .. after syn_nopt */
static const char *const syn_head[] = {
	"syn_none", "syn_synack", "syn_ipver", "syn_ttl", "syn_ittl", "syn_dist",
	"syn_olen", "syn_tos", "syn_mss", "syn_win", "syn_win_mult", "syn_win_mtu",
	"syn_wscale", "syn_nopt"
};
static const char *const syn_tail[] = {
	"syn_eolpad", "syn_olayout",
	"syn_q_df", "syn_q_id_nz", "syn_q_id_zero", "syn_q_ecn", "syn_q_mbz",
	"syn_q_flow", "syn_q_seq_zero", "syn_q_ack_nz", "syn_q_ack_zero",
	"syn_q_uptr_nz", "syn_q_urgf", "syn_q_pushf", "syn_q_ts1_zero",
	"syn_q_ts2_nz", "syn_q_opt_nz", "syn_q_exws", "syn_q_bad", "syn_pclass"
};
#define NHEAD (sizeof syn_head / sizeof *syn_head)
#define NTAIL (sizeof syn_tail / sizeof *syn_tail)
#define SYN_WIDTH (NHEAD + FP_SYN_NOPT + NTAIL)

static const char *const hdr_names[] = {
	"hdr_tcp_frac", "hdr_ttl_min", "hdr_ttl_max", "hdr_ttl_mode", "hdr_ittl",
	"hdr_df_frac", "hdr_ecn_frac", "hdr_tos_mode",
	"hdr_ipid_zero_frac", "hdr_ipid_one_frac", "hdr_ipid_seq_frac", "hdr_ipid_inc_mean",
	"hdr_win_min", "hdr_win_max", "hdr_win_mean", "hdr_win_mode", "hdr_win_first",
	"hdr_win_change_frac",
	"hdr_opt_frac", "hdr_opt_mss_frac", "hdr_opt_ws_frac", "hdr_opt_sackok_frac",
	"hdr_opt_ts_frac", "hdr_opt_sack_frac", "hdr_opt_nop_frac", "hdr_olayout_first",
	"hdr_mss_max", "hdr_ts_hz", "hdr_ts_zero_frac", "hdr_psh_frac",
	"hdr_pay_min", "hdr_pay_max", "hdr_pay_mean", "hdr_pay_zero_frac"
};
#define HDR_WIDTH (sizeof hdr_names / sizeof *hdr_names)

/* nprint: the header bytes kept (not addresses, ports, seq/ack, checksums) */
#define NP_IP_BITS (8 * (FPF_HDR_MAX - 10))
#define NP_TCP_BITS (8 * (FPF_HDR_MAX - 14))
#define NP_BITS (NP_IP_BITS + NP_TCP_BITS)

static int
ip_byte_kept(unsigned b)
{
	return b < 10 || b >= 20;
}

static int
tcp_byte_kept(unsigned b)
{
	return b >= 12 && (b < 16 || b >= 18);
}

/* The i-th kept bit of a header (i < kept bits): its bit index 0..479. */
static unsigned
kept_bit(int tcp, size_t i)
{
	unsigned b;
	size_t seen = 0;

	for (b = 0; b < FPF_HDR_MAX; b++) {
		if (!(tcp ? tcp_byte_kept(b) : ip_byte_kept(b)))
			continue;
		if (i < seen + 8)
			return b * 8 + (unsigned)(i - seen);
		seen += 8;
	}
	return 0;
}

size_t
fingerprint_width(enum fingerprint_set s, int k)
{
	switch (s) {
	case FP_SYN: return SYN_WIDTH;
	case FP_HDR: return HDR_WIDTH;
	default: return (size_t)k * NP_BITS;
	}
}

void
fingerprint_colname(enum fingerprint_set s, int k, size_t i, char *buf, size_t len)
{
	(void)k;
	if (s == FP_SYN) {
		if (i < NHEAD)
			snprintf(buf, len, "%s", syn_head[i]);
		else if (i < NHEAD + FP_SYN_NOPT)
			snprintf(buf, len, "syn_opt_%zu", i - NHEAD);
		else
			snprintf(buf, len, "%s", syn_tail[i - NHEAD - FP_SYN_NOPT]);
	} else if (s == FP_HDR)
		snprintf(buf, len, "%s", hdr_names[i]);
	else {
		size_t pkt = i / NP_BITS, j = i % NP_BITS;

		/* nPrint's names: the packet, the header, the bit in the header */
		if (j < NP_IP_BITS)
			snprintf(buf, len, "np%zu_ipv4_%u", pkt, kept_bit(0, j));
		else
			snprintf(buf, len, "np%zu_tcp_%u", pkt, kept_bit(1, j - NP_IP_BITS));
	}
}

/* ---- p0f ---- */

unsigned
fingerprint_ittl(unsigned ttl)
{
	if (ttl <= 32)
		return 32;
	if (ttl <= 64)
		return 64;
	if (ttl <= 128)
		return 128;
	return 255;
}

/* TCP option bytes of a layout (what doff*4 - 20 was, for p0f's tot_hdr);
 * options of unknown length count 2. */
static unsigned
opt_bytes(const struct fields_pkt *x)
{
	unsigned n = 0, i;

	for (i = 0; i < x->nopt; i++)
		switch (x->opt[i]) {
		case 0: n += 1u + x->eolpad; break;
		case 1: n += 1; break;
		case 2: n += 4; break;
		case 3: n += 3; break;
		case 4: n += 2; break;
		case 8: n += 10; break;
		default: n += 2;
		}
	return n;
}

long
fingerprint_win_multi(const struct fields_pkt *x, unsigned tothdr, int *mtu)
{
	long win = x->win, mss = (x->opthas & DEC_HAS_MSS) ? x->mss : 0;
	int v6 = (x->has & FPF_HAS_IP6) != 0;
	long div[9];
	int use_mtu[9], n = 0, i;

	*mtu = 0;
	if (!win || mss < 100)
		return -1;
#define TRY(d, m) do { div[n] = (d); use_mtu[n] = (m); n++; } while (0)
	TRY(mss, 0);
	if ((x->opthas & DEC_HAS_TS) && x->tsval)
		TRY(mss - 12, 0);
	TRY(1500 - 40, 0);
	TRY(1500 - 40 - 12, 0);
	if (v6) {
		TRY(1500 - 60, 0);
		TRY(1500 - 60 - 12, 0);
	}
	TRY(mss + 40, 1);
	TRY(mss + (long)tothdr, 1);
	if (v6)
		TRY(mss + 60, 1);
#undef TRY
	for (i = 0; i < n; i++)
		if (win % div[i] == 0) {
			*mtu = use_mtu[i];
			return win / div[i];
		}
	if (win % 1500 == 0) {
		*mtu = 1;
		return win / 1500;
	}
	return -1;
}

/* FNV-1a of the option kinds, exact in a double: one number per layout. */
static double
layout_hash(const struct fields_pkt *x)
{
	return (double)(hash_fnv1a32(x->opt, x->nopt) >> 1);
}

static void
syn_set(const struct fields_pkt *p, size_t n, double *out)
{
	const struct fields_pkt *x = NULL;
	size_t i, o = 0;
	int ip4, mtu, ts;
	long mult;
	unsigned tothdr;

	for (i = 0; i < n && !x; i++)
		if ((p[i].has & FPF_HAS_TCP) && (p[i].flags & F_SYN))
			x = &p[i];
	if (!x) {
		out[0] = 1;
		for (i = 1; i < SYN_WIDTH; i++)
			out[i] = -1;
		return;
	}
	ip4 = (x->has & FPF_HAS_IP4) != 0;
	ts = (x->opthas & DEC_HAS_TS) != 0;
	tothdr = (ip4 ? 20u : 40u) + x->ipopts + 20u + opt_bytes(x);
	mult = fingerprint_win_multi(x, tothdr, &mtu);
	out[o++] = 0;
	out[o++] = (x->flags & F_ACK) != 0;
	out[o++] = ip4 ? 4 : (x->has & FPF_HAS_IP6) ? 6 : -1;
	out[o++] = x->ttl;
	out[o++] = fingerprint_ittl(x->ttl);
	out[o++] = fingerprint_ittl(x->ttl) - x->ttl;
	out[o++] = x->ipopts;
	out[o++] = x->tos >> 2;
	out[o++] = (x->opthas & DEC_HAS_MSS) ? x->mss : -1;
	out[o++] = x->win;
	out[o++] = mult > 0 ? mult : -1;
	out[o++] = mult > 0 ? mtu : -1;
	out[o++] = (x->opthas & DEC_HAS_WS) ? x->wscale : -1;
	out[o++] = x->nopt;
	for (i = 0; i < FP_SYN_NOPT; i++)
		out[o++] = i < x->nopt ? x->opt[i] : -1;
	out[o++] = (x->opthas & DEC_HAS_EOL) ? x->eolpad : -1;
	out[o++] = layout_hash(x);
	/* quirks, in p0f's order */
	out[o++] = ip4 && x->df;
	out[o++] = ip4 && x->df && x->ipid;
	out[o++] = ip4 && !x->df && !x->ipid;
	out[o++] = (x->tos & 3) || (x->flags & (F_ECE | F_CWR | F_NS));
	out[o++] = ip4 && x->rf;
	out[o++] = (x->has & FPF_HAS_IP6) && x->flowlbl;
	out[o++] = x->seq0;
	out[o++] = !(x->flags & F_ACK) && !x->ack0 && !(x->flags & F_RST);
	out[o++] = (x->flags & F_ACK) && x->ack0;
	out[o++] = !(x->flags & F_URG) && x->urp;
	out[o++] = (x->flags & F_URG) != 0;
	out[o++] = (x->flags & F_PSH) != 0;
	out[o++] = ts && !x->tsval;
	out[o++] = ts && x->tsecr && !(x->flags & F_ACK);
	out[o++] = x->eolnz;
	out[o++] = (x->opthas & DEC_HAS_WS) && x->wscale > 14;
	out[o++] = x->optbad;
	out[o++] = x->payload > 0;
}

/* The most frequent of the first 32 distinct values (ties: the first seen). */
struct mode {
	uint32_t v[32], c[32];
	int n;
};

static void
mode_add(struct mode *m, uint32_t v)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->v[i] == v) {
			m->c[i]++;
			return;
		}
	if (m->n < 32) {
		m->v[m->n] = v;
		m->c[m->n++] = 1;
	}
}

static double
mode_get(const struct mode *m)
{
	int i, b = 0;

	if (!m->n)
		return -1;
	for (i = 1; i < m->n; i++)
		if (m->c[i] > m->c[b])
			b = i;
	return m->v[b];
}

static double
frac(double a, double b)
{
	return b > 0 ? a / b : -1;
}

/* The hdr set's running counts over a flow's packets. */
struct hdr_acc {
	struct mode ttl, tos, win;
	double nip, nip4, ntcp, df, ecn, idz, id1, idseq;
	double idsum, nid, wsum, wchg, opt, omss, ows;
	double osok, ots, osack, onop, tsz, psh, nl4;
	double paysum, payz, ttlmin, ttlmax, wmin, wmax;
	double wfirst, lfirst, mssmax, paymin, paymax;
	const struct fields_pkt *lastid, *lastw;
	size_t tsfirst, tslast;     /* packets with the first, last timestamp */
};

/* IPv4 or IPv6: TTL, TOS, ECN. */
static void
hdr_ip(struct hdr_acc *a, const struct fields_pkt *x, int tcp)
{
	a->nip++;
	if (a->ttlmin < 0 || x->ttl < a->ttlmin)
		a->ttlmin = x->ttl;
	if (x->ttl > a->ttlmax)
		a->ttlmax = x->ttl;
	mode_add(&a->ttl, x->ttl);
	mode_add(&a->tos, x->tos);
	if ((x->tos & 3) || (tcp && (x->flags & (F_ECE | F_CWR))))
		a->ecn++;
}

/* IPv4: DF and the IP ID increments. */
static void
hdr_ip4(struct hdr_acc *a, const struct fields_pkt *x)
{
	a->nip4++;
	a->df += x->df;
	a->idz += x->ipid == 0;
	if (a->lastid) {
		uint16_t d = (uint16_t)(x->ipid - a->lastid->ipid);

		a->nid++;
		a->idsum += d;
		a->id1 += d == 1;
		a->idseq += d >= 1 && d <= 1024;
	}
	a->lastid = x;
}

/* TCP or UDP: the payload sizes. */
static void
hdr_l4(struct hdr_acc *a, const struct fields_pkt *x)
{
	a->nl4++;
	a->paysum += x->payload;
	a->payz += x->payload == 0;
	if (a->paymin < 0 || x->payload < a->paymin)
		a->paymin = x->payload;
	if ((double)x->payload > a->paymax)
		a->paymax = x->payload;
}

/* TCP (packet i): window, options, timestamps, PSH. */
static void
hdr_tcp(struct hdr_acc *a, const struct fields_pkt *x, size_t i)
{
	a->ntcp++;
	if (a->wmin < 0 || x->win < a->wmin)
		a->wmin = x->win;
	if (x->win > a->wmax)
		a->wmax = x->win;
	a->wsum += x->win;
	mode_add(&a->win, x->win);
	if (a->lastw && a->lastw->win != x->win)
		a->wchg++;
	a->lastw = x;
	if (!(x->flags & F_SYN) && a->wfirst < 0) {
		a->wfirst = x->win;
		a->lfirst = layout_hash(x);
	}
	a->opt += x->nopt > 0;
	a->omss += (x->opthas & DEC_HAS_MSS) != 0;
	a->ows += (x->opthas & DEC_HAS_WS) != 0;
	a->osok += (x->opthas & DEC_HAS_SACKOK) != 0;
	a->osack += (x->opthas & DEC_HAS_SACK) != 0;
	a->onop += memchr(x->opt, 1, x->nopt) != NULL;
	if ((x->opthas & DEC_HAS_MSS) && x->mss > a->mssmax)
		a->mssmax = x->mss;
	if (x->opthas & DEC_HAS_TS) {
		a->ots++;
		a->tsz += x->tsval == 0;
		if (a->tsfirst == SIZE_MAX)
			a->tsfirst = i;
		a->tslast = i;
	}
	a->psh += (x->flags & F_PSH) != 0;
}

/* The timestamp clock: ticks over seconds between the first and the last
 * packet with a timestamp, over at least 25 ms (p0f's MIN_TWAIT) and with
 * the clock going forward; -1 otherwise. */
static double
hdr_clock(const struct hdr_acc *a, const struct fields_pkt *p, const double *t)
{
	if (a->tsfirst != SIZE_MAX && t[a->tslast] - t[a->tsfirst] >= 0.025) {
		uint32_t d = p[a->tslast].tsval - p[a->tsfirst].tsval;

		if (d < 0x80000000u)
			return d / (t[a->tslast] - t[a->tsfirst]);
	}
	return -1;
}

static void
hdr_set(const struct fields_pkt *p, const double *t, size_t n, double *out)
{
	struct hdr_acc a;
	size_t i, o = 0;

	memset(&a, 0, sizeof a);
	a.ttlmin = a.ttlmax = a.wmin = a.wmax = -1;
	a.wfirst = a.lfirst = a.mssmax = a.paymin = a.paymax = -1;
	a.tsfirst = a.tslast = SIZE_MAX;
	for (i = 0; i < n; i++) {
		const struct fields_pkt *x = &p[i];
		int tcp = (x->has & FPF_HAS_TCP) != 0;

		if (x->has & (FPF_HAS_IP4 | FPF_HAS_IP6))
			hdr_ip(&a, x, tcp);
		if (x->has & FPF_HAS_IP4)
			hdr_ip4(&a, x);
		if (x->has & (FPF_HAS_TCP | FPF_HAS_UDP))
			hdr_l4(&a, x);
		if (tcp)
			hdr_tcp(&a, x, i);
	}
	out[o++] = frac(a.ntcp, (double)n);
	out[o++] = a.ttlmin;
	out[o++] = a.ttlmax;
	out[o++] = mode_get(&a.ttl);
	out[o++] = a.nip ? (double)fingerprint_ittl((unsigned)mode_get(&a.ttl)) : -1;
	out[o++] = frac(a.df, a.nip4);
	out[o++] = frac(a.ecn, a.nip);
	out[o++] = mode_get(&a.tos);
	out[o++] = frac(a.idz, a.nip4);
	out[o++] = frac(a.id1, a.nid);
	out[o++] = frac(a.idseq, a.nid);
	out[o++] = a.nid ? a.idsum / a.nid : -1;
	out[o++] = a.wmin;
	out[o++] = a.wmax;
	out[o++] = a.ntcp ? a.wsum / a.ntcp : -1;
	out[o++] = mode_get(&a.win);
	out[o++] = a.wfirst;
	out[o++] = a.ntcp > 1 ? a.wchg / (a.ntcp - 1) : -1;
	out[o++] = frac(a.opt, a.ntcp);
	out[o++] = frac(a.omss, a.ntcp);
	out[o++] = frac(a.ows, a.ntcp);
	out[o++] = frac(a.osok, a.ntcp);
	out[o++] = frac(a.ots, a.ntcp);
	out[o++] = frac(a.osack, a.ntcp);
	out[o++] = frac(a.onop, a.ntcp);
	out[o++] = a.lfirst;
	out[o++] = a.mssmax;
	out[o++] = hdr_clock(&a, p, t);
	out[o++] = frac(a.tsz, a.ots);
	out[o++] = frac(a.psh, a.ntcp);
	out[o++] = a.paymin;
	out[o++] = a.paymax;
	out[o++] = a.nl4 ? a.paysum / a.nl4 : -1;
	out[o++] = frac(a.payz, a.nl4);
}

static void
nprint_set(int k, const struct fields_raw *raw, size_t n, double *out)
{
	size_t pk, o = 0;
	unsigned b;
	int j;

	for (pk = 0; pk < (size_t)k; pk++) {
		const struct fields_raw *r = pk < n && raw ? &raw[pk] : NULL;

		for (b = 0; b < FPF_HDR_MAX; b++)
			if (ip_byte_kept(b))
				for (j = 7; j >= 0; j--)
					out[o++] = r && b < r->ip4len ? (r->ip4[b] >> j) & 1 : -1;
		for (b = 0; b < FPF_HDR_MAX; b++)
			if (tcp_byte_kept(b))
				for (j = 7; j >= 0; j--)
					out[o++] = r && b < r->tcplen ? (r->tcp[b] >> j) & 1 : -1;
	}
}

void
fingerprint_compute(enum fingerprint_set s, int k, const struct fields_pkt *p, const struct fields_raw *raw,
    const double *t, size_t n, double *out)
{
	switch (s) {
	case FP_SYN: syn_set(p, n, out); break;
	case FP_HDR: hdr_set(p, t, n, out); break;
	default: nprint_set(k, raw, n, out); break;
	}
}
