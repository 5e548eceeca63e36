/* vec.h: the vector types of the learners' kernels (GCC/Clang vector
 * extensions, 32 bytes: four doubles or eight floats) and the choice
 * between their two copies. A kernel header (tilegemm.h, vmath.h, ...) is
 * compiled twice into its learner, once for AVX2 with FMA and once plain;
 * both copies do the same operations in the same order, so a model does not
 * depend on the copy that ran. */
#ifndef OSFP_VEC_H
#define OSFP_VEC_H

#include <stdint.h>
#include <stdlib.h>

typedef double v4d __attribute__((vector_size(32)));
typedef int64_t v4i __attribute__((vector_size(32)));
/* loads and stores go through these: aligned as one element, may_alias */
typedef double v4u __attribute__((vector_size(32), aligned(8), may_alias));
typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4), may_alias));
typedef float v4f __attribute__((vector_size(16)));
typedef float v4fu __attribute__((vector_size(16), aligned(4), may_alias));
#define V4(x) ((v4d){ (x), (x), (x), (x) })
#define V8(x) ((v8f){ (x), (x), (x), (x), (x), (x), (x), (x) })
#define V4I(x) ((v4i){ (x), (x), (x), (x) })
#define V4F(x) ((v4f){ (x), (x), (x), (x) })

/* Use the AVX2 copies? Where the CPU has AVX2 and FMA, unless the
 * environment sets OSFP_NO_AVX2 (so that the tests can check that the
 * models are the same either way). */
static inline int
vec_avx2(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	return !getenv("OSFP_NO_AVX2") && __builtin_cpu_supports("avx2") &&
	    __builtin_cpu_supports("fma");
#else
	return 0;
#endif
}

#endif
