/* Unit tests for flowstream.c against flows_build (the batch splitter,
 * bit-exact with netml): the SET of flows (key + ordered record ids) must
 * be the same.
 *   - thousands of random packet sequences (fixed seed): many keys, gaps
 *     around the interval and the timeout (exactly on them too), equal
 *     times, keys resuming after the timeout, one-packet keys, times near
 *     0 and near 1.8e9 (ULP effects); min_packets 1-3, keep_last on/off,
 *     interval fixed or none, timeout or none (shorter, equal, longer
 *     than the interval), colliding hashes;
 *   - the same sequences with timestamps made to go backwards: whenever
 *     the stream reports no late packet, no late split and no eviction it
 *     must still equal batch (batch sorts each key), and anyway no record
 *     is lost twice, flows are in time order, finish leaves nothing held;
 *   - hand-made cases for when each piece is written (as early as the
 *     data allow), held, or dropped;
 *   - the key cap: a flood of one-packet keys stays under it, evictions
 *     are counted;
 *   - every test capture and the lab sample, decoded with the packet
 *     layer: batch with netml's 0.9-quantile interval gives the interval,
 *     then batch with that fixed interval must equal the stream.
 *     OSFP_FLOWSTREAM_EXTRA (a capture path) adds one more and prints its
 *     memory figures. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/oatable.h"
#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/flows.h"
#include "packet/flowstream.h"
#include "tap.h"

/* ---- random numbers (splitmix64, fixed seed) ---------------------------- */

static uint64_t rs = 20240801;

static uint64_t
rnd(void)
{
	uint64_t z = (rs += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t
rndn(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

static double
urand(void)
{
	return (double)(rnd() >> 11) * 0x1p-53;
}

/* ---- flow sets ----------------------------------------------------------- */

struct flow {
	uint32_t key, start, n;
};

struct fset {
	struct flow *v;
	size_t n, cap;
	uint32_t *ids;
	size_t nids, capids;
	size_t at_finish;     /* flows handed out before flowstream_finish */
};

static void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	return p;
}

static void
fset_add(struct fset *s, uint32_t key, const uint32_t *ids, size_t n)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	while (s->nids + n > s->capids) {
		s->capids = s->capids ? 2 * s->capids : 256;
		s->ids = xrealloc(s->ids, s->capids * sizeof *s->ids);
	}
	s->v[s->n].key = key;
	s->v[s->n].start = (uint32_t)s->nids;
	s->v[s->n].n = (uint32_t)n;
	memcpy(s->ids + s->nids, ids, n * sizeof *ids);
	s->nids += n;
	s->n++;
}

static void
fset_free(struct fset *s)
{
	free(s->v);
	free(s->ids);
	memset(s, 0, sizeof *s);
}

static const struct fset *sort_set;

static int
by_first_id(const void *a, const void *b)
{
	uint32_t x = sort_set->ids[((const struct flow *)a)->start];
	uint32_t y = sort_set->ids[((const struct flow *)b)->start];

	return x < y ? -1 : x > y;
}

/* 1 if a and b hold the same flows (in any order); else 0 and a line
 * saying where they part. Flows are disjoint, so each is named by its
 * first record. */
static int
fset_same(struct fset *a, struct fset *b, char *why, size_t nwhy)
{
	size_t i;

	sort_set = a;
	if (a->n)
		qsort(a->v, a->n, sizeof *a->v, by_first_id);
	sort_set = b;
	if (b->n)
		qsort(b->v, b->n, sizeof *b->v, by_first_id);
	for (i = 0; i < a->n && i < b->n; i++) {
		const struct flow *x = &a->v[i], *y = &b->v[i];

		if (x->key != y->key || x->n != y->n ||
		    memcmp(a->ids + x->start, b->ids + y->start, x->n * sizeof *a->ids)) {
			snprintf(why, nwhy, "flow %zu: key %u n %u first %u vs key %u n %u first %u",
			    i, x->key, x->n, a->ids[x->start], y->key, y->n, b->ids[y->start]);
			return 0;
		}
	}
	if (a->n != b->n) {
		snprintf(why, nwhy, "%zu flows vs %zu", a->n, b->n);
		return 0;
	}
	return 1;
}

/* ---- the two implementations on one packet list ------------------------- */

struct pkt {
	uint32_t key;        /* the caller's key (any number) */
	double t;
};

/* Batch: key ids dense in order of first appearance, as flows_build
 * wants; the record's user field is the packet's index. */
static int
run_batch(const struct pkt *p, size_t n, const struct flows_opts *o, struct fset *out,
    double *interval)
{
	struct flows_head *h = xrealloc(NULL, n * sizeof *h);
	uint32_t *orig = xrealloc(NULL, (n + 1) * sizeof *orig);
	struct oatable ids;
	struct flows_result r;
	const char *err;
	size_t i, f;
	int rc;

	oatable_init(&ids, sizeof(uint32_t), 0);
	for (i = 0; i < n; i++) {
		uint32_t id;

		if (oatable_add(&ids, &p[i].key, hash_final64(p[i].key), &id) == 1)
			orig[id] = p[i].key;
		h[i].t = p[i].t;
		h[i].key = id;
		h[i].user = (uint32_t)i;
	}
	rc = flows_build(h, sizeof *h, n, ids.n, o, &r, &err);
	if (rc == 0) {
		for (f = 0; f < r.nflows; f++) {
			uint32_t *buf = xrealloc(NULL, r.flows[f].n * sizeof *buf);

			for (i = 0; i < r.flows[f].n; i++)
				buf[i] = h[r.order[r.flows[f].start + i]].user;
			fset_add(out, orig[r.flows[f].key], buf, r.flows[f].n);
			free(buf);
		}
		if (interval)
			*interval = r.interval;
		flows_free(&r);
	}
	oatable_free(&ids);
	free(h);
	free(orig);
	return rc;
}

struct srec {
	uint32_t id;
	uint32_t key;
	double t;
};

struct collect {
	struct fset *set;
	const struct pkt *p;
	int disorder;         /* a flow's records out of time order */
	int twice;            /* a record handed out twice */
	int badkey;
	unsigned char *seen;
	size_t fail_after;    /* make the callback fail after this many flows */
	int rc;               /* what flowstream_packet or _finish returned last */
};

static int
collect(void *arg, const void *key, const void *info, const void *recs, size_t n)
{
	struct collect *c = arg;
	const struct srec *r = recs;
	uint32_t k, inf, *ids = xrealloc(NULL, n * sizeof *ids);
	size_t i;

	memcpy(&k, key, sizeof k);
	memcpy(&inf, info, sizeof inf);
	/* info: the index of the key's first packet (since it was last new) */
	if (c->p && c->p[inf].key != k)
		c->badkey = 1;
	for (i = 0; i < n; i++) {
		ids[i] = r[i].id;
		if (i && r[i].t < r[i - 1].t)
			c->disorder = 1;
		if (r[i].key != k || r[i].id < inf)
			c->badkey = 1;
		if (c->seen[r[i].id]++)
			c->twice = 1;
	}
	fset_add(c->set, k, ids, n);
	free(ids);
	return c->fail_after && c->set->n >= c->fail_after;
}

/* hashkind 1: hashes that collide a lot (the table must still work) */
static struct flowstream_stats
run_stream(const struct pkt *p, size_t n, const struct flowstream_opts *o, int hashkind,
    struct fset *out, struct collect *cc)
{
	struct collect c0 = { 0 }, *c = cc ? cc : &c0;
	struct flowstream *fs;
	struct flowstream_stats st;
	size_t i;

	c->set = out;
	c->p = p;
	c->seen = xrealloc(NULL, n + 1);
	memset(c->seen, 0, n + 1);
	fs = flowstream_new(sizeof(uint32_t), sizeof(uint32_t), sizeof(struct srec), o, collect, c);
	if (!fs) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		struct srec r = { (uint32_t)i, p[i].key, p[i].t };
		uint64_t h = hashkind ? p[i].key % 5 : hash_final64(p[i].key);

		uint32_t info = (uint32_t)i;

		if ((c->rc = flowstream_packet(fs, &p[i].key, h, &info, p[i].t, &r)) < 0)
			break;
	}
	out->at_finish = out->n;
	if (i == n)
		c->rc = flowstream_finish(fs);
	flowstream_stats(fs, &st);
	flowstream_free(fs);
	free(c->seen);
	c->seen = NULL;
	return st;
}

