/* hash.h: the one set of hash functions osfp uses, for its hash tables and
 * for the option-layout feature (whose value is part of the output, so
 * hash_fnv1a32 must never change).
 *
 *   hash_fnv1a64   FNV-1a over bytes or a NUL-terminated string: table
 *                  keys that are strings (labels, flow ids, link paths);
 *   hash_fnv1a32   32-bit FNV-1a over bytes: the syn/hdr option layout;
 *   hash_mix64     folds one 64-bit word into a running hash (a multiply
 *                  and an xor-shift): keys made of a few machine words
 *                  (flow 5-tuples), hashed word by word;
 *   hash_final64   a full avalanche of one word (murmur3's fmix64), for
 *                  keys that are already integers.
 *
 * Header-only: these run once per packet or row and must inline. */
#ifndef OSFP_HASH_H
#define OSFP_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_FNV64_BASIS 14695981039346656037ULL
#define HASH_FNV64_PRIME 1099511628211ULL
#define HASH_SEED64 0x9e3779b97f4a7c15ULL

static inline uint64_t
hash_fnv1a64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = HASH_FNV64_BASIS;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * HASH_FNV64_PRIME;
	return h;
}

static inline uint64_t
hash_fnv1a64_str(const char *s)
{
	uint64_t h = HASH_FNV64_BASIS;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * HASH_FNV64_PRIME;
	return h;
}

static inline uint32_t
hash_fnv1a32(const uint8_t *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

static inline uint64_t
hash_mix64(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

static inline uint64_t
hash_final64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
