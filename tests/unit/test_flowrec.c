/* Unit tests for packet/flowrec: a packet's record, key and link code;
 * times the record holds and times it sends to the side table, written
 * back exactly as capture_time_str writes them; the records' array. */
#include <stdlib.h>
#include <string.h>

#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/flowrec.h"
#include "packet/linkpath.h"
#include "pktgen.h"
#include "tap.h"

static void
packet(struct capture_packet *p, const uint8_t *b, size_t n, int64_t sec, uint64_t frac,
    int digits)
{
	memset(p, 0, sizeof *p);
	p->ordinal = 7;
	p->data = b;
	p->caplen = (uint32_t)n;
	p->wirelen = (uint32_t)n + 4;
	p->linktype = LT_ETHERNET;
	p->has_time = 1;
	p->time.sec = sec;
	p->time.frac = frac;
	p->time.digits = digits;
}

/* flowrec_put_time of a record made from t agrees with capture_time_str. */
static void
time_is(struct flowrec_vec *rv, int64_t sec, uint64_t frac, int digits, int xtime)
{
	static const struct flowrec_opts o = { 0, 0, 0 };
	struct flowrec_seccache sc = FLOWREC_SECCACHE_INIT;
	struct capture_packet p;
	struct flowrec_prep q;
	struct flowrec *x;
	uint8_t b[64];
	char got[CAP_TIME_MAX + 24], want[CAP_TIME_MAX];
	size_t n = pktgen_frame4(b, 1, 1, 2, 1000, 80, 0);

	packet(&p, b, n, sec, frac, digits);
	flowrec_prepare(&p, &o, &q);
	x = flowrec_add(rv, &q, &p.time);
	*flowrec_put_time(got, x, rv->xt, &sc) = 0;
	capture_time_str(want, &p.time);
	is_str(got, want, "time %s written back exactly", want);
	ok(!(x->kind & FLOWREC_XTIME) == !xtime, "%s in the record", xtime ? "not" : "held");
	*flowrec_put_time(got, x, rv->xt, &sc) = 0;     /* from the cached seconds */
	is_str(got, want, "and again from the cache");
}

int
main(void)
{
	static const struct flowrec_opts o = { 0, 0, 0 }, ob = { 0, 0, 1 };
	struct flowrec_vec rv = { 0 };
	struct capture_packet p;
	struct flowrec_prep q;
	struct flowkey k;
	struct decode_pkt d;
	uint8_t b[128];
	size_t n, i, bad;

	n = pktgen_frame4(b, 1, 2, 1, 80, 40000, 10);
	packet(&p, b, n, 1600000000, 250000, 6);
	flowrec_prepare(&p, &o, &q);
	ok(q.st == DEC_OK, "a TCP packet: DEC_OK");
	ok(q.x.ordinal == 7 && q.x.len == n && q.x.h.user == n + 4 && q.x.iplen == n - 14 &&
	    q.x.ttl == 64 && q.x.tcpflags == 2 && q.x.win == 255,
	    "ordinal, len, wire length, IP length, TTL, flags, window");
	ok(q.x.kind == (FLOWREC_TCP | FLOWREC_IP), "kind: TCP over IPv4");
	ok(q.x.sec == 1600000000 && q.x.frac == 250000 && q.x.digits == 6 &&
	    q.x.h.t == 1600000000.25, "exact time and its double");
	decode(LT_ETHERNET, b, (uint32_t)n, (uint32_t)n, 0, &d);
	flowkey_make(&d, 0, &k);
	ok(flowkey_eq(&q.look, &k) && q.hash == flowkey_hash(&k) && !q.swapped,
	    "the packet's own key and hash");
	ok(q.linkcode == DL_ETH, "link code: eth");
	flowrec_prepare(&p, &ob, &q);
	ok(q.swapped && q.look.src[3] == 1 && q.look.sport == 40000, "bidir: canonical key, swapped");

	n = pktgen_frame4(b, 0, 1, 2, 53, 53, 3);
	packet(&p, b, n, 1, 0, 0);
	flowrec_prepare(&p, &o, &q);
	ok(q.st == DEC_OK && q.x.kind == (FLOWREC_UDP | FLOWREC_IP) && q.x.tcpflags == 0 &&
	    q.x.win == 0, "UDP: no TCP fields");
	b[23] = 1;      /* ICMP */
	flowrec_prepare(&p, &o, &q);
	ok(q.st == DEC_NOT_TCPUDP && q.x.kind == FLOWREC_IP && q.x.ttl == 64,
	    "ICMP: a status, the IP fields still read");

	time_is(&rv, 1499083690, 807570, 6, 0);
	time_is(&rv, 1499083690, 5, 9, 0);
	time_is(&rv, 1499083690, 0, 0, 0);
	time_is(&rv, 4294967295, 1, 1, 0);
	time_is(&rv, 4294967296, 7, 6, 1);              /* after 2106 */
	time_is(&rv, -5, 25, 2, 1);                     /* before 1970 */
	time_is(&rv, 1000000, 123456789012, 12, 1);     /* picoseconds */
	ok(rv.n == 7 && rv.nxt == 3, "7 records, 3 times in the side table");
	flowrec_vec_free(&rv);

	n = pktgen_frame4(b, 1, 1, 2, 1000, 80, 0);
	packet(&p, b, n, 1, 0, 0);
	for (i = bad = 0; i < 200000; i++) {
		struct flowrec *x;

		p.ordinal = i + 1;
		p.time.sec = (int64_t)i;
		flowrec_prepare(&p, &o, &q);
		if (!(x = flowrec_add(&rv, &q, &p.time)) || x != &rv.v[i])
			bad++;
		x->link = (uint8_t)i;
	}
	for (i = 0; i < 200000; i++)
		if (rv.v[i].ordinal != i + 1 || rv.v[i].sec != i || rv.v[i].link != (uint8_t)i)
			bad++;
	ok(!bad && rv.n == 200000, "200000 records kept through growth");
	flowrec_vec_free(&rv);
	ok(rv.v == NULL && rv.n == 0, "flowrec_vec_free empties");
	return tap_done();
}
