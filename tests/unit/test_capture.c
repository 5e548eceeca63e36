/* Unit tests for capture.c: libpcap agrees on every fixture; synthetic
 * pcapng files cover sections, interfaces, byte orders, resolutions,
 * block kinds and every hostile length; pcap variants; time formatting. */
/* libpcap's headers want the BSD types (u_char) */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "packet/capture.h"
#include "tap.h"

/* ---- a tiny pcapng/pcap writer ----------------------------------------- */

struct out {
	uint8_t *b;
	size_t n, cap;
	int be;             /* write big-endian */
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (o->n + n > o->cap) {
		o->cap = (o->n + n) * 2 + 64;
		o->b = realloc(o->b, o->cap);
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void
put8(struct out *o, unsigned v)
{
	uint8_t c = (uint8_t)v;

	put(o, &c, 1);
}

static void
put16(struct out *o, unsigned v)
{
	uint8_t c[2];

	if (o->be) { c[0] = (uint8_t)(v >> 8); c[1] = (uint8_t)v; }
	else { c[0] = (uint8_t)v; c[1] = (uint8_t)(v >> 8); }
	put(o, c, 2);
}

static void
put32(struct out *o, uint32_t v)
{
	if (o->be) { put16(o, v >> 16); put16(o, v & 0xffff); }
	else { put16(o, v & 0xffff); put16(o, v >> 16); }
}

static void
put64(struct out *o, uint64_t v)
{
	if (o->be) { put32(o, (uint32_t)(v >> 32)); put32(o, (uint32_t)v); }
	else { put32(o, (uint32_t)v); put32(o, (uint32_t)(v >> 32)); }
}

static void
pad4(struct out *o)
{
	while (o->n % 4)
		put8(o, 0);
}

static void
set32(struct out *o, size_t at, uint32_t v)
{
	struct out t = { 0, 0, 0, o->be };

	put32(&t, v);
	memcpy(o->b + at, t.b, 4);
	free(t.b);
}

/* Start a block; end_block writes both lengths. */
static size_t
begin_block(struct out *o, uint32_t type)
{
	size_t at = o->n;

	put32(o, type);
	put32(o, 0);
	return at;
}

static void
end_block(struct out *o, size_t at)
{
	uint32_t len;

	pad4(o);
	len = (uint32_t)(o->n - at + 4);
	put32(o, len);
	set32(o, at + 4, len);
}

static void
opt(struct out *o, unsigned code, const void *v, size_t n)
{
	put16(o, code);
	put16(o, (unsigned)n);
	put(o, v, n);
	pad4(o);
}

static void
shb(struct out *o, int be)
{
	size_t at;

	o->be = be;
	at = begin_block(o, 0x0A0D0D0A);
	put32(o, 0x1A2B3C4D);
	put16(o, 1);
	put16(o, 0);
	put64(o, UINT64_MAX);
	opt(o, 3, "test", 4);          /* shb_os, skipped */
	put32(o, 0);                   /* opt_endofopt */
	end_block(o, at);
}

/* resol < 0: no if_tsresol option */
static void
idb(struct out *o, unsigned linktype, uint32_t snaplen, int resol, int64_t tsoffset)
{
	size_t at = begin_block(o, 1);

	put16(o, linktype);
	put16(o, 0);
	put32(o, snaplen);
	if (resol >= 0) {
		uint8_t v = (uint8_t)resol;

		opt(o, 9, &v, 1);
	}
	if (tsoffset) {
		struct out t = { 0, 0, 0, o->be };

		put64(&t, (uint64_t)tsoffset);
		opt(o, 14, t.b, 8);
		free(t.b);
	}
	if (resol >= 0 || tsoffset)
		put32(o, 0);
	end_block(o, at);
}

static const uint8_t pkt[64] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

/* EPB (type 6) or obsolete PB (type 2) with up to two comments. */
static void
epb(struct out *o, unsigned type, uint32_t ifid, uint64_t ts, uint32_t caplen,
    const char *c1, const char *c2)
{
	size_t at = begin_block(o, type);

	if (type == 6)
		put32(o, ifid);
	else {
		put16(o, ifid);
		put16(o, 0);
	}
	put32(o, (uint32_t)(ts >> 32));
	put32(o, (uint32_t)ts);
	put32(o, caplen);
	put32(o, caplen + 100);
	put(o, pkt, caplen);
	pad4(o);
	if (c1)
		opt(o, 1, c1, strlen(c1));
	opt(o, 2, "flags", 4);        /* another option, ignored */
	if (c2)
		opt(o, 1, c2, strlen(c2));
	put32(o, 0);
	end_block(o, at);
}

static void
spb(struct out *o, uint32_t wirelen, uint32_t stored)
{
	size_t at = begin_block(o, 3);

	put32(o, wirelen);
	put(o, pkt, stored);
	end_block(o, at);
}

static void
custom_block(struct out *o, uint32_t type, size_t n)
{
	size_t at = begin_block(o, type);

	for (size_t i = 0; i < n; i++)
		put8(o, (unsigned)i);
	end_block(o, at);
}

/* ---- reading helpers --------------------------------------------------- */

struct got {
	int n, rc;
	char times[16][CAP_TIME_MAX];
	int linktype[16];
	uint32_t caplen[16], wirelen[16];
	size_t ncom[16];
	char com[16][2][64];
	uint64_t ord[16];
	char err[256];
};

static int
read_all(const void *buf, size_t len, const struct capture_options *opt, struct got *g)
{
	struct capture_reader *r;
	struct capture_packet p;
	char *err;

	memset(g, 0, sizeof *g);
	if (!(r = capture_open_mem(buf, len, "t", opt, &err))) {
		snprintf(g->err, sizeof g->err, "%s", err);
		free(err);
		g->rc = -9;
		return -9;
	}
	while ((g->rc = capture_next(r, &p)) == 1) {
		if (g->n < 16) {
			int i = g->n;

			if (p.has_time)
				capture_time_str(g->times[i], &p.time);
			else
				strcpy(g->times[i], "-");
			g->linktype[i] = p.linktype;
			g->caplen[i] = p.caplen;
			g->wirelen[i] = p.wirelen;
			g->ord[i] = p.ordinal;
			g->ncom[i] = p.ncomments;
			for (size_t k = 0; k < p.ncomments && k < 2; k++) {
				snprintf(g->com[i][k], 64, "%s", p.comments[k]);
				if (strlen(p.comments[k]) != p.comment_lens[k])
					strcpy(g->com[i][k], "LEN MISMATCH");
			}
			if (p.caplen && memcmp(p.data, pkt, p.caplen < 13 ? p.caplen : 13))
				strcpy(g->com[i][1], "DATA MISMATCH");
		}
		g->n++;
	}
	if (g->rc < 0)
		snprintf(g->err, sizeof g->err, "%s", capture_error(r));
	capture_close(r);
	return g->rc;
}

/* ---- libpcap agreement on the real fixtures ----------------------------- */

static void
against_libpcap(const char *path)
{
	char eb[PCAP_ERRBUF_SIZE], *err;
	pcap_t *pc = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_NANO, eb);
	FILE *f = fopen(path, "rb");
	struct capture_options quiet = { CAP_LEGACY_AUTO, 1 };
	struct capture_reader *r = f ? capture_open(f, path, &quiet, &err) : NULL;
	struct pcap_pkthdr *h;
	const u_char *d;
	struct capture_packet p;
	long n = 0, bad_len = 0, bad_time = 0, bad_data = 0;
	int rc1, rc2, exact_time, skip_time;

	if (!pc || !r) {
		ok(0, "%s: open (%s)", path, pc ? err : eb);
		if (pc)
			pcap_close(pc);
		if (f)
			fclose(f);
		return;
	}
	/* libpcap maps LINKTYPE_RAW (101) to DLT_RAW (12) */
	ok(capture_linktype(r) == pcap_datalink(pc) ||
	    (capture_linktype(r) == 101 && pcap_datalink(pc) == 12),
	    "%s: link type %d", path, capture_linktype(r));
	/* Fractions of 1 s or more (tcpdump's timestamp_invalid files) are
	 * added as they are, as scapy does; libpcap overflows on them. */
	skip_time = strstr(path, "timestamp_invalid") != NULL;
	for (;;) {
		rc1 = pcap_next_ex(pc, &h, &d);
		rc2 = capture_next(r, &p);
		if (rc1 != 1 || rc2 != 1)
			break;
		n++;
		if ((uint32_t)h->caplen != p.caplen || (uint32_t)h->len != p.wirelen)
			bad_len++;
		else if (memcmp(d, p.data, p.caplen))
			bad_data++;
		/* libpcap gives ns; compare when ours is at most ns-exact */
		exact_time = p.time.digits <= 9 && !capture_legacy_active(r) && !skip_time;
		if (exact_time) {
			int64_t mine = p.time.sec * 1000000000 +
			    (int64_t)p.time.frac * (int64_t)(p.time.digits == 6 ? 1000 :
			    p.time.digits == 9 ? 1 : 0);
			int64_t theirs = (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;

			if (mine != theirs)
				bad_time++;
		}
	}
	ok(rc1 == -2 && rc2 == 0, "%s: both end cleanly after %ld packets (libpcap %d, ours %d)",
	    path, n, rc1, rc2);
	ok(bad_len == 0 && bad_data == 0, "%s: caplen, wirelen and bytes agree (%ld, %ld off)",
	    path, bad_len, bad_data);
	ok(bad_time == 0, "%s: timestamps agree (%ld off)", path, bad_time);
	pcap_close(pc);
	capture_close(r);
	fclose(f);
}

static void
all_fixtures(void)
{
	const char *td = getenv("TEST_DATA");
	const char *root = getenv("OSFP_ROOT");
	const char *dirs[] = { "public", "cicids2017", "shards" };
	char path[4096];
	int nfiles = 0;

	if (!td)
		td = "tests/data";
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		DIR *dp;
		struct dirent *e;

		snprintf(path, sizeof path, "%s/%s", td, dirs[i]);
		if (!(dp = opendir(path)))
			continue;
		while ((e = readdir(dp))) {
			size_t l = strlen(e->d_name);

			if ((l > 5 && strcmp(e->d_name + l - 5, ".pcap") == 0) ||
			    (l > 7 && strcmp(e->d_name + l - 7, ".pcapng") == 0)) {
				snprintf(path, sizeof path, "%s/%s/%s", td, dirs[i], e->d_name);
				against_libpcap(path);
				nfiles++;
			}
		}
		closedir(dp);
	}
	snprintf(path, sizeof path, "%s/data/lab/sample.pcapng", root ? root : ".");
	against_libpcap(path);
	ok(nfiles >= 20, "found the fixtures (%d files)", nfiles);
}

/* ---- synthetic pcapng -------------------------------------------------- */

static void
build_good(struct out *o)
{
	/* section 1, little-endian: µs Ethernet and ns raw-IP interfaces */
	shb(o, 0);
	idb(o, 1, 0, -1, 0);
	custom_block(o, 0xBAD, 10);                     /* skipped */
	idb(o, 101, 0, 9, 0);
	epb(o, 6, 0, 1499083690807570ull, 13, "111,windows_windows-10", NULL);
	epb(o, 6, 1, 1499083690123456789ull, 13, "a", "b");
	spb(o, 13, 13);
	epb(o, 2, 1, 5000000001ull, 5, NULL, NULL);     /* obsolete PB */
	/* section 2, big-endian: binary 2^-20 with an offset, then decimal 0 */
	shb(o, 1);
	idb(o, 228, 8, 0x80 | 16, 100);
	idb(o, 1, 0, 0, -5);
	epb(o, 6, 0, (3ull << 16) | 1, 8, "s=9,proc=curl", NULL);
	spb(o, 20, 8);                                  /* snaplen 8 caps it */
	epb(o, 6, 1, 7, 0, NULL, NULL);
}

static void
synthetic_good(void)
{
	struct out o = { 0 };
	struct got g;

	build_good(&o);
	ok(read_all(o.b, o.n, NULL, &g) == 0, "synthetic: clean end (%s)", g.err);
	ok(g.n == 7, "synthetic: 7 packets (%d)", g.n);
	for (int i = 0; i < 7; i++)
		ok(g.ord[i] == (uint64_t)i + 1, "ordinal %d", i + 1);
	is_str(g.times[0], "1499083690.807570", "µs default resolution");
	is_str(g.times[1], "1499083690.123456789", "ns if_tsresol");
	is_str(g.times[2], "-", "SPB has no time");
	is_str(g.times[3], "5.000000001", "obsolete PB on the ns interface");
	is_str(g.times[4], "103.0000152587890625", "2^-16 exact, plus if_tsoffset");
	is_str(g.times[6], "2", "resolution 1 s with if_tsoffset -5");
	ok(g.linktype[0] == 1 && g.linktype[1] == 101 && g.linktype[2] == 1 &&
	    g.linktype[4] == 228 && g.linktype[5] == 228 && g.linktype[6] == 1,
	    "link type per interface, interfaces reset per section");
	ok(g.ncom[0] == 1 && g.ncom[1] == 2 && g.ncom[2] == 0 && g.ncom[3] == 0,
	    "comment counts");
	is_str(g.com[0][0], "111,windows_windows-10", "comment");
	is_str(g.com[1][0], "a", "first of two comments");
	is_str(g.com[1][1], "b", "second of two comments");
	is_str(g.com[4][0], "s=9,proc=curl", "comment in a big-endian section");
	ok(g.caplen[2] == 13 && g.wirelen[2] == 13, "SPB lengths");
	ok(g.caplen[5] == 8 && g.wirelen[5] == 20, "SPB capped at the snap length");
	ok(g.caplen[6] == 0 && g.wirelen[6] == 100, "empty EPB");

	/* the same through a FILE, in a stream */
	{
		FILE *f = fmemopen(o.b, o.n, "rb");
		char *err;
		struct capture_reader *r = capture_open(f, "t", NULL, &err);
		struct capture_packet p;
		int n = 0, rc;

		while ((rc = capture_next(r, &p)) == 1)
			n++;
		ok(rc == 0 && n == 7, "FILE input gives the same 7 packets");
		ok(capture_format(r) == CAP_PCAPNG && capture_linktype(r) == 1, "format and first link type");
		capture_close(r);
		fclose(f);
	}
	free(o.b);
}

/* A block larger than the first buffer (20 comments of 60000 bytes, 1.2
 * MB) after a 5 MiB skipped block, read through a FILE. */
static void
big_block(void)
{
	struct out o = { 0 };
	char *big = malloc(60000), *err;
	FILE *f;
	struct capture_reader *r;
	struct capture_packet p;
	size_t at;
	int i, good = 1;

	memset(big, 'x', 60000);
	shb(&o, 0);
	idb(&o, 1, 0, -1, 0);
	custom_block(&o, 0xBAD, 5u << 20);             /* skipped in pieces */
	at = begin_block(&o, 6);
	put32(&o, 0);
	put32(&o, 0);
	put32(&o, 1);
	put32(&o, 13);
	put32(&o, 13);
	put(&o, pkt, 13);
	pad4(&o);
	for (i = 0; i < 20; i++) {
		big[0] = (char)('a' + i);
		opt(&o, 1, big, 60000);
	}
	end_block(&o, at);
	epb(&o, 6, 0, 2, 13, "after", NULL);
	f = fmemopen(o.b, o.n, "rb");
	r = capture_open(f, "big", NULL, &err);
	ok(r && capture_next(r, &p) == 1 && p.ncomments == 20, "1.2 MB block read whole");
	for (i = 0; r && i < 20 && (size_t)i < p.ncomments; i++)
		if (p.comment_lens[i] != 60000 || p.comments[i][0] != 'a' + i ||
		    p.comments[i][59999] != 'x' || p.comments[i][60000] != '\0')
			good = 0;
	ok(good, "its 20 comments intact");
	ok(r && capture_next(r, &p) == 1 && p.ncomments == 1 &&
	    strcmp(p.comments[0], "after") == 0 && p.ordinal == 2, "next block after it");
	ok(r && capture_next(r, &p) == 0, "then the end");
	capture_close(r);
	fclose(f);
	free(big);
	free(o.b);
}

/* Every hostile case: the packets before the fault, then an error that
 * names the right byte offset. */
struct bad {
	const char *what;
	int npkts;          /* packets returned first */
	const char *msg;    /* substring of the error */
};

static void
expect_bad(const uint8_t *b, size_t n, const struct bad *t)
{
	struct got g;
	int rc = read_all(b, n, NULL, &g);

	ok((rc == -1 || rc == -9) && g.n == t->npkts && strstr(g.err, t->msg),
	    "%s: %d packets then '%s' (got %d, rc %d, '%s')", t->what, t->npkts,
	    t->msg, g.n, rc, g.err);
}

static void
synthetic_bad(void)
{
	struct out o = { 0 };
	size_t e1, e2;
	uint8_t *c;
	struct bad t;

	shb(&o, 0);
	idb(&o, 1, 0, -1, 0);
	epb(&o, 6, 0, 1, 13, "1,a_b", NULL);
	e1 = o.n;
	epb(&o, 6, 0, 2, 13, "2,a_b", NULL);
	e2 = o.n;
	c = malloc(o.n + 64);
	char m[128];

#define MUTATE(stmt, w, np, fmtstr, ...) do { \
	memcpy(c, o.b, o.n); stmt; \
	snprintf(m, sizeof m, fmtstr, __VA_ARGS__); \
	t.what = w; t.npkts = np; t.msg = m; expect_bad(c, o.n, &t); } while (0)

