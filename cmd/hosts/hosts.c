/* osfp-hosts: which OS is each host: osfp-predict's per-row class
 * probabilities (or p0f's verdicts, as votes) grouped by host (and time
 * window) into one verdict per group, streamed as the input is read. The rules and the window
 * bookkeeping are hostvote's; this file reads the columns and writes. */
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/num.h"
#include "base/samefile.h"
#include "base/util.h"
#include "learn/hostvote.h"
#include "learn/metrics.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/dataset.h"
#include "table/jsonl.h"
#include "hosts.h"

static const char usage[] =
    "usage: osfp-hosts [-t | --json | --score] [--host COL] [--rule mean|vote|logprob]\n"
    "                  [--window SEC] [--min-rows N] [--min-confidence P] [--follow]\n"
    "                  [file|-]\n";
static const char help[] =
    "\n"
    "Read osfp-predict output (the host column, p_CLASS columns or else p0f's\n"
    "verdicts in 'predicted', optional time and label) and write one verdict\n"
    "per host, or per host and window:\n"
    "host,start,n,verdict,confidence,runner_up,runner_up_confidence[,label].\n"
    "\n"
    "      --host COL            the column naming the host (src)\n"
    "      --rule RULE           mean (of the probabilities), vote (of the rows'\n"
    "                            top classes), logprob (sum of log-probabilities)\n"
    "      --window SEC          one row per host and SEC-second window of 'time'\n"
    "      --min-rows N          write groups of at least N rows (1)\n"
    "      --min-confidence P    verdict 'unknown' below confidence P (0)\n"
    "      --follow              write a group again whenever its verdict changes\n"
    "  -t, --tsv                 write TSV\n"
    "      --json                write JSON Lines\n"
    "      --score               report the balanced accuracy of the verdicts\n"
    "                            against the groups' labels instead\n";

enum {
	OPT_HOST = 0x100, OPT_RULE, OPT_WINDOW, OPT_MIN_ROWS, OPT_MIN_CONF, OPT_JSON,
	OPT_SCORE, OPT_FOLLOW
};

/* p0f's verdicts as classes: at most this many distinct ones */
#define MAX_VERDICTS 1024

struct cols {             /* the input's columns, found by name */
	long host, time, label;
	size_t *p;            /* the p_ columns, in input order */
	int K;
	char **classes;       /* their class names */
	long pred;            /* no p_ columns: p0f's verdicts in 'predicted',
	                       * the classes those seen so far; else -1 */
};

static void
emit(void *ctx, const struct hostvote_row *r)
{
	struct out *o = ctx;
	const struct hostvote_verdict *v = &r->v;
	const char *verdict = v->verdict < 0 ? "unknown" : o->classes[v->verdict];
	struct jsonl j;

	if (o->scoring) {
		if (!r->label) {
			o->unlabelled++;
			return;
		}
		if (o->ns == o->scap) {
			o->scap = o->scap ? 2 * o->scap : 64;
			o->slab = ereallocarray(o->slab, o->scap, sizeof *o->slab);
			o->sverd = ereallocarray(o->sverd, o->scap, sizeof *o->sverd);
		}
		o->slab[o->ns] = estrdup(r->label);
		o->sverd[o->ns++] = v->verdict;
		return;
	}
	if (o->json) {
		jsonl_begin(&j, &o->w);
		jsonl_str(&j, "host", r->host);
		if (r->start)
			jsonl_num(&j, "start", r->start);
		else
			jsonl_null(&j, "start");
		jsonl_u64(&j, "n", r->n);
		jsonl_str(&j, "verdict", verdict);
		jsonl_dbl(&j, "confidence", v->confidence);
		if (v->runner_up >= 0) {
			jsonl_str(&j, "runner_up", o->classes[v->runner_up]);
			jsonl_dbl(&j, "runner_up_confidence", v->runner_up_confidence);
		} else {
			jsonl_null(&j, "runner_up");
			jsonl_null(&j, "runner_up_confidence");
		}
		if (o->label) {
			if (r->label)
				jsonl_str(&j, "label", r->label);
			else
				jsonl_null(&j, "label");
		}
		jsonl_end(&j);
	} else {
		csvw_str(&o->w, r->host);
		csvw_str(&o->w, r->start ? r->start : "");
		csvw_u64(&o->w, r->n);
		csvw_str(&o->w, verdict);
		csvw_dbl(&o->w, v->confidence);
		if (v->runner_up >= 0) {
			csvw_str(&o->w, o->classes[v->runner_up]);
			csvw_dbl(&o->w, v->runner_up_confidence);
		} else {
			csvw_empty(&o->w);
			csvw_empty(&o->w);
		}
		if (o->label)
			csvw_str(&o->w, r->label ? r->label : "");
		csvw_end(&o->w);
	}
	if (o->live)
		csvw_flush(&o->w);
}

