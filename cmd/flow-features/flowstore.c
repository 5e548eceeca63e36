/* flowstore.c: gather osfp-pcap-flows rows into flows (see flowstore.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowstore.h"
#include "base/num.h"
#include "base/util.h"

/* One distinct label of the open flow, for --label-rule majority. */
struct tval {
	size_t label, sample, family;   /* offsets into the tally's strings */
	size_t count;
};

struct tally {
	struct tval *v;
	size_t n, cap;
	char *s;
	size_t ns, caps;
	size_t *slot;          /* hash of the labels: index + 1, 0 = empty */
	size_t nslot;          /* a power of two, > 2n */
};

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
keep(struct flowstore *fs, long col)
{
	if (col < 0)
		return FSTR_NONE;
	return addstr(&fs->str, &fs->nstr, &fs->capstr, csvr_field(fs->r, (size_t)col),
	    csvr_fieldlen(fs->r, (size_t)col));
}

const char *
fstr(const struct flowstore *fs, size_t off)
{
	return off == FSTR_NONE ? "" : fs->str + off;
}

int
fstore_init(struct flowstore *fs, struct csvr *r, int header, int majority,
    char *msg, size_t msglen)
{
	static const char *const need[] = { "flow", "time", "len", "ttl", "tcpflags", "link" };
	long *cols[] = { &fs->col_flow, &fs->col_time, &fs->col_len, &fs->col_ttl,
		&fs->col_flags, &fs->col_link };
	size_t i, nneed = header ? 6 : 3;

	memset(fs, 0, sizeof *fs);
	fs->r = r;
	fs->header = header;
	fs->majority = majority;
	fs->col_ttl = fs->col_flags = fs->col_link = -1;
	for (i = 0; i < nneed; i++) {
		*cols[i] = csvr_col(r, need[i]);
		if (*cols[i] < 0) {
			snprintf(msg, msglen, "'%s': line 1: no column '%s'%s", csvr_name(r),
			    need[i], i >= 3 ? " (needed by --header)" : "");
			return -1;
		}
	}
	fs->col_sample = csvr_col(r, "sample");
	fs->col_label = csvr_col(r, "label");
	fs->col_family = csvr_col(r, "family");
	if (majority)
		fs->tally = ecalloc(1, sizeof *fs->tally);
	return 0;
}

int
fstore_fp(struct flowstore *fs, uint32_t need, int raw, const char *why,
    char *msg, size_t msglen)
{
	if (fieldcols_find(&fs->fpcols, fs->r, need, why, msg, msglen) < 0)
		return -1;
	fs->use_fp = 1;
	fs->fp.with_raw = raw;
	return 0;
}

void
fstore_free(struct flowstore *fs)
{
	fields_vec_free(&fs->fp);
	free(fs->t);
	free(fs->len);
	free(fs->ttl);
	free(fs->flags);
	free(fs->flows);
	free(fs->str);
	free(fs->seen);
	if (fs->tally) {
		free(fs->tally->v);
		free(fs->tally->s);
		free(fs->tally->slot);
		free(fs->tally);
	}
}

/* ---- the set of flow ids seen, to catch a flow whose rows are split ---- */

/* A flow id that is a decimal integer below 2^63 is its own key (no
 * collision possible); any other id is hashed (FNV-1a) into the upper half. */
static uint64_t
flow_key(const char *s, size_t len)
{
	uint64_t v, h = 14695981039346656037ULL;
	size_t i;

	if (num_parse_u64(s, &v) == 0 && v < (1ULL << 63) && (len == 1 || s[0] != '0'))
		return v;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h |= 1ULL << 63;
	return h == UINT64_MAX ? h - 1 : h;   /* UINT64_MAX marks an empty slot */
}

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

/* Insert key; returns 1 if it was already there. */
static int
seen_add(struct flowstore *fs, uint64_t key)
{
	size_t i, mask;

	if (2 * (fs->nseen + 1) > fs->capseen) {
		uint64_t *old = fs->seen;
		size_t oldcap = fs->capseen, j;

		fs->capseen = oldcap ? oldcap * 2 : 1024;
		fs->seen = ereallocarray(NULL, fs->capseen, sizeof *fs->seen);
		memset(fs->seen, 0xff, fs->capseen * sizeof *fs->seen);
		fs->nseen = 0;
		for (j = 0; j < oldcap; j++)
			if (old[j] != UINT64_MAX)
				seen_add(fs, old[j]);
		free(old);
	}
	mask = fs->capseen - 1;
	for (i = mix(key) & mask; fs->seen[i] != UINT64_MAX; i = (i + 1) & mask)
		if (fs->seen[i] == key)
			return 1;
	fs->seen[i] = key;
	fs->nseen++;
	return 0;
}