	/* truncations */
	snprintf(m, sizeof m, "truncated block at byte %zu", e1);
	t = (struct bad){ "cut mid-block", 1, m };
	expect_bad(o.b, e2 - 5, &t);
	snprintf(m, sizeof m, "truncated block header at byte %zu", e1);
	t = (struct bad){ "cut in a block header", 1, m };
	expect_bad(o.b, e1 + 5, &t);
	{
		struct got g;

		ok(read_all(o.b, e1, NULL, &g) == 0 && g.n == 1,
		    "cut at a block boundary: a shorter, valid file");
	}
	/* lengths */
	MUTATE(c[e1 + 4] = 0, "length 0", 1, "block at byte %zu: length 0 is too small", e1);
	MUTATE((c[e1 + 4] = 8, c[e1 + 5] = 0), "length 8", 1,
	    "block at byte %zu: length 8 is too small", e1);
	MUTATE(c[e1 + 4] += 2, "length not a multiple of 4", 1,
	    "block at byte %zu: length %u is not a multiple of 4", e1,
	    (unsigned)(e2 - e1 + 2));
	MUTATE((c[e1 + 4] = 0, c[e1 + 5] = 0, c[e1 + 6] = 1), "length past the end", 1,
	    "truncated block at byte %zu", e1);
	MUTATE(c[e2 - 4] += 4, "trailer mismatch", 1,
	    "block at byte %zu: trailing length %u does not match leading length %u",
	    e1, (unsigned)(e2 - e1 + 4), (unsigned)(e2 - e1));
	MUTATE(c[e1 + 20] = 200, "caplen past the block", 1,
	    "block at byte %zu: captured length 200 exceeds the block", e1);
	MUTATE((c[e1 + 20] = 0, c[e1 + 21] = 0, c[e1 + 22] = 8), "caplen over 256 KiB", 1,
	    "block at byte %zu: captured length 524288 exceeds 262144", e1);
	MUTATE(c[e1 + 8] = 1, "interface id past the IDBs", 1,
	    "block at byte %zu: interface id 1 but the section has 1 interface", e1);
	/* the comment option of the 2nd EPB is at e1 + 28 + 16: its length */
	MUTATE(c[e1 + 44 + 2] = 60, "option past the block", 1,
	    "block at byte %zu: option 1 at byte %zu runs past the end of the block",
	    e1, e1 + 44);
	{
		struct out q = { 0 };
		size_t at;

		shb(&q, 0);
		at = q.n;
		idb(&q, 1, 0, 6, 0);
		epb(&q, 6, 0, 1, 4, NULL, NULL);
		q.b[at + 18] = 40;             /* if_tsresol's length */
		snprintf(m, sizeof m, "block at byte %zu: option 9 at byte %zu runs past "
		    "the end of the block", at, at + 16);
		t = (struct bad){ "IDB option past the block", 0, m };
		expect_bad(q.b, q.n, &t);
		free(q.b);
	}
	MUTATE(c[8] = 0x99, "bad byte-order magic", 0,
	    "%s", "section header at byte 0: bad byte-order magic");
	MUTATE(c[12] = 2, "pcapng version 2", 0, "%s", "unsupported pcapng version 2.0");
	MUTATE(memcpy(c, "\x89PNG\r\n\x1a\n", 8), "PNG", 0, "%s", "'t': not a pcap or pcapng file");
	free(c);
	free(o.b);