/* ---- random cases --------------------------------------------------------- */

struct rcase {
	struct flowstream_opts so;
	struct flows_opts bo;
	double iv, to;        /* the effective scales (interval/timeout or 1, 5) */
	int hashkind;
};

static void
pick_opts(struct rcase *c)
{
	static const double ivs[] = { 0, 1.0, 0.26060335636138915, 0.1, 2.5 };
	double iv = ivs[rndn(5)], to = 0;

	switch (rndn(6)) {
	case 0: to = 0; break;
	case 1: to = 600; break;
	case 2: to = (iv > 0 ? iv : 1) * 3; break;
	case 3: to = iv > 0 ? iv : 1; break;           /* timeout == interval */
	case 4: to = (iv > 0 ? iv : 1) * 0.5; break;   /* shorter than it */
	case 5: to = (iv > 0 ? iv : 1) * 7.25; break;
	}
	memset(c, 0, sizeof *c);
	c->so.interval = iv;
	c->so.timeout = to;
	c->so.min_packets = 1 + (long)rndn(3);
	c->so.keep_last = (int)rndn(2);
	c->bo.interval = iv;
	c->bo.q_interval = 0;
	c->bo.timeout = to;
	c->bo.min_packets = c->so.min_packets;
	c->bo.keep_last = c->so.keep_last;
	c->iv = iv > 0 ? iv : 1;
	c->to = to > 0 && to < 100 ? to : 5;
	c->hashkind = rndn(8) == 0;
}

/* A sequence in capture order, times never going backwards. quantized:
 * every step a multiple of iv/4 (so gaps land exactly on the interval
 * and the timeout); else steps of any size around them. */
