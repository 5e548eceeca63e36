/* osfp-pcap-flows: netml's flows (PCAP.pcap2flows), exactly, as CSV with
 * one row per packet of every flow kept, flows in netml's order; or, with
 * --stream, each flow written as soon as it ends, in bounded memory.
 *
 * This file is the options and the dispatch: packet/capmerge opens and
 * merges the captures, packet/pktfilter applies a tcpdump filter, and
 * table/flowrun runs the batch or the stream mode and reports. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/sigstop.h"
#include "base/util.h"
#include "packet/capmerge.h"
#include "packet/capture.h"
#include "packet/fields.h"
#include "packet/pcapml.h"
#include "packet/pktfilter.h"
#include "table/flowrun.h"

static const char usage[] =
    "usage: osfp-pcap-flows [-hqtv] [--timeout SEC] [--q-interval Q | --interval SEC]\n"
    "                       [--min-packets N] [--keep-last] [--bidir] [--by 5tuple|sample]\n"
    "                       [--labels FILE [--join ordinal|time] [--no-time-check]]\n"
    "                       [--netml-ipv6] [--legacy-ts auto|on|off] [--fields LIST]\n"
    "                       [--stream [--max-flows N]] [-j 1|2] [-F FILE]\n"
    "                       [file|- [file...]] [expression]\n";
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
    "      --stream          write each flow as it ends, in bounded memory (needs\n"
    "                        --interval SEC or --q-interval 0; one capture)\n"
    "      --max-flows N     --stream: flow keys held at most (default: 16 MB's worth)\n"
    "  -F, --filter-file F   the filter expression from F (every operand a capture)\n"
    "  -j, --threads N       1 or 2 threads (default 2 when there are 2 CPUs)\n"
    "  -q, --quiet           no note on legacy timestamps or unlabelled packets\n"
    "  -v, --verbose         counts of skipped packets by reason on stderr\n"
    "  -t, --tsv             write TSV\n"
    "  -h, --help, --version\n";

enum {
	OPT_TIMEOUT = 0x100, OPT_QINT, OPT_INT, OPT_MINPKT, OPT_KEEPLAST, OPT_BIDIR,
	OPT_BY, OPT_LABELS, OPT_JOIN, OPT_NETML6, OPT_LEGACY, OPT_FIELDS, OPT_NOTIMECHECK,
	OPT_STREAM, OPT_MAXFLOWS
};

struct opts {
	struct flowrun_opts r;  /* what the run takes */
	int split_set;          /* --timeout/--interval/--q-interval given */
	int q_set;              /* --q-interval given */
	const char *filter_file;
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
	{ "stream", no_argument, 0, OPT_STREAM },
	{ "max-flows", required_argument, 0, OPT_MAXFLOWS },
	{ "threads", required_argument, 0, 'j' },
	{ "filter-file", required_argument, 0, 'F' },
	{ "quiet", no_argument, 0, 'q' },
	{ "verbose", no_argument, 0, 'v' },
	CLI_STD_LONGOPTS,
	{ 0, 0, 0, 0 }
};

/* One option (getopt_long's c) into o. */
static void
set_opt(struct opts *o, int c)
{
	struct flowrun_opts *r = &o->r;
	char fmsg[128];

	switch (c) {
	case OPT_TIMEOUT:
		r->fl.timeout = cli_dbl("timeout", optarg, 0, INFINITY, "seconds >= 0", usage);
		o->split_set = 1;
		break;
	case OPT_QINT:
		r->fl.q_interval = cli_dbl("q-interval", optarg, 0, 1, "0..1", usage);
		o->split_set = o->q_set = 1;
		break;
	case OPT_INT:
		r->fl.interval = cli_dbl("interval", optarg, DBL_TRUE_MIN, INFINITY,
		    "seconds > 0", usage);
		o->split_set = 1;
		break;
	case OPT_MINPKT:
		r->fl.min_packets = cli_long("min-packets", optarg, 1, 1L << 30, "a count >= 1",
		    usage);
		break;
	case OPT_KEEPLAST: r->fl.keep_last = 1; break;
	case OPT_BIDIR: r->bidir = 1; break;
	case OPT_BY:
		if (strcmp(optarg, "sample") && strcmp(optarg, "5tuple") && strcmp(optarg, "flow"))
			cli_bad("by", optarg, "5tuple or sample", usage);
		r->by_sample = strcmp(optarg, "sample") == 0;
		break;
	case 'c':
		if (pcapml_which(optarg, &r->which) < 0)
			cli_bad("comment", optarg, "N, first, last or label", usage);
		break;
	case OPT_LABELS: r->labels = optarg; break;
	case OPT_JOIN:
		if (strcmp(optarg, "time") && strcmp(optarg, "ordinal") && strcmp(optarg, "packet"))
			cli_bad("join", optarg, "ordinal or time", usage);
		r->join_time = strcmp(optarg, "time") == 0;
		break;
	case OPT_NETML6: r->netml6 = 1; break;
	case OPT_NOTIMECHECK: r->no_time_check = 1; break;
	case OPT_LEGACY:
		if (capture_parse_legacy(optarg, &o->cap.legacy) < 0)
			cli_bad("legacy-ts", optarg, "auto, on or off", usage);
		break;
	case OPT_FIELDS:
		if (fields_parse_list(optarg, &r->fields, fmsg, sizeof fmsg) < 0) {
			weprintf("bad --fields: %s", fmsg);
			cli_usage(usage);
		}
		break;
	case OPT_STREAM: r->stream = 1; break;
	case OPT_MAXFLOWS:
		r->max_flows = (size_t)cli_long("max-flows", optarg, 1, 1L << 31, "a count >= 1",
		    usage);
		break;
	case 'j':
		r->threads = (int)cli_long("threads", optarg, 1, 2, "1 or 2", usage);
		break;
	case 'F': o->filter_file = optarg; break;
	case 'q': o->cap.quiet = r->quiet = 1; break;
	case 't': r->tsv = 1; break;
	case 'v': r->verbose = 1; break;
	default: cli_std(c, usage, help);
	}
}

