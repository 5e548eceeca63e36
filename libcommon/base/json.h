/* json.h: a strict JSON (RFC 8259) reader into a tree of values, for
 * reading the XGBoost model a gbdt model file carries.
 *
 * Strict: one value, no comments, no trailing commas, no NaN or Infinity,
 * no control bytes in strings, nesting at most JSON_MAX_DEPTH deep. Numbers
 * keep their text, so that each reader converts it once, the way it needs
 * (json_float is strtof's correctly rounded float, never a double rounded
 * twice). Strings are decoded (escapes, \u surrogate pairs to UTF-8) in
 * the document's own copy of the text. The library never exits on bad
 * input: json_parse returns -1 with one line in doc->err. */
#ifndef OSFP_JSON_H
#define OSFP_JSON_H

#include <stddef.h>

#define JSON_MAX_DEPTH 64

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
	JSON_OBJECT };

struct json {
	enum json_type type;
	size_t n;              /* string, number: bytes; array: items; object: members */
	const char *text;      /* string (decoded, not NUL-terminated), number */
	struct json *items;    /* array: n values; object: 2n (key string, value) */
};

struct json_doc {
	char *buf;             /* the document's copy of the text */
	struct json root;
	char err[160];         /* "byte N: problem" */
};

/* Parse text[0..len). 0, or -1 with doc->err set (nothing to free). */
int json_parse(struct json_doc *doc, const char *text, size_t len);
void json_free(struct json_doc *doc);

/* The value of member key of an object, or NULL (not an object, no such
 * member). The first member wins when a key repeats. */
const struct json *json_get(const struct json *obj, const char *key);
/* Is v the string s? */
int json_is_str(const struct json *v, const char *s);
/* A number (or, as XGBoost writes its parameters, a string holding one)
 * as a finite float, a finite double, or an integer in [lo, hi]: 0 or -1. */
int json_float(const struct json *v, float *out);
int json_double(const struct json *v, double *out);
int json_long(const struct json *v, long lo, long hi, long *out);

#endif
