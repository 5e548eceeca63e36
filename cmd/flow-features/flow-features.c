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

#include "base/msg.h"
#include "base/progress.h"
#include "base/util.h"
#include "features/extraction.h"
#include "features/featvec.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "table/flowrows.h"
#include "opts.h"

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
	int live;                  /* input or output not a regular file: a
	                            * flush per flow written */
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
	if (x->live)
		csvw_flush(&x->w);
	while ((rc = flowrows_next(&x->fr, x->msg, sizeof x->msg)) == 1) {
		progress_tick(&x->prog, x->fr.rows);
		if (out_flows(x) < 0) {
			x->failed = 1;
			return 0;
		}
		if (x->live)
			csvw_flush(&x->w);
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
	/* live: csvw_flush hands each row to an unbuffered stdout */
	x->live = !fregular(*in) || !fregular(stdout);
	if (x->live)
		setvbuf(stdout, NULL, _IONBF, 0);
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
	path = opts_parse(&x.o, argc, argv);
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
