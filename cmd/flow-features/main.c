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
#include "table/csvr.h"
#include "table/csvw.h"
#include "features/fingerprint.h"
#include "features/flowfeat.h"
#include "base/num.h"
#include "base/progress.h"
#include "base/util.h"
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

enum { OPT_HEADER = 0x100, OPT_FFT, OPT_DIM, OPT_Q, OPT_RATE, OPT_DIMOUT,
	OPT_RULE, OPT_KEEP, OPT_NPRINT };

struct opts {
	enum flowfeat_set sets[FEAT_NSETS];
	int nsets, header, fft, tsv, majority, keep;
	enum fingerprint_set fpsets[FP_NSETS];   /* fingerprint sets, after netml's */
	int nfp, nprint_k;
	long dim;                 /* 0: from the data */
	double q, rate;           /* rate 0: from the data */
	const char *dimout;
};

static void
parse_sets(struct opts *o, const char *arg)
{
	char *s = estrdup(arg), *tok, *save = NULL;
	int i;

	o->nsets = o->nfp = 0;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum flowfeat_set fs;
		enum fingerprint_set ps;

		if (fingerprint_set_parse(tok, &ps) == 0) {
			for (i = 0; i < o->nfp; i++)
				if (o->fpsets[i] == ps) {
					weprintf("feature set '%s' given twice", tok);
					cli_usage(usage);
				}
			o->fpsets[o->nfp++] = ps;
			continue;
		}
		if (flowfeat_set_parse(tok, &fs) < 0) {
			weprintf("unknown feature set '%s'", tok);
			cli_usage(usage);
		}
		for (i = 0; i < o->nsets; i++)
			if (o->sets[i] == fs) {
				weprintf("feature set '%s' given twice", tok);
				cli_usage(usage);
			}
		o->sets[o->nsets++] = fs;
	}
	free(s);
	if (o->nsets + o->nfp == 0) {
		weprintf("no feature set in '%s'", arg);
		cli_usage(usage);
	}
}

