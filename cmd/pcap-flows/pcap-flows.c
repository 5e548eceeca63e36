/* osfp-pcap-flows: netml's flows (PCAP.pcap2flows), exactly, as CSV with
 * one row per packet of every flow kept, flows in netml's order.
 *
 * One pass over the capture: each packet is decoded (libcommon/decode),
 * given the id of its flow key (a hash table, ids in order of first
 * appearance as netml's OrderedDict) and kept as a small fixed record.
 * At the end libcommon/flows applies netml's sorts and splits, and the
 * rows are written. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/bigarr.h"
#include "packet/batchread.h"
#include "packet/capture.h"
#include "base/cli.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/pktrows.h"
#include "table/labels.h"
#include "packet/decode.h"
#include "packet/flowkey.h"
#include "packet/flowrec.h"
#include "packet/flows.h"
#include "packet/linkpath.h"
#include "packet/fields.h"
#include "base/num.h"
#include "packet/pcapml.h"
#include "base/progress.h"
#include "base/util.h"

static const char usage[] =
    "usage: osfp-pcap-flows [-tv] [--timeout SEC] [--q-interval Q | --interval SEC]\n"
    "                       [--min-packets N] [--keep-last] [--bidir] [--by 5tuple|sample]\n"
    "                       [--labels FILE [--join ordinal|time]] [--netml-ipv6]\n"
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
    "      --min-packets N   drop flows of fewer packets (2)\n"
    "      --keep-last       keep the piece after a flow's last split (netml drops it)\n"
    "      --bidir           A->B and B->A in one flow\n"
    "      --by WHAT         5tuple (default) or sample: group by pcapml sample id\n"
    "  -c, --comment WHICH   the comment holding the sample id (1)\n"
    "      --labels FILE     join osfp-pcapng-labels output: add sample,label,family\n"
    "      --join HOW        ordinal (packet number, default) or time (the notebook's\n"
    "                        join on the time string; the last label of a time wins)\n"
    "      --netml-ipv6      all IPv6 TCP/UDP packets in one flow ('','',-1,-1,-1)\n"
    "                        and NULL/LOOP families read as netml does\n"
    "      --legacy-ts MODE  legacy pcapml timestamps: auto, on or off (auto)\n"
    "      --fields LIST     append header fingerprint columns: field names, or\n"
    "                        syn, hdr, nprint (what that feature set needs), all\n"
    "  -j, --threads N       1 or 2 threads (default 2 when there are 2 CPUs)\n"
    "  -q, --quiet           no note when legacy timestamps are detected\n"
    "  -v, --verbose         counts of skipped packets by reason on stderr\n"
    "  -t, --tsv             write TSV\n"
    "      --help, --version\n";

enum {
	OPT_TIMEOUT = 0x100, OPT_QINT, OPT_INT, OPT_MINPKT, OPT_KEEPLAST,
	OPT_BIDIR, OPT_BY, OPT_LABELS, OPT_JOIN, OPT_NETML6, OPT_LEGACY, OPT_FIELDS
};

struct opts {
	struct flows_opts fl;
	int split_set;          /* --timeout/--interval/--q-interval given */
	int bidir, by_sample, netml6, verbose, tsv, join_time;
	int threads;            /* -j: 1 or 2, 0 automatic */
	long which;
	uint32_t fields;        /* --fields: FPF_BIT mask */
	const char *labels;
	struct capture_options cap;
};

