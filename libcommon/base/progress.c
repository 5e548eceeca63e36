#include "base/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/monotime.h"
#include "base/util.h"

void
progress_init(struct progress *p, const char *what)
{
	const char *env = getenv("OSFP_PROGRESS");

	p->on = env && *env ? env[0] == '1' : isatty(STDERR_FILENO);
	p->what = what;
	p->n = 0;
	p->next = 1u << 16;
	p->start = p->last = p->on ? monotime_now() : 0;
}

static void
show(struct progress *p, double t, const char *end)
{
	double dt = t - p->start;

	fprintf(stderr, "\r%s: %llu %s, %.0f/s, %.1f s%s", progname,
	    (unsigned long long)p->n, p->what, dt > 0 ? p->n / dt : 0.0, dt, end);
}

void
progress_slow(struct progress *p)
{
	double t = monotime_now();

	p->next = p->n + (1u << 16);
	if (t - p->last < 0.5)
		return;
	p->last = t;
	show(p, t, "");
}

void
progress_done(struct progress *p)
{
	if (p->on)
		show(p, monotime_now(), "\n");
}
