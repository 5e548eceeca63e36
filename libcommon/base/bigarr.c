/* bigarr.c: see bigarr.h. */
#define _GNU_SOURCE             /* mremap, MADV_HUGEPAGE */
#include "base/bigarr.h"

#include <sys/mman.h>

static void
huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	madvise(p, n, MADV_HUGEPAGE);   /* advice only: failure is harmless */
#else
	(void)p;
	(void)n;
#endif
}

void *
bigarr_alloc(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	huge(p, n);
	return p;
}

void *
bigarr_realloc(void *p, size_t old, size_t n)
{
	void *q;

	if (!p)
		return bigarr_alloc(n);
	q = mremap(p, old ? old : 1, n ? n : 1, MREMAP_MAYMOVE);
	if (q == MAP_FAILED)
		return NULL;
	huge(q, n);
	return q;
}

void
bigarr_free(void *p, size_t n)
{
	if (p)
		munmap(p, n ? n : 1);
}
