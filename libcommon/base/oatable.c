/* oatable.c: open addressing, linear probing, backward-shift deletion
 * (oatable.h).
 *
 * An entry is [u64 hash][key][pad][value] at a stride of entsize bytes; a
 * free entry keeps the next free id in its first 4 bytes. A slot packs the
 * hash's low 32 bits (its home position, since the table never has more
 * than 2^32 slots, and a filter before memcmp) with id + 1. The table
 * doubles when it would pass half full. */
#include <stdlib.h>
#include <string.h>

#include "base/oatable.h"

#define SLOT_ID(s) ((uint32_t)(s) - 1)
#define SLOT_TAG(s) ((uint32_t)((s) >> 32))

static size_t
round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

void
oatable_init(struct oatable *t, size_t keysize, size_t valsize)
{
	memset(t, 0, sizeof *t);
	t->keysize = keysize;
	t->valoff = round8(8 + keysize);
	t->entsize = round8(t->valoff + valsize);
	t->freeid = OATABLE_NONE;
}

void
oatable_free(struct oatable *t)
{
	free(t->ent);
	free(t->slot);
	oatable_init(t, t->keysize, t->entsize - t->valoff);
}

size_t
oatable_bytes_per_entry(size_t keysize, size_t valsize)
{
	struct oatable t;

	oatable_init(&t, keysize, valsize);
	/* up to half the slots in use; the entry array doubles too */
	return 2 * t.entsize + 4 * sizeof(uint64_t);
}

static inline uint64_t
ent_hash(const struct oatable *t, uint32_t id)
{
	uint64_t h;

	memcpy(&h, t->ent + (size_t)id * t->entsize, 8);
	return h;
}

uint32_t
oatable_find(const struct oatable *t, const void *key, uint64_t h)
{
	size_t mask = t->nslot - 1, j;
	uint32_t tag = (uint32_t)h;

	if (!t->nslot)
		return OATABLE_NONE;
	for (j = tag & mask; t->slot[j]; j = (j + 1) & mask)
		if (SLOT_TAG(t->slot[j]) == tag &&
		    memcmp(oatable_key(t, SLOT_ID(t->slot[j])), key, t->keysize) == 0)
			return SLOT_ID(t->slot[j]);
	return OATABLE_NONE;
}

static int
grow_slots(struct oatable *t)
{
	size_t ns = t->nslot ? t->nslot * 2 : 64, i, j;
	uint64_t *s;

	if (ns > (size_t)1 << 32 || ns > SIZE_MAX / sizeof *s)
		return -1;
	if (!(s = calloc(ns, sizeof *s)))
		return -1;
	for (i = 0; i < t->nslot; i++)
		if (t->slot[i]) {
			for (j = SLOT_TAG(t->slot[i]) & (ns - 1); s[j]; j = (j + 1) & (ns - 1))
				;
			s[j] = t->slot[i];
		}
	free(t->slot);
	t->slot = s;
	t->nslot = ns;
	return 0;
}

/* A fresh id: a reused one, or the next one (growing the array). */
static int
new_id(struct oatable *t, uint32_t *id)
{
	if (t->freeid != OATABLE_NONE) {
		*id = t->freeid;
		memcpy(&t->freeid, t->ent + (size_t)*id * t->entsize, 4);
		return 0;
	}
	if (t->nid >= OATABLE_NONE - 1)
		return -1;
	if (t->nid == t->capid) {
		size_t nc = t->capid ? t->capid * 2 : 64;
		unsigned char *p;

		if (nc > SIZE_MAX / t->entsize)
			return -1;
		if (!(p = realloc(t->ent, nc * t->entsize)))
			return -1;
		t->ent = p;
		t->capid = nc;
	}
	*id = (uint32_t)t->nid++;
	return 0;
}

int
oatable_add(struct oatable *t, const void *key, uint64_t h, uint32_t *id)
{
	size_t mask, j;
	unsigned char *e;

	if ((*id = oatable_find(t, key, h)) != OATABLE_NONE)
		return 0;
	if (2 * (t->n + 1) > t->nslot && grow_slots(t) < 0)
		return -1;
	if (new_id(t, id) < 0)
		return -1;
	mask = t->nslot - 1;
	for (j = (uint32_t)h & mask; t->slot[j]; j = (j + 1) & mask)
		;
	t->slot[j] = (uint64_t)(uint32_t)h << 32 | ((uint64_t)*id + 1);
	e = t->ent + (size_t)*id * t->entsize;
	memset(e, 0, t->entsize);
	memcpy(e, &h, 8);
	memcpy(e + 8, key, t->keysize);
	t->n++;
	return 1;
}

void
oatable_del(struct oatable *t, uint32_t id)
{
	size_t mask = t->nslot - 1, i, j;

	for (i = (uint32_t)ent_hash(t, id) & mask; SLOT_ID(t->slot[i]) != id; i = (i + 1) & mask)
		;
	/* Backward shift: pull each later entry of the run into the hole
	 * when its home is not in (hole, its slot], so every entry stays
	 * reachable from its home without crossing an empty slot. */
	for (j = (i + 1) & mask; t->slot[j]; j = (j + 1) & mask) {
		size_t home = SLOT_TAG(t->slot[j]) & mask;

		if (((j - home) & mask) >= ((j - i) & mask)) {
			t->slot[i] = t->slot[j];
			i = j;
		}
	}
	t->slot[i] = 0;
	memcpy(t->ent + (size_t)id * t->entsize, &t->freeid, 4);
	t->freeid = id;
	t->n--;
}
