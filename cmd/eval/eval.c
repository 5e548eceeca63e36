/* osfp-eval: score a model on labelled rows: the notebook's
 * "Balanced Accuracy" line, then sklearn's per-class precision, recall,
 * F1 and support, and the confusion matrix (or all of it as a CSV). */
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/samefile.h"
#include "features/extraction.h"
#include "learn/modelinput.h"
#include "table/csvw.h"
#include "learn/metrics.h"
#include "base/util.h"

static const char usage[] =
    "usage: osfp-eval -m MODEL [--csv] [-t] [--label COL] [--ignore COLS] [file|-]\n";
static const char help[] =
    "\n"
    "Predict labelled rows with MODEL and report how well it did.\n"
    "\n"
    MODELINPUT_OPTS_HELP
    "      --csv           one machine-readable table: metric,class,predicted,value\n"
    "  -t, --tsv           the same table as TSV\n"
    "      --label COL     label column (label)\n"
    "      --ignore COLS   more identifier columns, comma-separated (adds up)\n";

enum { OPT_CSV = 0x100 };

/* sklearn's macro and support-weighted averages over the reported classes */
struct avgs {
	double macro[3], weighted[3];
};

static void
averages(const struct metrics_class_stats *s, const char *used, int K, struct avgs *a)
{
	double n = 0, total = 0;
	int t, i;

	memset(a, 0, sizeof *a);
	for (t = 0; t < K; t++) {
		const double v[3] = { s[t].precision, s[t].recall, s[t].f1 };

		if (!used[t])
			continue;
		n++;
		total += (double)s[t].support;
		for (i = 0; i < 3; i++) {
			a->macro[i] += v[i];
			a->weighted[i] += v[i] * (double)s[t].support;
		}
	}
	for (i = 0; i < 3; i++) {
		a->macro[i] = n > 0 ? a->macro[i] / n : 0;
		a->weighted[i] = total > 0 ? a->weighted[i] / total : 0;
	}
}

static void
row(struct csvw *w, const char *metric, const char *cls, const char *pred, double v)
{
	csvw_str(w, metric);
	csvw_str(w, cls ? cls : "");
	csvw_str(w, pred ? pred : "");
	csvw_dbl(w, v);
	csvw_end(w);
}

static void
report_csv(const struct model *m, const size_t *C, const struct metrics_class_stats *s,
    const char *used, double bacc, double acc, int tsv)
{
	static const char *const hdr[] = { "metric", "class", "predicted", "value", NULL };
	static const char *const avgname[2][3] = {
		{ "macro_precision", "macro_recall", "macro_f1" },
		{ "weighted_precision", "weighted_recall", "weighted_f1" },
	};
	struct csvw w;
	struct avgs a;
	int t, p, i, K = m->K;

	averages(s, used, K, &a);
	csvw_init(&w, stdout, "<stdout>", tsv);
	csvw_header(&w, hdr);
	row(&w, "balanced_accuracy", NULL, NULL, bacc);
	row(&w, "accuracy", NULL, NULL, acc);
	for (i = 0; i < 3; i++)
		row(&w, avgname[0][i], NULL, NULL, a.macro[i]);
	for (i = 0; i < 3; i++)
		row(&w, avgname[1][i], NULL, NULL, a.weighted[i]);
	for (t = 0; t < K; t++) {
		if (!used[t])
			continue;
		row(&w, "precision", m->classes[t], NULL, s[t].precision);
		row(&w, "recall", m->classes[t], NULL, s[t].recall);
		row(&w, "f1", m->classes[t], NULL, s[t].f1);
		row(&w, "support", m->classes[t], NULL, (double)s[t].support);
	}
	for (t = 0; t < K; t++)
		for (p = 0; p < K; p++)
			if (used[t] && used[p])
				row(&w, "confusion", m->classes[t], m->classes[p],
				    (double)C[t * K + p]);
	if (csvw_close(&w))
		exit(EXIT_DATA);
}

static void
report_text(const struct model *m, const size_t *C, const struct metrics_class_stats *s,
    const char *used, double bacc, double acc, size_t n)
{
	int t, p, K = m->K, wid = 12;
	struct avgs a;

	averages(s, used, K, &a);
	for (t = 0; t < K; t++)
		if (used[t] && (int)strlen(m->classes[t]) > wid)
			wid = (int)strlen(m->classes[t]);
	printf("Balanced Accuracy: %.4f\n\n", bacc);
	printf("%3s %-*s %9s %9s %9s %9s\n", "#", wid, "class", "precision", "recall",
	    "f1-score", "support");
	for (t = 0; t < K; t++)
		if (used[t])
			printf("%3d %-*s %9.4f %9.4f %9.4f %9zu\n", t, wid, m->classes[t],
			    s[t].precision, s[t].recall, s[t].f1, s[t].support);
	printf("%3s %-*s %9s %9s %9.4f %9zu\n", "", wid, "accuracy", "", "", acc, n);
	printf("%3s %-*s %9.4f %9.4f %9.4f %9zu\n", "", wid, "macro avg", a.macro[0],
	    a.macro[1], a.macro[2], n);
	printf("%3s %-*s %9.4f %9.4f %9.4f %9zu\n\n", "", wid, "weighted avg", a.weighted[0],
	    a.weighted[1], a.weighted[2], n);
	printf("confusion matrix (rows: true class, columns: predicted class, by #)\n");
	printf("%3s", "#");
	for (p = 0; p < K; p++)
		if (used[p])
			printf(" %5d", p);
	putchar('\n');
	for (t = 0; t < K; t++) {
		if (!used[t])
			continue;
		printf("%3d", t);
		for (p = 0; p < K; p++)
			if (used[p])
				printf(" %5zu", C[t * K + p]);
		putchar('\n');
	}
}

