/* osfp-pcapng-labels: the pcapml label of every packet of a pcapng file, as
 * CSV: packet,time,sample,label,family. It replaces the notebook's
 * `tshark -V` scrape; packets are keyed by their ordinal in the file, the
 * numbering osfp-pcap-flows uses, so labels join exactly. */
#include <stdlib.h>
#include <string.h>

#include "packet/capture.h"
#include "base/cli.h"
#include "table/csvw.h"
#include "packet/pcapml.h"
#include "base/progress.h"
#include "base/samefile.h"
#include "base/util.h"

static const char usage[] =
    "usage: osfp-pcapng-labels [-aqrt] [-k] [-c N|first|last|label|all]\n"
    "                          [--legacy-ts auto|on|off] [file|-]\n";
static const char help[] =
    "\n"
    "Write the pcapml label of each packet of a pcapng file as CSV:\n"
    "packet,time,sample,label,family (packet = tshark's frame.number).\n"
    "\n"
    "  -a, --unlabelled      also write packets without a label (empty fields)\n"
    "  -c, --comment WHICH   the comment holding the label when a packet has\n"
    "                        several: N (1-based), first, last, or label (the\n"
    "                        first that parses); all (with --raw) (first)\n"
    "  -k, --keep-going      a comment that is not a label: warn, count it and\n"
    "                        treat the packet as unlabelled (default: error)\n"
    "  -r, --raw             write packet,time,comment: the comment as it is\n"
    "      --legacy-ts MODE  legacy pcapml timestamps (seconds in ts_high,\n"
    "                        microseconds in ts_low): auto, on or off (auto)\n"
    "  -q, --quiet           no note when legacy timestamps are detected\n"
    "  -t, --tsv             write TSV\n"
    "      --help, --version\n";

enum { OPT_LEGACY = 0x100 };
#define WHICH_ALL (-2L)   /* --comment all: one raw row per comment */

struct opts {
	int unlabelled, keep_going, raw, tsv;
	long which;
	struct capture_options cap;
};

static void
put_time(struct csvw *w, const struct capture_packet *p)
{
	char tb[CAP_TIME_MAX];

	if (p->has_time)
		csvw_strn(w, tb, capture_time_str(tb, &p->time));
	else
		csvw_empty(w);           /* Simple Packet Blocks carry no time */
}

/* A comment as it can appear in a one-line message: at most 60 bytes,
 * control characters shown as '?'. */
static const char *
shown_comment(const char *c, size_t n, char *buf, size_t bufsz)
{
	size_t i, m = n < bufsz - 4 ? n : bufsz - 4;

	for (i = 0; i < m; i++)
		buf[i] = (unsigned char)c[i] < 0x20 || c[i] == 0x7f ? '?' : c[i];
	if (m < n)
		memcpy(buf + m, "...", 3), m += 3;
	buf[m] = '\0';
	return buf;
}

static void
write_raw(struct csvw *w, const struct capture_packet *p, const struct opts *o)
{
	size_t i, lo = 0, hi = p->ncomments;

	if (o->which != WHICH_ALL && p->ncomments) {
		if (o->which == PCAPML_LAST)
			lo = p->ncomments - 1;
		else if (o->which == PCAPML_LABEL) {
			struct pcapml_label l;
			const char *why;
			size_t ch = 0;

			if (pcapml_pick(p->comments, p->comment_lens, p->ncomments,
			    PCAPML_LABEL, &l, &why, &ch) == 1)
				lo = ch;
			else
				lo = hi;     /* none parses: no comment to show */
		} else
			lo = (size_t)o->which - 1;
		if (lo < hi)
			hi = lo + 1;
	}
	if (lo >= hi) {
		if (o->unlabelled) {
			csvw_u64(w, p->ordinal);
			put_time(w, p);
			csvw_empty(w);
			csvw_end(w);
		}
		return;
	}
	for (i = lo; i < hi; i++) {
		size_t n = p->comment_lens[i];

		/* C-string writers count the terminating NUL in the option */
		while (n && p->comments[i][n - 1] == '\0')
			n--;
		csvw_u64(w, p->ordinal);
		put_time(w, p);
		csvw_strn(w, p->comments[i], n);
		csvw_end(w);
	}
}

