/* Unit tests for num.c: strict parsing and repr-style float formatting. */
#include <math.h>
#include <stdlib.h>

#include "base/num.h"
#include "tap.h"

static void
fmt_is(double x, const char *want)
{
	char buf[FMT_DBL_MAX];

	num_fmt_double(buf, x);
	is_str(buf, want, "num_fmt_double(%.17g)", x);
	ok(strtod(buf, NULL) == x || isnan(x), "'%s' reads back bit-exact", buf);
}

int
main(void)
{
	double d;
	uint64_t u;
	int64_t i;
	long l;

	/* repr-style output, as Python prints the references */
	fmt_is(70.0, "70.0");
	fmt_is(0.0, "0.0");
	fmt_is(-0.0, "-0.0");
	fmt_is(0.1, "0.1");
	fmt_is(1e-05, "1e-05");
	fmt_is(0.0001, "0.0001");
	fmt_is(9.5367431640625e-07, "9.5367431640625e-07");
	fmt_is(0.422360897064209, "0.422360897064209");
	fmt_is(1499083689.815552, "1499083689.815552");
	fmt_is(1e16, "1e+16");
	fmt_is(123456789012345678.0, "1.2345678901234568e+17");
	fmt_is(9545.844501181971, "9545.844501181971");
	fmt_is(-2.5, "-2.5");
	fmt_is(1.7976931348623157e308, "1.7976931348623157e+308");
	fmt_is(5e-324, "5e-324");
	fmt_is(3.0994415283203125e-06, "3.0994415283203125e-06");

	ok(num_parse_dbl("1.5", &d) == 0 && d == 1.5, "parse 1.5");
	ok(num_parse_dbl("", &d) < 0, "empty is an error");
	ok(num_parse_dbl("nan", &d) < 0, "NaN is an error");
	ok(num_parse_dbl("inf", &d) < 0, "infinity is an error");
	ok(num_parse_dbl("1e400", &d) < 0, "overflow is an error");
	ok(num_parse_dbl("1e-400", &d) == 0 && d == 0, "underflow reads as 0");
	ok(num_parse_dbl("1.5x", &d) < 0, "trailing junk is an error");
	ok(num_parse_u64("18446744073709551615", &u) == 0 && u == UINT64_MAX, "u64 max");
	ok(num_parse_u64("18446744073709551616", &u) < 0, "u64 overflow");
	ok(num_parse_u64("-1", &u) < 0, "u64 rejects sign");
	ok(num_parse_i64("-9223372036854775808", &i) == 0 && i == INT64_MIN, "i64 min");
	ok(num_parse_i64("9223372036854775808", &i) < 0, "i64 overflow");
	ok(num_parse_long("42", 0, 100, &l) == 0 && l == 42, "long in range");
	ok(num_parse_long("420", 0, 100, &l) < 0, "long out of range");
	return tap_done();
}
