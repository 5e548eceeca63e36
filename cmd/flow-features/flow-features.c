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
#include "base/msg.h"
#include "base/progress.h"
#include "base/samefile.h"
#include "base/util.h"
#include "features/extraction.h"
#include "features/featvec.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/flowrows.h"

static const char usage[] =
    "usage: osfp-flow-features [-t] [-f SETS] [--header] [--fft] [--dim N] [--q Q]\n"
    "                          [--samp-rate R] [--label-rule first|majority]\n"
    "                          [--keep-unlabelled] [--nprint-packets K]\n"
    "                          [--dim-out FILE] [--like FILE] [--id COLS]\n"
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
    "                        they need osfp-pcap-flows --fields); -f a -f b: a,b\n"
    "      --nprint-packets K  packets per flow in the nprint set (3)\n"
    "      --header          netml header=True: TCP flag counts and TTLs first\n"
    "      --fft             netml fft=True: real part of the DFT of each block\n"
    "      --dim N           netml's dim (widths IAT N-1, SIZE N, ...); streams\n"
    "      --q Q             quantile of packets per flow giving dim (0.9)\n"
    "      --samp-rate R     SAMP window length in seconds (default: the\n"
    "                        0.3-quantile of flow durations)\n"
    "      --dim-out FILE    write every extraction parameter used (the widths\n"
    "                        too) to FILE instead of the widths note on stderr\n"
    "      --like FILE       extract with the parameters recorded in FILE (a\n"
    "                        --dim-out record, or a model file holding one)\n"
    "      --id COLS         carry these columns of each flow's first row\n"
    "                        (src,dst,sport,dport,proto,time,...) after label\n"
    "      --label-rule RULE first: the first packet's label (default);\n"
    "                        majority: the most frequent non-empty label\n"
    "      --keep-unlabelled keep flows without a label (empty label)\n"
    "  -t, --tsv             write TSV\n"
    "  -h, --help, --version\n";

enum { OPT_PARAM = 0x100, OPT_DIMOUT, OPT_LIKE, OPT_ID };

struct opts {
	struct extraction x;
	int tsv;
	const char *dimout, *like;
	const char *param;        /* the first extraction option given */
	char *id;                 /* --id columns, comma-separated */
};

/* Set one extraction parameter (key: its long option's name). */
static void
set_param(struct opts *o, const char *key, const char *value)
{
	char msg[300];

	if (!o->param)
		o->param = key;
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
		{ "like", required_argument, 0, OPT_LIKE },
		{ "id", required_argument, 0, OPT_ID },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	int c, li;

	memset(o, 0, sizeof *o);
	extraction_default(&o->x);
	while ((c = getopt_long(argc, argv, "f:ht", longopts, &li)) != -1) {
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
		case OPT_LIKE:
			o->like = optarg;
			break;
		case OPT_ID:
			cli_list_add(&o->id, optarg);
			break;
		default:
			cli_std(c, usage, help);
		}
	}
	if (o->like && o->param)
		uprintf("--like gives every extraction parameter: no --%s with it", o->param);
}

/* Refuse, before anything is written, an output that names an input;
 * then read the --like record. */
static void
check_inputs(struct opts *o, const char *path)
{
	const char *in[2] = { path, o->like }, *shown;
	size_t nin = o->like ? 2 : 1;
	char msg[600];
	FILE *f;
	long i;

	if (o->dimout && samefile_input(o->dimout, in, nin) >= 0)
		uprintf("'%s': --dim-out would overwrite an input", o->dimout);
	if ((i = samefile_input(NULL, in, nin)) >= 0)
		uprintf("'%s': standard output would overwrite this input",
		    in[i] && strcmp(in[i], "-") != 0 ? in[i] : "<stdin>");
	if (!o->like)
		return;
	f = efopen_in(o->like, &shown);
	if (extraction_read(&o->x, f, shown, msg, sizeof msg) < 0)
		eprintf("%s", msg);
	efclose_in(f);
}

/* One run: the input, the flows read from it, the output. */
struct run {
	struct opts o;
	struct extraction used;    /* o.x with the widths fixed */
	int from;                  /* what came from the data (EXTRACTION_*) */
	struct flowrows fr;
	struct featvec v;          /* the layout, once the widths are known */
	struct csvw w;
	double *row;
	int started, failed;
	uint64_t written, dropped;
	struct progress prog;
	const char *shown;
	char msg[600];
};

