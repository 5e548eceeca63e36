/* Unit tests for table/pktrows: the rows of hand-made records, keys and
 * links (IPv4, IPv6, netml's pseudo key, a keyless --by sample group; UDP
 * and TCP fields; a time from the side table; label and sample columns),
 * and the same bytes whether a second thread formats every other chunk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packet/filing.h"
#include "packet/flowkey.h"
#include "packet/flowrec.h"
#include "packet/flows.h"
#include "packet/linkpath.h"
#include "table/csvw.h"
#include "table/pktrows.h"
#include "table/labels.h"
#include "tap.h"

struct world {
	struct filing F;        /* rv, kt, links set by hand */
	struct flows_result res;
};

/* A record of key id key at time sec.frac (6 digits). */
static void
rec(struct world *W, uint32_t key, uint64_t ordinal, int64_t sec, uint32_t frac, int tcp,
    int xtime)
{
	struct flowrec_prep q;
	struct capture_time t = { sec, frac, 6 };
	struct flowrec *x;

	memset(&q, 0, sizeof q);
	q.x.h.t = (double)sec + frac / 1e6;
	q.x.h.user = 60;
	q.x.ordinal = ordinal;
	q.x.sec = (uint32_t)sec;
	q.x.frac = frac;
	q.x.digits = 6;
	q.x.len = 54;
	q.x.iplen = 40;
	q.x.ttl = 64;
	q.x.kind = FLOWREC_IP | (tcp ? FLOWREC_TCP : FLOWREC_UDP) | (xtime ? FLOWREC_XTIME : 0);
	if (tcp) {
		q.x.tcpflags = 18;
		q.x.win = 65535;
	}
	x = flowrec_add(&W->F.rv, &q, &t);
	x->h.key = key;
	x->link = 0;
}

static char *
write_all(struct world *W, const struct labels *L, int by_sample, int thread, size_t *len)
{
	struct pktrows_in in = { &W->res, &W->F, L, 0 };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct csvw w;

	W->F.o.by_sample = by_sample;
	csvw_init(&w, f, "mem", 0);
	pktrows_header(&w, &in);
	pktrows_write(&w, &in, thread);
	csvw_flush(&w);
	free(w.buf);
	fclose(f);
	return buf;
}

static void
world_free(struct world *W)
{
	filing_free(&W->F);
	flows_free(&W->res);
}

