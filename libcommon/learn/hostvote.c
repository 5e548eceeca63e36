/* hostvote.c: see hostvote.h. */
#include "learn/hostvote.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/hash.h"
#include "base/num.h"
#include "base/oatable.h"
#include "base/util.h"

/* Times in units of 10^-19 s need about 125 bits: GCC's and Clang's
 * 128-bit integer (the only compilers osfp builds with). */
__extension__ typedef __int128 i128;

#define E19 10000000000000000000ULL     /* 10^19: units per second */
#define E18 1000000000000000000ULL

int
hostvote_rule_parse(const char *s, enum hostvote_rule *r)
{
	if (strcmp(s, "mean") == 0)
		*r = HOSTVOTE_MEAN;
	else if (strcmp(s, "vote") == 0)
		*r = HOSTVOTE_VOTE;
	else if (strcmp(s, "logprob") == 0)
		*r = HOSTVOTE_LOGPROB;
	else
		return -1;
	return 0;
}

const char *
hostvote_rule_name(enum hostvote_rule r)
{
	return r == HOSTVOTE_VOTE ? "vote" : r == HOSTVOTE_LOGPROB ? "logprob" : "mean";
}

/* ---- exact times ---- */

const char *
hostvote_time_parse(const char *s, struct hostvote_time *t)
{
	uint64_t ip = 0, f = 0, scale = E19 / 10;
	int neg = 0, any = 0, digits = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s >= '0' && *s <= '9'; s++, any = 1) {
		ip = ip * 10 + (uint64_t)(*s - '0');
		if (ip >= E18)
			return "more than 18 integer digits";
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, any = 1) {
			if (scale) {
				f += (uint64_t)(*s - '0') * scale;
				scale /= 10;
				digits++;
			} else if (*s != '0')
				return "more than 19 decimal places";
		}
	if (*s || !any)
		return "not an exact decimal time";
	t->digits = digits;
	if (!neg || (ip == 0 && f == 0)) {
		t->sec = (int64_t)ip;
		t->frac = f;
	} else if (f) {
		t->sec = -(int64_t)ip - 1;
		t->frac = E19 - f;
	} else {
		t->sec = -(int64_t)ip;
		t->frac = 0;
	}
	return NULL;
}

const char *
hostvote_window_parse(const char *s, struct hostvote_time *w)
{
	const char *e = hostvote_time_parse(s, w);

	if (e)
		return e;
	if (w->sec < 0 || (w->sec == 0 && w->frac == 0) || w->sec > HOSTVOTE_WINDOW_MAX ||
	    (w->sec == HOSTVOTE_WINDOW_MAX && w->frac))
		return "not above 0 and at most 10^12 seconds";
	return NULL;
}

size_t
hostvote_time_str(char *buf, const struct hostvote_time *t)
{
	uint64_t ip, f = t->frac;
	size_t n = 0;
	int d;

	if (t->sec >= 0)
		ip = (uint64_t)t->sec;
	else {
		buf[n++] = '-';
		ip = (uint64_t)0 - (uint64_t)t->sec;
		if (f) {
			ip--;
			f = E19 - f;
		}
	}
	n += num_fmt_u64(buf + n, ip);
	if (f || t->digits > 0) {
		buf[n++] = '.';
		for (d = 19; d > t->digits && f % 10 == 0; d--)
			f /= 10;
		for (int i = d - 1; i >= 0; i--, f /= 10)
			buf[n + (size_t)i] = (char)('0' + f % 10);
		n += (size_t)d;
	}
	buf[n] = '\0';
	return n;
}

int
hostvote_time_cmp(const struct hostvote_time *a, const struct hostvote_time *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	return a->frac < b->frac ? -1 : a->frac > b->frac;
}

static i128
units(const struct hostvote_time *t)
{
	return (i128)t->sec * (i128)E19 + (i128)t->frac;
}

static struct hostvote_time
from_units(i128 u)
{
	struct hostvote_time t;
	i128 s = u / (i128)E19;

	if (u % (i128)E19 < 0)
		s--;
	t.sec = (int64_t)s;
	t.frac = (uint64_t)(u - s * (i128)E19);
	t.digits = 0;
	return t;
}

/* ---- one group's rule ---- */

static int
argmax(const double *v, int K)
{
	int k, b = 0;

	for (k = 1; k < K; k++)
		if (v[k] > v[b])
			b = k;
	return b;
}

void
hostvote_acc_add(struct hostvote_acc *a, enum hostvote_rule rule, const double *p, int K)
{
	int k;

	switch (rule) {
	case HOSTVOTE_MEAN:
		for (k = 0; k < K; k++)
			a->s[k] += p[k];
		break;
	case HOSTVOTE_VOTE:
		a->s[argmax(p, K)] += 1;
		break;
	case HOSTVOTE_LOGPROB:
		for (k = 0; k < K; k++)
			a->s[k] += log(p[k] > HOSTVOTE_LOG_FLOOR ? p[k] : HOSTVOTE_LOG_FLOOR);
		break;
	}
	a->n++;
}

