/* pktrows.c: see pktrows.h. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "base/util.h"
#include "table/pktrows.h"

static char *
put_s(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* An address as inet_ntop writes it (dotted quad without its sprintf). */
static char *
put_addr(char *p, int af, const uint8_t *a)
{
	int i;

	if (af != FLOWKEY_V4) {
		inet_ntop(AF_INET6, a, p, INET6_ADDRSTRLEN);
		return p + strlen(p);
	}
	for (i = 0; i < 4; i++) {
		if (i)
			*p++ = '.';
		p = num_put_u(p, a[i]);
	}
	return p;
}

/* "flow,src,dst,sport,dport,proto," of one flow. */
static size_t
flow_prefix(char *buf, uint64_t flow, const struct flowkey *k, char d)
{
	char *p = buf;

	p = num_put_u(p, flow);
	*p++ = d;
	switch (k->af) {
	case FLOWKEY_NONE:
		for (int i = 0; i < 5; i++)
			*p++ = d;
		break;
	case FLOWKEY_NETML:
		*p++ = d;
		*p++ = d;
		p = put_s(p, "-1", 2);
		*p++ = d;
		p = put_s(p, "-1", 2);
		*p++ = d;
		p = put_s(p, "-1", 2);
		*p++ = d;
		break;
	default:
		p = put_addr(p, k->af, k->src);
		*p++ = d;
		p = put_addr(p, k->af, k->dst);
		*p++ = d;
		p = num_put_u(p, k->sport);
		*p++ = d;
		p = num_put_u(p, k->dport);
		*p++ = d;
		p = num_put_u(p, k->proto);
		*p++ = d;
	}
	return (size_t)(p - buf);
}

/* What formatting a row needs, shared read-only by the writing threads. */
struct wctx {
	const struct pktrows_in *in;
	char d;
	size_t *first;       /* first[i]: output row number of flow i's first row */
};

/* Where rows are formatted: a growable buffer of its own, or (w set) the
 * writer's buffer itself, handed over 64 KiB at a time (no copy). */
struct obuf {
	char *b;
	size_t len, cap;
	struct csvw *w;
	size_t unlabelled;      /* rows formatted without a label */
};

static void
ob_room(struct obuf *ob, size_t need)
{
	if (ob->cap - ob->len >= need)
		return;
	if (ob->w) {
		size_t want = need > 65536 ? need : 65536;

		if (ob->b)
			csvw_commit(ob->w, ob->len);
		ob->b = csvw_room(ob->w, want);
		ob->len = 0;
		ob->cap = want;
		return;
	}
	ob->cap = (ob->len + need) * 2;
	ob->b = erealloc(ob->b, ob->cap);
}

/* With w set: give the rows formatted so far to the writer. */
static void
ob_done(struct obuf *ob)
{
	if (ob->w && ob->b)
		csvw_commit(ob->w, ob->len);
	if (ob->w)
		ob->b = NULL, ob->len = ob->cap = 0;
}

/* The label columns of record x: its labels row's ending, or the empty
 * ending (counted in *unlabelled). */
static inline const char *
ending(const struct pktrows_in *in, const struct flowrec *x, size_t *len, size_t *unlabelled)
{
	const struct labels *L = in->L;
	const struct labels_row *r;
	struct capture_time t;

	if (L->by_time) {
		flowrec_time(x, in->F->rv.xt, &t);
		r = labels_by_time(L, &t);
	} else
		r = labels_by_packet(L, x->ordinal);
	if (r)
		return labels_ending(L, r, len);
	++*unlabelled;
	*len = L->nolablen;
	return L->nolab;
}

/* What every row of a run shares. */
struct rowfmt {
	const struct linkpath_tab *links;
	uint32_t fields;
	int by_sample;
	char d;
};

/* One row at p, which has room for the row (ROW_ROOM): the flow's prefix
 * pre[0..np) (pre has room for 64 bytes), record x (xt: the side table of
 * its time), the flow's sample id, the label ending end[0..endlen) (NULL:
 * none), the fields fp and raw (with c->fields). Returns the end. Inline:
 * batch and stream mode write every row through it. */
#define ROW_ROOM(np, endlen, fields) \
	((np) + 192 + DEC_LINK_MAX + ((fields) ? FPF_ROW_MAX : 0) + (endlen))
