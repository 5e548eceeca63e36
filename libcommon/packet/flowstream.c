/* flowstream.c: netml's flow splitting, one packet at a time
 * (flowstream.h has the rules and why they are exact).
 *
 * Keys live in an oatable; each key's undecided records form one chain in
 * a pool of fixed-size slots: first its held pieces (pieces of a later
 * timeout piece waiting for the next one to start), then its current
 * interval piece. Held pieces are told apart by a mark on their first
 * record. Each key is on one of three lists, by the state of its pieces:
 *   OPEN   its current interval piece can still grow,
 *   IDLE   that piece ended (idle > interval); the timeout piece goes on,
 *   ENDED  its timeout piece ended (idle > timeout).
 * A key moves to the tail of OPEN on each packet, stamped with the clock
 * then (ca); a list is in ca order, so the clock ends pieces from the
 * heads and stops at the first key that has not been idle long enough.
 * Testing clock - ca rather than clock - (last key) ends some pieces a
 * little later than they could be (a piece's first key is its grid
 * start, before its packet), never earlier: last key <= ca. */
#include <stdlib.h>
#include <string.h>

#include "base/oatable.h"
#include "packet/flows.h"
#include "packet/flowstream.h"

#define NIL UINT32_MAX
#define MARK 0x80000000u     /* in a slot's prev: the record opens a held piece */
#define MAXSLOTS 0x7fffffffu

enum { L_OPEN, L_IDLE, L_ENDED, NLIST };

/* The current interval piece: C_OPEN can grow, its records are all in
 * the chain from cur; C_PENDING ended by the clock, kept only if another
 * interval piece of its timeout piece follows, its records in the chain
 * only if there are enough to pass the filter; C_NONE: decided. */
enum { C_NONE, C_OPEN, C_PENDING };

struct kstate {
	double S;            /* grid start of the current interval piece */
	double lastkey;      /* netml's key of its last packet */
	double lastreal;     /* time of the last packet of the timeout piece */
	double ca;           /* the clock when the key last took a packet */
	uint32_t head, tail; /* the chain of undecided records */
	uint32_t cur;        /* first record of the current piece in it, or NIL */
	uint32_t cur_n;      /* packets of the current piece */
	uint32_t lprev, lnext;  /* list links (key ids) */
	uint8_t list;        /* L_* */
	uint8_t cstate;      /* C_* */
	uint8_t tfirst;      /* the timeout piece is the key's first */
	uint8_t ifirst;      /* the interval piece is its timeout piece's first */
};

struct slot {
	double t;
	uint32_t next;
	uint32_t prev;       /* | MARK */
};

struct flowstream {
	struct flowstream_opts o;
	int has_iv, has_to;
	long thres2;         /* min_packets (>= 1): the one filter */
	double thr_open;     /* the smaller of interval and timeout in use */
	size_t keysize, infosize, recsize, slotsize;
	struct oatable tab;
	unsigned char *pool;
	size_t npool, cappool;
	uint32_t freeslot;
	unsigned char *scratch;
	size_t capscratch;
	uint32_t lhead[NLIST], ltail[NLIST];
	double clock;
	int have_clock;
	flowstream_emit_fn emit;
	flowstream_drop_fn drop;
	void *arg;
	/* the packet held back by the future guard (flowstream_packet) */
	int pend;
	double pend_t;
	uint64_t pend_hash;
	unsigned char *pend_buf;        /* key, info, record */
	const char *err;
	struct flowstream_stats st;
};

static inline struct kstate *
KS(const struct flowstream *fs, uint32_t id)
{
	return oatable_val(&fs->tab, id);
}

/* The caller's info of key id: after its kstate. */
static inline const void *
INFO(const struct flowstream *fs, uint32_t id)
{
	return KS(fs, id) + 1;
}

