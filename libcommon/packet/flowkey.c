/* flowkey.c: see flowkey.h. */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "packet/flowkey.h"

void
flowkey_swap(struct flowkey *k)
{
	uint8_t a[16];
	uint16_t p = k->sport;

	memcpy(a, k->src, 16);
	memcpy(k->src, k->dst, 16);
	memcpy(k->dst, a, 16);
	k->sport = k->dport;
	k->dport = p;
}

int
flowkey_canonical(struct flowkey *k)
{
	int c = memcmp(k->src, k->dst, 16);

	if (c > 0 || (c == 0 && k->sport > k->dport)) {
		flowkey_swap(k);
		return 1;
	}
	return 0;
}

uint64_t
flowkey_rehash_(uint32_t id, const void *tab)
{
	const struct flowkey_tab *t = tab;

	return flowkey_hash(&t->look[id]);
}

/* flowkey_id's new key, going to the empty slot j. */
uint32_t
flowkey_add_(struct flowkey_tab *t, size_t j, const struct flowkey *look,
    const struct flowkey *disp)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->look = ereallocarray(t->look, t->cap, sizeof *t->look);
		if (t->with_disp)
			t->disp = ereallocarray(t->disp, t->cap, sizeof *t->disp);
	}
	if (t->n >= IDTAB_NONE - 1)
		eprintf("out of memory: more than %u flow keys", IDTAB_NONE - 2);
	t->look[t->n] = *look;
	if (t->with_disp)
		t->disp[t->n] = *disp;
	idtab_put(&t->idx, j, (uint32_t)t->n);
	return (uint32_t)t->n++;
}

void
flowkey_tab_free(struct flowkey_tab *t)
{
	free(t->look);
	free(t->disp);
	idtab_free(&t->idx);
	t->look = t->disp = NULL;
	t->n = t->cap = 0;
}
