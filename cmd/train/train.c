/* osfp-train: fit one of the notebook's four models (RidgeClassifier,
 * LogisticRegression, MLPClassifier, RandomForestClassifier) or XGBoost's
 * gradient-boosted trees on a features CSV and write it as a plain-text
 * model file (see model.h, osfp-train(1)). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cli.h"
#include "table/csvw.h"
#include "table/dataset.h"
#include "learn/model.h"
#include "base/monotime.h"
#include "base/samefile.h"
#include "base/util.h"
#include "gbdtopt.h"
#include "p0f.h"
#include "record.h"

static const char usage[] =
    "usage: osfp-train -m ridge|logistic|mlp|rf|gbdt [-v] [-s SEED] [-j THREADS] [-o MODEL]\n"
    "                  [--label COL] [--ignore COLS] [--extraction FILE] [options]\n"
    "                  [file|-]\n"
    "       osfp-train -m p0f [-o FILE] [--label COL] [--family COL] [file|-]\n";
static const char help[] =
    "\n"
    "Fit a model on a features CSV (label column + numeric features) and write it.\n"
    "Defaults are the notebook's: StandardScaler for ridge, logistic and mlp;\n"
    "RidgeClassifier(alpha=1), LogisticRegression(max_iter=500),\n"
    "MLPClassifier((50,), max_iter=500), RandomForestClassifier(100); gbdt:\n"
    "XGBoost's (hist, multi:softprob) but colsample, min-child-weight and\n"
    "class-weight.\n"
    "\n"
    "  -m, --model KIND        ridge, logistic, mlp, rf, gbdt or p0f\n"
    "  -o, --output MODEL      model file (standard output)\n"
    "  -s, --seed SEED         seed for mlp, rf and gbdt (42)\n"
    "  -j, --threads N         threads for rf, logistic, mlp and gbdt (online CPUs);\n"
    "                          the model does not depend on it\n"
    "      --label COL         label column (label)\n"
    "      --ignore COLS       more identifier columns, comma-separated (adds up)\n"
    "      --extraction FILE   keep in the model the extraction record of the\n"
    "                          features (osfp-flow-features --dim-out FILE), so\n"
    "                          that osfp-flow-features --like MODEL repeats it\n"
    "      --scale, --no-scale force the StandardScaler on or off\n"
    "  -v, --verbose           fit statistics on standard error\n"
    "ridge:    --alpha X (1)\n"
    "logistic: -C X (1), --max-iter N (500 iterations)\n"
    "mlp:      --hidden N (50), --alpha X (0.0001), --lr X (0.001), --batch N (200),\n"
    "          --epochs N (500; --max-iter too), --tol X (0.0001), --no-change N (10)\n"
    "rf:       --trees N (100), --max-features N (sqrt), --max-depth N|none (none),\n"
    "          --min-samples-split N (2), --min-samples-leaf N (1), --no-bootstrap,\n"
    "          --importances FILE (impurity-based feature importances as CSV)\n"
    GBDTOPT_HELP
    "p0f:      a p0f v3 fingerprint database of each label's SYN signatures (the\n"
    "          syn columns), classes from --family COL (family)\n";

enum {
	OPT_LABEL = 0x100, OPT_IGNORE, OPT_SCALE, OPT_NOSCALE, OPT_ALPHA, OPT_MAXITER,
	OPT_HIDDEN, OPT_LR, OPT_BATCH, OPT_EPOCHS, OPT_TOL, OPT_NOCHANGE, OPT_TREES,
	OPT_MAXFEAT, OPT_MAXDEPTH, OPT_MINSPLIT, OPT_MINLEAF, OPT_NOBOOT, OPT_IMPORT,
	OPT_FAMILY, OPT_EXTRACTION
};

static void
write_importances(const char *path, const struct model *m)
{
	double *imp = emalloc(m->d * sizeof *imp);
	struct csvw w;
	size_t j;

	model_importances(m, imp);
	csvw_init(&w, efopen_out(path), path, 0);
	csvw_str(&w, "feature");
	csvw_str(&w, "importance");
	csvw_end(&w);
	for (j = 0; j < m->d; j++) {
		csvw_str(&w, m->features[j]);
		csvw_dbl(&w, imp[j]);
		csvw_end(&w);
	}
	free(imp);
	if (csvw_close(&w))
		exit(EXIT_DATA);
}

/* What the command line asks for. */
struct args {
	const char *kind, *out, *in, *impfile, *alpha, *maxiter, *family, *maxdepth;
	const char *gbdtopt, *valid;   /* a gbdt option given; --valid FILE */
	const char *extraction;
	char *ignore;           /* every --ignore, joined (cli_list_add) */
	long threads;
	int verbose;
	struct model_hyper h;
	struct dataset_opts o;
};

