/* flowrows.c: packet rows -> flows (see flowrows.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/flowrows.h"
#include "base/hash.h"
#include "base/msg.h"
#include "base/num.h"
#include "base/util.h"

/* Both lookups of this module are base/oatable tables: the flow ids met
 * so far (the contiguity check must remember every id, and a million
 * flows must not cost a scan each) and the distinct labels of the open
 * flow (--label-rule majority: a flow with many distinct labels stays
 * linear). */

/* ---- strings ---- */

static size_t
addstr(char **buf, size_t *n, size_t *cap, const char *s, size_t len)
{
	size_t off = *n;

	if (*n + len + 1 > *cap) {
		while (*n + len + 1 > *cap)
			*cap = *cap ? *cap * 2 : 4096;
		*buf = erealloc(*buf, *cap);
	}
	memcpy(*buf + off, s, len);
	(*buf)[off + len] = '\0';
	*n += len + 1;
	return off;
}

static size_t
keep(struct flowrows *fr, long col)
{
	if (col < 0)
		return FLOWROWS_NONE;
	return addstr(&fr->str, &fr->nstr, &fr->capstr, csvr_field(fr->r, (size_t)col),
	    csvr_fieldlen(fr->r, (size_t)col));
}

const char *
flowrows_str(const struct flowrows *fr, size_t off)
{
	return off == FLOWROWS_NONE ? "" : fr->str + off;
}

/* ---- the flow ids met ---- */

/* A flow id that is a decimal integer below 2^63 is its own key (no
 * collision possible); any other id is keyed by its hash, in the upper
 * half. Two such ids of one hash would be taken for one flow split in
 * two: a chance of 2^-63 per pair. */
static uint64_t
flow_key(const char *s, size_t len)
{
	uint64_t v;

	if (num_parse_u64(s, &v) == 0 && v < (1ULL << 63) && (len == 1 || s[0] != '0'))
		return v;
	return hash_fnv1a64(s, len) | 1ULL << 63;
}

/* Remember the flow id: 0, 1 if it was met before, -1 out of memory. */
static int
seen_add(struct oatable *t, const char *id, size_t len)
{
	uint64_t key = flow_key(id, len);
	uint32_t slot;
	int rc = oatable_add(t, &key, hash_final64(key), &slot);

	return rc < 0 ? -1 : rc == 0;
}

/* ---- labels (--label-rule majority) ---- */

/* One distinct label of the open flow. */
struct tval {
	size_t label, sample, family;   /* offsets into the tally's strings */
	size_t count;
	uint32_t id;                    /* its entry in labels, or OATABLE_NONE */
};

struct flowrows_tally {
	struct tval *v;
	size_t n, cap;
	char *s;
	size_t ns, caps;
	struct oatable labels;          /* label hash -> index into v */
	size_t last;                    /* the label of the row before */
};

static void
tally_reset(struct flowrows_tally *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].id != OATABLE_NONE)
			oatable_del(&t->labels, t->v[i].id);
	t->n = 0;
	t->ns = 0;
}

/* The index of lab (hash h) among the open flow's labels, or t->n. Two
 * labels of one hash: the first holds the table entry, the others are
 * found by a scan. */
static size_t
tally_find(const struct flowrows_tally *t, const char *lab, uint64_t h)
{
	uint32_t id = oatable_find(&t->labels, &h, h);
	size_t i;

	if (id == OATABLE_NONE)
		return t->n;
	memcpy(&i, oatable_val(&t->labels, id), sizeof i);
	if (strcmp(t->s + t->v[i].label, lab) == 0)
		return i;
	for (i = 0; i < t->n && strcmp(t->s + t->v[i].label, lab) != 0; i++)
		;
	return i;
}

