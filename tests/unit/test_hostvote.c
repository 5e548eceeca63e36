/* Unit tests for hostvote.c: exact times, the three rules, verdicts, and
 * the group table (windows, late rows, min_rows, follow, labels). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "learn/hostvote.h"
#include "tap.h"

static void
time_is(const char *in, const char *want)
{
	struct hostvote_time t;
	char buf[HOSTVOTE_TIME_MAX];
	const char *e = hostvote_time_parse(in, &t);

	ok(e == NULL, "'%s' parses", in);
	if (!e) {
		hostvote_time_str(buf, &t);
		ok(strcmp(buf, want) == 0, "'%s' prints as '%s'", in, want);
		if (strcmp(buf, want) != 0)
			printf("#   got '%s'\n", buf);
	}
}

static void
times(void)
{
	struct hostvote_time a, b;

	time_is("1795859257.795076", "1795859257.795076");
	time_is("1795859257.795076000", "1795859257.795076000");
	time_is("1795859257.000000", "1795859257.000000");
	time_is("30", "30");
	time_is("30.", "30");
	time_is(".5", "0.5");
	time_is("007.250", "7.250");
	time_is("-5.250", "-5.250");
	time_is("-5.000", "-5.000");
	time_is("-5.25", "-5.25");
	time_is("-0", "0");
	time_is("-3", "-3");
	time_is("0.0000000000000000001", "0.0000000000000000001");
	time_is("1.12345678901234567890000", "1.1234567890123456789");
	time_is("0.00000000000000000000", "0.0000000000000000000");
	time_is("999999999999999999.9999999999999999999", "999999999999999999.9999999999999999999");
	ok(hostvote_time_parse("", &a) != NULL, "empty is refused");
	ok(hostvote_time_parse("-", &a) != NULL, "a lone sign is refused");
	ok(hostvote_time_parse(".", &a) != NULL, "a lone point is refused");
	ok(hostvote_time_parse("1e9", &a) != NULL, "an exponent is refused");
	ok(hostvote_time_parse(" 1", &a) != NULL, "a space is refused");
	ok(hostvote_time_parse("+1", &a) != NULL, "a plus sign is refused");
	ok(hostvote_time_parse("1.2.3", &a) != NULL, "two points are refused");
	ok(hostvote_time_parse("1.00000000000000000001", &a) != NULL,
	    "a 20th significant decimal place is refused");
	ok(hostvote_time_parse("1000000000000000000", &a) != NULL, "19 integer digits are refused");
	hostvote_time_parse("-5.25", &a);
	ok(a.sec == -6 && a.frac == 7500000000000000000ULL, "-5.25 is -6 + 0.75");
	hostvote_time_parse("-5.3", &b);
	ok(hostvote_time_cmp(&b, &a) < 0 && hostvote_time_cmp(&a, &b) > 0, "-5.3 < -5.25");
	hostvote_time_parse("5.250", &a);
	hostvote_time_parse("5.25", &b);
	ok(hostvote_time_cmp(&a, &b) == 0, "5.250 == 5.25");
}

static void
rules(void)
{
	/* two rows, three classes */
	const double p1[3] = { 0.5, 0.3, 0.2 }, p2[3] = { 0.1, 0.6, 0.3 };
	double s[3] = { 0 }, sc[3];
	struct hostvote_acc a = { 0, s };
	struct hostvote_verdict v;

	hostvote_acc_add(&a, HOSTVOTE_MEAN, p1, 3);
	hostvote_acc_add(&a, HOSTVOTE_MEAN, p2, 3);
	hostvote_acc_decide(&a, HOSTVOTE_MEAN, 3, 0, &v, sc);
	ok(a.n == 2 && sc[0] == (0.5 + 0.1) / 2 && sc[1] == (0.3 + 0.6) / 2 &&
	    sc[2] == (0.2 + 0.3) / 2, "mean: the average, summed in row order");
	ok(v.verdict == 1 && v.best == 1 && v.confidence == sc[1], "mean: verdict 1");
	ok(v.runner_up == 0 && v.runner_up_confidence == sc[0], "mean: runner-up 0");
	hostvote_acc_decide(&a, HOSTVOTE_MEAN, 3, 0.46, &v, sc);
	ok(v.verdict == HOSTVOTE_UNKNOWN && v.best == 1 && v.confidence == sc[1] &&
	    v.runner_up == 1 && v.runner_up_confidence == sc[1],
	    "below min_confidence: unknown; the runner-up is the best class");
	hostvote_acc_decide(&a, HOSTVOTE_MEAN, 3, (0.3 + 0.6) / 2, &v, sc);
	ok(v.verdict == 1, "at min_confidence exactly: not unknown");

	s[0] = s[1] = s[2] = 0;
	a.n = 0;
	hostvote_acc_add(&a, HOSTVOTE_VOTE, p1, 3);
	hostvote_acc_add(&a, HOSTVOTE_VOTE, p2, 3);
	hostvote_acc_decide(&a, HOSTVOTE_VOTE, 3, 0, &v, sc);
	ok(sc[0] == 0.5 && sc[1] == 0.5 && sc[2] == 0, "vote: shares of the rows' top classes");
	ok(v.verdict == 0 && v.runner_up == 1 && v.runner_up_confidence == 0.5,
	    "vote: a tie goes to the first class");
	{
		const double tie[3] = { 0.4, 0.4, 0.2 };

		hostvote_acc_add(&a, HOSTVOTE_VOTE, tie, 3);
		ok(s[0] == 2 && s[1] == 1, "vote: a row's own tie votes for its first class");
	}

	s[0] = s[1] = s[2] = 0;
	a.n = 0;
	hostvote_acc_add(&a, HOSTVOTE_LOGPROB, p1, 3);
	hostvote_acc_add(&a, HOSTVOTE_LOGPROB, p2, 3);
	hostvote_acc_decide(&a, HOSTVOTE_LOGPROB, 3, 0, &v, sc);
	{
		/* products 0.05, 0.18, 0.06: normalised */
		double z = 0.05 + 0.18 + 0.06;

		ok(fabs(sc[0] - 0.05 / z) < 1e-12 && fabs(sc[1] - 0.18 / z) < 1e-12 &&
		    fabs(sc[2] - 0.06 / z) < 1e-12, "logprob: the normalised product");
		ok(v.verdict == 1 && v.runner_up == 2, "logprob: verdict 1, runner-up 2");
	}
	{
		const double zero[3] = { 0, 1, 0 };

		s[0] = s[1] = s[2] = 0;
		a.n = 0;
		hostvote_acc_add(&a, HOSTVOTE_LOGPROB, zero, 3);
		ok(s[0] == log(HOSTVOTE_LOG_FLOOR) && s[1] == 0, "logprob: p = 0 is floored");
	}
	{
		double s1[1] = { 0 };
		struct hostvote_acc one = { 0, s1 };
		const double p[1] = { 1 };

		hostvote_acc_add(&one, HOSTVOTE_MEAN, p, 1);
		hostvote_acc_decide(&one, HOSTVOTE_MEAN, 1, 0, &v, NULL);
		ok(v.verdict == 0 && v.runner_up == -1, "one class: no runner-up");
	}
	{
		enum hostvote_rule r;

		ok(hostvote_rule_parse("logprob", &r) == 0 && r == HOSTVOTE_LOGPROB &&
		    hostvote_rule_parse("median", &r) < 0, "rule names");
	}
}

