/* monotime.c: see monotime.h. */
#include <time.h>

#include "base/monotime.h"

static double
seconds(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
monotime_now(void)
{
	return seconds(CLOCK_MONOTONIC);
}

double
monotime_cpu(void)
{
	return seconds(CLOCK_PROCESS_CPUTIME_ID);
}
