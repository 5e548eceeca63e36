/* p0fsig.c: the syn columns as a p0f signature, and p0f's text for it
 * (see p0fsig.h). The text follows p0f 3.09b's fp_tcp.c dump_sig. */
#include "learn/p0fsig.h"

#include <stdio.h>
#include <string.h>

#include "base/hash.h"
#include "base/num.h"

const char *const p0fsig_quirk_names[P0FSIG_NQUIRK] = {
	"df", "id+", "id-", "ecn", "0+", "flow", "seq-", "ack+", "ack-", "uptr+",
	"urgf+", "pushf+", "ts1-", "ts2+", "opt+", "exws", "bad"
};

const char *const p0fsig_columns[P0FSIG_NCOLS] = {
	"syn_none", "syn_synack", "syn_ipver", "syn_ttl", "syn_ittl", "syn_dist",
	"syn_olen", "syn_tos", "syn_mss", "syn_win", "syn_win_mult", "syn_win_mtu",
	"syn_wscale", "syn_nopt",
	"syn_opt_0", "syn_opt_1", "syn_opt_2", "syn_opt_3", "syn_opt_4", "syn_opt_5",
	"syn_opt_6", "syn_opt_7", "syn_opt_8", "syn_opt_9", "syn_opt_10", "syn_opt_11",
	"syn_eolpad", "syn_olayout",
	"syn_q_df", "syn_q_id_nz", "syn_q_id_zero", "syn_q_ecn", "syn_q_mbz",
	"syn_q_flow", "syn_q_seq_zero", "syn_q_ack_nz", "syn_q_ack_zero",
	"syn_q_uptr_nz", "syn_q_urgf", "syn_q_pushf", "syn_q_ts1_zero",
	"syn_q_ts2_nz", "syn_q_opt_nz", "syn_q_exws", "syn_q_bad", "syn_pclass"
};

/* Column positions. */
enum {
	C_NONE, C_SYNACK, C_IPVER, C_TTL, C_ITTL, C_DIST, C_OLEN, C_TOS, C_MSS, C_WIN,
	C_WMULT, C_WMTU, C_WSCALE, C_NOPT, C_OPT0,
	C_EOLPAD = C_OPT0 + P0FSIG_COLOPT, C_OLAYOUT, C_Q0,
	C_PCLASS = C_Q0 + P0FSIG_NQUIRK
};

double
p0fsig_layout_hash(const uint8_t *opt, int nopt)
{
	return (double)(hash_fnv1a32(opt, (size_t)nopt) >> 1);
}

static unsigned
guess_ittl(int ttl)
{
	return ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
}

/* v[c] as an integer in [lo, hi] into *out, or a message. */
static int
get(const double *v, int c, long lo, long hi, int *out, char *msg, size_t msglen)
{
	double x = v[c];

	if (!(x >= (double)lo && x <= (double)hi) || x != (double)(long)x) {
		char num[FMT_DBL_MAX];

		num_fmt_double(num, x);
		snprintf(msg, msglen, "column '%s': %s is not an integer in [%ld, %ld]",
		    p0fsig_columns[c], num, lo, hi);
		return -1;
	}
	*out = (int)x;
	return 0;
}

static int
bad(char *msg, size_t msglen, int c, const char *what)
{
	snprintf(msg, msglen, "column '%s': %s", p0fsig_columns[c], what);
	return -1;
}

