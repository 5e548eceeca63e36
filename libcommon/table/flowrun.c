/* flowrun.c: see flowrun.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "base/sigstop.h"
#include "base/util.h"
#include "packet/batchread.h"
#include "table/csvw.h"
#include "table/flowrun.h"
#include "table/pktrows.h"

static void
set_err(struct flowrun *R, const char *fmt, const char *a, const char *b)
{
	size_t n = strlen(fmt) + strlen(a) + strlen(b) + 1;

	free(R->err);
	R->err = emalloc(n);
	snprintf(R->err, n, fmt, a, b);
}

int
flowrun_labels(struct flowrun *R)
{
	const struct flowrun_opts *o = R->o;
	struct labels_opts lo = { o->join_time, !o->join_time && !o->no_time_check,
	    o->by_sample, o->tsv ? '\t' : ',' };
	const char *shown;
	FILE *f;
	char *err;
	int rc = 0;

	if (!o->labels)
		return 0;
	f = efopen_in(o->labels, &shown);
	if (!o->stream) {
		if ((rc = labels_load(&R->L, f, shown, &lo)) < 0)
			set_err(R, "%s%s", R->L.err, "");
		efclose_in(f);
		return rc;
	}
	/* the file stays open as long as the stream reads it */
	R->L.name = shown;
	R->labels_f = f;
	if (!(R->LS = labels_stream_open(f, shown, &lo, &err))) {
		set_err(R, "%s%s", err, "");
		free(err);
		return -1;
	}
	return 0;
}

static void
new_linktype(const struct flowrun *R, const struct capture_packet *p)
{
	weprintf("'%s': packet %llu: link type %d is not supported; its packets are skipped",
	    R->M.in[CAPMERGE_CAPTURE(p->ordinal)].name,
	    (unsigned long long)CAPMERGE_OWN(p->ordinal), p->linktype);
}

/* ---- batch ----------------------------------------------------------- */

/* Read and file every packet; then, with several captures, number the
 * records as their concatenation. */
static void
read_captures(struct flowrun *R)
{
	const struct flowrun_opts *o = R->o;
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
			new_linktype(R, p);
	}
	batchread_stop(src);
	progress_done(&prog);
	R->failed = R->rc < 0 ? 2 : R->F.unknown > 0;
	for (i = 0; R->M.n > 1 && i < R->F.rv.n; i++)
		R->F.rv.v[i].ordinal = capmerge_ordinal(&R->M, R->F.rv.v[i].ordinal);
}

int
flowrun_batch(struct flowrun *R)
{
	const struct flowrun_opts *o = R->o;
	struct pktrows_in in = { &R->res, &R->F, o->labels ? &R->L : NULL, 0 };
	const char *err;
	struct csvw w;

	monotime_mark(&R->t[0]);
	read_captures(R);
	monotime_mark(&R->t[1]);
	if (o->labels && !o->join_time && !o->no_time_check && labels_check(&R->L, &R->F.rv) < 0) {
		set_err(R, "'%s': %s: labels of another capture? (--no-time-check joins them "
		    "anyway)", R->shown, R->L.err);
		return -1;
	}
	if (flows_build(R->F.rv.v, sizeof *R->F.rv.v, R->F.rv.n, R->F.kt.n, &o->fl, &R->res,
	    &err) < 0) {
		set_err(R, "'%s': %s", R->shown, err);
		return -1;
	}
	monotime_mark(&R->t[2]);
	csvw_init(&w, stdout, "<stdout>", o->tsv);
	pktrows_header(&w, &in);
	R->unlabelled = pktrows_write(&w, &in, batchread_threads(o->threads));
	if (csvw_close(&w))
		R->failed = 2;
	monotime_mark(&R->t[3]);
	R->nflows = R->res.nflows;
	R->nrows = R->res.npackets;
	return 0;
}

/* ---- stream ---------------------------------------------------------- */

/* What the stream's callbacks need. */
struct sctx {
	struct flowrun *R;
	struct csvw w;
	struct pktrows_in in;
	size_t recsize;
	int live;               /* flush the rows as flows end */
	int dirty;              /* rows written since the last flush */
};

static int
emit_flow(void *arg, const void *key, const void *info, const void *recs, size_t n)
{
	struct sctx *c = arg;
	struct flowrun *R = c->R;
	const struct flowkey *k = R->F.kt.with_disp ? info : key;
	size_t i;

	R->unlabelled += pktrows_flow(&c->w, &c->in, R->nflows++, k, recs, n, c->recsize);
	R->nrows += n;
	c->dirty = 1;
	for (i = 0; R->LS && i < n; i++)
		labels_end_drop(((const struct pktrows_rec *)(const void *)
		    ((const char *)recs + i * c->recsize))->lab);
	return 0;
}

static void
drop_rec(void *arg, const void *rec)
{
	(void)arg;
	labels_end_drop(((const struct pktrows_rec *)rec)->lab);
}

