/* osfp-split: split a labelled CSV into a train and a test file exactly as
 * sklearn's train_test_split(test_size, random_state, stratify=y) does, or
 * by groups (GroupShuffleSplit) so that no group straddles the two sides,
 * or in time (the last rows of each class to the test side). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/dataset.h"
#include "base/num.h"
#include "base/progress.h"
#include "base/samefile.h"
#include "learn/hostvote.h"
#include "learn/timesplit.h"
#include "learn/ttsplit.h"
#include "base/util.h"

static const char usage[] =
    "usage: osfp-split [-t] [-p TEST] [-s SEED] [--label COL] [--group COL | --time COL]\n"
    "                  [--no-stratify] --train TRAIN.csv --test TEST.csv [file|-]\n";
static const char help[] =
    "\n"
    "Split rows into a train and a test file, both with the header, as\n"
    "train_test_split(test_size=TEST, random_state=SEED, stratify=label).\n"
    "\n"
    "  -p, --test-size TEST  test fraction in (0, 1), or a whole count (0.2)\n"
    "  -s, --seed SEED       numpy RandomState seed, 0..4294967295 (42)\n"
    "      --label COL       stratify by column COL (label)\n"
    "      --group COL       keep the rows of each value of COL on one side\n"
    "                        (GroupShuffleSplit: TEST counts groups)\n"
    "      --time COL        the last TEST of each class's rows in time (exact\n"
    "                        decimal times in COL; ties: input order) to test\n"
    "      --no-stratify     plain shuffled split (ShuffleSplit); with --time,\n"
    "                        one cut in time over all rows\n"
    "      --train FILE      where the train rows go\n"
    "      --test FILE       where the test rows go\n"
    "  -t, --tsv             write TSV\n"
    "      --help, --version\n";

enum { OPT_LABEL = 0x100, OPT_GROUP, OPT_TIME, OPT_TRAIN, OPT_TEST, OPT_NOSTRAT };

/* All records, each stored as its fields joined by NULs. */
struct rows {
	char **rec;
	size_t n, cap, ncols;
	char **key;          /* the label or group value of each row */
	struct hostvote_time *t;  /* with --time: each row's time */
};

static void
write_side(const char *path, const struct rows *rw, struct csvr *r, const size_t *idx,
    size_t n, int tsv)
{
	struct csvw w;
	size_t i, c;

	csvw_init(&w, efopen_out(path), path, tsv);
	for (c = 0; c < rw->ncols; c++)
		csvw_str(&w, csvr_colname(r, c));
	csvw_end(&w);
	for (i = 0; i < n; i++) {
		const char *s = rw->rec[idx[i]];

		for (c = 0; c < rw->ncols; c++) {
			csvw_str(&w, s);
			s += strlen(s) + 1;
		}
		csvw_end(&w);
	}
	if (csvw_close(&w))
		exit(EXIT_DATA);
}

/* What the command line asks for. */
struct args {
	const char *label, *group, *time, *trainf, *testf, *in;
	double test;
	long seed;
	int tsv, nostrat;
};

static void
parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "test-size", required_argument, 0, 'p' },
		{ "seed", required_argument, 0, 's' },
		{ "label", required_argument, 0, OPT_LABEL },
		{ "group", required_argument, 0, OPT_GROUP },
		{ "time", required_argument, 0, OPT_TIME },
		{ "no-stratify", no_argument, 0, OPT_NOSTRAT },
		{ "train", required_argument, 0, OPT_TRAIN },
		{ "test", required_argument, 0, OPT_TEST },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "hp:s:t", longopts, NULL)) != -1) {
		cli_std(c, usage, help);
		switch (c) {
		case 'p':
			if (num_parse_dbl(optarg, &a->test) < 0 || !(a->test > 0) ||
			    (a->test >= 1 && a->test != floor(a->test)))
				uprintf("test size '%s' is neither a fraction in (0, 1) nor a whole count",
				    optarg);
			break;
		case 's':
			a->seed = cli_int_in("seed", optarg, 0, 4294967295L);
			break;
		case 't': a->tsv = 1; break;
		case OPT_LABEL: a->label = optarg; break;
		case OPT_GROUP: a->group = optarg; break;
		case OPT_TIME: a->time = optarg; break;
		case OPT_NOSTRAT: a->nostrat = 1; break;
		case OPT_TRAIN: a->trainf = optarg; break;
		case OPT_TEST: a->testf = optarg; break;
		default: cli_usage(usage);
		}
	}
	a->in = cli_one_input(argc, argv, usage);
	if (!a->trainf || !a->testf) {
		weprintf("--train and --test are both required");
		cli_usage(usage);
	}
	if (a->group && a->nostrat)
		uprintf("--group and --no-stratify exclude each other");
	if (a->group && a->time)
		uprintf("--group and --time exclude each other");
	/* before anything is read or written (opening an output truncates) */
	if (samefile_input(a->trainf, &a->in, 1) >= 0)
		uprintf("'%s': --train would overwrite the input", a->trainf);
	if (samefile_input(a->testf, &a->in, 1) >= 0)
		uprintf("'%s': --test would overwrite the input", a->testf);
	if (strcmp(a->trainf, a->testf) == 0 || samefile_input(a->testf, &a->trainf, 1) >= 0)
		uprintf("--train and --test name the same file ('%s')", a->trainf);
}