void
hostvote_acc_decide(const struct hostvote_acc *a, enum hostvote_rule rule, int K,
    double min_confidence, struct hostvote_verdict *v, double *sc)
{
	double buf[64], *s = sc ? sc : K <= 64 ? buf : emalloc((size_t)K * sizeof *s);
	double n = (double)a->n, max, z = 0;
	int k, r = -1;

	if (rule == HOSTVOTE_LOGPROB) {
		max = a->s[argmax(a->s, K)];
		for (k = 0; k < K; k++)
			z += s[k] = exp(a->s[k] - max);
		for (k = 0; k < K; k++)
			s[k] /= z;
	} else
		for (k = 0; k < K; k++)
			s[k] = a->s[k] / n;
	v->best = argmax(s, K);
	v->confidence = s[v->best];
	v->verdict = v->confidence < min_confidence ? HOSTVOTE_UNKNOWN : v->best;
	for (k = 0; k < K; k++)
		if (k != v->verdict && (r < 0 || s[k] > s[r]))
			r = k;
	v->runner_up = r;
	v->runner_up_confidence = r >= 0 ? s[r] : 0;
	if (s != sc && s != buf)
		free(s);
}

/* ---- interned strings: ids in order of first appearance ----
 *
 * base/oatable compares fixed-size keys; a string is keyed by its 64-bit
 * hash and a salt, and the entry's value is the string's id. Two strings
 * with one hash (never seen, but possible) take salts 0, 1, ... so that
 * equal hashes never merge different strings. */

struct strs {
	struct oatable t;   /* key: struct skey, value: the id */
	char **s;           /* by id */
	size_t n, cap;
};

struct skey {
	uint64_t h, salt;
};

static void
strs_init(struct strs *x)
{
	memset(x, 0, sizeof *x);
	oatable_init(&x->t, sizeof(struct skey), sizeof(uint32_t));
}

/* The id of s, added if new (*added set). */
static size_t
strs_id(struct strs *x, const char *s, int *added)
{
	struct skey k = { hash_fnv1a64_str(s), 0 };
	uint32_t e, *id;

	for (;; k.salt++) {
		int r = oatable_add(&x->t, &k, k.salt ? hash_mix64(k.h, k.salt) : k.h, &e);

		if (r < 0)
			eprintf("out of memory: %zu distinct strings", x->n);
		id = oatable_val(&x->t, e);
		if (r == 0 && strcmp(x->s[*id], s) == 0) {
			*added = 0;
			return *id;
		}
		if (r == 1)
			break;
	}
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->s = ereallocarray(x->s, x->cap, sizeof *x->s);
	}
	*id = (uint32_t)x->n;
	x->s[x->n] = estrdup(s);
	*added = 1;
	return x->n++;
}

/* Forget every string (the id array stays for the next ones). */
static void
strs_clear(struct strs *x)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		free(x->s[i]);
	x->n = 0;
	oatable_free(&x->t);
}

static void
strs_free(struct strs *x)
{
	strs_clear(x);
	free(x->s);
}

/* ---- the table of groups ---- */

struct group {
	struct hostvote_acc acc;
	int has_time;
	struct hostvote_time first;     /* earliest time (without windows) */
	uint32_t *lab;                  /* label ids seen, in first-seen order */
	size_t *labn;                   /* and their counts */
	size_t nlab, labcap;
	int emitted;                    /* follow: a verdict was emitted */
	int last;                       /* follow: the verdict last emitted */
};

struct hostvote {
	struct hostvote_opts o;
	hostvote_emit_fn *emit;
	void *ctx;
	struct strs hosts;              /* the open groups' hosts; id = group */
	struct group *g;
	size_t gcap;
	struct strs labels;             /* every label seen */
	int open;                       /* windows: a window is open */
	i128 widx, wunits;              /* its index; the window length */
	size_t late, peak;
};

struct hostvote *
hostvote_new(const struct hostvote_opts *o, hostvote_emit_fn *emit, void *ctx)
{
	struct hostvote *h = ecalloc(1, sizeof *h);

	h->o = *o;
	h->emit = emit;
	h->ctx = ctx;
	strs_init(&h->hosts);
	strs_init(&h->labels);
	if (o->windowed)
		h->wunits = units(&o->window);
	return h;
}

static void
group_emit(struct hostvote *h, size_t id, const struct hostvote_verdict *v)
{
	struct group *g = &h->g[id];
	struct hostvote_row row;
	char start[HOSTVOTE_TIME_MAX];
	size_t i, best = 0;

	row.host = h->hosts.s[id];
	row.start = NULL;
	if (h->o.windowed) {
		struct hostvote_time t = from_units(h->widx * h->wunits);

		hostvote_time_str(start, &t);
		row.start = start;
	} else if (g->has_time) {
		hostvote_time_str(start, &g->first);
		row.start = start;
	}
	row.n = g->acc.n;
	row.v = *v;
	for (i = 1; i < g->nlab; i++)
		if (g->labn[i] > g->labn[best])
			best = i;
	row.label = g->nlab ? h->labels.s[g->lab[best]] : NULL;
	h->emit(h->ctx, &row);
}

