/* folds.c: osfp-tune's input and folds: the input read once into memory,
 * the folds made (kfold.h) and written as CSV files into a temporary
 * folder that goes at exit. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tune.h"
#include "base/num.h"
#include "base/util.h"
#include "learn/kfold.h"
#include "table/csvw.h"

char *tmpdir;

/* the temporary folder and everything in it go at every exit (eprintf's
 * and a refused option's too) */
void
tune_cleanup(void)
{
	struct dirent *e;
	char p[4096];
	DIR *d;

	if (!tmpdir || !(d = opendir(tmpdir)))
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
			unlink(p);
		}
	closedir(d);
	rmdir(tmpdir);
}

/* The whole input in memory: it is read twice (checked as osfp-train
 * reads it, then kept as text for the fold files). */
char *
tune_slurp(const char *in, const char **name, size_t *len)
{
	FILE *f = efopen_in(in, name);
	size_t cap = 1 << 16, got;
	char *buf = emalloc(cap);

	*len = 0;
	while ((got = fread(buf + *len, 1, cap - *len, f)) > 0)
		if ((*len += got) == cap)
			buf = erealloc(buf, cap *= 2);
	if (ferror(f))
		eprintf("'%s': read error:", *name);
	efclose_in(f);
	return buf;
}

void
tune_write(const char *name, const struct records *rs, const size_t *idx, size_t n)
{
	char p[4096];
	struct csvw w;

	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	csvw_init(&w, efopen_out(p), p, 0);
	records_write(rs, idx, n, &w);
	if (csvw_close(&w))
		exit(EXIT_DATA);
}

/* The k folds of the rows: stratified by the label, or by groups, or in time. */
void
tune_folds(const struct tune *t, const struct dataset *ds, const struct records *rs,
    const char *name, const char *group, const char *time, struct ttsplit *folds)
{
	char err[512];
	int rc, G, *g;
	char **groups;
	double *tv;
	size_t i;

	if (group) {
		g = emalloc((rs->n ? rs->n : 1) * sizeof *g);
		G = dataset_label_encode(rs->key[0], rs->n, g, &groups);
		rc = kfold_groups(g, rs->n, G, t->k, folds, err, sizeof err);
		dataset_free_strings(groups, (size_t)G);
		free(g);
	} else if (time) {
		tv = emalloc((rs->n ? rs->n : 1) * sizeof *tv);
		for (i = 0; i < rs->n; i++)
			if (num_parse_dbl(rs->key[0][i], &tv[i]) < 0)
				eprintf("'%s': data row %zu: column '%s': not a finite number: '%s'",
				    name, i + 1, time, rs->key[0][i]);
		rc = kfold_time(tv, rs->n, t->k, folds, err, sizeof err);
		free(tv);
	} else {
		int *count = ecalloc((size_t)ds->K, sizeof *count), least;

		for (i = 0; i < ds->n; i++)
			count[ds->y[i]]++;
		for (least = 0, i = 1; i < (size_t)ds->K; i++)
			if (count[i] < count[least])
				least = (int)i;
		/* sklearn's warning, as a note: such a class is missing from
		 * some test folds */
		if (count[least] < t->k)
			weprintf("'%s': class '%s' has only %d rows, fewer than the %d folds", name,
			    ds->classes[least], count[least], t->k);
		free(count);
		rc = kfold_stratified(ds->y, ds->n, ds->K, t->k, (uint32_t)t->seed, folds, err,
		    sizeof err);
	}
	if (rc < 0)
		eprintf("'%s': %s", name, err);
}

void
tune_print_folds(const struct ttsplit *folds, int k, size_t n, int tsv)
{
	static const char *const hdr[] = { "row", "fold", NULL };
	int *of = emalloc((n ? n : 1) * sizeof *of), i;
	struct csvw w;
	size_t r;

	for (r = 0; r < n; r++)
		of[r] = -1;
	for (i = 0; i < k; i++)
		for (r = 0; r < folds[i].ntest; r++)
			of[folds[i].test[r]] = i;
	csvw_init(&w, stdout, "<stdout>", tsv);
	csvw_header(&w, hdr);
	for (r = 0; r < n; r++) {
		csvw_u64(&w, r + 1);
		if (of[r] < 0)
			csvw_empty(&w);
		else
			csvw_u64(&w, (uint64_t)of[r]);
		csvw_end(&w);
	}
	free(of);
	if (csvw_close(&w))
		exit(EXIT_DATA);
}

