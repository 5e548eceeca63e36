/* Unit tests for p0fsig.c and p0fdb.c: the syn columns as a signature and
 * p0f's text for it; the loader's acceptance and errors (file and line);
 * the matcher's order (exact, generic, fuzzy), TTL and distance rules,
 * window forms, quirk filters, userland signatures and layouts longer than
 * the columns. The expected verdicts follow p0f 3.09b's fp_tcp.c; the
 * odd ones were checked against p0f itself (tests/t7010 checks all of
 * p0f.fp's signatures against p0f's log). */
#include <stdlib.h>
#include <string.h>

#include "features/fingerprint.h"
#include "learn/model.h"
#include "learn/p0fdb.h"
#include "learn/p0fsig.h"
#include "tap.h"

/* ---- building signatures ---- */

static int
kind_of(const char *name, size_t n)
{
	static const char *const k[9] = { "eol", "nop", "mss", "ws", "sok", "sack", "", "", "ts" };
	int i;

	if (name[0] == '?')
		return atoi(name + 1);
	for (i = 0; i < 9; i++)
		if (strlen(k[i]) == n && strncmp(name, k[i], n) == 0)
			return i;
	return -1;
}

/* A SYN (synack 0) or SYN+ACK: TTL, MSS (-1 none), window and its
 * multiple, scale (-1 none), a comma-separated layout ("eol" takes
 * eolpad), quirks by name, payload. */
static void
mk(struct p0fsig *s, int synack, int ipver, int ttl, int mss, int win, int mult, int mtu,
    int wscale, const char *layout, int eolpad, const char *quirks, int pclass)
{
	const char *p = layout;
	int i;

	memset(s, 0, sizeof *s);
	s->synack = synack;
	s->ipver = ipver;
	s->ttl = ttl;
	s->ittl = ttl <= 32 ? 32 : ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
	s->dist = s->ittl - ttl;
	s->mss = mss;
	s->win = win;
	s->win_mult = mult;
	s->win_mtu = mult > 0 ? mtu : -1;
	s->wscale = wscale;
	s->eolpad = -1;
	while (*p) {
		size_t n = strcspn(p, ",");
		int k = kind_of(p, n);

		s->opt[s->nopt++] = (uint8_t)k;
		if (k == 0)
			s->eolpad = eolpad;
		p += n + (p[n] == ',');
	}
	s->optknown = s->nopt;
	s->olayout = p0fsig_layout_hash(s->opt, s->nopt);
	for (p = quirks; *p;) {
		size_t n = strcspn(p, ",");

		for (i = 0; i < P0FSIG_NQUIRK; i++)
			if (strlen(p0fsig_quirk_names[i]) == n && strncmp(p, p0fsig_quirk_names[i], n) == 0)
				s->quirks |= 1u << i;
		p += n + (p[n] == ',');
	}
	s->pclass = pclass;
}

static struct p0fdb *
load(const char *text, char *err, size_t errsz)
{
	err[0] = '\0';
	return p0fdb_load(text, strlen(text), "t.fp", err, errsz);
}

/* ---- the columns ---- */

static void
test_columns(void)
{
	char name[64];
	size_t i;
	int same = fingerprint_width(FP_SYN, 0) == P0FSIG_NCOLS;

	for (i = 0; same && i < P0FSIG_NCOLS; i++) {
		fingerprint_colname(FP_SYN, 0, i, name, sizeof name);
		same = strcmp(name, p0fsig_columns[i]) == 0;
	}
	ok(same, "p0fsig's columns are the syn set's, in its order");
}