/* Standard output must not be the rows' file or the model's (>>in.csv):
 * refused before anything is read or written. */
static void
stdout_not_input(const char *in, const char *model)
{
	const char *ins[2] = { in, model };
	long i = samefile_input(NULL, ins, 2);

	if (i >= 0)
		uprintf("'%s': standard output would overwrite this input",
		    ins[i] && strcmp(ins[i], "-") != 0 ? ins[i] : "<stdin>");
}

/* The model at path (named mname) and its extraction record, if any,
 * into x (exits on a bad one): 1 with a record, else 0. */
static int
load_model(const char *path, const char *mname, struct model *m, struct extraction *x)
{
	char err[600], *buf;
	size_t len;
	int rc;

	if (model_slurp(path, &buf, &len, err, sizeof err) < 0)
		eprintf("%s", err);
	rc = model_load(m, buf, len, mname, err, sizeof err);
	if (rc == 0 && m->extraction && extraction_parse(x, buf, len, mname, err, sizeof err) < 0)
		rc = -1;
	free(buf);
	if (rc < 0)
		eprintf("%s", err);
	return m->extraction != NULL;
}

/* Every row of r for m; a header that does not fit the model ends the
 * run, explained by the model's extraction record x when it has one. */
static void
load_rows(const struct modelinput_opts *o, const struct model *m, const struct extraction *x,
    struct csvr *r, const char *mname, struct dataset *ds)
{
	struct dataset_rows s;
	char msg[600];
	int rc = modelinput_open(o, m, r, &s);

	if (rc == DATASET_COLUMNS && x && extraction_compare(x, s.incols, s.nin,
	    o->ds.ignore, msg, sizeof msg) < 0)
		eprintf("'%s': the model was trained on %s: extract with osfp-flow-features "
		    "--like %s", csvr_name(r), msg, strcmp(mname, "<stdin>") ? mname : "MODEL");
	if (rc < 0)
		eprintf("%s%s", s.err, rc == DATASET_COLUMNS && !x ? MODELINPUT_HINT : "");
	if (dataset_load_rows(ds, &s) < 0)
		eprintf("%s", ds->err);
	dataset_rows_free(&s);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		MODELINPUT_LONGOPTS,
		{ "csv", no_argument, 0, OPT_CSV },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	const char *in, *name, *mname;
	struct modelinput_opts o = { 0 };
	struct dataset ds;
	struct model m;
	struct extraction x;
	struct metrics_class_stats *s;
	struct csvr *r;
	char *used, *e;
	int has_x;
	int c, csv = 0, tsv = 0, *pred, t;
	size_t *C, i, correct = 0;
	double bacc, acc;
	FILE *f;

	osfp_init(argv);
	while ((c = getopt_long(argc, argv, "hm:t", longopts, NULL)) != -1) {
		cli_std(c, usage, help);
		if (modelinput_opt(&o, c, optarg))
			continue;
		switch (c) {
		case 't': tsv = csv = 1; break;
		case OPT_CSV: csv = 1; break;
		default: cli_usage(usage);
		}
	}
	in = cli_one_input(argc, argv, usage);
	if (!o.model) {
		weprintf("no model (-m MODEL)");
		cli_usage(usage);
	}
	if (strcmp(o.model, "-") == 0 && (!in || strcmp(in, "-") == 0))
		uprintf("the model (-m -) and the rows cannot both be standard input");
	stdout_not_input(in, o.model);
	mname = strcmp(o.model, "-") == 0 ? "<stdin>" : o.model;
	has_x = load_model(o.model, mname, &m, &x);
	o.ds.need_label = 1;
	o.ds.classes = m.classes;
	o.ds.nclasses = m.K;
	f = efopen_in(in, &name);
	if (!(r = csvr_open(f, name, &e)))
		eprintf("%s", e);
	load_rows(&o, &m, has_x ? &x : NULL, r, mname, &ds);
	csvr_close(r);
	efclose_in(f);
	free(o.ignore);         /* (only the load looks at it) */
	if (ds.n == 0)
		eprintf("'%s': no data rows", name);

	pred = emalloc(ds.n * sizeof *pred);
	model_predict(&m, ds.X, ds.n, pred, NULL);
	C = metrics_confusion(ds.y, pred, ds.n, m.K);
	s = emalloc((size_t)m.K * sizeof *s);
	metrics_class_stats(C, m.K, s);
	used = emalloc((size_t)m.K);
	for (t = 0; t < m.K; t++)
		used[t] = s[t].support > 0 || s[t].predicted > 0;
	for (i = 0; i < ds.n; i++)
		correct += pred[i] == ds.y[i];
	bacc = metrics_balanced_accuracy(C, m.K);
	acc = (double)correct / (double)ds.n;
	if (csv)
		report_csv(&m, C, s, used, bacc, acc, tsv);
	else
		report_text(&m, C, s, used, bacc, acc, ds.n);
	free(pred);
	free(C);
	free(s);
	free(used);
	dataset_free(&ds);
	model_free(&m);
	return fshut(stdout, "<stdout>") ? EXIT_DATA : EXIT_OK;
}