/* Bytes allocated now: the key table, the record pool, the scratch. */
static void
note_mem(struct flowstream *fs)
{
	size_t b = fs->tab.capid * fs->tab.entsize + fs->tab.nslot * sizeof *fs->tab.slot +
	    fs->cappool * fs->slotsize + fs->capscratch;

	fs->st.bytes = b;
	if (b > fs->st.peak_bytes)
		fs->st.peak_bytes = b;
}

/* ---- record slots ---------------------------------------------------- */

static inline struct slot *
SL(const struct flowstream *fs, uint32_t i)
{
	return (struct slot *)(void *)(fs->pool + (size_t)i * fs->slotsize);
}

static inline uint32_t
prev_of(const struct flowstream *fs, uint32_t i)
{
	uint32_t p = SL(fs, i)->prev & ~MARK;

	return p == (NIL & ~MARK) ? NIL : p;
}

static inline void
set_prev(struct flowstream *fs, uint32_t i, uint32_t p)
{
	SL(fs, i)->prev = (SL(fs, i)->prev & MARK) | (p & ~MARK);
}

static uint32_t
slot_new(struct flowstream *fs, double t, const void *rec)
{
	uint32_t i;
	struct slot *s;

	if (fs->freeslot != NIL) {
		i = fs->freeslot;
		fs->freeslot = SL(fs, i)->next;
	} else {
		if (fs->npool >= MAXSLOTS) {
			fs->err = "more than 2^31 packets held";
			return NIL;
		}
		if (fs->npool == fs->cappool) {
			size_t nc = fs->cappool ? fs->cappool * 2 : 1024;
			unsigned char *p = realloc(fs->pool, nc * fs->slotsize);

			if (!p) {
				fs->err = "out of memory";
				return NIL;
			}
			fs->pool = p;
			fs->cappool = nc;
			note_mem(fs);
		}
		i = (uint32_t)fs->npool++;
	}
	s = SL(fs, i);
	s->t = t;
	s->next = NIL;
	s->prev = NIL & ~MARK;
	memcpy(s + 1, rec, fs->recsize);
	if (++fs->st.held > fs->st.peak_held)
		fs->st.peak_held = fs->st.held;
	return i;
}

static void
slot_free(struct flowstream *fs, uint32_t i)
{
	SL(fs, i)->next = fs->freeslot;
	fs->freeslot = i;
	fs->st.held--;
}

/* Link slot i into k's chain after slot a (NIL: at the head). */
static void
chain_insert(struct flowstream *fs, struct kstate *k, uint32_t a, uint32_t i)
{
	uint32_t b = a == NIL ? k->head : SL(fs, a)->next;

	SL(fs, i)->next = b;
	set_prev(fs, i, a);
	if (a == NIL)
		k->head = i;
	else
		SL(fs, a)->next = i;
	if (b == NIL)
		k->tail = i;
	else
		set_prev(fs, b, i);
}

/* Unlink the n records from slot first on; hand them to emit as a flow
 * of key id when emit_it; free them. */
static int
chain_take(struct flowstream *fs, struct kstate *k, uint32_t id,
    uint32_t first, uint32_t n, int emit_it)
{
	uint32_t a = prev_of(fs, first), i = first, j, b;
	int rc = 0;

	if (emit_it && (size_t)n * fs->recsize > fs->capscratch) {
		size_t nc = (size_t)n * fs->recsize * 2;
		unsigned char *p = realloc(fs->scratch, nc);

		if (!p) {
			fs->err = "out of memory";
			return -1;
		}
		fs->scratch = p;
		fs->capscratch = nc;
		note_mem(fs);
	}
	for (j = 0; j < n; j++) {
		b = SL(fs, i)->next;
		if (emit_it)
			memcpy(fs->scratch + (size_t)j * fs->recsize, SL(fs, i) + 1, fs->recsize);
		else if (fs->drop)
			fs->drop(fs->arg, SL(fs, i) + 1);
		slot_free(fs, i);
		i = b;
	}
	if (a == NIL)
		k->head = i;
	else
		SL(fs, a)->next = i;
	if (i == NIL)
		k->tail = a;
	else
		set_prev(fs, i, a);
	if (emit_it) {
		fs->st.flows++;
		fs->st.flow_packets += n;
		if (fs->emit(fs->arg, oatable_key(&fs->tab, id), INFO(fs, id), fs->scratch, n)) {
			fs->err = "flow output failed";
			rc = -1;
		}
	}
	return rc;
}

