/* Unit tests for flowrows.c: packet rows gathered into flows, the strings
 * each flow keeps, the label rules, the header block's counts, streaming
 * with flowrows_drop, flows of one packet, and the errors (split flows,
 * bad fields, missing columns). The stage's output is tested in t3001-t3003. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/flowrows.h"
#include "tap.h"

static struct csvr *r;
static struct flowrows fr;
static char msg[512];

/* Open s as the input; init with header, majority. */
static int
start(const char *s, int header, int majority)
{
	char *err = NULL;

	r = csvr_open_mem(s, strlen(s), "in.csv", &err);
	if (!r) {
		printf("# %s\n", err);
		csvr_free_error(err);
		return -1;
	}
	return flowrows_init(&fr, r, header, majority, msg, sizeof msg);
}

static void
stop(void)
{
	flowrows_free(&fr);
	csvr_close(r);
}

/* Read everything: the number of complete flows, or -1. */
static long
read_all(void)
{
	int rc;

	while ((rc = flowrows_next(&fr, msg, sizeof msg)) == 1)
		;
	return rc < 0 ? -1 : (long)flowrows_complete(&fr);
}

static const char *
str(size_t flow, int which)
{
	const struct flowrows_rec *rec = &fr.flows[flow];
	size_t off = which == 0 ? rec->id : which == 1 ? rec->sample :
	    which == 2 ? rec->label : rec->family;

	return flowrows_str(&fr, off);
}

static void
test_basic(void)
{
	struct flowrows_pkts p;

	ok(start("x,flow,time,len,label,sample\n"
	    "1,a,10,60,linux,s1\n1,a,10.5,100,win,s2\n"
	    "1,b,20,70,,\n1,b,21,71,mac,s3\n1,b,22,72,mac,s3\n", 0, 0) == 0, "init");
	ok(fr.col_family < 0 && fr.col_label == 4, "optional columns found by name");
	ok(flowrows_next(&fr, msg, sizeof msg) == 1 && flowrows_complete(&fr) == 1,
	    "a flow is complete when the next one starts");
	ok(fr.open == 1 && fr.nflows == 2, "the next flow is open");
	ok(read_all() == 2 && fr.rows == 5, "two flows, five rows");
	is_str(str(0, 0), "a", "flow id");
	is_str(str(0, 1), "s1", "first packet's sample");
	is_str(str(0, 2), "linux", "first packet's label");
	is_str(str(0, 3), "", "no family column: empty");
	ok(fr.flows[0].family == FLOWROWS_NONE, "no family column: FLOWROWS_NONE");
	is_str(str(1, 2), "", "the first packet's empty label wins under the first rule");
	ok(fr.flows[0].line == 2 && fr.flows[1].line == 4, "line of each flow's first row");
	ok(flowrows_ncarried(&fr) == 2, "two carried columns");
	is_str(flowrows_carried_name(&fr, 0), "sample", "sample first, whatever the input's order");
	is_str(flowrows_carried_name(&fr, 1), "label", "then label");
	is_str(flowrows_carried(&fr, 0, 1), "linux", "a flow's carried string");
	flowrows_pkts(&fr, 1, &p);
	ok(p.n == 3 && p.t[0] == 20 && p.t[2] == 22 && p.len[1] == 71,
	    "packets in row order");
	ok(p.ttl == NULL && p.flags == NULL && p.fp == NULL, "no header, no fields");
	stop();
}

static void
test_majority(void)
{
	ok(start("flow,time,len,sample,label,family\n"
	    "7,1,10,s1,x,fx\n7,2,10,s2,y,fy1\n7,3,10,s3,y,fy2\n"
	    "8,1,10,,,\n8,2,10,s4,p,fp\n8,3,10,s5,q,fq\n"
	    "9,1,10,,,\n9,2,10,,,\n", 0, 1) == 0, "init, majority");
	ok(read_all() == 3, "three flows");
	is_str(str(0, 2), "y", "the most frequent label");
	is_str(str(0, 1), "s2", "sample of its first packet");
	is_str(str(0, 3), "fy1", "family of its first packet");
	is_str(str(1, 2), "p", "a tie goes to the label seen first; empty labels do not vote");
	is_str(str(2, 2), "", "no label at all: empty");
	stop();
}

