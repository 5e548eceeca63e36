/* Unit tests for jsonl.c: string escaping (control bytes, invalid UTF-8)
 * and whole objects written through a csvw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "table/csvw.h"
#include "table/jsonl.h"
#include "tap.h"

static void
esc_is(const char *in, size_t n, const char *want, const char *what)
{
	char out[256];
	size_t len = jsonl_escape(out, in, n);

	out[len] = '\0';
	is_str(out, want, "%s", what);
}

int
main(void)
{
	struct csvw w;
	struct jsonl j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	esc_is("abc", 3, "abc", "plain text as is");
	esc_is("a\"b\\c", 5, "a\\\"b\\\\c", "quote and backslash");
	esc_is("\n\t\r\b\f", 5, "\\n\\t\\r\\b\\f", "short escapes");
	esc_is("\x01\x1f", 2, "\\u0001\\u001f", "other control bytes as \\u00XX");
	esc_is("a\0b", 3, "a\\u0000b", "a NUL byte");
	esc_is("\x7f", 1, "\x7f", "DEL is valid JSON as is");
	esc_is("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
	    "valid UTF-8 (2, 3, 4 bytes) as is");
	esc_is("\xff", 1, "\\ufffd", "an invalid byte becomes U+FFFD");
	esc_is("\xc3", 1, "\\ufffd", "a truncated sequence becomes U+FFFD");
	esc_is("\xc0\xaf", 2, "\\ufffd\\ufffd", "an overlong form is refused byte by byte");
	esc_is("\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd", "a surrogate is refused");
	esc_is("\xf4\x90\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd", "beyond U+10FFFF is refused");

	f = open_memstream(&buf, &len);
	csvw_init(&w, f, "<mem>", 0);
	jsonl_begin(&j, &w);
	jsonl_str(&j, "host", "10.0.0.1");
	jsonl_num(&j, "start", "1795859250.5");
	jsonl_u64(&j, "n", 12);
	jsonl_dbl(&j, "confidence", 0.1);
	jsonl_dbl(&j, "x", 70.0);
	jsonl_dbl(&j, "nan", NAN);
	jsonl_null(&j, "label");
	jsonl_str(&j, "k\"ey", "v\n");
	jsonl_end(&j);
	jsonl_begin(&j, &w);
	jsonl_end(&j);
	csvw_flush(&w);
	fclose(f);
	is_str(buf, "{\"host\":\"10.0.0.1\",\"start\":1795859250.5,\"n\":12,\"confidence\":0.1,"
	    "\"x\":70.0,\"nan\":null,\"label\":null,\"k\\\"ey\":\"v\\n\"}\n{}\n",
	    "objects: keys and strings escaped, numbers as numbers, one per line");
	free(w.buf);
	free(buf);
	return tap_done();
}