/* Find the columns; a missing one is a data error (exit 1), named by
 * the option that asks for it. */
static void
find_cols(struct csvr *r, const char *host, int windowed, int scoring, struct cols *c)
{
	const char *name = csvr_name(r);
	size_t i, n = csvr_ncols(r);
	int scores = 0;

	c->host = csvr_col(r, host);
	if (c->host < 0)
		eprintf("'%s': no host column '%s' (--host COL names another)", name, host);
	c->time = csvr_col(r, "time");
	if (windowed && c->time < 0)
		eprintf("'%s': no 'time' column (--window needs it)", name);
	c->label = csvr_col(r, "label");
	if (scoring && c->label < 0)
		eprintf("'%s': no 'label' column (--score needs it)", name);
	c->p = emalloc(n * sizeof *c->p);
	c->classes = emalloc((n > MAX_VERDICTS ? n : MAX_VERDICTS) * sizeof *c->classes);
	c->K = 0;
	for (i = 0; i < n; i++) {
		const char *col = csvr_colname(r, i);

		scores |= strncmp(col, "score_", 6) == 0;
		if (strncmp(col, "p_", 2) != 0)
			continue;
		if (!col[2])
			eprintf("'%s': line 1: column 'p_' names no class", name);
		c->p[c->K] = i;
		c->classes[c->K++] = estrdup(col + 2);
	}
	/* without probabilities, p0f's verdicts (osfp-predict -m p0f.fp) */
	c->pred = c->K || scores ? -1 : csvr_col(r, "predicted");
	if (c->K == 0 && c->pred < 0)
		eprintf("'%s': no p_CLASS columns (class probabilities, as osfp-predict "
		    "writes them) nor p0f's verdicts in 'predicted'%s", name, scores ? "; a "
		    "ridge model's score_ columns are not probabilities" : "");
}

/* The row's p0f verdict ('predicted') as a class, added (h grown) when
 * new: its index; -1 when empty (no SYN: no verdict); -2 with the error
 * in r past MAX_VERDICTS. "???" (no signature matched) is "unknown". */
static int
verdict_class(struct csvr *r, struct cols *c, struct hostvote *h)
{
	const char *v = csvr_field(r, (size_t)c->pred);
	int k;

	if (!*v)
		return -1;
	if (strcmp(v, "???") == 0)
		v = "unknown";
	for (k = 0; k < c->K; k++)
		if (strcmp(c->classes[k], v) == 0)
			return k;
	if (c->K == MAX_VERDICTS)
		return csvr_fail(r, "column 'predicted': more than %d distinct verdicts",
		    MAX_VERDICTS) - 1;
	c->classes[c->K++] = estrdup(v);
	hostvote_grow(h, c->K);
	return k;
}

/* The row's probabilities into p: its p_ columns; or its p0f verdict's
 * class 1, every other 0 (-1: no verdict, the row is skipped). 0, -1, or
 * -2 with the error in r. */
static int
row_probs(struct csvr *r, struct cols *c, struct hostvote *h, double *p)
{
	int k;

	if (c->pred >= 0) {
		if ((k = verdict_class(r, c, h)) < 0)
			return k;
		memset(p, 0, (size_t)c->K * sizeof *p);
		p[k] = 1;
		return 0;
	}
	for (k = 0; k < c->K; k++) {
		const char *s = csvr_field(r, c->p[k]);

		if (num_parse_dbl(s, &p[k]) < 0 || p[k] < -1e-9 || p[k] > 1 + 1e-9)
			return csvr_fail(r, "column '%s': not a probability in [0, 1]: '%s'",
			    csvr_colname(r, c->p[k]), s) - 1;
	}
	return 0;
}

/* Read the rows into h; returns 0, or -1 with the error in r. */
static int
read_rows(struct csvr *r, struct cols *c, struct hostvote *h)
{
	struct hostvote_time t;
	double *p = emalloc((size_t)(c->pred >= 0 ? MAX_VERDICTS : c->K) * sizeof *p);
	const char *e;
	int rc;

	while ((rc = csvr_next(r)) > 0) {
		if (c->time >= 0 && (e = hostvote_time_parse(csvr_field(r, (size_t)c->time),
		    &t))) {
			rc = csvr_fail(r, "column 'time': %s: '%s'", e,
			    csvr_field(r, (size_t)c->time));
			break;
		}
		if ((rc = row_probs(r, c, h, p)) == -2)
			break;
		if (rc == -1)
			continue;
		hostvote_add(h, csvr_field(r, (size_t)c->host), c->time >= 0 ? &t : NULL,
		    c->label >= 0 ? csvr_field(r, (size_t)c->label) : NULL, p);
	}
	free(p);
	return rc < 0 ? -1 : rc;
}

