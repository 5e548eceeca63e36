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

/* The fingerprint fields of p. */
static int
add_fields(struct filing *F, const struct capture_packet *p)
{
	struct fields_raw *fr;
	struct fields_pkt *fx = fields_vec_push(&F->fpv, &fr);
	struct decode_pkt d;

	if (!fx)
		return -1;
	/* decoded again: a decode_pkt is 200 bytes, too many to carry in
	 * every prepared packet between the threads */
	decode(p->linktype, p->data, p->caplen, p->wirelen, F->o.dflags, &d);
	fields_from_dec(&d, p->data, p->caplen, fx, fr);
	return 0;
}

int
filing_add_(struct filing *F, const struct capture_packet *p, const struct flowrec_prep *q)
{
	const struct flowkey *lookp = &q->look, *dispp = &q->look;
	uint64_t hash = q->hash;
	struct flowkey look, disp;
	struct flowrec *x;
	int k, rc = 0;

	if (q->st == DEC_UNKNOWN_LINK) {
		F->unknown++;
		for (k = 0; k < F->nunknown && F->unknown_lt[k] != p->linktype; k++)
			;
		if (k == F->nunknown && k < 8) {
			F->unknown_lt[F->nunknown++] = p->linktype;
			rc = FILING_NEW_LINKTYPE;
		}
	}
	if (F->o.by_sample) {
		if (!sample_keys(F, p, q, &look, &disp)) {
			F->nosample++;
			return rc;
		}
		lookp = &look;
		dispp = &disp;
		hash = flowkey_hash(&look);
	} else if (q->st != DEC_OK) {
		F->skipped[q->st]++;
		return rc;
	} else if (q->swapped) {
		disp = q->look;
		flowkey_swap(&disp);
		dispp = &disp;
	}
	if (!p->has_time) {
		F->notime++;
		return rc;
	}
	if (!(x = flowrec_add(&F->rv, q, &p->time)))
		return -1;
	if (F->o.fields && add_fields(F, p) < 0)
		return -1;
	x->h.key = flowkey_id(&F->kt, lookp, dispp, hash);
	x->link = linkpath_id(&F->links, q->linkcode);
	return rc | FILING_FILED;
}

void
filing_free(struct filing *F)
{
	flowrec_vec_free(&F->rv);
	flowkey_tab_free(&F->kt);
	fields_vec_free(&F->fpv);
}
