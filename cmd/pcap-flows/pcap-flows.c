/* osfp-pcap-flows: netml's flows (PCAP.pcap2flows), exactly, as CSV with
 * one row per packet of every flow kept, flows in netml's order.
 *
 * One pass over the capture (packet/batchread): each packet is decoded and
 * prepared (packet/flowrec), filed under the id of its flow key
 * (packet/flowkey: ids in order of first appearance, as netml's
 * OrderedDict) and kept as a 48-byte record. At the end packet/flows
 * applies netml's sorts and splits, and table/pktrows writes the rows,
 * with the labels of table/labels. */
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/monotime.h"
#include "base/num.h"
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
#include "table/csvw.h"
#include "table/pktrows.h"
#include "table/labels.h"

static const char usage[] =
    "usage: osfp-pcap-flows [-tv] [--timeout SEC] [--q-interval Q | --interval SEC]\n"
    "                       [--min-packets N] [--keep-last] [--bidir] [--by 5tuple|sample]\n"
    "                       [--labels FILE [--join ordinal|time] [--no-time-check]]\n"
    "                       [--netml-ipv6]"
    "                       [--legacy-ts auto|on|off] [--fields LIST] [-j 1|2] [file|-]\n";
static const char help[] =
    "\n"
    "Group the TCP/UDP packets of a pcap or pcapng capture into flows exactly as\n"
    "netml's pcap2flows does, and write one CSV row per packet of each flow kept:\n"
    "flow,src,dst,sport,dport,proto,packet,time,len,wirelen,iplen,ttl,tcpflags,win,link\n"
    "\n"
    "      --timeout SEC     idle timeout split (600; 0: none)\n"
    "      --q-interval Q    split at gaps over this quantile of the flow\n"
    "                        durations (0.9; 0: no interval split)\n"
    "      --interval SEC    split at gaps over a fixed interval instead\n"
    "      --min-packets N   drop flows of fewer packets (2; 1 keeps single packets)\n"
    "      --keep-last       keep the piece after a flow's last split (netml drops it)\n"
    "      --bidir           A->B and B->A in one flow\n"
    "      --by WHAT         5tuple (default) or sample: group by pcapml sample id\n"
    "  -c, --comment WHICH   the comment holding the sample id (1)\n"
    "      --labels FILE     join osfp-pcapng-labels output: add sample,label,family\n"
    "      --join HOW        ordinal (packet number, default) or time (the notebook's\n"
    "                        join on the time; the last label of a time wins)\n"
    "      --no-time-check   join by ordinal even where the labels' times differ\n"
    "      --netml-ipv6      all IPv6 TCP/UDP packets in one flow ('','',-1,-1,-1)\n"
    "                        and NULL/LOOP families read as netml does\n"
    "      --legacy-ts MODE  legacy pcapml timestamps: auto, on or off (auto)\n"
    "      --fields LIST     append header fingerprint columns: field names, or\n"
    "                        syn, hdr, nprint (what that feature set needs), all\n"
    "  -j, --threads N       1 or 2 threads (default 2 when there are 2 CPUs)\n"
    "  -q, --quiet           no note on legacy timestamps or unlabelled packets\n"
    "  -v, --verbose         counts of skipped packets by reason on stderr\n"
    "  -t, --tsv             write TSV\n"
    "      --help, --version\n";

enum {
	OPT_TIMEOUT = 0x100, OPT_QINT, OPT_INT, OPT_MINPKT, OPT_KEEPLAST,
	OPT_BIDIR, OPT_BY, OPT_LABELS, OPT_JOIN, OPT_NETML6, OPT_LEGACY, OPT_FIELDS,
	OPT_NOTIMECHECK
};

struct opts {
	struct flows_opts fl;
	int split_set;          /* --timeout/--interval/--q-interval given */
	int bidir, by_sample, netml6, verbose, tsv, join_time, no_time_check;
	int threads;            /* -j: 1 or 2, 0 automatic */
	long which;
	uint32_t fields;        /* --fields: FPF_BIT mask */
	const char *labels;
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
	{ "quiet", no_argument, 0, 'q' },
	{ "verbose", no_argument, 0, 'v' },
	CLI_STD_LONGOPTS,
	{ 0, 0, 0, 0 }
};

/* One run: the capture, what was filed from it, what was counted. */
struct run {
	const struct opts *o;
	const char *shown;
	FILE *f;
	struct capture_reader *r;
	struct capmerge M;
	struct filing F;
	struct labels L;
	struct flows_result res;
	uint64_t npk;
	size_t unlabelled;              /* rows written without a label */
	int unknown_lt[8], nunknown;
	int failed;                     /* 1: a data error; 2: the input or
	                                 * output failed */
	int rc;                         /* capture_next's last result */
	double cpu[4], wall[4];         /* -v: phase boundaries */
};

