/* osfp-tune: k-fold cross-validation of osfp-train options over a grid.
 * The folds (libcommon/learn/kfold.h: sklearn's StratifiedKFold, GroupKFold
 * or TimeSeriesSplit) are written as CSV files in a temporary folder;
 * every grid point is fitted on every fold by osfp-train itself, several
 * at a time, and scored here on the fold's test rows. One table, best
 * first (see osfp-tune(1)). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tune.h"
#include "base/cli.h"
#include "base/num.h"
#include "base/util.h"
#include "learn/kfold.h"
#include "table/csvr.h"

static const char usage[] =
    "usage: osfp-tune -m KIND [-k K] [--grid SPEC] [--group COL | --time COL] [-s SEED]\n"
    "                 [-j N] [-o MODEL] [-t] [-v] [--label COL] [--ignore COLS]\n"
    "                 [--print-folds] [file|-]\n";
static const char help[] =
    "\n"
    "Cross-validate osfp-train -m KIND over a grid of its options and print one\n"
    "table, best first: the options, the mean and standard deviation of the\n"
    "balanced accuracy over the folds, the mean fit seconds, the failed folds.\n"
    "\n"
    "  -m, --model KIND      osfp-train's model kind\n"
    "  -k, --folds K         folds (5): stratified by label, shuffled with SEED\n"
    "      --grid SPEC       'OPTION=V1,V2;OPTION=V3' with osfp-train's long option\n"
    "                        names, e.g. 'max-depth=none,8,16;trees=100,300'\n"
    "      --group COL       GroupKFold: the rows of one value of COL in one fold\n"
    "      --time COL        TimeSeriesSplit on the rows sorted by COL: each fold\n"
    "                        trains on every row before its test rows\n"
    "  -s, --seed SEED       the folds' shuffle and osfp-train's seed (42)\n"
    "  -j, --jobs N          osfp-train processes at a time (online CPUs)\n"
    "  -o, --output MODEL    refit the best options on all rows, write the model\n"
    "  -t, --tsv             write TSV\n"
    "  -v, --verbose         each fold's score on standard error\n"
    "      --label COL       label column (label)\n"
    "      --ignore COLS     more identifier columns, comma-separated (adds up)\n"
    "      --print-folds     print each row's test fold (row,fold) and exit\n";

enum { OPT_GRID = 0x100, OPT_GROUP, OPT_TIME, OPT_LABEL, OPT_IGNORE, OPT_PRINT };

/* osfp-train beside this program (an installed or built pair), else on PATH */
static const char *
find_train(void)
{
	static char buf[4096];
	const char *e = getenv("OSFP_TRAIN");
	char *s;
	ssize_t n;

	if (e && *e)
		return e;
	n = readlink("/proc/self/exe", buf, sizeof buf - 16);
	if (n > 0) {
		buf[n] = '\0';
		if ((s = strrchr(buf, '/'))) {
			strcpy(s + 1, "osfp-train");
			if (access(buf, X_OK) == 0)
				return buf;
		}
	}
	return "osfp-train";
}

/* The input, checked as osfp-train reads it (bad data is reported here,
 * with the input's name and line), into ds (labels) and rs (the text;
 * with --group or --time, that column's fields in rs->key[0]). */
static void
load(const char *in, const struct tune *t, const char *col, struct dataset *ds,
    struct records *rs, const char **name)
{
	struct dataset_opts o = { 0 };
	char err[512], *buf, *e = NULL;
	struct csvr *r;
	size_t len;
	long c = -1;
	FILE *f;

	buf = tune_slurp(in, name, &len);
	o.label = t->label;
	o.ignore = t->ignore;
	o.need_label = 1;
	/* fmemopen of an empty buffer: one byte, read away */
	if (!(f = fmemopen(buf, len ? len : 1, "r")))
		eprintf("fmemopen:");
	if (len == 0)
		fgetc(f);
	if (dataset_load(ds, f, *name, &o) < 0)
		eprintf("%s", ds->err);
	fclose(f);
	if (ds->n == 0)
		eprintf("'%s': no data rows", *name);
	if (!(r = csvr_open_mem(buf, len, *name, &e)))
		eprintf("%s", e);
	if (col && (c = csvr_col(r, col)) < 0)
		eprintf("'%s': no column '%s'", *name, col);
	if (records_read(rs, r, &c, NULL, col != NULL, err, sizeof err) < 0)
		eprintf("%s", err);
	csvr_close(r);
	free(buf);
	if (rs->n != ds->n)
		eprintf("'%s': %zu records but %zu rows", *name, rs->n, ds->n);
}

/* The folds as files in a new temporary folder (and all rows, for -o). */
static void
write_folds(struct tune *t, const struct records *rs, const struct ttsplit *folds, int all)
{
	const char *base = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char name[64];
	int i;

	tmpdir = emalloc(strlen(base) + 32);
	sprintf(tmpdir, "%s/osfp-tune.XXXXXX", base);
	if (!mkdtemp(tmpdir))
		eprintf("'%s': cannot make a temporary folder:", tmpdir);
	atexit(tune_cleanup);
	t->dir = tmpdir;
	for (i = 0; i < t->k; i++) {
		snprintf(name, sizeof name, "train-%d.csv", i);
		tune_write(name, rs, folds[i].train, folds[i].ntrain);
		snprintf(name, sizeof name, "test-%d.csv", i);
		tune_write(name, rs, folds[i].test, folds[i].ntest);
	}
	if (all)
		tune_write("all.csv", rs, NULL, 0);
}