static size_t
gen_packets(struct pkt *p, size_t max, const struct rcase *c)
{
	size_t n = 1 + rndn((uint32_t)max), i;
	uint32_t nkeys = 1 + rndn(rndn(4) ? 6 : 60), next = 0;
	int quant = rndn(2);
	double q = c->iv / 4, t = rndn(2) ? 0 : 1795859257.795076 + urand();

	for (i = 0; i < n; i++) {
		uint32_t k;
		double d;

		if (next < nkeys && (next == 0 || rndn(4) == 0))
			k = next++;
		else if (rndn(3))
			k = rndn(next < 3 ? next : 3) + (next > 3 ? next - 3 : 0);  /* recent */
		else
			k = rndn(next);
		if (quant) {
			static const int steps[] = { 0, 0, 1, 1, 1, 2, 3, 4, 4, 5, 8, 12 };

			d = rndn(16) == 0 ? c->to * (1 + rndn(3)) :
			    rndn(20) == 0 ? c->to + q : steps[rndn(12)] * q;
		} else {
			switch (rndn(12)) {
			case 0: d = 0; break;
			case 1: d = 1e-6 * urand(); break;
			case 2: d = c->iv; break;
			case 3: d = c->iv * (1 + (urand() - 0.5) * 1e-9); break;
			case 4: d = c->to * (0.5 + urand()); break;
			case 5: d = c->to; break;
			case 6: d = c->to * (1 + 3 * urand()); break;
			default: d = c->iv * 0.6 * urand(); break;
			}
		}
		t += d;
		p[i].key = k * 2654435761u;   /* any numbers, not dense ids */
		p[i].t = t;
	}
	return n;
}

/* Make times go backwards: packets swapped in capture order, moved back
 * in time by up to about an interval, or given the time of the packet of
 * their key before the last (equal times out of order: stable placing). */
static void
disorder(struct pkt *p, size_t n, const struct rcase *c)
{
	size_t i, j, seen;
	int rate = 2 + (int)rndn(20);

	for (i = 0; i + 1 < n; i++)
		if (rndn((uint32_t)rate) == 0) {
			if (rndn(3) == 0) {
				for (j = i, seen = 0; j-- > 0 && i - j < 30;)
					if (p[j].key == p[i].key && ++seen == 2) {
						p[i].t = p[j].t;
						break;
					}
			} else if (rndn(2)) {
				struct pkt x = p[i];

				p[i] = p[i + 1];
				p[i + 1] = x;
			} else
				p[i].t -= c->iv * urand() * (rndn(4) ? 0.2 : 1.5);
		}
}

#define MAXPKT 300

static void
random_cases(void)
{
	static struct pkt p[MAXPKT];
	int ncase = 6000, i, bad = 0, badback = 0, exact_back = 0, reord_exact = 0;
	int streamed = 0, flows = 0, invariants = 0;
	uint64_t late = 0, reordered = 0;
	char why[200] = "", whyb[200] = "";

	for (i = 0; i < ncase; i++) {
		struct rcase c;
		struct fset a = { 0 }, b = { 0 };
		struct collect cc = { 0 };
		struct flowstream_stats st;
		size_t n;

		pick_opts(&c);
		n = gen_packets(p, MAXPKT, &c);
		if (run_batch(p, n, &c.bo, &a, NULL) < 0) {
			bad++;
			continue;
		}
		st = run_stream(p, n, &c.so, c.hashkind, &b, &cc);
		if (st.late || st.late_split || st.reordered ||
		    st.evicted_ended + st.evicted_idle + st.evicted_active || st.keys || st.held)
			invariants++;
		if (cc.disorder || cc.twice || cc.badkey)
			invariants++;
		streamed += b.at_finish > 0;
		flows += (int)a.n;
		if (!fset_same(&a, &b, bad ? whyb : why, sizeof why)) {
			if (!bad)
				printf("# case %d (%zu packets, iv %.17g to %.17g min %ld keep %d): %s\n",
				    i, n, c.so.interval, c.so.timeout, c.so.min_packets,
				    c.so.keep_last, why);
			bad++;
		}
		fset_free(&a);
		fset_free(&b);

		/* the same with times going backwards */
		disorder(p, n, &c);
		if (run_batch(p, n, &c.bo, &a, NULL) < 0)
			badback++;
		memset(&cc, 0, sizeof cc);
		st = run_stream(p, n, &c.so, c.hashkind, &b, &cc);
		if (cc.disorder || cc.twice || cc.badkey || st.keys || st.held)
			invariants++;
		late += st.late + st.late_split;
		reordered += st.reordered;
		if (!st.late && !st.late_split) {
			exact_back++;
			reord_exact += st.reordered > 0;
			if (!fset_same(&a, &b, whyb, sizeof whyb)) {
				if (!badback)
					printf("# backwards case %d: %s\n", i, whyb);
				badback++;
			}
		}
		fset_free(&a);
		fset_free(&b);
	}
	ok(bad == 0, "%d random cases (%d flows): stream == batch (%d differ)", ncase, flows, bad);
	ok(invariants == 0, "in order: nothing late, reordered or evicted, nothing left "
	    "held; flows in time order, each record once (%d off)", invariants);
	ok(streamed > ncase / 4, "flows are written before the end of input (%d of %d cases)",
	    streamed, ncase);
	ok(badback == 0, "times going backwards: %d cases with no late packet, %d of them "
	    "with packets put back in order: stream == batch (%d differ)",
	    exact_back, reord_exact, badback);
	ok(reord_exact > ncase / 20 && late > 0,
	    "the backward cases exercise both rules (%llu reordered, %llu late)",
	    (unsigned long long)reordered, (unsigned long long)late);
}