/* A bad option argument: one line, the synopsis, exit 2. */
static void __attribute__((noreturn))
bad(const char *opt, const char *want)
{
	weprintf("bad --%s '%s': want %s", opt, optarg, want);
	cli_usage(usage);
}

/* The options; returns the capture's path (NULL: stdin). */
static const char *
parse_opts(int argc, char **argv, struct opts *o)
{
	const char *path;
	char fmsg[128];
	long n;
	int c;

	while ((c = getopt_long(argc, argv, "c:j:qtv", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
			if (num_parse_dbl(optarg, &o->fl.timeout) < 0 || o->fl.timeout < 0)
				bad("timeout", "seconds >= 0");
			o->split_set = 1;
			break;
		case OPT_QINT:
			if (num_parse_dbl(optarg, &o->fl.q_interval) < 0 || o->fl.q_interval < 0 ||
			    o->fl.q_interval > 1)
				bad("q-interval", "0..1");
			o->split_set = 1;
			break;
		case OPT_INT:
			if (num_parse_dbl(optarg, &o->fl.interval) < 0 || o->fl.interval <= 0)
				bad("interval", "seconds > 0");
			o->split_set = 1;
			break;
		case OPT_MINPKT:
			if (num_parse_long(optarg, 1, 1L << 30, &o->fl.min_packets) < 0)
				bad("min-packets", "a count >= 1");
			break;
		case OPT_KEEPLAST: o->fl.keep_last = 1; break;
		case OPT_BIDIR: o->bidir = 1; break;
		case OPT_BY:
			if (strcmp(optarg, "sample") && strcmp(optarg, "5tuple") && strcmp(optarg, "flow"))
				bad("by", "5tuple or sample");
			o->by_sample = strcmp(optarg, "sample") == 0;
			break;
		case 'c':
			if (pcapml_which(optarg, &o->which) < 0)
				bad("comment", "N, first, last or label");
			break;
		case OPT_LABELS: o->labels = optarg; break;
		case OPT_JOIN:
			if (strcmp(optarg, "time") && strcmp(optarg, "ordinal") && strcmp(optarg, "packet"))
				bad("join", "ordinal or time");
			o->join_time = strcmp(optarg, "time") == 0;
			break;
		case OPT_NETML6: o->netml6 = 1; break;
		case OPT_NOTIMECHECK: o->no_time_check = 1; break;
		case OPT_LEGACY:
			if (capture_parse_legacy(optarg, &o->cap.legacy) < 0)
				bad("legacy-ts", "auto, on or off");
			break;
		case OPT_FIELDS:
			if (fields_parse_list(optarg, &o->fields, fmsg, sizeof fmsg) < 0) {
				weprintf("bad --fields: %s", fmsg);
				cli_usage(usage);
			}
			break;
		case 'j':
			if (num_parse_long(optarg, 1, 2, &n) < 0)
				bad("threads", "1 or 2");
			o->threads = (int)n;
			break;
		case 'q': o->cap.quiet = 1; break;
		case 't': o->tsv = 1; break;
		case 'v': o->verbose = 1; break;
		default: cli_std(c, usage, help);
		}
	}
	path = cli_one_input(argc, argv, usage);
	if (o->labels && strcmp(o->labels, "-") == 0 && (!path || strcmp(path, "-") == 0))
		uprintf("the capture and --labels cannot both be stdin");
	if (o->by_sample && !o->split_set) {
		/* a sample is the unit: no timeout or interval split */
		o->fl.timeout = 0;
		o->fl.q_interval = 0;
	}
	return path;
}

static void
load_labels(struct run *R)
{
	const struct opts *o = R->o;
	struct labels_opts lo = { o->join_time, !o->join_time && !o->no_time_check, o->by_sample,
	    o->tsv ? '\t' : ',' };
	const char *shown;
	FILE *f = efopen_in(o->labels, &shown);

	if (labels_load(&R->L, f, shown, &lo) < 0)
		eprintf("%s", R->L.err);
	efclose_in(f);
}

static void
open_capture(struct run *R, const char *path)
{
	const struct opts *o = R->o;
	char *err;

	R->f = efopen_in(path, &R->shown);
	if (!(R->r = capture_open(R->f, R->shown, &o->cap, &err)))
		eprintf("%s", err);
	capture_skip_comments(R->r, !o->by_sample);	/* only --by sample reads them */
	if (o->by_sample && capture_format(R->r) == CAP_PCAP)
		eprintf("'%s': classic pcap cannot hold comments; --by sample needs pcapng",
		    R->shown);
}

/* A link type the decoder does not know: said once per link type (for
 * the first eight), and the run fails. */
static void
unknown_link(struct run *R, const struct capture_packet *p)
{
	int k;

	for (k = 0; k < R->nunknown && R->unknown_lt[k] != p->linktype; k++)
		;
	if (k == R->nunknown && R->nunknown < 8) {
		R->unknown_lt[R->nunknown++] = p->linktype;
		weprintf("'%s': packet %llu: link type %d is not supported; its packets are skipped",
		    R->shown, (unsigned long long)p->ordinal, p->linktype);
	}
	R->failed = 1;
}

static void
read_capture(struct run *R)
{
	const struct opts *o = R->o;
	int dflags = o->netml6 ? DEC_NETML_NULL : 0;
	struct flowrec_opts po = { dflags, o->netml6, o->bidir && !o->by_sample };
	struct filing_opts fo = { o->by_sample, o->which, o->bidir, dflags, o->fields };
	const struct capture_packet *p;
	const struct flowrec_prep *q;
	struct progress prog;
	struct batchread *src;

	progress_init(&prog, "packets");
	filing_init(&R->F, &fo);
	capmerge_init(&R->M, &R->r, 1);
	src = batchread_start(&R->M, !o->by_sample && batchread_threads(o->threads), &po);
	while ((R->rc = batchread_next(src, &p, &q)) == 1) {
		progress_tick(&prog, p->ordinal);
		R->npk++;
		if (q->st == DEC_UNKNOWN_LINK)
			unknown_link(R, p);
		if (filing_add(&R->F, p, q) < 0)
			eprintf("out of memory");
	}
	batchread_stop(src);
	progress_done(&prog);
	if (R->rc < 0)
		R->failed = 2;
}

static void
write_flows(struct run *R)
{
	const struct opts *o = R->o;
	const struct filing *F = &R->F;
	struct pktrows_in in = { &R->res, &F->rv, &F->kt, &F->links, o->labels ? &R->L : NULL,
	    &F->fpv, o->fields, o->by_sample };
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
	    R->cpu[1] - R->cpu[0], R->cpu[2] - R->cpu[1], R->cpu[3] - R->cpu[2]);
	weprintf("'%s': wall seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
	    R->wall[1] - R->wall[0], R->wall[2] - R->wall[1], R->wall[3] - R->wall[2]);
	for (s = 1; s < DEC_NSTATUS; s++)
		if (F->skipped[s])
			weprintf("'%s': skipped %llu packets: %s", shown,
			    (unsigned long long)F->skipped[s], decode_status_name(s));
	if (F->nosample)
		weprintf("'%s': skipped %llu packets: no pcapml sample id", shown,
		    (unsigned long long)F->nosample);
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
		weprintf("%s", capture_error(R->r));
}

