/* jobs.c: osfp-tune's grid and its jobs: osfp-train run on a fold's train
 * file (t->jobs processes at a time), its model scored on the fold's test
 * file. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tune.h"
#include "learn/model.h"
#include "base/util.h"

int
grid_parse(struct grid *g, const char *spec, char *err, size_t errsz)
{
	char *s = estrdup(spec), *save = NULL, *part, *eq, *v, *vs;
	int i;

	memset(g, 0, sizeof *g);
	g->npoints = 1;
	for (part = strtok_r(s, ";", &save); part; part = strtok_r(NULL, ";", &save)) {
		if (!(eq = strchr(part, '=')) || eq == part) {
			snprintf(err, errsz, "grid part '%s' is not OPTION=VALUE[,VALUE...]", part);
			goto bad;
		}
		*eq = '\0';
		for (i = 0; i < g->nkeys; i++)
			if (strcmp(g->key[i], part) == 0) {
				snprintf(err, errsz, "grid option '%s' given twice", part);
				goto bad;
			}
		if (g->nkeys == GRID_MAX_KEYS) {
			snprintf(err, errsz, "more than %d grid options", GRID_MAX_KEYS);
			goto bad;
		}
		g->key = ereallocarray(g->key, (size_t)g->nkeys + 1, sizeof *g->key);
		g->nvals = ereallocarray(g->nvals, (size_t)g->nkeys + 1, sizeof *g->nvals);
		g->val = ereallocarray(g->val, (size_t)g->nkeys + 1, sizeof *g->val);
		g->key[g->nkeys] = estrdup(part);
		g->nvals[g->nkeys] = 0;
		g->val[g->nkeys] = NULL;
		g->nkeys++;
		for (v = eq + 1;; v = vs + 1) {
			int *nv = &g->nvals[g->nkeys - 1];

			if ((vs = strchr(v, ',')))
				*vs = '\0';
			if (!*v) {
				snprintf(err, errsz, "grid option '%s' has an empty value", part);
				goto bad;
			}
			g->val[g->nkeys - 1] = ereallocarray(g->val[g->nkeys - 1], (size_t)*nv + 1,
			    sizeof **g->val);
			g->val[g->nkeys - 1][(*nv)++] = estrdup(v);
			if (!vs)
				break;
		}
		g->npoints *= (size_t)g->nvals[g->nkeys - 1];
		if (g->npoints > 100000) {
			snprintf(err, errsz, "the grid has more than 100000 points");
			goto bad;
		}
	}
	free(s);
	return 0;
bad:
	free(s);
	grid_free(g);
	return -1;
}

const char *
grid_value(const struct grid *g, size_t p, int i)
{
	int j;

	for (j = g->nkeys - 1; j > i; j--)
		p /= (size_t)g->nvals[j];
	return g->val[i][p % (size_t)g->nvals[i]];
}

void
grid_free(struct grid *g)
{
	int i, j;

	for (i = 0; i < g->nkeys; i++) {
		for (j = 0; j < g->nvals[i]; j++)
			free(g->val[i][j]);
		free(g->val[i]);
		free(g->key[i]);
	}
	free(g->val);
	free(g->key);
	free(g->nvals);
	memset(g, 0, sizeof *g);
}

static char *
path(const struct tune *t, const char *fmt, long i)
{
	char *p = emalloc(strlen(t->dir) + 64);

	sprintf(p, "%s/", t->dir);
	sprintf(p + strlen(p), fmt, i);
	return p;
}

/* fork and exec osfp-train for job j (index ji): stdout to /dev/null,
 * stderr to its file */
