/* capmerge.c: see capmerge.h. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "packet/capmerge.h"

void
capmerge_init(struct capmerge *m, struct capture_reader *const *r, size_t n)
{
	size_t i;

	memset(m, 0, sizeof *m);
	m->in = ecalloc(n, sizeof *m->in);
	m->n = n;
	for (i = 0; i < n; i++)
		m->in[i].r = r[i];
	m->last = n;            /* none handed out yet */
}

/* a earlier than b: an exact comparison of the decimal times. */
static int
earlier(const struct capture_packet *a, const struct capture_packet *b)
{
	if (!a->has_time || !b->has_time)
		return !a->has_time && b->has_time;
	if (a->time.sec != b->time.sec)
		return a->time.sec < b->time.sec;
	return capture_time_frac19(&a->time) < capture_time_frac19(&b->time);
}

/* Read capture i's next packet into its head: 0, or -1 on a failure. */
static int
fill(struct capmerge *m, size_t i)
{
	struct capmerge_in *c = &m->in[i];
	int rc;

	c->have = 0;
	if (c->done)
		return 0;
	if ((rc = capture_next(c->r, &c->head)) < 0) {
		m->failed = i;
		return -1;
	}
	if (rc == 0) {
		c->done = 1;
		return 0;
	}
	c->npackets = c->head.ordinal;
	c->head.ordinal = CAPMERGE_ORDINAL(i, c->head.ordinal);
	c->have = 1;
	return 0;
}

int
capmerge_next_(struct capmerge *m, struct capture_packet *p)
{
	size_t i, best = m->n;

	if (m->last == m->n) {          /* the first call: every head */
		for (i = 0; i < m->n; i++)
			if (fill(m, i) < 0)
				return -1;
	} else if (fill(m, m->last) < 0)    /* the head handed out last time */
		return -1;
	for (i = 0; i < m->n; i++)
		if (m->in[i].have && (best == m->n || earlier(&m->in[i].head, &m->in[best].head)))
			best = i;
	if (best == m->n)
		return 0;
	m->last = best;
	*p = m->in[best].head;
	return 1;
}

int
capmerge_stable(const struct capmerge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!capture_stable(m->in[i].r))
			return 0;
	return 1;
}

uint64_t
capmerge_ordinal(struct capmerge *m, uint64_t composite)
{
	size_t i;

	if (m->n == 1)
		return composite;
	if (!m->offset) {
		m->offset = ecalloc(m->n, sizeof *m->offset);
		for (i = 1; i < m->n; i++)
			m->offset[i] = m->offset[i - 1] + m->in[i - 1].npackets;
	}
	i = CAPMERGE_CAPTURE(composite);
	return (i < m->n ? m->offset[i] : 0) + CAPMERGE_OWN(composite);
}

void
capmerge_free(struct capmerge *m)
{
	free(m->in);
	free(m->offset);
	memset(m, 0, sizeof *m);
}