static inline char *
put_row(char *p, const struct rowfmt *c, const char *pre, size_t np, const struct flowrec *x,
    const struct capture_time *xt, struct flowrec_seccache *sc, uint64_t sample,
    const char *end, size_t endlen, const struct fields_pkt *fp, const struct fields_raw *raw)
{
	const struct linkpath_tab *links = c->links;
	char d = c->d;

	/* fixed-size copies (the row and pre[] have the room) */
	if (np <= 64)
		memcpy(p, pre, 64);
	else
		memcpy(p, pre, np);
	p += np;
	p = num_put_u(p, x->ordinal);
	*p++ = d;
	p = flowrec_put_time(p, x, xt, sc);
	*p++ = d;
	p = num_put_small(p, x->len);
	*p++ = d;
	p = num_put_small(p, x->h.user);
	*p++ = d;
	if (x->kind & FLOWREC_IP) {
		p = num_put_small(p, x->kind & FLOWREC_IP6 ? 40u + x->iplen : x->iplen);
		*p++ = d;
		p = num_put_small(p, x->ttl);
	} else
		*p++ = d;
	*p++ = d;
	if (x->kind & FLOWREC_TCP) {
		p = num_put_small(p, x->tcpflags);
		*p++ = d;
		p = num_put_small(p, x->win);
	} else
		*p++ = d;
	*p++ = d;
	memcpy(p, links->name[x->link], 16);
	if (links->len[x->link] > 16)
		memcpy(p + 16, links->name[x->link] + 16, links->len[x->link] - 16);
	p += links->len[x->link];
	if (c->by_sample) {
		*p++ = d;
		p = num_put_u(p, sample);
	}
	if (end)
		p = put_s(p, end, endlen);
	if (c->fields)
		p += fields_format(p, d, c->fields, fp, raw);
	*p++ = '\n';
	return p;
}

/* Rows [r0, r1) of the output (flows after flows) appended to ob. */
static void
fmt_rows(const struct wctx *c, size_t r0, size_t r1, struct obuf *ob)
{
	const struct pktrows_in *in = c->in;
	const struct flows_result *res = in->res;
	const struct filing *F = in->F;
	const struct flowrec *recs = F->rv.v;
	const struct labels *L = in->L;
	const struct fields_vec *fpv = &F->fpv;
	const struct rowfmt rf = { &F->links, F->o.fields, F->o.by_sample, c->d };
	char pre[32 + 2 * INET6_ADDRSTRLEN + 32] = { 0 };
	struct flowrec_seccache sc = FLOWREC_SECCACHE_INIT;
	size_t lo = 0, hi = res->nflows, i, np = 0, r;
	const struct flows_flow *fl = NULL;
	const struct flowkey *k = NULL;
	uint32_t j = 0;

	if (r0 >= r1)
		return;
	while (lo + 1 < hi) {	/* the flow holding row r0 */
		size_t m = lo + (hi - lo) / 2;

		if (c->first[m] <= r0)
			lo = m;
		else
			hi = m;
	}
	i = lo;
	j = (uint32_t)(r0 - c->first[i]);
	fl = &res->flows[i];
	k = flowkey_shown(&F->kt, fl->key);
	np = flow_prefix(pre, i, k, c->d);
	for (r = r0; r < r1; r++, j++) {
		while (j >= fl->n) {
			i++;
			j = 0;
			fl = &res->flows[i];
			k = flowkey_shown(&F->kt, fl->key);
			np = flow_prefix(pre, i, k, c->d);
		}
		uint32_t ri = res->order[fl->start + j];
		const struct flowrec *x = &recs[ri];

		/* rows follow flows, records file order: fetch ahead */
		if (fl->start + j + 8 < res->norder)
			__builtin_prefetch(&recs[res->order[fl->start + j + 8]]);
		size_t endlen = 0;
		const char *end = L ? ending(in, x, &endlen, &ob->unlabelled) : NULL;

		ob_room(ob, ROW_ROOM(np, endlen, rf.fields));
		ob->len = (size_t)(put_row(ob->b + ob->len, &rf, pre, np, x, F->rv.xt, &sc,
		    k->sample, end, endlen, rf.fields ? &fpv->v[ri] : NULL,
		    fpv->with_raw ? &fpv->raw[ri] : NULL) - ob->b);
	}
}

/* Writing on two threads: the output is cut into chunks of CHUNK rows; a
 * second thread formats the odd chunks (two buffers, so it can run one
 * ahead) while this one formats the even ones and writes all of them in
 * order. Each chunk's text does not depend on who formats it. */
