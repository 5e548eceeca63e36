/* Unit tests for packet/batchread: with and without the reader thread the
 * same packets come out in order, each with the preparation
 * flowrec_prepare gives; the end and a fault come after the last complete
 * packet. */
#include <stdlib.h>
#include <string.h>

#include "packet/batchread.h"
#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/flowrec.h"
#include "pktgen.h"
#include "tap.h"

enum { NPKT = 5000 };   /* several rings of batches */

/* Read the whole capture; count packets whose record or key differ from a
 * fresh flowrec_prepare, or that come out of order. */
static int
read_all(const uint8_t *buf, size_t len, int thread, size_t *npk, int *rc, const char *what)
{
	static const struct flowrec_opts o = { 0, 0, 1 };
	struct capture_options co = { CAP_LEGACY_OFF, 1 };
	char *err = NULL;
	struct capture_reader *r = capture_open_mem(buf, len, what, &co, &err);
	struct capmerge m;
	struct batchread *s;
	const struct capture_packet *p;
	const struct flowrec_prep *q;
	int bad = 0;

	if (!r) {
		free(err);
		return -1;
	}
	capmerge_init(&m, &r, 1);
	s = batchread_start(&m, thread, &o);
	*npk = 0;
	while ((*rc = batchread_next(s, &p, &q)) == 1) {
		struct flowrec_prep want;

		flowrec_prepare(p, &o, &want);
		if (p->ordinal != ++*npk || memcmp(&want.x, &q->x, sizeof want.x) ||
		    want.st != q->st || want.linkcode != q->linkcode)
			bad++;
		else if (q->st == DEC_OK && (!flowkey_eq(&want.look, &q->look) ||
		    want.hash != q->hash || want.swapped != q->swapped))
			bad++;  /* (the key is set for DEC_OK only) */
	}
	batchread_stop(s);
	capmerge_free(&m);
	capture_close(r);
	return bad;
}

int
main(void)
{
	struct pktgen_pcap pc;
	uint8_t b[128];
	size_t i, npk, full;
	int rc, t;

	pktgen_pcap_init(&pc, LT_ETHERNET);
	for (i = 0; i < NPKT; i++) {
		size_t n = pktgen_frame4(b, (int)(i % 3 != 0), (uint8_t)(i % 5), (uint8_t)(i % 7),
		    (uint16_t)(1000 + i % 11), 80, i % 13);

		if (i % 17 == 0)
			b[23] = 1;      /* some ICMP */
		pktgen_pcap_add(&pc, (uint32_t)(1600000000 + i / 100), (uint32_t)(i % 1000000), b, n);
	}
	full = pc.n;
	ok(batchread_threads(1) == 0, "-j 1: no thread");
	for (t = 0; t < 2; t++) {
		const char *how = t ? "with the reader thread" : "on one thread";

		ok(read_all(pc.b, pc.n, t, &npk, &rc, "mem") == 0 && npk == NPKT && rc == 0,
		    "%s: %d packets in order, prepared as flowrec_prepare does, then 0", how, NPKT);
		ok(read_all(pc.b, full - 10, t, &npk, &rc, "cut") == 0 && npk == NPKT - 1 &&
		    rc == -1, "%s, cut in the last packet: the others, then -1", how);
		ok(read_all(pc.b, 24, t, &npk, &rc, "empty") == 0 && npk == 0 && rc == 0,
		    "%s, no packets: 0 at once", how);
	}
	free(pc.b);
	return tap_done();
}