	/* an EPB before any IDB */
	{
		struct out q = { 0 };

		shb(&q, 1);
		epb(&q, 6, 0, 1, 4, NULL, NULL);
		t = (struct bad){ "EPB without IDB", 0, "interface id 0 but the section has 0 interfaces" };
		expect_bad(q.b, q.n, &t);
		free(q.b);
	}
	{
		struct got g;

		ok(read_all("", 0, NULL, &g) == -9 && strstr(g.err, "not a pcap or pcapng"),
		    "empty input");
		ok(read_all("\x0a\x0d\x0d\x0a\x1c", 5, NULL, &g) == -9 &&
		    strstr(g.err, "truncated section header at byte 0"), "5 bytes of pcapng");
	}
}

/* ---- legacy pcapml timestamps ------------------------------------------ */

static void
legacy(void)
{
	struct out o = { 0 };
	struct got g;
	struct capture_options quiet = { CAP_LEGACY_AUTO, 1 };
	struct capture_options on = { CAP_LEGACY_ON, 1 }, off = { CAP_LEGACY_OFF, 1 };

	shb(&o, 0);
	idb(&o, 1, 0, -1, 0);
	epb(&o, 6, 0, (1499083690ull << 32) | 807570, 4, NULL, NULL);
	epb(&o, 6, 0, (1499083691ull << 32) | 5, 4, NULL, NULL);
	read_all(o.b, o.n, &quiet, &g);
	is_str(g.times[0], "1499083690.807570", "legacy detected: sec = ts_high");
	is_str(g.times[1], "1499083691.000005", "legacy: usec = ts_low");
	read_all(o.b, o.n, &off, &g);
	is_str(g.times[0], "6438515422517.809810", "legacy off: standard decoding");
	free(o.b);

	/* a normal µs file is left alone; ON forces it */
	memset(&o, 0, sizeof o);
	shb(&o, 0);
	idb(&o, 1, 0, -1, 0);
	epb(&o, 6, 0, 1499083690807570ull, 4, NULL, NULL);
	read_all(o.b, o.n, &quiet, &g);
	is_str(g.times[0], "1499083690.807570", "standard µs file untouched");
	read_all(o.b, o.n, &on, &g);
	is_str(g.times[0], "351697.550098", "legacy on: forced (usec >= 10^6 carries)");
	free(o.b);

	/* if_tsresol present: never legacy */
	memset(&o, 0, sizeof o);
	shb(&o, 0);
	idb(&o, 1, 0, 6, 0);
	epb(&o, 6, 0, (1499083690ull << 32) | 807570, 4, NULL, NULL);
	read_all(o.b, o.n, &quiet, &g);
	is_str(g.times[0], "6438515422517.809810", "if_tsresol present: no repair");
	free(o.b);
}

