/* osfp-predict: label new rows with a model: each row's identifier columns,
 * the predicted class and the class probabilities (for ridge, which has
 * none, its decision scores); or, with a p0f fingerprint database for a
 * model, p0f's verdict on each row's SYN (p0f.c). */
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/samefile.h"
#include "base/num.h"
#include "learn/modelinput.h"
#include "table/csvw.h"
#include "base/util.h"
#include "p0f.h"

static const char usage[] =
    "usage: osfp-predict -m MODEL [-t] [--label COL] [--ignore COLS]\n"
    "                    [--min-confidence P] [file|-]\n";
static const char help[] =
    "\n"
    "Write, for each input row, its identifier columns (flow, sample, label,\n"
    "family, --ignore'd ones), 'predicted', and p_CLASS for every class\n"
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
write_header(struct csvw *w, const struct model *m, const struct dataset *ds)
{
	const char *pre = model_has_proba(m) ? "p_" : "score_";
	size_t j;
	char *col;
	int k;

	for (j = 0; j < ds->nid; j++)
		csvw_str(w, ds->idnames[j]);
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
	struct dataset ds;
	struct model m;
	struct csvw w;
	char err[512], *buf;
	int c, tsv = 0, *pred;
	size_t i, j, K, len;
	double *P, minconf = -1;
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
	free(buf);
	if (c < 0)
		eprintf("%s", err);
	/* a threshold on decision scores would mean nothing: refused */
	if (minconf >= 0 && !model_has_proba(&m))
		uprintf("--min-confidence: a %s model has no probabilities",
		    model_kind_name(m.kind));
	o.ds.keep_ids = 1;
	o.ds.keep_partial = 1;
	f = efopen_in(in, &name);
	if (modelinput_rows(&o, &m, f, name, &ds) < 0 && !ds.partial)
		eprintf("%s", ds.err);
	efclose_in(f);
	free(o.ignore);         /* (only the load looks at it) */

	K = (size_t)m.K;
	pred = emalloc((ds.n ? ds.n : 1) * sizeof *pred);
	P = emalloc((ds.n ? ds.n : 1) * K * sizeof *P);
	model_predict(&m, ds.X, ds.n, pred, P);

	csvw_init(&w, stdout, "<stdout>", tsv);
	write_header(&w, &m, &ds);
	for (i = 0; i < ds.n; i++) {
		for (j = 0; j < ds.nid; j++)
			csvw_str(&w, ds.ids[i * ds.nid + j]);
		/* pred[i] is the first most probable class: below P, no class */
		csvw_str(&w, P[i * K + (size_t)pred[i]] < minconf ? "unknown"
		    : m.classes[pred[i]]);
		for (j = 0; j < K; j++)
			csvw_dbl(&w, P[i * K + j]);
		csvw_end(&w);
	}
	free(pred);
	free(P);
	model_free(&m);
	if (ds.partial) {
		/* the predictions of every good row are out; now the bad one */
		char e[sizeof ds.err];

		memcpy(e, ds.err, sizeof e);
		dataset_free(&ds);
		if (csvw_close(&w))
			return EXIT_DATA;
		eprintf("%s", e);
	}
	dataset_free(&ds);
	return csvw_close(&w) ? EXIT_DATA : EXIT_OK;
}