/* The syn set computed from a packet, read back through the columns. */
static void
test_from_features(void)
{
	static const uint8_t kinds[14] = { 2, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3 };
	struct fields_pkt x;
	struct p0fsig s;
	double v[P0FSIG_NCOLS], t = 0;
	char msg[200], raw[P0FSIG_TEXT_MAX];

	memset(&x, 0, sizeof x);
	x.has = FPF_HAS_IP4 | FPF_HAS_TCP;
	x.ttl = 61;
	x.df = 1;
	x.ipid = 9;
	x.flags = 2;
	x.win = 5840;
	x.mss = 1460;
	x.wscale = 7;
	x.opthas = DEC_HAS_MSS | DEC_HAS_WS;
	x.nopt = 14;
	memcpy(x.opt, kinds, 14);
	x.seq0 = 0;
	x.ack0 = 1;
	fingerprint_compute(FP_SYN, 0, &x, NULL, &t, 1, v);
	ok(p0fsig_from_values(v, &s, msg, sizeof msg) == 0 && !s.none && s.ttl == 61 &&
	    s.dist == 3 && s.win_mult == 4 && s.nopt == 14 && s.optknown == 12 &&
	    s.quirks == (P0FSIG_Q_DF | P0FSIG_Q_NZ_ID), "a 14-option SYN from the syn set");
	ok(s.olayout == p0fsig_layout_hash(kinds, 14), "syn_olayout is p0fsig_layout_hash");
	p0fsig_raw(&s, raw);
	is_str(raw, "4:61+3:0:1460:mss*4,7:mss,sok,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,...:df,id+:0",
	    "raw_sig with kinds past the columns unknown");
	v[2] = 5;
	ok(p0fsig_from_values(v, &s, msg, sizeof msg) < 0 && strstr(msg, "'syn_ipver'"),
	    "syn_ipver 5 refused: %s", msg);
	v[2] = 4;
	v[4] = 128;
	ok(p0fsig_from_values(v, &s, msg, sizeof msg) < 0 && strstr(msg, "'syn_ittl'"),
	    "an initial TTL that is not the guess refused: %s", msg);
	v[4] = 64;
	v[28] = 2;
	ok(p0fsig_from_values(v, &s, msg, sizeof msg) < 0 && strstr(msg, "'syn_q_df'"),
	    "a quirk of 2 refused: %s", msg);
	v[28] = 1;
	v[3] = 61.5;
	ok(p0fsig_from_values(v, &s, msg, sizeof msg) < 0 && strstr(msg, "61.5"),
	    "a TTL of 61.5 refused: %s", msg);
	v[0] = 1;
	ok(p0fsig_from_values(v, &s, msg, sizeof msg) == 0 && s.none, "syn_none 1: nothing else read");
}

static void
test_raw(void)
{
	struct p0fsig s;
	char buf[P0FSIG_TEXT_MAX];

	mk(&s, 0, 4, 64, 1460, 29200, 20, 0, 7, "mss,sok,ts,nop,ws", 0, "df,id+", 0);
	p0fsig_raw(&s, buf);
	is_str(buf, "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0", "raw_sig of Linux");
	p0fsig_db(&s, buf);
	is_str(buf, "4:64:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0", "its database form");
	mk(&s, 1, 4, 90, 1331, 1337, -1, 0, -1, "mss,nop,eol", 18, "ecn,seq-,ack-,ts1-,opt+", 1);
	p0fsig_raw(&s, buf);
	is_str(buf, "4:90+?:0:*:1337,0:mss,nop,eol+18:ecn,seq-,ack-,ts1-,opt+:+",
	    "38 hops: +?; a SYN+ACK with MSS 1331: *; no scale: 0; EOL padding; quirks in order");
	p0fsig_db(&s, buf);
	is_str(buf, "4:128:0:*:1337,0:mss,nop,eol+18:ecn,seq-,ack-,ts1-,opt+:+",
	    "its database form: the initial TTL guessed");
	mk(&s, 0, 6, 50, -1, 5000, 2, 1, 3, "?30,sack", 0, "flow", 0);
	p0fsig_raw(&s, buf);
	is_str(buf, "6:50+14:0:0:mtu*2,3:?30,sack:flow:0", "IPv6, no MSS: 0, mtu*N, an unknown option");
}

/* ---- the loader ---- */

