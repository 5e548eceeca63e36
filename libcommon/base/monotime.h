/* monotime.h: seconds on the monotonic clock, for elapsed times (-v
 * timings, progress rates), and the process's CPU seconds. */
#ifndef OSFP_MONOTIME_H
#define OSFP_MONOTIME_H

/* Seconds since an arbitrary fixed point; only differences mean anything. */
double monotime_now(void);
/* CPU seconds used by the process so far, all threads. */
double monotime_cpu(void);

/* Both clocks at one point of a run, for -v's time of each phase. */
struct monotime_mark {
	double cpu, wall;
};

static inline void
monotime_mark(struct monotime_mark *m)
{
	m->cpu = monotime_cpu();
	m->wall = monotime_now();
}

#endif
