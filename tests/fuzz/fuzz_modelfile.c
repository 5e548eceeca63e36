/* fuzz_modelfile.c: the model-file line reader (modelfile).
 *
 * A model loader is a fixed sequence of mt_* calls; here the input chooses
 * the sequence. Layout: byte 0 = number of calls (mod 24), then two bytes
 * per call (which reader and key; its argument), then the model text.
 * Properties, beyond no crash / leak / out-of-bounds read:
 * - every error is one line naming the file;
 * - values read back bit-exact: what modelfile_doubles, modelfile_longs and modelfile_text
 *   accept, written with modelfile_put_* and read again, is identical. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "learn/modelfile.h"

#define NAME "fuzz.model"

static const char *const keys[] = {
	"osfp-model", "version", "kind", "classes", "features", "mean",
	"scale", "coef", "intercept", "tree", "node", "n_features", "",
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* Write with put, read back with the same key; the values must match. */
static void
roundtrip_doubles(const char *key, const double *v, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct modelfile t;
	double back[64];

	FUZZ_CHECK(f != NULL);
	modelfile_put_doubles(f, key, v, n);
	fclose(f);
	modelfile_init(&t, buf, len, "roundtrip");
	FUZZ_CHECK(modelfile_doubles(&t, key, back, n) == 0);
	FUZZ_CHECK(n == 0 || memcmp(v, back, n * sizeof *v) == 0);
	modelfile_free(&t);
	free(buf);
}

static void
roundtrip_longs(const char *key, const long *v, size_t n, long lo, long hi)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct modelfile t;
	long back[16];

	FUZZ_CHECK(f != NULL);
	modelfile_put_longs(f, key, v, n);
	fclose(f);
	modelfile_init(&t, buf, len, "roundtrip");
	FUZZ_CHECK(modelfile_longs(&t, key, lo, hi, back, n) == 0);
	FUZZ_CHECK(n == 0 || memcmp(v, back, n * sizeof *v) == 0);
	modelfile_free(&t);
	free(buf);
}

static void
roundtrip_text(const char *key, const char *s)
{
	char *buf = NULL, *back = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct modelfile t;

	FUZZ_CHECK(f != NULL);
	modelfile_put_text(f, key, s);
	fclose(f);
	FUZZ_CHECK(len > 0 && memchr(buf, '\n', len) == buf + len - 1);
	modelfile_init(&t, buf, len, "roundtrip");
	FUZZ_CHECK(modelfile_text(&t, key, &back) == 0);
	FUZZ_CHECK(strcmp(s, back) == 0);
	free(back);
	modelfile_free(&t);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nops = size ? data[0] % 24 : 0, i, hdr;
	struct modelfile t;
	int rc = 0;

	hdr = 1 + 2 * nops;
	if (hdr > size)
		return 0;
	modelfile_init(&t, (const char *)data + hdr, size - hdr, NAME);
	for (i = 0; i < nops && rc == 0; i++) {
		unsigned op = data[1 + 2 * i], arg = data[2 + 2 * i];
		const char *key = keys[(op / 6) % NKEYS];
		/* with the empty key, "put" of zero values is a blank line,
		 * which readers skip: no round trip to check there */
		int rt = *key != '\0';
		char *rest, *text, word[32];
		double dv[64];
		long lv[16], lo, hi;
		size_t n;

		switch (op % 6) {
		case 0:
			rc = modelfile_key(&t, key, &rest);
			if (rc == 0)
				FUZZ_CHECK(rest >= t.cur && rest <= t.cur + strlen(t.cur));
			break;
		case 1:
			lo = -(long)arg;
			hi = (long)arg * 1000;
			rc = modelfile_long(&t, key, lo, hi, lv);
			if (rc == 0) {
				FUZZ_CHECK(lv[0] >= lo && lv[0] <= hi);
				if (rt)
					roundtrip_longs(key, lv, 1, lo, hi);
			}
			break;
		case 2:
			n = arg % 64;
			rc = modelfile_doubles(&t, key, dv, n);
			if (rc == 0 && rt)
				roundtrip_doubles(key, dv, n);
			break;
		case 3:
			n = arg % 16;
			rc = modelfile_longs(&t, key, 0, arg, lv, n);
			if (rc == 0 && rt)
				roundtrip_longs(key, lv, n, 0, arg);
			break;
		case 4:
			n = 1 + arg % 32;
			rc = modelfile_word(&t, key, word, n);
			if (rc == 0)
				FUZZ_CHECK(strlen(word) < n && !strchr(word, ' '));
			break;
		case 5:
			rc = modelfile_text(&t, key, &text);
			if (rc == 0) {
				if (rt)
					roundtrip_text(key, text);
				free(text);
			}
			break;
		}
	}
	if (rc != 0)
		fuzz_check_message(t.err, NAME);
	modelfile_free(&t);
	return 0;
}