/* The columns before the option kinds. */
static int
head(const double *v, struct p0fsig *s, char *msg, size_t n)
{
	if (get(v, C_SYNACK, 0, 1, &s->synack, msg, n) || get(v, C_IPVER, 4, 6, &s->ipver, msg, n))
		return -1;
	if (s->ipver == 5)
		return bad(msg, n, C_IPVER, "5 is not an IP version (4 or 6)");
	if (get(v, C_TTL, 0, 255, &s->ttl, msg, n) || get(v, C_ITTL, 0, 255, &s->ittl, msg, n) ||
	    get(v, C_DIST, 0, 255, &s->dist, msg, n))
		return -1;
	if ((unsigned)s->ittl != guess_ittl(s->ttl))
		return bad(msg, n, C_ITTL, "not p0f's initial TTL for syn_ttl");
	if (s->dist != s->ittl - s->ttl)
		return bad(msg, n, C_DIST, "not syn_ittl - syn_ttl");
	if (get(v, C_OLEN, 0, 255, &s->olen, msg, n) || get(v, C_TOS, 0, 63, &s->tos, msg, n) ||
	    get(v, C_MSS, -1, 65535, &s->mss, msg, n) || get(v, C_WIN, 0, 65535, &s->win, msg, n) ||
	    get(v, C_WMULT, -1, 65535, &s->win_mult, msg, n) ||
	    get(v, C_WMTU, -1, 1, &s->win_mtu, msg, n) ||
	    get(v, C_WSCALE, -1, 255, &s->wscale, msg, n) || get(v, C_NOPT, 0, 255, &s->nopt, msg, n))
		return -1;
	if (s->win_mult == 0)
		return bad(msg, n, C_WMULT, "0 is not a multiplier (-1 or N >= 1)");
	if ((s->win_mult < 0) != (s->win_mtu < 0))
		return bad(msg, n, C_WMTU, "-1 exactly when syn_win_mult is -1");
	return 0;
}

int
p0fsig_from_values(const double *v, struct p0fsig *s, char *msg, size_t msglen)
{
	int i, k, q;

	memset(s, 0, sizeof *s);
	if (get(v, C_NONE, 0, 1, &s->none, msg, msglen))
		return -1;
	if (s->none)
		return 0;
	if (head(v, s, msg, msglen))
		return -1;
	for (i = 0; i < P0FSIG_COLOPT && i < s->nopt; i++) {
		if (get(v, C_OPT0 + i, 0, 255, &k, msg, msglen))
			return -1;
		s->opt[i] = (uint8_t)k;
	}
	s->optknown = i;
	if (get(v, C_EOLPAD, -1, 255, &s->eolpad, msg, msglen))
		return -1;
	if (!(v[C_OLAYOUT] == v[C_OLAYOUT]))
		return bad(msg, msglen, C_OLAYOUT, "not a number");
	s->olayout = v[C_OLAYOUT];
	for (i = 0; i < P0FSIG_NQUIRK; i++) {
		if (get(v, C_Q0 + i, 0, 1, &q, msg, msglen))
			return -1;
		s->quirks |= (uint32_t)q << i;
	}
	return get(v, C_PCLASS, 0, 1, &s->pclass, msg, msglen);
}

int
p0fsig_cols_find(struct p0fsig_cols *c, const struct csvr *r, char *msg, size_t msglen)
{
	size_t i, len = 0, nmiss = 0;
	long k;

	msg[0] = '\0';
	for (i = 0; i < P0FSIG_NCOLS; i++) {
		if ((k = csvr_col(r, p0fsig_columns[i])) >= 0) {
			c->idx[i] = (size_t)k;
			continue;
		}
		if (nmiss++ < 4 && len < msglen)
			len += (size_t)snprintf(msg + len, msglen - len, "%s'%s'",
			    nmiss > 1 ? ", " : "", p0fsig_columns[i]);
	}
	if (!nmiss)
		return 0;
	if (nmiss > 4 && len < msglen)
		snprintf(msg + len, msglen - len, " and %zu more", nmiss - 4);
	return -1;
}

/* A field as a double: the integers the features stage writes ("64.0",
 * "-1.0") without strtod, anything else through it. */
static int
field_dbl(const char *s, double *v)
{
	const char *p = s;
	long x = 0;
	int neg = *p == '-';

	p += neg;
	if (*p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9' && x < 100000000)
			x = x * 10 + (*p++ - '0');
		if (*p == '.' && p[1] == '0' && p[2] == '\0')
			p += 2;
		if (*p == '\0') {
			*v = neg ? -(double)x : (double)x;
			return 0;
		}
	}
	return num_parse_dbl(s, v);
}