/* ---- hand-made cases: when each piece is written -------------------------- */

/* Feed p[0..n) one packet at a time; after packet i, want[i] flows must
 * have been handed out (-1: do not check); after finish, want_end. */
static int
stepwise(const struct pkt *p, size_t n, const struct flowstream_opts *o, const int *want,
    int want_end, const char *what)
{
	struct fset s = { 0 };
	struct collect c = { 0 };
	struct flowstream *fs;
	struct flowstream_stats st;
	size_t i;
	int good = 1;

	c.set = &s;
	c.seen = xrealloc(NULL, n + 1);
	memset(c.seen, 0, n + 1);
	fs = flowstream_new(sizeof(uint32_t), sizeof(uint32_t), sizeof(struct srec), o, collect, &c);
	for (i = 0; i < n; i++) {
		struct srec r = { (uint32_t)i, p[i].key, p[i].t };

		uint32_t info = (uint32_t)i;

		flowstream_packet(fs, &p[i].key, hash_final64(p[i].key), &info, p[i].t, &r);
		if (want[i] >= 0 && (int)s.n != want[i]) {
			printf("# %s: after packet %zu: %zu flows, want %d\n", what, i, s.n, want[i]);
			good = 0;
		}
	}
	flowstream_finish(fs);
	flowstream_stats(fs, &st);
	if ((int)s.n != want_end) {
		printf("# %s: at the end: %zu flows, want %d\n", what, s.n, want_end);
		good = 0;
	}
	if (st.keys || st.held)
		good = 0;
	/* and batch agrees */
	{
		struct fset b = { 0 };
		struct flows_opts bo = { o->timeout, o->interval, 0, o->min_packets, o->keep_last };
		char why[200];

		run_batch(p, n, &bo, &b, NULL);
		if (!fset_same(&s, &b, why, sizeof why)) {
			printf("# %s: batch differs: %s\n", what, why);
			good = 0;
		}
		fset_free(&b);
	}
	flowstream_free(fs);
	free(c.seen);
	fset_free(&s);
	return good;
}

static void
hand_cases(void)
{
	struct flowstream_opts o = { 10, 1, 2, 0, 0, 0 };
	/* key 1: I1 = {0, 0.5}; then key 2 ticks the clock */
	struct pkt p1[] = { {1, 0}, {1, 0.5}, {2, 1.0}, {2, 1.5}, {2, 1.6} };
	int w1[] = { 0, 0, 0, 0, 1 };
	/* key 1: I1 {0,.5}, I2 {2,2.5} held until I3 starts at 4 */
	struct pkt p2[] = { {1, 0}, {1, 0.5}, {2, 1.6}, {1, 2}, {1, 2.5}, {2, 3.6}, {1, 4}, {1, 4.1} };
	int w2[] = { 0, 0, 1, 1, 1, 1, 2, 2 };
	/* the same but the timeout ends key 1 after I2: I2 dropped (last) */
	struct pkt p3[] = { {1, 0}, {1, 0.5}, {1, 2}, {1, 2.5}, {2, 13}, {1, 14}, {1, 14.5}, {2, 30} };
	int w3[] = { 0, 0, 1, 1, 1, 1, 1, 1 };
	/* keep_last: I2 is written when its piece ends */
	int w3k[] = { 0, 0, 1, 1, 2, 2, 2, 3 };
	/* T2 of key 1 (after a 20 s gap) is kept only because T3 follows */
	struct pkt p4[] = { {1, 0}, {1, 0.5}, {2, 5}, {1, 20}, {1, 20.5}, {2, 40}, {1, 60}, {1, 60.2} };
	int w4[] = { 0, 0, 1, 1, 1, 1, 2, 2 };
	/* without T3 it is dropped at the end */
	struct pkt p5[] = { {1, 0}, {1, 0.5}, {2, 5}, {1, 20}, {1, 20.5}, {2, 40} };
	int w5[] = { 0, 0, 1, 1, 1, 1 };
	/* exactly on the interval is no split (strict >) */
	struct pkt p6[] = { {1, 0}, {1, 1}, {1, 2}, {2, 3}, {2, 3.5} };
	int w6[] = { 0, 0, 0, 0, 1 };
	/* one-packet pieces: nothing written, nothing held */
	struct pkt p7[] = { {1, 0}, {2, 2}, {3, 4}, {4, 6} };
	int w7[] = { 0, 0, 0, 0 };

	ok(stepwise(p1, 5, &o, w1, 2, "first piece"), "the first piece is written as soon as "
	    "the clock is an interval past it");
	ok(stepwise(p2, 8, &o, w2, 2, "second piece"), "a second piece is held until a third "
	    "starts, then written; the last is dropped at the end");
	ok(stepwise(p3, 8, &o, w3, 1, "timeout"), "a held piece is dropped when the timeout "
	    "ends its timeout piece");
	o.keep_last = 1;
	ok(stepwise(p3, 8, &o, w3k, 3, "keep_last"), "keep_last: every piece written when it ends");
	o.keep_last = 0;
	ok(stepwise(p4, 8, &o, w4, 2, "T2 kept"), "a later timeout piece is held until another "
	    "follows");
	ok(stepwise(p5, 6, &o, w5, 1, "T2 dropped"), "... and dropped at the end of input");
	ok(stepwise(p6, 5, &o, w6, 2, "strict"), "a gap of exactly the interval does not split");
	ok(stepwise(p7, 4, &o, w7, 0, "singles"), "one-packet keys make no flow");
	{
		/* 0.1 arrives after 0.5 and becomes the key's first packet: the
		 * grid starts at 0.1, so 2.05 opens a piece at 1.1 and 2.3
		 * another at 2.1 (from 0.5 they would be 1.5 and no split) */
		struct pkt p8[] = { {1, 0.5}, {1, 0.1}, {1, 2.05}, {1, 2.3}, {1, 2.4}, {1, 4} };
		int w8[] = { -1, -1, -1, -1, -1, -1 };

		ok(stepwise(p8, 6, &o, w8, 2, "prepend"), "a packet put before a key's first "
		    "moves the grid start");
	}
}