static void
test_many(void)
{
	/* 3000 flows (the id table grows twice), one of them with 40
	 * distinct labels (the label table grows), ids not all decimal */
	size_t cap = 1 << 20, n = 0, i;
	char *s = malloc(cap);
	int good = 1;

	n += (size_t)snprintf(s + n, cap - n, "flow,time,len,label\n");
	for (i = 0; i < 3000; i++)
		n += (size_t)snprintf(s + n, cap - n, "%s%zu,1,10,l\n%s%zu,2,10,l\n",
		    i % 2 ? "f" : "", i, i % 2 ? "f" : "", i);
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(s + n, cap - n, "big,%zu,10,l%zu\n", i, i % 20 == 7 ? 7 : i);
	ok(start(s, 0, 1) == 0, "init");
	ok(read_all() == 3001, "3001 flows");
	for (i = 0; i < 3000 && good; i++) {
		char want[32];

		snprintf(want, sizeof want, "%s%zu", i % 2 ? "f" : "", i);
		good = strcmp(str(i, 0), want) == 0 && fr.flows[i].n == 2;
	}
	ok(good, "every flow's id and packets");
	is_str(str(3000, 2), "l7", "majority among 39 distinct labels");
	stop();
	free(s);
}

static void
test_header(void)
{
	struct flowrows_pkts p;

	/* flags 18 = S|A, 17 = F|A; eth.vlan hides the flags (netml) */
	ok(start("flow,time,len,ttl,tcpflags,link\n"
	    "0,1,60,64,2,eth\n0,2,60,63,18,eth\n0,3,54,62,17,eth\n"
	    "1,1,64,50,2,eth.vlan\n1,2,64,50,,eth\n", 1, 0) == 0, "init, header");
	ok(read_all() == 2, "two flows");
	flowrows_pkts(&fr, 0, &p);
	ok(p.ttl && p.ttl[0] == 64 && p.ttl[2] == 62, "TTLs per packet");
	ok(p.flags && p.flags[0] == 1 && p.flags[1] == 2 && p.flags[4] == 2 && p.flags[2] == 0,
	    "flag counts F S R P A ...");
	flowrows_pkts(&fr, 1, &p);
	ok(p.flags[1] == 0, "no flag counted under two link layers or without TCP");
	stop();
	ok(start("flow,time,len\n0,1,1\n", 1, 0) < 0 &&
	    strcmp(msg, "'in.csv': line 1: no column 'ttl' (needed by --header)") == 0,
	    "header needs ttl");
	csvr_close(r);
}

static void
test_drop(void)
{
	struct flowrows_pkts p;

	ok(start("flow,time,len,label\n0,1,10,a\n0,2,11,a\n1,3,12,b\n1,4,13,b\n"
	    "2,5,14,c\n2,6,15,c\n", 0, 0) == 0, "init");
	ok(flowrows_next(&fr, msg, sizeof msg) == 1, "flow 0 complete");
	flowrows_drop(&fr, flowrows_complete(&fr));
	ok(fr.nflows == 1 && fr.open, "the open flow stays");
	ok(flowrows_next(&fr, msg, sizeof msg) == 1 && flowrows_complete(&fr) == 1, "flow 1 complete");
	flowrows_drop(&fr, 1);
	ok(flowrows_next(&fr, msg, sizeof msg) == 1 && flowrows_complete(&fr) == 1, "flow 2 at the end");
	flowrows_pkts(&fr, 0, &p);
	is_str(str(0, 0), "2", "moved down to 0: id");
	is_str(str(0, 2), "c", "moved down to 0: label");
	ok(p.n == 2 && p.t[0] == 5 && p.len[1] == 15, "moved down to 0: packets");
	ok(flowrows_next(&fr, msg, sizeof msg) == 0, "end of input");
	stop();
}

