/* osfp-pcap-flows: netml's flows (PCAP.pcap2flows), exactly, as CSV with
 * one row per packet of every flow kept, flows in netml's order.
 *
 * One pass over the captures (packet/capmerge merges several in time
 * order; packet/pktfilter applies a tcpdump filter; packet/batchread
 * reads ahead on a second thread): each packet is decoded and
 * prepared (packet/flowrec), filed under the id of its flow key
 * (packet/flowkey: ids in order of first appearance, as netml's
 * OrderedDict) and kept as a 48-byte record. At the end packet/flows
 * applies netml's sorts and splits, and table/pktrows writes the rows,
 * with the labels of table/labels. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/monotime.h"
#include "base/progress.h"
#include "base/util.h"
#include "packet/batchread.h"
#include "packet/capmerge.h"
#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/fields.h"
#include "packet/filing.h"
#include "packet/flowrec.h"
#include "packet/flows.h"
#include "packet/pcapml.h"
#include "packet/pktfilter.h"
#include "table/csvw.h"
#include "table/pktrows.h"
#include "table/labels.h"

static const char usage[] =
    "usage: osfp-pcap-flows [-hqtv] [--timeout SEC] [--q-interval Q | --interval SEC]\n"
    "                       [--min-packets N] [--keep-last] [--bidir] [--by 5tuple|sample]\n"
    "                       [--labels FILE [--join ordinal|time] [--no-time-check]]\n"
    "                       [--netml-ipv6] [--legacy-ts auto|on|off] [--fields LIST]\n"
    "                       [-j 1|2] [-F FILE] [file|- [file...]] [expression]\n";
static const char help[] =
    "\n"
    "Group the TCP/UDP packets of pcap or pcapng captures (several: merged in\n"
    "time order, numbered as their concatenation) into flows exactly as netml's\n"
    "pcap2flows does, and write one CSV row per packet of each flow kept:\n"
    "flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,tcpflags,win,link\n"
    "The operands after the first that are not files are a tcpdump filter.\n"
    "\n"
    "      --timeout SEC     idle timeout split (600; 0: none)\n"
    "      --q-interval Q    split at gaps over this duration quantile (0.9; 0: none)\n"
    "      --interval SEC    split at gaps over a fixed interval instead\n"
    "      --min-packets N   drop flows of fewer packets (2; 1 keeps single packets)\n"
    "      --keep-last       keep the piece after a flow's last split (netml drops it)\n"
    "      --bidir           A->B and B->A in one flow\n"
    "      --by WHAT         5tuple (default) or sample: group by pcapml sample id\n"
    "  -c, --comment WHICH   the comment holding the sample id (1)\n"
    "      --labels FILE     join osfp-pcapng-labels output: add sample,label,family\n"
    "      --join HOW        ordinal (packet number; default) or time (the notebook)\n"
    "      --no-time-check   join by ordinal even where the labels' times differ\n"
    "      --netml-ipv6      IPv6 and NULL/LOOP families as netml: IPv6 in one flow\n"
    "      --legacy-ts MODE  legacy pcapml timestamps: auto, on or off (auto)\n"
    "      --fields LIST     header fingerprint columns: names, syn, hdr, nprint, all\n"
    "  -F, --filter-file F   the filter expression from F (every operand a capture)\n"
    "  -j, --threads N       1 or 2 threads (default 2 when there are 2 CPUs)\n"
    "  -q, --quiet           no note on legacy timestamps or unlabelled packets\n"
    "  -v, --verbose         counts of skipped packets by reason on stderr\n"
    "  -t, --tsv             write TSV\n"
    "  -h, --help, --version\n";

enum {
	OPT_TIMEOUT = 0x100, OPT_QINT, OPT_INT, OPT_MINPKT, OPT_KEEPLAST, OPT_BIDIR,
	OPT_BY, OPT_LABELS, OPT_JOIN, OPT_NETML6, OPT_LEGACY, OPT_FIELDS, OPT_NOTIMECHECK
};

struct opts {
	struct flows_opts fl;
	int split_set;          /* --timeout/--interval/--q-interval given */
	int bidir, by_sample, netml6, verbose, tsv, join_time, no_time_check;
	int threads;            /* -j: 1 or 2, 0 automatic */
	long which;
	uint32_t fields;        /* --fields: FPF_BIT mask */
	const char *labels, *filter_file;
	char *expr;             /* the filter expression, or NULL */
	char **caps;            /* the captures (NULL: stdin), ncap >= 1 */
	size_t ncap;
	struct capture_options cap;
};