/* ---- classic pcap ------------------------------------------------------ */

static void
pcap_hdr(struct out *o, int be, uint32_t magic, uint32_t linktype)
{
	o->be = be;
	put32(o, magic);
	put16(o, 2);
	put16(o, 4);
	put32(o, 0);
	put32(o, 0);
	put32(o, 65535);
	put32(o, linktype);
}

static void
pcap_rec(struct out *o, uint32_t sec, uint32_t sub, uint32_t caplen)
{
	put32(o, sec);
	put32(o, sub);
	put32(o, caplen);
	put32(o, caplen + 1);
	put(o, pkt, caplen);
}

static void
classic(void)
{
	struct out o = { 0 };
	struct got g;
	size_t r2;

	pcap_hdr(&o, 1, 0xa1b23c4d, 113);          /* ns, big-endian */
	pcap_rec(&o, 100, 5, 13);
	pcap_rec(&o, 100, 1500000000, 13);         /* fraction over 1 s: adds */
	r2 = o.n;
	pcap_rec(&o, 7, 0, 13);
	ok(read_all(o.b, o.n, NULL, &g) == 0 && g.n == 3, "ns big-endian pcap: 3 packets");
	is_str(g.times[0], "100.000000005", "ns time");
	is_str(g.times[1], "101.500000000", "fraction >= 1 s carries, as scapy adds it");
	ok(g.linktype[0] == 113 && g.caplen[0] == 13 && g.wirelen[0] == 14, "fields");
	{
		char m[80];
		struct bad t;

		snprintf(m, sizeof m, "'t': truncated packet record at byte %zu", r2);
		t = (struct bad){ "truncated last record", 2, m };
		expect_bad(o.b, o.n - 1, &t);
		t = (struct bad){ "truncated record header", 2, m };
		expect_bad(o.b, r2 + 7, &t);
		o.b[r2 + 9] = 0x10;                    /* caplen 1 MiB + 13 */
		snprintf(m, sizeof m, "packet record at byte %zu: captured length %u exceeds 262144",
		    r2, (1u << 20) + 13);
		t = (struct bad){ "huge caplen", 2, m };
		expect_bad(o.b, o.n, &t);
		t = (struct bad){ "short pcap header", 0, "truncated pcap file header" };
		expect_bad(o.b, 20, &t);
	}
	free(o.b);

	memset(&o, 0, sizeof o);
	pcap_hdr(&o, 0, 0xa1b2c3d4, 1);            /* µs, little-endian */
	pcap_rec(&o, 1499083690, 807570, 0);
	ok(read_all(o.b, o.n, NULL, &g) == 0 && g.n == 1, "µs little-endian pcap");
	is_str(g.times[0], "1499083690.807570", "µs time");
	ok(g.caplen[0] == 0, "empty record");
	free(o.b);
}

