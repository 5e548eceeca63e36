/* Unit tests for timesplit.c: the last rows in time of each class (or of
 * all rows) to the test side, exact decimal times, ties by input order,
 * both sides in input order, the errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn/hostvote.h"
#include "learn/timesplit.h"
#include "learn/ttsplit.h"
#include "tap.h"

/* Parse n time strings into t (which holds n). */
static void
parse_all(const char *const *s, size_t n, struct hostvote_time *t)
{
	for (size_t i = 0; i < n; i++)
		if (hostvote_time_parse(s[i], &t[i]))
			printf("# bad time '%s'\n", s[i]);
}

/* "1 4 7": a side as text */
static void
side_str(const size_t *idx, size_t n, char *buf, size_t sz)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && off < sz; i++)
		off += (size_t)snprintf(buf + off, sz - off, "%s%zu", i ? " " : "", idx[i]);
}

/* Split and compare both sides with the expected text. */
static void
split_is(const char *const *ts, const int *y, size_t n, int K, double test,
    const char *want_train, const char *want_test, const char *what)
{
	static char *names[] = { "a", "b", "c" };
	struct hostvote_time t[32];
	struct ttsplit s;
	char err[256] = "", got[256];
	int rc;

	parse_all(ts, n, t);
	rc = timesplit_split(t, y, n, K, names, test, &s, err, sizeof err);
	ok(rc == 0, "%s: splits", what);
	if (rc < 0) {
			return;
	}
	side_str(s.train, s.ntrain, got, sizeof got);
	is_str(got, want_train, "%s: train side", what);
	side_str(s.test, s.ntest, got, sizeof got);
	is_str(got, want_test, "%s: test side", what);
	ttsplit_free(&s);
}

static void
per_class(void)
{
	/* a: rows 0 2 4 6 8 at times 5 1 4 2 3; b: rows 1 3 5 7 9 at 10..1 */
	static const char *const ts[] = { "5", "10", "1", "9", "4", "8", "2", "7", "3", "6" };
	static const int y[] = { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 };

	split_is(ts, y, 10, 2, 0.2, "2 3 4 5 6 7 8 9", "0 1",
	    "per class, 0.2 of 5 rows each: the latest of each class");
	split_is(ts, y, 10, 2, 0.4, "2 5 6 7 8 9", "0 1 3 4",
	    "per class, 0.4: the two latest of each class, sides in input order");
	split_is(ts, y, 10, 2, 3, "2 6 7 9", "0 1 3 4 5 8", "per class, a count: 3 of each class");
	split_is(ts, NULL, 10, 0, 0.3, "0 2 4 6 7 8 9", "1 3 5",
	    "one cut over all rows: the 3 latest");
}

static void
ties_and_exactness(void)
{
	/* equal times: the row later in the input is the later one */
	static const char *const tie[] = { "7.5", "7.50", "7.500", "7.5000", "1" };
	/* four times that strtod makes one double: as decimals, the larger
	 * is the later whatever its place in the input */
	static const char *const exact[] = { "1795859257.7950760000002", "1795859257.7950760000001",
		"1795859257.795076", "1795859257.79507599" };
	/* values, not text: 10.5 > 9.75, -2 < 0.5, 0100 = 100 */
	static const char *const vals[] = { "10.5", "9.75", "-2", "0.5", "0100", "99.999999" };

	split_is(tie, NULL, 5, 0, 2, "0 1 4", "2 3", "ties: the last rows in the input go to test");
	split_is(exact, NULL, 4, 0, 1, "1 2 3", "0",
	    "times that are one double are told apart");
	split_is(exact, NULL, 4, 0, 3, "3", "0 1 2", "and the earliest by a decimal place stays");
	split_is(vals, NULL, 6, 0, 3, "1 2 3", "0 4 5", "times compare by value, not as text");
}

static void
errors(void)
{
	static const char *const ts[] = { "1", "2", "3", "4", "5" };
	static const int y[] = { 0, 0, 0, 1, 0 };
	static char *names[] = { "a", "lonely" };
	struct hostvote_time t[5];
	struct ttsplit s;
	char err[256] = "";

	parse_all(ts, 5, t);
	ok(timesplit_split(t, y, 5, 2, names, 0.2, &s, err, sizeof err) < 0 &&
	    strstr(err, "class 'lonely': ") == err && strstr(err, "train set would be empty"),
	    "a class of one row cannot be on both sides: the class is named");
	ok(timesplit_split(t, y, 5, 2, names, 1, &s, err, sizeof err) < 0 &&
	    strstr(err, "class 'lonely': test size 1 must be smaller than the number of samples 1"),
	    "a count as large as a class is refused");
	ok(timesplit_split(t, NULL, 5, 0, names, 5, &s, err, sizeof err) < 0 &&
	    strstr(err, "test size 5 must be smaller"), "one cut: a count of every row is refused");
	ok(timesplit_split(t, NULL, 0, 0, names, 0.2, &s, err, sizeof err) < 0 &&
	    strstr(err, "with 0 samples"), "no rows: refused as sklearn refuses them");
}

int
main(void)
{
	per_class();
	ties_and_exactness();
	errors();
	return tap_done();
}