/* ---- lists ----------------------------------------------------------- */

static void
list_unlink(struct flowstream *fs, uint32_t id)
{
	struct kstate *k = KS(fs, id);

	if (k->list == L_OPEN)
		fs->st.open--;
	if (k->lprev == NIL)
		fs->lhead[k->list] = k->lnext;
	else
		KS(fs, k->lprev)->lnext = k->lnext;
	if (k->lnext == NIL)
		fs->ltail[k->list] = k->lprev;
	else
		KS(fs, k->lnext)->lprev = k->lprev;
}

static void
list_append(struct flowstream *fs, uint32_t id, int l)
{
	struct kstate *k = KS(fs, id);

	k->list = (uint8_t)l;
	if (l == L_OPEN && ++fs->st.open > fs->st.peak_open)
		fs->st.peak_open = fs->st.open;
	k->lnext = NIL;
	k->lprev = fs->ltail[l];
	if (fs->ltail[l] == NIL)
		fs->lhead[l] = id;
	else
		KS(fs, fs->ltail[l])->lnext = id;
	fs->ltail[l] = id;
}

static void
list_move(struct flowstream *fs, uint32_t id, int l)
{
	list_unlink(fs, id);
	list_append(fs, id, l);
}

/* ---- deciding pieces ------------------------------------------------- */

/* The current interval piece is complete; kept: it survives netml's
 * last-piece rule within its timeout piece. If it also passes the filter
 * it is written now when its timeout piece is known to be kept (the
 * key's first, or keep_last), else held until that is known. */
static int
decide_cur(struct flowstream *fs, uint32_t id, int kept)
{
	struct kstate *k = KS(fs, id);
	int rc = 0;

	if (kept && (long)k->cur_n >= fs->thres2 && k->cur != NIL) {
		if (k->tfirst || fs->o.keep_last)
			rc = chain_take(fs, k, id, k->cur, k->cur_n, 1);
		else
			SL(fs, k->cur)->prev |= MARK;
	} else if (k->cur != NIL)
		rc = chain_take(fs, k, id, k->cur, k->cur_n, 0);
	k->cur = NIL;
	k->cur_n = 0;
	k->cstate = C_NONE;
	return rc;
}

/* The clock ended the current interval piece; the timeout piece goes on. */
static int
end_interval(struct flowstream *fs, uint32_t id)
{
	struct kstate *k = KS(fs, id);

	if (k->ifirst || fs->o.keep_last)
		return decide_cur(fs, id, 1);
	k->cstate = C_PENDING;
	if ((long)k->cur_n < fs->thres2 && k->cur != NIL) {
		uint32_t c = k->cur;

		k->cur = NIL;
		return chain_take(fs, k, id, c, k->cur_n, 0);
	}
	return 0;
}

/* The timeout piece ended: its current interval piece is its last. */
static int
end_timeout(struct flowstream *fs, uint32_t id)
{
	struct kstate *k = KS(fs, id);

	if (k->cstate == C_NONE)
		return 0;
	return decide_cur(fs, id, k->ifirst || fs->o.keep_last);
}

/* The held pieces (of an ended timeout piece that is not the key's first):
 * written when another timeout piece followed, else dropped. */
static int
resolve_held(struct flowstream *fs, uint32_t id, int kept)
{
	struct kstate *k = KS(fs, id);

	while (k->head != NIL && k->head != k->cur) {
		uint32_t n = 1, i = SL(fs, k->head)->next;

		while (i != NIL && i != k->cur && !(SL(fs, i)->prev & MARK)) {
			n++;
			i = SL(fs, i)->next;
		}
		if (chain_take(fs, k, id, k->head, n, kept) < 0)
			return -1;
	}
	return 0;
}

