/* tune.h: what osfp-tune's two files share: the grid of osfp-train
 * options, the run (folds written as files, osfp-train's command line)
 * and the jobs (one fit of one grid point on one fold). */
#ifndef OSFP_TUNE_H
#define OSFP_TUNE_H

#include <stddef.h>
#include <sys/types.h>

#include "learn/ttsplit.h"
#include "table/dataset.h"
#include "table/records.h"

#define GRID_MAX_KEYS 64

struct grid {
	int nkeys;
	char **key;              /* osfp-train long option names */
	int *nvals;
	char ***val;             /* val[key][i] */
	size_t npoints;          /* the product of nvals (1 without a grid) */
};

struct tune {
	const char *train;       /* the osfp-train program */
	const char *kind;
	const char *label, *ignore;   /* as given to osfp-train */
	unsigned long seed;
	int k, jobs, verbose;
	char *dir;               /* the temporary folder: train-F.csv, test-F.csv */
	struct grid g;
};

struct job {
	size_t point;
	int fold;                /* -1: the refit on all rows */
	pid_t pid;
	int status;              /* 0 ok, else osfp-train's exit status */
	double bacc, fit;        /* balanced accuracy on the fold, fit seconds */
	char msg[512];           /* the failure, one line */
};

/* Parse SPEC ('name=v1,v2;name=v3') into g; one line in err on error. */
int grid_parse(struct grid *g, const char *spec, char *err, size_t errsz);
/* The value of key i at grid point p (the last key varies fastest). */
const char *grid_value(const struct grid *g, size_t p, int i);
void grid_free(struct grid *g);

/* Run every job, t->jobs at a time, filling status, bacc, fit and msg;
 * a usage error of osfp-train (exit 2) stops them all and exits 2. The
 * refit job (fold -1) trains on path out_input and writes out_model. */
void jobs_run(const struct tune *t, struct job *jobs, size_t n, const char *out_input,
    const char *out_model);

struct score {
	size_t point;
	double mean, std, fit;
	int failed;
};

/* folds.c: the temporary folder (removed with its files by tune_cleanup,
 * at exit) */
extern char *tmpdir;
void tune_cleanup(void);
/* The whole input (file or "-") in memory; *name for messages. */
char *tune_slurp(const char *in, const char **name, size_t *len);
/* Write the records idx[0..n) (all when idx is NULL) as tmpdir/name. */
void tune_write(const char *name, const struct records *rs, const size_t *idx, size_t n);
/* The k folds: stratified on ds's labels, or by the group column, or in
 * the time column's order (rs->key[0] holds that column). */
void tune_folds(const struct tune *t, const struct dataset *ds, const struct records *rs,
    const char *name, const char *group, const char *time, struct ttsplit *folds);
void tune_print_folds(const struct ttsplit *folds, int k, size_t n, int tsv);

/* report.c: sc[0..npoints) the points' scores, best first; each failed
 * fold reported on stderr. Returns the number of failed folds. */
int tune_score(const struct tune *t, const struct job *jobs, struct score *sc);
void tune_table(const struct tune *t, const struct score *sc, int tsv);

#endif