static int
tally_add(struct flowrows *fr)
{
	struct flowrows_tally *t = fr->tally;
	const char *lab = csvr_field(fr->r, (size_t)fr->col_label);
	size_t len = csvr_fieldlen(fr->r, (size_t)fr->col_label);
	struct tval *v;
	uint64_t h;
	int rc;

	if (len == 0)
		return 0;       /* unlabelled packets do not vote */
	/* the rows of a flow mostly repeat the label of the row before */
	if (t->last < t->n && strcmp(t->s + t->v[t->last].label, lab) == 0) {
		t->v[t->last].count++;
		return 0;
	}
	h = hash_fnv1a64(lab, len);
	if ((t->last = tally_find(t, lab, h)) < t->n) {
		t->v[t->last].count++;
		return 0;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = ereallocarray(t->v, t->cap, sizeof *t->v);
	}
	v = &t->v[t->n];
	v->label = addstr(&t->s, &t->ns, &t->caps, lab, len);
	v->sample = fr->col_sample < 0 ? FLOWROWS_NONE :
	    addstr(&t->s, &t->ns, &t->caps, csvr_field(fr->r, (size_t)fr->col_sample),
	    csvr_fieldlen(fr->r, (size_t)fr->col_sample));
	v->family = fr->col_family < 0 ? FLOWROWS_NONE :
	    addstr(&t->s, &t->ns, &t->caps, csvr_field(fr->r, (size_t)fr->col_family),
	    csvr_fieldlen(fr->r, (size_t)fr->col_family));
	v->count = 1;
	if ((rc = oatable_add(&t->labels, &h, h, &v->id)) < 0)
		return -1;
	if (rc == 0)
		v->id = OATABLE_NONE;   /* another label of this hash holds it */
	else
		memcpy(oatable_val(&t->labels, v->id), &t->n, sizeof t->n);
	t->n++;
	return 0;
}

/* The most frequent label; a tie goes to the label seen first. */
static void
tally_close(struct flowrows *fr, struct flowrows_rec *rec)
{
	struct flowrows_tally *t = fr->tally;
	size_t i, best = 0;
	const struct tval *b;

	if (t->n == 0) {
		rec->label = addstr(&fr->str, &fr->nstr, &fr->capstr, "", 0);
		return;
	}
	for (i = 1; i < t->n; i++)
		if (t->v[i].count > t->v[best].count)
			best = i;
	b = &t->v[best];
	rec->label = addstr(&fr->str, &fr->nstr, &fr->capstr, t->s + b->label,
	    strlen(t->s + b->label));
	if (b->sample != FLOWROWS_NONE)
		rec->sample = addstr(&fr->str, &fr->nstr, &fr->capstr, t->s + b->sample,
		    strlen(t->s + b->sample));
	if (b->family != FLOWROWS_NONE)
		rec->family = addstr(&fr->str, &fr->nstr, &fr->capstr, t->s + b->family,
		    strlen(t->s + b->family));
}

/* ---- setting up ---- */

static const char *const carried_names[] = { "sample", "label", "family" };

/* The column of carried kind c (0 sample, 1 label, 2 family). */
static long *
carried_col(struct flowrows *fr, int c)
{
	return c == 0 ? &fr->col_sample : c == 1 ? &fr->col_label : &fr->col_family;
}

size_t
flowrows_ncarried(const struct flowrows *fr)
{
	return fr->ncarry + fr->nx;
}

const char *
flowrows_carried_name(const struct flowrows *fr, size_t k)
{
	if (k >= fr->ncarry)
		return csvr_colname(fr->r, (size_t)fr->xcol[k - fr->ncarry]);
	return carried_names[fr->carry[k]];
}

const char *
flowrows_carried(const struct flowrows *fr, size_t i, size_t k)
{
	const struct flowrows_rec *rec = &fr->flows[i];
	const char *s;
	int c;

	if (k >= fr->ncarry) {
		for (s = fr->str + rec->extra, k -= fr->ncarry; k; k--)
			s += strlen(s) + 1;
		return s;
	}
	c = fr->carry[k];
	return flowrows_str(fr, c == 0 ? rec->sample : c == 1 ? rec->label : rec->family);
}

/* -2 with msg when the k-th name of names cannot be carried. */
static int
bad_carry(char *const *names, size_t k, char *msg, size_t msglen)
{
	static const char *const ids[] = { "flow", "sample", "label", "family" };
	size_t i;

	if (!*names[k]) {
		snprintf(msg, msglen, "an empty column name");
		return -2;
	}
	for (i = 0; i < 4; i++)
		if (strcmp(names[k], ids[i]) == 0) {
			msg_format(msg, msglen, "'%s' is an identifier column already", names[k]);
			return -2;
		}
	for (i = 0; i < k; i++)
		if (strcmp(names[i], names[k]) == 0) {
			msg_format(msg, msglen, "column '%s' given twice", names[k]);
			return -2;
		}
	return 0;
}