static void
parse_args(int argc, char **argv, struct args *a)
{
	static const struct option longopts[] = {
		{ "model", required_argument, 0, 'm' },
		{ "output", required_argument, 0, 'o' },
		{ "seed", required_argument, 0, 's' },
		{ "threads", required_argument, 0, 'j' },
		{ "verbose", no_argument, 0, 'v' },
		{ "label", required_argument, 0, OPT_LABEL },
		{ "ignore", required_argument, 0, OPT_IGNORE },
		{ "scale", no_argument, 0, OPT_SCALE },
		{ "no-scale", no_argument, 0, OPT_NOSCALE },
		{ "alpha", required_argument, 0, OPT_ALPHA },
		{ "max-iter", required_argument, 0, OPT_MAXITER },
		{ "hidden", required_argument, 0, OPT_HIDDEN },
		{ "lr", required_argument, 0, OPT_LR },
		{ "batch", required_argument, 0, OPT_BATCH },
		{ "epochs", required_argument, 0, OPT_EPOCHS },
		{ "tol", required_argument, 0, OPT_TOL },
		{ "no-change", required_argument, 0, OPT_NOCHANGE },
		{ "trees", required_argument, 0, OPT_TREES },
		{ "max-features", required_argument, 0, OPT_MAXFEAT },
		{ "max-depth", required_argument, 0, OPT_MAXDEPTH },
		{ "min-samples-split", required_argument, 0, OPT_MINSPLIT },
		{ "min-samples-leaf", required_argument, 0, OPT_MINLEAF },
		{ "no-bootstrap", no_argument, 0, OPT_NOBOOT },
		{ "importances", required_argument, 0, OPT_IMPORT },
		{ "family", required_argument, 0, OPT_FAMILY },
		GBDTOPT_LONGOPTS,
		{ "extraction", required_argument, 0, OPT_EXTRACTION },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	struct model_hyper *h = &a->h;
	int c, li = 0;

	while ((c = getopt_long(argc, argv, "hm:o:s:j:vC:t", longopts, &li)) != -1) {
		cli_std(c, usage, help);
		switch (c) {
		case 'm': a->kind = optarg; break;
		case 'o': a->out = optarg; break;
		case 's': h->seed = (unsigned long)cli_int_in("seed", optarg, 0, 4294967295L); break;
		case 'j': a->threads = cli_int_in("threads", optarg, 1, 1024); break;
		case 'v': a->verbose = 1; break;
		case 't': break;       /* the model file is not a table */
		case 'C': h->C = cli_dbl_above("C", optarg, 0); break;
		case OPT_LABEL: a->o.label = optarg; break;
		case OPT_IGNORE: cli_list_add(&a->ignore, optarg); break;
		case OPT_SCALE: h->scale = 1; break;
		case OPT_NOSCALE: h->scale = 0; break;
		case OPT_ALPHA: a->alpha = optarg; break;
		case OPT_MAXITER: a->maxiter = optarg; break;
		case OPT_HIDDEN: h->mlp.hidden = (size_t)cli_int_in("hidden", optarg, 1, 100000); break;
		case OPT_LR: h->mlp.lr = cli_dbl_above("lr", optarg, 0); break;
		case OPT_BATCH: h->mlp.batch = (size_t)cli_int_in("batch", optarg, 1, 100000000); break;
		case OPT_EPOCHS: h->mlp.max_iter = (int)cli_int_in("epochs", optarg, 1, 100000000); break;
		case OPT_TOL: h->mlp.tol = cli_dbl_above("tol", optarg, -1); break;
		case OPT_NOCHANGE:
			h->mlp.n_iter_no_change = (int)cli_int_in("no-change", optarg, 1, 100000000);
			break;
		case OPT_TREES: h->rf.n_trees = (int)cli_int_in("trees", optarg, 1, 1000000); break;
		case OPT_MAXFEAT:
			h->rf.max_features = (int)cli_int_in("max-features", optarg, 1, 100000000);
			break;
		case OPT_MAXDEPTH: a->maxdepth = optarg; break;
		case OPT_MINSPLIT:
			h->rf.min_samples_split = (int)cli_int_in("min-samples-split", optarg, 2, 100000000);
			break;
		case OPT_MINLEAF:
			h->rf.min_samples_leaf = (int)cli_int_in("min-samples-leaf", optarg, 1, 100000000);
			break;
		case OPT_NOBOOT: h->rf.bootstrap = 0; break;
		case OPT_IMPORT: a->impfile = optarg; break;
		case OPT_FAMILY: a->family = optarg; break;
		case GBDTOPT_PARAM:
			gbdtopt_set(&h->gbdt, longopts[li].name, optarg);
			a->gbdtopt = longopts[li].name;
			break;
		case GBDTOPT_VALID: a->valid = optarg; break;
		case OPT_EXTRACTION: a->extraction = optarg; break;
		default: cli_usage(usage);
		}
	}
	a->in = cli_one_input(argc, argv, usage);
	a->o.ignore = a->ignore;
}

/* No output may overwrite the input: checked before anything is read or
 * written (opening an output truncates it), for every kind. */
static void
check_outputs(const struct args *a)
{
	const char *ins[2] = { a->in, a->extraction };
	size_t nin = a->extraction ? 2 : 1;
	long i;

	/* standard output too (osfp-train in.csv >>in.csv) */
	if ((i = samefile_input(a->out, ins, nin)) >= 0) {
		if (a->out && strcmp(a->out, "-") != 0)
			uprintf("'%s': -o would overwrite %s", a->out, i ? "--extraction" : "the input");
		uprintf("'%s': standard output would overwrite this input",
		    ins[i] && strcmp(ins[i], "-") != 0 ? ins[i] : "<stdin>");
	}
	if (a->impfile && samefile_input(a->impfile, &a->in, 1) >= 0)
		uprintf("'%s': --importances would overwrite the input", a->impfile);
	if (a->impfile && a->out && strcmp(a->out, "-") != 0 &&
	    (strcmp(a->impfile, a->out) == 0 || samefile_input(a->impfile, &a->out, 1) >= 0))
		uprintf("--importances and -o name the same file ('%s')", a->impfile);
}

/* The options that depend on the model kind, and the thread count. */
static void
check_args(struct args *a, enum model_kind *kind)
{
	if (a->family)
		uprintf("--family needs -m p0f");
	if (a->extraction && strcmp(a->extraction, "-") == 0 && (!a->in || strcmp(a->in, "-") == 0))
		uprintf("the extraction record (--extraction -) and the rows cannot both be "
		    "standard input");
	if (model_kind_parse(a->kind, kind) < 0)
		uprintf("unknown model kind '%s' (ridge, logistic, mlp, rf, gbdt or p0f)", a->kind);
	if (a->alpha) {
		if (*kind == MODEL_MLP)
			a->h.mlp.alpha = cli_dbl_above("alpha", a->alpha, -1e-300);
		else
			a->h.alpha = cli_dbl_above("alpha", a->alpha, -1e-300);
	}
	if (a->maxiter) {
		if (*kind == MODEL_MLP)
			a->h.mlp.max_iter = (int)cli_int_in("max-iter", a->maxiter, 1, 100000000);
		else
			a->h.max_iter = (int)cli_int_in("max-iter", a->maxiter, 1, 100000000);
	}
	if (a->maxdepth && *kind == MODEL_GBDT)
		a->h.gbdt.max_depth = (int)cli_int_in("max-depth", a->maxdepth, 1, 1000);
	else if (a->maxdepth && strcmp(a->maxdepth, "none") != 0)
		a->h.rf.max_depth = (int)cli_int_in("max-depth", a->maxdepth, 1, 100000);
	if ((a->gbdtopt || a->valid) && *kind != MODEL_GBDT)
		uprintf("--%s needs -m gbdt", a->gbdtopt ? a->gbdtopt : "valid");
	if (a->valid && !a->h.gbdt.early_stop)
		uprintf("--valid needs --early-stop N");
	if (a->impfile && *kind != MODEL_RF && *kind != MODEL_GBDT)
		uprintf("--importances needs -m rf or gbdt");
	if (a->threads == 0) {
		long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

		a->threads = ncpu > 0 ? ncpu : 1;
	}
	a->h.nthreads = (int)a->threads;
}

/* Load the training rows: a features CSV with a label column. */
static void
load(struct dataset *ds, struct args *a, const char **name)
{
	FILE *f;

	a->o.need_label = 1;
	f = efopen_in(a->in, name);
	if (dataset_load(ds, f, *name, &a->o) < 0)
		eprintf("%s", ds->err);
	efclose_in(f);
	if (ds->n == 0)
		eprintf("'%s': no data rows", *name);
	if (ds->d == 0)
		eprintf("'%s': no feature columns", *name);
	if (ds->K < 2)
		eprintf("'%s': only one class ('%s'): nothing to learn", *name, ds->classes[0]);
}

/* Fit m on ds (which hands its class and feature names over to m). */
static void
fit(struct model *m, struct dataset *ds, const struct args *a, const char *name)
{
	struct model_hyper h = a->h;
	struct dataset vs = { 0 };
	double t0, t1, c0, c1;
	const char *e;

	m->K = ds->K;
	m->classes = ds->classes;
	m->d = ds->d;
	m->features = ds->features;
	ds->classes = NULL;
	ds->features = NULL;
	m->sc.mean = m->sc.scale = NULL;
	m->hyper = NULL;
	m->lin = NULL;
	m->mlp = NULL;
	m->rf = NULL;
	m->gbdt = NULL;
	if (a->valid)
		gbdtopt_valid(a->valid, m, a->o, &vs, &h.gbdt);
	t0 = monotime_now();
	c0 = monotime_cpu();
	e = model_fit(m, ds->X, ds->n, ds->y, &h);
	c1 = monotime_cpu();
	t1 = monotime_now();
	dataset_free(&vs);
	if (e)
		eprintf("'%s': %s", name, e);
	if (a->verbose) {
		weprintf("%s: %zu rows, %zu features, %d classes, fit %.3f s (cpu %.3f s)",
		    a->kind, ds->n, ds->d, m->K, t1 - t0, c1 - c0);
		if (m->kind == MODEL_LOGISTIC)
			weprintf("lbfgs: %d iterations, objective %.17g", m->lin->n_iter, m->lin->loss);
		if (m->kind == MODEL_MLP)
			weprintf("adam: %d epochs, loss %.17g", mlp_n_iter(m->mlp), mlp_loss(m->mlp));
		if (m->kind == MODEL_RF)
			weprintf("forest: %zu nodes, %llu row-feature evaluations",
			    forest_node_count(m->rf), (unsigned long long)forest_evals(m->rf));
		if (m->kind == MODEL_GBDT)
			weprintf("xgboost: %d rounds, validation log loss %.17g",
			    gbdt_rounds(m->gbdt), gbdt_valid_loss(m->gbdt));
	}
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct model m;
	struct dataset ds;
	const char *name;
	char *xrec;
	FILE *f;

	osfp_init(argv);
	model_hyper_defaults(&a.h);
	parse_args(argc, argv, &a);
	if (!a.kind) {
		weprintf("no model kind (-m ridge|logistic|mlp|rf|gbdt|p0f)");
		cli_usage(usage);
	}
	check_outputs(&a);
	/* a p0f database is learned apart (p0f.c) */
	if (strcmp(a.kind, "p0f") == 0) {
		if (a.extraction)
			uprintf("--extraction: a p0f database reads the syn columns alone; it keeps "
			    "no extraction record");
		free(a.ignore);
		return p0f_train(a.in, a.out, a.o.label, a.family);
	}
	check_args(&a, &m.kind);
	load(&ds, &a, &name);
	xrec = a.extraction ? read_extraction(a.extraction, &ds, name, a.ignore) : NULL;
	fit(&m, &ds, &a, name);
	free(a.ignore);         /* (the loads and the record look at it: the rows, --valid's) */
	a.o.ignore = a.ignore = NULL;
	m.extraction = xrec;
	f = efopen_out(a.out);
	model_save(&m, f);
	if (fshut(f, a.out ? a.out : "<stdout>")) {
		/* freed here too: returning from main would leave them
		 * unreachable (valgrind's "definitely lost") */
		model_free(&m);
		dataset_free(&ds);
		return EXIT_DATA;
	}
	if (a.impfile)
		write_importances(a.impfile, &m);
	model_free(&m);
	dataset_free(&ds);
	return EXIT_OK;
}
