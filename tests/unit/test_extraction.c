/* Unit tests for extraction.c: the parameters by key, as the command line
 * and the record set them. */
#include <stdio.h>
#include <stdlib.h>
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

static const char rec_text[] =
    "extraction version 1\n"
    "extraction features iat,samp_num,syn\n"
    "extraction header 1\n"
    "extraction fft 0\n"
    "extraction nprint-packets 5\n"
    "extraction dim 21\n"
    "extraction q 0.5\n"
    "extraction samp-rate 0.30000000000000004\n"
    "extraction label-rule majority\n"
    "extraction keep-unlabelled 1\n"
    "extraction interval 0.25\n";

static void
test_record(void)
{
	struct extraction x, y;
	char msg[300], *text;

	extraction_default(&x);
	ok(extraction_set(&x, "features", "iat", msg, sizeof msg) == 0 &&
	    extraction_set(&x, "features", "samp_num,syn", msg, sizeof msg) == 0,
	    "features twice: appended");
	extraction_set(&x, "header", "1", msg, sizeof msg);
	extraction_set(&x, "nprint-packets", "5", msg, sizeof msg);
	extraction_set(&x, "dim", "21", msg, sizeof msg);
	extraction_set(&x, "q", "0.5", msg, sizeof msg);
	extraction_set(&x, "samp-rate", "0.30000000000000004", msg, sizeof msg);
	extraction_set(&x, "label-rule", "majority", msg, sizeof msg);
	extraction_set(&x, "keep-unlabelled", "1", msg, sizeof msg);
	ok(extraction_set(&x, "interval", "0.25", msg, sizeof msg) == 0 && x.interval == 0.25,
	    "interval");
	text = extraction_format(&x);
	is_str(text, rec_text, "the record, every key, shortest round-trip doubles");
	ok(extraction_parse(&y, text, strlen(text), "r", msg, sizeof msg) == 0, "reads back");
	ok(y.dim == 21 && y.rate == 0.1 + 0.2 && y.q == 0.5 && y.majority && y.keep_unlabelled &&
	    y.spec.header && !y.spec.fft && y.spec.nprint_k == 5 && y.spec.nsets == 2 &&
	    y.spec.nfp == 1 && y.spec.fp[0] == FP_SYN && !y.features_given && y.interval == 0.25,
	    "every value");
	free(text);

	extraction_default(&x);
	x.spec.nsets = 1;
	text = extraction_format(&x);
	ok(strstr(text, "extraction dim -\n") && strstr(text, "extraction samp-rate -\n") &&
	    strstr(text, "extraction interval -\n"), "dim, rate and interval not used: '-'");
	ok(extraction_parse(&y, text, strlen(text), "r", msg, sizeof msg) == 0 &&
	    y.dim == 0 && y.rate < 0 && y.interval < 0, "'-' reads back as not used");
	free(text);
	/* a record written before interval was added */
	ok(extraction_parse(&y, rec_text, strstr(rec_text, "extraction interval") - rec_text,
	    "r", msg, sizeof msg) == 0 && y.interval < 0, "interval is optional");
	ok(extraction_parse(&y, "extraction interval 0\n", 23, "r", msg, sizeof msg) < 0 &&
	    strcmp(msg, "'r': line 1: extraction interval: '0' is not a positive number") == 0,
	    "interval 0: refused");
}

/* The columns of x, as osfp-flow-features names them. */
static void
test_compare(void)
{
	static const char *const cols20[] = { "iat_0", "iat_1", "duration", "pkts_rate" };
	const char *cols[64];
	struct extraction x;
	char msg[300], nm[10];
	size_t i, n;

	extraction_default(&x);
	extraction_set(&x, "dim", "41", msg, sizeof msg);
	for (n = 0; n < 19; n++) {
		snprintf(nm, sizeof nm, "iat_%zu", n);
		cols[n] = strdup(nm);
	}
	cols[n++] = "duration";
	ok(extraction_compare(&x, cols, n, NULL, msg, sizeof msg) < 0, "dim 20 against 41");
	is_str(msg, "features extracted with -f iat,stats --dim 41 (iat_0..iat_39); this input "
	    "has iat_0..iat_18", "the first difference, as runs");
	extraction_set(&x, "dim", "10", msg, sizeof msg);
	ok(extraction_compare(&x, cols, n, "pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,"
	    "num_pkts,num_bytes", msg, sizeof msg) < 0, "dim 20 against 10");
	is_str(msg, "features extracted with -f iat,stats --dim 10 (iat_0..iat_8); this input "
	    "has iat_0..iat_18", "the first column the record lacks");
	extraction_set(&x, "dim", "3", msg, sizeof msg);
	ok(extraction_compare(&x, cols20, 3, NULL, msg, sizeof msg) < 0, "some missing");
	is_str(msg, "features extracted with -f iat,stats --dim 3 (pkts_rate); this input has "
	    "no column 'pkts_rate'", "a name without a number");
	ok(extraction_compare(&x, cols20, 3, "pkts_rate,bytes_rate,mean,std,q1,q2,q3,min,max,"
	    "num_pkts,num_bytes", msg, sizeof msg) == 0, "those skipped may be missing");
	ok(extraction_compare(&x, cols20 + 1, 3, "iat_0,pkts_rate,bytes_rate,mean,std,q1,q2,q3,"
	    "min,max,num_pkts,num_bytes,x", msg, sizeof msg) == 0, "in any order");
	ok(extraction_compare(&x, cols, 4, "duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,"
	    "min,max,num_pkts,num_bytes,x", msg, sizeof msg) < 0, "but not one more");
	is_str(msg, "features extracted with -f iat,stats --dim 3 (iat_0..iat_1); this input has "
	    "iat_0..iat_3", "the first it adds");
	x.dim = 0;
	ok(extraction_compare(&x, cols20, 1, NULL, msg, sizeof msg) == 0, "dim '-': no opinion");
	extraction_default(&x);
	extraction_set(&x, "features", "syn,nprint", msg, sizeof msg);
	extraction_set(&x, "nprint-packets", "2", msg, sizeof msg);
	ok(extraction_compare(&x, cols20, 2, NULL, msg, sizeof msg) < 0, "syn,nprint");
	is_str(msg, "features extracted with -f syn,nprint --nprint-packets 2 (syn_none); this "
	    "input has no column 'syn_none'", "nprint: its packets named");
	for (i = 0; i < 19; i++)
		free((char *)cols[i]);
}