/* Every grid point on every fold, the table, and with -o the best point
 * refitted on every row. Returns the exit status. */
static int
run(struct tune *t, const char *out, int tsv)
{
	struct job *jobs, refit = { 0 };
	struct score *sc;
	char *all;
	size_t p, nj = t->g.npoints * (size_t)t->k;
	int failures;

	t->train = find_train();
	/* XGBoost's threads spin at barriers unless told otherwise */
	setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
	jobs = ecalloc(nj, sizeof *jobs);
	for (p = 0; p < nj; p++) {
		jobs[p].point = p / (size_t)t->k;
		jobs[p].fold = (int)(p % (size_t)t->k);
	}
	jobs_run(t, jobs, nj, NULL, NULL);
	sc = emalloc(t->g.npoints * sizeof *sc);
	failures = tune_score(t, jobs, sc);
	tune_table(t, sc, tsv);
	if (out && !sc[0].failed) {
		all = emalloc(strlen(tmpdir) + 16);
		sprintf(all, "%s/all.csv", tmpdir);
		refit.point = sc[0].point;
		refit.fold = -1;
		jobs_run(t, &refit, 1, all, out);
		free(all);
		if (refit.status)
			eprintf("refit: %s", refit.msg);
	} else if (out)
		weprintf("no model written: every grid point has a failed fold");
	free(sc);
	free(jobs);
	return failures ? EXIT_DATA : EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "model", required_argument, 0, 'm' },
		{ "folds", required_argument, 0, 'k' },
		{ "seed", required_argument, 0, 's' },
		{ "jobs", required_argument, 0, 'j' },
		{ "output", required_argument, 0, 'o' },
		{ "verbose", no_argument, 0, 'v' },
		{ "grid", required_argument, 0, OPT_GRID },
		{ "group", required_argument, 0, OPT_GROUP },
		{ "time", required_argument, 0, OPT_TIME },
		{ "label", required_argument, 0, OPT_LABEL },
		{ "ignore", required_argument, 0, OPT_IGNORE },
		{ "print-folds", no_argument, 0, OPT_PRINT },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	struct tune t = { 0 };
	struct dataset ds;
	struct records rs;
	struct ttsplit *folds;
	const char *in, *name, *grid = NULL, *group = NULL, *time = NULL, *out = NULL;
	char *ignored = NULL;   /* every --ignore, joined (cli_list_add) */
	char err[512];
	int c, tsv = 0, print = 0, rc;

	osfp_init(argv);
	t.k = 5;
	t.seed = 42;
	t.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = getopt_long(argc, argv, "m:k:s:j:o:vt", longopts, NULL)) != -1) {
		cli_std(c, usage, help);
		switch (c) {
		case 'm': t.kind = optarg; break;
		case 'k': t.k = (int)cli_int_in("folds", optarg, 2, 1000); break;
		case 's': t.seed = (unsigned long)cli_int_in("seed", optarg, 0, 4294967295L); break;
		case 'j': t.jobs = (int)cli_int_in("jobs", optarg, 1, 1024); break;
		case 'o': out = optarg; break;
		case 'v': t.verbose = 1; break;
		case 't': tsv = 1; break;
		case OPT_GRID: grid = optarg; break;
		case OPT_GROUP: group = optarg; break;
		case OPT_TIME: time = optarg; break;
		case OPT_LABEL: t.label = optarg; break;
		case OPT_IGNORE: cli_list_add(&ignored, optarg); break;
		case OPT_PRINT: print = 1; break;
		default: cli_usage(usage);
		}
	}
	in = cli_one_input(argc, argv, usage);
	if (!t.kind && !print) {
		weprintf("no model kind (-m KIND)");
		cli_usage(usage);
	}
	if (group && time)
		uprintf("--group and --time exclude each other");
	if (t.jobs < 1)
		t.jobs = 1;
	if (grid && grid_parse(&t.g, grid, err, sizeof err) < 0)
		uprintf("--grid: %s", err);
	if (!grid)
		t.g.npoints = 1;
	/* the group or time column joins the identifiers osfp-train ignores */
	if (group || time)
		cli_list_add(&ignored, group ? group : time);
	t.ignore = ignored;

	load(in, &t, group ? group : time, &ds, &rs, &name);
	folds = ecalloc((size_t)t.k, sizeof *folds);
	tune_folds(&t, &ds, &rs, name, group, time, folds);
	if (print) {
		tune_print_folds(folds, t.k, rs.n, tsv);
		rc = EXIT_OK;
	} else {
		write_folds(&t, &rs, folds, out != NULL);
		rc = run(&t, out, tsv);
	}
	kfold_free(folds, t.k);
	free(folds);
	dataset_free(&ds);
	records_free(&rs);
	grid_free(&t.g);
	free((char *)t.ignore);
	return rc;
}
