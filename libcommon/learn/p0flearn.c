/* p0flearn.c: see p0flearn.h. */
#include "learn/p0flearn.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/util.h"
#include "learn/p0fdb.h"

/* Strings to indices (open addressing; the table doubles at half full). */
struct smap {
	char **key;
	size_t *val;
	size_t cap, n;
};

static size_t
smap_get(struct smap *m, const char *k, int add)
{
	size_t i;

	if (add && 2 * (m->n + 1) > m->cap) {
		struct smap g = { NULL, NULL, m->cap ? 2 * m->cap : 64, 0 };

		g.key = ecalloc(g.cap, sizeof *g.key);
		g.val = ecalloc(g.cap, sizeof *g.val);
		for (i = 0; i < m->cap; i++)
			if (m->key[i]) {
				size_t j = hash_fnv1a64_str(m->key[i]) & (g.cap - 1);

				while (g.key[j])
					j = (j + 1) & (g.cap - 1);
				g.key[j] = m->key[i];
				g.val[j] = m->val[i];
			}
		g.n = m->n;
		free(m->key);
		free(m->val);
		*m = g;
	}
	if (!m->cap)
		return (size_t)-1;
	for (i = hash_fnv1a64_str(k) & (m->cap - 1); m->key[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->key[i], k) == 0)
			return m->val[i];
	if (!add)
		return (size_t)-1;
	m->key[i] = estrdup(k);
	m->val[i] = m->n;
	return m->n++;
}

static void
smap_free(struct smap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
}

/* How often each of some things (labels, families) was seen. */
struct tally {
	size_t *what, *n;
	size_t len, cap;
};

static void
tally_add(struct tally *t, size_t what)
{
	size_t i;

	for (i = 0; i < t->len; i++)
		if (t->what[i] == what) {
			t->n[i]++;
			return;
		}
	if (t->len == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4;
		t->what = ereallocarray(t->what, t->cap, sizeof *t->what);
		t->n = ereallocarray(t->n, t->cap, sizeof *t->n);
	}
	t->what[t->len] = what;
	t->n[t->len++] = 1;
}

struct label {
	char *text;             /* as given */
	char *name;             /* as written (p0f's name characters, unique) */
	struct tally fam;
	size_t family;          /* the most frequent */
};

struct entry {
	char *sig;              /* the database form */
	int synack;
	struct tally by;        /* rows per label */
	size_t rows, owner;
};

struct p0flearn {
	struct smap labels, families, sigs;
	struct label *lab;
	struct entry *ent;
	char **famname;
	size_t nlab, nent, nfam, rows, skipped;
};

struct p0flearn *
p0flearn_new(void)
{
	return ecalloc(1, sizeof(struct p0flearn));
}

size_t
p0flearn_rows(const struct p0flearn *l)
{
	return l->rows;
}

size_t
p0flearn_skipped(const struct p0flearn *l)
{
	return l->skipped;
}

void
p0flearn_add(struct p0flearn *l, const char *label, const char *family, const struct p0fsig *s)
{
	char key[P0FSIG_TEXT_MAX + 2];
	size_t li, fi, ei;

	if (s->optknown < s->nopt) {
		l->skipped++;
		return;
	}
	l->rows++;
	if ((li = smap_get(&l->labels, label, 1)) == l->nlab) {
		l->lab = ereallocarray(l->lab, ++l->nlab, sizeof *l->lab);
		memset(&l->lab[li], 0, sizeof *l->lab);
		l->lab[li].text = estrdup(label);
	}
	if ((fi = smap_get(&l->families, family ? family : "", 1)) == l->nfam) {
		l->famname = ereallocarray(l->famname, ++l->nfam, sizeof *l->famname);
		l->famname[fi] = estrdup(family ? family : "");
	}
	tally_add(&l->lab[li].fam, fi);
	key[0] = s->synack ? 'R' : 'S';
	p0fsig_db(s, key + 1);
	if ((ei = smap_get(&l->sigs, key, 1)) == l->nent) {
		l->ent = ereallocarray(l->ent, ++l->nent, sizeof *l->ent);
		memset(&l->ent[ei], 0, sizeof *l->ent);
		l->ent[ei].sig = estrdup(key + 1);
		l->ent[ei].synack = s->synack;
	}
	tally_add(&l->ent[ei].by, li);
	l->ent[ei].rows++;
}

/* The most frequent of a tally; ties to the first name in byte order. */
static size_t
most(const struct tally *t, char *const *names, const struct label *lab)
{
	size_t i, b = 0;

	for (i = 1; i < t->len; i++) {
		const char *x = names ? names[t->what[i]] : lab[t->what[i]].text;
		const char *y = names ? names[t->what[b]] : lab[t->what[b]].text;

		if (t->n[i] > t->n[b] || (t->n[i] == t->n[b] && strcmp(x, y) < 0))
			b = i;
	}
	return t->what[b];
}