static void
test_errors(void)
{
	static const struct {
		const char *in, *msg;
	} t[] = {
		{ "fl,time,len\n0,1,1\n", "'in.csv': line 1: no column 'flow'" },
		{ "flow,time,len\n0,1,1\n0,2,2\n1,1,1\n1,2,2\n0,3,3\n0,4,4\n",
		  "'in.csv': line 6: flow '0' continues after other flows (the rows of a flow must be contiguous)" },
		{ "flow,time,len\nab,1,1\nab,2,2\nc,1,1\nc,2,2\nab,3,3\n",
		  "'in.csv': line 6: flow 'ab' continues after other flows (the rows of a flow must be contiguous)" },
		{ "flow,time,len\n0,1,1\n0,x,2\n",
		  "'in.csv': line 3: column 'time': not a finite number: 'x'" },
		{ "flow,time,len\n0,1,1\n0,1,-2\n",
		  "'in.csv': line 3: column 'len': not an integer in 0..2147483647: '-2'" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		long rc = start(t[i].in, 0, 0);

		if (rc == 0)
			rc = read_all();
		ok(rc < 0, "error %zu", i);
		is_str(msg, t[i].msg, "its message");
		if (fr.r)
			flowrows_free(&fr);
		csvr_close(r);
		memset(&fr, 0, sizeof fr);
	}
	/* a flow of ids "00" and "0" are two flows: "00" is not decimal 0 */
	ok(start("flow,time,len\n0,1,1\n0,2,2\n00,1,1\n00,2,2\n", 0, 0) == 0 && read_all() == 2,
	    "ids 0 and 00 are two flows");
	stop();
}

static void
test_fields(void)
{
	char *err;

	r = csvr_open_mem("flow,time,len,ttl\n0,1,1,64\n", 26, "in.csv", &err);
	ok(r && flowrows_init(&fr, r, 0, 0, msg, sizeof msg) == 0, "init");
	ok(flowrows_fields(&fr, FPF_NEED_HDR, 0, "hdr", msg, sizeof msg) < 0 &&
	    strstr(msg, "in.csv") && strstr(msg, "hdr"), "missing fields named with the sets asking");
	stop();
}

static void
test_carry(void)
{
	ok(start("flow,time,len,label,src,note\n"
	    "0,1,10,x,h1,\"a,b\"\n0,2,10,y,h2,c\n0,3,10,y,h3,d\n"
	    "1,1,10,z,h4,\n1,2,10,z,h5,e\n2,1,10,w,h6,f\n2,2,10,w,h7,g\n", 0, 1) == 0, "init");
	ok(flowrows_carry(&fr, "note,src", "--id", msg, sizeof msg) == 0, "carry note, src");
	ok(flowrows_ncarried(&fr) == 3, "label, then note and src");
	is_str(flowrows_carried_name(&fr, 1), "note", "in the order asked");
	is_str(flowrows_carried_name(&fr, 2), "src", "in the order asked");
	ok(flowrows_next(&fr, msg, sizeof msg) == 1, "flow 0");
	is_str(flowrows_carried(&fr, 0, 0), "y", "majority label");
	is_str(flowrows_carried(&fr, 0, 1), "a,b", "the first row's note");
	is_str(flowrows_carried(&fr, 0, 2), "h1", "the first row's src");
	flowrows_drop(&fr, 1);
	ok(flowrows_next(&fr, msg, sizeof msg) == 1, "flow 1");
	is_str(flowrows_carried(&fr, 0, 1), "", "an empty string carried");
	is_str(flowrows_carried(&fr, 0, 2), "h4", "after a drop");
	ok(read_all() == 2, "the rest");
	is_str(flowrows_carried(&fr, 1, 2), "h6", "flow 2's src");
	stop();

	ok(start("flow,time,len,src\n0,1,1,a\n", 0, 0) == 0, "init");
	ok(flowrows_carry(&fr, "src,dst", "--id", msg, sizeof msg) == -1 &&
	    strcmp(msg, "'in.csv': line 1: no column 'dst' (needed by --id)") == 0, "missing column");
	ok(flowrows_ncarried(&fr) == 0, "nothing carried after a failure");
	ok(flowrows_carry(&fr, "src,,x", "--id", msg, sizeof msg) == -2 &&
	    strcmp(msg, "an empty column name") == 0, "an empty name");
	ok(flowrows_carry(&fr, "src,x,src", "--id", msg, sizeof msg) == -2 &&
	    strcmp(msg, "column 'src' given twice") == 0, "a name twice");
	ok(flowrows_carry(&fr, "family", "--id", msg, sizeof msg) == -2 &&
	    strcmp(msg, "'family' is an identifier column already") == 0, "an identifier");
	ok(flowrows_carry(&fr, "", "--id", msg, sizeof msg) == -2, "an empty list");
	stop();
}

/* A flow of one packet (osfp-pcap-flows --min-packets 1) is a flow: at
 * the start, in the middle and at the end of the input. */
static void
test_one_packet(void)
{
	ok(start("flow,time,len\n0,1,10\n1,2,20\n1,3,30\n2,4,40\n", 0, 0) == 0, "one-packet flows: init");
	ok(read_all() == 3, "three flows read");
	ok(fr.flows[0].n == 1 && fr.flows[1].n == 2 && fr.flows[2].n == 1,
	    "1, 2 and 1 packets");
	ok(strcmp(str(2, 0), "2") == 0, "the last flow's id");
	stop();
}

int
main(void)
{
	test_basic();
	test_majority();
	test_many();
	test_header();
	test_drop();
	test_errors();
	test_fields();
	test_carry();
	test_one_packet();
	return tap_done();
}
