/* p0fdb.c: p0f v3 fingerprint databases (see p0fdb.h).
 *
 * The parser walks each line with a cursor the way p0f 3.09b's readfp.c
 * and fp_tcp.c tcp_register_sig do, so that it accepts and refuses the
 * same files: numbers are read as p0f reads them ((s32)atol: a sign is
 * taken where p0f lets one through, values are cut to 32 bits), a name's
 * length is taken mod 256 as p0f's lookup_name_id takes it, and so on. Where
 * p0f would read past the end of a line (a 'ttl-' field at the very end,
 * an empty HTTP signature), the line is refused. The HTTP section's
 * duplicate check runs without p0f's Bloom filter, whose false positives
 * depend on a random seed; the header sets it stands for are compared
 * exactly. */
#include "learn/p0fdb.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/msg.h"
#include "base/util.h"

#define HTTP_MAX_HDRS 32        /* p0f's HTTP_MAX_HDRS */

enum { NEED_SECT, NEED_LABEL, NEED_SYS, NEED_SIG };
enum { MOD_NONE, MOD_TCP, MOD_MTU, MOD_HTTP };
enum { W_NORMAL, W_ANY, W_MOD, W_MSS, W_MTU };

/* A TCP signature of the file, or a packet's or a new signature's fields
 * when matched against them (then bad_ttl, generic, class_id, label and
 * line are unused, and win_multi/use_mtu are the window's multiple). */
struct tcpsig {
	int ipver, ttl, bad_ttl, olen, mss, wtype, win, wscale, pclass;
	int nopt, nknown, eolpad;
	uint8_t opt[P0FSIG_MAXOPT];
	uint32_t quirks, lhash;
	double olayout;         /* p0fsig_layout_hash, for layouts cut short */
	int win_multi, use_mtu;
	int generic, class_id;
	size_t label;
	unsigned long line;
};

struct hhdr {
	char *name, *value;
	int optional;
};

struct httpsig {
	int ver, nhdr, nmiss, generic;
	struct hhdr hdr[HTTP_MAX_HDRS];
	char *miss[HTTP_MAX_HDRS];
	char *sw;
	unsigned long line;
};

struct strv {
	char **v;
	size_t n, cap;
};

struct p0fdb {
	char *name;
	unsigned long line, covered_by;
	int state, mod, to_srv;
	/* the current label */
	int generic, class_id;
	size_t label;
	struct strv classes, names, labels;
	struct tcpsig *tcp[2];
	size_t ntcp[2], ctcp[2];
	struct httpsig *http[2];
	size_t nhttp[2], chttp[2];
	size_t nmtu, nsig;
	char *cur;
	size_t curcap;
	char err[400];
};

/* ---- small helpers ---- */

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_alnum(int c) { return is_digit(c) || is_alpha(c); }
static int is_blank(int c) { return c == ' ' || c == '\t'; }
/* p0f's isalnum() || strchr(NAME_CHARS, c) */
static int is_name(int c) { return is_alnum(c) || (c && strchr(" ./-_!?()", c)); }

static const char *
digits(const char *p)
{
	while (is_digit((unsigned char)*p))
		p++;
	return p;
}

/* (s32)atol(s) as p0f gets it on an LP64 glibc system: leading white
 * space, a sign, digits; strtol saturates at LONG_MAX/LONG_MIN; the
 * assignment to s32 keeps the low 32 bits. */
static int32_t
p0f_atol(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long long v = 0, lim = (unsigned long long)LONG_MAX + 1;
	uint32_t lo;
	int neg = 0;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; is_digit(*p); p++)
		v = v > (lim - (unsigned)(*p - '0')) / 10 ? lim : v * 10 + (unsigned)(*p - '0');
	if (!neg && v > (unsigned long long)LONG_MAX)
		v = (unsigned long long)LONG_MAX;
	lo = (uint32_t)(neg ? 0 - v : v);
	return lo < 0x80000000u ? (int32_t)lo : -(int32_t)(~lo) - 1;
}

static int
casecmp_n(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 1;
		if (!x)
			return 0;
	}
	return 0;
}

static size_t
strv_add(struct strv *s, const char *p, size_t n)
{
	char *c = emalloc(n + 1);

	memcpy(c, p, n);
	c[n] = '\0';
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = ereallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n] = c;
	return s->n++;
}

static void
strv_free(struct strv *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static int
fail(struct p0fdb *db, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	/* as csvr_fail: the prefix in a third, quoted parts cut first */
	n = msg_format(db->err, sizeof db->err / 3, "'%s': line %lu: ", db->name, db->line);
	va_start(ap, fmt);
	msg_vformat(db->err + n, sizeof db->err - n, fmt, ap);
	va_end(ap);
	sanitize_line(db->err);
	return -1;
}

/* A class by name, case-insensitively; -1 if unknown. */
static long
class_index(const struct p0fdb *db, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i < db->classes.n; i++)
		if (strlen(db->classes.v[i]) == n && casecmp_n(db->classes.v[i], name, n) == 0)
			return (long)i;
	return -1;
}

