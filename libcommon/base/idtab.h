/* idtab.h: the open-addressing hash table osfp's tables are built on.
 *
 * The table holds ids (0..2^32-2), not keys: the caller keeps its keys in
 * arrays of its own, indexed by id, hashes them with base/hash.h and decides
 * equality. That keeps one probing scheme for every kind of key (flow
 * 5-tuples, exact times) and lets the caller's key comparison inline into
 * the probe loop, which runs once per packet:
 *
 *	idtab_reserve(&t, 1, hash_of_id, keys);
 *	for (j = idtab_start(&t, h); (id = idtab_at(&t, j)) != IDTAB_NONE;
 *	    j = idtab_step(&t, j))
 *		if (equal(keys[id], key))
 *			return id;
 *	idtab_put(&t, j, new_id);
 *
 * Linear probing over a power-of-two array of slots, kept at most half
 * full. Nothing is ever removed. Allocation failure exits (emalloc).
 *
 * Why it exists next to base/oatable, the table with deletion: its users
 * (osfp-pcap-flows' flow keys, once per packet; the labels' time index,
 * once per row) only add, want ids dense and in order of first appearance
 * (netml's flow order), and keep their keys in arrays of their own. Here a
 * slot is 4 bytes and the probe, key comparison included, inlines; an
 * oatable keeps a copy of each key beside a 64-bit slot and is called per
 * lookup. */
#ifndef OSFP_IDTAB_H
#define OSFP_IDTAB_H

#include <stddef.h>
#include <stdint.h>

#define IDTAB_NONE UINT32_MAX

struct idtab {
	uint32_t *slot;         /* id + 1; 0 is an empty slot */
	size_t mask;            /* slots - 1 (0 before the first reserve) */
	size_t n;               /* ids stored */
};

/* The hash of the key of id, for rehashing when the table grows. */
typedef uint64_t idtab_hash_fn(uint32_t id, const void *ctx);

void idtab_grow(struct idtab *t, size_t more, idtab_hash_fn *hash, const void *ctx);
void idtab_free(struct idtab *t);

/* Make room for `more` further ids (a table of at least 1024 slots, never
 * over half full), rehashing the ids already in with hash(id, ctx). Inline:
 * the check runs before every insertion. */
static inline void
idtab_reserve(struct idtab *t, size_t more, idtab_hash_fn *hash, const void *ctx)
{
	if (!t->slot || 2 * (t->n + more) > t->mask + 1)
		idtab_grow(t, more, hash, ctx);
}

/* The first slot to probe for a key of hash h; the table must have had a
 * reserve. */
static inline size_t
idtab_start(const struct idtab *t, uint64_t h)
{
	return (size_t)h & t->mask;
}

static inline size_t
idtab_step(const struct idtab *t, size_t j)
{
	return (j + 1) & t->mask;
}

/* The id in slot j, or IDTAB_NONE when the slot is empty (the probe ends
 * there: the key is not in the table, and j is where it goes). */
static inline uint32_t
idtab_at(const struct idtab *t, size_t j)
{
	return t->slot[j] - 1;
}

/* Store id in slot j: an empty slot found by probing (a new id), or the
 * slot of an equal key (id replaces it). Reserve room for new ids first. */
static inline void
idtab_put(struct idtab *t, size_t j, uint32_t id)
{
	t->n += t->slot[j] == 0;
	t->slot[j] = id + 1;
}

#endif
