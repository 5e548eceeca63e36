/* osfp-predict: label new rows with a model: each row's identifier columns,
 * the predicted class and the class probabilities (for ridge, which has
 * none, its decision scores); or, with a p0f fingerprint database for a
 * model, p0f's verdict on each row's SYN (p0f.c). */
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/samefile.h"
#include "base/num.h"
#include "base/progress.h"
#include "features/extraction.h"
#include "learn/modelinput.h"
#include "table/csvw.h"
#include "base/util.h"
#include "p0f.h"

static const char usage[] =
    "usage: osfp-predict -m MODEL [-t] [--label COL] [--ignore COLS]\n"
    "                    [--min-confidence P] [file|-]\n";
static const char help[] =
    "\n"
    "Write, for each input row as it is read, its identifier columns (flow,\n"
    "sample, label, family, src, dst, sport, dport, proto, packet, time,\n"
    "--ignore'd ones), 'predicted', and p_CLASS for every class\n"
    "(score_CLASS, the decision values, for a ridge model). With a p0f v3\n"
    "fingerprint database (e.g. /etc/p0f/p0f.fp) for MODEL: 'predicted' is\n"
    "p0f's verdict on the row's syn columns, then 'params', 'dist', 'raw_sig'.\n"
    "\n"
    MODELINPUT_OPTS_HELP
    "                      or a p0f v3 fingerprint database\n"
    "  -t, --tsv           write TSV\n"
    "      --label COL     the label column, if any, passed through (label)\n"
    "      --ignore COLS   more identifier columns, comma-separated (adds up)\n"
    "      --min-confidence P  'unknown' where the top probability is below P\n";

enum { OPT_MIN_CONF = 0x100 };

/* The identifiers, predicted, then p_CLASS (score_CLASS for ridge). */
static void
write_header(struct csvw *w, const struct model *m, const struct dataset_rows *s)
{
	const char *pre = model_has_proba(m) ? "p_" : "score_";
	size_t j;
	char *col;
	int k;

	for (j = 0; j < s->nid; j++)
		csvw_str(w, s->idnames[j]);
	csvw_str(w, "predicted");
	for (k = 0; k < m->K; k++) {
		col = emalloc(strlen(pre) + strlen(m->classes[k]) + 1);
		strcpy(col, pre);
		strcat(col, m->classes[k]);
		csvw_str(w, col);
		free(col);
	}
	csvw_end(w);
}

/* The rows of r for m; a header that does not fit the model ends the run,
 * explained by the model's extraction record x when it has one. */
static void
open_rows(const struct modelinput_opts *o, const struct model *m, const struct extraction *x,
    struct csvr *r, const char *mname, struct dataset_rows *s)
{
	char msg[600];
	int rc = modelinput_open(o, m, r, s);

	if (rc == 0)
		return;
	if (rc == DATASET_COLUMNS && x && extraction_compare(x, s->incols, s->nin,
	    o->ds.ignore, msg, sizeof msg) < 0)
		eprintf("'%s': the model was trained on %s: extract with osfp-flow-features "
		    "--like %s", csvr_name(r), msg, strcmp(mname, "<stdin>") ? mname : "MODEL");
	eprintf("%s%s", s->err, rc == DATASET_COLUMNS && !x ? MODELINPUT_HINT : "");
}

/* Each row's prediction as it is read, flushed at once when live (on a
 * pipe, say); a bad row ends the run after the predictions of every row
 * before it. Returns 0, or -1 with the error in s->err. */