/* p0f's lookup_name_id: the length is a u8 there, so a name is cut to
 * its length mod 256; matched case-insensitively; the first spelling
 * of a name is the one printed. */
static size_t
name_id(struct p0fdb *db, const char *name, size_t len)
{
	size_t i;

	len &= 0xff;
	for (i = 0; i < db->names.n; i++)
		if (casecmp_n(name, db->names.v[i], len) == 0 && strlen(db->names.v[i]) == len)
			return i;
	return strv_add(&db->names, name, len);
}

/* ---- classes, label, sys ---- */

static int
parse_classes(struct p0fdb *db, const char *val)
{
	while (*val) {
		const char *nxt;

		while (is_blank(*val) || *val == ',')
			val++;
		for (nxt = val; is_alnum((unsigned char)*nxt); nxt++)
			;
		if (nxt == val || (*nxt && *nxt != ','))
			return fail(db, "malformed class entry in 'classes' (letters and digits, "
			    "comma-separated): '%.80s'", val);
		strv_add(&db->classes, val, (size_t)(nxt - val));
		val = nxt;
	}
	return 0;
}

static int
parse_label(struct p0fdb *db, char *val)
{
	char *nxt, *orig = val, *text;
	size_t name, nl, fl;
	long c;

	if (db->mod == MOD_MTU)
		return *val ? 0 : fail(db, "empty MTU label");
	if (*val != 'g' && *val != 's')
		return fail(db, "malformed label '%.80s' (type:class:name:flavor, type s or g)", orig);
	db->generic = *val == 'g';
	if (val[1] != ':')
		return fail(db, "malformed label '%.80s' (type:class:name:flavor)", orig);
	val += 2;
	for (nxt = val; is_alnum((unsigned char)*nxt) || *nxt == '!'; nxt++)
		;
	if (nxt == val || *nxt != ':')
		return fail(db, "malformed class in label '%.80s'", orig);
	if (val[0] == '!' && val[1] == ':')
		db->class_id = -1;
	else {
		*nxt = '\0';
		if ((c = class_index(db, val)) < 0)
			return fail(db, "unknown class '%.40s' in label (not in 'classes')", val);
		db->class_id = (int)c;
	}
	val = ++nxt;
	while (is_name((unsigned char)*nxt))
		nxt++;
	if (nxt == val || *nxt != ':')
		return fail(db, "malformed name in label '%.80s'", orig);
	name = name_id(db, val, (size_t)(nxt - val));
	/* what p0f logs: the name, then a space and the flavor if any */
	nl = strlen(db->names.v[name]);
	fl = strlen(nxt + 1);
	text = emalloc(nl + fl + 2);
	memcpy(text, db->names.v[name], nl);
	text[nl] = ' ';
	memcpy(text + nl + 1, nxt + 1, fl + 1);
	db->label = strv_add(&db->labels, text, fl ? nl + fl + 1 : nl);
	free(text);
	return 0;
}

static int
parse_sys(struct p0fdb *db, char *val)
{
	while (*val) {
		char *nxt, orig;
		int is_class = 0;
		size_t i;

		while (is_blank(*val) || *val == ',')
			val++;
		if (*val == '@') {
			is_class = 1;
			val++;
		}
		for (nxt = val; is_name((unsigned char)*nxt); nxt++)
			;
		if (nxt == val || (*nxt && *nxt != ','))
			return fail(db, "malformed sys entry '%.80s'", val);
		orig = *nxt;
		*nxt = '\0';
		if (is_class) {
			if (class_index(db, val) < 0)
				return fail(db, "unknown class '@%.40s' in sys (not in 'classes')", val);
		} else {
			for (i = 0; i < db->names.n; i++)
				if (strlen(db->names.v[i]) == (size_t)(nxt - val) &&
				    casecmp_n(db->names.v[i], val, (size_t)(nxt - val)) == 0)
					break;
			if (i == db->names.n)
				strv_add(&db->names, val, (size_t)(nxt - val));
		}
		*nxt = orig;
		val = nxt;
	}
	return 0;
}

static int
parse_mtu(struct p0fdb *db, const char *val)
{
	const char *nxt = digits(val);
	int32_t mtu;

	if (nxt == val || *nxt)
		return fail(db, "malformed MTU value '%.40s'", val);
	mtu = p0f_atol(val);
	if (mtu <= 0 || mtu > 65535)
		return fail(db, "malformed MTU value '%.40s' (1 to 65535)", val);
	db->nmtu++;
	return 0;
}

/* ---- TCP signatures ---- */

static int
guess_dist(int ttl)
{
	return ttl <= 32 ? 32 - ttl : ttl <= 64 ? 64 - ttl : ttl <= 128 ? 128 - ttl : 255 - ttl;
}

