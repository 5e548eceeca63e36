/* Unit tests for packet/capmerge: captures merged in time order with ties
 * to the capture listed first (mergecap's order), composite ordinals while
 * reading and the concatenation's numbers after, one capture passed
 * through as it is, and a capture that fails. */
#include <stdlib.h>
#include <string.h>

#include "packet/capmerge.h"
#include "packet/capture.h"
#include "packet/decode.h"
#include "pktgen.h"
#include "tap.h"

static struct capture_reader *
open_mem(const struct pktgen_pcap *pc, size_t len, const char *name)
{
	struct capture_options co = { CAP_LEGACY_OFF, 1 };
	char *err = NULL;
	struct capture_reader *r = capture_open_mem(pc->b, len, name, &co, &err);

	free(err);
	return r;
}

/* A capture of packets at the given seconds (sport = 1000 + index). */
static void
mk(struct pktgen_pcap *pc, const uint32_t *sec, size_t n, uint16_t base)
{
	uint8_t b[64];
	size_t i;

	pktgen_pcap_init(pc, LT_ETHERNET);
	for (i = 0; i < n; i++) {
		size_t len = pktgen_frame4(b, 1, 1, 2, (uint16_t)(base + i), 80, 0);

		pktgen_pcap_add(pc, sec[i], 0, b, len);
	}
}

/* Merge and list "sport:composite" of each packet. */
static const char *
merge(struct capture_reader **r, size_t n, int *rc, struct capmerge *m)
{
	static char buf[512];
	struct capture_packet p;
	size_t len = 0;

	capmerge_init(m, r, n);
	buf[0] = 0;
	while ((*rc = capmerge_next(m, &p)) == 1)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%u:%llx", len ? " " : "",
		    (unsigned)(p.data[34] << 8 | p.data[35]), (unsigned long long)p.ordinal);
	return buf;
}

int
main(void)
{
	static const uint32_t ta[] = { 10, 20, 20, 40 }, tb[] = { 5, 20, 30 }, tc[] = { 20 };
	struct pktgen_pcap a, b, c;
	struct capture_reader *r[3];
	struct capmerge m;
	int rc;

	mk(&a, ta, 4, 1000);
	mk(&b, tb, 3, 2000);
	mk(&c, tc, 1, 3000);
	r[0] = open_mem(&a, a.n, "a");
	r[1] = open_mem(&b, b.n, "b");
	r[2] = open_mem(&c, c.n, "c");
	is_str(merge(r, 3, &rc, &m),
	    "2000:1000000000001 1000:1 1001:2 1002:3 2001:1000000000002 3000:2000000000001 "
	    "2002:1000000000003 1003:4",
	    "time order; ties to the capture listed first, in its own order; composite ordinals");
	ok(rc == 0, "then the end");
	ok(capmerge_ordinal(&m, CAPMERGE_ORDINAL(0, 3)) == 3 &&
	    capmerge_ordinal(&m, CAPMERGE_ORDINAL(1, 1)) == 5 &&
	    capmerge_ordinal(&m, CAPMERGE_ORDINAL(2, 1)) == 8,
	    "after the end: numbered as the concatenation a b c");
	ok(capmerge_stable(&m), "memory captures are stable");
	capmerge_free(&m);
	capture_close(r[0]);
	capture_close(r[1]);
	capture_close(r[2]);

	r[0] = open_mem(&a, a.n, "a");
	is_str(merge(r, 1, &rc, &m), "1000:1 1001:2 1002:3 1003:4", "one capture: as it is");
	ok(capmerge_ordinal(&m, 3) == 3, "one capture: ordinals unchanged");
	capmerge_free(&m);
	capture_close(r[0]);

	r[0] = open_mem(&a, a.n, "a");
	r[1] = open_mem(&b, b.n - 5, "b");     /* the last packet cut */
	is_str(merge(r, 2, &rc, &m), "2000:1000000000001 1000:1 1001:2 1002:3 2001:1000000000002",
	    "a cut capture: the packets before the fault");
	ok(rc == -1 && m.failed == 1 && strstr(capture_error(r[1]), "'b'") != NULL,
	    "then -1, naming the capture that failed");
	capmerge_free(&m);
	capture_close(r[0]);
	capture_close(r[1]);
	free(a.b);
	free(b.b);
	free(c.b);
	return tap_done();
}