static void
parse_opts(struct opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "features", required_argument, 0, 'f' },
		{ "header", no_argument, 0, OPT_HEADER },
		{ "fft", no_argument, 0, OPT_FFT },
		{ "dim", required_argument, 0, OPT_DIM },
		{ "q", required_argument, 0, OPT_Q },
		{ "samp-rate", required_argument, 0, OPT_RATE },
		{ "dim-out", required_argument, 0, OPT_DIMOUT },
		{ "label-rule", required_argument, 0, OPT_RULE },
		{ "keep-unlabelled", no_argument, 0, OPT_KEEP },
		{ "nprint-packets", required_argument, 0, OPT_NPRINT },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	int c;

	memset(o, 0, sizeof *o);
	o->sets[0] = FEAT_IAT;
	o->sets[1] = FEAT_STATS;
	o->nsets = 2;
	o->q = 0.9;
	o->nprint_k = FP_NPRINT_K;
	while ((c = getopt_long(argc, argv, "f:t", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			parse_sets(o, optarg);
			break;
		case 't':
			o->tsv = 1;
			break;
		case OPT_HEADER:
			o->header = 1;
			break;
		case OPT_FFT:
			o->fft = 1;
			break;
		case OPT_DIM:
			/* netml's dim is at least 2 (every flow has two packets) */
			if (num_parse_long(optarg, 2, 1000000, &o->dim) < 0) {
				weprintf("--dim: '%s' is not an integer in 2..1000000", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_Q:
			if (num_parse_dbl(optarg, &o->q) < 0 || !(o->q > 0 && o->q <= 1)) {
				weprintf("--q: '%s' is not a number in (0, 1]", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_RATE:
			if (num_parse_dbl(optarg, &o->rate) < 0 || !(o->rate > 0)) {
				weprintf("--samp-rate: '%s' is not a positive number", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_DIMOUT:
			o->dimout = optarg;
			break;
		case OPT_RULE:
			if (strcmp(optarg, "first") == 0)
				o->majority = 0;
			else if (strcmp(optarg, "majority") == 0)
				o->majority = 1;
			else {
				weprintf("--label-rule: '%s' is not first or majority", optarg);
				cli_usage(usage);
			}
			break;
		case OPT_KEEP:
			o->keep = 1;
			break;
		case OPT_NPRINT: {
			long k;

			if (num_parse_long(optarg, 1, FP_NPRINT_KMAX, &k) < 0) {
				weprintf("--nprint-packets: '%s' is not an integer in 1..%d",
				    optarg, FP_NPRINT_KMAX);
				cli_usage(usage);
			}
			o->nprint_k = (int)k;
			break;
		}
		default:
			cli_std(c, usage, help);
		}
	}
}

/* The output side: widths, the header row, one row per flow. */
struct out {
	const struct opts *o;
	struct csvw w;
	long dim;
	double rate;
	size_t width[FEAT_NSETS];
	double *row, *scratch;
	size_t nrow, nscratch;
	int has_sample, has_label, has_family;
	int started;
	uint64_t written, dropped;
};

static int
needs_rate(const struct opts *o)
{
	int i;

	for (i = 0; i < o->nsets; i++)
		if (flowfeat_needs_rate(o->sets[i]))
			return 1;
	return 0;
}

static int
needs_dim(const struct opts *o)
{
	int i;

	for (i = 0; i < o->nsets; i++)
		if (o->sets[i] != FEAT_STATS || o->header)
			return 1;
	return 0;
}

/* Column names, e.g. iat_0, iat_hdr_F, iat_hdr_ttl_3, iat_fft_0, duration. */
static void
header_row(struct out *u)
{
	const struct opts *o = u->o;
	char buf[64];
	int i;
	size_t k;

	csvw_str(&u->w, "flow");
	if (u->has_sample)
		csvw_str(&u->w, "sample");
	if (u->has_label)
		csvw_str(&u->w, "label");
	if (u->has_family)
		csvw_str(&u->w, "family");
	for (i = 0; i < o->nsets; i++) {
		const char *nm = flowfeat_set_name(o->sets[i]);
		size_t D = u->width[i];

		if (o->header) {
			for (k = 0; k < FEAT_NFLAGS + D; k++) {
				if (o->fft)
					snprintf(buf, sizeof buf, "%s_hdr_fft_%zu", nm, k);
				else if (k < FEAT_NFLAGS)
					snprintf(buf, sizeof buf, "%s_hdr_%c", nm, flowfeat_flag_letters[k]);
				else
					snprintf(buf, sizeof buf, "%s_hdr_ttl_%zu", nm, k - FEAT_NFLAGS);
				csvw_str(&u->w, buf);
			}
		}
		for (k = 0; k < D; k++) {
			if (o->fft)
				snprintf(buf, sizeof buf, "%s_fft_%zu", nm, k);
			else if (o->sets[i] == FEAT_STATS)
				snprintf(buf, sizeof buf, "%s", flowfeat_stats_names[k]);
			else
				snprintf(buf, sizeof buf, "%s_%zu", nm, k);
			csvw_str(&u->w, buf);
		}
	}
	for (i = 0; i < o->nfp; i++)
		for (k = 0; k < fingerprint_width(o->fpsets[i], o->nprint_k); k++) {
			fingerprint_colname(o->fpsets[i], o->nprint_k, k, buf, sizeof buf);
			csvw_str(&u->w, buf);
		}
	csvw_end(&u->w);
}

static void
out_start(struct out *u, long dim, double rate)
{
	const struct opts *o = u->o;
	int i;

	u->dim = dim;
	u->rate = rate;
	u->nrow = 0;
	for (i = 0; i < o->nsets; i++) {
		u->width[i] = flowfeat_width(o->sets[i], dim);
		u->nrow += u->width[i] + (o->header ? FEAT_NFLAGS + u->width[i] : 0);
	}
	for (i = 0; i < o->nfp; i++)
		u->nrow += fingerprint_width(o->fpsets[i], o->nprint_k);
	u->row = ereallocarray(NULL, u->nrow ? u->nrow : 1, sizeof *u->row);
	header_row(u);
	u->started = 1;
}

_Static_assert(FLOWROWS_NFLAGS == FEAT_NFLAGS, "the header block's flag counts");

/* The packets of flows[i] as netml's features read them. */
static void
flow_of(const struct flowrows *fs, size_t i, struct flowfeat_flow *f)
{
	struct flowrows_pkts p;

	flowrows_pkts(fs, i, &p);
	f->n = p.n;
	f->t = p.t;
	f->len = p.len;
	f->ttl = p.ttl;
	f->flags = p.flags;
}

/* Compute and write one flow; -1 (with msg) when netml would fail on it. */
static int
out_flow(struct out *u, const struct flowrows *fs, size_t fi, char *msg, size_t msglen)
{
	const struct opts *o = u->o;
	const struct flowrows_rec *rec = &fs->flows[fi];
	struct flowfeat_flow f;
	struct flowrows_pkts p;
	size_t need = 0, pos = 0;
	int i;

	if (u->has_label && !o->keep && !*flowrows_str(fs, rec->label)) {
		u->dropped++;
		return 0;
	}
	flow_of(fs, fi, &f);
	flowrows_pkts(fs, fi, &p);
	for (i = 0; i < o->nsets; i++) {
		size_t s = flowfeat_scratch(f.n, u->width[i]);
		if (s > need)
			need = s;
	}
	if (need > u->nscratch) {
		u->scratch = ereallocarray(u->scratch, need, sizeof *u->scratch);
		u->nscratch = need;
	}
	for (i = 0; i < o->nsets; i++) {
		size_t D = u->width[i];

		if (o->header) {
			flowfeat_header(&f, D, o->fft, u->row + pos, u->scratch);
			pos += FEAT_NFLAGS + D;
		}
		if (flowfeat_compute(o->sets[i], &f, D, u->rate, o->fft, u->row + pos,
		    u->scratch) < 0) {
			snprintf(msg, msglen, "'%s': line %lu: flow '%s': the SAMP window "
			    "length is 0 (netml fails here with OverflowError); give --samp-rate",
			    csvr_name(fs->r), rec->line, flowrows_str(fs, rec->id));
			return -1;
		}
		pos += D;
	}
	for (i = 0; i < o->nfp; i++) {
		fingerprint_compute(o->fpsets[i], o->nprint_k, p.fp, p.raw, f.t, f.n,
		    u->row + pos);
		pos += fingerprint_width(o->fpsets[i], o->nprint_k);
	}
	csvw_str(&u->w, flowrows_str(fs, rec->id));
	if (u->has_sample)
		csvw_str(&u->w, flowrows_str(fs, rec->sample));
	if (u->has_label)
		csvw_str(&u->w, flowrows_str(fs, rec->label));
	if (u->has_family)
		csvw_str(&u->w, flowrows_str(fs, rec->family));
	for (pos = 0; pos < u->nrow; pos++)
		csvw_dbl(&u->w, u->row[pos]);
	csvw_end(&u->w);
	u->written++;
	return 0;
}

static void
report_widths(const struct opts *o, long dim, double rate, int dim_computed,
    int rate_computed, size_t nflows)
{
	char rbuf[FMT_DBL_MAX + 1] = "";

	if (rate > 0 || rate_computed)
		rbuf[num_fmt_double(rbuf, rate)] = '\0';
	if (o->dimout) {
		FILE *f = efopen_out(o->dimout);

		/* an empty field: not used and not given (-f stats alone) */
		if (dim)
			fprintf(f, "dim,samp_rate\n%ld,%s\n", dim, rbuf);
		else
			fprintf(f, "dim,samp_rate\n,%s\n", rbuf);
		if (fshut(f, o->dimout))
			exit(EXIT_DATA);
		return;
	}
	if (dim_computed && rate_computed)
		weprintf("widths from %zu flow%s: --dim %ld --samp-rate %s", nflows,
		    nflows == 1 ? "" : "s", dim, rbuf);
	else if (dim_computed)
		weprintf("widths from %zu flow%s: --dim %ld", nflows, nflows == 1 ? "" : "s", dim);
	else if (rate_computed)
		weprintf("SAMP window from %zu flow%s: --samp-rate %s", nflows,
		    nflows == 1 ? "" : "s", rbuf);
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct out u;
	struct flowrows fs;
	struct csvr *r;
	struct progress prog;
	const char *path, *shown;
	char *err = NULL, msg[600] = "";
	int stream, rc, c, failed = 0;
	/* the widths note, made once the rows are all written (not after
	 * a write error: a closed stdout ends quietly) */
	int report = 0, rep_dc = 0, rep_rc = 0;
	long rep_dim = 0;
	double rep_rate = 0;
	size_t rep_n = 0;
	FILE *in;

	osfp_init(argv);
	parse_opts(&o, argc, argv);
	path = cli_one_input(argc, argv, usage);

	in = efopen_in(path, &shown);
	r = csvr_open(in, shown, &err);
	if (!r)
		eprintf("%s", err);
	memset(&u, 0, sizeof u);
	u.o = &o;
	if (flowrows_init(&fs, r, o.header, o.majority, msg, sizeof msg) < 0)
		eprintf("%s", msg);
	if (o.nfp) {   /* the fingerprint sets read the --fields columns */
		uint32_t need = 0;
		char why[64] = "";
		int raw = 0;

		for (c = 0; c < o.nfp; c++) {
			need |= fingerprint_set_fields(o.fpsets[c]);
			raw |= o.fpsets[c] == FP_NPRINT;
			snprintf(why + strlen(why), sizeof why - strlen(why), "%s%s",
			    c ? "," : "", fingerprint_set_name(o.fpsets[c]));
		}
		if (flowrows_fields(&fs, need, raw, why, msg, sizeof msg) < 0)
			eprintf("%s", msg);
	}
	u.has_sample = fs.col_sample >= 0;
	u.has_label = fs.col_label >= 0;
	u.has_family = fs.col_family >= 0;
	csvw_init(&u.w, stdout, "<stdout>", o.tsv);

	/* Streaming needs every width and rate up front. */
	stream = (o.dim || !needs_dim(&o)) && (o.rate > 0 || !needs_rate(&o));
	if (stream) {
		out_start(&u, o.dim ? o.dim : 2, o.rate);
		if (o.dimout)
			report_widths(&o, o.dim, o.rate, 0, 0, 0);
	}
	progress_init(&prog, "rows");
	while ((rc = flowrows_next(&fs, msg, sizeof msg)) == 1) {
		progress_tick(&prog, fs.rows);
		if (stream) {
			size_t i, n = flowrows_complete(&fs);

			for (i = 0; i < n && !failed; i++)
				failed = out_flow(&u, &fs, i, msg, sizeof msg) < 0;
			if (failed)
				break;
			flowrows_drop(&fs, n);
		}
	}
	if (rc < 0) {
		failed = 1;
		/* As in hold mode: the flows complete before the bad row are
		 * still written (an out_flow error is on an earlier line). */
		if (stream) {
			size_t i, n = flowrows_complete(&fs);

			for (i = 0; i < n; i++)
				if (out_flow(&u, &fs, i, msg, sizeof msg) < 0)
					break;
		}
	}
	progress_done(&prog);

	if (!stream) {
		/* Held flows: the complete ones (all of them, or those before the
		 * error) decide dim and R, as netml's would for that input. */
		size_t n = flowrows_complete(&fs), i;
		long dim = o.dim;
		double rate = o.rate;

		if (n == 0 && needs_dim(&o) && !o.dim) {
			if (!failed)
				eprintf("'%s': no flows: netml's dim is undefined (give --dim)", shown);
		} else {
			double *tmp = ereallocarray(NULL, n ? n : 1, sizeof *tmp);
			int dim_c = 0, rate_c = 0;

			if (!dim && n) {
				for (i = 0; i < n; i++)
					tmp[i] = (double)fs.flows[i].n;
				dim = flowfeat_dim(tmp, n, o.q);
				dim_c = 1;
			}
			if (rate == 0 && needs_rate(&o) && n) {
				for (i = 0; i < n; i++) {
					struct flowfeat_flow f;

					flow_of(&fs, i, &f);
					tmp[i] = flowfeat_duration(&f);
				}
				rate = flowfeat_samp_rate(tmp, n);
				rate_c = 1;
			}
			free(tmp);
			out_start(&u, dim ? dim : 2, rate);
			for (i = 0; i < n; i++)
				if (out_flow(&u, &fs, i, msg, sizeof msg) < 0) {
					failed = 1;
					break;
				}
			/* on an error, its line is the only message */
			if (!failed) {
				report = 1;
				rep_dim = dim, rep_rate = rate, rep_n = n;
				rep_dc = dim_c, rep_rc = rate_c;
			}
		}
	} else if (!u.started)
		out_start(&u, o.dim ? o.dim : 2, o.rate);
	if (!u.started && !failed)
		out_start(&u, 2, 0);
	rc = csvw_close(&u.w);
	if (report && !rc)
		report_widths(&o, rep_dim, rep_rate, rep_dc, rep_rc, rep_n);
	if (!failed && !rc && u.dropped)
		weprintf("flows without a label dropped: %llu (--keep-unlabelled keeps them)",
		    (unsigned long long)u.dropped);
	if (failed)
		eprintf("%s", msg);
	flowrows_free(&fs);
	csvr_close(r);
	efclose_in(in);
	free(u.row);
	free(u.scratch);
	return rc ? EXIT_DATA : EXIT_OK;
}