/* ver:ittl:olen:mss: (p0f's checks, in its order). NULL or the problem. */
static const char *
tcp_head(const char **pv, struct tcpsig *t)
{
	const char *val = *pv, *nxt;
	int32_t add;

	switch (*val) {
	case '4': t->ipver = 4; break;
	case '6': t->ipver = 6; break;
	case '*': t->ipver = -1; break;
	default: return "unrecognized IP version";
	}
	if (val[1] != ':')
		return "malformed signature";
	val += 2;
	/* initial TTL: ittl, ittl+dist or ittl- */
	nxt = digits(val);
	if (*nxt != ':' && *nxt != '+' && *nxt != '-')
		return "malformed signature";
	t->ttl = p0f_atol(val);
	if (t->ttl < 1 || t->ttl > 255)
		return "bogus initial TTL";
	val = nxt + 1;
	if (*nxt == '-' && nxt[1] == ':') {
		t->bad_ttl = 1;
		/* p0f skips the ':' and the byte after it (so the next field's
		 * first digit); at the end of the line it would read past it */
		if (!nxt[2])
			return "malformed signature";
		val += 2;
	} else if (*nxt == '+') {
		nxt = digits(nxt + 1);
		if (*nxt != ':')
			return "malformed signature";
		add = p0f_atol(val);
		if (add < 0 || (int64_t)t->ttl + add > 255)
			return "bogus initial TTL";
		t->ttl += add;
		val = nxt + 1;
	}
	nxt = digits(val);
	if (*nxt != ':')
		return "malformed signature";
	t->olen = p0f_atol(val);
	if (t->olen < 0 || t->olen > 255)
		return "bogus IP option length";
	val = nxt + 1;
	if (*val == '*' && val[1] == ':') {
		t->mss = -1;
		val += 2;
	} else {
		nxt = digits(val);
		if (*nxt != ':')
			return "malformed signature";
		t->mss = p0f_atol(val);
		if (t->mss < 0 || t->mss > 65535)
			return "bogus MSS";
		val = nxt + 1;
	}
	*pv = val;
	return NULL;
}

/* wsize,scale: */
static const char *
tcp_window(const char **pv, struct tcpsig *t)
{
	const char *val = *pv, *nxt;

	if (*val == '*' && val[1] == ',') {
		t->wtype = W_ANY;
		t->win = 0;
		val += 2;
	} else if (*val == '%' || strncmp(val, "mss*", 4) == 0 || strncmp(val, "mtu*", 4) == 0) {
		int mod = *val == '%';

		t->wtype = mod ? W_MOD : val[1] == 's' ? W_MSS : W_MTU;
		val += mod ? 1 : 4;
		nxt = digits(val);
		if (*nxt != ',')
			return "malformed signature";
		t->win = p0f_atol(val);
		if (mod && (t->win < 2 || t->win > 65535))
			return "bogus '%' value";
		if (!mod && (t->win < 1 || t->win > 1000))
			return "bogus MSS/MTU multiplier";
		val = nxt + 1;
	} else {
		t->wtype = W_NORMAL;
		nxt = digits(val);
		if (*nxt != ',')
			return "malformed signature";
		t->win = p0f_atol(val);
		if (t->win < 0 || t->win > 65535)
			return "bogus window size";
		val = nxt + 1;
	}
	if (*val == '*' && val[1] == ':') {
		t->wscale = -1;
		val += 2;
	} else {
		nxt = digits(val);
		if (*nxt != ':')
			return "malformed signature";
		t->wscale = p0f_atol(val);
		if (t->wscale < 0 || t->wscale > 255)
			return "bogus window scale";
		val = nxt + 1;
	}
	*pv = val;
	return NULL;
}

static const struct {
	const char *name;
	size_t len;
	uint8_t kind;
} tcp_opts[] = {
	{ "nop", 3, 1 }, { "mss", 3, 2 }, { "ws", 2, 3 }, { "sok", 3, 4 },
	{ "sack", 4, 5 }, { "ts", 2, 8 }
};

/* olayout: (after the ':' that ends it) */
static const char *
tcp_layout(const char **pv, struct tcpsig *t)
{
	const char *val = *pv, *nxt;
	size_t i;

	while (*val != ':') {
		if (t->nopt >= P0FSIG_MAXOPT)
			return "too many TCP options";
		if (strncmp(val, "eol", 3) == 0) {
			t->opt[t->nopt++] = 0;
			val += 3;
			if (*val != '+')
				return "malformed EOL option";
			nxt = digits(++val);
			if (!*nxt)
				return "truncated options";
			if (*nxt != ':')
				return "EOL must be the last option";
			t->eolpad = p0f_atol(val);
			if (t->eolpad < 0 || t->eolpad > 255)
				return "bogus EOL padding";
			val = nxt;
		} else if (*val == '?') {
			int32_t k;

			nxt = digits(++val);
			if (*nxt != ':' && *nxt != ',')
				return "malformed '?' option";
			k = p0f_atol(val);
			if (k < 0 || k > 255)
				return "bogus '?' option";
			t->opt[t->nopt++] = (uint8_t)k;
			val = nxt;
		} else {
			for (i = 0; i < sizeof tcp_opts / sizeof *tcp_opts; i++)
				if (strncmp(val, tcp_opts[i].name, tcp_opts[i].len) == 0)
					break;
			if (i == sizeof tcp_opts / sizeof *tcp_opts)
				return "unrecognized TCP option";
			t->opt[t->nopt++] = tcp_opts[i].kind;
			val += tcp_opts[i].len;
		}
		if (*val == ':')
			break;
		if (*val != ',')
			return "malformed TCP options";
		val++;
	}
	*pv = val + 1;
	return NULL;
}