/* ---- backwards timestamps: the rule, case by case ------------------------- */

static void
backward_cases(void)
{
	struct flowstream_opts o = { 10, 1, 2, 0, 0, 0 };
	struct fset s = { 0 };
	struct collect c = { 0 };
	struct flowstream *fs;
	struct flowstream_stats st;
	/* key 1: 0, 0.5, 0.3 (inside: reordered); key 1 starts at 5 and
	 * 4.6 comes after it (before its first piece's start: prepended);
	 * key 3: 0.2 after the clock passed its piece's end: late */
	struct pkt p[] = { {1, 0}, {1, 0.5}, {1, 0.3}, {2, 5}, {2, 4.6}, {2, 5.2},
	    {3, 0.1}, {3, 0.2}, {4, 9}, {3, 0.15}, {3, 0.9}, {4, 9.5} };
	size_t i, n = sizeof p / sizeof *p;

	c.set = &s;
	c.seen = xrealloc(NULL, n);
	memset(c.seen, 0, n);
	fs = flowstream_new(sizeof(uint32_t), sizeof(uint32_t), sizeof(struct srec), &o, collect, &c);
	for (i = 0; i < n; i++) {
		struct srec r = { (uint32_t)i, p[i].key, p[i].t };

		uint32_t info = (uint32_t)i;

		flowstream_packet(fs, &p[i].key, hash_final64(p[i].key), &info, p[i].t, &r);
	}
	flowstream_finish(fs);
	flowstream_stats(fs, &st);
	ok(st.reordered == 2 && st.late == 1 && st.late_split == 1,
	    "backwards: 2 put in order, 1 late, 1 late split (%llu %llu %llu)",
	    (unsigned long long)st.reordered, (unsigned long long)st.late,
	    (unsigned long long)st.late_split);
	ok(!c.disorder && !c.twice && st.held == 0 && st.keys == 0,
	    "backwards: flows in time order, nothing left");
	{
		int found = 0;

		for (i = 0; i < s.n; i++)
			if (s.v[i].key == 1 && s.v[i].n == 3 && s.ids[s.v[i].start + 1] == 2)
				found |= 1;
			else if (s.v[i].key == 2 && s.v[i].n == 3 && s.ids[s.v[i].start] == 4)
				found |= 2;
		ok(found == 3, "the reordered packets are in their flows, in time order");
	}
	flowstream_free(fs);
	free(c.seen);
	fset_free(&s);

	/* wild times: random, no order at all; must not crash or leak */
	{
		static struct pkt w[5000];
		struct fset a = { 0 };
		struct collect cc = { 0 };
		struct flowstream_opts wo = { 3, 0.5, 1, 0, 64, 0 };

		for (i = 0; i < 5000; i++) {
			w[i].key = rndn(300);
			w[i].t = rndn(10) ? urand() * 100 : (rndn(2) ? 0 : 1e300);
		}
		st = run_stream(w, 5000, &wo, 0, &a, &cc);
		ok(!cc.twice && !cc.disorder && st.held == 0 && st.keys == 0 && st.peak_keys <= 64,
		    "random times: flows in order, nothing twice, nothing left, cap kept "
		    "(%llu late, %llu reordered, %zu peak keys)", (unsigned long long)st.late,
		    (unsigned long long)st.reordered, st.peak_keys);
		fset_free(&a);
	}
}

/* ---- the key cap ------------------------------------------------------------ */