/* ---- time formatting and the double ------------------------------------ */

static void
times(void)
{
	struct capture_time t;
	char b[CAP_TIME_MAX], s[64];
	uint64_t x = 0x9E3779B97F4A7C15ull;
	int bad = 0;

	t = (struct capture_time){ -1, 5, 1 };
	capture_time_str(b, &t);
	is_str(b, "-0.5", "negative time with a fraction");
	t = (struct capture_time){ -3, 0, 2 };
	capture_time_str(b, &t);
	is_str(b, "-3.00", "negative whole time");
	t = (struct capture_time){ 100, 0, 0 };
	capture_time_str(b, &t);
	is_str(b, "100", "no fraction digits");
	t = (struct capture_time){ INT64_MAX, 9999999999999999999ull, 19 };
	ok(capture_time_str(b, &t) < CAP_TIME_MAX, "longest time fits CAP_TIME_MAX");
	t = (struct capture_time){ 1499083689, 815552, 6 };
	ok(capture_time_double(&t) == 1499083689.815552, "µs double");

	/* every path agrees with strtod of the exact decimal (28 digits max) */
	for (int i = 0; i < 100000; i++) {
		uint64_t p = 1;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		t.digits = (int)(x % 19);      /* 10 + 18 digits: within 28 */
		for (int k = 0; k < t.digits; k++)
			p *= 10;
		t.sec = (int64_t)((x >> 20) % 4000000000ull);
		t.frac = (x * 0x2545F4914F6CDD1Dull) % p;
		capture_time_str(s, &t);
		if (capture_time_double(&t) != strtod(s, NULL))
			bad++;
	}
	ok(bad == 0, "capture_time_double == strtod(capture_time_str) on 100000 times (%d off)", bad);

	/* the settled-guess path: ns near the epoch, every resolution up to
	 * 19 digits, seconds up to 2^53, ties, powers of two */
	bad = 0;
	for (int i = 0; i < 100000; i++) {
		uint64_t p = 1;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		t.digits = i % 2 ? 9 : (int)(x % 20);
		for (int k = 0; k < t.digits; k++)
			p *= 10;
		t.sec = i % 2 ? 1400000000 + (int64_t)(x % 400000000) :
		    (int64_t)((x >> 11) >> (x % 53));
		t.frac = (x * 0x2545F4914F6CDD1Dull) % p;
		capture_time_str(s, &t);
		if (strlen(s) - (t.digits ? 1 : 0) > 28)
			continue;
		if (capture_time_double(&t) != strtod(s, NULL))
			bad++;
	}
	ok(bad == 0, "ns and other resolutions: == strtod on 100000 times (%d off)", bad);
	{
		static const struct capture_time edge[] = {
			{ 4503599627370496, 5, 1 },          /* tie at 2^52: even */
			{ 4503599627370497, 5, 1 },          /* tie: up to even */
			{ 4503599627370497, 50000000000, 11 },
			{ 2147483647, 999999999, 9 },        /* just under 2^31 */
			{ 2147483648, 1, 9 },                /* just over */
			{ 1, 9999999999999999999ull, 19 },
			{ 9007199254740991, 4999, 4 },       /* 2^53 - 1 */
			{ 1499083690, 123456789, 9 },
		};

		bad = 0;
		for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
			capture_time_str(s, &edge[i]);
			if (capture_time_double(&edge[i]) != strtod(s, NULL)) {
				printf("# edge %s: %.17g\n", s, capture_time_double(&edge[i]));
				bad++;
			}
		}
		ok(bad == 0, "ties and binade edges equal strtod");
	}

	/* scapy's Decimal rounds to 28 significant digits before float():
	 * 1499083690.0000000000000000009 + tiny stays the 28-digit value */
	t = (struct capture_time){ 1, 5000000000000000000ull, 19 };
	ok(capture_time_double(&t) == 1.5, "1.5 exactly");
	t = (struct capture_time){ 1499083690, 4999999999999999999ull, 19 };
	ok(capture_time_double(&t) == strtod("1499083690.500000000000000000", NULL),
	    "29 digits round half-even to 28 first");
}