/* quirks:pclass */
static const char *
tcp_quirks(const char *val, struct tcpsig *t, char *why, size_t whylen)
{
	size_t i, n;

	while (*val != ':') {
		for (i = 0; i < P0FSIG_NQUIRK; i++)
			if (strncmp(val, p0fsig_quirk_names[i], strlen(p0fsig_quirk_names[i])) == 0)
				break;
		if (i == P0FSIG_NQUIRK)
			return "unrecognized quirk";
		n = strlen(p0fsig_quirk_names[i]);
		/* df, id+, id- and 0+ are IPv4's; flow is IPv6's */
		if ((t->ipver == 6 && (i <= 2 || i == 4)) || (t->ipver == 4 && i == 5)) {
			snprintf(why, whylen, "'%s' is not valid for IPv%d", p0fsig_quirk_names[i],
			    t->ipver);
			return why;
		}
		t->quirks |= 1u << i;
		val += n;
		if (*val == ':')
			break;
		if (*val != ',')
			return "malformed quirks";
		val++;
	}
	val++;
	if (strcmp(val, "*") == 0)
		t->pclass = -1;
	else if (strcmp(val, "0") == 0)
		t->pclass = 0;
	else if (strcmp(val, "+") == 0)
		t->pclass = 1;
	else
		return "malformed payload class";
	return NULL;
}

/* p0f's detect_win_multi for a signature of the file (no timestamp, no
 * header length, no peer MSS): the window as a multiple of the MSS or
 * MTU, or -1. */
static int
sig_win_multi(const struct tcpsig *t, int *use_mtu)
{
	static const int fixed[4] = { 1500 - 40, 1500 - 40 - 12, 1500 - 60, 1500 - 60 - 12 };
	int div[9], mtu[9], n = 0, i;

	if (!t->win || t->mss < 100 || t->wtype != W_NORMAL)
		return -1;
	div[n] = t->mss, mtu[n++] = 0;
	for (i = 0; i < (t->ipver == 6 ? 4 : 2); i++)
		div[n] = fixed[i], mtu[n++] = 0;
	div[n] = t->mss + 40, mtu[n++] = 1;
	div[n] = t->mss, mtu[n++] = 1;	/* mss + tot_hdr, which is 0 */
	if (t->ipver == 6)
		div[n] = t->mss + 60, mtu[n++] = 1;
	div[n] = 1500, mtu[n++] = 1;
	for (i = 0; i < n; i++)
		if (t->win % div[i] == 0) {
			*use_mtu = mtu[i];
			return t->win / div[i];
		}
	return -1;
}

static uint32_t
layout_hash(const struct tcpsig *t)
{
	return hash_fnv1a32(t->opt, (size_t)t->nopt) ^ (uint32_t)t->nopt;
}

/* p0f's tcp_find_match: ts against the signatures of direction to_srv.
 * In dupe mode (a new signature), only a specific exact match counts. */