static void
cap_cases(void)
{
	size_t n = 200000, i;
	struct pkt *p = xrealloc(NULL, n * sizeof *p);
	struct fset a = { 0 }, b = { 0 };
	struct flowstream_opts o = { 600, 1, 2, 0, 1000, 0 };
	struct flows_opts bo = { 600, 1, 0, 2, 0 };
	struct flowstream_stats st;
	struct collect cc = { 0 };
	char why[200];

	/* a SYN scan: 200000 one-packet keys within one interval */
	for (i = 0; i < n; i++) {
		p[i].key = (uint32_t)i;
		p[i].t = 100 + (double)i * 1e-6;
	}
	st = run_stream(p, n, &o, 0, &a, &cc);
	ok(st.peak_keys <= 1000 && st.peak_held <= 1001 && st.evicted_active == n - 1000 &&
	    a.n == 0, "a flood of one-packet keys stays under the cap of 1000 keys (peak %zu, "
	    "%llu evicted with a piece open)", st.peak_keys,
	    (unsigned long long)st.evicted_active);
	fset_free(&a);

	/* the same spread over time: keys end and are evicted in order */
	for (i = 0; i < n; i++)
		p[i].t = 100 + (double)i * 0.01;
	st = run_stream(p, n, &o, 0, &a, &cc);
	ok(st.peak_keys <= 1000 && st.evicted_active == 0 && st.evicted_idle == n - 1000,
	    "spread over time: only idle keys are evicted (%llu)",
	    (unsigned long long)st.evicted_idle);
	fset_free(&a);

	/* real flows among the flood: nothing evicted under a large enough cap
	 * means the same flows as batch */
	for (i = 0; i < n; i++) {
		p[i].key = i % 7 ? (uint32_t)i : (uint32_t)(i % 49);
		p[i].t = 100 + (double)i * 0.001;
	}
	o.max_keys = 0;
	st = run_stream(p, n, &o, 0, &a, &cc);
	run_batch(p, n, &bo, &b, NULL);
	ok(st.max_keys > 10000 && st.peak_keys <= st.max_keys && st.evicted_active == 0 &&
	    fset_same(&a, &b, why, sizeof why),
	    "default cap (%zu keys): a flood of %zu keys with 7 real flows: %llu idle keys "
	    "evicted, none active; stream == batch (%zu flows)", st.max_keys, n,
	    (unsigned long long)(st.evicted_idle + st.evicted_ended), a.n);
	fset_free(&a);
	fset_free(&b);

	/* a small cap on the same: evictions, counted */
	o.max_keys = 100;
	st = run_stream(p, n, &o, 0, &a, &cc);
	ok(st.peak_keys <= 100 && st.evicted_idle + st.evicted_ended + st.evicted_active > 0,
	    "cap 100: %llu + %llu + %llu evictions", (unsigned long long)st.evicted_ended,
	    (unsigned long long)st.evicted_idle, (unsigned long long)st.evicted_active);
	fset_free(&a);

	/* the callback fails: -1 comes back, nothing leaks (valgrind) */
	for (i = 0; i < 1000; i++) {
		p[i].key = (uint32_t)i / 2;
		p[i].t = (double)i;
	}
	cc.fail_after = 3;
	o.max_keys = 0;
	st = run_stream(p, 1000, &o, 0, &a, &cc);
	ok(a.n == 3 && st.packets < 1000 && cc.rc < 0,
	    "a failing callback stops the stream (%llu packets)", (unsigned long long)st.packets);
	fset_free(&a);
	cc.fail_after = 0;
	for (i = 0; i < 1000; i++)
		p[i].t = 0;
	cc.fail_after = 3;
	st = run_stream(p, 1000, &o, 0, &a, &cc);
	ok(a.n == 3 && st.packets == 1000 && cc.rc < 0,
	    "... also from flowstream_finish");
	fset_free(&a);
	free(p);
}

/* ---- real captures ---------------------------------------------------------- */

struct ckey {
	uint8_t af, proto;
	uint16_t sport, dport;
	uint8_t src[16], dst[16];
	uint8_t pad[2];
};

/* Decode a capture into keys (numbered in order of first appearance: an
 * oatable without deletions does that) and times, netml's way: TCP or UDP
 * packets only, the first IPv4 (else IPv6) header's addresses. */