static const char db_text[] =
    "; a small database\n"                                           /* 1 */
    "classes = win,unix,other\n"                                     /* 2 */
    "\n"
    "[tcp:request]\n"                                                 /* 4 */
    "label = s:unix:Linux:3.11 and newer\n"                          /* 5 */
    "sig = *:64:0:*:mss*20,10:mss,sok,ts,nop,ws:df,id+:0\n"          /* 6 */
    "  sig = *:64:0:*:mss*20,7:mss,sok,ts,nop,ws:df,id+:0\n"         /* 7 */
    "label = g:unix:Linux:2.2.x-3.x\n"                               /* 8 */
    "sig = *:64:0:*:*,*:mss,sok,ts,nop,ws:df,id+:0\n"                /* 9 */
    "label = s:win:Windows:7 or 8\n"                                 /* 10 */
    "sig = *:128:0:*:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0\n"       /* 11 */
    "label = s:!:NMap:SYN scan\n"                                    /* 12 */
    "sys = @unix,@win\n"                                             /* 13 */
    "sig = *:64-:0:1460:1024,0:mss::0\n"                             /* 14 */
    "label = s:other:Mod:\n"                                         /* 15 */
    "sig = 4:64:0:1460:%8192,0:mss,nop,nop,ts::*\n"                  /* 16 */
    "sig = 4:64:0:1460:mtu*4,0:mss,nop,nop,sok::0\n"                 /* 17 */
    "sig = *:64:0:1460:mss*4,7:mss,sok,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,ws::0\n" /* 18 */
    "[tcp:response]\n"                                               /* 19 */
    "label = s:unix:linux:3.x\n"                                     /* 20 */
    "sig = *:64:0:*:mss*10,0:mss:df:0\n"                             /* 21 */
    "[mtu]\n"
    "label = Ethernet\n"
    "sig = 1500\n"
    "[http:request]\n"
    "ua_os = Linux,Windows,iOS=[iPhone]\n"
    "label = s:!:wget:\n"
    "sys = Linux\n"
    "sig = 1:User-Agent,?Host,Accept=[*/*]:Connection:Wget\n";

struct verdict {
	const char *os, *params, *dist;
	unsigned long line;
};

static void
check(const struct p0fdb *db, const struct p0fsig *s, const struct verdict *w, const char *what)
{
	struct p0fdb_match m;
	char params[P0FDB_FIELD_MAX], dist[P0FDB_FIELD_MAX];
	int good;

	p0fdb_match(db, s, &m);
	p0fdb_params(&m, s, params);
	p0fdb_dist(&m, dist);
	good = ((!m.os && !w->os) || (m.os && w->os && strcmp(m.os, w->os) == 0)) &&
	    strcmp(params, w->params) == 0 && strcmp(dist, w->dist) == 0 && m.line == w->line;
	ok(good, "%s", what);
	if (!good)
		printf("#   got os=%s params=%s dist=%s line %lu\n", m.os ? m.os : "???", params, dist,
		    m.line);
}