static const struct tcpsig *
find(const struct p0fdb *db, int to_srv, const struct tcpsig *ts, int dupe, int *fuzzy_out,
    int *dist)
{
	const uint32_t v4only = P0FSIG_Q_DF | P0FSIG_Q_NZ_ID | P0FSIG_Q_ZERO_ID;
	const struct tcpsig *fm = NULL, *gm = NULL, *ref;
	size_t i;

	*fuzzy_out = 0;
	*dist = 0;
	for (i = 0; i < db->ntcp[to_srv]; i++) {
		uint32_t rq, del, add;
		int fuzzy = 0;

		ref = &db->tcp[to_srv][i];
		/* the layout; a packet's kinds past the columns by their hash */
		if (ref->nopt != ts->nopt || (ts->nknown == ts->nopt ? ref->lhash != ts->lhash :
		    ref->olayout != ts->olayout) || memcmp(ref->opt, ts->opt, (size_t)ts->nknown))
			continue;
		rq = ref->quirks;
		if (ref->ipver == -1)
			rq &= ts->ipver == 4 ? ~(uint32_t)P0FSIG_Q_FLOW : ~v4only;
		if (rq != ts->quirks) {
			del = (rq ^ ts->quirks) & rq;
			add = (rq ^ ts->quirks) & ts->quirks;
			if (fm || (del & ~(uint32_t)(P0FSIG_Q_DF | P0FSIG_Q_NZ_ID)) ||
			    (add & ~(uint32_t)(P0FSIG_Q_ZERO_ID | P0FSIG_Q_ECN)))
				continue;
			fuzzy = 1;
		}
		if (ref->eolpad != ts->eolpad || ref->olen != ts->olen)
			continue;
		if (ref->bad_ttl) {
			if (ref->ttl < ts->ttl)
				continue;
		} else if (ref->ttl < ts->ttl || ref->ttl - ts->ttl > P0FSIG_MAXDIST)
			fuzzy = 1;
		if ((ref->mss != -1 && ref->mss != ts->mss) ||
		    (ref->wscale != -1 && ref->wscale != ts->wscale) ||
		    (ref->pclass != -1 && ref->pclass != ts->pclass))
			continue;
		if (ts->wtype != W_NORMAL) {
			if (ref->wtype != ts->wtype || ref->win != ts->win)
				continue;
		} else if ((ref->wtype == W_NORMAL && ref->win != ts->win) ||
		    (ref->wtype == W_MOD && ts->win % ref->win) ||
		    (ref->wtype == W_MSS && (ts->use_mtu || ref->win != ts->win_multi)) ||
		    (ref->wtype == W_MTU && (!ts->use_mtu || ref->win != ts->win_multi)))
			continue;
		if (!fuzzy) {
			if (!ref->generic) {
				*dist = ref->ttl - ts->ttl;
				return ref;
			}
			if (!gm)
				gm = ref;
		} else if (!fm)
			fm = ref;
	}
	if (dupe)
		return NULL;
	if (gm) {
		*dist = gm->ttl - ts->ttl;
		return gm;
	}
	/* no fuzzy matching for userland tools (and p0f's dist stays 0) */
	if (fm && fm->class_id == -1)
		return NULL;
	if (!fm || fm->ttl < ts->ttl || (!fm->bad_ttl && fm->ttl - ts->ttl > P0FSIG_MAXDIST))
		*dist = guess_dist(ts->ttl);
	else
		*dist = fm->ttl - ts->ttl;
	*fuzzy_out = fm != NULL;
	return fm;
}

static int
parse_tcp(struct p0fdb *db, const char *val)
{
	const struct tcpsig *ref;
	struct tcpsig t;
	const char *e, *p = val;
	char why[64];
	int fuzzy, dist;

	memset(&t, 0, sizeof t);
	if (!(e = tcp_head(&p, &t)) && !(e = tcp_window(&p, &t)) && !(e = tcp_layout(&p, &t)))
		e = tcp_quirks(p, &t, why, sizeof why);
	if (e)
		return fail(db, "%s in signature '%.100s'", e, val);
	t.nknown = t.nopt;
	t.lhash = layout_hash(&t);
	t.olayout = p0fsig_layout_hash(t.opt, t.nopt);
	t.win_multi = sig_win_multi(&t, &t.use_mtu);
	if ((ref = find(db, db->to_srv, &t, 1, &fuzzy, &dist))) {
		db->covered_by = ref->line;
		return fail(db, "signature '%.100s' is already covered by line %lu", val, ref->line);
	}
	t.generic = db->generic;
	t.class_id = db->class_id;
	t.label = db->label;
	t.line = db->line;
	if (db->ntcp[db->to_srv] == db->ctcp[db->to_srv]) {
		db->ctcp[db->to_srv] = db->ctcp[db->to_srv] ? 2 * db->ctcp[db->to_srv] : 64;
		db->tcp[db->to_srv] = ereallocarray(db->tcp[db->to_srv], db->ctcp[db->to_srv],
		    sizeof t);
	}
	db->tcp[db->to_srv][db->ntcp[db->to_srv]++] = t;
	return 0;
}

/* ---- HTTP signatures (checked, then unused) ---- */

static void
http_free(struct httpsig *h)
{
	int i;

	for (i = 0; i < h->nhdr; i++) {
		free(h->hdr[i].name);
		free(h->hdr[i].value);
	}
	for (i = 0; i < h->nmiss; i++)
		free(h->miss[i]);
	free(h->sw);
}

