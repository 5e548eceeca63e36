/* Unit tests for base/idtab: ids found by key through collisions and
 * growth, an equal key's id replaced in place, nothing lost on rehash. */
#include <stdlib.h>

#include "base/hash.h"
#include "base/idtab.h"
#include "tap.h"

struct keys {
	uint64_t *v;
	int weak;               /* a hash that collides on purpose */
};

static uint64_t
hkey(const struct keys *k, uint64_t key)
{
	return k->weak ? key % 7 : hash_final64(key);
}

static uint64_t
hash_of_id(uint32_t id, const void *ctx)
{
	const struct keys *k = ctx;

	return hkey(k, k->v[id]);
}

/* The id of key, or a new one (keys stored in k->v by id). */
static uint32_t
find_or_add(struct idtab *t, struct keys *k, uint64_t key, uint32_t *n)
{
	uint32_t id;
	size_t j;

	idtab_reserve(t, 1, hash_of_id, k);
	for (j = idtab_start(t, hkey(k, key)); (id = idtab_at(t, j)) != IDTAB_NONE;
	    j = idtab_step(t, j))
		if (k->v[id] == key)
			return id;
	k->v[*n] = key;
	idtab_put(t, j, *n);
	return (*n)++;
}

static void
run(int weak, uint32_t nkeys)
{
	struct idtab t = { 0 };
	struct keys k = { calloc(nkeys, sizeof(uint64_t)), weak };
	uint32_t n = 0, i, bad = 0;

	for (i = 0; i < nkeys; i++)     /* ids in order of first appearance */
		if (find_or_add(&t, &k, 1000003ull * i, &n) != i)
			bad++;
	ok(!bad && n == nkeys && t.n == nkeys, "%s hash: %u new keys get ids 0..%u",
	    weak ? "colliding" : "good", nkeys, nkeys - 1);
	for (i = 0, bad = 0; i < nkeys; i++)
		if (find_or_add(&t, &k, 1000003ull * i, &n) != i)
			bad++;
	ok(!bad && n == nkeys, "%s hash: every key found again after %zu slots",
	    weak ? "colliding" : "good", t.mask + 1);
	ok(2 * t.n <= t.mask + 1 && t.mask + 1 >= 1024 && ((t.mask + 1) & t.mask) == 0,
	    "at most half full, a power of two >= 1024 slots");
	idtab_free(&t);
	free(k.v);
}

int
main(void)
{
	struct idtab t = { 0 };
	struct keys k = { calloc(4, sizeof(uint64_t)), 0 };
	uint32_t id;
	size_t j;

	run(0, 100000);
	run(1, 3000);

	/* an equal key's slot takes the new id: the last one put wins */
	k.v[0] = k.v[1] = 42;
	idtab_reserve(&t, 2, hash_of_id, &k);
	j = idtab_start(&t, hkey(&k, 42));
	ok(idtab_at(&t, j) == IDTAB_NONE, "an empty table has no id");
	idtab_put(&t, j, 0);
	idtab_put(&t, j, 1);
	ok(idtab_at(&t, j) == 1 && t.n == 1, "put on a used slot replaces its id");
	id = idtab_at(&t, idtab_step(&t, j));
	ok(id == IDTAB_NONE, "and uses no other slot");
	idtab_free(&t);
	ok(t.slot == NULL && t.n == 0, "idtab_free empties the table");
	free(k.v);
	return tap_done();
}