static size_t
load_capture(const char *path, struct pkt **out, int *ok_read)
{
	FILE *f = fopen(path, "rb");
	struct capture_options co = { CAP_LEGACY_AUTO, 1 };
	struct capture_reader *r;
	struct capture_packet cp;
	struct oatable keys;
	struct pkt *p = NULL;
	size_t n = 0, cap = 0;
	char *err = NULL;
	int rc;

	*out = NULL;
	*ok_read = 0;
	if (!f)
		return 0;
	if (!(r = capture_open(f, path, &co, &err))) {
		free(err);
		fclose(f);
		return 0;
	}
	oatable_init(&keys, sizeof(struct ckey), 0);
	while ((rc = capture_next(r, &cp)) == 1) {
		struct decode_pkt d;
		struct ckey k;
		uint32_t id;

		if (decode(cp.linktype, cp.data, cp.caplen, cp.wirelen, DEC_NETML_NULL, &d) != DEC_OK)
			continue;
		memset(&k, 0, sizeof k);
		if (d.has & DEC_IP4) {
			k.af = 4;
			memcpy(k.src, d.ip4.src, 4);
			memcpy(k.dst, d.ip4.dst, 4);
		} else {
			k.af = 6;
			memcpy(k.src, d.ip6.src, 16);
			memcpy(k.dst, d.ip6.dst, 16);
		}
		if (d.has & DEC_TCP) {
			k.proto = 6;
			k.sport = d.tcp.sport;
			k.dport = d.tcp.dport;
		} else {
			k.proto = 17;
			k.sport = d.udp.sport;
			k.dport = d.udp.dport;
		}
		if (oatable_add(&keys, &k, hash_fnv1a64(&k, sizeof k), &id) < 0)
			break;
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			p = xrealloc(p, cap * sizeof *p);
		}
		p[n].key = id;
		p[n].t = cp.has_time ? capture_time_double(&cp.time) : 0;
		n++;
	}
	*ok_read = rc == 0;
	oatable_free(&keys);
	capture_close(r);
	fclose(f);
	*out = p;
	return n;
}

/* One capture: 1 if stream == batch (with batch's quantile interval) for
 * netml's options and a few others, or if the stream says why not. */
static int
one_capture(const char *path, int verbose)
{
	struct pkt *p;
	int rd, good = 1, v;
	size_t n = load_capture(path, &p, &rd);
	struct flows_opts q = FLOWS_OPTS_NETML;
	struct fset a = { 0 };
	double iv = 0;
	struct { double to; long minp; int keep; } var[] = {
		{ 600, 2, 0 }, { 600, 2, 1 }, { 600, 1, 0 }, { 600, 3, 0 }, { 1, 2, 0 }, { 0.5, 2, 1 },
	};

	if (run_batch(p, n, &q, &a, &iv) < 0)
		good = 0;
	fset_free(&a);
	for (v = 0; v < 6 && good; v++) {
		struct flows_opts bo = { var[v].to, iv, 0, var[v].minp, var[v].keep };
		struct flowstream_opts so = { var[v].to, iv, var[v].minp, var[v].keep, 0, 0 };
		struct fset b = { 0 };
		struct collect cc = { 0 };
		struct flowstream_stats st;
		char why[200];

		run_batch(p, n, &bo, &a, NULL);
		st = run_stream(p, n, &so, 0, &b, &cc);
		if (st.late || st.late_split || st.evicted_ended + st.evicted_idle + st.evicted_active) {
			printf("# %s: variant %d: %llu late, %llu late splits, evictions: stream may "
			    "differ\n", path, v, (unsigned long long)st.late,
			    (unsigned long long)st.late_split);
		} else if (!fset_same(&a, &b, why, sizeof why)) {
			printf("# %s: variant %d: %s\n", path, v, why);
			good = 0;
		}
		if (verbose || v == 0)
			printf("# %s: timeout %g interval %.17g min %ld keep %d: %zu packets, %zu flows, "
			    "%zu written before the end; peak %zu keys (%zu open), %zu records held, "
			    "%zu kB; %llu reordered\n", path, var[v].to, iv, var[v].minp, var[v].keep, n,
			    b.n, b.at_finish, st.peak_keys, st.peak_open, st.peak_held, st.peak_bytes >> 10,
			    (unsigned long long)st.reordered);
		fset_free(&a);
		fset_free(&b);
	}
	free(p);
	return good;
}

static void
captures(void)
{
	const char *td = getenv("TEST_DATA"), *root = getenv("OSFP_ROOT");
	const char *extra = getenv("OSFP_FLOWSTREAM_EXTRA");
	const char *dirs[] = { "public", "cicids2017", "shards", "synthetic", "labels" };
	char path[4096];
	int nfiles = 0, bad = 0;
	size_t i;

	if (!td)
		td = "tests/data";
	for (i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		DIR *dp;
		struct dirent *e;

		snprintf(path, sizeof path, "%s/%s", td, dirs[i]);
		if (!(dp = opendir(path)))
			continue;
		while ((e = readdir(dp))) {
			if (!strstr(e->d_name, ".pcap"))
				continue;
			snprintf(path, sizeof path, "%s/%s/%s", td, dirs[i], e->d_name);
			bad += !one_capture(path, 0);
			nfiles++;
		}
		closedir(dp);
	}
	snprintf(path, sizeof path, "%s/data/lab/sample.pcapng", root ? root : ".");
	bad += !one_capture(path, 1);
	nfiles++;
	ok(nfiles >= 30 && bad == 0, "%d captures: stream == batch with batch's interval "
	    "(%d differ)", nfiles, bad);
	if (extra)
		ok(one_capture(extra, 1), "%s: stream == batch", extra);
}

/* ---- the future guard and the drop callback ----------------------------- */

static size_t ndropped;

static void
count_drop(void *arg, const void *rec)
{
	(void)arg;
	(void)rec;
	ndropped++;
}