static char *
dup_n(const char *s, size_t n)
{
	char *c = emalloc(n + 1);

	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

/* A header name (p0f: alnum, '-', '_'); returns its end. */
static const char *
hdr_name(const char *p)
{
	while (is_alnum((unsigned char)*p) || *p == '-' || *p == '_')
		p++;
	return p;
}

/* ver:horder:habsent:expsw into h. NULL or the problem. */
static const char *
http_parse(const char *val, struct httpsig *h)
{
	const char *nxt;

	if (!*val || val[1] != ':')
		return "malformed signature";
	switch (*val) {
	case '0': h->ver = 0; break;
	case '1': h->ver = 1; break;
	case '*': h->ver = -1; break;
	default: return "bad HTTP version";
	}
	val += 2;
	while (*val != ':') {
		struct hhdr *x;

		if (h->nhdr >= HTTP_MAX_HDRS)
			return "too many headers listed";
		x = &h->hdr[h->nhdr];
		if (*val == '?') {
			x->optional = 1;
			val++;
		}
		if ((nxt = hdr_name(val)) == val)
			return "malformed header name";
		x->name = dup_n(val, (size_t)(nxt - val));
		h->nhdr++;
		val = nxt;
		if (*val == '=') {
			if (val[1] != '[')
				return "missing '[' after '='";
			val += 2;
			for (nxt = val; *nxt && *nxt != ']'; nxt++)
				;
			if (val == nxt || !*nxt)
				return "malformed signature";
			x->value = dup_n(val, (size_t)(nxt - val));
			val = nxt + 1;
		}
		if (*val == ',')
			val++;
		else if (*val != ':')
			return "malformed signature";
	}
	val++;
	while (*val != ':') {
		if (h->nmiss >= HTTP_MAX_HDRS)
			return "too many headers listed";
		if ((nxt = hdr_name(val)) == val)
			return "malformed header name";
		h->miss[h->nmiss++] = dup_n(val, (size_t)(nxt - val));
		val = nxt;
		if (*val == ',')
			val++;
		else if (*val != ':')
			return "malformed signature";
	}
	val++;
	if (*val) {
		if (strchr(val, ':'))
			return "malformed signature";
		h->sw = dup_n(val, strlen(val));
	}
	return NULL;
}

/* Is name among h's headers (only its required ones if required)? */
static int
http_has(const struct httpsig *h, const char *name, int required)
{
	int i;

	for (i = 0; i < h->nhdr; i++)
		if ((!required || !h->hdr[i].optional) && strcmp(h->hdr[i].name, name) == 0)
			return 1;
	return 0;
}

/* Would rs (an earlier signature) match ts, in p0f's duplicate check? */
static int
http_covers(const struct httpsig *rs, const struct httpsig *ts)
{
	int r, t = 0, j;

	if (rs->ver != -1 && rs->ver != ts->ver)
		return 0;
	/* the Bloom filter's sets: rs's required headers among ts's */
	for (r = 0; r < rs->nhdr; r++)
		if (!rs->hdr[r].optional && !http_has(ts, rs->hdr[r].name, 1))
			return 0;
	for (r = 0; r < rs->nhdr; r++) {
		int orig = t;

		while (t < ts->nhdr && strcmp(rs->hdr[r].name, ts->hdr[t].name) != 0)
			t++;
		if (t == ts->nhdr) {
			if (!rs->hdr[r].optional || http_has(ts, rs->hdr[r].name, 0))
				return 0;
			t = orig;
			continue;
		}
		if (rs->hdr[r].value && (!ts->hdr[t].value ||
		    !strstr(ts->hdr[t].value, rs->hdr[r].value)))
			return 0;
		t++;
	}
	/* a banned header is looked for only where the filter lets it through */
	for (r = 0; r < rs->nmiss; r++)
		if (http_has(ts, rs->miss[r], 1))
			return 0;
	if (rs->nmiss > ts->nmiss)
		return 0;
	for (r = 0; r < rs->nmiss; r++) {
		for (j = 0; j < ts->nmiss; j++)
			if (strcmp(rs->miss[r], ts->miss[j]) == 0)
				break;
		if (j == ts->nmiss)
			return 0;
	}
	return 1;
}

static int
parse_http(struct p0fdb *db, const char *val)
{
	struct httpsig h;
	const char *e;
	size_t i, d = (size_t)db->to_srv;

	memset(&h, 0, sizeof h);
	if ((e = http_parse(val, &h))) {
		http_free(&h);
		return fail(db, "%s in HTTP signature '%.100s'", e, val);
	}
	for (i = 0; i < db->nhttp[d]; i++)
		if (!db->http[d][i].generic && http_covers(&db->http[d][i], &h)) {
			http_free(&h);
			db->covered_by = db->http[d][i].line;
			return fail(db, "HTTP signature '%.100s' is already covered by line %lu", val,
			    db->covered_by);
		}
	h.generic = db->generic;
	h.line = db->line;
	if (db->nhttp[d] == db->chttp[d]) {
		db->chttp[d] = db->chttp[d] ? 2 * db->chttp[d] : 16;
		db->http[d] = ereallocarray(db->http[d], db->chttp[d], sizeof h);
	}
	db->http[d][db->nhttp[d]++] = h;
	return 0;
}

/* ua_os = name[=[alias]],... (names join the OS names) */
static int
parse_ua(struct p0fdb *db, const char *val)
{
	while (*val) {
		const char *nxt = val;

		while (*nxt && is_name((unsigned char)*nxt))
			nxt++;
		if (val == nxt)
			return fail(db, "malformed system name in 'ua_os': '%.80s'", val);
		name_id(db, val, (size_t)(nxt - val));
		val = nxt;
		if (*val == '=') {
			if (val[1] != '[')
				return fail(db, "missing '[' after '=' in 'ua_os'");
			val += 2;
			for (nxt = val; *nxt && *nxt != ']'; nxt++)
				;
			if (val == nxt || !*nxt)
				return fail(db, "malformed alias in 'ua_os'");
			val = nxt + 1;
		}
		if (*val == ',')
			val++;
	}
	return 0;
}

/* ---- lines ---- */

static int
parse_section(struct p0fdb *db, char *line)
{
	char *dir;

	if (strcmp(line, "mtu]") == 0) {
		db->mod = MOD_MTU;
		db->state = NEED_LABEL;
		return 0;
	}
	if (!(dir = strchr(line, ':')))
		return fail(db, "malformed section identifier '[%.60s' ([module:direction] or [mtu])",
		    line);
	*dir++ = '\0';
	if (strcmp(line, "tcp") == 0)
		db->mod = MOD_TCP;
	else if (strcmp(line, "http") == 0)
		db->mod = MOD_HTTP;
	else
		return fail(db, "unknown section '[%.40s:%.40s' (p0f's modules are tcp, http and mtu)",
		    line, dir);
	if (strcmp(dir, "request]") == 0)
		db->to_srv = 1;
	else if (strcmp(dir, "response]") == 0)
		db->to_srv = 0;
	else
		return fail(db, "unknown traffic direction in section '[%.40s:%.40s' "
		    "(request or response)", line, dir);
	db->state = NEED_LABEL;
	return 0;
}

static int
parse_sig(struct p0fdb *db, const char *val)
{
	int rc;

	if (db->state != NEED_SIG)
		return fail(db, "misplaced 'sig' (a signature follows a label%s)",
		    db->state == NEED_SYS ? " and its 'sys' line" : "");
	rc = db->mod == MOD_TCP ? parse_tcp(db, val) : db->mod == MOD_MTU ? parse_mtu(db, val) :
	    parse_http(db, val);
	if (rc == 0)
		db->nsig++;
	return rc;
}

/* One line: leading blanks gone, not empty, not a comment. */
static int
parse_line(struct p0fdb *db, char *line)
{
	char *val, *eon;

	if (*line == '[')
		return parse_section(db, line + 1);
	for (val = line; is_alpha((unsigned char)*val) || *val == '_'; val++)
		;
	eon = val;
	while (is_blank(*val))
		val++;
	if (line == val || *val != '=')
		return fail(db, "unexpected statement '%.60s' (p0f fingerprint files hold "
		    "'name = value' lines, [sections] and ; comments)", line);
	while (is_blank(*++val))
		;
	*eon = '\0';
	if (strcmp(line, "classes") == 0) {
		if (db->state != NEED_SECT)
			return fail(db, "misplaced 'classes' (before the first section only)");
		return parse_classes(db, val);
	}
	if (strcmp(line, "ua_os") == 0) {
		if (db->state != NEED_LABEL || db->to_srv != 1 || db->mod != MOD_HTTP)
			return fail(db, "misplaced 'ua_os' (first in [http:request])");
		return parse_ua(db, val);
	}
	if (strcmp(line, "label") == 0) {
		if (db->state != NEED_LABEL && db->state != NEED_SIG)
			return fail(db, "misplaced 'label' (%s)", db->state == NEED_SECT ?
			    "labels come in sections" : "a userland label needs its 'sys' line first");
		if (parse_label(db, val) < 0)
			return -1;
		db->state = db->mod != MOD_MTU && db->class_id < 0 ? NEED_SYS : NEED_SIG;
		return 0;
	}
	if (strcmp(line, "sys") == 0) {
		if (db->state != NEED_SYS)
			return fail(db, "misplaced 'sys' (only after a userland '!' label)");
		if (parse_sys(db, val) < 0)
			return -1;
		db->state = NEED_SIG;
		return 0;
	}
	if (strcmp(line, "sig") == 0)
		return parse_sig(db, val);
	return fail(db, "unrecognized field '%.40s' (classes, label, sys, sig, ua_os)", line);
}

/* ---- the public functions ---- */

struct p0fdb *
p0fdb_new(const char *name)
{
	struct p0fdb *db = ecalloc(1, sizeof *db);

	db->name = estrdup(name);
	return db;
}

int
p0fdb_feed(struct p0fdb *db, const char *line, size_t len, char *err, size_t errsz)
{
	size_t i = 0;

	db->line++;
	db->covered_by = 0;
	while (i < len && is_blank(line[i]))
		i++;
	if (i == len || line[i] == ';')
		return 0;
	if (memchr(line + i, '\0', len - i))
		len = i + strlen(line + i);
	if (len - i + 1 > db->curcap) {
		db->curcap = len - i + 1;
		db->cur = erealloc(db->cur, db->curcap);
	}
	memcpy(db->cur, line + i, len - i);
	db->cur[len - i] = '\0';
	if (parse_line(db, db->cur) < 0) {
		snprintf(err, errsz, "%s", db->err);
		return -1;
	}
	return 0;
}

unsigned long
p0fdb_covered_by(const struct p0fdb *db)
{
	return db->covered_by;
}

struct p0fdb *
p0fdb_load(const char *buf, size_t len, const char *name, char *err, size_t errsz)
{
	struct p0fdb *db = p0fdb_new(name);
	const char *cur = buf, *end, *nul, *eol;

	/* a NUL byte ends the file, as in p0f */
	end = (nul = memchr(buf, '\0', len)) ? nul : buf + len;
	if (cur == end)
		return db;
	for (;;) {
		eol = memchr(cur, '\n', (size_t)(end - cur));
		if (!eol)
			eol = end;
		if (p0fdb_feed(db, cur, (size_t)(eol - cur), err, errsz) < 0) {
			p0fdb_free(db);
			return NULL;
		}
		if (eol == end)
			break;
		cur = eol + 1;
	}
	return db;
}

void
p0fdb_free(struct p0fdb *db)
{
	size_t d, i;

	if (!db)
		return;
	for (d = 0; d < 2; d++) {
		free(db->tcp[d]);
		for (i = 0; i < db->nhttp[d]; i++)
			http_free(&db->http[d][i]);
		free(db->http[d]);
	}
	strv_free(&db->classes);
	strv_free(&db->names);
	strv_free(&db->labels);
	free(db->cur);
	free(db->name);
	free(db);
}

size_t
p0fdb_ntcp(const struct p0fdb *db, int synack)
{
	return db->ntcp[!synack];
}

void
p0fdb_match(const struct p0fdb *db, const struct p0fsig *s, struct p0fdb_match *m)
{
	const struct tcpsig *ref;
	struct tcpsig t;
	int i;

	memset(&t, 0, sizeof t);
	memset(m, 0, sizeof *m);
	t.ipver = s->ipver;
	t.ttl = s->ttl;
	t.olen = s->olen;
	t.mss = s->mss < 0 ? 0 : s->mss;
	t.wtype = W_NORMAL;
	t.win = s->win;
	t.wscale = s->wscale < 0 ? 0 : s->wscale;
	t.pclass = s->pclass;
	t.nopt = s->nopt;
	t.nknown = s->optknown;
	for (i = 0; i < t.nknown; i++)
		t.opt[i] = s->opt[i];
	t.olayout = s->olayout;
	t.eolpad = s->eolpad < 0 ? 0 : s->eolpad;
	t.quirks = s->quirks;
	t.lhash = layout_hash(&t);
	t.win_multi = s->win_mult > 0 ? s->win_mult : -1;
	t.use_mtu = s->win_mtu > 0;
	ref = find(db, !s->synack, &t, 0, &m->fuzzy, &m->dist);
	if (!ref)
		return;
	m->os = db->labels.v[ref->label];
	/* p0f-sendsyn's probe (window 1337, MSS 1331) is logged as app= too */
	m->app = ref->class_id == -1 || (!s->synack && s->win == 1337 && s->mss == 1331);
	m->generic = ref->generic;
	m->bad_ttl = ref->bad_ttl;
	m->line = ref->line;
}

int
p0fdb_fill_layout(const struct p0fdb *db, struct p0fsig *s)
{
	const struct tcpsig *ref;
	size_t d, i;

	for (d = 0; d < 2 && s->optknown < s->nopt; d++)
		for (i = 0; i < db->ntcp[d]; i++) {
			ref = &db->tcp[d][i];
			if (ref->nopt == s->nopt && ref->olayout == s->olayout &&
			    memcmp(ref->opt, s->opt, (size_t)s->optknown) == 0) {
				memcpy(s->opt, ref->opt, (size_t)ref->nopt);
				s->optknown = s->nopt;
				break;
			}
		}
	return s->optknown == s->nopt;
}

size_t
p0fdb_params(const struct p0fdb_match *m, const struct p0fsig *s, char *buf)
{
	char *p = buf;

	*p = '\0';
	if (m->os) {
		if (m->generic)
			p += sprintf(p, " generic");
		if (m->fuzzy)
			p += sprintf(p, " fuzzy");
		if (m->bad_ttl)
			p += sprintf(p, " random_ttl");
	}
	if (m->dist > P0FSIG_MAXDIST)
		p += sprintf(p, " excess_dist");
	if (s->tos)
		p += sprintf(p, " tos:0x%02x", (unsigned)s->tos);
	if (p == buf)
		return (size_t)sprintf(buf, "none");
	memmove(buf, buf + 1, (size_t)(p - buf));
	return (size_t)(p - buf) - 1;
}

size_t
p0fdb_dist(const struct p0fdb_match *m, char *buf)
{
	return (size_t)sprintf(buf, m->os && m->bad_ttl ? "<= %d" : "%d", m->dist);
}
