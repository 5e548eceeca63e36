/* osfp-flow-features: netml's flow2features on osfp-pcap-flows output: one
 * CSV row per flow with the chosen feature sets side by side (the notebook's
 * np.hstack of IAT and STATS by default), labelled like build_dataset.
 *
 * The widths depend on dim = floor(quantile_q(packets per flow)) and the
 * SAMP sets on R = quantile_0.3(durations), both over every flow of the
 * input, so by default all flows are held until the end. With --dim (and
 * --samp-rate for the SAMP sets) each flow is written as soon as it ends. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/num.h"
#include "base/progress.h"
#include "base/util.h"
#include "features/extraction.h"
#include "features/featvec.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/flowrows.h"

static const char usage[] =
    "usage: osfp-flow-features [-t] [-f SETS] [--header] [--fft] [--dim N] [--q Q]\n"
    "                          [--samp-rate R] [--dim-out FILE]\n"
    "                          [--label-rule first|majority] [--keep-unlabelled]\n"
    "                          [--nprint-packets K]\n"
    "                          [file|-]\n";
static const char help[] =
    "\n"
    "Compute netml's per-flow feature vectors from osfp-pcap-flows output\n"
    "(columns flow, time, len; ttl, tcpflags, link for --header; sample,\n"
    "label, family are carried over when present).\n"
    "\n"
    "  -f, --features SETS   comma-separated, in output order, from iat, size,\n"
    "                        iat_size, stats, samp_num, samp_size (iat,stats);\n"
    "                        fingerprints syn, hdr, nprint (after netml's sets;\n"
    "                        they need osfp-pcap-flows --fields)\n"
    "      --nprint-packets K  packets per flow in the nprint set (3)\n"
    "      --header          netml header=True: TCP flag counts and TTLs first\n"
    "      --fft             netml fft=True: real part of the DFT of each block\n"
    "      --dim N           netml's dim (widths IAT N-1, SIZE N, ...); streams\n"
    "      --q Q             quantile of packets per flow giving dim (0.9)\n"
    "      --samp-rate R     SAMP window length in seconds (default: the\n"
    "                        0.3-quantile of flow durations)\n"
    "      --dim-out FILE    write the dim and SAMP rate used as a CSV to FILE\n"
    "                        instead of reporting them on stderr\n"
    "      --label-rule RULE first: the first packet's label (default);\n"
    "                        majority: the most frequent non-empty label\n"
    "      --keep-unlabelled keep flows without a label (empty label)\n"
    "  -t, --tsv             write TSV\n"
    "      --help, --version\n";

enum { OPT_PARAM = 0x100, OPT_DIMOUT };

struct opts {
	struct extraction x;
	int tsv;
	const char *dimout;
};

/* Set one extraction parameter (key: its long option's name). */
static void
set_param(struct opts *o, const char *key, const char *value)
{
	char msg[300];

	if (extraction_set(&o->x, key, value, msg, sizeof msg) < 0) {
		weprintf("--%s: %s", key, msg);
		cli_usage(usage);
	}
}