/* Seconds on a monotonic clock, for -v. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
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
		{ "netml-ipv6", no_argument, 0, OPT_NETML6 },
		{ "legacy-ts", required_argument, 0, OPT_LEGACY },
		{ "fields", required_argument, 0, OPT_FIELDS },
		{ "threads", required_argument, 0, 'j' },
		{ "quiet", no_argument, 0, 'q' },
		{ "verbose", no_argument, 0, 'v' },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	struct opts o = { .fl = FLOWS_OPTS_NETML, .which = 1, .cap = { CAP_LEGACY_AUTO, 0 } };
	static struct linkpath_tab links;
	struct flowkey_tab kt = { 0 };
	struct labels L = { 0 };
	struct fields_vec fpv = { 0 };   /* --fields: one entry per record */
	struct flowrec_vec rv = { 0 };
	uint64_t skipped[DEC_NSTATUS] = { 0 }, nosample = 0, notime = 0, npk = 0;
	int unknown_lt[8], nunknown = 0, c, rc, dflags, failed = 0;
	static struct capture_reader *r;	/* reachable when eprintf exits (LSan) */
	const struct capture_packet *p;
	struct batchread *src;
	const struct flowrec_prep *q;
	struct flowrec_opts po;
	struct flows_result res;
	clock_t clk[4];
	double wall[4];
	struct progress prog;
	struct csvw w;
	const char *path, *shown, *ferr;
	char *err;
	FILE *f;

	osfp_init(argv);
	while ((c = getopt_long(argc, argv, "c:j:qtv", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
			if (num_parse_dbl(optarg, &o.fl.timeout) < 0 || o.fl.timeout < 0) {
				weprintf("bad --timeout '%s': want seconds >= 0", optarg);
				cli_usage(usage);
			}
			o.split_set = 1;
			break;
		case OPT_QINT:
			if (num_parse_dbl(optarg, &o.fl.q_interval) < 0 || o.fl.q_interval < 0 ||
			    o.fl.q_interval > 1) {
				weprintf("bad --q-interval '%s': want 0..1", optarg);
				cli_usage(usage);
			}
			o.split_set = 1;
			break;
		case OPT_INT:
			if (num_parse_dbl(optarg, &o.fl.interval) < 0 || o.fl.interval <= 0) {
				weprintf("bad --interval '%s': want seconds > 0", optarg);
				cli_usage(usage);
			}
			o.split_set = 1;
			break;
		case OPT_MINPKT:
			if (num_parse_long(optarg, 1, 1L << 30, &o.fl.min_packets) < 0) {
				weprintf("bad --min-packets '%s': want a count >= 1", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_KEEPLAST: o.fl.keep_last = 1; break;
		case OPT_BIDIR: o.bidir = 1; break;
		case OPT_BY:
			if (strcmp(optarg, "sample") == 0)
				o.by_sample = 1;
			else if (strcmp(optarg, "5tuple") == 0 || strcmp(optarg, "flow") == 0)
				o.by_sample = 0;
			else {
				weprintf("bad --by '%s': want 5tuple or sample", optarg);
				cli_usage(usage);
			}
			break;
		case 'c':
			if (pcapml_which(optarg, &o.which) < 0) {
				weprintf("bad --comment '%s': want N, first, last or label", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_LABELS: o.labels = optarg; break;
		case OPT_JOIN:
			if (strcmp(optarg, "time") == 0)
				o.join_time = 1;
			else if (strcmp(optarg, "ordinal") == 0 || strcmp(optarg, "packet") == 0)
				o.join_time = 0;
			else {
				weprintf("bad --join '%s': want ordinal or time", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_NETML6: o.netml6 = 1; break;
		case OPT_LEGACY:
			if (capture_parse_legacy(optarg, &o.cap.legacy) < 0) {
				weprintf("bad --legacy-ts '%s': want auto, on or off", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_FIELDS: {
			char fmsg[128];

			if (fields_parse_list(optarg, &o.fields, fmsg, sizeof fmsg) < 0) {
				weprintf("bad --fields: %s", fmsg);
				cli_usage(usage);
			}
			fpv.with_raw = (o.fields & FPF_NEED_NPRINT) != 0;
			break;
		}
		case 'j': {
			long n;

			if (num_parse_long(optarg, 1, 2, &n) < 0) {
				weprintf("bad --threads '%s': want 1 or 2", optarg);
				cli_usage(usage);
			}
			o.threads = (int)n;
			break;
		}
		case 'q': o.cap.quiet = 1; break;
		case 't': o.tsv = 1; break;
		case 'v': o.verbose = 1; break;
		default: cli_std(c, usage, help);
		}
	}
	path = cli_one_input(argc, argv, usage);
	if (o.labels && strcmp(o.labels, "-") == 0 && (!path || strcmp(path, "-") == 0))
		uprintf("the capture and --labels cannot both be stdin");
	if (o.by_sample && !o.split_set) {
		/* a sample is the unit: no timeout or interval split */
		o.fl.timeout = 0;
		o.fl.q_interval = 0;
	}
	dflags = o.netml6 ? DEC_NETML_NULL : 0;
	if (o.labels) {
		struct labels_opts lo = { o.join_time, o.by_sample, o.tsv ? '\t' : ',' };
		FILE *lf = efopen_in(o.labels, &shown);

		if (labels_load(&L, lf, shown, &lo) < 0)
			eprintf("%s", L.err);
		efclose_in(lf);
	}

	f = efopen_in(path, &shown);
	if (!(r = capture_open(f, shown, &o.cap, &err)))
		eprintf("%s", err);
	capture_skip_comments(r, !o.by_sample);	/* only --by sample reads them */
	if (o.by_sample && capture_format(r) == CAP_PCAP)
		eprintf("'%s': classic pcap cannot hold comments; --by sample needs pcapng", shown);
	clk[0] = clock();
	wall[0] = now();
	progress_init(&prog, "packets");
	kt.with_disp = o.bidir || o.by_sample;
	po.dflags = dflags;
	po.netml6 = o.netml6;
	po.bidir = o.bidir && !o.by_sample;
	src = batchread_start(r, !o.by_sample && batchread_threads(o.threads), &po);
	while ((rc = batchread_next(src, &p, &q)) == 1) {
		const struct flowkey *lookp = &q->look, *dispp = &q->look;
		uint64_t hash = q->hash;
		struct flowkey look, disp;
		struct flowrec *x;
		int st = q->st;

		progress_tick(&prog, p->ordinal);
		npk++;
		if (st == DEC_UNKNOWN_LINK) {
			int k;

			for (k = 0; k < nunknown && unknown_lt[k] != p->linktype; k++)
				;
			if (k == nunknown && nunknown < 8) {
				unknown_lt[nunknown++] = p->linktype;
				weprintf("'%s': packet %llu: link type %d is not supported; its packets are skipped",
				    shown, (unsigned long long)p->ordinal, p->linktype);
			}
			failed = 1;
		}
		if (o.by_sample) {
			struct pcapml_label l;
			const char *why;

			if (pcapml_pick(p->comments, p->comment_lens, p->ncomments, o.which,
			    &l, &why, NULL) != 1) {
				nosample++;
				continue;
			}
			/* what is written: the first packet's 5-tuple */
			if (st == DEC_OK)
				disp = q->look;
			else
				memset(&disp, 0, sizeof disp);
			memset(&look, 0, sizeof look);
			look.sample = disp.sample = l.sample;
			lookp = &look;
			dispp = &disp;
			hash = flowkey_hash(&look);
		} else if (st != DEC_OK) {
			skipped[st]++;
			continue;
		} else if (q->swapped) {
			disp = q->look;
			flowkey_swap(&disp);
			dispp = &disp;
		}
		if (!p->has_time) {	/* Simple Packet Block: no timestamp */
			notime++;
			continue;
		}
		if (!(x = flowrec_add(&rv, q, &p->time)))
			eprintf("out of memory");
		if (o.fields) {
			struct fields_raw *fr;
			struct fields_pkt *fx = fields_vec_push(&fpv, &fr);
			struct decode_pkt d;

			if (!fx)
				eprintf("out of memory");
			/* decoded again: the batches carry no decode_pkt (200
			 * bytes a packet, crossing between the threads) */
			decode(p->linktype, p->data, p->caplen, p->wirelen, dflags, &d);
			fields_from_dec(&d, p->data, p->caplen, fx, fr);
		}
		/* the key written is the first packet's (the lookup key is
		 * canonical with --bidir, a sample id with --by sample) */
		x->h.key = flowkey_id(&kt, lookp, dispp, hash);
		x->link = linkpath_id(&links, q->linkcode);
	}
	batchread_stop(src);
	progress_done(&prog);
	if (rc < 0)
		failed = 2;

	clk[1] = clock();
	wall[1] = now();
	if (flows_build(rv.v, sizeof *rv.v, rv.n, kt.n, &o.fl, &res, &ferr) < 0)
		eprintf("'%s': %s", shown, ferr);

	clk[2] = clock();
	wall[2] = now();
	csvw_init(&w, stdout, "<stdout>", o.tsv);
	{
		struct pktrows_in in = { &res, &rv, &kt, &links, o.labels ? &L : NULL, &fpv,
		    o.fields, o.by_sample };

		pktrows_header(&w, &in);
		pktrows_write(&w, &in, batchread_threads(o.threads));
	}
	if (csvw_close(&w))
		failed = 2;
	clk[3] = clock();
	wall[3] = now();

	if (o.verbose) {
		int s;

		weprintf("'%s': %llu packets, %zu in %zu flows (%zu keys; interval %.17g)",
		    shown, (unsigned long long)npk, res.npackets, res.nflows, kt.n, res.interval);
		weprintf("'%s': %zu records of %zu bytes kept", shown, rv.n, sizeof(struct flowrec));
		weprintf("'%s': CPU seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
		    (double)(clk[1] - clk[0]) / CLOCKS_PER_SEC, (double)(clk[2] - clk[1]) / CLOCKS_PER_SEC,
		    (double)(clk[3] - clk[2]) / CLOCKS_PER_SEC);
		weprintf("'%s': wall seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
		    wall[1] - wall[0], wall[2] - wall[1], wall[3] - wall[2]);
		for (s = 1; s < DEC_NSTATUS; s++)
			if (skipped[s])
				weprintf("'%s': skipped %llu packets: %s", shown,
				    (unsigned long long)skipped[s], decode_status_name(s));
		if (nosample)
			weprintf("'%s': skipped %llu packets: no pcapml sample id", shown,
			    (unsigned long long)nosample);
	}
	if (notime)
		weprintf("'%s': skipped %llu packets without a timestamp (Simple Packet Blocks)",
		    shown, (unsigned long long)notime);
	if (res.interval_zero)
		weprintf("'%s': note: the %g-quantile of the flow durations is 0, where netml "
		    "crashes (OverflowError); flows were not split by interval", shown, o.fl.q_interval);
	if (res.nflows == 0 && failed != 2)
		weprintf("'%s': note: no flow has %ld or more packets (netml raises IndexError)",
		    shown, o.fl.min_packets > 2 ? o.fl.min_packets : 2);
	if (rc < 0)
		weprintf("%s", capture_error(r));
	flows_free(&res);
	flowrec_vec_free(&rv);
	fields_vec_free(&fpv);
	flowkey_tab_free(&kt);
	labels_free(&L);
	capture_close(r);
	efclose_in(f);
	return failed ? EXIT_DATA : EXIT_OK;
}
