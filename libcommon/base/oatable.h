/* oatable.h: a hash table of fixed-size entries with deletion.
 *
 * Open addressing with linear probing over 64-bit slots (32 bits of the
 * caller's hash, an entry id) and backward-shift deletion, so a table that
 * sees keys come and go for days never fills with tombstones and its
 * probes stay short. Each entry is the caller's key (keysize bytes,
 * compared with memcmp) followed by a value (valsize bytes, zeroed when
 * added); entries live in one array and are named by ids that stay valid
 * until the entry is deleted (ids of deleted entries are reused).
 *
 * Why it exists next to base/idtab, the index behind the flow key table of
 * osfp-pcap-flows: that table only grows, and its ids are dense and in
 * order of first appearance (netml's flow order) for the life of a run. A streaming consumer that
 * must forget keys (flowstream: flows end, memory stays bounded) needs
 * deletion and id reuse instead; this is that table, generic over the key.
 *
 * Pointers from oatable_key/oatable_val are valid until the next
 * oatable_add (which may move the entry array); ids are the stable
 * handles. The caller hashes its keys (base/hash.h); equal keys must have
 * equal hashes. Nothing exits: out of memory comes back as -1. */
#ifndef OSFP_OATABLE_H
#define OSFP_OATABLE_H

#include <stddef.h>
#include <stdint.h>

#define OATABLE_NONE UINT32_MAX

struct oatable {
	size_t keysize;       /* bytes of key compared */
	size_t valoff;        /* offset of the value in an entry */
	size_t entsize;       /* hash, key and value, a multiple of 8 */
	unsigned char *ent;   /* entries by id */
	size_t nid, capid;    /* ids handed out (high-water mark), room */
	uint32_t freeid;      /* first reusable id, or OATABLE_NONE */
	uint64_t *slot;       /* hash low 32 bits << 32 | (id + 1); 0 empty */
	size_t nslot;         /* a power of two (or 0) */
	size_t n;             /* entries in use */
};

/* An empty table; nothing is allocated until the first add. */
void oatable_init(struct oatable *t, size_t keysize, size_t valsize);
void oatable_free(struct oatable *t);

/* The id of key (hash h), or OATABLE_NONE. */
uint32_t oatable_find(const struct oatable *t, const void *key, uint64_t h);

/* Find key, or add it (value zeroed). *id receives its id. Returns 1 if
 * added, 0 if found, -1 out of memory (or 2^32 - 2 entries): the table is
 * then unchanged. */
int oatable_add(struct oatable *t, const void *key, uint64_t h, uint32_t *id);

/* Delete entry id (which must be in use); its id may be handed out again. */
void oatable_del(struct oatable *t, uint32_t id);

/* Bytes a table of n entries holds at most (entries and slots at the
 * largest load before a growth), for sizing a cap on n. */
size_t oatable_bytes_per_entry(size_t keysize, size_t valsize);

static inline void *
oatable_key(const struct oatable *t, uint32_t id)
{
	return t->ent + (size_t)id * t->entsize + 8;
}

static inline void *
oatable_val(const struct oatable *t, uint32_t id)
{
	return t->ent + (size_t)id * t->entsize + t->valoff;
}

#endif