/* The emitted rows, as text lines. */
static char got[4096];

static void
collect(void *ctx, const struct hostvote_row *r)
{
	size_t n = strlen(got);

	(void)ctx;
	snprintf(got + n, sizeof got - n, "%s@%s:%zu:%d:%s;", r->host,
	    r->start ? r->start : "-", r->n, r->v.verdict, r->label ? r->label : "-");
}

static const double A[2] = { 0.9, 0.1 }, B[2] = { 0.2, 0.8 };

static void
add(struct hostvote *h, const char *host, const char *time, const char *label,
    const double *p)
{
	struct hostvote_time t;

	hostvote_time_parse(time, &t);
	hostvote_add(h, host, &t, label, p);
}

static void
table(void)
{
	struct hostvote_opts o = { .K = 2, .rule = HOSTVOTE_MEAN, .min_rows = 1 };
	struct hostvote *h;

	got[0] = '\0';
	h = hostvote_new(&o, collect, NULL);
	add(h, "x", "10.5", "a", A);
	add(h, "y", "11", "", B);
	add(h, "x", "9.25", "b", B);
	add(h, "x", "12", "b", B);
	ok(!got[0], "without windows nothing before the end");
	hostvote_finish(h);
	is_str(got, "x@9.25:3:1:b;y@11:1:1:-;",
	    "hosts in first-seen order, start the earliest time, label the most frequent");
	hostvote_free(h);

	got[0] = '\0';
	h = hostvote_new(&o, collect, NULL);
	add(h, "x", "1", "b", A);
	add(h, "x", "2", "a", A);
	add(h, "x", "3", "a", A);
	add(h, "x", "4", "b", A);
	hostvote_finish(h);
	is_str(got, "x@1:4:0:b;", "a label tie goes to the label seen first");
	hostvote_free(h);

	got[0] = '\0';
	o.windowed = 1;
	hostvote_time_parse("30", &o.window);
	o.min_rows = 2;
	h = hostvote_new(&o, collect, NULL);
	add(h, "x", "1795859257.795076", "a", A);
	add(h, "y", "1795859258", "a", B);
	add(h, "x", "1795859259.999999", "a", A);
	add(h, "y", "1795859260", "a", B);
	add(h, "z", "1795859279.999999", "a", B);
	ok(!got[0], "an open window is not written");
	add(h, "y", "1795859280", "a", A);
	is_str(got, "x@1795859250:2:0:a;y@1795859250:2:1:a;",
	    "time past the window: its groups of min_rows rows are written, in order");
	add(h, "x", "1795859279.9", "a", A);
	ok(hostvote_late(h) == 1, "a row of a written window is late");
	add(h, "y", "1795859281", "a", A);
	add(h, "x", "1795859282", "a", A);
	hostvote_finish(h);
	is_str(got, "x@1795859250:2:0:a;y@1795859250:2:1:a;y@1795859280:2:0:a;"
	    "x@1795859280:2:0:a;", "...and counted in the open window");
	ok(hostvote_peak_groups(h) == 3, "peak of open groups");
	hostvote_free(h);

	got[0] = '\0';
	o.min_rows = 1;
	hostvote_time_parse("0.5", &o.window);
	h = hostvote_new(&o, collect, NULL);
	add(h, "n", "-0.75", "a", A);
	add(h, "n", "-0.5", "a", A);
	add(h, "n", "0.49", "a", A);
	hostvote_finish(h);
	is_str(got, "n@-1:1:0:a;n@-0.5:1:0:a;n@0:1:0:a;",
	    "windows on a grid from time 0, negative times included");
	hostvote_free(h);

	got[0] = '\0';
	o.follow = 1;
	o.min_rows = 2;
	hostvote_time_parse("30", &o.window);
	h = hostvote_new(&o, collect, NULL);
	add(h, "x", "0", "a", A);
	ok(!got[0], "follow: nothing under min_rows");
	add(h, "x", "1", "a", A);
	add(h, "x", "2", "a", A);
	add(h, "x", "3", "a", B);
	add(h, "x", "4", "a", B);
	add(h, "x", "5", "a", B);
	add(h, "x", "6", "a", B);
	add(h, "x", "7", "a", B);
	add(h, "x", "31", "a", B);
	add(h, "x", "32", "a", B);
	hostvote_finish(h);
	is_str(got, "x@0:2:0:a;x@0:8:1:a;x@30:2:1:a;",
	    "follow: the first verdict, each change, each new window; nothing at the end");
	hostvote_free(h);
}

