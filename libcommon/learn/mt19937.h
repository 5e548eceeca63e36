/* mt19937.h: numpy's legacy RandomState generator (MT19937), so that the
 * split and other seeded steps draw exactly the numbers numpy draws.
 *
 * mt19937_seed is numpy's mt19937_seed (= Matsumoto's init_genrand), used by
 * np.random.RandomState(int). mt19937_interval is numpy's random_interval,
 * mt19937_shuffle its legacy 1-d shuffle, mt19937_permutation is
 * RandomState.permutation(n). mt19937_double is random_sample() (53 bits). */
#ifndef OSFP_MT19937_H
#define OSFP_MT19937_H

#include <stddef.h>
#include <stdint.h>

struct mt19937 {
	uint32_t key[624];
	int pos;
};

void mt19937_seed(struct mt19937 *m, uint32_t seed);
uint32_t mt19937_u32(struct mt19937 *m);
double mt19937_double(struct mt19937 *m);
/* A uniform integer in [0, max], max < 2^32, by masked rejection. */
uint32_t mt19937_interval(struct mt19937 *m, uint32_t max);
/* for i = n-1 down to 1: swap a[i] with a[interval(i)] */
void mt19937_shuffle(struct mt19937 *m, size_t *a, size_t n);
/* a[i] = i, then shuffle */
void mt19937_permutation(struct mt19937 *m, size_t *a, size_t n);

#endif