static void
parse_opts(int argc, char **argv, struct hostvote_opts *ho, struct out *o, const char **host)
{
	static const struct option longopts[] = {
		{ "host", required_argument, 0, OPT_HOST },
		{ "rule", required_argument, 0, OPT_RULE },
		{ "window", required_argument, 0, OPT_WINDOW },
		{ "min-rows", required_argument, 0, OPT_MIN_ROWS },
		{ "min-confidence", required_argument, 0, OPT_MIN_CONF },
		{ "json", no_argument, 0, OPT_JSON },
		{ "score", no_argument, 0, OPT_SCORE },
		{ "follow", no_argument, 0, OPT_FOLLOW },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	const char *e;
	int c, tsv = 0;
	long l;

	while ((c = getopt_long(argc, argv, "ht", longopts, NULL)) != -1) {
		cli_std(c, usage, help);
		switch (c) {
		case 't': tsv = 1; break;
		case OPT_HOST: *host = optarg; break;
		case OPT_JSON: o->json = 1; break;
		case OPT_SCORE: o->scoring = 1; break;
		case OPT_FOLLOW: ho->follow = 1; break;
		case OPT_RULE:
			if (hostvote_rule_parse(optarg, &ho->rule) < 0)
				uprintf("--rule: '%s' is not mean, vote or logprob", optarg);
			break;
		case OPT_WINDOW:
			if ((e = hostvote_window_parse(optarg, &ho->window)))
				uprintf("--window: '%s': %s", optarg, e);
			ho->windowed = 1;
			break;
		case OPT_MIN_ROWS:
			if (num_parse_long(optarg, 1, 1L << 40, &l) < 0)
				uprintf("--min-rows: '%s' is not a whole number from 1", optarg);
			ho->min_rows = (size_t)l;
			break;
		case OPT_MIN_CONF:
			if (num_parse_dbl(optarg, &ho->min_confidence) < 0 ||
			    ho->min_confidence < 0 || ho->min_confidence > 1)
				uprintf("--min-confidence: '%s' is not a number in [0, 1]", optarg);
			break;
		default:
			cli_usage(usage);
		}
	}
	if (o->json + tsv + o->scoring > 1 || (o->scoring && ho->follow)) {
		weprintf("%s exclude each other", o->scoring && ho->follow
		    ? "--score and --follow" : "-t, --json and --score");
		cli_usage(usage);
	}
	o->tsv = tsv;
}

int
main(int argc, char **argv)
{
	struct hostvote_opts ho = { .rule = HOSTVOTE_MEAN, .min_rows = 1 };
	static const char *const hdr[] = { "host", "start", "n", "verdict", "confidence",
		"runner_up", "runner_up_confidence", "label" };
	const char *in, *name, *host = "src";
	struct out o = { 0 };
	struct cols c;
	struct hostvote *h;
	struct csvr *r;
	char *err;
	int rc, k, bad = 0;
	FILE *f;

	osfp_init(argv);
	parse_opts(argc, argv, &ho, &o, &host);
	in = cli_one_input(argc, argv, usage);
	if (samefile_input(NULL, &in, 1) >= 0)      /* >>predictions.csv */
		uprintf("'%s': standard output would overwrite this input",
		    in && strcmp(in, "-") != 0 ? in : "<stdin>");
	f = efopen_in(in, &name);
	if (!(r = csvr_open(f, name, &err)))
		eprintf("%s", err);
	find_cols(r, host, ho.windowed, o.scoring, &c);
	ho.K = c.K;
	o.classes = c.classes;
	o.label = c.label >= 0;
	o.live = ho.follow || !fregular(stdout) || !fregular(f);
	if (o.live)
		setvbuf(stdout, NULL, _IONBF, 0);
	csvw_init(&o.w, stdout, "<stdout>", o.tsv);
	if (!o.json && !o.scoring) {
		for (k = 0; k < 7 + o.label; k++)   /* label: where the input has it */
			csvw_str(&o.w, hdr[k]);
		csvw_end(&o.w);
		if (o.live)
			csvw_flush(&o.w);
	}
	h = hostvote_new(&ho, emit, &o);
	rc = read_rows(r, &c, h);
	/* everything read before a bad row is written, then the error */
	hostvote_finish(h);
	if (rc >= 0 && hostvote_late(h))
		weprintf("'%s': %zu rows older than the open window counted in it (input "
		    "not in time order)", name, hostvote_late(h));
	if (o.scoring && o.ns)
		score(&o, c.K);
	else if (o.scoring && rc >= 0) {
		weprintf("'%s': no labelled group to score", name);
		bad = 1;
	}
	err = rc < 0 ? estrdup(csvr_error(r)) : NULL;
	hostvote_free(h);
	csvr_close(r);
	efclose_in(f);
	for (k = 0; k < c.K; k++)
		free(c.classes[k]);
	free(c.classes);
	free(c.p);
	bad |= csvw_close(&o.w);
	if (err) {
		weprintf("%s", err);
		free(err);
		return EXIT_DATA;
	}
	return bad ? EXIT_DATA : EXIT_OK;
}
