/* bigarr.h: large growable arrays (millions of per-packet records) in their
 * own anonymous mapping, marked for transparent huge pages: touching them
 * costs one page fault per 2 MiB instead of one per 4 KiB, and growing
 * them (mremap) never copies. Falls back to plain pages where the kernel
 * does not do huge pages. Nothing exits: NULL on failure. */
#ifndef OSFP_BIGARR_H
#define OSFP_BIGARR_H

#include <stddef.h>

/* n bytes (n > 0), zero-filled. */
void *bigarr_alloc(size_t n);
/* Grow (or shrink) p from old to n bytes; the contents are kept. On
 * failure returns NULL and p is still valid. */
void *bigarr_realloc(void *p, size_t old, size_t n);
/* Free p of n bytes (NULL is fine). */
void bigarr_free(void *p, size_t n);

#endif
