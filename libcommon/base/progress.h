/* progress.h: a progress line on stderr for long runs, only when stderr is
 * a terminal (OSFP_PROGRESS=1 forces it on, =0 off), so logs and pipes stay
 * clean. Cheap to call per record: it looks at the clock every 64k ticks. */
#ifndef OSFP_PROGRESS_H
#define OSFP_PROGRESS_H

#include <stdint.h>

struct progress {
	int on;
	const char *what;        /* "packets", "rows", "flows" */
	uint64_t n, next;
	double start, last;
};

void progress_init(struct progress *p, const char *what);
void progress_slow(struct progress *p);   /* called by progress_tick */
static inline void
progress_tick(struct progress *p, uint64_t n)
{
	p->n = n;
	if (p->on && n >= p->next)
		progress_slow(p);
}
/* Final line (count, rate, seconds) and a newline, when on. */
void progress_done(struct progress *p);

#endif
