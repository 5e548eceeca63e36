/* Unit tests for packet/flowkey: netml's five-tuple from decoded packets,
 * --bidir's canonical key, and the key table's ids in order of first
 * appearance with the first packet's key kept for writing. */
#include <stdlib.h>
#include <string.h>

#include "packet/decode.h"
#include "packet/flowkey.h"
#include "pktgen.h"
#include "tap.h"

static int
key_of(int tcp, uint8_t src, uint8_t dst, uint16_t sport, uint16_t dport, int netml6,
    struct flowkey *k)
{
	uint8_t b[64];
	size_t n = pktgen_frame4(b, tcp, src, dst, sport, dport, 0);
	struct decode_pkt d;

	if (decode(LT_ETHERNET, b, (uint32_t)n, (uint32_t)n, 0, &d) != DEC_OK)
		return -1;
	flowkey_make(&d, netml6, k);
	return 0;
}

int
main(void)
{
	struct flowkey a, b, c, u, s1, s2;
	struct flowkey_tab t = { 0 };
	uint32_t i, bad = 0;

	ok(key_of(1, 1, 2, 40000, 80, 0, &a) == 0, "a TCP packet decodes");
	ok(a.af == FLOWKEY_V4 && a.proto == 6 && a.sport == 40000 && a.dport == 80 &&
	    a.src[0] == 10 && a.src[3] == 1 && a.dst[3] == 2 && a.src[4] == 0 && a.sample == 0,
	    "TCP key: IPv4 addresses, ports, proto 6, the rest zero");
	key_of(0, 1, 2, 40000, 80, 0, &u);
	ok(u.proto == 17 && !flowkey_eq(&a, &u) && flowkey_hash(&a) != flowkey_hash(&u),
	    "UDP with the same ports is another key");
	key_of(1, 1, 2, 40000, 80, 1, &b);
	ok(flowkey_eq(&a, &b), "netml6 changes nothing for IPv4");

	/* --bidir: both directions give one key; the swap is reported */
	key_of(1, 2, 1, 80, 40000, 0, &b);
	ok(!flowkey_eq(&a, &b), "the reply is another one-way key");
	c = a;
	ok(flowkey_canonical(&c) == 0 && flowkey_eq(&c, &a), "10.0.0.1 < 10.0.0.2: not swapped");
	ok(flowkey_canonical(&b) == 1 && flowkey_eq(&b, &a), "the reply's canonical key is the same");
	flowkey_swap(&b);
	ok(b.src[3] == 2 && b.sport == 80 && b.dport == 40000, "flowkey_swap exchanges the ends");
	key_of(1, 1, 1, 90, 80, 0, &c);
	ok(flowkey_canonical(&c) == 1 && c.sport == 80, "same address: the smaller port first");

	/* the table: ids in order of first appearance, first packet's key shown */
	t.with_disp = 1;
	key_of(1, 2, 1, 80, 40000, 0, &b);     /* the reply comes first */
	c = b;
	flowkey_canonical(&c);
	ok(flowkey_id(&t, &c, &b, flowkey_hash(&c)) == 0, "a first key gets id 0");
	ok(flowkey_id(&t, &a, &a, flowkey_hash(&a)) == 0, "the other direction finds it");
	ok(flowkey_shown(&t, 0)->src[3] == 2 && flowkey_shown(&t, 0)->sport == 80,
	    "the key shown is the first packet's");
	ok(flowkey_id(&t, &u, &u, flowkey_hash(&u)) == 1 && t.n == 2, "a new key gets id 1");
	memset(&s1, 0, sizeof s1);
	s1.sample = 7;
	s2 = s1;
	s2.sample = 8;
	ok(flowkey_id(&t, &s1, &a, flowkey_hash(&s1)) == 2 &&
	    flowkey_id(&t, &s2, &a, flowkey_hash(&s2)) == 3 &&
	    flowkey_id(&t, &s1, &u, flowkey_hash(&s1)) == 2, "sample keys by their id");
	flowkey_tab_free(&t);

	/* many keys: the table grows and keeps every id */
	for (i = 0; i < 50000; i++) {
		key_of(1, (uint8_t)(i % 200), 9, (uint16_t)(i / 200), 53, 0, &c);
		if (flowkey_id(&t, &c, &c, flowkey_hash(&c)) != i)
			bad++;
	}
	for (i = 0; i < 50000; i++) {
		key_of(1, (uint8_t)(i % 200), 9, (uint16_t)(i / 200), 53, 0, &c);
		if (flowkey_id(&t, &c, &c, flowkey_hash(&c)) != i ||
		    !flowkey_eq(flowkey_shown(&t, i), &c))
			bad++;
	}
	ok(bad == 0 && t.n == 50000, "50000 keys: ids in order, each found again");
	flowkey_tab_free(&t);
	return tap_done();
}
