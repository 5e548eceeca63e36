/* Unit tests for extraction.c: the parameters by key, as the command line
 * and the record set them. */
#include <string.h>

#include "features/extraction.h"
#include "tap.h"

static void
test_set(void)
{
	struct extraction x;
	char msg[200], buf[100];

	extraction_default(&x);
	ok(x.dim == 0 && x.rate < 0 && x.q == 0.9 && !x.majority && !x.keep_unlabelled,
	    "defaults: widths from the data, q 0.9, first label, unlabelled dropped");
	ok(!extraction_streams(&x), "iat,stats from the data: held");
	ok(extraction_set(&x, "dim", "21", msg, sizeof msg) == 0 && x.dim == 21, "dim");
	ok(extraction_streams(&x), "a fixed dim streams iat,stats");
	ok(extraction_set(&x, "features", "samp_num", msg, sizeof msg) == 0, "features");
	featvec_spec_list(&x.spec, buf, sizeof buf);
	is_str(buf, "samp_num", "features replace the default");
	ok(!extraction_streams(&x), "SAMP without a rate: held");
	ok(extraction_set(&x, "samp-rate", "0.25", msg, sizeof msg) == 0 && x.rate == 0.25,
	    "samp-rate");
	ok(extraction_streams(&x), "dim and rate fixed: streams");
	ok(extraction_set(&x, "header", "1", msg, sizeof msg) == 0 && x.spec.header, "header");
	ok(extraction_set(&x, "fft", "1", msg, sizeof msg) == 0 && x.spec.fft, "fft");
	ok(extraction_set(&x, "keep-unlabelled", "1", msg, sizeof msg) == 0 && x.keep_unlabelled,
	    "keep-unlabelled");
	ok(extraction_set(&x, "label-rule", "majority", msg, sizeof msg) == 0 && x.majority,
	    "label-rule");
	ok(extraction_set(&x, "nprint-packets", "7", msg, sizeof msg) == 0 && x.spec.nprint_k == 7,
	    "nprint-packets");
	ok(extraction_set(&x, "q", "1", msg, sizeof msg) == 0 && x.q == 1, "q");
}

static void
test_bad(void)
{
	static const struct {
		const char *key, *value, *msg;
	} t[] = {
		{ "dim", "1", "'1' is not an integer in 2..1000000" },
		{ "dim", "x", "'x' is not an integer in 2..1000000" },
		{ "q", "0", "'0' is not a number in (0, 1]" },
		{ "q", "1.5", "'1.5' is not a number in (0, 1]" },
		{ "samp-rate", "0", "'0' is not a positive number" },
		{ "samp-rate", "-1", "'-1' is not a positive number" },
		{ "samp-rate", "nan", "'nan' is not a positive number" },
		{ "label-rule", "last", "'last' is not first or majority" },
		{ "nprint-packets", "0", "'0' is not an integer in 1..100" },
		{ "header", "yes", "'yes' is not 0 or 1" },
		{ "features", "iat,bogus", "unknown feature set 'bogus'" },
	};
	struct extraction x;
	char msg[200];
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		extraction_default(&x);
		ok(extraction_set(&x, t[i].key, t[i].value, msg, sizeof msg) == -1,
		    "bad %s %s", t[i].key, t[i].value);
		is_str(msg, t[i].msg, "its message");
	}
	ok(extraction_set(&x, "dims", "3", msg, sizeof msg) == -2, "an unknown key: -2");
}

int
main(void)
{
	test_set();
	test_bad();
	return tap_done();
}
