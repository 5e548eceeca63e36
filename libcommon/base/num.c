#include "base/num.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The powers of ten a double holds exactly: one rounding when used. */
static const double exact_p10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* Clinger's fast path for strtod: a plain decimal [-]digits[.digits][e[+-]dd]
 * whose digits form an integer M <= 2^53 and whose power of ten 10^k has
 * |k| <= 22 is M * 10^k or M / 10^-k: one IEEE operation on two exact
 * doubles, hence correctly rounded, the same double strtod returns. Returns
 * -1 for anything else (the caller then uses strtod), so it never changes
 * which strings are accepted. Most timestamps and IATs take this path. */
static int
decode_fast(const char *s, double *v)
{
	uint64_t m = 0;
	int neg = 0, nd = 0, intd = 0, frac = 0, e = 0, eneg = 0, ed = 0, k;
	double x;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, intd++)
		if (m || *s != '0') {
			if (++nd > 19)
				return -1;
			m = m * 10 + (uint64_t)(*s - '0');
		}
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9'; s++, frac++)
			if (m || *s != '0') {
				if (++nd > 19)
					return -1;
				m = m * 10 + (uint64_t)(*s - '0');
			}
		if (frac == 0)
			return -1;
	}
	if (intd == 0)
		return -1;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			eneg = *s++ == '-';
		for (; *s >= '0' && *s <= '9' && ed < 4; s++, ed++)
			e = e * 10 + (*s - '0');
		if (ed == 0 || ed >= 4)
			return -1;
	}
	if (*s || m > (1ULL << 53))
		return -1;
	k = (eneg ? -e : e) - frac;
	if (k < -22 || k > 22)
		return -1;
	x = (double)m;
	x = k < 0 ? x / exact_p10[-k] : x * exact_p10[k];
	*v = neg ? -x : x;
	return 0;
}

int
num_parse_dbl(const char *s, double *v)
{
	char *end;
	double x;

	if (!s || !*s)
		return -1;
	if (decode_fast(s, v) == 0)
		return 0;
	/* strtod also reads C99 hex floats ("0x10" = 16); Python, numpy and
	 * a person reading the CSV do not: junk, like any other text. */
	if (strpbrk(s, "xX"))
		return -1;
	errno = 0;
	x = strtod(s, &end);
	if (*end || end == s)
		return -1;
	/* strtod accepts "nan", "inf" and returns HUGE_VAL on overflow: all
	 * three are data errors for us. Underflow to 0 or a subnormal is a
	 * faithful reading of the text, so it is accepted. */
	if (!isfinite(x))
		return -1;
	*v = x;
	return 0;
}