/* ---- reading times back: capture_time_parse, capture_time_frac19 -------- */

static void
parse_is(const char *s, int64_t sec, uint64_t frac, int digits)
{
	struct capture_time t = { 0, 0, 0 };

	ok(capture_time_parse(s, &t) == 0 && t.sec == sec && t.frac == frac && t.digits == digits,
	    "'%s' parses to %lld + %llu/10^%d", s, (long long)sec, (unsigned long long)frac, digits);
}

static void
time_parse(void)
{
	static const char *const bad[] = {
		"", "-", ".", "1.2.3", "1e5", " 1", "1 ", "+1", "0x10", "-.",
		"1.12345678901234567891", "9223372036854775808", "99999999999999999999",
	};
	struct capture_time t, u;
	char s[CAP_TIME_MAX];
	uint64_t x = 0x9E3779B97F4A7C15ull;
	size_t i;
	int wrong = 0;

	parse_is("1795859257.795076000", 1795859257, 795076000, 9);
	parse_is("1795859257.795076", 1795859257, 795076, 6);
	parse_is("100", 100, 0, 0);
	parse_is(".5", 0, 5, 1);
	parse_is("-1.5", -2, 5, 1);
	parse_is("-0.25", -1, 75, 2);
	parse_is("-3", -3, 0, 0);
	parse_is("1.12345678901234567890000", 1, 1234567890123456789ull, 19);
	parse_is("9223372036854775807", INT64_MAX, 0, 0);
	parse_is("-9223372036854775807.5", INT64_MIN, 5, 1);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(capture_time_parse(bad[i], &t) == -1, "'%s' is not a time", bad[i]);
	capture_time_parse("1795859257.795076000", &t);
	capture_time_parse("1795859257.795076", &u);
	ok(capture_time_frac19(&t) == capture_time_frac19(&u) &&
	    capture_time_frac19(&t) == 7950760000000000000ull, "trailing zeros: the same frac19");
	capture_time_parse("1795859257.7950761", &u);
	ok(capture_time_frac19(&t) != capture_time_frac19(&u), "another digit: another frac19");
	for (i = 0; i < 100000; i++) {
		uint64_t p = 1;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		t.digits = (int)(x % 20);
		for (int k = 0; k < t.digits; k++)
			p *= 10;
		t.sec = (int64_t)(x >> 16) - (int64_t)(1ull << 47);
		t.frac = (x * 0x2545F4914F6CDD1Dull) % p;
		capture_time_str(s, &t);
		if (capture_time_parse(s, &u) < 0 || u.sec != t.sec || u.frac != t.frac ||
		    u.digits != t.digits)
			wrong++;
	}
	ok(wrong == 0, "capture_time_parse reads capture_time_str back on 100000 times (%d off)",
	    wrong);
}

int
main(void)
{
	time_parse();
	all_fixtures();
	synthetic_good();
	big_block();
	synthetic_bad();
	legacy();
	classic();
	times();
	return tap_done();
}
