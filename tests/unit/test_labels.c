/* Unit tests for table/labels: the ending each labels row gives its
 * packets' rows (quoted by the CSV writer's rule), found by ordinal
 * (dense index or binary search, the last of a packet listed twice) or by
 * time (the last row for a time), and the errors, one line each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packet/flowrec.h"
#include "table/labels.h"
#include "tap.h"

static int time_check;  /* for load(): read the times by ordinal */

static int
load(struct labels *L, const char *csv, int by_time, int by_sample, char delim)
{
	struct labels_opts o = { by_time, time_check, by_sample, delim };
	FILE *f = fmemopen((void *)csv, strlen(csv), "r");
	int rc;

	memset(L, 0, sizeof *L);
	rc = labels_load(L, f, "l.csv", &o);
	fclose(f);
	return rc;
}

/* The ending of packet (or of time, when given), "-" when it has none. */
static const char *
ending(const struct labels *L, uint64_t packet, const char *time)
{
	static char buf[256];
	const struct labels_row *r;
	struct capture_time t;
	const char *e;
	size_t n;

	if (time && capture_time_parse(time, &t) < 0)
		return "bad time";
	r = time ? labels_by_time(L, &t) : labels_by_packet(L, packet);
	if (!r)
		return "-";
	e = labels_ending(L, r, &n);
	memcpy(buf, e, n);
	buf[n] = 0;
	return buf;
}

/* A record of packet at time sec.frac (6 digits), added to rv. */
static void
rec(struct flowrec_vec *rv, uint64_t packet, uint32_t sec, uint32_t frac)
{
	struct flowrec_prep q;
	struct capture_time t = { sec, frac, 6 };

	memset(&q, 0, sizeof q);
	q.x.ordinal = packet;
	q.x.sec = sec;
	q.x.frac = frac;
	q.x.digits = 6;
	flowrec_add(rv, &q, &t);
}

static void
error_is(const char *csv, int by_time, const char *want, const char *what)
{
	struct labels L;

	ok(load(&L, csv, by_time, 0, ',') == -1, "%s: an error", what);
	is_str(L.err, want, "%s: the message", what);
	labels_free(&L);
}

/* ---- stream mode: the labels read as the packet numbers advance ---------- */

static struct labels_stream *
sopen(const char *csv, int check, int by_sample, FILE **fp, char **err)
{
	struct labels_opts o = { 0, check, by_sample, ',' };

	*fp = fmemopen((void *)csv, strlen(csv), "r");
	*err = NULL;
	return labels_stream_open(*fp, "l.csv", &o, err);
}

/* The ending found for packet at time sec.usec ("-" none, "!" error). */
static const char *
sfind(struct labels_stream *S, uint64_t packet, int64_t sec, uint64_t usec)
{
	static char buf[256];
	struct capture_time t = { sec, usec, 6 };
	struct labels_end *e = labels_stream_find(S, packet, &t);

	if (!e)
		return "!";
	snprintf(buf, sizeof buf, "%s", e->none ? "-" : e->text);
	labels_end_drop(e);
	return buf;
}