int
num_parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	const char *p = s;

	if (!s || !*s)
		return -1;
	for (; *p; p++) {
		unsigned d;

		if (*p < '0' || *p > '9')
			return -1;
		d = (unsigned)(*p - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

int
num_parse_i64(const char *s, int64_t *v)
{
	uint64_t u;
	int neg = 0;

	if (!s)
		return -1;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (num_parse_u64(s, &u) < 0)
		return -1;
	if (neg) {
		if (u > (uint64_t)INT64_MAX + 1)
			return -1;
		*v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)u;
	} else {
		if (u > (uint64_t)INT64_MAX)
			return -1;
		*v = (int64_t)u;
	}
	return 0;
}

int
num_parse_long(const char *s, long lo, long hi, long *v)
{
	int64_t x;

	if (num_parse_i64(s, &x) < 0 || x < lo || x > hi)
		return -1;
	*v = (long)x;
	return 0;
}

const char num_digits2[201] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";

size_t
num_fmt_u64(char *buf, uint64_t v)
{
	char *e = num_put_u(buf, v);

	*e = '\0';
	return (size_t)(e - buf);
}

/* Whether the decimal m * 10^k reads back as x. */
static int
reads_back(uint64_t m, int k, double x)
{
	char tmp[40];

	if (m <= (1ULL << 53) && k >= -22 && k <= 22)
		/* Clinger: one IEEE operation on exact operands (see decode_fast) */
		return (k < 0 ? (double)m / exact_p10[-k] : (double)m * exact_p10[k]) == x;
	snprintf(tmp, sizeof tmp, "%llue%d", (unsigned long long)m, k);
	return strtod(tmp, NULL) == x;
}

/* The p significant digits (1 <= p <= 17) of x > 0, correctly rounded,
 * and the decimal exponent: what snprintf("%.*e", p - 1, x) prints (glibc
 * rounds the exact binary value half to even). For 1e-5 <= x < 1e21 it is
 * computed exactly in 128-bit integers: x = f * 2^q, and x * 10^k is the
 * quotient num / den with num and den below 2^127 in that range; outside
 * it, and where the exponent guess does not settle, printf does it. */
__extension__ typedef unsigned __int128 num_u128;

const uint64_t num_pow10[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull,
	10000000000000000000ull
};

static void
exp_digits(double x, int p, char *dig, int *exp10)
{
	char tmp[40];
	int i;

	if (x >= 1e-5 && x < 1e21) {
		int bexp, q, E, tries;
		uint64_t f = (uint64_t)ldexp(frexp(x, &bexp), 53);   /* exact */

		q = bexp - 53;                  /* x = f * 2^q */
		E = (int)floor(log10(x));       /* a guess, checked below */
		for (tries = 0; tries < 3; tries++) {
			int k = p - 1 - E, j;
			num_u128 num = f, den = 1, D, rem;

			for (j = k; j > 0; j -= 19)     /* k <= 22 here */
				num *= num_pow10[j > 19 ? 19 : j];
			for (j = -k; j > 0; j -= 19)    /* -k <= 20 here */
				den *= num_pow10[j > 19 ? 19 : j];
			if (q >= 0)
				num <<= q;              /* q <= 17 here */
			else
				den <<= -q;             /* -q <= 70 here */
			D = num / den;
			rem = num - D * den;
			if (D < num_pow10[p - 1]) {
				E--;
				continue;
			}
			if (D >= num_pow10[p]) {
				E++;
				continue;
			}
			if (2 * rem > den || (2 * rem == den && (D & 1)))
				D++;
			if (D == num_pow10[p]) {          /* 99..9 rounded up to 100..0 */
				D = num_pow10[p - 1];
				E++;
			}
			{
				uint64_t d = (uint64_t)D;   /* < 10^17 */

				for (i = p - 1; i >= 0; i--) {
					dig[i] = (char)('0' + (int)(d % 10));
					d /= 10;
				}
			}
			*exp10 = E;
			return;
		}
	}
	snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
	dig[0] = tmp[0];
	if (p > 1)
		memcpy(dig + 1, tmp + 2, (size_t)(p - 1));
	*exp10 = atoi(tmp + (p > 1 ? p + 2 : 2));
}

/* Shortest digits: the fewest significant digits p (15..17 suffice for
 * every double; fewer are found by stripping zeros) whose correctly rounded
 * decimal reads back as x. This is the digit string Python's repr prints.
 * One exact printf gives the 17 digits; the 15- and 16-digit roundings are
 * derived from them, unless the dropped digits are exactly "50" / "5": then
 * the 17 digits cannot tell a tie, or its side, and printf rounds again. */
static int
shortest_digits(double x, char *digits, int *exp10)
{
	char tmp[40], d17[17];
	int p, nd = 0, e17, i;
	char *e, *s;

	if (x < DBL_MIN) {
		/* subnormals carry fewer bits: search from 1 digit */
		double y;

		for (p = 1; p <= 17; p++) {
			snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
			if (p == 17)
				break;
			if (decode_fast(tmp, &y) < 0)
				y = strtod(tmp, NULL);
			if (y == x)
				break;
		}
		e = strchr(tmp, 'e');
		*exp10 = atoi(e + 1);
		for (s = tmp; s < e; s++)
			if (*s >= '0' && *s <= '9')
				digits[nd++] = *s;
		goto strip;
	}
	exp_digits(x, 17, d17, &e17);
	for (p = 15; p <= 16; p++) {
		char c[17];
		uint64_t m = 0;
		int ep = e17, up;

		if (p == 15)
			up = d17[15] == '5' && d17[16] == '0' ? -1 : d17[15] >= '5';
		else
			up = d17[16] == '5' ? -1 : d17[16] > '5';
		if (up < 0) {
			exp_digits(x, p, c, &ep);
		} else {
			memcpy(c, d17, (size_t)p);
			for (i = p - 1; up && i >= 0; i--) {
				if (c[i] == '9')
					c[i] = '0';
				else {
					c[i]++;
					up = 0;
				}
			}
			if (up) {           /* 99..9 rounded up to 100..0 */
				c[0] = '1';
				ep++;
			}
		}
		for (i = 0; i < p; i++)
			m = m * 10 + (uint64_t)(c[i] - '0');
		if (reads_back(m, ep - (p - 1), x)) {
			memcpy(digits, c, (size_t)p);
			nd = p;
			*exp10 = ep;
			goto strip;
		}
	}
	memcpy(digits, d17, 17);
	nd = 17;
	*exp10 = e17;
strip:
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = '\0';
	return nd;
}

size_t
num_fmt_double(char *buf, double x)
{
	char digits[24];
	char *b = buf;
	int nd, e, i;

	if (isnan(x))
		return (size_t)sprintf(buf, "nan");
	if (isinf(x))
		return (size_t)sprintf(buf, x < 0 ? "-inf" : "inf");
	if (signbit(x))
		*b++ = '-', x = -x;
	if (x == 0) {
		memcpy(b, "0.0", 4);
		return (size_t)(b - buf) + 3;
	}
	/* Fast path: integers below 2^53 print exactly as "N.0". */
	if (x < 9007199254740992.0 && x == (double)(int64_t)x && x < 1e16) {
		size_t n = num_fmt_u64(b, (uint64_t)x);
		memcpy(b + n, ".0", 3);
		return (size_t)(b - buf) + n + 2;
	}
	nd = shortest_digits(x, digits, &e);
	if (e >= -5 + 1 && e < 16) {
		/* fixed notation, as repr does for 1e-4 <= |x| < 1e16 */
		if (e < 0) {
			*b++ = '0';
			*b++ = '.';
			for (i = -1; i > e; i--)
				*b++ = '0';
			memcpy(b, digits, (size_t)nd);
			b += nd;
		} else {
			for (i = 0; i <= e; i++)
				*b++ = i < nd ? digits[i] : '0';
			*b++ = '.';
			if (nd > e + 1) {
				memcpy(b, digits + e + 1, (size_t)(nd - e - 1));
				b += nd - e - 1;
			} else
				*b++ = '0';
		}
		*b = '\0';
		return (size_t)(b - buf);
	}
	*b++ = digits[0];
	if (nd > 1) {
		*b++ = '.';
		memcpy(b, digits + 1, (size_t)(nd - 1));
		b += nd - 1;
	}
	b += sprintf(b, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	return (size_t)(b - buf);
}