int
p0fsig_read(const struct p0fsig_cols *c, struct csvr *r, struct p0fsig *s)
{
	double v[P0FSIG_NCOLS];
	char msg[200];
	size_t i;

	for (i = 0; i < P0FSIG_NCOLS; i++) {
		if (field_dbl(csvr_field(r, c->idx[i]), &v[i]) < 0)
			return csvr_fail(r, "column '%s': not a number: '%s'", p0fsig_columns[i],
			    csvr_field(r, c->idx[i]));
		/* a row without a SYN has nothing else to read */
		if (i == C_NONE && v[i] == 1) {
			memset(s, 0, sizeof *s);
			s->none = 1;
			return 0;
		}
	}
	if (p0fsig_from_values(v, s, msg, sizeof msg) < 0)
		return csvr_fail(r, "%s", msg);
	return 0;
}

static const char *const opt_names[9] = {
	"eol", "nop", "mss", "ws", "sok", "sack", NULL, NULL, "ts"
};

/* ver:TTL:olen:mss:wsize,scale:olayout:quirks:pclass, TTL given. */
static size_t
sig_text(const struct p0fsig *s, const char *ttl, char *buf)
{
	char *p = buf, *end = buf + P0FSIG_TEXT_MAX;
	int i, known = s->optknown, first = 1;

	p += snprintf(p, (size_t)(end - p), "%d:%s:%d:", s->ipver, ttl, s->olen);
	/* a SYN+ACK echoing p0f-sendsyn's MSS 1331: p0f suggests a wildcard */
	if (s->synack && s->mss == 1331)
		p += snprintf(p, (size_t)(end - p), "*:");
	else
		p += snprintf(p, (size_t)(end - p), "%d:", s->mss < 0 ? 0 : s->mss);
	if (s->win_mult > 0)
		p += snprintf(p, (size_t)(end - p), "%s*%d", s->win_mtu ? "mtu" : "mss", s->win_mult);
	else
		p += snprintf(p, (size_t)(end - p), "%d", s->win);
	p += snprintf(p, (size_t)(end - p), ",%d:", s->wscale < 0 ? 0 : s->wscale);
	for (i = 0; i < known; i++) {
		unsigned k = s->opt[i];
		const char *sep = i ? "," : "";

		if (k == 0)
			p += snprintf(p, (size_t)(end - p), "%seol+%d", sep, s->eolpad < 0 ? 0 : s->eolpad);
		else if (k < 9 && opt_names[k])
			p += snprintf(p, (size_t)(end - p), "%s%s", sep, opt_names[k]);
		else
			p += snprintf(p, (size_t)(end - p), "%s?%u", sep, k);
	}
	/* kinds not known: not p0f's text, but never mistaken for it */
	if (s->nopt > known)
		p += snprintf(p, (size_t)(end - p), ",...");
	*p++ = ':';
	for (i = 0; i < P0FSIG_NQUIRK; i++)
		if (s->quirks & (1u << i)) {
			p += snprintf(p, (size_t)(end - p), "%s%s", first ? "" : ",",
			    p0fsig_quirk_names[i]);
			first = 0;
		}
	p += snprintf(p, (size_t)(end - p), ":%c", s->pclass ? '+' : '0');
	return (size_t)(p - buf);
}

size_t
p0fsig_raw(const struct p0fsig *s, char *buf)
{
	char ttl[16];

	if (s->dist > P0FSIG_MAXDIST)
		snprintf(ttl, sizeof ttl, "%d+?", s->ttl);
	else
		snprintf(ttl, sizeof ttl, "%d+%d", s->ttl, s->dist);
	return sig_text(s, ttl, buf);
}

size_t
p0fsig_db(const struct p0fsig *s, char *buf)
{
	char ttl[16];

	snprintf(ttl, sizeof ttl, "%d", s->ttl + s->dist);
	return sig_text(s, ttl, buf);
}