enum { CHUNK = 4096 };
struct wjob {
	const struct wctx *c;
	size_t nrows, nchunks;
	struct obuf ob[2];
	int ready[2];
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void *
writer_main(void *arg)
{
	struct wjob *jb = arg;
	size_t kc, slot = 0;

	for (kc = 1; kc < jb->nchunks; kc += 2, slot ^= 1) {
		size_t r0 = kc * CHUNK, r1 = r0 + CHUNK < jb->nrows ? r0 + CHUNK : jb->nrows;

		pthread_mutex_lock(&jb->mu);
		while (jb->ready[slot])
			pthread_cond_wait(&jb->cv, &jb->mu);
		pthread_mutex_unlock(&jb->mu);
		jb->ob[slot].len = 0;
		fmt_rows(jb->c, r0, r1, &jb->ob[slot]);
		pthread_mutex_lock(&jb->mu);
		jb->ready[slot] = 1;
		pthread_cond_broadcast(&jb->cv);
		pthread_mutex_unlock(&jb->mu);
	}
	return NULL;
}

size_t
pktrows_write(struct csvw *w, const struct pktrows_in *in, int may_thread)
{
	const struct flows_result *res = in->res;
	struct wctx c = { in, w->delim, NULL };
	struct obuf own = { NULL, 0, 0, w, 0 };
	struct wjob jb;
	size_t i, nrows, kc;
	int threaded = 0;
	pthread_t th;

	c.first = emalloc((res->nflows + 1) * sizeof *c.first);
	for (i = 0, nrows = 0; i < res->nflows; i++) {
		c.first[i] = nrows;
		nrows += res->flows[i].n;
	}
	c.first[i] = nrows;
	memset(&jb, 0, sizeof jb);
	jb.c = &c;
	jb.nrows = nrows;
	jb.nchunks = (nrows + CHUNK - 1) / CHUNK;
	if (jb.nchunks >= 2 && may_thread) {
		pthread_mutex_init(&jb.mu, NULL);
		pthread_cond_init(&jb.cv, NULL);
		threaded = pthread_create(&th, NULL, writer_main, &jb) == 0;
		if (!threaded) {
			pthread_mutex_destroy(&jb.mu);
			pthread_cond_destroy(&jb.cv);
		}
	}
	for (kc = 0; kc < jb.nchunks; kc++) {
		size_t r0 = kc * CHUNK, r1 = r0 + CHUNK < nrows ? r0 + CHUNK : nrows, slot = (kc / 2) & 1;

		if (!threaded || kc % 2 == 0) {
			fmt_rows(&c, r0, r1, &own);
			ob_done(&own);
			continue;
		}
		pthread_mutex_lock(&jb.mu);
		while (!jb.ready[slot])
			pthread_cond_wait(&jb.cv, &jb.mu);
		pthread_mutex_unlock(&jb.mu);
		csvw_row(w, jb.ob[slot].b, jb.ob[slot].len);
		pthread_mutex_lock(&jb.mu);
		jb.ready[slot] = 0;
		pthread_cond_broadcast(&jb.cv);
		pthread_mutex_unlock(&jb.mu);
	}
	if (threaded) {
		pthread_join(th, NULL);
		pthread_mutex_destroy(&jb.mu);
		pthread_cond_destroy(&jb.cv);
	}
	free(jb.ob[0].b);
	free(jb.ob[1].b);
	free(c.first);
	return own.unlabelled + jb.ob[0].unlabelled + jb.ob[1].unlabelled;
}

size_t
pktrows_rec_size(const struct filing *F)
{
	size_t n = sizeof(struct pktrows_rec);

	if (F->o.fields)
		n += sizeof(struct fields_pkt);
	if (F->o.fields & FPF_NEED_NPRINT)
		n += sizeof(struct fields_raw);
	return (n + 7) & ~(size_t)7;
}

size_t
pktrows_flow(struct csvw *w, const struct pktrows_in *in, uint64_t flow,
    const struct flowkey *k, const void *recs, size_t n, size_t stride)
{
	const struct filing *F = in->F;
	const struct rowfmt rf = { &F->links, F->o.fields, F->o.by_sample, w->delim };
	const int raw = (F->o.fields & FPF_NEED_NPRINT) != 0;
	char pre[32 + 2 * INET6_ADDRSTRLEN + 32] = { 0 };
	struct flowrec_seccache sc = FLOWREC_SECCACHE_INIT;
	size_t np = flow_prefix(pre, flow, k, w->delim), i, unlabelled = 0;

	for (i = 0; i < n; i++) {
		struct pktrows_rec *r = (struct pktrows_rec *)(void *)((char *)recs + i * stride);
		const char *end = r->lab ? r->lab->text : NULL;
		size_t endlen = r->lab ? r->lab->len : 0;
		char *b = csvw_room(w, ROW_ROOM(np, endlen, rf.fields));

		unlabelled += r->lab && r->lab->none;
		csvw_commit(w, (size_t)(put_row(b, &rf, pre, np, &r->x, &r->xt, &sc, k->sample,
		    end, endlen, pktrows_rec_fp(r), raw ? pktrows_rec_raw(r) : NULL) - b));
	}
	return unlabelled;
}

void
pktrows_header(struct csvw *w, const struct pktrows_in *in)
{
	static const char *const cols[] = {
		"flow", "src", "dst", "sport", "dport", "proto", "packet", "time", "len",
		"wirelen", "iplen", "ttl", "tcpflags", "win", "link", NULL
	};
	const char *h[24 + FPF_NFIELDS];
	size_t nh = 0, i;

	for (i = 0; cols[i]; i++)
		h[nh++] = cols[i];
	if (in->F->o.by_sample)
		h[nh++] = "sample";
	if (in->L || in->labelled) {
		if (!in->F->o.by_sample)
			h[nh++] = "sample";
		h[nh++] = "label";
		h[nh++] = "family";
	}
	fields_header(in->F->o.fields, h, &nh);
	h[nh] = NULL;
	csvw_header(w, h);
}