static void
test_match(void)
{
	struct p0fdb *db;
	struct p0fsig s;
	char err[512], buf[P0FSIG_TEXT_MAX];
	struct p0fdb_match m;

	db = load(db_text, err, sizeof err);
	ok(db != NULL, "the small database loads %s", err);
	if (!db)
		return;
	ok(p0fdb_ntcp(db, 0) == 8 && p0fdb_ntcp(db, 1) == 1, "8 SYN and 1 SYN+ACK signatures");
#define V(o, p, d, l) (&(const struct verdict){ o, p, d, l })
	mk(&s, 0, 4, 60, 1460, 29200, 20, 0, 7, "mss,sok,ts,nop,ws", 0, "df,id+", 0);
	check(db, &s, V("Linux 3.11 and newer", "none", "4", 7), "exact: the first specific match");
	s.tos = 2;
	check(db, &s, V("Linux 3.11 and newer", "tos:0x02", "4", 7), "TOS in params");
	s.tos = 0;
	s.wscale = 5;
	check(db, &s, V("Linux 2.2.x-3.x", "generic", "4", 9), "no specific one: the generic");
	s.wscale = 7;
	s.quirks = P0FSIG_Q_DF;
	check(db, &s, V("Linux 3.11 and newer", "fuzzy", "4", 7), "id+ gone: fuzzy, the first");
	s.quirks = P0FSIG_Q_DF | P0FSIG_Q_NZ_ID | P0FSIG_Q_ECN;
	check(db, &s, V("Linux 3.11 and newer", "fuzzy", "4", 7), "ecn come: fuzzy");
	s.quirks = P0FSIG_Q_DF | P0FSIG_Q_NZ_ID | P0FSIG_Q_PUSH;
	check(db, &s, V(NULL, "none", "4", 0), "pushf+ come: no match, dist guessed");
	s.quirks = P0FSIG_Q_DF;
	s.wscale = 5;
	check(db, &s, V("Linux 2.2.x-3.x", "generic fuzzy", "4", 9), "a fuzzy generic match");
	mk(&s, 0, 4, 70, 1460, 29200, 20, 0, 7, "mss,sok,ts,nop,ws", 0, "df,id+", 0);
	check(db, &s, V("Linux 3.11 and newer", "fuzzy excess_dist", "58", 7),
	    "TTL 70 above 64: fuzzy, p0f's guess of the distance (58 to 128)");
	s.ttl = 20;
	check(db, &s, V("Linux 3.11 and newer", "fuzzy", "12", 7),
	    "TTL 20, 44 below 64: fuzzy, the distance guessed from 32");
	s.ttl = 29;
	check(db, &s, V("Linux 3.11 and newer", "none", "35", 7), "35 hops: still exact");
	mk(&s, 0, 6, 64, 1440, 28800, 20, 0, 7, "mss,sok,ts,nop,ws", 0, "", 0);
	check(db, &s, V("Linux 3.11 and newer", "none", "0", 7),
	    "IPv6 against '*': the IPv4 quirks df, id+ dropped from the signature");
	mk(&s, 0, 4, 40, 1460, 1024, -1, 0, -1, "mss", 0, "", 0);
	check(db, &s, V("NMap SYN scan", "random_ttl", "<= 24", 14), "a random-TTL tool: '<= 24'");
	p0fdb_match(db, &s, &m);
	ok(m.app, "a userland signature is an app");
	s.ttl = 10;
	check(db, &s, V("NMap SYN scan", "random_ttl excess_dist", "<= 54", 14),
	    "random TTL: no distance limit");
	s.ttl = 40;
	s.quirks = P0FSIG_Q_ECN;
	check(db, &s, V(NULL, "none", "0", 0), "no fuzzy match for userland tools (dist 0)");
	mk(&s, 0, 4, 64, 1460, 16384, -1, 0, -1, "mss,nop,nop,ts", 0, "", 1);
	check(db, &s, V("Mod", "none", "0", 16), "%8192, any payload; a label without flavor");
	s.win = 16385;
	check(db, &s, V(NULL, "none", "0", 0), "16385 is not a multiple of 8192");
	mk(&s, 0, 4, 64, 1460, 6000, 4, 1, -1, "mss,nop,nop,sok", 0, "", 0);
	check(db, &s, V("Mod", "none", "0", 17), "mtu*4");
	s.win_mtu = 0;
	check(db, &s, V(NULL, "none", "0", 0), "mss*4 is not mtu*4");
	mk(&s, 1, 4, 64, 1460, 14600, 10, 0, -1, "mss", 0, "df", 0);
	check(db, &s, V("Linux 3.x", "none", "0", 21), "a SYN+ACK in tcp:response; the name's "
	    "first spelling");
	s.synack = 0;
	check(db, &s, V(NULL, "none", "0", 0), "the same as a SYN: no match");
	mk(&s, 0, 4, 64, 1460, 5840, 4, 0, 7, "mss,sok,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,ws",
	    0, "", 0);
	s.optknown = 12;
	check(db, &s, V("Mod", "none", "0", 18), "14 options: the last two matched by the layout hash");
	ok(p0fdb_fill_layout(db, &s) && s.optknown == 14 && s.opt[13] == 3,
	    "and filled in from the signature");
	p0fsig_raw(&s, buf);
	is_str(buf, "4:64+0:0:1460:mss*4,7:mss,sok,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,ws::0",
	    "so raw_sig is whole");
	s.optknown = 12;
	s.olayout += 2;
	check(db, &s, V(NULL, "none", "0", 0), "another hash: another layout");
	ok(!p0fdb_fill_layout(db, &s) && s.optknown == 12, "not filled in");
#undef V
	p0fdb_free(db);
}

/* ---- the loader's errors and p0f's odd acceptances ---- */

struct bad {
	const char *text;
	unsigned long line;
	const char *msg;
};

#define HEAD "classes = unix\n[tcp:request]\nlabel = s:unix:Linux:\n"
#define SIG(s) HEAD "sig = " s "\n"

