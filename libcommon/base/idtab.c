/* idtab.c: see idtab.h. */
#include <stdlib.h>

#include "base/idtab.h"
#include "base/util.h"

void
idtab_grow(struct idtab *t, size_t more, idtab_hash_fn *hash, const void *ctx)
{
	size_t ns = t->slot ? t->mask + 1 : 1024, j, k;
	uint32_t *s;

	while (2 * (t->n + more) > ns)
		ns *= 2;
	if (t->slot && ns == t->mask + 1)
		return;
	s = ecalloc(ns, sizeof *s);
	for (k = 0; t->slot && k <= t->mask; k++) {
		if (!t->slot[k])
			continue;
		for (j = (size_t)hash(t->slot[k] - 1, ctx) & (ns - 1); s[j]; j = (j + 1) & (ns - 1))
			;
		s[j] = t->slot[k];
	}
	free(t->slot);
	t->slot = s;
	t->mask = ns - 1;
}

void
idtab_free(struct idtab *t)
{
	free(t->slot);
	t->slot = NULL;
	t->mask = 0;
	t->n = 0;
}