/* ---- labels ---- */

static size_t
str_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The slot of lab in the open flow's label hash (a hash, so that a flow
 * with many distinct labels stays linear). */
static size_t *
tally_slot(struct tally *t, const char *lab)
{
	size_t i, mask = t->nslot - 1;

	for (i = str_hash(lab) & mask; t->slot[i]; i = (i + 1) & mask)
		if (strcmp(t->s + t->v[t->slot[i] - 1].label, lab) == 0)
			break;
	return &t->slot[i];
}

static void
tally_add(struct flowstore *fs)
{
	struct tally *t = fs->tally;
	const char *lab = csvr_field(fs->r, (size_t)fs->col_label);
	size_t i, *sl, len = csvr_fieldlen(fs->r, (size_t)fs->col_label);

	if (len == 0)
		return;         /* unlabelled packets do not vote */
	if (2 * (t->n + 1) > t->nslot) {
		t->nslot = t->nslot ? 2 * t->nslot : 16;
		t->slot = ereallocarray(t->slot, t->nslot, sizeof *t->slot);
		memset(t->slot, 0, t->nslot * sizeof *t->slot);
		for (i = 0; i < t->n; i++)
			*tally_slot(t, t->s + t->v[i].label) = i + 1;
	}
	sl = tally_slot(t, lab);
	if (*sl) {
		t->v[*sl - 1].count++;
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->v = ereallocarray(t->v, t->cap, sizeof *t->v);
	}
	t->v[t->n].label = addstr(&t->s, &t->ns, &t->caps, lab, len);
	t->v[t->n].sample = fs->col_sample < 0 ? FSTR_NONE :
	    addstr(&t->s, &t->ns, &t->caps, csvr_field(fs->r, (size_t)fs->col_sample),
	    csvr_fieldlen(fs->r, (size_t)fs->col_sample));
	t->v[t->n].family = fs->col_family < 0 ? FSTR_NONE :
	    addstr(&t->s, &t->ns, &t->caps, csvr_field(fs->r, (size_t)fs->col_family),
	    csvr_fieldlen(fs->r, (size_t)fs->col_family));
	t->v[t->n].count = 1;
	*sl = ++t->n;
}

/* The most frequent label; a tie goes to the label seen first. */
static void
tally_close(struct flowstore *fs, struct frec *fr)
{
	struct tally *t = fs->tally;
	size_t i, best = 0;
	const struct tval *b;

	if (t->n == 0) {
		fr->label = addstr(&fs->str, &fs->nstr, &fs->capstr, "", 0);
		return;
	}
	for (i = 1; i < t->n; i++)
		if (t->v[i].count > t->v[best].count)
			best = i;
	b = &t->v[best];
	fr->label = addstr(&fs->str, &fs->nstr, &fs->capstr, t->s + b->label, strlen(t->s + b->label));
	if (b->sample != FSTR_NONE)
		fr->sample = addstr(&fs->str, &fs->nstr, &fs->capstr, t->s + b->sample,
		    strlen(t->s + b->sample));
	if (b->family != FSTR_NONE)
		fr->family = addstr(&fs->str, &fs->nstr, &fs->capstr, t->s + b->family,
		    strlen(t->s + b->family));
}

/* ---- rows ---- */

/* Close the open flow; -1 if it has a single packet. */
static int
close_flow(struct flowstore *fs, char *msg, size_t msglen)
{
	struct frec *fr = &fs->flows[fs->nflows - 1];

	if (fr->n < 2) {
		snprintf(msg, msglen, "'%s': line %lu: flow '%s' has only one packet "
		    "(netml's flows have at least two)", csvr_name(fs->r), fr->line,
		    fstr(fs, fr->id));
		return -1;
	}
	if (fs->majority && fs->col_label >= 0)
		tally_close(fs, fr);
	fs->open = 0;
	return 0;
}