static const struct option longopts[] = {
	{ "timeout", required_argument, 0, OPT_TIMEOUT },
	{ "q-interval", required_argument, 0, OPT_QINT },
	{ "interval", required_argument, 0, OPT_INT },
	{ "min-packets", required_argument, 0, OPT_MINPKT },
	{ "keep-last", no_argument, 0, OPT_KEEPLAST },
	{ "bidir", no_argument, 0, OPT_BIDIR },
	{ "by", required_argument, 0, OPT_BY },
	{ "comment", required_argument, 0, 'c' },
	{ "labels", required_argument, 0, OPT_LABELS },
	{ "join", required_argument, 0, OPT_JOIN },
	{ "no-time-check", no_argument, 0, OPT_NOTIMECHECK },
	{ "netml-ipv6", no_argument, 0, OPT_NETML6 },
	{ "legacy-ts", required_argument, 0, OPT_LEGACY },
	{ "fields", required_argument, 0, OPT_FIELDS },
	{ "threads", required_argument, 0, 'j' },
	{ "filter-file", required_argument, 0, 'F' },
	{ "quiet", no_argument, 0, 'q' },
	{ "verbose", no_argument, 0, 'v' },
	CLI_STD_LONGOPTS,
	{ 0, 0, 0, 0 }
};

/* One run: the captures, what was filed from them, what was counted. */
struct run {
	const struct opts *o;
	const char *shown;              /* the captures' names, for messages */
	struct capmerge M;
	struct filing F;
	struct labels L;
	struct flows_result res;
	uint64_t npk;
	size_t unlabelled;              /* rows written without a label */
	int failed;                     /* 1: data error; 2: input/output failed */
	int rc;                         /* capmerge_next's last result */
	struct monotime_mark t[4];      /* -v: the phases' boundaries */
};

/* The options, then the operands as tcpdump's: captures (cli_inputs; with
 * -F all of them), then the words of a filter expression. */