static size_t nrows, nbad;

static void
count(void *ctx, const struct hostvote_row *r)
{
	char want[32];

	snprintf(want, sizeof want, "10.%zu.%zu.1", nrows / 256, nrows % 256);
	(void)ctx;
	nbad += r->n != 2 || strcmp(r->host, want) != 0 || strcmp(r->label, want) != 0;
	nrows++;
}

/* Many hosts and labels: the tables grow, ids stay in first-seen order. */
static void
many(void)
{
	struct hostvote_opts o = { .K = 2, .rule = HOSTVOTE_VOTE, .min_rows = 1 };
	struct hostvote *h = hostvote_new(&o, count, NULL);
	char host[32];
	size_t i, r, N = 20000;

	for (r = 0; r < 2; r++)
		for (i = 0; i < N; i++) {
			snprintf(host, sizeof host, "10.%zu.%zu.1", i / 256, i % 256);
			hostvote_add(h, host, NULL, host, A);
		}
	hostvote_finish(h);
	ok(nrows == N && nbad == 0, "%zu hosts, two rows each, in order (%zu bad)", N, nbad);
	ok(hostvote_peak_groups(h) == N, "peak %zu groups", hostvote_peak_groups(h));
	hostvote_free(h);
}

static void
collect_scores(void *ctx, const struct hostvote_row *r)
{
	size_t n = strlen(got);

	(void)ctx;
	snprintf(got + n, sizeof got - n, "%s:%zu:%d:%.17g:%d:%.17g;", r->host, r->n,
	    r->v.verdict, r->v.confidence, r->v.runner_up, r->v.runner_up_confidence);
}

/* Classes added on the way (hostvote_grow) give what having them from the
 * start, with probability 0 in the rows before, gives. */
static void
grow(void)
{
	static const double p2[][3] = { { 0.6, 0.4, 0 }, { 0.3, 0.7, 0 }, { 0.5, 0.5, 0 } };
	static const double p3[][3] = { { 0.1, 0.1, 0.8 }, { 0, 0.2, 0.8 }, { 0.2, 0.2, 0.6 } };
	struct hostvote_opts o = { .K = 3, .min_rows = 1 };
	char want[sizeof got];
	struct hostvote *h;
	int r, i, pass;

	for (r = HOSTVOTE_MEAN; r <= HOSTVOTE_LOGPROB; r++) {
		o.rule = (enum hostvote_rule)r;
		for (pass = 0; pass < 2; pass++) {
			o.K = pass ? 2 : 3;
			got[0] = '\0';
			h = hostvote_new(&o, collect_scores, NULL);
			for (i = 0; i < 3; i++)
				hostvote_add(h, i == 1 ? "y" : "x", NULL, NULL, p2[i]);
			if (pass)
				hostvote_grow(h, 3);
			for (i = 0; i < 3; i++)
				hostvote_add(h, i == 2 ? "z" : "x", NULL, NULL, p3[i]);
			hostvote_finish(h);
			hostvote_free(h);
			if (!pass)
				strcpy(want, got);
		}
		is_str(got, want, "rule %s: a class grown on the way", hostvote_rule_name(o.rule));
	}
}

int
main(void)
{
	times();
	rules();
	table();
	many();
	grow();
	return tap_done();
}