static int
predict_rows(const struct model *m, struct dataset_rows *s, struct csvw *w, double minconf,
    int live)
{
	size_t K = (size_t)m->K, j, n;
	double *P = emalloc(K * sizeof *P);
	struct progress prog;
	const char *id;
	int rc, pred;

	progress_init(&prog, "rows");
	while ((rc = dataset_rows_next(s)) == 1) {
		model_predict(m, s->x, 1, &pred, P);
		for (j = 0; j < s->nid; j++) {
			id = dataset_rows_id(s, j, &n);
			csvw_strn(w, id, n);
		}
		/* pred is the first most probable class: below P, no class */
		csvw_str(w, P[pred] < minconf ? "unknown" : m->classes[pred]);
		for (j = 0; j < K; j++)
			csvw_dbl(w, P[j]);
		csvw_end(w);
		if (live)
			csvw_flush(w);
		progress_tick(&prog, s->n);
	}
	if (rc == 0)
		progress_done(&prog);
	free(P);
	return rc;
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

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		MODELINPUT_LONGOPTS,
		{ "min-confidence", required_argument, 0, OPT_MIN_CONF },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	const char *in, *name, *mname;
	struct modelinput_opts o = { 0 };
	struct dataset_rows s;
	struct extraction x;
	struct model m;
	struct csvw w;
	struct csvr *r;
	char err[600], *buf, *e;
	int c, tsv = 0, live;
	size_t len;
	double minconf = -1;
	FILE *f;

	osfp_init(argv);
	while ((c = getopt_long(argc, argv, "hm:t", longopts, NULL)) != -1) {
		cli_std(c, usage, help);
		if (modelinput_opt(&o, c, optarg))
			continue;
		if (c == OPT_MIN_CONF) {
			if (num_parse_dbl(optarg, &minconf) < 0 || minconf < 0 || minconf > 1)
				uprintf("--min-confidence: '%s' is not a number in [0, 1]", optarg);
			continue;
		}
		if (c != 't')
			cli_usage(usage);
		tsv = 1;
	}
	in = cli_one_input(argc, argv, usage);
	if (!o.model) {
		weprintf("no model (-m MODEL)");
		cli_usage(usage);
	}
	if (strcmp(o.model, "-") == 0 && (!in || strcmp(in, "-") == 0))
		uprintf("the model (-m -) and the rows cannot both be standard input");
	stdout_not_input(in, o.model);
	if (model_slurp(o.model, &buf, &len, err, sizeof err) < 0)
		eprintf("%s", err);
	mname = strcmp(o.model, "-") == 0 ? "<stdin>" : o.model;
	if (model_is_p0f(buf, len)) {
		if (minconf >= 0)
			uprintf("--min-confidence: a p0f database has no probabilities");
		c = p0f_predict(mname, buf, len, in, &o.ds, tsv);
		free(buf);
		free(o.ignore);
		return c;
	}
	c = model_load(&m, buf, len, mname, err, sizeof err);
	if (c == 0 && m.extraction && extraction_parse(&x, buf, len, mname, err, sizeof err) < 0)
		c = -1;
	free(buf);
	if (c < 0)
		eprintf("%s", err);
	/* a threshold on decision scores would mean nothing: refused */
	if (minconf >= 0 && !model_has_proba(&m))
		uprintf("--min-confidence: a %s model has no probabilities",
		    model_kind_name(m.kind));
	f = efopen_in(in, &name);
	if (!(r = csvr_open(f, name, &e)))
		eprintf("%s", e);
	open_rows(&o, &m, m.extraction ? &x : NULL, r, mname, &s);
	free(o.ignore);         /* (only the mapping looks at it) */
	/* live: csvw_flush hands each row to an unbuffered stdout */
	live = !fregular(stdout) || !fregular(f);
	if (live)
		setvbuf(stdout, NULL, _IONBF, 0);
	csvw_init(&w, stdout, "<stdout>", tsv);
	write_header(&w, &m, &s);
	if (live)
		csvw_flush(&w);
	c = predict_rows(&m, &s, &w, minconf, live);
	if (c < 0)
		snprintf(err, sizeof err, "%s", s.err);
	dataset_rows_free(&s);
	csvr_close(r);
	efclose_in(f);
	model_free(&m);
	if (csvw_close(&w))
		return EXIT_DATA;
	/* the predictions of every good row are out; now the bad one */
	if (c < 0)
		eprintf("%s", err);
	return EXIT_OK;
}