static const struct bad bads[] = {
	{ "foo\n", 1, "unexpected statement 'foo'" },
	{ "= x\n", 1, "unexpected statement" },
	{ "classes = unix\n[tcp:foo]\n", 2, "unknown traffic direction" },
	{ "[udp:request]\n", 1, "unknown section '[udp:request]'" },
	{ "[tcp:request\n", 1, "unknown traffic direction" },
	{ "[foo]\n", 1, "malformed section identifier" },
	{ "[mtu] \n", 1, "malformed section identifier" },
	{ "classes = unix,\n", 1, "malformed class entry" },
	{ "classes = unix\r\n", 1, "malformed class entry" },
	{ "[mtu]\nclasses = unix\n", 2, "misplaced 'classes'" },
	{ "label = s:unix:Linux:\n", 1, "misplaced 'label'" },
	{ "classes = unix\n[tcp:request]\nsig = 4:64:0:*:*,*:::0\n", 3, "misplaced 'sig'" },
	{ "classes = unix\n[tcp:request]\nlabel = s:bsd:X:\n", 3, "unknown class 'bsd'" },
	{ "classes = unix\n[tcp:request]\nlabel = x:unix:X:\n", 3, "malformed label" },
	{ "classes = unix\n[tcp:request]\nlabel = s:unix:X\n", 3, "malformed name" },
	{ "classes = unix\n[tcp:request]\nlabel = s:unix:X,Y:\n", 3, "malformed name" },
	{ HEAD "sys = Linux\n", 4, "misplaced 'sys'" },
	{ "classes = unix\n[tcp:request]\nlabel = s:!:T:\nsig = 4:64:0:*:*,*:::0\n", 4,
	  "misplaced 'sig'" },
	{ "classes = unix\n[tcp:request]\nlabel = s:!:T:\nsys = @bsd\n", 4, "unknown class '@bsd'" },
	{ "classes = unix\n[tcp:request]\nlabel = s:!:T:\nsys = Linux,\n", 4, "malformed sys entry" },
	{ HEAD "foo = 1\n", 4, "unrecognized field 'foo'" },
	{ SIG("5:64:0:*:*,*:::0"), 4, "unrecognized IP version" },
	{ SIG(""), 4, "unrecognized IP version" },
	{ SIG("4:300:0:*:*,*:::0"), 4, "bogus initial TTL" },
	{ SIG("4:0:0:*:*,*:::0"), 4, "bogus initial TTL" },
	{ SIG("4:250+6:0:*:*,*:::0"), 4, "bogus initial TTL" },
	{ SIG("4:64-:"), 4, "malformed signature" },
	{ SIG("4:64:256:*:*,*:::0"), 4, "bogus IP option length" },
	{ SIG("4:64:0:65536:*,*:::0"), 4, "bogus MSS" },
	{ SIG("4:64:0:*:65536,*:::0"), 4, "bogus window size" },
	{ SIG("4:64:0:*:mss*0,*:::0"), 4, "bogus MSS/MTU multiplier" },
	{ SIG("4:64:0:*:mtu*1001,*:::0"), 4, "bogus MSS/MTU multiplier" },
	{ SIG("4:64:0:*:%1,*:::0"), 4, "bogus '%' value" },
	{ SIG("4:64:0:*:*,256:::0"), 4, "bogus window scale" },
	{ SIG("4:64:0:*:*,*:foo::0"), 4, "unrecognized TCP option" },
	{ SIG("4:64:0:*:*,*:eol+1,nop::0"), 4, "EOL must be the last option" },
	{ SIG("4:64:0:*:*,*:eol+256::0"), 4, "bogus EOL padding" },
	{ SIG("4:64:0:*:*,*:eol::0"), 4, "malformed EOL option" },
	{ SIG("4:64:0:*:*,*:?256::0"), 4, "bogus '?' option" },
	{ SIG("4:64:0:*:*,*:nop;mss::0"), 4, "malformed TCP options" },
	{ SIG("4:64:0:*:*,*:nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,nop,"
	      "nop,nop,nop,nop,nop,nop,nop,nop::0"), 4, "too many TCP options" },
	{ SIG("6:64:0:*:*,*::df:0"), 4, "'df' is not valid for IPv6" },
	{ SIG("4:64:0:*:*,*::flow:0"), 4, "'flow' is not valid for IPv4" },
	{ SIG("4:64:0:*:*,*::foo:0"), 4, "unrecognized quirk" },
	{ SIG("4:64:0:*:*,*::df;ecn:0"), 4, "malformed quirks" },
	{ SIG("4:64:0:*:*,*:::1"), 4, "malformed payload class" },
	{ SIG("4:64:0:*:*,*:::0 "), 4, "malformed payload class" },
	{ HEAD "sig = 4:64:0:*:*,*:::0\nsig = 4:64:0:*:*,*:::0\n", 5, "already covered by line 4" },
	{ HEAD "sig = 4:64:0:1460:*,*:mss::0\nsig = 6:60:0:1460:8192,0:mss::0\n", 5,
	  "already covered by line 4" },
	{ "[mtu]\nlabel = \n", 2, "empty MTU label" },
	{ "[mtu]\nlabel = E\nsig = 0\n", 3, "malformed MTU value" },
	{ "[mtu]\nlabel = E\nsig = 99999999999999999999\n", 3, "malformed MTU value" },
	{ "[mtu]\nlabel = E\nsig = 1500 \n", 3, "malformed MTU value" },
	{ "[http:request]\nlabel = s:!:w:\nsys = X\nsig = 2:Host::\n", 4, "bad HTTP version" },
	{ "[http:request]\nlabel = s:!:w:\nsys = X\nsig = \n", 4, "malformed signature" },
	{ "[http:request]\nlabel = s:!:w:\nsys = X\nsig = 1:Ho st::\n", 4, "malformed signature" },
	{ "[http:request]\nlabel = s:!:w:\nsys = X\nsig = 1:Host=x::\n", 4, "missing '['" },
	{ "[http:request]\nlabel = s:!:w:\nsys = X\nsig = 1:Host,Accept=[*/*]:Via:a\n"
	  "sig = 1:Host,Accept=[*/*],Date:Via:b\n", 5, "already covered by line 4" },
	{ "[http:response]\nua_os = Linux\n", 2, "misplaced 'ua_os'" },
	{ "[http:request]\nua_os = Linux;\n", 2, "malformed system name" },
};

