/* Unit tests for json.c: the strict JSON reader. */
#include <string.h>

#include "base/json.h"
#include "tap.h"

static int
parses(const char *s)
{
	struct json_doc d;

	if (json_parse(&d, s, strlen(s)) < 0)
		return 0;
	json_free(&d);
	return 1;
}

int
main(void)
{
	/* one row per case: text, accepted? */
	static const struct { const char *text; int ok; } cases[] = {
		{ "{}", 1 }, { "[]", 1 }, { " [1, -2.5e+3, 0.0, -0, 1E-1] ", 1 },
		{ "\"a\\u00e9\\ud83d\\ude00\\n\"", 1 }, { "true", 1 }, { "null", 1 },
		{ "{\"a\": {\"b\": [null, false]}}", 1 },
		{ "", 0 }, { "   ", 0 }, { "[1,]", 0 }, { "{\"a\":1,}", 0 }, { "[1 2]", 0 },
		{ "{a:1}", 0 }, { "01", 0 }, { "1.", 0 }, { ".5", 0 }, { "1e", 0 }, { "+1", 0 },
		{ "NaN", 0 }, { "Infinity", 0 }, { "[1] [2]", 0 }, { "\"tab\there\"", 0 },
		{ "\"\\x\"", 0 }, { "\"\\ud800\"", 0 }, { "\"\\udc00\"", 0 }, { "\"\\u12\"", 0 },
		{ "\"open", 0 }, { "[", 0 }, { "{\"a\"", 0 }, { "{\"a\":", 0 }, { "tru", 0 },
		{ "/* c */ 1", 0 },
	};
	struct json_doc d;
	const struct json *v;
	char deep[2 * JSON_MAX_DEPTH + 8];
	size_t i;
	float f;
	double x;
	long l;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		ok(parses(cases[i].text) == cases[i].ok, "%s: '%s'",
		    cases[i].ok ? "accepted" : "refused", cases[i].text);

	/* nesting: JSON_MAX_DEPTH levels parse, one more does not */
	memset(deep, '[', JSON_MAX_DEPTH);
	memset(deep + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
	ok(parses("[]") && json_parse(&d, deep, 2 * JSON_MAX_DEPTH) == 0,
	    "%d levels of nesting parse", JSON_MAX_DEPTH);
	json_free(&d);
	memset(deep, '[', JSON_MAX_DEPTH + 1);
	memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
	ok(json_parse(&d, deep, 2 * JSON_MAX_DEPTH + 2) < 0 && strstr(d.err, "nested"),
	    "one more is refused: %s", d.err);

	/* an error names the byte */
	ok(json_parse(&d, "[1, 2, x]", 9) < 0 && strcmp(d.err, "byte 7: unexpected byte 0x78") == 0,
	    "error names the byte: %s", d.err);
	/* a NUL byte is not whitespace */
	ok(json_parse(&d, "[1]\0", 4) < 0, "a NUL after the value is refused");

	/* members, strings, numbers */
	{
		static const char doc[] = "{\"name\": \"multi:softprob\", \"esc\": \"a\\\"b\\u0041\","
		    " \"p\": {\"base_score\": \"5E-1\", \"n\": \"13\"}, \"a\": [1, -1, 2.5E0, 1e40],"
		    " \"name\": \"second\"}";

		ok(json_parse(&d, doc, strlen(doc)) == 0, "a document parses");
		ok(json_is_str(json_get(&d.root, "name"), "multi:softprob"),
		    "member lookup, the first of a repeated key wins");
		ok(json_is_str(json_get(&d.root, "esc"), "a\"bA"), "escapes decoded in place");
		ok(json_float(json_get(json_get(&d.root, "p"), "base_score"), &f) == 0 && f == 0.5f,
		    "a number in a string, as XGBoost writes parameters");
		ok(json_long(json_get(json_get(&d.root, "p"), "n"), 2, 13, &l) == 0 && l == 13,
		    "an integer in range");
		ok(json_long(json_get(json_get(&d.root, "p"), "n"), 2, 12, &l) < 0,
		    "an integer out of range");
		v = json_get(&d.root, "a");
		ok(v && v->type == JSON_ARRAY && v->n == 4, "array of 4");
		ok(json_long(&v->items[1], -1, 1, &l) == 0 && l == -1, "negative integer");
		ok(json_long(&v->items[2], 0, 9, &l) < 0, "2.5E0 is not an integer");
		ok(json_double(&v->items[2], &x) == 0 && x == 2.5, "2.5E0 as a double");
		ok(json_float(&v->items[3], &f) < 0, "1e40 overflows a float: refused");
		ok(json_double(&v->items[3], &x) == 0 && x == 1e40, "but is a double");
		ok(json_float(json_get(&d.root, "name"), &f) < 0, "a word is not a number");
		ok(json_get(&d.root, "missing") == NULL && json_get(v, "name") == NULL,
		    "no such member; not an object");
		json_free(&d);
	}
	/* strtof's rounding, not strtod's then a float's: 1.00000005960464477550
	 * lies just above the midpoint of 1 and the next float */
	ok(json_parse(&d, "1.00000005960464477550", 22) == 0 && json_float(&d.root, &f) == 0 &&
	    f == 1.00000011920928955078125f, "float rounding is direct");
	json_free(&d);
	return tap_done();
}