static void
stream_cases(void)
{
	struct labels_stream *S;
	struct labels_end *a, *b;
	struct capture_time t = { 10, 500000, 6 };
	FILE *f;
	char *err;

	S = sopen("packet,time,sample,label,family\n1,10.5,7,linux,ubuntu\n2,10.6,7,linux,ubuntu\n"
	    "4,10.7,8,\" windows 7 \",win\n4,10.7,8,w,w\n9,11,9,x,y\n", 1, 0, &f, &err);
	ok(S != NULL, "stream: open");
	a = labels_stream_find(S, 1, &t);
	t.frac = 600000;
	b = labels_stream_find(S, 2, &t);
	ok(a && a == b && a->refs >= 2 && strcmp(a->text, ",7,linux,ubuntu") == 0,
	    "stream: rows with the same fields share one ending, by reference");
	labels_end_drop(a);
	labels_end_drop(b);
	is_str(sfind(S, 3, 0, 0), "-", "stream: a packet without a row: the none ending");
	is_str(sfind(S, 4, 10, 700000), ",8,w,w", "stream: a packet listed twice: its last row");
	is_str(sfind(S, 8, 0, 0), "-", "stream: a packet before the next row: none");
	is_str(sfind(S, 9, 11, 0), ",9,x,y", "stream: time 11 is 11.000000");
	is_str(sfind(S, 10, 0, 0), "-", "stream: past the last row: none");
	labels_stream_close(S);
	fclose(f);

	S = sopen("packet,time,label\n1,1.5,a\n2,2.5,b\n", 1, 0, &f, &err);
	is_str(sfind(S, 2, 2, 0), "!", "stream: a time that differs");
	ok(labels_stream_timefault(S), "stream: the time check's fault");
	is_str(labels_stream_error(S), "packet 2: time 2.000000, but 'l.csv' line 3 has 2.5",
	    "stream: labels_check's message");
	labels_stream_close(S);
	fclose(f);

	S = sopen("packet,label\n1,a\n5,b\n3,c\n", 0, 1, &f, &err);
	is_str(sfind(S, 1, 0, 0), ",a,", "stream: by sample, no time check");
	is_str(sfind(S, 4, 0, 0), "-", "stream: packet 4 has no row (5 is next)");
	is_str(sfind(S, 6, 0, 0), "!", "stream: rows out of packet order, found reading on");
	ok(!labels_stream_timefault(S), "stream: not the time check's");
	is_str(labels_stream_error(S), "'l.csv': line 4: packet 3 after packet 5: stream mode "
	    "needs the labels in packet order", "stream: one line naming the line");
	labels_stream_close(S);
	fclose(f);

	S = sopen("packet,label\n1,a\nx,b\n", 0, 0, &f, &err);
	is_str(sfind(S, 2, 0, 0), "!", "stream: a bad packet number");
	is_str(labels_stream_error(S), "'l.csv': line 3: column 'packet': 'x' is not a packet "
	    "number", "stream: labels_load's message");
	labels_stream_close(S);
	fclose(f);

	ok(!sopen("packet,time\n1,2\n", 0, 0, &f, &err) && err &&
	    strcmp(err, "'l.csv': no column 'label'") == 0, "stream: the header is checked");
	free(err);
	fclose(f);
}