int
flowrows_carry(struct flowrows *fr, const char *list, const char *why, char *msg,
    size_t msglen)
{
	char *buf = estrdup(list), **names = NULL, *p;
	size_t n = 0, i;
	int rc = 0;

	for (p = buf;; p++) {   /* split at every comma, empty names kept */
		names = ereallocarray(names, n + 1, sizeof *names);
		names[n++] = p;
		if ((p = strchr(p, ',')) == NULL)
			break;
		*p = '\0';
	}
	for (i = 0; i < n && rc == 0; i++)
		rc = bad_carry(names, i, msg, msglen);
	for (i = 0; i < n && rc == 0; i++)
		if (csvr_col(fr->r, names[i]) < 0) {
			msg_format(msg, msglen, "'%s': line 1: no column '%s' (needed by %s)",
			    csvr_name(fr->r), names[i], why);
			rc = -1;
		}
	for (i = 0; i < n && rc == 0; i++) {
		fr->xcol = ereallocarray(fr->xcol, fr->nx + 1, sizeof *fr->xcol);
		fr->xcol[fr->nx++] = csvr_col(fr->r, names[i]);
	}
	free(names);
	free(buf);
	return rc;
}

int
flowrows_init(struct flowrows *fr, struct csvr *r, int header, int majority,
    char *msg, size_t msglen)
{
	static const char *const need[] = { "flow", "time", "len", "ttl", "tcpflags", "link" };
	long *cols[] = { &fr->col_flow, &fr->col_time, &fr->col_len, &fr->col_ttl,
		&fr->col_flags, &fr->col_link };
	size_t i, nneed = header ? 6 : 3;

	memset(fr, 0, sizeof *fr);
	fr->r = r;
	fr->header = header;
	fr->majority = majority;
	fr->col_ttl = fr->col_flags = fr->col_link = -1;
	for (i = 0; i < nneed; i++) {
		*cols[i] = csvr_col(r, need[i]);
		if (*cols[i] < 0) {
			msg_format(msg, msglen, "'%s': line 1: no column '%s'%s", csvr_name(r),
			    need[i], i >= 3 ? " (needed by --header)" : "");
			return -1;
		}
	}
	fr->col_sample = csvr_col(r, "sample");
	fr->col_label = csvr_col(r, "label");
	fr->col_family = csvr_col(r, "family");
	for (i = 0; i < 3; i++)
		if (*carried_col(fr, (int)i) >= 0)
			fr->carry[fr->ncarry++] = (int)i;
	oatable_init(&fr->seen, sizeof(uint64_t), 0);
	if (majority) {
		fr->tally = ecalloc(1, sizeof *fr->tally);
		oatable_init(&fr->tally->labels, sizeof(uint64_t), sizeof(size_t));
	}
	return 0;
}

int
flowrows_fields(struct flowrows *fr, uint32_t need, int raw, const char *why,
    char *msg, size_t msglen)
{
	if (fieldcols_find(&fr->fpcols, fr->r, need, why, msg, msglen) < 0)
		return -1;
	fr->use_fp = 1;
	fr->fp.with_raw = raw;
	return 0;
}

void
flowrows_free(struct flowrows *fr)
{
	fields_vec_free(&fr->fp);
	free(fr->t);
	free(fr->len);
	free(fr->ttl);
	free(fr->flags);
	free(fr->flows);
	free(fr->str);
	free(fr->xcol);
	oatable_free(&fr->seen);
	if (fr->tally) {
		free(fr->tally->v);
		free(fr->tally->s);
		oatable_free(&fr->tally->labels);
		free(fr->tally);
	}
}

/* ---- rows ---- */

/* Close the open flow. A flow of one packet is a flow too: netml never
 * makes one, but osfp-pcap-flows --min-packets 1 does (a lone SYN is what
 * p0f fingerprints), and every feature set is defined for it. */
static void
close_flow(struct flowrows *fr)
{
	struct flowrows_rec *rec = &fr->flows[fr->nflows - 1];

	if (fr->majority && fr->col_label >= 0)
		tally_close(fr, rec);
	fr->open = 0;
}