/* The stream's options: the future guard is at least the timeout and the
 * interval (flowstream.h: then it changes no flow netml keeps) and an
 * hour, far beyond any reordering of a live link. */
static struct flowstream *
stream_new(struct flowrun *R, struct sctx *c)
{
	const struct flowrun_opts *o = R->o;
	struct flowstream_opts so = { o->fl.timeout, o->fl.interval, o->fl.min_packets,
	    o->fl.keep_last, o->max_flows, 3600 };
	struct flowstream *fs;

	if (so.future < so.timeout)
		so.future = so.timeout;
	if (so.future < so.interval)
		so.future = so.interval;
	R->future = so.future;
	c->recsize = pktrows_rec_size(&R->F);
	if (!(fs = flowstream_new(sizeof(struct flowkey), R->F.kt.with_disp ?
	    sizeof(struct flowkey) : 0, c->recsize, &so, emit_flow, c)))
		eprintf("out of memory");
	if (R->LS)
		flowstream_on_drop(fs, drop_rec);
	return fs;
}

/* One packet filed under k, into the stream: 0, or with R->err -1 (the
 * labels failed) or -2 (the stream failed: nothing more can be done). */
static int
stream_packet(struct flowrun *R, struct flowstream *fs, const struct capture_packet *p,
    const struct flowrec_prep *q, const struct filing_key *k, struct pktrows_rec *rec)
{
	rec->x = q->x;
	rec->x.link = linkpath_id(&R->F.links, q->linkcode);
	rec->lab = NULL;
	if (q->x.kind & FLOWREC_XTIME) {
		rec->x.sec = 0;
		rec->xt = p->time;
	}
	if (R->o->fields)
		filing_fields(&R->F, p, pktrows_rec_fp(rec),
		    R->F.fpv.with_raw ? pktrows_rec_raw(rec) : NULL);
	if (R->LS && !(rec->lab = labels_stream_find(R->LS, p->ordinal, &p->time))) {
		if (labels_stream_timefault(R->LS))
			set_err(R, "'%s': %s: labels of another capture? (--no-time-check joins "
			    "them anyway)", R->shown, labels_stream_error(R->LS));
		else
			set_err(R, "%s%s", labels_stream_error(R->LS), "");
		return -1;
	}
	if (flowstream_packet(fs, k->look, k->hash, k->disp, q->x.h.t, rec) < 0) {
		set_err(R, "'%s': %s", R->shown, flowstream_error(fs));
		return -2;
	}
	return 0;
}

/* Every packet into the stream, until the end of input, a failure or a
 * stop; then what is held, as at the end of input. */
static void
stream_loop(struct flowrun *R, struct sctx *c, struct flowstream *fs)
{
	const struct flowrun_opts *o = R->o;
	int dflags = o->netml6 ? DEC_NETML_NULL : 0;
	struct flowrec_opts po = { dflags, o->netml6, o->bidir && !o->by_sample };
	struct pktrows_rec *rec = ecalloc(1, c->recsize);
	const struct capture_packet *p;
	const struct flowrec_prep *q;
	struct filing_key k;
	struct progress prog;
	struct batchread *src;
	int rc, bad = 0;

	progress_init(&prog, "packets");
	src = batchread_start(&R->M, !o->by_sample && batchread_threads(o->threads), &po);
	while (!(R->stopped = sigstop_requested() != 0) &&
	    (R->rc = batchread_next(src, &p, &q)) == 1) {
		progress_tick(&prog, ++R->npk);
		rc = filing_keys(&R->F, p, q, &k);
		if (rc & FILING_NEW_LINKTYPE)
			new_linktype(R, p);
		if ((rc & FILING_FILED) && (bad = stream_packet(R, fs, p, q, &k, rec)) < 0)
			break;
		if (c->live && c->dirty) {
			csvw_flush(&c->w);
			c->dirty = 0;
		}
	}
	batchread_stop(src);
	progress_done(&prog);
	free(rec);
	R->stopped |= capmerge_interrupted(&R->M);
	/* after a failure of the labels too: what is held is written */
	if (bad != -2 && flowstream_finish(fs) < 0) {
		set_err(R, "'%s': %s", R->shown, flowstream_error(fs));
		bad = -2;
	}
	R->failed = bad || R->rc < 0 ? 2 : R->F.unknown > 0;
}