static void
parse_opts(int argc, char **argv, struct opts *o)
{
	char fmsg[128];
	size_t i, used;
	int c;

	while ((c = getopt_long(argc, argv, "c:F:hj:qtv", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
			o->fl.timeout = cli_dbl("timeout", optarg, 0, INFINITY, "seconds >= 0", usage);
			o->split_set = 1;
			break;
		case OPT_QINT:
			o->fl.q_interval = cli_dbl("q-interval", optarg, 0, 1, "0..1", usage);
			o->split_set = 1;
			break;
		case OPT_INT:
			o->fl.interval = cli_dbl("interval", optarg, DBL_TRUE_MIN, INFINITY,
			    "seconds > 0", usage);
			o->split_set = 1;
			break;
		case OPT_MINPKT:
			o->fl.min_packets = cli_long("min-packets", optarg, 1, 1L << 30, "a count >= 1",
			    usage);
			break;
		case OPT_KEEPLAST: o->fl.keep_last = 1; break;
		case OPT_BIDIR: o->bidir = 1; break;
		case OPT_BY:
			if (strcmp(optarg, "sample") && strcmp(optarg, "5tuple") && strcmp(optarg, "flow"))
				cli_bad("by", optarg, "5tuple or sample", usage);
			o->by_sample = strcmp(optarg, "sample") == 0;
			break;
		case 'c':
			if (pcapml_which(optarg, &o->which) < 0)
				cli_bad("comment", optarg, "N, first, last or label", usage);
			break;
		case OPT_LABELS: o->labels = optarg; break;
		case OPT_JOIN:
			if (strcmp(optarg, "time") && strcmp(optarg, "ordinal") && strcmp(optarg, "packet"))
				cli_bad("join", optarg, "ordinal or time", usage);
			o->join_time = strcmp(optarg, "time") == 0;
			break;
		case OPT_NETML6: o->netml6 = 1; break;
		case OPT_NOTIMECHECK: o->no_time_check = 1; break;
		case OPT_LEGACY:
			if (capture_parse_legacy(optarg, &o->cap.legacy) < 0)
				cli_bad("legacy-ts", optarg, "auto, on or off", usage);
			break;
		case OPT_FIELDS:
			if (fields_parse_list(optarg, &o->fields, fmsg, sizeof fmsg) < 0) {
				weprintf("bad --fields: %s", fmsg);
				cli_usage(usage);
			}
			break;
		case 'j':
			o->threads = (int)cli_long("threads", optarg, 1, 2, "1 or 2", usage);
			break;
		case 'F': o->filter_file = optarg; break;
		case 'q': o->cap.quiet = 1; break;
		case 't': o->tsv = 1; break;
		case 'v': o->verbose = 1; break;
		default: cli_std(c, usage, help);
		}
	}
	o->caps = cli_inputs(argc, argv, o->filter_file != NULL, &o->ncap, &used);
	if (o->ncap > CAPMERGE_MAX)
		uprintf("more than %d captures", CAPMERGE_MAX);
	if (optind + (int)used < argc &&
	    !(o->expr = pktfilter_join(argv + optind + used, (size_t)argc - optind - used)))
		eprintf("out of memory");
	for (i = 0; o->labels && strcmp(o->labels, "-") == 0 && i < o->ncap; i++)
		if (!o->caps[i] || strcmp(o->caps[i], "-") == 0)
			uprintf("the capture and --labels cannot both be stdin");
	if (o->by_sample && !o->split_set) {
		/* a sample is the unit: no timeout or interval split */
		o->fl.timeout = 0;
		o->fl.q_interval = 0;
	}
}

/* Open the captures, merged when there are several. */
static void
open_captures(struct run *R)
{
	const struct opts *o = R->o;
	size_t i;
	char *err;

	if (capmerge_open(&R->M, o->caps, o->ncap, &o->cap, &err) < 0)
		eprintf("%s", err);
	R->shown = R->M.shown;
	for (i = 0; i < o->ncap; i++) {
		capture_skip_comments(R->M.in[i].r, !o->by_sample);  /* only --by sample reads them */
		if (o->by_sample && capture_format(R->M.in[i].r) == CAP_PCAP)
			eprintf("'%s': classic pcap cannot hold comments; --by sample needs pcapng",
			    R->M.in[i].name);
	}
}

/* The filter expression of -F or of the operands; a bad one: usage error. */
static void
open_filter(struct run *R)
{
	const struct opts *o = R->o;
	char *expr = o->expr, msg[1024] = "";
	const char *shown, *err;

	if (o->filter_file) {
		FILE *f = efopen_in(o->filter_file, &shown);

		if (!(expr = pktfilter_read(f, &err)))
			eprintf("'%s': %s:", shown, err);
		efclose_in(f);
	}
	if (expr && capmerge_filter(&R->M, expr, &err) < 0) {
		if (o->filter_file)     /* the text may span lines: name the file */
			snprintf(msg, sizeof msg, "'%s': bad filter expression: %s", shown, err);
		else
			snprintf(msg, sizeof msg, "bad filter expression '%s': %s%s", expr, err,
			    strchr(expr, ' ') ? "" : " (nor a capture: no such file)");
	}
	if (expr != o->expr)
		free(expr);     /* before a usage error too: nothing leaks at exit */
	if (*msg)
		uprintf("%s", msg);
}

/* Read and file every packet; then, with several captures, number the
 * records as their concatenation. */
static void
read_captures(struct run *R)
{
	const struct opts *o = R->o;
	int dflags = o->netml6 ? DEC_NETML_NULL : 0;
	struct flowrec_opts po = { dflags, o->netml6, o->bidir && !o->by_sample };
	struct filing_opts fo = { o->by_sample, o->which, o->bidir, dflags, o->fields };
	const struct capture_packet *p;
	const struct flowrec_prep *q;
	struct progress prog;
	struct batchread *src;
	size_t i;
	int rc;

	progress_init(&prog, "packets");
	filing_init(&R->F, &fo);
	src = batchread_start(&R->M, !o->by_sample && batchread_threads(o->threads), &po);
	while ((R->rc = batchread_next(src, &p, &q)) == 1) {
		progress_tick(&prog, ++R->npk);
		if ((rc = filing_add(&R->F, p, q)) < 0)
			eprintf("out of memory");
		if (rc & FILING_NEW_LINKTYPE)
			weprintf("'%s': packet %llu: link type %d is not supported; its packets "
			    "are skipped", R->M.in[CAPMERGE_CAPTURE(p->ordinal)].name,
			    (unsigned long long)CAPMERGE_OWN(p->ordinal), p->linktype);
	}
	batchread_stop(src);
	progress_done(&prog);
	R->failed = R->rc < 0 ? 2 : R->F.unknown > 0;
	for (i = 0; o->ncap > 1 && i < R->F.rv.n; i++)
		R->F.rv.v[i].ordinal = capmerge_ordinal(&R->M, R->F.rv.v[i].ordinal);
}

static void
write_flows(struct run *R)
{
	const struct opts *o = R->o;
	struct pktrows_in in = { &R->res, &R->F, o->labels ? &R->L : NULL };
	struct csvw w;

	csvw_init(&w, stdout, "<stdout>", o->tsv);
	pktrows_header(&w, &in);
	R->unlabelled = pktrows_write(&w, &in, batchread_threads(o->threads));
	if (csvw_close(&w))
		R->failed = 2;
}

/* -v: the counts and the time of each phase. */
static void
verbose(const struct run *R)
{
	const struct filing *F = &R->F;
	const char *shown = R->shown;
	int s;

	weprintf("'%s': %llu packets, %zu in %zu flows (%zu keys; interval %.17g)", shown,
	    (unsigned long long)R->npk, R->res.npackets, R->res.nflows, F->kt.n, R->res.interval);
	weprintf("'%s': %zu records of %zu bytes kept", shown, F->rv.n, sizeof(struct flowrec));
	weprintf("'%s': CPU seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
	    R->t[1].cpu - R->t[0].cpu, R->t[2].cpu - R->t[1].cpu, R->t[3].cpu - R->t[2].cpu);
	weprintf("'%s': wall seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
	    R->t[1].wall - R->t[0].wall, R->t[2].wall - R->t[1].wall,
	    R->t[3].wall - R->t[2].wall);
	for (s = 1; s < DEC_NSTATUS; s++)
		if (F->skipped[s])
			weprintf("'%s': skipped %llu packets: %s", shown,
			    (unsigned long long)F->skipped[s], decode_status_name(s));
	if (F->nosample)
		weprintf("'%s': skipped %llu packets: no pcapml sample id", shown,
		    (unsigned long long)F->nosample);
	if (R->M.filtered)
		weprintf("'%s': skipped %llu packets: filtered out", shown,
		    (unsigned long long)R->M.filtered);
}

/* The notes every run may end with, then the read error if any. */
static void
notes(const struct run *R)
{
	const struct opts *o = R->o;

	if (R->F.notime)
		weprintf("'%s': skipped %llu packets without a timestamp (Simple Packet Blocks)",
		    R->shown, (unsigned long long)R->F.notime);
	if (R->res.interval_zero && R->res.npositive)   /* else netml agrees: no note */
		weprintf("'%s': note: the %g-quantile of the flow durations is 0, where netml "
		    "crashes (OverflowError); flows were not split by interval", R->shown,
		    o->fl.q_interval);
	if (R->res.nflows == 0 && R->failed != 2)
		weprintf("'%s': note: no flow has %ld or more packets (netml raises IndexError)",
		    R->shown, o->fl.min_packets);
	if (R->unlabelled && !o->cap.quiet)
		weprintf("'%s': note: %zu of %zu packets in flows have no label in '%s'", R->shown,
		    R->unlabelled, R->res.npackets, R->L.name);
	if (R->rc < 0)
		weprintf("%s", capmerge_error(&R->M));
}

int
main(int argc, char **argv)
{
	static struct opts o = { .fl = FLOWS_OPTS_NETML, .which = 1,
	    .cap = { CAP_LEGACY_AUTO, 0 } };
	static struct run R;	/* static: reachable when eprintf exits (LSan) */
	const char *err, *shown;
	FILE *f;

	osfp_init(argv);
	parse_opts(argc, argv, &o);
	R.o = &o;
	if (o.labels) {
		struct labels_opts lo = { o.join_time, !o.join_time && !o.no_time_check,
		    o.by_sample, o.tsv ? '\t' : ',' };

		f = efopen_in(o.labels, &shown);
		if (labels_load(&R.L, f, shown, &lo) < 0)
			eprintf("%s", R.L.err);
		efclose_in(f);
	}
	open_captures(&R);
	open_filter(&R);
	monotime_mark(&R.t[0]);
	read_captures(&R);
	monotime_mark(&R.t[1]);
	if (o.labels && !o.join_time && !o.no_time_check && labels_check(&R.L, &R.F.rv) < 0)
		eprintf("'%s': %s: labels of another capture? (--no-time-check joins them anyway)",
		    R.shown, R.L.err);
	if (flows_build(R.F.rv.v, sizeof *R.F.rv.v, R.F.rv.n, R.F.kt.n, &o.fl, &R.res, &err) < 0)
		eprintf("'%s': %s", R.shown, err);
	monotime_mark(&R.t[2]);
	write_flows(&R);
	monotime_mark(&R.t[3]);
	if (o.verbose)
		verbose(&R);
	notes(&R);
	flows_free(&R.res);
	filing_free(&R.F);
	labels_free(&R.L);
	capmerge_free(&R.M);
	free(o.expr);
	return R.failed ? EXIT_DATA : EXIT_OK;
}
