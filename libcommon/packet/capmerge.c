/* capmerge.c: see capmerge.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/msg.h"
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

/* Open one capture of capmerge_open. */
static int
open_one(struct capmerge_in *c, const char *path, const struct capture_options *co,
    char **err)
{
	char buf[512];
	struct stat st;

	if (!path || strcmp(path, "-") == 0) {
		c->name = "<stdin>";
		c->f = stdin;
	} else if (!(c->f = fopen(c->name = path, "rb"))) {
		msg_format(buf, sizeof buf, "'%s': cannot open: %s", path, strerror(errno));
		*err = estrdup(buf);
		return -1;
	}
	/* fopen opens a directory, and the reader would call it a read error */
	if (fstat(fileno(c->f), &st) == 0 && S_ISDIR(st.st_mode)) {
		msg_format(buf, sizeof buf, "'%s': is a directory", c->name);
		*err = estrdup(buf);
		return -1;
	}
	return (c->r = capture_open(c->f, c->name, co, err)) ? 0 : -1;
}

int
capmerge_open(struct capmerge *m, char *const *path, size_t n,
    const struct capture_options *co, char **err)
{
	size_t i, len = 1;

	memset(m, 0, sizeof *m);
	m->in = ecalloc(n, sizeof *m->in);
	m->n = m->last = n;
	m->own = 1;
	for (i = 0; i < n; i++) {
		if (open_one(&m->in[i], path[i], co, err) < 0) {
			capmerge_free(m);
			return -1;
		}
		len += strlen(m->in[i].name) + 2;
	}
	m->shown = ecalloc(1, len);
	for (i = 0; i < n; i++)
		strcat(strcat(m->shown, i ? ", " : ""), m->in[i].name);
	return 0;
}

int
capmerge_filter(struct capmerge *m, const char *expr, const char **err)
{
	size_t i;

	if (!(m->filter = pktfilter_new(expr))) {
		*err = "out of memory";
		return -1;
	}
	for (i = 0; i < m->n; i++)
		if (pktfilter_compile(m->filter, capture_linktype(m->in[i].r)) < 0) {
			*err = pktfilter_error(m->filter);
			return -1;
		}
	return 0;
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

/* The next packet in time order. */
static int
merge_next(struct capmerge *m, struct capture_packet *p)
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
capmerge_next_(struct capmerge *m, struct capture_packet *p)
{
	int rc, pass;

	for (;;) {
		rc = m->n == 1 ? capture_next(m->in[0].r, p) : merge_next(m, p);
		if (rc != 1 || !m->filter || (pass = pktfilter_match(m->filter, p)) == 1)
			return rc;
		if (pass < 0) {
			size_t i = CAPMERGE_CAPTURE(p->ordinal);
			char buf[512];

			msg_format(buf, sizeof buf, "'%s': packet %llu: the filter expression does "
			    "not apply to link type %d: %s", m->in[i].name ? m->in[i].name : "?",
			    (unsigned long long)CAPMERGE_OWN(p->ordinal), p->linktype,
			    pktfilter_error(m->filter));
			m->failed = i;
			m->err = estrdup(buf);
			return -1;
		}
		m->filtered++;
	}
}

const char *
capmerge_error(const struct capmerge *m)
{
	return m->err ? m->err : capture_error(m->in[m->failed].r);
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

int
capmerge_interrupted(const struct capmerge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (capture_interrupted(m->in[i].r))
			return 1;
	return 0;
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
	size_t i;

	for (i = 0; m->own && i < m->n; i++) {
		if (m->in[i].r)
			capture_close(m->in[i].r);
		if (m->in[i].f && m->in[i].f != stdin)
			fclose(m->in[i].f);
	}
	free(m->in);
	free(m->offset);
	free(m->shown);
	free(m->err);
	pktfilter_free(m->filter);
	memset(m, 0, sizeof *m);
}