/* A phase boundary for -v. */
static void
mark(struct run *R, int i)
{
	R->cpu[i] = monotime_cpu();
	R->wall[i] = monotime_now();
}

int
main(int argc, char **argv)
{
	static struct opts o = { .fl = FLOWS_OPTS_NETML, .which = 1,
	    .cap = { CAP_LEGACY_AUTO, 0 } };
	static struct run R;	/* static: reachable when eprintf exits (LSan) */
	const char *path, *err;

	osfp_init(argv);
	path = parse_opts(argc, argv, &o);
	R.o = &o;
	if (o.labels)
		load_labels(&R);
	open_capture(&R, path);
	mark(&R, 0);
	read_capture(&R);
	mark(&R, 1);
	if (o.labels && !o.join_time && !o.no_time_check && labels_check(&R.L, &R.F.rv) < 0)
		eprintf("'%s': %s: labels of another capture? (--no-time-check joins them anyway)",
		    R.shown, R.L.err);
	if (flows_build(R.F.rv.v, sizeof *R.F.rv.v, R.F.rv.n, R.F.kt.n, &o.fl, &R.res, &err) < 0)
		eprintf("'%s': %s", R.shown, err);
	mark(&R, 2);
	write_flows(&R);
	mark(&R, 3);
	if (o.verbose)
		verbose(&R);
	notes(&R);
	flows_free(&R.res);
	filing_free(&R.F);
	labels_free(&R.L);
	capmerge_free(&R.M);
	capture_close(R.r);
	efclose_in(R.f);
	return R.failed ? EXIT_DATA : EXIT_OK;
}