/* What --stream cannot do: what needs the whole capture (the quantile
 * interval, the numbers of several captures, the time join). */
static void
check_stream(const struct opts *o)
{
	const struct flowrun_opts *r = &o->r;

	if (!r->stream) {
		if (r->max_flows)
			uprintf("--max-flows needs --stream");
		return;
	}
	if (!(r->fl.interval > 0) && r->fl.q_interval > 0)
		uprintf("--stream needs --interval SEC or --q-interval 0 (the %s-quantile of "
		    "the flow durations needs the whole capture)", o->q_set ? "given" : "0.9");
	if (o->ncap > 1)
		uprintf("--stream reads one capture (the packets of several are numbered "
		    "once all are read)");
	if (r->labels && r->join_time)
		uprintf("--stream joins labels by packet number (--join time needs the "
		    "whole labels file)");
}

/* The options, then the operands as tcpdump's: captures (cli_inputs; with
 * -F all of them), then the words of a filter expression. */
static void
parse_opts(int argc, char **argv, struct opts *o)
{
	size_t i, used;
	int c;

	while ((c = getopt_long(argc, argv, "c:F:hj:qtv", longopts, NULL)) != -1)
		set_opt(o, c);
	o->caps = cli_inputs(argc, argv, o->filter_file != NULL, &o->ncap, &used);
	if (o->ncap > CAPMERGE_MAX)
		uprintf("more than %d captures", CAPMERGE_MAX);
	if (optind + (int)used < argc &&
	    !(o->expr = pktfilter_join(argv + optind + used, (size_t)argc - optind - used)))
		eprintf("out of memory");
	for (i = 0; o->r.labels && strcmp(o->r.labels, "-") == 0 && i < o->ncap; i++)
		if (!o->caps[i] || strcmp(o->caps[i], "-") == 0)
			uprintf("the capture and --labels cannot both be stdin");
	if (o->r.by_sample && !o->split_set) {
		/* a sample is the unit: no timeout or interval split */
		o->r.fl.timeout = 0;
		o->r.fl.q_interval = 0;
	}
	check_stream(o);
}

/* Open the captures, merged when there are several. */
static void
open_captures(const struct opts *o, struct flowrun *R)
{
	size_t i;
	char *err;

	if (capmerge_open(&R->M, o->caps, o->ncap, &o->cap, &err) < 0) {
		if (sigstop_requested())        /* stopped before the capture began */
			exit(EXIT_OK);
		eprintf("%s", err);
	}
	R->shown = R->M.shown;
	for (i = 0; i < o->ncap; i++) {
		capture_skip_comments(R->M.in[i].r, !o->r.by_sample);  /* only --by sample reads them */
		if (o->r.by_sample && capture_format(R->M.in[i].r) == CAP_PCAP)
			eprintf("'%s': classic pcap cannot hold comments; --by sample needs pcapng",
			    R->M.in[i].name);
	}
}

/* The filter expression of -F or of the operands; a bad one: usage error. */
static void
open_filter(const struct opts *o, struct flowrun *R)
{
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

int
main(int argc, char **argv)
{
	static struct opts o = { .r = { .fl = FLOWS_OPTS_NETML, .which = 1 },
	    .cap = { CAP_LEGACY_AUTO, 0 } };
	static struct flowrun R;	/* static: reachable when eprintf exits (LSan) */

	osfp_init(argv);
	parse_opts(argc, argv, &o);
	R.o = &o.r;
	/* a live capture ends with SIGINT or SIGTERM: what is held is written */
	if (o.r.stream && sigstop_install() < 0)
		eprintf("cannot catch SIGINT and SIGTERM:");
	if (flowrun_labels(&R) < 0)
		eprintf("%s", R.err);
	open_captures(&o, &R);
	open_filter(&o, &R);
	if ((o.r.stream ? flowrun_stream(&R) : flowrun_batch(&R)) < 0)
		eprintf("%s", R.err);
	flowrun_report(&R);
	flowrun_free(&R);
	free(o.expr);
	return R.failed ? EXIT_DATA : EXIT_OK;
}
