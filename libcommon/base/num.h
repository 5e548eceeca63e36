/* num.h: strict number parsing and round-trip float formatting (C locale). */
#ifndef OSFP_NUM_H
#define OSFP_NUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Each parser consumes the whole string: leading/trailing junk, an empty
 * string, overflow, NaN and infinity are errors. Return 0 or -1. */
int num_parse_dbl(const char *s, double *v);
int num_parse_u64(const char *s, uint64_t *v);
int num_parse_i64(const char *s, int64_t *v);
/* Parse an integer in [lo, hi]. */
int num_parse_long(const char *s, long lo, long hi, long *v);

/* Format x as the shortest decimal that strtod reads back to the identical
 * double, in Python's repr style ("70.0", "1e-05", "0.1"), so that our output
 * compares byte for byte with the netml and sklearn references. buf must hold
 * FMT_DBL_MAX bytes; returns the length (no NUL counted). */
#define FMT_DBL_MAX 32
size_t num_fmt_double(char *buf, double x);

/* 10^0 .. 10^19, every power of ten a uint64_t holds. */
extern const uint64_t num_pow10[20];

/* "00".."99": decimal digits two at a time. */
extern const char num_digits2[201];

/* The number of decimal digits of v (1 for 0): log10 from the bit length
 * (1233/4096 ~ log10 2), corrected by one comparison. */
static inline int
num_ndigits(uint64_t v)
{
	int t = ((64 - __builtin_clzll(v | 1)) * 1233) >> 12;

	return t - ((v | 1) < num_pow10[t]) + 1;
}

/* v in decimal at p, no NUL; returns the end. Two digits per division,
 * 32-bit divisions once v fits. Inline: the output stages write millions
 * of numbers. */
static inline char *
num_put_u(char *p, uint64_t v)
{
	char *e = p + num_ndigits(v), *end = e;
	uint32_t w;

	while (v >> 32) {
		e -= 2;
		memcpy(e, num_digits2 + 2 * (v % 100), 2);
		v /= 100;
	}
	for (w = (uint32_t)v; w >= 100; w /= 100) {
		e -= 2;
		memcpy(e, num_digits2 + 2 * (w % 100), 2);
	}
	if (w >= 10)
		memcpy(e - 2, num_digits2 + 2 * w, 2);
	else
		e[-1] = (char)('0' + w);
	return end;
}

/* num_put_u for values nearly always below 100000 (packet header fields):
 * a few comparisons instead of counting the digits. */
static inline char *
num_put_small(char *p, uint32_t v)
{
	uint32_t hi, lo;

	if (v < 10) {
		*p = (char)('0' + v);
		return p + 1;
	}
	if (v < 100) {
		memcpy(p, num_digits2 + 2 * v, 2);
		return p + 2;
	}
	if (v >= 100000)
		return num_put_u(p, v);
	if (v >= 10000) {
		*p++ = (char)('0' + v / 10000);
		v %= 10000;
		hi = v / 100;
		lo = v % 100;
		memcpy(p, num_digits2 + 2 * hi, 2);
		memcpy(p + 2, num_digits2 + 2 * lo, 2);
		return p + 4;
	}
	hi = v / 100;
	lo = v % 100;
	if (hi < 10)
		*p++ = (char)('0' + hi);
	else {
		memcpy(p, num_digits2 + 2 * hi, 2);
		p += 2;
	}
	memcpy(p, num_digits2 + 2 * lo, 2);
	return p + 2;
}

/* Decimal of an unsigned 64-bit value and a NUL; buf holds at least 21
 * bytes. Returns the length. */
size_t num_fmt_u64(char *buf, uint64_t v);

#endif