static int
open_flow(struct flowrows *fr, char *msg, size_t msglen)
{
	struct flowrows_rec *rec;
	const char *id = csvr_field(fr->r, (size_t)fr->col_flow);
	size_t idlen = csvr_fieldlen(fr->r, (size_t)fr->col_flow), i;
	int rc;

	if ((rc = seen_add(&fr->seen, id, idlen)) != 0) {
		if (rc < 0) {
			snprintf(msg, msglen, "out of memory");
			return -1;
		}
		msg_format(msg, msglen, "'%s': line %lu: flow '%s' continues after other "
		    "flows (the rows of a flow must be contiguous)", csvr_name(fr->r),
		    csvr_line(fr->r), id);
		return -1;
	}
	if (fr->nflows == fr->capf) {
		fr->capf = fr->capf ? fr->capf * 2 : 256;
		fr->flows = ereallocarray(fr->flows, fr->capf, sizeof *fr->flows);
		if (fr->header)
			fr->flags = ereallocarray(fr->flags, fr->capf * FLOWROWS_NFLAGS,
			    sizeof *fr->flags);
	}
	rec = &fr->flows[fr->nflows++];
	rec->strbase = fr->nstr;
	rec->off = fr->np;
	rec->n = 0;
	rec->line = csvr_line(fr->r);
	rec->id = addstr(&fr->str, &fr->nstr, &fr->capstr, id, idlen);
	rec->sample = rec->label = rec->family = FLOWROWS_NONE;
	if (!fr->majority) {
		rec->sample = keep(fr, fr->col_sample);
		rec->label = keep(fr, fr->col_label);
		rec->family = keep(fr, fr->col_family);
	} else
		tally_reset(fr->tally);
	rec->extra = fr->nx ? fr->nstr : FLOWROWS_NONE;
	for (i = 0; i < fr->nx; i++)
		keep(fr, fr->xcol[i]);
	if (fr->header)
		memset(fr->flags + (fr->nflows - 1) * FLOWROWS_NFLAGS, 0,
		    FLOWROWS_NFLAGS * sizeof *fr->flags);
	fr->open = 1;
	return 0;
}

/* Whether netml's header features miss this packet's TCP flags. netml reads
 * pkt.payload.proto and pkt.payload.payload.flags; scapy falls through to
 * deeper layers for a missing field. With one link layer (eth, sll, null,
 * ...) they are IP's proto and TCP's flags. With more (eth.vlan, eth.pppoe,
 * eth.llc) payload.payload is not TCP, its flags are IP's (DF/MF, no letter
 * matches) or proto is PPP's, so nothing is counted. */
static int
link_hides_flags(const char *link)
{
	return strchr(link, '.') != NULL;
}

static int
bad_field(struct flowrows *fr, long col, const char *what, char *msg, size_t msglen)
{
	csvr_fail(fr->r, "column '%s': %s: '%s'", csvr_colname(fr->r, (size_t)col), what,
	    csvr_field(fr->r, (size_t)col));
	snprintf(msg, msglen, "%s", csvr_error(fr->r));
	return -1;
}

static int
add_packet(struct flowrows *fr, char *msg, size_t msglen)
{
	struct flowrows_rec *rec = &fr->flows[fr->nflows - 1];
	double t;
	long len;

	if (num_parse_dbl(csvr_field(fr->r, (size_t)fr->col_time), &t) < 0)
		return bad_field(fr, fr->col_time, "not a finite number", msg, msglen);
	/* netml's len(pkt) is at most 65535; larger values are accepted as long
	 * as sums of them stay exact in a double */
	if (num_parse_long(csvr_field(fr->r, (size_t)fr->col_len), 0, 2147483647L, &len) < 0)
		return bad_field(fr, fr->col_len, "not an integer in 0..2147483647", msg, msglen);
	if (fr->np == fr->capp) {
		fr->capp = fr->capp ? fr->capp * 2 : 4096;
		fr->t = ereallocarray(fr->t, fr->capp, sizeof *fr->t);
		fr->len = ereallocarray(fr->len, fr->capp, sizeof *fr->len);
		if (fr->header)
			fr->ttl = ereallocarray(fr->ttl, fr->capp, sizeof *fr->ttl);
	}
	if (fr->header) {
		const char *fl = csvr_field(fr->r, (size_t)fr->col_flags);
		double *cnt = fr->flags + (fr->nflows - 1) * FLOWROWS_NFLAGS;
		long ttl, bits;
		int b;

		if (num_parse_long(csvr_field(fr->r, (size_t)fr->col_ttl), 0, 255, &ttl) < 0)
			return bad_field(fr, fr->col_ttl, "not an integer in 0..255", msg, msglen);
		if (*fl) {      /* empty: not TCP */
			if (num_parse_long(fl, 0, 511, &bits) < 0)
				return bad_field(fr, fr->col_flags, "not an integer in 0..511", msg, msglen);
			if (!link_hides_flags(csvr_field(fr->r, (size_t)fr->col_link)))
				for (b = 0; b < FLOWROWS_NFLAGS; b++)
					if (bits & (1L << b))
						cnt[b] += 1;
		}
		fr->ttl[fr->np] = (uint8_t)ttl;
	}
	if (fr->use_fp) {
		struct fields_raw *raw;
		struct fields_pkt *x = fields_vec_push(&fr->fp, &raw);

		if (!x)
			eprintf("out of memory");
		if (fieldcols_read(&fr->fpcols, fr->r, x, raw) < 0) {
			fr->fp.n--;
			snprintf(msg, msglen, "%s", csvr_error(fr->r));
			return -1;
		}
	}
	if (fr->majority && fr->col_label >= 0)
		if (tally_add(fr) < 0) {
			snprintf(msg, msglen, "out of memory");
			return -1;
		}
	fr->t[fr->np] = t;
	fr->len[fr->np] = (double)len;
	fr->np++;
	rec->n++;
	return 0;
}