static int
same_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a | (*a >= 'A' && *a <= 'Z' ? 32 : 0)) != (*b | (*b >= 'A' && *b <= 'Z' ? 32 : 0)))
			return 0;
	return *a == *b;
}

/* p0f's name characters; the rest become '_'. Names p0f would take for
 * an earlier one (it ignores case) get " (2)", " (3)"... */
static void
name_labels(struct p0flearn *l, const size_t *order)
{
	size_t i, j, k, n;

	for (i = 0; i < l->nlab; i++) {
		struct label *b = &l->lab[order[i]];
		char *p;

		n = strlen(b->text) > 200 ? 200 : strlen(b->text);
		b->name = emalloc(n + 16);
		memcpy(b->name, b->text, n);
		b->name[n] = '\0';
		for (p = b->name; *p; p++)
			if (!((*p >= '0' && *p <= '9') || ((*p | 32) >= 'a' && (*p | 32) <= 'z') ||
			    strchr(" ./-_!?()", *p)))
				*p = '_';
		for (k = 2;; k++) {
			for (j = 0; j < i && !same_nocase(l->lab[order[j]].name, b->name); j++)
				;
			if (j == i)
				break;
			snprintf(b->name + n, 16, " (%zu)", k);
		}
	}
}

/* A family as a p0f class: its letters and digits ("other" if none). */
static char *
class_of(const char *family)
{
	char *c = emalloc(strlen(family) + 6), *q = c;

	for (; *family; family++)
		if ((*family >= '0' && *family <= '9') || ((*family | 32) >= 'a' && (*family | 32) <= 'z'))
			*q++ = *family;
	if (q == c)
		strcpy(q, "other");
	else
		*q = '\0';
	return c;
}

static const struct p0flearn *sort_l;

static int
cmp_label(const void *a, const void *b)
{
	return strcmp(sort_l->lab[*(const size_t *)a].text, sort_l->lab[*(const size_t *)b].text);
}

/* Signatures in the order written: direction, owner's name, rows (most
 * first), text. */
static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = &sort_l->ent[*(const size_t *)a], *y = &sort_l->ent[*(const size_t *)b];
	int c;

	if (x->synack != y->synack)
		return x->synack - y->synack;
	if ((c = strcmp(sort_l->lab[x->owner].text, sort_l->lab[y->owner].text)))
		return c;
	if (x->rows != y->rows)
		return x->rows > y->rows ? -1 : 1;
	return strcmp(x->sig, y->sig);
}

/* Writing: every line goes through a p0fdb first, as p0f would read it. */
struct out {
	FILE *f;
	struct p0fdb *db;
	char err[512];
	int bad;
};

static int __attribute__((format(printf, 2, 3)))
emit(struct out *o, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof line)
		n = (int)strlen(line);
	if (p0fdb_feed(o->db, line, (size_t)n, o->err, sizeof o->err) < 0) {
		o->bad = 1;
		return -1;
	}
	fprintf(o->f, "%s\n", line);
	return 0;
}

/* The problem in "'name': line N: problem". */
static const char *
problem(const char *err)
{
	const char *p = strstr(err, "': line ");

	if (p && (p = strchr(p + 8, ':')) && p[1] == ' ')
		return p + 2;
	return err;
}

static void
write_sig(struct p0flearn *l, struct out *o, const struct entry *e)
{
	size_t i, k, nother = e->by.len - 1;
	char line[P0FSIG_TEXT_MAX + 8];

	if (!nother)
		emit(o, "; %zu row%s", e->rows, e->rows == 1 ? "" : "s");
	else {
		/* the other labels that sent it, most first */
		char buf[1000];
		size_t len = 0, own = 0;

		for (i = 0; i < e->by.len; i++)
			if (e->by.what[i] == e->owner)
				own = e->by.n[i];
		for (k = 0; k < e->by.len; k++) {
			size_t b = (size_t)-1;

			for (i = 0; i < e->by.len; i++)
				if (e->by.what[i] != e->owner && e->by.n[i] &&
				    (b == (size_t)-1 || e->by.n[i] > e->by.n[b] || (e->by.n[i] == e->by.n[b] &&
				    strcmp(l->lab[e->by.what[i]].text, l->lab[e->by.what[b]].text) < 0)))
					b = i;
			if (b == (size_t)-1 || len >= sizeof buf - 80)
				break;
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s %zu", len ? ", " : "",
			    l->lab[e->by.what[b]].name, e->by.n[b]);
			e->by.n[b] = 0;	/* written */
		}
		emit(o, "; %zu row%s of %zu; also sent by %s", own, own == 1 ? "" : "s", e->rows, buf);
	}
	snprintf(line, sizeof line, "sig = %s", e->sig);
	if (emit(o, "%s", line) == 0)
		return;
	/* p0f would refuse it: keep it as a comment, on the same line */
	o->bad = 0;
	if (p0fdb_covered_by(o->db))
		fprintf(o->f, "; p0f matches this with line %lu's signature: %s\n",
		    p0fdb_covered_by(o->db), line);
	else
		fprintf(o->f, "; not a signature p0f takes (%s): %s\n", problem(o->err), line);
}

