#include "learn/mt19937.h"

/* Constants and tempering of the reference MT19937 (numpy's mt19937.c). */
#define MT_N 624
#define MT_M 397
#define MATRIX_A 0x9908b0dfU
#define UPPER_MASK 0x80000000U
#define LOWER_MASK 0x7fffffffU

void
mt19937_seed(struct mt19937 *m, uint32_t seed)
{
	int i;

	for (i = 0; i < MT_N; i++) {
		m->key[i] = seed;
		seed = 1812433253U * (seed ^ (seed >> 30)) + (uint32_t)i + 1;
	}
	m->pos = MT_N;
}

static void
refill(struct mt19937 *m)
{
	uint32_t y;
	int i;

	for (i = 0; i < MT_N - MT_M; i++) {
		y = (m->key[i] & UPPER_MASK) | (m->key[i + 1] & LOWER_MASK);
		m->key[i] = m->key[i + MT_M] ^ (y >> 1) ^ (-(y & 1) & MATRIX_A);
	}
	for (; i < MT_N - 1; i++) {
		y = (m->key[i] & UPPER_MASK) | (m->key[i + 1] & LOWER_MASK);
		m->key[i] = m->key[i + (MT_M - MT_N)] ^ (y >> 1) ^ (-(y & 1) & MATRIX_A);
	}
	y = (m->key[MT_N - 1] & UPPER_MASK) | (m->key[0] & LOWER_MASK);
	m->key[MT_N - 1] = m->key[MT_M - 1] ^ (y >> 1) ^ (-(y & 1) & MATRIX_A);
	m->pos = 0;
}

uint32_t
mt19937_u32(struct mt19937 *m)
{
	uint32_t y;

	if (m->pos >= MT_N)
		refill(m);
	y = m->key[m->pos++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680U;
	y ^= (y << 15) & 0xefc60000U;
	y ^= y >> 18;
	return y;
}

double
mt19937_double(struct mt19937 *m)
{
	uint32_t a = mt19937_u32(m) >> 5, b = mt19937_u32(m) >> 6;

	return (a * 67108864.0 + b) / 9007199254740992.0;
}

uint32_t
mt19937_interval(struct mt19937 *m, uint32_t max)
{
	uint32_t mask = max, v;

	if (max == 0)
		return 0;
	mask |= mask >> 1;
	mask |= mask >> 2;
	mask |= mask >> 4;
	mask |= mask >> 8;
	mask |= mask >> 16;
	while ((v = mt19937_u32(m) & mask) > max)
		;
	return v;
}

void
mt19937_shuffle(struct mt19937 *m, size_t *a, size_t n)
{
	size_t i, j, t;

	for (i = n; i-- > 1;) {
		j = mt19937_interval(m, (uint32_t)i);
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
}

void
mt19937_permutation(struct mt19937 *m, size_t *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		a[i] = i;
	mt19937_shuffle(m, a, n);
}
