/* batchread.c: see batchread.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "packet/batchread.h"

enum { BATCH = BATCHREAD_BATCH, NBATCH = BATCHREAD_NBATCH };

static void *
reader_main(void *arg)
{
	struct batchread *s = arg;
	int rc = 1;

	while (rc == 1) {
		struct batchread_batch *b;

		pthread_mutex_lock(&s->mu);
		while (s->filled - s->used == NBATCH && !s->quit)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->quit) {
			pthread_mutex_unlock(&s->mu);
			break;
		}
		b = &s->b[s->filled % NBATCH];
		pthread_mutex_unlock(&s->mu);
		b->n = 0;
		while (b->n < BATCH && (rc = capmerge_next(s->m, &b->v[b->n])) == 1)
			b->n++;
		b->rc = rc;
		b->prepared = (s->filled & 1) != 0;
		if (b->prepared)
			for (size_t i = 0; i < b->n; i++)
				flowrec_prepare(&b->v[i], &s->o, &b->q[i]);
		pthread_mutex_lock(&s->mu);
		s->filled++;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

int
batchread_threads(int want)
{
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return 0;
	return want ? want > 1 : 1;
}

struct batchread *
batchread_start(struct capmerge *m, int may_thread, const struct flowrec_opts *o)
{
	struct batchread *s = ecalloc(1, sizeof *s);

	s->m = m;
	s->o = *o;
	if (!may_thread || !capmerge_stable(m))
		return s;
	s->b = emalloc(NBATCH * sizeof *s->b);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->th, NULL, reader_main, s) != 0) {
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		free(s->b);
		s->b = NULL;
		return s;       /* no thread: read on this one */
	}
	s->threaded = 1;
	return s;
}

/* batchread_next at the end of a batch. */
int
batchread_next_(struct batchread *s, const struct capture_packet **p,
    const struct flowrec_prep **q)
{
	for (;;) {
		if (s->cur && s->i < s->cur->n) {
			size_t i = s->i++;

			if (!s->cur->prepared)
				flowrec_prepare(&s->cur->v[i], &s->o, &s->cur->q[i]);
			*q = &s->cur->q[i];
			*p = &s->cur->v[i];
			return 1;
		}
		if (s->cur && s->cur->rc != 1)
			return s->cur->rc;
		pthread_mutex_lock(&s->mu);
		if (s->cur) {           /* give the finished batch back */
			s->used++;
			pthread_cond_broadcast(&s->cv);
		}
		while (s->filled == s->used)
			pthread_cond_wait(&s->cv, &s->mu);
		s->cur = &s->b[s->used % NBATCH];
		s->i = 0;
		pthread_mutex_unlock(&s->mu);
	}
}

void
batchread_stop(struct batchread *s)
{
	if (s->threaded) {
		pthread_mutex_lock(&s->mu);     /* the caller may stop early */
		s->quit = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
		pthread_mutex_destroy(&s->mu);
		pthread_cond_destroy(&s->cv);
		free(s->b);
	}
	free(s);
}
