/* score.c: osfp-hosts --score: the verdicts against the groups' labels,
 * as osfp-eval reports a model's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "learn/metrics.h"
#include "table/dataset.h"
#include "hosts.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* --score: osfp-eval's balanced accuracy over the labelled groups, each
 * counted once, with its most frequent label as the truth; "unknown" is
 * a wrong verdict (a class of its own, never a true one). */
void
score(struct out *o, int K)
{
	char **names = emalloc((o->ns + (size_t)K + 1) * sizeof *names);
	int *y = emalloc((o->ns + 1) * sizeof *y), *pred = emalloc((o->ns + 1) * sizeof *pred);
	size_t i, nn = 0, m = 0, unknown = 0, *C;
	struct metrics_class_stats *s;
	int t, wid = 12;

	for (i = 0; i < o->ns; i++)
		names[nn++] = o->slab[i];
	for (t = 0; t < K; t++)
		names[nn++] = o->classes[t];
	names[nn++] = "unknown";
	qsort(names, nn, sizeof *names, cmp_str);
	for (i = 0; i < nn; i++)
		if (i == 0 || strcmp(names[i], names[m - 1]) != 0)
			names[m++] = names[i];
	for (i = 0; i < o->ns; i++) {
		const char *v = o->sverd[i] < 0 ? "unknown" : o->classes[o->sverd[i]];

		y[i] = dataset_class_index(names, (int)m, o->slab[i]);
		pred[i] = dataset_class_index(names, (int)m, v);
		unknown += o->sverd[i] < 0;
	}
	C = metrics_confusion(y, pred, o->ns, (int)m);
	s = emalloc(m * sizeof *s);
	metrics_class_stats(C, (int)m, s);
	for (i = 0; i < m; i++)
		if (s[i].support && (int)strlen(names[i]) > wid)
			wid = (int)strlen(names[i]);
	printf("Balanced Accuracy: %.4f\n\n", metrics_balanced_accuracy(C, (int)m));
	printf("%3s %-*s %9s %9s\n", "#", wid, "class", "recall", "support");
	for (i = 0, t = 0; i < m; i++)
		if (s[i].support)
			printf("%3d %-*s %9.4f %9zu\n", t++, wid, names[i], s[i].recall,
			    s[i].support);
	printf("\ngroups scored: %zu (verdict unknown: %zu); without a label: %zu\n",
	    o->ns, unknown, o->unlabelled);
	for (i = 0; i < o->ns; i++)
		free(o->slab[i]);
	free(o->slab);
	free(o->sverd);
	free(names);
	free(y);
	free(pred);
	free(C);
	free(s);
}