static void
test_embedded(void)
{
	static const char model[] =
	    "osfp-model 1\r\nkind ridge\n"
	    "extraction version 1\r\n"
	    "extraction features stats\n"
	    "extraction header 0\nextraction fft 0\nextraction nprint-packets 3\n"
	    "classes 2\n"
	    "extraction dim -\nextraction q 0.9\nextraction samp-rate -\n"
	    "extraction label-rule first\nextraction keep-unlabelled 0\n"
	    "extractions 1\nfeature extraction dim 3\n";
	struct extraction x;
	char msg[300];

	ok(extraction_parse(&x, model, sizeof model - 1, "m.model", msg, sizeof msg) == 0,
	    "a model file holding the record (CR LF lines too)");
	ok(x.spec.nsets == 1 && x.spec.sets[0] == FEAT_STATS && x.dim == 0, "its values");
}

static void
test_parse_bad(void)
{
	static const struct {
		const char *text, *msg;
	} t[] = {
		{ "", "'r': no extraction record (lines 'extraction KEY VALUE')" },
		{ "osfp-model 1\nkind ridge\n", "'r': no extraction record (lines 'extraction KEY VALUE')" },
		{ "extraction version 1\n", "'r': extraction record without 'features'" },
		{ "x\nextraction version 2\n", "'r': line 2: extraction version '2' (this osfp reads version 1)" },
		{ "extraction dim 3\nextraction dim 4\n", "'r': line 2: extraction 'dim' given twice" },
		{ "extraction dims 3\n", "'r': line 1: extraction unknown key 'dims'" },
		{ "extraction dim\n", "'r': line 1: extraction 'dim' without a value" },
		{ "extraction dim \n", "'r': line 1: extraction 'dim' without a value" },
		{ "extraction samp-rate -1\n", "'r': line 1: extraction samp-rate: '-1' is not a positive number" },
		{ "extraction features iat,x\x1b\n", "'r': line 1: extraction features: unknown feature set 'x?'" },
		{ "\n\nextraction header 2\n", "'r': line 3: extraction header: '2' is not 0 or 1" },
	};
	struct extraction x;
	char msg[300];
	size_t i;

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		ok(extraction_parse(&x, t[i].text, strlen(t[i].text), "r", msg, sizeof msg) < 0,
		    "bad record %zu", i);
		is_str(msg, t[i].msg, "its message");
	}
	ok(extraction_parse(&x, "extraction dim 3\0\n", 18, "r", msg, sizeof msg) < 0 &&
	    strcmp(msg, "'r': line 1: extraction NUL byte") == 0, "a NUL byte");
}

static void
test_fix(void)
{
	struct extraction x;
	double cnt[] = { 4, 3 }, dur[] = { 2, 0 };
	char note[200];
	int from;

	extraction_default(&x);
	from = extraction_fix(&x, cnt, dur, 2);
	ok(from == (EXTRACTION_DIM | EXTRACTION_RATE) && x.dim == 3 && x.rate == 0.6,
	    "dim floor(quantile_0.9 [4 3]) = 3, R = quantile_0.3 [2 0]");
	extraction_note(&x, from, 2, note, sizeof note);
	is_str(note, "widths from 2 flows: --dim 3 --samp-rate 0.6", "the note");
	extraction_note(&x, EXTRACTION_RATE, 1, note, sizeof note);
	is_str(note, "SAMP window from 1 flow: --samp-rate 0.6", "rate only");
	extraction_note(&x, 0, 1, note, sizeof note);
	is_str(note, "", "nothing from the data");
	extraction_default(&x);
	x.dim = 7;
	ok(extraction_fix(&x, cnt, NULL, 2) == 0 && x.dim == 7 && x.rate < 0,
	    "fixed dim kept, no durations: no rate");
	extraction_default(&x);
	ok(extraction_fix(&x, cnt, dur, 0) == 0 && x.dim == 0, "no flows: nothing");
}

static void
test_read(void)
{
	struct extraction x;
	char msg[300];
	FILE *f = tmpfile();

	fputs("osfp-model 1\n", f);
	fputs(rec_text, f);
	rewind(f);
	ok(extraction_read(&x, f, "t", msg, sizeof msg) == 0 && x.dim == 21, "read from a file");
	fclose(f);
}

int
main(void)
{
	test_set();
	test_bad();
	test_record();
	test_embedded();
	test_compare();
	test_parse_bad();
	test_fix();
	test_read();
	return tap_done();
}