int
flowrows_next(struct flowrows *fr, char *msg, size_t msglen)
{
	for (;;) {
		int rc;

		if (fr->eof)
			return 0;
		rc = csvr_next(fr->r);
		if (rc < 0) {
			snprintf(msg, msglen, "%s", csvr_error(fr->r));
			return -1;
		}
		if (rc == 0) {
			fr->eof = 1;
			if (!fr->open)
				return 0;
			close_flow(fr);
			return 1;
		}
		fr->rows++;
		if (fr->open) {
			const struct flowrows_rec *rec = &fr->flows[fr->nflows - 1];
			const char *id = csvr_field(fr->r, (size_t)fr->col_flow);

			if (strcmp(id, fr->str + rec->id) == 0) {
				if (add_packet(fr, msg, msglen) < 0)
					return -1;
				continue;
			}
			close_flow(fr);
			if (open_flow(fr, msg, msglen) < 0 || add_packet(fr, msg, msglen) < 0)
				return -1;
			return 1;
		}
		if (open_flow(fr, msg, msglen) < 0 || add_packet(fr, msg, msglen) < 0)
			return -1;
	}
}

size_t
flowrows_complete(const struct flowrows *fr)
{
	return fr->nflows - (fr->open ? 1 : 0);
}

void
flowrows_drop(struct flowrows *fr, size_t k)
{
	size_t i, poff, soff, rest;

	if (k == 0)
		return;
	if (k == fr->nflows) {
		fr->nflows = fr->np = fr->nstr = 0;
		fr->fp.n = 0;
		return;
	}
	poff = fr->flows[k].off;
	soff = fr->flows[k].strbase;
	rest = fr->nflows - k;
	memmove(fr->t, fr->t + poff, (fr->np - poff) * sizeof *fr->t);
	memmove(fr->len, fr->len + poff, (fr->np - poff) * sizeof *fr->len);
	if (fr->header) {
		memmove(fr->ttl, fr->ttl + poff, fr->np - poff);
		memmove(fr->flags, fr->flags + k * FLOWROWS_NFLAGS,
		    rest * FLOWROWS_NFLAGS * sizeof *fr->flags);
	}
	if (fr->use_fp)
		fields_vec_drop(&fr->fp, poff);
	memmove(fr->str, fr->str + soff, fr->nstr - soff);
	memmove(fr->flows, fr->flows + k, rest * sizeof *fr->flows);
	for (i = 0; i < rest; i++) {
		struct flowrows_rec *rec = &fr->flows[i];

		rec->off -= poff;
		rec->strbase -= soff;
		rec->id -= soff;
		if (rec->sample != FLOWROWS_NONE)
			rec->sample -= soff;
		if (rec->label != FLOWROWS_NONE)
			rec->label -= soff;
		if (rec->family != FLOWROWS_NONE)
			rec->family -= soff;
		if (rec->extra != FLOWROWS_NONE)
			rec->extra -= soff;
	}
	fr->np -= poff;
	fr->nstr -= soff;
	fr->nflows = rest;
}

void
flowrows_pkts(const struct flowrows *fr, size_t i, struct flowrows_pkts *p)
{
	const struct flowrows_rec *rec = &fr->flows[i];

	p->n = rec->n;
	p->t = fr->t + rec->off;
	p->len = fr->len + rec->off;
	p->ttl = fr->header ? fr->ttl + rec->off : NULL;
	p->flags = fr->header ? fr->flags + i * FLOWROWS_NFLAGS : NULL;
	p->fp = fr->use_fp ? fr->fp.v + rec->off : NULL;
	p->raw = fr->use_fp && fr->fp.with_raw ? fr->fp.raw + rec->off : NULL;
}