static const struct {
	const char *text, *what;
} goods[] = {
	{ "", "an empty file" },
	{ "\n; only a comment\n", "comments" },
	{ "classes = unix\n\0garbage\n", "a NUL byte ends the file" },
	{ "classes =\n[mtu]\n", "no classes" },
	{ SIG("4:+32:0:*:*,*:::0"), "a TTL of +32 (atol takes the sign), plus 32: 64" },
	{ SIG("4:64:4294967296:*:*,*:::0"), "an option length of 2^32 (cut to 32 bits: 0)" },
	{ SIG("4:64-:9:*:*,*:::0"), "'64-:' skips the option length's first digit" },
	{ SIG("4:64:0:*:*,*:nop,:df:0"), "a layout ending in a comma" },
	{ "classes = unix\n[tcp:request]\nlabel = g:unix:L:\nsig = 4:64:0:*:*,*:::0\n"
	  "sig = 4:64:0:*:*,*:::0\n", "generic signatures cover nothing" },
	{ HEAD "sig = 4:64:0:*:*,*:::0\nsig = 4:200:0:*:*,*:::0\n", "a TTL out of range is fuzzy, "
	  "not covered" },
	{ "[http:request]\nlabel = s:!:w:\nsys = X\nsig = 1:Host,Accept=[*/*]:Via,Date:a\n"
	  "sig = 1:Host,Accept=[*/*]:Via:b\n", "HTTP: more banned headers may come first" },
};

static void
test_load(void)
{
	struct p0fdb *db;
	char err[512], want[128];
	size_t i;

	for (i = 0; i < sizeof bads / sizeof *bads; i++) {
		db = load(bads[i].text, err, sizeof err);
		snprintf(want, sizeof want, "'t.fp': line %lu: ", bads[i].line);
		ok(!db && strncmp(err, want, strlen(want)) == 0 && strstr(err, bads[i].msg) &&
		    !strchr(err, '\n') && !strchr(err, '\r'), "refused: %s", err);
		p0fdb_free(db);
	}
	for (i = 0; i < sizeof goods / sizeof *goods; i++) {
		const char *t = goods[i].text;
		size_t len = strlen(t);

		if (strstr(goods[i].what, "NUL"))
			len += 1 + strlen(t + len + 1);
		db = p0fdb_load(t, len, "t.fp", err, sizeof err);
		ok(db != NULL, "accepted: %s %s", goods[i].what, db ? "" : err);
		p0fdb_free(db);
	}
}