/* The layout and the header row: flow, the carried columns, the features. */
static void
out_start(struct run *x)
{
	char buf[FEATVEC_NAME_MAX];
	size_t k;

	featvec_init(&x->v, &x->used.spec, x->used.dim ? x->used.dim : 2,
	    x->used.rate < 0 ? 0 : x->used.rate);
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

/* A flow's packets as netml's features read them. */
#define FLOWFEAT_OF(p) ((struct flowfeat_flow){ (p).n, (p).t, (p).len, (p).ttl, (p).flags })
_Static_assert(FLOWROWS_NFLAGS == FEAT_NFLAGS, "the header block's flag counts");

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

		if (fr->col_label >= 0 && !x->used.keep_unlabelled &&
		    !*flowrows_str(fr, rec->label)) {
			x->dropped++;
			continue;
		}
		flowrows_pkts(fr, i, &p);
		f = FLOWFEAT_OF(p);
		if (featvec_row(&x->v, &f, p.fp, p.raw, x->row) < 0) {
			msg_format(x->msg, sizeof x->msg, "'%s': line %lu: flow '%s': the SAMP "
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
		x->written++;
	}
	return 0;
}

/* What was used: the record to --dim-out, or else the note on stderr of
 * what came from the data. */
static void
report(const struct run *x)
{
	char *rec, note[200];
	FILE *f;

	if (x->o.dimout) {
		rec = extraction_format(&x->used);
		f = efopen_out(x->o.dimout);
		fputs(rec, f);
		free(rec);
		if (fshut(f, x->o.dimout))
			exit(EXIT_DATA);
		return;
	}
	extraction_note(&x->used, x->from, flowrows_complete(&x->fr), note, sizeof note);
	if (*note)
		weprintf("%s", note);
}

/* Streaming (every width known up front): each flow is written as it
 * ends and forgotten. Returns 1 when all went well. */
static int
run_stream(struct run *x)
{
	int rc;

	out_start(x);
	while ((rc = flowrows_next(&x->fr, x->msg, sizeof x->msg)) == 1) {
		progress_tick(&x->prog, x->fr.rows);
		if (out_flows(x) < 0) {
			x->failed = 1;
			return 0;
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
	return !x->failed;
}

/* Holding: every flow is read first; the complete ones (all of them, or
 * those before an error) decide dim and R, as netml's would for that
 * input. Returns 1 when all went well. */
static int
run_held(struct run *x)
{
	double *cnt, *dur = NULL;
	struct flowrows_pkts p;
	size_t n, i;
	int rc;

	while ((rc = flowrows_next(&x->fr, x->msg, sizeof x->msg)) == 1)
		progress_tick(&x->prog, x->fr.rows);
	progress_done(&x->prog);
	x->failed = rc < 0;
	n = flowrows_complete(&x->fr);
	if (n == 0 && featvec_needs_dim(&x->used.spec) && !x->used.dim) {
		if (!x->failed)
			eprintf("'%s': no flows: netml's dim is undefined (give --dim)", x->shown);
		return 0;
	}
	cnt = ereallocarray(NULL, n ? n : 1, sizeof *cnt);
	if (featvec_needs_rate(&x->used.spec) && x->used.rate < 0)
		dur = ereallocarray(NULL, n ? n : 1, sizeof *dur);
	for (i = 0; i < n; i++) {
		flowrows_pkts(&x->fr, i, &p);
		cnt[i] = (double)p.n;
		if (dur)
			dur[i] = flowfeat_duration(&FLOWFEAT_OF(p));
	}
	x->from = extraction_fix(&x->used, cnt, dur, n);
	free(cnt);
	free(dur);
	out_start(x);
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
	int raw, rc;

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
	if (x->o.id && (rc = flowrows_carry(&x->fr, x->o.id, "--id", x->msg, sizeof x->msg)) < 0) {
		if (rc == -1)
			eprintf("%s", x->msg);
		uprintf("--id: %s", x->msg);
	}
	x->used = *e;
	csvw_init(&x->w, stdout, "<stdout>", x->o.tsv);
}

int
main(int argc, char **argv)
{
	static struct run x;
	const char *path;
	struct csvr *r;
	int done, rc;
	FILE *in;

	osfp_init(argv);
	parse_opts(&x.o, argc, argv);
	path = cli_one_input(argc, argv, usage);
	check_inputs(&x.o, path);
	run_open(&x, path, &in, &r);
	progress_init(&x.prog, "rows");
	/* streaming needs every width and rate up front */
	done = extraction_streams(&x.o.x) ? run_stream(&x) : run_held(&x);
	if (!x.started && !x.failed)
		out_start(&x);
	rc = csvw_close(&x.w);
	if (!x.failed && !rc && x.dropped && !x.written)
		eprintf("'%s': no flow has a label: all %llu dropped (--keep-unlabelled "
		    "keeps them)", x.shown, (unsigned long long)x.dropped);
	/* what was used, once the rows are all written (not after a write
	 * error: a closed stdout ends quietly) */
	if (done && !rc)
		report(&x);
	if (!x.failed && !rc && x.dropped)
		weprintf("flows without a label dropped: %llu of %llu (--keep-unlabelled "
		    "keeps them)", (unsigned long long)x.dropped,
		    (unsigned long long)(x.dropped + x.written));
	if (x.failed)
		eprintf("%s", x.msg);
	flowrows_free(&x.fr);
	featvec_free(&x.v);
	csvr_close(r);
	efclose_in(in);
	free(x.row);
	free(x.o.id);
	return rc ? EXIT_DATA : EXIT_OK;
}