/* The options into o; returns the input path (NULL: stdin). */
static const char *
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "unlabelled", no_argument, 0, 'a' },
		{ "unlabeled", no_argument, 0, 'a' },
		{ "comment", required_argument, 0, 'c' },
		{ "keep-going", no_argument, 0, 'k' },
		{ "raw", no_argument, 0, 'r' },
		{ "quiet", no_argument, 0, 'q' },
		{ "legacy-ts", required_argument, 0, OPT_LEGACY },
		CLI_STD_LONGOPTS,
		{ 0, 0, 0, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "ac:hkrqt", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o->unlabelled = 1; break;
		case 'c':
			if (strcmp(optarg, "all") == 0)
				o->which = WHICH_ALL;
			else if (pcapml_which(optarg, &o->which) < 0) {
				weprintf("bad --comment '%s': want N, first, last, label or all", optarg);
				cli_usage(usage);
			}
			break;
		case 'k': o->keep_going = 1; break;
		case 'r': o->raw = 1; break;
		case 'q': o->cap.quiet = 1; break;
		case 't': o->tsv = 1; break;
		case OPT_LEGACY:
			if (capture_parse_legacy(optarg, &o->cap.legacy) < 0) {
				weprintf("bad --legacy-ts '%s': want auto, on or off", optarg);
				cli_usage(usage);
			}
			break;
		default: cli_std(c, usage, help);
		}
	}
	if (o->which == WHICH_ALL && !o->raw) {
		weprintf("--comment all needs --raw");
		cli_usage(usage);
	}
	return cli_one_input(argc, argv, usage);
}

/* The label row of packet p (an unlabelled row with -a). A comment that
 * is not a label is an error, or with -k a warning (the first) and a
 * count in *nbad. */
static void
write_label(struct csvw *w, const struct capture_packet *p, const struct opts *o,
    const char *shown, uint64_t *nbad)
{
	struct pcapml_label l;
	const char *why;
	size_t ch = 0;
	int got;

	got = pcapml_pick(p->comments, p->comment_lens, p->ncomments, o->which,
	    &l, &why, &ch);
	if (got < 0) {
		char sb[64];

		shown_comment(p->comments[ch], p->comment_lens[ch], sb, sizeof sb);
		if (!o->keep_going) {
			csvw_close(w);
			eprintf("'%s': packet %llu: comment %zu is not a pcapml label "
			    "(%s): '%s'", shown, (unsigned long long)p->ordinal, ch + 1,
			    why, sb);
		}
		if ((*nbad)++ == 0)
			weprintf("'%s': packet %llu: comment %zu is not a pcapml label "
			    "(%s): '%s'", shown, (unsigned long long)p->ordinal, ch + 1,
			    why, sb);
	}
	if (got != 1) {
		if (!o->unlabelled)
			return;
		csvw_u64(w, p->ordinal);
		put_time(w, p);
		csvw_empty(w);
		csvw_empty(w);
		csvw_empty(w);
		csvw_end(w);
		return;
	}
	csvw_u64(w, p->ordinal);
	put_time(w, p);
	csvw_u64(w, l.sample);
	csvw_strn(w, l.label, l.label_len);
	csvw_strn(w, l.family, l.family_len);
	csvw_end(w);
}

int
main(int argc, char **argv)
{
	static const char *const header[] = { "packet", "time", "sample", "label", "family", NULL };
	static const char *const raw_header[] = { "packet", "time", "comment", NULL };
	struct opts o = { .which = 1, .cap = { CAP_LEGACY_AUTO, 0 } };
	/* static: still reachable when eprintf exits mid-file (LeakSanitizer) */
	static struct capture_reader *r;
	struct capture_packet p;
	struct progress prog;
	struct csvw w;
	const char *path, *shown;
	char *err;
	uint64_t nbad = 0;
	int rc;
	FILE *f;

	osfp_init(argv);
	path = parse_args(argc, argv, &o);
	if (samefile_input(NULL, &path, 1) >= 0)    /* >>capture.pcapng */
		uprintf("'%s': standard output would overwrite this input",
		    path && strcmp(path, "-") != 0 ? path : "<stdin>");
	f = efopen_in(path, &shown);
	if (!(r = capture_open(f, shown, &o.cap, &err)))
		eprintf("%s", err);
	if (capture_format(r) == CAP_PCAP)
		eprintf("'%s': classic pcap cannot hold comments; labels need pcapng", shown);

	csvw_init(&w, stdout, "<stdout>", o.tsv);
	csvw_header(&w, o.raw ? raw_header : header);
	progress_init(&prog, "packets");
	while ((rc = capture_next(r, &p)) == 1) {
		progress_tick(&prog, p.ordinal);
		if (o.raw)
			write_raw(&w, &p, &o);
		else
			write_label(&w, &p, &o, shown, &nbad);
	}
	progress_done(&prog);
	if (csvw_close(&w))
		rc = -2;
	if (rc == -1)
		weprintf("%s", capture_error(r));
	if (nbad > 1)
		weprintf("'%s': %llu packets in all have a comment that is not a pcapml label", shown,
		    (unsigned long long)nbad);
	capture_close(r);
	efclose_in(f);
	return rc < 0 ? EXIT_DATA : EXIT_OK;
}
