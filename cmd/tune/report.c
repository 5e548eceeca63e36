/* report.c: osfp-tune's table: each grid point's mean and standard
 * deviation of balanced accuracy over the folds, best first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tune.h"
#include "base/util.h"
#include "table/csvw.h"

static int
cmp_score(const void *a, const void *b)
{
	const struct score *x = a, *y = b;

	if (!x->failed != !y->failed)
		return x->failed ? 1 : -1;
	if (x->mean != y->mean)
		return x->mean > y->mean ? -1 : 1;
	return (x->point > y->point) - (x->point < y->point);
}

/* Mean and std (numpy's, ddof 0) of each point's folds, best first;
 * every failed fold reported on stderr. Returns the number of failures. */
int
tune_score(const struct tune *t, const struct job *jobs, struct score *sc)
{
	size_t p;
	int f, failures = 0;

	for (p = 0; p < t->g.npoints; p++) {
		const struct job *j = jobs + p * (size_t)t->k;
		double s = 0, ss = 0, fit = 0;

		memset(&sc[p], 0, sizeof sc[p]);
		sc[p].point = p;
		for (f = 0; f < t->k; f++) {
			if (j[f].status) {
				sc[p].failed++;
				weprintf("fold %d of %zu, %s", f + 1, p + 1, j[f].msg);
				continue;
			}
			s += j[f].bacc;
			fit += j[f].fit;
		}
		failures += sc[p].failed;
		if (sc[p].failed)
			continue;
		sc[p].mean = s / t->k;
		for (f = 0; f < t->k; f++)
			ss += (j[f].bacc - sc[p].mean) * (j[f].bacc - sc[p].mean);
		sc[p].std = sqrt(ss / t->k);
		sc[p].fit = fit / t->k;
	}
	qsort(sc, t->g.npoints, sizeof *sc, cmp_score);
	return failures;
}

void
tune_table(const struct tune *t, const struct score *sc, int tsv)
{
	struct csvw w;
	size_t p;
	int i;

	csvw_init(&w, stdout, "<stdout>", tsv);
	for (i = 0; i < t->g.nkeys; i++)
		csvw_str(&w, t->g.key[i]);
	csvw_str(&w, "bacc_mean");
	csvw_str(&w, "bacc_std");
	csvw_str(&w, "fit_s");
	csvw_str(&w, "failed");
	csvw_end(&w);
	for (p = 0; p < t->g.npoints; p++) {
		for (i = 0; i < t->g.nkeys; i++)
			csvw_str(&w, grid_value(&t->g, sc[p].point, i));
		if (sc[p].failed) {
			csvw_empty(&w);
			csvw_empty(&w);
			csvw_empty(&w);
		} else {
			csvw_dbl(&w, sc[p].mean);
			csvw_dbl(&w, sc[p].std);
			csvw_dbl(&w, round(sc[p].fit * 1000) / 1000);
		}
		csvw_u64(&w, (uint64_t)sc[p].failed);
		csvw_end(&w);
	}
	if (csvw_close(&w))
		exit(EXIT_DATA);
}