static void
group_free(struct group *g)
{
	free(g->acc.s);
	free(g->lab);
	free(g->labn);
}

/* Emit every open group (unless following) in order, then forget them. */
static void
flush_groups(struct hostvote *h)
{
	struct hostvote_verdict v;
	size_t id;

	for (id = 0; id < h->hosts.n; id++) {
		struct group *g = &h->g[id];

		if (!h->o.follow && g->acc.n >= h->o.min_rows && g->acc.n > 0) {
			hostvote_acc_decide(&g->acc, h->o.rule, h->o.K, h->o.min_confidence,
			    &v, NULL);
			group_emit(h, id, &v);
		}
		group_free(g);
	}
	strs_clear(&h->hosts);
}

static struct group *
group_get(struct hostvote *h, const char *host, size_t *idp)
{
	struct group *g;
	int added;

	*idp = strs_id(&h->hosts, host, &added);
	if (!added)
		return &h->g[*idp];
	if (h->hosts.n > h->gcap) {
		h->gcap = h->hosts.cap;
		h->g = ereallocarray(h->g, h->gcap, sizeof *h->g);
	}
	if (h->hosts.n > h->peak)
		h->peak = h->hosts.n;
	g = &h->g[*idp];
	memset(g, 0, sizeof *g);
	g->acc.s = ecalloc((size_t)h->o.K, sizeof *g->acc.s);
	return g;
}

static void
count_label(struct hostvote *h, struct group *g, const char *label)
{
	uint32_t id;
	size_t i;
	int added;

	id = (uint32_t)strs_id(&h->labels, label, &added);
	for (i = 0; i < g->nlab; i++)
		if (g->lab[i] == id) {
			g->labn[i]++;
			return;
		}
	if (g->nlab == g->labcap) {
		g->labcap = g->labcap ? 2 * g->labcap : 2;
		g->lab = ereallocarray(g->lab, g->labcap, sizeof *g->lab);
		g->labn = ereallocarray(g->labn, g->labcap, sizeof *g->labn);
	}
	g->lab[g->nlab] = id;
	g->labn[g->nlab++] = 1;
}

/* Windows: move to t's window, writing the ones time has passed. */
static int
advance(struct hostvote *h, const struct hostvote_time *t)
{
	i128 u = units(t), q = u / h->wunits;

	if (u % h->wunits < 0)
		q--;
	if (!h->open) {
		h->open = 1;
		h->widx = q;
	} else if (q > h->widx) {
		flush_groups(h);
		h->widx = q;
	} else if (q < h->widx) {
		h->late++;
		return 1;
	}
	return 0;
}

int
hostvote_add(struct hostvote *h, const char *host, const struct hostvote_time *t,
    const char *label, const double *p)
{
	struct hostvote_verdict v;
	struct group *g;
	size_t id;
	int late = 0;

	if (h->o.windowed && t)
		late = advance(h, t);
	g = group_get(h, host, &id);
	if (t && (!g->has_time || hostvote_time_cmp(t, &g->first) < 0)) {
		g->first = *t;
		g->has_time = 1;
	}
	if (label && *label)
		count_label(h, g, label);
	hostvote_acc_add(&g->acc, h->o.rule, p, h->o.K);
	if (h->o.follow && g->acc.n >= h->o.min_rows) {
		hostvote_acc_decide(&g->acc, h->o.rule, h->o.K, h->o.min_confidence, &v, NULL);
		if (!g->emitted || g->last != v.verdict) {
			g->emitted = 1;
			g->last = v.verdict;
			group_emit(h, id, &v);
		}
	}
	return late;
}

void
hostvote_grow(struct hostvote *h, int K)
{
	size_t id;
	int k;

	for (id = 0; id < h->hosts.n; id++) {
		struct hostvote_acc *a = &h->g[id].acc;
		double z = 0;
		size_t i;

		/* the rows so far gave the new classes probability 0: logprob
		 * adds the floor's log for each, in row order as it would have */
		for (i = 0; h->o.rule == HOSTVOTE_LOGPROB && i < a->n; i++)
			z += log(HOSTVOTE_LOG_FLOOR);
		a->s = ereallocarray(a->s, (size_t)K, sizeof *a->s);
		for (k = h->o.K; k < K; k++)
			a->s[k] = z;
	}
	h->o.K = K;
}

void
hostvote_finish(struct hostvote *h)
{
	flush_groups(h);
	h->open = 0;
}

size_t
hostvote_late(const struct hostvote *h)
{
	return h->late;
}

size_t
hostvote_peak_groups(const struct hostvote *h)
{
	return h->peak;
}

void
hostvote_free(struct hostvote *h)
{
	size_t id;

	if (!h)
		return;
	for (id = 0; id < h->hosts.n; id++)
		group_free(&h->g[id]);
	strs_free(&h->hosts);
	strs_free(&h->labels);
	free(h->g);
	free(h);
}
