/* batchread.h: the packets of one or more captures (packet/capmerge),
 * each with its flowrec_prepare, read on this thread or, when it pays,
 * with a second thread reading ahead.
 *
 * With a second thread (capmerge_stable: the packet bytes stay valid until
 * capture_close, a mapped file or memory) that thread runs capmerge_next
 * ahead, BATCHREAD_BATCH packets at a time, and prepares every other
 * batch, while the caller's thread prepares the others as it takes their
 * packets: the preparations are the same whoever makes them, so the
 * output is too. The split is fixed rather than "whoever is idle takes a
 * batch" because the caller, always waiting for the newest batch, then
 * ends up preparing nearly all of them. Comments do not stay valid, so a
 * caller that reads them must not ask for the thread. */
#ifndef OSFP_BATCHREAD_H
#define OSFP_BATCHREAD_H

#include <pthread.h>
#include <stddef.h>

#include "packet/capmerge.h"
#include "packet/capture.h"
#include "packet/flowrec.h"

enum { BATCHREAD_BATCH = 512, BATCHREAD_NBATCH = 4 };

struct batchread_batch {
	struct capture_packet v[BATCHREAD_BATCH];
	struct flowrec_prep q[BATCHREAD_BATCH];
	int prepared;           /* by the reader thread: the odd batches */
	size_t n;
	int rc;                 /* capmerge_next's result after v[n-1]: 1, 0 or -1 */
};

/* Opaque but for batchread_next's inline part. */
struct batchread {
	struct capmerge *m;
	int threaded;
	struct flowrec_opts o;
	struct capture_packet onep;     /* without a thread: the packet */
	struct flowrec_prep one;        /* and its preparation */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batchread_batch *b;      /* a ring of BATCHREAD_NBATCH */
	size_t filled;          /* batches filled by the reader */
	size_t used;            /* batches given back by the consumer */
	int quit;               /* batchread_stop: the reader thread ends */
	struct batchread_batch *cur;    /* the batch being consumed */
	size_t i;
};

/* Whether to use a second thread for -j want (1 or 2; 0: automatic, i.e.
 * when there are two CPUs). The second thread costs CPU time (batches cross
 * between the CPUs' caches) for less wall time; on one CPU it would only
 * cost, so never there. */
int batchread_threads(int want);

/* Start reading m. may_thread: use a second thread if m allows it (and
 * the thread can be made). Exits when out of memory. */
struct batchread *batchread_start(struct capmerge *m, int may_thread,
    const struct flowrec_opts *o);
/* The next packet and its preparation (*p and *q valid until the next
 * call): 1, or capmerge_next's 0 (end) or -1 (error). */
int batchread_next_(struct batchread *s, const struct capture_packet **p,
    const struct flowrec_prep **q);
static inline int
batchread_next(struct batchread *s, const struct capture_packet **p,
    const struct flowrec_prep **q)
{
	if (!s->threaded) {
		int rc = capmerge_next(s->m, &s->onep);

		if (rc == 1)
			flowrec_prepare(&s->onep, &s->o, &s->one);
		*p = &s->onep;
		*q = &s->one;
		return rc;
	}
	if (s->cur && s->i < s->cur->n) {      /* the next packet of a batch */
		size_t i = s->i++;

		if (!s->cur->prepared)
			flowrec_prepare(&s->cur->v[i], &s->o, &s->cur->q[i]);
		*q = &s->cur->q[i];
		*p = &s->cur->v[i];
		return 1;
	}
	return batchread_next_(s, p, q);
}
/* The end of reading: after batchread_next returned 0 or -1, or earlier
 * (the caller stops: the thread, if any, is told to end). */
void batchread_stop(struct batchread *s);

#endif