static void
parse_opts(struct opts *o, int argc, char **argv)
{
	/* OPT_PARAM: an extraction parameter named by the long option */
	static const struct option longopts[] = {
		{ "features", required_argument, 0, 'f' },
		{ "header", no_argument, 0, OPT_PARAM },
		{ "fft", no_argument, 0, OPT_PARAM },
		{ "dim", required_argument, 0, OPT_PARAM },
		{ "q", required_argument, 0, OPT_PARAM },
		{ "samp-rate", required_argument, 0, OPT_PARAM },
		{ "label-rule", required_argument, 0, OPT_PARAM },
		{ "keep-unlabelled", no_argument, 0, OPT_PARAM },
		{ "nprint-packets", required_argument, 0, OPT_PARAM },
		{ "dim-out", required_argument, 0, OPT_DIMOUT },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	int c, li;

	memset(o, 0, sizeof *o);
	extraction_default(&o->x);
	while ((c = getopt_long(argc, argv, "f:t", longopts, &li)) != -1) {
		switch (c) {
		case 'f':
			set_param(o, "features", optarg);
			break;
		case OPT_PARAM:
			set_param(o, longopts[li].name, optarg ? optarg : "1");
			break;
		case 't':
			o->tsv = 1;
			break;
		case OPT_DIMOUT:
			o->dimout = optarg;
			break;
		default:
			cli_std(c, usage, help);
		}
	}
}

/* One run: the input, the flows read from it, the output. */
struct run {
	struct opts o;
	struct flowrows fr;
	struct featvec v;          /* the layout, once the widths are known */
	struct csvw w;
	double *row;
	int started, failed;
	uint64_t dropped;
	struct progress prog;
	const char *shown;
	char msg[600];
};

/* The layout and the header row: flow, the carried columns, the features. */
static void
out_start(struct run *x, long dim, double rate)
{
	char buf[FEATVEC_NAME_MAX];
	size_t k;

	featvec_init(&x->v, &x->o.x.spec, dim, rate < 0 ? 0 : rate);
	x->row = ereallocarray(NULL, x->v.n ? x->v.n : 1, sizeof *x->row);
	csvw_str(&x->w, "flow");
	for (k = 0; k < flowrows_ncarried(&x->fr); k++)
		csvw_str(&x->w, flowrows_carried_name(&x->fr, k));
	for (k = 0; k < x->v.n; k++) {
		featvec_colname(&x->v, k, buf, sizeof buf);
		csvw_str(&x->w, buf);
	}
	csvw_end(&x->w);
	x->started = 1;
}

_Static_assert(FLOWROWS_NFLAGS == FEAT_NFLAGS, "the header block's flag counts");

/* The packets of flows[i] as netml's features read them. */
static void
flow_of(const struct flowrows *fr, size_t i, struct flowfeat_flow *f,
    struct flowrows_pkts *p)
{
	flowrows_pkts(fr, i, p);
	f->n = p->n;
	f->t = p->t;
	f->len = p->len;
	f->ttl = p->ttl;
	f->flags = p->flags;
}

/* Compute and write the complete flows held; -1 (with msg) at the first
 * where netml would fail. */
static int
out_flows(struct run *x)
{
	const struct flowrows *fr = &x->fr;
	size_t i, k, n = flowrows_complete(fr);
	struct flowfeat_flow f;
	struct flowrows_pkts p;

	for (i = 0; i < n; i++) {
		const struct flowrows_rec *rec = &fr->flows[i];

		if (fr->col_label >= 0 && !x->o.x.keep_unlabelled &&
		    !*flowrows_str(fr, rec->label)) {
			x->dropped++;
			continue;
		}
		flow_of(fr, i, &f, &p);
		if (featvec_row(&x->v, &f, p.fp, p.raw, x->row) < 0) {
			snprintf(x->msg, sizeof x->msg, "'%s': line %lu: flow '%s': the SAMP "
			    "window length is 0 (netml fails here with OverflowError); give "
			    "--samp-rate", x->shown, rec->line, flowrows_str(fr, rec->id));
			return -1;
		}
		csvw_str(&x->w, flowrows_str(fr, rec->id));
		for (k = 0; k < flowrows_ncarried(fr); k++)
			csvw_str(&x->w, flowrows_carried(fr, i, k));
		for (k = 0; k < x->v.n; k++)
			csvw_dbl(&x->w, x->row[k]);
		csvw_end(&x->w);
	}
	return 0;
}

/* The widths used, and which of them came from the data. */
struct widths {
	long dim;
	double rate;               /* < 0: none */
	int dim_computed, rate_computed;
	size_t nflows;
};

static void
report_widths(const struct opts *o, const struct widths *wd)
{
	char rbuf[FMT_DBL_MAX + 1] = "";
	size_t n = wd->nflows;

	if (wd->rate >= 0)
		rbuf[num_fmt_double(rbuf, wd->rate)] = '\0';
	if (o->dimout) {
		FILE *f = efopen_out(o->dimout);

		/* an empty field: not used and not given (-f stats alone) */
		if (wd->dim)
			fprintf(f, "dim,samp_rate\n%ld,%s\n", wd->dim, rbuf);
		else
			fprintf(f, "dim,samp_rate\n,%s\n", rbuf);
		if (fshut(f, o->dimout))
			exit(EXIT_DATA);
		return;
	}
	if (wd->dim_computed && wd->rate_computed)
		weprintf("widths from %zu flow%s: --dim %ld --samp-rate %s", n,
		    n == 1 ? "" : "s", wd->dim, rbuf);
	else if (wd->dim_computed)
		weprintf("widths from %zu flow%s: --dim %ld", n, n == 1 ? "" : "s", wd->dim);
	else if (wd->rate_computed)
		weprintf("SAMP window from %zu flow%s: --samp-rate %s", n, n == 1 ? "" : "s", rbuf);
}

/* Streaming (every width known up front): each flow is written as it
 * ends and forgotten. */
static void
run_stream(struct run *x)
{
	const struct extraction *e = &x->o.x;
	int rc;

	out_start(x, e->dim ? e->dim : 2, e->rate);
	if (x->o.dimout) {
		struct widths wd = { e->dim, e->rate, 0, 0, 0 };

		report_widths(&x->o, &wd);
	}
	while ((rc = flowrows_next(&x->fr, x->msg, sizeof x->msg)) == 1) {
		progress_tick(&x->prog, x->fr.rows);
		if (out_flows(x) < 0) {
			x->failed = 1;
			return;
		}
		flowrows_drop(&x->fr, flowrows_complete(&x->fr));
	}
	if (rc < 0) {
		x->failed = 1;
		/* as when holding: the flows complete before the bad row are
		 * still written (an out_flows error is on an earlier line) */
		out_flows(x);
	}
	progress_done(&x->prog);
}

/* Holding: every flow is read first; the complete ones (all of them, or
 * those before an error) decide dim and R, as netml's would for that
 * input. Returns 1 when all went well (*wd: what was used). */
static int
run_held(struct run *x, struct widths *wd)
{
	const struct extraction *e = &x->o.x;
	struct flowfeat_flow f;
	struct flowrows_pkts p;
	double *tmp;
	size_t n, i;
	int rc;

	while ((rc = flowrows_next(&x->fr, x->msg, sizeof x->msg)) == 1)
		progress_tick(&x->prog, x->fr.rows);
	progress_done(&x->prog);
	x->failed = rc < 0;
	n = flowrows_complete(&x->fr);
	if (n == 0 && featvec_needs_dim(&e->spec) && !e->dim) {
		if (!x->failed)
			eprintf("'%s': no flows: netml's dim is undefined (give --dim)", x->shown);
		return 0;
	}
	*wd = (struct widths){ e->dim, e->rate, 0, 0, n };
	tmp = ereallocarray(NULL, n ? n : 1, sizeof *tmp);
	if (!wd->dim && n) {
		for (i = 0; i < n; i++)
			tmp[i] = (double)x->fr.flows[i].n;
		wd->dim = flowfeat_dim(tmp, n, e->q);
		wd->dim_computed = 1;
	}
	if (wd->rate < 0 && featvec_needs_rate(&e->spec) && n) {
		for (i = 0; i < n; i++) {
			flow_of(&x->fr, i, &f, &p);
			tmp[i] = flowfeat_duration(&f);
		}
		wd->rate = flowfeat_samp_rate(tmp, n);
		wd->rate_computed = 1;
	}
	free(tmp);
	out_start(x, wd->dim ? wd->dim : 2, wd->rate);
	if (out_flows(x) < 0)
		x->failed = 1;
	/* on an error, its line is the only message */
	return !x->failed;
}

/* Open the input and find its columns (exits on failure). */
static void
run_open(struct run *x, const char *path, FILE **in, struct csvr **r)
{
	const struct extraction *e = &x->o.x;
	char why[64], *err = NULL;
	uint32_t need;
	int raw;

	*in = efopen_in(path, &x->shown);
	*r = csvr_open(*in, x->shown, &err);
	if (!*r)
		eprintf("%s", err);
	if (flowrows_init(&x->fr, *r, e->spec.header, e->majority, x->msg, sizeof x->msg) < 0)
		eprintf("%s", x->msg);
	/* the fingerprint sets read the --fields columns */
	need = featvec_fields(&e->spec, &raw, why, sizeof why);
	if (e->spec.nfp && flowrows_fields(&x->fr, need, raw, why, x->msg, sizeof x->msg) < 0)
		eprintf("%s", x->msg);
	csvw_init(&x->w, stdout, "<stdout>", x->o.tsv);
}

int
main(int argc, char **argv)
{
	static struct run x;
	struct widths wd;
	struct csvr *r;
	FILE *in;
	int report = 0, rc;

	osfp_init(argv);
	parse_opts(&x.o, argc, argv);
	run_open(&x, cli_one_input(argc, argv, usage), &in, &r);
	progress_init(&x.prog, "rows");
	/* streaming needs every width and rate up front */
	if (extraction_streams(&x.o.x))
		run_stream(&x);
	else
		report = run_held(&x, &wd);
	if (!x.started && !x.failed)
		out_start(&x, 2, 0);
	rc = csvw_close(&x.w);
	/* the widths note, once the rows are all written (not after a write
	 * error: a closed stdout ends quietly) */
	if (report && !rc)
		report_widths(&x.o, &wd);
	if (!x.failed && !rc && x.dropped)
		weprintf("flows without a label dropped: %llu (--keep-unlabelled keeps them)",
		    (unsigned long long)x.dropped);
	if (x.failed)
		eprintf("%s", x.msg);
	flowrows_free(&x.fr);
	featvec_free(&x.v);
	csvr_close(r);
	efclose_in(in);
	free(x.row);
	return rc ? EXIT_DATA : EXIT_OK;
}
