/* opts.c: osfp-flow-features' command line: the options, the checks of
 * inputs against outputs, the --like record. */
#include "opts.h"

#include <string.h>

#include "base/cli.h"
#include "base/samefile.h"
#include "base/util.h"

static const char usage[] =
    "usage: osfp-flow-features [-t] [-f SETS] [--header] [--fft] [--dim N] [--q Q]\n"
    "                          [--samp-rate R] [--label-rule first|majority]\n"
    "                          [--keep-unlabelled] [--nprint-packets K]\n"
    "                          [--interval SEC] [--dim-out FILE] [--like FILE]\n"
    "                          [--id COLS] [file|-]\n";
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
    "      --interval SEC    the flows stage's split interval, only recorded\n"
    "                        (--dim-out) for osfp-pcap-flows --stream\n"
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
		{ "interval", required_argument, 0, OPT_PARAM },
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

const char *
opts_parse(struct opts *o, int argc, char **argv)
{
	const char *path;

	parse_opts(o, argc, argv);
	path = cli_one_input(argc, argv, usage);
	check_inputs(o, path);
	return path;
}