/* Decide everything of key id as at the end of input, and forget it. */
static int
key_finish(struct flowstream *fs, uint32_t id)
{
	struct kstate *k = KS(fs, id);

	if (k->list != L_ENDED && end_timeout(fs, id) < 0)
		return -1;
	if (resolve_held(fs, id, 0) < 0)
		return -1;
	list_unlink(fs, id);
	oatable_del(&fs->tab, id);
	return 0;
}

/* The clock moved to c: end the pieces it ends. */
static int
sweep(struct flowstream *fs, double c)
{
	uint32_t id;

	if (!fs->has_iv && !fs->has_to)
		return 0;
	/* IDLE first: every key it ends came before any OPEN ends, so
	 * ENDED stays in ca order too (the order of eviction) */
	if (fs->has_to)
		while ((id = fs->lhead[L_IDLE]) != NIL && c - KS(fs, id)->ca > fs->o.timeout) {
			if (end_timeout(fs, id) < 0)
				return -1;
			list_move(fs, id, L_ENDED);
		}
	while ((id = fs->lhead[L_OPEN]) != NIL && c - KS(fs, id)->ca > fs->thr_open) {
		if (fs->has_to && c - KS(fs, id)->ca > fs->o.timeout) {
			if (end_timeout(fs, id) < 0)
				return -1;
			list_move(fs, id, L_ENDED);
		} else {
			if (end_interval(fs, id) < 0)
				return -1;
			list_move(fs, id, L_IDLE);
		}
	}
	return 0;
}

/* Make room for one more key under the cap. */
static int
evict_one(struct flowstream *fs)
{
	int l;

	for (l = L_ENDED; l >= L_OPEN; l--)
		if (fs->lhead[l] != NIL)
			break;
	if (l < L_OPEN)
		return 0;
	if (l == L_ENDED)
		fs->st.evicted_ended++;
	else if (l == L_IDLE)
		fs->st.evicted_idle++;
	else
		fs->st.evicted_active++;
	return key_finish(fs, fs->lhead[l]);
}

/* ---- packets --------------------------------------------------------- */

/* k's current piece becomes a new one holding just record r. */
static void
start_piece(struct flowstream *fs, struct kstate *k, uint32_t r)
{
	chain_insert(fs, k, k->tail, r);
	k->cur = r;
	k->cur_n = 1;
	k->cstate = C_OPEN;
}

/* A packet older than its key's last packet (flowstream.h's rule).
 * Returns 1 if it joined the open piece, 0 if it was dropped as late. */
static int
packet_back(struct flowstream *fs, struct kstate *k, double t, uint32_t r)
{
	uint32_t a;
	double t0;

	t0 = k->cstate == C_OPEN ? SL(fs, k->cur)->t : 0;
	if (k->cstate == C_OPEN && t >= t0) {
		/* after every record of time <= t: stable */
		for (a = k->tail; SL(fs, a)->t > t; a = prev_of(fs, a))
			;
		chain_insert(fs, k, a, r);
		k->cur_n++;
		fs->st.reordered++;
		return 1;
	} else if (k->cstate == C_OPEN && k->tfirst && k->ifirst && t < t0 &&
	    !(fs->has_iv && t0 - t > fs->o.interval) &&
	    !(fs->has_to && flows_timeout_split(t0, t, fs->o.timeout))) {
		/* the key's first packet after all: the grid starts here */
		chain_insert(fs, k, NIL, r);
		k->cur = r;
		k->cur_n++;
		k->S = t;
		fs->st.reordered++;
		return 1;
	}
	if (fs->drop)
		fs->drop(fs->arg, SL(fs, r) + 1);
	slot_free(fs, r);
	fs->st.late++;
	return 0;
}