int
main(void)
{
	static struct world W;
	static const struct flows_opts fo = { 0, 0, 0, 2, 0 };
	struct flowkey k4, k6, kn, ks;
	struct labels L;
	const char *err;
	char *out, *out2;
	size_t len, len2, i;
	FILE *lf;
	static const char lab[] = "packet,label\n1,\" lin ux \"\n";
	struct labels_opts lo = { 0, 0, 1, ',' };        /* by sample, as below */

	memset(&k4, 0, sizeof k4);
	k4.af = FLOWKEY_V4, k4.proto = 6, k4.sport = 40000, k4.dport = 80;
	k4.src[0] = 10, k4.src[3] = 1, k4.dst[0] = 192, k4.dst[1] = 168, k4.dst[3] = 255;
	k6 = k4;
	memset(k6.src, 0, 32);
	k6.af = FLOWKEY_V6, k6.proto = 17, k6.src[0] = 0x20, k6.src[1] = 0x01, k6.src[15] = 1;
	k6.dst[15] = 2;
	memset(&kn, 0, sizeof kn);
	kn.af = FLOWKEY_NETML;
	memset(&ks, 0, sizeof ks);
	ks.sample = 77;
	W.F.kt.with_disp = 0;
	flowkey_id(&W.F.kt, &k4, &k4, flowkey_hash(&k4));
	flowkey_id(&W.F.kt, &k6, &k6, flowkey_hash(&k6));
	flowkey_id(&W.F.kt, &kn, &kn, flowkey_hash(&kn));
	flowkey_id(&W.F.kt, &ks, &ks, flowkey_hash(&ks));
	linkpath_id(&W.F.links, DL_ETH | DL_VLAN << 8);
	rec(&W, 0, 1, 1600000000, 5, 1, 0);
	rec(&W, 1, 2, 1600000000, 6, 0, 0);
	rec(&W, 0, 3, 1600000001, 250000, 1, 0);
	rec(&W, 1, 4, 5000000000, 7, 0, 1);     /* after 2106: the side table */
	rec(&W, 2, 5, 1600000002, 0, 0, 0);
	rec(&W, 2, 6, 1600000002, 1, 0, 0);
	rec(&W, 3, 7, 1600000003, 0, 1, 0);
	rec(&W, 3, 8, 1600000003, 0, 1, 0);
	ok(flows_build(W.F.rv.v, sizeof *W.F.rv.v, W.F.rv.n, W.F.kt.n, &fo, &W.res, &err) == 0 &&
	    W.res.nflows == 4, "four flows");
	out = write_all(&W, NULL, 0, 0, &len);
	is_str(out,
	    "flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,tcpflags,win,link\n"
	    "0,10.0.0.1,192.168.0.255,40000,80,6,1,1600000000.000005,54,60,40,64,18,65535,eth.vlan\n"
	    "0,10.0.0.1,192.168.0.255,40000,80,6,3,1600000001.250000,54,60,40,64,18,65535,eth.vlan\n"
	    "1,2001::1,::2,40000,80,17,2,1600000000.000006,54,60,40,64,,,eth.vlan\n"
	    "1,2001::1,::2,40000,80,17,4,5000000000.000007,54,60,40,64,,,eth.vlan\n"
	    "2,,,-1,-1,-1,5,1600000002.000000,54,60,40,64,,,eth.vlan\n"
	    "2,,,-1,-1,-1,6,1600000002.000001,54,60,40,64,,,eth.vlan\n"
	    "3,,,,,,7,1600000003.000000,54,60,40,64,18,65535,eth.vlan\n"
	    "3,,,,,,8,1600000003.000000,54,60,40,64,18,65535,eth.vlan\n",
	    "every kind of key, TCP and UDP fields, a side-table time");
	free(out);

	lf = fmemopen((void *)lab, sizeof lab - 1, "r");
	memset(&L, 0, sizeof L);
	ok(labels_load(&L, lf, "l", &lo) == 0, "labels");
	fclose(lf);
	out = write_all(&W, &L, 1, 0, &len);
	ok(strncmp(out, "flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,"
	    "tcpflags,win,link,sample,label,family\n", 99) == 0, "header: sample, label, family");
	ok(strstr(out, ",eth.vlan,0,\" lin ux \",\n0,") != NULL,
	    "labelled: the sample from the key, then the label's ending");
	ok(strstr(out, ",eth.vlan,77,,\n") != NULL, "unlabelled: empty endings");
	free(out);
	labels_free(&L);
	world_free(&W);

	/* 20000 rows in 200 flows: threaded or not, the same bytes */
	memset(&W, 0, sizeof W);
	linkpath_id(&W.F.links, DL_ETH);
	for (i = 0; i < 200; i++) {
		k4.sport = (uint16_t)(1000 + i);
		flowkey_id(&W.F.kt, &k4, &k4, flowkey_hash(&k4));
	}
	for (i = 0; i < 20000; i++)
		rec(&W, (uint32_t)(i * 7 % 200), i + 1, 1600000000 + (int64_t)(i / 3), (uint32_t)i, i % 2,
		    i % 1000 == 0);
	flows_build(W.F.rv.v, sizeof *W.F.rv.v, W.F.rv.n, W.F.kt.n, &fo, &W.res, &err);
	out = write_all(&W, NULL, 0, 0, &len);
	out2 = write_all(&W, NULL, 0, 1, &len2);
	ok(len == len2 && memcmp(out, out2, len) == 0, "20000 rows: the same with a second thread");
	for (i = 0, len2 = 0; i < len; i++)
		len2 += out[i] == '\n';
	ok(len2 == 20001, "a header and 20000 rows");
	free(out);
	free(out2);
	world_free(&W);
	return tap_done();
}