static int
open_flow(struct flowstore *fs, char *msg, size_t msglen)
{
	struct frec *fr;
	const char *id = csvr_field(fs->r, (size_t)fs->col_flow);
	size_t idlen = csvr_fieldlen(fs->r, (size_t)fs->col_flow);

	if (seen_add(fs, flow_key(id, idlen))) {
		snprintf(msg, msglen, "'%s': line %lu: flow '%s' continues after other "
		    "flows (the rows of a flow must be contiguous)", csvr_name(fs->r),
		    csvr_line(fs->r), id);
		return -1;
	}
	if (fs->nflows == fs->capf) {
		fs->capf = fs->capf ? fs->capf * 2 : 256;
		fs->flows = ereallocarray(fs->flows, fs->capf, sizeof *fs->flows);
		if (fs->header)
			fs->flags = ereallocarray(fs->flags, fs->capf * FEAT_NFLAGS, sizeof *fs->flags);
	}
	fr = &fs->flows[fs->nflows++];
	fr->strbase = fs->nstr;
	fr->off = fs->np;
	fr->n = 0;
	fr->line = csvr_line(fs->r);
	fr->id = addstr(&fs->str, &fs->nstr, &fs->capstr, id, idlen);
	fr->sample = fr->label = fr->family = FSTR_NONE;
	if (!fs->majority) {
		fr->sample = keep(fs, fs->col_sample);
		fr->label = keep(fs, fs->col_label);
		fr->family = keep(fs, fs->col_family);
	} else {
		fs->tally->n = 0;
		fs->tally->ns = 0;
		if (fs->tally->slot)
			memset(fs->tally->slot, 0, fs->tally->nslot * sizeof *fs->tally->slot);
	}
	if (fs->header)
		memset(fs->flags + (fs->nflows - 1) * FEAT_NFLAGS, 0, FEAT_NFLAGS * sizeof *fs->flags);
	fs->open = 1;
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
bad_field(struct flowstore *fs, long col, const char *what, char *msg, size_t msglen)
{
	csvr_fail(fs->r, "column '%s': %s: '%s'", csvr_colname(fs->r, (size_t)col), what,
	    csvr_field(fs->r, (size_t)col));
	snprintf(msg, msglen, "%s", csvr_error(fs->r));
	return -1;
}

static int
add_packet(struct flowstore *fs, char *msg, size_t msglen)
{
	struct frec *fr = &fs->flows[fs->nflows - 1];
	double t;
	long len;

	if (num_parse_dbl(csvr_field(fs->r, (size_t)fs->col_time), &t) < 0)
		return bad_field(fs, fs->col_time, "not a finite number", msg, msglen);
	/* netml's len(pkt) is at most 65535; larger values are accepted as long
	 * as sums of them stay exact in a double */
	if (num_parse_long(csvr_field(fs->r, (size_t)fs->col_len), 0, 2147483647L, &len) < 0)
		return bad_field(fs, fs->col_len, "not an integer in 0..2147483647", msg, msglen);
	if (fs->np == fs->capp) {
		fs->capp = fs->capp ? fs->capp * 2 : 4096;
		fs->t = ereallocarray(fs->t, fs->capp, sizeof *fs->t);
		fs->len = ereallocarray(fs->len, fs->capp, sizeof *fs->len);
		if (fs->header)
			fs->ttl = ereallocarray(fs->ttl, fs->capp, sizeof *fs->ttl);
	}
	if (fs->header) {
		const char *fl = csvr_field(fs->r, (size_t)fs->col_flags);
		double *cnt = fs->flags + (fs->nflows - 1) * FEAT_NFLAGS;
		long ttl, bits;
		int b;

		if (num_parse_long(csvr_field(fs->r, (size_t)fs->col_ttl), 0, 255, &ttl) < 0)
			return bad_field(fs, fs->col_ttl, "not an integer in 0..255", msg, msglen);
		if (*fl) {      /* empty: not TCP */
			if (num_parse_long(fl, 0, 511, &bits) < 0)
				return bad_field(fs, fs->col_flags, "not an integer in 0..511", msg, msglen);
			if (!link_hides_flags(csvr_field(fs->r, (size_t)fs->col_link)))
				for (b = 0; b < FEAT_NFLAGS; b++)
					if (bits & (1L << b))
						cnt[b] += 1;
		}
		fs->ttl[fs->np] = (uint8_t)ttl;
	}
	if (fs->use_fp) {
		struct fields_raw *raw;
		struct fields_pkt *x = fields_vec_push(&fs->fp, &raw);

		if (!x)
			eprintf("out of memory");
		if (fieldcols_read(&fs->fpcols, fs->r, x, raw) < 0) {
			fs->fp.n--;
			snprintf(msg, msglen, "%s", csvr_error(fs->r));
			return -1;
		}
	}
	if (fs->majority && fs->col_label >= 0)
		tally_add(fs);
	fs->t[fs->np] = t;
	fs->len[fs->np] = (double)len;
	fs->np++;
	fr->n++;
	return 0;
}

int
fstore_next(struct flowstore *fs, char *msg, size_t msglen)
{
	for (;;) {
		int rc;

		if (fs->eof)
			return 0;
		rc = csvr_next(fs->r);
		if (rc < 0) {
			snprintf(msg, msglen, "%s", csvr_error(fs->r));
			return -1;
		}
		if (rc == 0) {
			fs->eof = 1;
			if (!fs->open)
				return 0;
			return close_flow(fs, msg, msglen) < 0 ? -1 : 1;
		}
		fs->rows++;
		if (fs->open) {
			const struct frec *fr = &fs->flows[fs->nflows - 1];
			const char *id = csvr_field(fs->r, (size_t)fs->col_flow);

			if (strcmp(id, fs->str + fr->id) == 0) {
				if (add_packet(fs, msg, msglen) < 0)
					return -1;
				continue;
			}
			if (close_flow(fs, msg, msglen) < 0)
				return -1;
			if (open_flow(fs, msg, msglen) < 0 || add_packet(fs, msg, msglen) < 0)
				return -1;
			return 1;
		}
		if (open_flow(fs, msg, msglen) < 0 || add_packet(fs, msg, msglen) < 0)
			return -1;
	}
}

size_t
fstore_complete(const struct flowstore *fs)
{
	return fs->nflows - (fs->open ? 1 : 0);
}

void
fstore_drop(struct flowstore *fs, size_t k)
{
	size_t i, poff, soff, rest;

	if (k == 0)
		return;
	if (k == fs->nflows) {
		fs->nflows = fs->np = fs->nstr = 0;
		fs->fp.n = 0;
		return;
	}
	poff = fs->flows[k].off;
	soff = fs->flows[k].strbase;
	rest = fs->nflows - k;
	memmove(fs->t, fs->t + poff, (fs->np - poff) * sizeof *fs->t);
	memmove(fs->len, fs->len + poff, (fs->np - poff) * sizeof *fs->len);
	if (fs->header) {
		memmove(fs->ttl, fs->ttl + poff, fs->np - poff);
		memmove(fs->flags, fs->flags + k * FEAT_NFLAGS, rest * FEAT_NFLAGS * sizeof *fs->flags);
	}
	if (fs->use_fp)
		fields_vec_drop(&fs->fp, poff);
	memmove(fs->str, fs->str + soff, fs->nstr - soff);
	memmove(fs->flows, fs->flows + k, rest * sizeof *fs->flows);
	for (i = 0; i < rest; i++) {
		struct frec *fr = &fs->flows[i];

		fr->off -= poff;
		fr->strbase -= soff;
		fr->id -= soff;
		if (fr->sample != FSTR_NONE)
			fr->sample -= soff;
		if (fr->label != FSTR_NONE)
			fr->label -= soff;
		if (fr->family != FSTR_NONE)
			fr->family -= soff;
	}
	fs->np -= poff;
	fs->nstr -= soff;
	fs->nflows = rest;
}

void
fstore_flow(const struct flowstore *fs, size_t i, struct flowfeat_flow *f)
{
	const struct frec *fr = &fs->flows[i];

	f->n = fr->n;
	f->t = fs->t + fr->off;
	f->len = fs->len + fr->off;
	f->ttl = fs->header ? fs->ttl + fr->off : NULL;
	f->flags = fs->header ? fs->flags + i * FEAT_NFLAGS : NULL;
}

double
fstore_duration(const struct flowstore *fs, size_t i)
{
	struct flowfeat_flow f;

	fstore_flow(fs, i, &f);
	return flowfeat_duration(&f);
}

size_t
fstore_bytes(const struct flowstore *fs)
{
	return fs->capp * (2 * sizeof(double) + (fs->header ? 1 : 0)) +
	    fs->capf * (sizeof(struct frec) + (fs->header ? FEAT_NFLAGS * sizeof(double) : 0)) +
	    fs->capstr + fs->capseen * sizeof(uint64_t) +
	    fs->fp.cap * (sizeof(struct fields_pkt) + (fs->fp.with_raw ? sizeof(struct fields_raw) : 0));
}