int
main(void)
{
	struct labels L;
	char big[64 * 1024];
	size_t n, i;

	ok(load(&L, "packet,time,sample,label,family\n"
	    "1,10.5,7,linux,ubuntu\n2,10.6,7,linux,ubuntu\n4,10.7,8,\" windows 7 \",win\n"
	    "5,10.8,9,\"a,b\",\"q\"\"\"\n", 0, 0, ',') == 0, "load by ordinal");
	is_str(ending(&L, 1, NULL), ",7,linux,ubuntu", "packet 1");
	ok(L.v[0].suf == L.v[1].suf, "rows with the same fields share their ending");
	is_str(ending(&L, 3, NULL), "-", "packet 3: none");
	is_str(ending(&L, 4, NULL), ",8,\" windows 7 \",win", "edge blanks stay quoted");
	is_str(ending(&L, 5, NULL), ",9,\"a,b\",\"q\"\"\"", "delimiter and quote quoted");
	is_str(ending(&L, 99, NULL), "-", "past the last packet: none");
	ok(L.byp != NULL && L.nolablen == 3 && memcmp(L.nolab, ",,,", 3) == 0,
	    "dense: a direct index; no label is ',,,'");
	labels_free(&L);

	ok(load(&L, "label,packet\nb,9000000\na,3\nc,9000000\n", 0, 0, '\t') == 0,
	    "unsorted, sparse, duplicated, no sample or family column");
	ok(L.byp == NULL, "sparse: no direct index");
	is_str(ending(&L, 3, NULL), "\t\ta\t", "TSV ending, absent columns empty");
	is_str(ending(&L, 9000000, NULL), "\t\tc\t", "a packet listed twice: its last row");
	is_str(ending(&L, 4, NULL), "-", "binary search miss");
	labels_free(&L);

	ok(load(&L, "packet,time,sample,label,family\n1,5.25,7,x,fx\n2,5.25,8,y,fy\n"
	    "3,6.0,9,z,fz\n", 0, 1, ',') == 0, "by sample");
	is_str(ending(&L, 1, NULL), ",x,fx", "by sample: no sample column written");
	ok(L.nolablen == 2, "by sample: no label is ',,'");
	labels_free(&L);

	ok(load(&L, "packet,time,sample,label,family\n1,5.25,7,x,fx\n2,5.25,8,y,fy\n"
	    "3,6.0,9,z,fz\n", 1, 0, ',') == 0, "load by time");
	is_str(ending(&L, 0, "5.25"), ",8,y,fy", "a time listed twice: its last row");
	is_str(ending(&L, 0, "6.0"), ",9,z,fz", "another time");
	is_str(ending(&L, 3, "6.00"), ",9,z,fz", "times as numbers: 6.00 is 6.0");
	is_str(ending(&L, 3, "6"), ",9,z,fz", "and 6");
	is_str(ending(&L, 3, "6.000000001"), "-", "6.000000001 is not");
	labels_free(&L);

	/* many rows: the time index grows */
	n = (size_t)snprintf(big, sizeof big, "time,label\n");
	for (i = 0; i < 3000 && n < sizeof big - 32; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "%zu.5,l%zu\n", i, i % 10);
	ok(load(&L, big, 1, 1, ',') == 0 && L.n == i, "%zu rows by time", i);
	is_str(ending(&L, 0, "2999.5"), ",l9,", "the last found");
	is_str(ending(&L, 0, "0.5"), ",l0,", "the first found");
	labels_free(&L);

	ok(load(&L, "packet,label\n", 0, 0, ',') == 0 && L.n == 0 &&
	    labels_by_packet(&L, 1) == NULL, "header only: no labels");
	labels_free(&L);
	ok(load(&L, "time,label\n", 1, 0, ',') == 0 && strcmp(ending(&L, 1, "1.0"), "-") == 0,
	    "header only, by time");
	labels_free(&L);

	/* the time check of the ordinal join */
	time_check = 1;
	ok(load(&L, "packet,time,label\n1,100.500000000,a\n2,,b\n3,101.25,c\n4,102.000001,d\n",
	    0, 0, ',') == 0, "by ordinal with times");
	{
		struct flowrec_vec rv = { 0 };

		rec(&rv, 1, 100, 500000);
		rec(&rv, 2, 7, 0);              /* its row has no time */
		rec(&rv, 5, 9, 0);              /* no row */
		rec(&rv, 3, 101, 250000);
		ok(labels_check(&L, &rv) == 0, "times agree, trailing zeros aside");
		rec(&rv, 4, 102, 2);
		rec(&rv, 1, 100, 500000);
		ok(labels_check(&L, &rv) == -1, "a time that differs");
		is_str(L.err, "packet 4: time 102.000002, but 'l.csv' line 5 has 102.000001",
		    "names the first packet that disagrees and the row's line");
		flowrec_vec_free(&rv);
	}
	labels_free(&L);
	error_is("packet,label\n1,a\n", 0,
	    "'l.csv': no column 'time' to check each packet's time against "
	    "(--no-time-check joins without)", "no time column to check");
	error_is("packet,time,label\n1,1.5,a\n2,x,b\n", 0,
	    "'l.csv': line 3: column 'time': 'x' is not a time", "a bad time");
	time_check = 0;
	ok(load(&L, "packet,time,label\n1,x,a\n", 0, 0, ',') == 0,
	    "without the check the times are not read");
	labels_free(&L);
	error_is("time,label\n1.5,a\n-,b\n", 1,
	    "'l.csv': line 3: column 'time': '-' is not a time", "by time, a bad time");

	error_is("packet,time\n1,2\n", 0, "'l.csv': no column 'label'", "no label column");
	error_is("time,label\n1,a\n", 0,
	    "'l.csv': no column 'packet' (--join time joins on 'time')", "no packet column");
	error_is("packet,label\n1,a\n", 1, "'l.csv': no column 'time'", "by time, no time column");
	error_is("packet,label\n1,a\nx,b\n", 0,
	    "'l.csv': line 3: column 'packet': 'x' is not a packet number", "a bad packet number");
	error_is("packet,label\n1,a\n2\n", 0, "'l.csv': line 3: expected 2 fields, got 1",
	    "a ragged row");
	error_is("packet,label\n\"1\n2\",a\n", 0,
	    "'l.csv': line 2: column 'packet': '1?2' is not a packet number",
	    "a field with a line break: the message stays one line");
	stream_cases();
	return tap_done();
}