/* A packet not older than its key's last packet. */
static int
packet_fwd(struct flowstream *fs, uint32_t id, double t, uint32_t r)
{
	struct kstate *k = KS(fs, id);
	double S = k->S, last = k->lastkey;
	int split = 0;

	if (fs->has_to) {
		split = flows_timeout_split(t, k->lastreal, fs->o.timeout);
		if (!split && k->list == L_ENDED) {
			split = 1;
			fs->st.late_split++;
		}
	}
	if (split) {
		/* a new timeout piece: the previous one was not the last */
		if (k->list != L_ENDED && end_timeout(fs, id) < 0)
			return -1;
		if (resolve_held(fs, id, 1) < 0)
			return -1;
		k->tfirst = 0;
		k->ifirst = 1;
		k->S = k->lastkey = t;
	} else if (fs->has_iv) {
		split = flows_interval_step(t, fs->o.interval, &S, &last);
		if (!split && k->cstate != C_OPEN) {
			S = last = flows_grid(S, t, fs->o.interval);
			split = 1;
			fs->st.late_split++;
		}
		k->S = S;
		k->lastkey = last;
		if (split) {
			/* a new interval piece: the previous one was not the last */
			if (k->cstate != C_NONE && decide_cur(fs, id, 1) < 0)
				return -1;
			k->ifirst = 0;
		}
	}
	k->lastreal = t;
	if (split)
		start_piece(fs, k, r);
	else {
		chain_insert(fs, k, k->tail, r);
		k->cur_n++;
	}
	return 0;
}

/* flowstream_packet past the future guard. */
static int
packet_take(struct flowstream *fs, const void *key, uint64_t hash, const void *info, double t,
    const void *rec)
{
	uint32_t id, r;
	struct kstate *k;

	if (!fs->have_clock || t > fs->clock) {
		fs->clock = t;
		fs->have_clock = 1;
		if (sweep(fs, t) < 0)
			return -1;
	}
	if ((r = slot_new(fs, t, rec)) == NIL)
		return -1;
	if ((id = oatable_find(&fs->tab, key, hash)) == OATABLE_NONE) {
		if (fs->tab.n >= fs->st.max_keys && evict_one(fs) < 0)
			return -1;
		if (oatable_add(&fs->tab, key, hash, &id) < 0) {
			if (fs->drop)
				fs->drop(fs->arg, rec);
			slot_free(fs, r);
			fs->err = "out of memory";
			return -1;
		}
		k = KS(fs, id);
		if (fs->infosize)
			memcpy(k + 1, info, fs->infosize);
		k->head = k->tail = k->cur = NIL;
		k->tfirst = k->ifirst = 1;
		k->S = k->lastkey = k->lastreal = t;
		start_piece(fs, k, r);
		list_append(fs, id, L_OPEN);
		if (fs->tab.n > fs->st.peak_keys) {
			fs->st.peak_keys = fs->tab.n;
			note_mem(fs);
		}
	} else {
		k = KS(fs, id);
		if (!(t >= k->lastreal)) {
			if (!packet_back(fs, k, t, r))
				return 0;   /* late: the key is as it was */
		} else if (packet_fwd(fs, id, t, r) < 0)
			return -1;
		list_move(fs, id, L_OPEN);
	}
	KS(fs, id)->ca = fs->clock;
	return 0;
}

/* The packet held back by the future guard, taken. */
static int
pend_take(struct flowstream *fs)
{
	unsigned char *b = fs->pend_buf;

	fs->pend = 0;
	return packet_take(fs, b, fs->pend_hash, fs->infosize ? b + fs->keysize : NULL,
	    fs->pend_t, b + fs->keysize + fs->infosize);
}