/* Every record of r into rw, each with its key (column keycol, or none
 * when keycol < 0) and, when timecol >= 0, its time; an empty label and
 * a time that is not an exact decimal are errors. */
static void
read_rows(struct csvr *r, const char *name, const struct args *a, long keycol,
    long timecol, struct rows *rw)
{
	struct progress prog;
	size_t i;
	int rc;

	progress_init(&prog, "rows");
	while ((rc = csvr_next(r)) > 0) {
		size_t len = 0, off = 0;

		progress_tick(&prog, rw->n + 1);

		for (i = 0; i < rw->ncols; i++)
			len += csvr_fieldlen(r, i) + 1;
		if (rw->n == rw->cap) {
			rw->cap = rw->cap ? 2 * rw->cap : 1024;
			rw->rec = ereallocarray(rw->rec, rw->cap, sizeof *rw->rec);
			rw->key = ereallocarray(rw->key, rw->cap, sizeof *rw->key);
			if (timecol >= 0)
				rw->t = ereallocarray(rw->t, rw->cap, sizeof *rw->t);
		}
		rw->rec[rw->n] = emalloc(len);
		for (i = 0; i < rw->ncols; i++) {
			size_t l = csvr_fieldlen(r, i) + 1;

			memcpy(rw->rec[rw->n] + off, csvr_field(r, i), l);
			if ((long)i == keycol)
				rw->key[rw->n] = rw->rec[rw->n] + off;
			off += l;
		}
		if (keycol >= 0 && !a->group && !*rw->key[rw->n])
			eprintf("'%s': line %lu: empty label in column '%s'", name,
			    csvr_line(r), a->label);
		if (timecol >= 0) {
			const char *e = hostvote_time_parse(csvr_field(r, (size_t)timecol),
			    &rw->t[rw->n]);

			if (e) {
				csvr_fail(r, "column '%s': %s: '%s'", a->time, e,
				    csvr_field(r, (size_t)timecol));
				eprintf("%s", csvr_error(r));
			}
		}
		rw->n++;
	}
	if (rc < 0)
		eprintf("%s", csvr_error(r));
	progress_done(&prog);
	if (rw->n > UINT32_MAX)
		eprintf("'%s': more than 2^32 rows", name);
}

int
main(int argc, char **argv)
{
	struct args a = { .label = "label", .test = 0.2, .seed = 42 };
	const char *name;
	long keycol, timecol = -1;
	int K, rc;
	struct rows rw = { 0 };
	struct ttsplit sp;
	struct csvr *r;
	char *err = NULL, msg[512];
	char **classes;
	int *y;
	FILE *f;

	osfp_init(argv);
	parse_args(argc, argv, &a);
	f = efopen_in(a.in, &name);
	if (!(r = csvr_open(f, name, &err)))
		eprintf("%s", err);
	rw.ncols = csvr_ncols(r);
	keycol = a.group ? csvr_col(r, a.group) : a.nostrat ? -1 : csvr_col(r, a.label);
	if (!a.nostrat && keycol < 0)
		eprintf("'%s': no %s column '%s'", name, a.group ? "group" : "label",
		    a.group ? a.group : a.label);
	if (a.time && (timecol = csvr_col(r, a.time)) < 0)
		eprintf("'%s': no time column '%s'", name, a.time);
	read_rows(r, name, &a, keycol, timecol, &rw);
	efclose_in(f);

	y = emalloc((rw.n ? rw.n : 1) * sizeof *y);
	K = 0;
	classes = NULL;
	if (keycol >= 0)
		K = dataset_label_encode(rw.key, rw.n, y, &classes);
	if (a.time)
		rc = timesplit_split(rw.t, keycol >= 0 ? y : NULL, rw.n, K, classes, a.test, &sp,
		    msg, sizeof msg);
	else if (a.group)
		rc = ttsplit_groups(y, rw.n, K, a.test, (uint32_t)a.seed, &sp, msg, sizeof msg);
	else if (a.nostrat)
		rc = ttsplit_shuffle(rw.n, a.test, (uint32_t)a.seed, &sp, msg, sizeof msg);
	else
		rc = ttsplit_stratified(y, rw.n, K, classes, a.test, (uint32_t)a.seed, &sp, msg,
		    sizeof msg);
	if (rc < 0) {
		/* freed before exiting: LeakSanitizer need not find them on the stack */
		free(y);
		dataset_free_strings(classes, (size_t)K);
		eprintf("'%s': %s", name, msg);
	}
	write_side(a.trainf, &rw, r, sp.train, sp.ntrain, a.tsv);
	write_side(a.testf, &rw, r, sp.test, sp.ntest, a.tsv);

	csvr_close(r);
	ttsplit_free(&sp);
	dataset_free_strings(classes, (size_t)K);
	free(y);
	dataset_free_strings(rw.rec, rw.n);
	free(rw.key);
	free(rw.t);
	return fshut(stdout, "<stdout>") ? EXIT_DATA : EXIT_OK;
}