/* The odd acceptances give what p0f gives. */
static void
test_odd(void)
{
	struct p0fdb *db;
	struct p0fsig s;
	char err[512];

	mk(&s, 0, 4, 60, -1, 100, -1, 0, -1, "", 0, "", 0);
	db = load(SIG("4:+32:0:*:*,*:::0"), err, sizeof err);
	check(db, &s, &(const struct verdict){ "Linux", "none", "4", 4 }, "+32 is TTL 64");
	p0fdb_free(db);
	db = load(SIG("4:64-:9:*:*,*:::0"), err, sizeof err);
	check(db, &s, &(const struct verdict){ "Linux", "random_ttl", "<= 4", 4 },
	    "'64-:9' has option length 0");
	p0fdb_free(db);
	db = load("classes = unix\n[tcp:request]\nlabel = s:unix:LINUX:a\nsig = 4:64:0:*:*,*:::+\n"
	    "label = s:unix:linux:b\nsig = 4:64:0:*:*,*:::0\n", err, sizeof err);
	check(db, &s, &(const struct verdict){ "LINUX b", "none", "4", 6 },
	    "names are matched without case; the first spelling is printed");
	p0fdb_free(db);
}

static void
test_feed(void)
{
	static const char *const lines[] = {
		"classes = unix", "[tcp:request]", "label = s:unix:A:", "sig = 4:64:0:*:*,*:::0",
		"label = s:unix:B:", "sig = 4:64:0:*:*,*:::0", "sig = 4:64:0:*:*,*:::+"
	};
	struct p0fdb *db = p0fdb_new("learned.fp");
	char err[512];
	int rc[7];
	size_t i;

	for (i = 0; i < 7; i++)
		rc[i] = p0fdb_feed(db, lines[i], strlen(lines[i]), err, sizeof err);
	ok(rc[0] == 0 && rc[3] == 0 && rc[5] == -1 && rc[6] == 0,
	    "a line at a time: the covered signature refused, the next one taken");
	ok(p0fdb_ntcp(db, 0) == 2 && p0fdb_covered_by(db) == 0, "two signatures");
	p0fdb_feed(db, lines[5], strlen(lines[5]), err, sizeof err);
	ok(p0fdb_covered_by(db) == 4 && strstr(err, "'learned.fp': line 8: "), "covered by line 4");
	p0fdb_free(db);
}

/* Debian's p0f.fp loads, and matches as p0f logs (one line of
 * tests/data/golden/p0f/os-fixture.pcapng.log). */
static void
test_p0f_fp(void)
{
	const char *td = getenv("TEST_DATA");
	char path[4096], err[512], *buf;
	struct p0fdb *db;
	struct p0fsig s;
	size_t len;

	snprintf(path, sizeof path, "%s/golden/p0f/p0f.fp", td ? td : "tests/data");
	if (model_slurp(path, &buf, &len, err, sizeof err) < 0) {
		ok(0, "%s", err);
		return;
	}
	ok(model_is_p0f(buf, len), "p0f.fp is told from an osfp model");
	db = p0fdb_load(buf, len, path, err, sizeof err);
	ok(db && p0fdb_ntcp(db, 0) == 91 && p0fdb_ntcp(db, 1) == 101,
	    "p0f.fp: 91 tcp:request and 101 tcp:response signatures %s", db ? "" : err);
	mk(&s, 0, 4, 64, 1460, 65535, -1, 0, 1, "mss,nop,ws,nop,nop,ts,sok,eol", 1, "df,id+", 0);
	if (db)
		check(db, &s, &(const struct verdict){ "Mac OS X 10.x", "none", "0", 216 }, "Mac OS X");
	p0fdb_free(db);
	ok(!model_is_p0f("osfp-model 1\n", 13) && !model_is_p0f("\n\n", 2) &&
	    !model_is_p0f("flow,syn_none\n", 14) && model_is_p0f("\n  classes = x\n", 15),
	    "osfp models, empty files and CSV are not p0f's");
	free(buf);
}

int
main(void)
{
	test_columns();
	test_from_features();
	test_raw();
	test_match();
	test_load();
	test_odd();
	test_feed();
	test_p0f_fp();
	return tap_done();
}
