/* Unit tests for flows.c: netml's grouping, timeout split, interval split
 * (fixed and from the quantile) and the piece thresholds, on small
 * records worked out by hand. pcap-flows against netml's own output is
 * tested in t2000. */
#include <stdlib.h>
#include <string.h>

#include "packet/flows.h"
#include "tap.h"

static struct flows_head recs[64];
static size_t nrec;

static void
add(uint32_t key, double t)
{
	recs[nrec].key = key;
	recs[nrec].t = t;
	nrec++;
}

/* The flows as "key:idx idx ...;" */
static const char *
show(const struct flows_result *r)
{
	static char buf[512];
	size_t i, j, n = 0;

	buf[0] = '\0';
	for (i = 0; i < r->nflows; i++) {
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%u:", r->flows[i].key);
		for (j = 0; j < r->flows[i].n; j++)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%u", j ? " " : "",
			    r->order[r->flows[i].start + j]);
		n += (size_t)snprintf(buf + n, sizeof buf - n, ";");
	}
	return buf;
}

static const char *
build(size_t nkeys, const struct flows_opts *o, struct flows_result *r)
{
	const char *err;

	if (flows_build(recs, sizeof *recs, nrec, nkeys, o, r, &err) < 0)
		return err;
	return show(r);
}

int
main(void)
{
	struct flows_opts o = FLOWS_OPTS_NETML;
	struct flows_result r;

	/* key 1 has one packet: dropped; key 0 comes back in time order */
	nrec = 0;
	add(0, 3), add(0, 1), add(1, 5), add(2, 10), add(0, 2), add(2, 10.5);
	o.q_interval = 0;
	is_str(build(3, &o, &r), "0:1 4 0;2:3 5;", "grouped by key, stably sorted by time");
	ok(r.npackets == 5 && r.interval == 0 && r.pieces_timeout == 2, "counts");
	flows_free(&r);

	/* timeout 600: the piece after the last split is dropped (netml) */
	nrec = 0;
	add(0, 0), add(0, 1), add(0, 700), add(0, 701);
	is_str(build(1, &o, &r), "0:0 1;", "timeout split drops the last piece");
	flows_free(&r);
	o.keep_last = 1;
	is_str(build(1, &o, &r), "0:0 1;0:2 3;", "keep_last keeps it");
	flows_free(&r);
	o.keep_last = 0;

	/* interval 1 from S = 0: 2.5 - 1 > 1 splits; the next piece starts
	 * at the grid point 2, so 2.6 is 0.6 after it */
	nrec = 0;
	add(0, 0), add(0, 1), add(0, 2.5), add(0, 2.6), add(0, 4.5);
	o.interval = 1;
	is_str(build(1, &o, &r), "0:0 1;0:2 3;", "interval split on netml's grid");
	ok(r.interval == 1, "the fixed interval");
	flows_free(&r);

	/* the interval from the quantile; all durations 0: no split */
	nrec = 0;
	add(0, 5), add(0, 5), add(1, 6), add(1, 6);
	o.interval = 0;
	o.q_interval = 0.9;
	is_str(build(2, &o, &r), "0:0 1;1:2 3;", "zero durations: no split");
	ok(r.interval_zero == 1 && r.interval == 0, "interval_zero noted");
	flows_free(&r);

	/* min_packets 3: pieces of 2 go */
	nrec = 0;
	add(0, 0), add(0, 1), add(1, 0), add(1, 1), add(1, 2);
	o.q_interval = 0;
	o.min_packets = 3;
	is_str(build(2, &o, &r), "1:2 3 4;", "min_packets 3");
	flows_free(&r);

	/* nothing at all */
	nrec = 0;
	o.min_packets = 2;
	o.q_interval = 0.9;
	is_str(build(0, &o, &r), "", "no records: no flows");
	flows_free(&r);
	/* min_packets 1 keeps single-packet keys and pieces (netml: 2) */
	nrec = 0;
	add(0, 3), add(0, 1), add(1, 5), add(2, 0), add(2, 700), add(2, 701), add(2, 1500);
	o = (struct flows_opts)FLOWS_OPTS_NETML;
	o.q_interval = 0;
	o.min_packets = 1;
	is_str(build(3, &o, &r), "0:1 0;1:2;2:3;2:4 5;", "min 1: single packets kept");
	flows_free(&r);
	o.min_packets = 2;
	is_str(build(3, &o, &r), "0:1 0;2:4 5;", "min 2: netml's");
	flows_free(&r);

	/* a quantile interval of 0: no split; npositive says whether netml,
	 * which divides by the interval at the first gap, crashes there */
	nrec = 0;
	add(0, 1), add(0, 1), add(1, 1), add(1, 1), add(2, 0), add(2, 6);
	o = (struct flows_opts)FLOWS_OPTS_NETML;
	o.q_interval = 0.5;
	is_str(build(3, &o, &r), "0:0 1;1:2 3;2:4 5;", "interval 0: no split");
	ok(r.interval_zero && r.npositive == 1 && r.interval == 0,
	    "a flow of 6 s: npositive 1 (netml crashes)");
	flows_free(&r);
	nrec = 4;
	build(2, &o, &r);
	ok(r.interval_zero && r.npositive == 0, "every flow 0 s long: npositive 0 (netml agrees)");
	flows_free(&r);
	nrec = 6;
	o.q_interval = 0.9;
	build(3, &o, &r);
	ok(!r.interval_zero && r.interval > 0 && r.npositive == 0, "the 0.9 quantile is positive");
	flows_free(&r);
	return tap_done();
}