int
flowstream_packet(struct flowstream *fs, const void *key, uint64_t hash,
    const void *info, double t, const void *rec)
{
	double g = fs->o.future;

	fs->st.packets++;
	if (!(g > 0))
		return packet_take(fs, key, hash, info, t, rec);
	if (fs->pend) {
		if (fs->pend_t - t > g) {
			/* the packet after it went back: it came from the future */
			fs->pend = 0;
			fs->st.future++;
			if (fs->drop)
				fs->drop(fs->arg, fs->pend_buf + fs->keysize + fs->infosize);
		} else if (pend_take(fs) < 0)
			return -1;
	}
	if (fs->have_clock && !(t - fs->clock > g))
		return packet_take(fs, key, hash, info, t, rec);
	/* the first packet, or far ahead of the clock: held for one packet */
	memcpy(fs->pend_buf, key, fs->keysize);
	if (fs->infosize)
		memcpy(fs->pend_buf + fs->keysize, info, fs->infosize);
	memcpy(fs->pend_buf + fs->keysize + fs->infosize, rec, fs->recsize);
	fs->pend_hash = hash;
	fs->pend_t = t;
	fs->pend = 1;
	return 0;
}

int
flowstream_finish(struct flowstream *fs)
{
	int l;

	if (fs->pend && pend_take(fs) < 0)
		return -1;
	for (l = 0; l < NLIST; l++)
		while (fs->lhead[l] != NIL)
			if (key_finish(fs, fs->lhead[l]) < 0)
				return -1;
	fs->have_clock = 0;
	return 0;
}

struct flowstream *
flowstream_new(size_t keysize, size_t infosize, size_t recsize,
    const struct flowstream_opts *o, flowstream_emit_fn emit, void *arg)
{
	struct flowstream *fs = calloc(1, sizeof *fs);
	int l;

	if (!fs)
		return NULL;
	fs->o = *o;
	fs->has_iv = o->interval > 0;
	fs->has_to = o->timeout > 0;
	fs->thr_open = fs->has_iv && (!fs->has_to || o->interval < o->timeout) ?
	    o->interval : o->timeout;
	fs->thres2 = o->min_packets > 1 ? o->min_packets : 1;
	fs->keysize = keysize;
	fs->infosize = infosize;
	fs->recsize = recsize;
	fs->slotsize = (sizeof(struct slot) + recsize + 7) & ~(size_t)7;
	oatable_init(&fs->tab, keysize, sizeof(struct kstate) + infosize);
	fs->freeslot = NIL;
	for (l = 0; l < NLIST; l++)
		fs->lhead[l] = fs->ltail[l] = NIL;
	fs->emit = emit;
	fs->arg = arg;
	if (o->future > 0 &&
	    !(fs->pend_buf = malloc(keysize + infosize + recsize))) {
		free(fs);
		return NULL;
	}
	fs->st.max_keys = o->max_keys ? o->max_keys :
	    FLOWSTREAM_MEM / oatable_bytes_per_entry(keysize, sizeof(struct kstate) + infosize);
	if (fs->st.max_keys < 1)
		fs->st.max_keys = 1;
	fs->err = "";
	return fs;
}

const char *
flowstream_error(const struct flowstream *fs)
{
	return fs->err;
}

void
flowstream_stats(const struct flowstream *fs, struct flowstream_stats *st)
{
	*st = fs->st;
	st->keys = fs->tab.n;
}

void
flowstream_on_drop(struct flowstream *fs, flowstream_drop_fn drop)
{
	fs->drop = drop;
}

void
flowstream_free(struct flowstream *fs)
{
	uint32_t id, i;
	int l;

	if (!fs)
		return;
	for (l = 0; fs->drop && l < NLIST; l++)        /* records still held */
		for (id = fs->lhead[l]; id != NIL; id = KS(fs, id)->lnext)
			for (i = KS(fs, id)->head; i != NIL; i = SL(fs, i)->next)
				fs->drop(fs->arg, SL(fs, i) + 1);
	if (fs->drop && fs->pend)
		fs->drop(fs->arg, fs->pend_buf + fs->keysize + fs->infosize);
	free(fs->pend_buf);
	oatable_free(&fs->tab);
	free(fs->pool);
	free(fs->scratch);
	free(fs);
}