static pid_t
start(const struct tune *t, const struct job *j, size_t ji, const char *input,
    const char *model)
{
	char *argv[16 + 2 * GRID_MAX_KEYS], *opt[GRID_MAX_KEYS], seed[32], threads[16];
	char *errf = path(t, "e-%ld.err", (long)ji);
	int a = 0, i, fd;
	pid_t pid;

	snprintf(seed, sizeof seed, "%lu", t->seed);
	snprintf(threads, sizeof threads, "%d", j->fold < 0 ? t->jobs : 1);
	argv[a++] = (char *)t->train;
	argv[a++] = "-v";
	argv[a++] = "-m";
	argv[a++] = (char *)t->kind;
	argv[a++] = "-s";
	argv[a++] = seed;
	argv[a++] = "-j";
	argv[a++] = threads;
	if (t->label) {
		argv[a++] = "--label";
		argv[a++] = (char *)t->label;
	}
	if (t->ignore) {
		argv[a++] = "--ignore";
		argv[a++] = (char *)t->ignore;
	}
	for (i = 0; i < t->g.nkeys; i++) {
		opt[i] = emalloc(strlen(t->g.key[i]) + 3);
		sprintf(opt[i], "--%s", t->g.key[i]);
		argv[a++] = opt[i];
		argv[a++] = (char *)grid_value(&t->g, j->point, i);
	}
	argv[a++] = "-o";
	argv[a++] = (char *)model;
	argv[a++] = (char *)input;
	argv[a] = NULL;
	fflush(NULL);
	if ((pid = fork()) < 0)
		eprintf("fork:");
	if (pid == 0) {
		if ((fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0 ||
		    dup2(fd, 2) < 0 || (fd = open("/dev/null", O_WRONLY)) < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execvp(argv[0], argv);
		dprintf(2, "%s: cannot run '%s': %s\n", progname, argv[0], strerror(errno));
		_exit(127);
	}
	for (i = 0; i < t->g.nkeys; i++)
		free(opt[i]);
	free(errf);
	return pid;
}

/* The balanced accuracy of model on the labelled rows of test: the mean
 * recall over the classes present there (sklearn's balanced_accuracy_score;
 * a class the model never saw has recall 0). */
static int
evaluate(const struct tune *t, const char *model, const char *test, double *bacc, char *err,
    size_t errsz)
{
	struct dataset_opts o = { 0 };
	struct dataset ds;
	struct model m;
	size_t *right, *support, i;
	int *pred, c, seen = 0;
	FILE *f;

	if (model_read(&m, model, err, errsz) < 0)
		return -1;
	o.label = t->label;
	o.ignore = t->ignore;
	o.need_label = 1;
	o.features = m.features;
	o.nfeatures = m.d;
	if (!(f = fopen(test, "r")) || dataset_load(&ds, f, test, &o) < 0) {
		snprintf(err, errsz, "%s", f ? ds.err : strerror(errno));
		if (f)
			fclose(f);
		model_free(&m);
		return -1;
	}
	fclose(f);
	pred = emalloc((ds.n ? ds.n : 1) * sizeof *pred);
	right = ecalloc((size_t)ds.K + 1, sizeof *right);
	support = ecalloc((size_t)ds.K + 1, sizeof *support);
	model_predict(&m, ds.X, ds.n, pred, NULL);
	for (i = 0; i < ds.n; i++) {
		support[ds.y[i]]++;
		right[ds.y[i]] += strcmp(ds.classes[ds.y[i]], m.classes[pred[i]]) == 0;
	}
	*bacc = 0;
	for (c = 0; c < ds.K; c++)
		if (support[c]) {
			*bacc += (double)right[c] / (double)support[c];
			seen++;
		}
	*bacc = seen ? *bacc / seen : 0;
	free(pred);
	free(right);
	free(support);
	dataset_free(&ds);
	model_free(&m);
	return 0;
}

/* osfp-train's message from its stderr p into buf: the first line after a
 * usage error (the synopsis follows it), else the last (warnings and -v
 * lines come before a data error); and the fit time -v reports. */
static void
message(const char *p, int usage, char *buf, size_t bufsz, double *fit)
{
	char line[512], *s;
	FILE *f = fopen(p, "r");

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		if ((s = strstr(line, ", fit ")))
			*fit = strtod(s + 6, NULL);
		if (line[0] && (!usage || !buf[0]))
			snprintf(buf, bufsz, "%s", line);
	}
	fclose(f);
}

static void
finish(const struct tune *t, struct job *j, size_t ji, int st, const char *model)
{
	char *errf = path(t, "e-%ld.err", (long)ji), *test;

	j->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	j->fit = -1;
	message(errf, j->status == EXIT_USAGE, j->msg, sizeof j->msg, &j->fit);
	if (j->status == 0 && j->fold >= 0) {
		test = path(t, "test-%ld.csv", j->fold);
		if (evaluate(t, model, test, &j->bacc, j->msg, sizeof j->msg) < 0)
			j->status = 1;
		free(test);
	} else if (j->status != 0 && !j->msg[0])
		snprintf(j->msg, sizeof j->msg, "osfp-train %s %d", WIFEXITED(st) ?
		    "exited with status" : "was killed by signal", WIFEXITED(st) ?
		    WEXITSTATUS(st) : j->status - 128);
	if (j->status == 0)
		j->msg[0] = '\0';
	if (j->fold >= 0)
		unlink(model);
	unlink(errf);
	free(errf);
}

void
jobs_run(const struct tune *t, struct job *jobs, size_t n, const char *out_input,
    const char *out_model)
{
	size_t next = 0, running = 0, i;
	char *model, *input;
	int st;
	pid_t pid;

	while (next < n || running) {
		while (running < (size_t)t->jobs && next < n) {
			struct job *j = &jobs[next];

			input = j->fold < 0 ? estrdup(out_input) : path(t, "train-%ld.csv", j->fold);
			model = j->fold < 0 ? estrdup(out_model) : path(t, "m-%ld.model", (long)next);
			j->pid = start(t, j, next, input, model);
			free(input);
			free(model);
			running++;
			next++;
		}
		if ((pid = waitpid(-1, &st, 0)) < 0) {
			if (errno == EINTR)
				continue;
			eprintf("waitpid:");
		}
		for (i = 0; i < next && jobs[i].pid != pid; i++)
			;
		if (i == next)
			continue;
		running--;
		jobs[i].pid = 0;
		model = jobs[i].fold < 0 ? estrdup(out_model) : path(t, "m-%ld.model", (long)i);
		finish(t, &jobs[i], i, st, model);
		free(model);
		if (jobs[i].status == EXIT_USAGE) {
			/* a bad option is every job's: stop the others, say it once */
			for (i = 0; i < next; i++)
				if (jobs[i].pid > 0) {
					kill(jobs[i].pid, SIGTERM);
					waitpid(jobs[i].pid, &st, 0);
				}
			for (i = 0; i < n && jobs[i].status != EXIT_USAGE; i++)
				;
			uprintf("osfp-train refused the options: %s", jobs[i].msg);
		}
		if (t->verbose && jobs[i].fold >= 0)
			weprintf("point %zu fold %d: %s%.4f (fit %.3f s)", jobs[i].point + 1,
			    jobs[i].fold + 1, jobs[i].status ? "failed " : "", jobs[i].bacc,
			    jobs[i].fit);
	}
}