/* p[0..n) through a stream with the future guard g (timeout 10, interval
 * 1) and the drop counter; the flows in *s; 1 if they are batch's on the
 * same packets. */
static int
guarded(const struct pkt *p, size_t n, double g, struct fset *s, struct flowstream_stats *st)
{
	struct flowstream_opts o = { 10, 1, 2, 0, 0, g };
	struct flows_opts bo = { 10, 1, 0, 2, 0 };
	struct collect c = { 0 };
	struct fset b = { 0 };
	struct flowstream *fs;
	char why[200];
	size_t i;
	int same;

	c.set = s;
	c.seen = xrealloc(NULL, n + 1);
	memset(c.seen, 0, n + 1);
	fs = flowstream_new(sizeof(uint32_t), sizeof(uint32_t), sizeof(struct srec), &o, collect, &c);
	flowstream_on_drop(fs, count_drop);
	ndropped = 0;
	for (i = 0; i < n; i++) {
		struct srec r = { (uint32_t)i, p[i].key, p[i].t };
		uint32_t info = (uint32_t)i;

		flowstream_packet(fs, &p[i].key, hash_final64(p[i].key), &info, p[i].t, &r);
	}
	s->at_finish = s->n;
	flowstream_finish(fs);
	flowstream_stats(fs, st);
	flowstream_free(fs);
	free(c.seen);
	run_batch(p, n, &bo, &b, NULL);
	same = fset_same(s, &b, why, sizeof why);
	fset_free(&b);
	return same && !c.twice && !c.disorder;
}

static void
future_cases(void)
{
	/* key 3's one packet is stamped a year ahead, between packets of
	 * keys 1 and 2 that go on in bursts for 30 s */
	struct pkt p1[64];
	/* key 1's own packet is from the future: in batch it is alone after
	 * a gap over the timeout, the last piece, dropped */
	struct pkt p2[] = { {1, 0}, {1, 0.5}, {1, 3e7}, {1, 0.8}, {1, 3}, {1, 3.2}, {2, 6}, {2, 6.1} };
	/* a real jump (two packets in a row agree): taken */
	struct pkt p3[] = { {1, 0}, {1, 0.5}, {2, 1e6}, {1, 1e6 + 0.1}, {2, 1e6 + 0.2},
	    {1, 1e6 + 0.3}, {2, 1e6 + 3}, {1, 1e6 + 3.1}, {1, 1e6 + 3.2} };
	/* the first packet is the odd one */
	struct pkt p4[] = { {9, 5e9}, {1, 0}, {1, 0.5}, {1, 3}, {1, 3.5}, {1, 9} };
	/* the last packet far ahead: taken at the end */
	struct pkt p5[] = { {1, 0}, {1, 0.5}, {1, 2}, {1, 1e7} };
	struct fset s = { 0 };
	struct flowstream_stats st;
	size_t i, n = 0, nfl;
	int good;

	for (i = 0; i < 60; i++) {
		if (i == 20)
			p1[n++] = (struct pkt){ 3, 3.2e7 };
		p1[n].key = 1 + (uint32_t)(i % 2);
		p1[n].t = 0.3 * (double)i + 2.0 * (double)(i / 10);     /* bursts */
		n++;
	}
	good = guarded(p1, n, 3600, &s, &st);
	nfl = s.n;
	ok(good && st.future == 1 && s.at_finish == s.n && s.n >= 8,
	    "one packet a year ahead is dropped as from the future; the flows are batch's, "
	    "each written as it ends (%zu of %zu before the end)", s.at_finish, s.n);
	ok(ndropped + s.nids == n, "every record is written or given to the drop callback "
	    "(%zu + %zu of %zu)", s.nids, ndropped, n);
	fset_free(&s);
	/* without the guard the clock stays a year ahead: nothing more ends
	 * before the end of input */
	guarded(p1, n, 0, &s, &st);
	ok(st.future == 0 && s.at_finish < nfl / 2, "without the guard the clock jumps for "
	    "good (%zu flows written before the end)", s.at_finish);
	fset_free(&s);
	ok(guarded(p2, 8, 3600, &s, &st) && st.future == 1 && st.late == 0,
	    "a key's own packet from the future: dropped, the key's flows are batch's");
	fset_free(&s);
	ok(guarded(p3, 9, 3600, &s, &st) && st.future == 0,
	    "a jump confirmed by the next packet moves the clock; flows are batch's");
	fset_free(&s);
	ok(guarded(p4, 6, 3600, &s, &st) && st.future == 1,
	    "a first packet far from the ones after it is dropped");
	fset_free(&s);
	ok(guarded(p5, 4, 3600, &s, &st) && st.future == 0 && st.packets == 4,
	    "a packet held back at the end of input is taken");
	fset_free(&s);
	ok(ndropped == 2, "the records of the pieces netml drops go to the drop callback (%zu)", ndropped);
}

int
main(void)
{
	random_cases();
	hand_cases();
	backward_cases();
	cap_cases();
	future_cases();
	captures();
	return tap_done();
}