int
flowrun_stream(struct flowrun *R)
{
	const struct flowrun_opts *o = R->o;
	int dflags = o->netml6 ? DEC_NETML_NULL : 0;
	struct filing_opts fo = { o->by_sample, o->which, o->bidir, dflags, o->fields };
	struct sctx c = { .R = R };
	struct flowstream *fs;

	monotime_mark(&R->t[0]);
	filing_init(&R->F, &fo);
	c.live = !capmerge_stable(&R->M);
	if (c.live)
		setvbuf(stdout, NULL, _IONBF, 0);
	c.in.F = &R->F;
	c.in.labelled = R->LS != NULL;
	csvw_init(&c.w, stdout, "<stdout>", o->tsv);
	pktrows_header(&c.w, &c.in);
	if (c.live)
		csvw_flush(&c.w);
	fs = stream_new(R, &c);
	stream_loop(R, &c, fs);
	flowstream_stats(fs, &R->st);
	flowstream_free(fs);
	if (csvw_close(&c.w))
		R->failed = 2;
	monotime_mark(&R->t[3]);
	return 0;
}

/* ---- the report ------------------------------------------------------ */

static void
verbose_batch(const struct flowrun *R)
{
	const char *shown = R->shown;

	weprintf("'%s': %llu packets, %zu in %zu flows (%zu keys; interval %.17g)", shown,
	    (unsigned long long)R->npk, R->res.npackets, R->res.nflows, R->F.kt.n,
	    R->res.interval);
	weprintf("'%s': %zu records of %zu bytes kept", shown, R->F.rv.n, sizeof(struct flowrec));
	weprintf("'%s': CPU seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
	    R->t[1].cpu - R->t[0].cpu, R->t[2].cpu - R->t[1].cpu, R->t[3].cpu - R->t[2].cpu);
	weprintf("'%s': wall seconds: read and decode %.3f, flows %.3f, write %.3f", shown,
	    R->t[1].wall - R->t[0].wall, R->t[2].wall - R->t[1].wall,
	    R->t[3].wall - R->t[2].wall);
}

static void
verbose_stream(const struct flowrun *R)
{
	const struct flowstream_stats *s = &R->st;
	const char *shown = R->shown;

	weprintf("'%s': %llu packets, %llu in %llu flows (stream; interval %.17g, timeout %.17g)",
	    shown, (unsigned long long)R->npk, (unsigned long long)R->nrows,
	    (unsigned long long)R->nflows, R->o->fl.interval, R->o->fl.timeout);
	weprintf("'%s': active flows: at most %zu keys held (cap %zu), %zu with a piece open; "
	    "at most %zu records of %zu bytes held, %zu bytes", shown, s->peak_keys, s->max_keys,
	    s->peak_open, s->peak_held, pktrows_rec_size(&R->F), s->peak_bytes);
	weprintf("'%s': evicted at the cap: %llu ended, %llu idle, %llu active", shown,
	    (unsigned long long)s->evicted_ended, (unsigned long long)s->evicted_idle,
	    (unsigned long long)s->evicted_active);
	weprintf("'%s': timestamps: %llu back in time put in order, %llu late (dropped), %llu "
	    "late splits, %llu from the future (over %.17g s ahead; dropped)", shown,
	    (unsigned long long)s->reordered, (unsigned long long)s->late,
	    (unsigned long long)s->late_split, (unsigned long long)s->future, R->future);
	weprintf("'%s': CPU seconds %.3f, wall seconds %.3f%s", shown,
	    R->t[3].cpu - R->t[0].cpu, R->t[3].wall - R->t[0].wall,
	    R->stopped ? " (stopped by a signal)" : "");
}

static void
verbose(const struct flowrun *R)
{
	const struct filing *F = &R->F;
	const char *shown = R->shown;
	int s;

	if (R->o->stream)
		verbose_stream(R);
	else
		verbose_batch(R);
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

void
flowrun_report(const struct flowrun *R)
{
	const struct flowrun_opts *o = R->o;

	if (o->verbose)
		verbose(R);
	if (R->F.notime)
		weprintf("'%s': skipped %llu packets without a timestamp (Simple Packet Blocks)",
		    R->shown, (unsigned long long)R->F.notime);
	if (R->res.interval_zero && R->res.npositive)   /* else netml agrees: no note */
		weprintf("'%s': note: the %g-quantile of the flow durations is 0, where netml "
		    "crashes (OverflowError); flows were not split by interval", R->shown,
		    o->fl.q_interval);
	if (R->nflows == 0 && R->failed != 2)
		weprintf("'%s': note: no flow has %ld or more packets (netml raises IndexError)",
		    R->shown, o->fl.min_packets);
	if (R->unlabelled && !o->quiet && !R->err)     /* not after the labels failed */
		weprintf("'%s': note: %zu of %llu packets in flows have no label in '%s'", R->shown,
		    R->unlabelled, (unsigned long long)R->nrows, R->L.name);
	if (R->err)
		weprintf("%s", R->err);
	else if (R->rc < 0)
		weprintf("%s", capmerge_error(&R->M));
}

void
flowrun_free(struct flowrun *R)
{
	flows_free(&R->res);
	filing_free(&R->F);
	labels_free(&R->L);
	labels_stream_close(R->LS);
	if (R->labels_f)
		efclose_in(R->labels_f);
	capmerge_free(&R->M);
	free(R->err);
}
