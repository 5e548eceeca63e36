/* filing.c: see filing.h. */
#include <string.h>

#include "packet/filing.h"
#include "packet/pcapml.h"

void
filing_init(struct filing *F, const struct filing_opts *o)
{
	memset(F, 0, sizeof *F);
	F->o = *o;
	F->kt.with_disp = o->bidir || o->by_sample;
	F->fpv.with_raw = (o->fields & FPF_NEED_NPRINT) != 0;
}

/* The key a --by sample packet is looked up by (its sample id alone) and
 * the key written if it is its group's first (its own, if it has one);
 * 0 if it has no sample id. */
static int
sample_keys(const struct filing *F, const struct capture_packet *p,
    const struct flowrec_prep *q, struct flowkey *look, struct flowkey *disp)
{
	struct pcapml_label l;
	const char *why;

	if (pcapml_pick(p->comments, p->comment_lens, p->ncomments, F->o.which, &l, &why,
	    NULL) != 1)
		return 0;
	if (q->st == DEC_OK)
		*disp = q->look;
	else
		memset(disp, 0, sizeof *disp);
	memset(look, 0, sizeof *look);
	look->sample = disp->sample = l.sample;
	return 1;
}

void
filing_fields(const struct filing *F, const struct capture_packet *p, struct fields_pkt *fx,
    struct fields_raw *fr)
{
	struct decode_pkt d;

	/* decoded again: a decode_pkt is 200 bytes, too many to carry in
	 * every prepared packet between the threads */
	decode(p->linktype, p->data, p->caplen, p->wirelen, F->o.dflags, &d);
	fields_from_dec(&d, p->data, p->caplen, fx, fr);
}

int
filing_keys_(struct filing *F, const struct capture_packet *p, const struct flowrec_prep *q,
    struct filing_key *k)
{
	int i, rc = 0;

	k->look = k->disp = &q->look;
	k->hash = q->hash;
	if (q->st == DEC_UNKNOWN_LINK) {
		F->unknown++;
		for (i = 0; i < F->nunknown && F->unknown_lt[i] != p->linktype; i++)
			;
		if (i == F->nunknown && i < 8) {
			F->unknown_lt[F->nunknown++] = p->linktype;
			rc = FILING_NEW_LINKTYPE;
		}
	}
	if (F->o.by_sample) {
		if (!sample_keys(F, p, q, &k->own[0], &k->own[1])) {
			F->nosample++;
			return rc;
		}
		k->look = &k->own[0];
		k->disp = &k->own[1];
		k->hash = flowkey_hash(k->look);
	} else if (q->st != DEC_OK) {
		F->skipped[q->st]++;
		return rc;
	} else if (q->swapped) {
		k->own[1] = q->look;
		flowkey_swap(&k->own[1]);
		k->disp = &k->own[1];
	}
	if (!p->has_time) {
		F->notime++;
		return rc;
	}
	return rc | FILING_FILED;
}

int
filing_add_(struct filing *F, const struct capture_packet *p, const struct flowrec_prep *q)
{
	struct filing_key k;
	struct flowrec *x;
	struct fields_raw *fr;
	struct fields_pkt *fx;
	int rc = filing_keys_(F, p, q, &k);

	if (!(rc & FILING_FILED))
		return rc;
	if (!(x = flowrec_add(&F->rv, q, &p->time)))
		return -1;
	if (F->o.fields) {
		if (!(fx = fields_vec_push(&F->fpv, &fr)))
			return -1;
		filing_fields(F, p, fx, fr);
	}
	x->h.key = flowkey_id(&F->kt, k.look, k.disp, k.hash);
	x->link = linkpath_id(&F->links, q->linkcode);
	return rc;
}

void
filing_free(struct filing *F)
{
	flowrec_vec_free(&F->rv);
	flowkey_tab_free(&F->kt);
	fields_vec_free(&F->fpv);
}
