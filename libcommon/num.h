/* num.h: strict number parsing and round-trip float formatting (C locale). */
#ifndef OSFP_NUM_H
#define OSFP_NUM_H

#include <stddef.h>
#include <stdint.h>

/* Each parser consumes the whole string: leading/trailing junk, an empty
 * string, overflow, NaN and infinity are errors. Return 0 or -1. */
int parse_dbl(const char *s, double *v);
int parse_u64(const char *s, uint64_t *v);
int parse_i64(const char *s, int64_t *v);
/* Parse an integer in [lo, hi]. */
int parse_long(const char *s, long lo, long hi, long *v);

/* Format x as the shortest decimal that strtod reads back to the identical
 * double, in Python's repr style ("70.0", "1e-05", "0.1"), so that our output
 * compares byte for byte with the netml and sklearn references. buf must hold
 * FMT_DBL_MAX bytes; returns the length (no NUL counted). */
#define FMT_DBL_MAX 32
size_t fmt_double(char *buf, double x);

/* 10^0 .. 10^19, every power of ten a uint64_t holds. */
extern const uint64_t num_pow10[20];

/* Decimal of an unsigned 64-bit value; buf holds at least 21 bytes. */
size_t fmt_u64(char *buf, uint64_t v);

#endif