/* The classes: the families of labels with a signature, each spelled as
 * first seen in label order (p0f ignores their case). cls[i] is label
 * i's class, pointing into the list. */
static size_t
classes(struct p0flearn *l, const size_t *lorder, const int *owns, char **list, char **cls)
{
	size_t i, j, n = 0;

	for (i = 0; i < l->nlab; i++) {
		size_t b = lorder[i];
		char *c;

		cls[b] = NULL;
		if (!owns[b])
			continue;
		c = class_of(l->famname[l->lab[b].family]);
		for (j = 0; j < n && !same_nocase(list[j], c); j++)
			;
		if (j == n)
			list[n++] = c;
		else
			free(c);
		cls[b] = list[j];
	}
	return n;
}

int
p0flearn_write(struct p0flearn *l, FILE *f, const char *name, const char *source, char *err,
    size_t errsz)
{
	struct out o = { f, NULL, "", 0 };
	size_t *lorder, *eorder, i, ncls, nlabs = 0, cur = (size_t)-1;
	char **list, **cls, line[1024];
	int *owns, dir = -1;

	if (!l->nent) {
		snprintf(err, errsz, "no row with a label and a SYN or SYN+ACK to learn from");
		return -1;
	}
	lorder = emalloc(l->nlab * sizeof *lorder);
	eorder = emalloc(l->nent * sizeof *eorder);
	owns = ecalloc(l->nlab, sizeof *owns);
	list = ecalloc(l->nlab, sizeof *list);
	cls = ecalloc(l->nlab, sizeof *cls);
	sort_l = l;
	for (i = 0; i < l->nlab; i++) {
		lorder[i] = i;
		l->lab[i].family = most(&l->lab[i].fam, l->famname, NULL);
	}
	qsort(lorder, l->nlab, sizeof *lorder, cmp_label);
	name_labels(l, lorder);
	for (i = 0; i < l->nent; i++) {
		eorder[i] = i;
		l->ent[i].owner = most(&l->ent[i].by, NULL, l->lab);
		nlabs += !owns[l->ent[i].owner];
		owns[l->ent[i].owner] = 1;
	}
	qsort(eorder, l->nent, sizeof *eorder, cmp_entry);
	ncls = classes(l, lorder, owns, list, cls);

	o.db = p0fdb_new(name);
	emit(&o, "; p0f v3 fingerprint database learned by osfp-train -m p0f from '%s':", source);
	emit(&o, "; %zu signature%s of %zu label%s, from %zu row%s with a SYN or SYN+ACK.",
	    l->nent, l->nent == 1 ? "" : "s", nlabs, nlabs == 1 ? "" : "s", l->rows,
	    l->rows == 1 ? "" : "s");
	if (l->skipped)
		emit(&o, "; Left out: %zu row%s with more TCP options than the syn columns hold.",
		    l->skipped, l->skipped == 1 ? "" : "s");
	emit(&o, "; Above each signature, the rows that sent it; a signature sent under");
	emit(&o, "; several labels is the label's that sent it most.");
	emit(&o, "%s", "");
	for (i = 0, line[0] = '\0'; i < ncls; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s", i ? "," : "", list[i]);
	emit(&o, "classes = %s", line);
	for (i = 0; i < l->nent; i++) {
		const struct entry *e = &l->ent[eorder[i]];

		if (e->synack != dir) {
			dir = e->synack;
			cur = (size_t)-1;
			emit(&o, "%s", "");
			emit(&o, "[tcp:%s]", dir ? "response" : "request");
		}
		if (e->owner != cur) {
			cur = e->owner;
			emit(&o, "%s", "");
			emit(&o, "label = s:%s:%s:", cls[cur], l->lab[cur].name);
		}
		write_sig(l, &o, e);
	}
	p0fdb_free(o.db);
	for (i = 0; i < ncls; i++)
		free(list[i]);
	free(list);
	free(cls);
	free(owns);
	free(lorder);
	free(eorder);
	if (o.bad) {
		snprintf(err, errsz, "writing the p0f database: %s", o.err);
		return -1;
	}
	return 0;
}

void
p0flearn_free(struct p0flearn *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nlab; i++) {
		free(l->lab[i].text);
		free(l->lab[i].name);
		free(l->lab[i].fam.what);
		free(l->lab[i].fam.n);
	}
	for (i = 0; i < l->nent; i++) {
		free(l->ent[i].sig);
		free(l->ent[i].by.what);
		free(l->ent[i].by.n);
	}
	for (i = 0; i < l->nfam; i++)
		free(l->famname[i]);
	free(l->famname);
	free(l->lab);
	free(l->ent);
	smap_free(&l->labels);
	smap_free(&l->families);
	smap_free(&l->sigs);
	free(l);
}
