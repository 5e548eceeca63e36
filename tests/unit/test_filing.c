/* Unit tests for packet/filing: which packets are filed and why the others
 * are not; keys in order of first appearance, --bidir's canonical key
 * shown as the first packet's, --by sample groups keyed by sample id; the
 * fingerprint fields, one per record. */
#include <string.h>

#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/filing.h"
#include "packet/flowrec.h"
#include "pktgen.h"
#include "tap.h"

struct pk {
	struct capture_packet p;
	uint8_t b[128];
	const char *c[1];
	size_t clen[1];
};

static void
mk(struct pk *k, int tcp, uint8_t src, uint8_t dst, uint16_t sport, uint16_t dport,
    const char *comment)
{
	size_t n = pktgen_frame4(k->b, tcp, src, dst, sport, dport, 0);

	memset(&k->p, 0, sizeof k->p);
	k->p.data = k->b;
	k->p.caplen = k->p.wirelen = (uint32_t)n;
	k->p.linktype = LT_ETHERNET;
	k->p.has_time = 1;
	k->p.time.sec = 1600000000;
	k->p.time.digits = 6;
	if (comment) {
		k->c[0] = comment;
		k->clen[0] = strlen(comment);
		k->p.comments = k->c;
		k->p.comment_lens = k->clen;
		k->p.ncomments = 1;
	}
}

static int
add(struct filing *F, struct pk *k, const struct flowrec_opts *po)
{
	struct flowrec_prep q;

	k->p.ordinal++;
	flowrec_prepare(&k->p, po, &q);
	return filing_add(F, &k->p, &q);
}

int
main(void)
{
	static struct filing F;
	static const struct flowrec_opts po = { 0, 0, 0 }, pob = { 0, 0, 1 };
	struct filing_opts fo = { 0, 1, 0, 0, 0 };
	struct pk a, b, c;
	int i;

	filing_init(&F, &fo);
	mk(&a, 1, 1, 2, 1000, 80, NULL);
	mk(&b, 1, 2, 1, 80, 1000, NULL);
	ok(add(&F, &a, &po) == 1 && add(&F, &b, &po) == 1 && add(&F, &a, &po) == 1,
	    "three TCP packets filed");
	ok(F.rv.n == 3 && F.kt.n == 2 && F.rv.v[0].h.key == 0 && F.rv.v[1].h.key == 1 &&
	    F.rv.v[2].h.key == 0, "one-way keys, ids in order of first appearance");
	ok(F.links.n == 1 && strcmp(F.links.name[F.rv.v[0].link], "eth") == 0, "link path eth");
	mk(&c, 1, 1, 2, 1000, 80, NULL);
	c.b[23] = 1;    /* ICMP */
	ok(add(&F, &c, &po) == 0 && F.skipped[DEC_NOT_TCPUDP] == 1, "ICMP: skipped, counted");
	mk(&c, 1, 1, 2, 1000, 80, NULL);
	c.p.linktype = 147;
	ok(add(&F, &c, &po) == FILING_NEW_LINKTYPE && add(&F, &c, &po) == 0 && F.unknown == 2 &&
	    F.nunknown == 1 && F.unknown_lt[0] == 147 && F.skipped[DEC_UNKNOWN_LINK] == 2,
	    "an unknown link type: said the first time, counted each time");
	mk(&c, 1, 1, 2, 1000, 80, NULL);
	c.p.has_time = 0;
	ok(add(&F, &c, &po) == 0 && F.notime == 1 && F.rv.n == 3,
	    "no timestamp: skipped, counted");
	filing_free(&F);

	fo.bidir = 1;
	filing_init(&F, &fo);
	ok(add(&F, &b, &pob) == 1 && add(&F, &a, &pob) == 1 && F.kt.n == 1 &&
	    F.rv.v[1].h.key == 0, "bidir: both directions one key");
	ok(flowkey_shown(&F.kt, 0)->src[3] == 2 && flowkey_shown(&F.kt, 0)->sport == 80,
	    "bidir: the key shown is the first packet's");
	filing_free(&F);

	fo.bidir = 0;
	fo.by_sample = 1;
	filing_init(&F, &fo);
	mk(&a, 1, 1, 2, 1000, 80, "7,ubuntu_web");
	mk(&b, 0, 3, 4, 53, 53, "7,ubuntu_web");
	mk(&c, 1, 1, 2, 1000, 80, "8,windows_10");
	ok(add(&F, &a, &po) == 1 && add(&F, &b, &po) == 1 && add(&F, &c, &po) == 1 &&
	    F.kt.n == 2 && F.rv.v[1].h.key == 0 && F.rv.v[2].h.key == 1,
	    "by sample: keyed by sample id, whatever the five-tuple");
	ok(flowkey_shown(&F.kt, 0)->sample == 7 && flowkey_shown(&F.kt, 0)->sport == 1000 &&
	    flowkey_shown(&F.kt, 1)->sample == 8, "by sample: the first packet's key shown");
	c.b[23] = 1;
	ok(add(&F, &c, &po) == 1 && F.rv.v[3].h.key == 1,
	    "by sample: a packet without TCP/UDP is filed too");
	mk(&a, 1, 1, 2, 1000, 80, "not a label");
	ok(add(&F, &a, &po) == 0 && F.nosample == 1, "by sample: no sample id, counted");
	filing_free(&F);

	fo.by_sample = 0;
	fo.fields = ~0u;
	filing_init(&F, &fo);
	mk(&a, 1, 1, 2, 1000, 80, NULL);
	for (i = 0; i < 3; i++)
		add(&F, &a, &po);
	ok(F.fpv.n == 3 && F.rv.n == 3 && F.fpv.with_raw, "fields: one per record, raw headers kept");
	filing_free(&F);
	return tap_done();
}
