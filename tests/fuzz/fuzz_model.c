/* fuzz_model.c: the whole model-file loader (model.c with the linear, mlp
 * and forest loaders under it), then prediction with what was loaded.
 *
 * The input is a model file as osfp-train writes it.
 * Properties, beyond no crash / leak / out-of-bounds read / hang:
 * - an error is one line naming the file;
 * - a loaded model predicts: a class in [0, K) for every row, and finite
 *   probabilities summing to 1 (ridge: finite scores) — so a forest whose
 *   nodes point anywhere, or layer sizes that lie, are refused at load;
 * - it saves and reloads to the same text (save, load, save: identical). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "learn/model.h"

#define NAME "fuzz.model"

static char *
save(const struct model *m, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	FUZZ_CHECK(f != NULL);
	model_save(m, f);
	FUZZ_CHECK(fclose(f) == 0);
	return buf;
}

static void
check_predict(const struct model *m)
{
	enum { N = 3 };
	double *X, *out;
	int pred[N], k;
	size_t i, j;

	X = calloc(N * m->d, sizeof *X);
	out = calloc(N * (size_t)m->K, sizeof *out);
	FUZZ_CHECK(X && out);
	/* zeros; small values; large ones either side of typical splits */
	for (j = 0; j < m->d; j++) {
		X[m->d + j] = (double)(j % 7) * 0.5 - 1;
		X[2 * m->d + j] = j % 2 ? 1e9 : -1e9;
	}
	model_predict(m, X, N, pred, out);
	for (i = 0; i < N; i++) {
		double sum = 0;

		FUZZ_CHECK(pred[i] >= 0 && pred[i] < m->K);
		for (k = 0; k < m->K; k++) {
			FUZZ_CHECK(!isnan(out[i * (size_t)m->K + (size_t)k]));
			sum += out[i * (size_t)m->K + (size_t)k];
		}
		if (model_has_proba(m))
			FUZZ_CHECK(fabs(sum - 1) < 1e-6);
	}
	free(X);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model m, m2;
	char err[512];
	char *s1, *s2;
	size_t l1, l2;

	err[0] = '\0';
	if (model_load(&m, (const char *)data, size, NAME, err, sizeof err) != 0) {
		fuzz_check_message(err, NAME);
		return 0;
	}
	FUZZ_CHECK(m.K >= 2 && m.d >= 1);
	check_predict(&m);
	s1 = save(&m, &l1);
	if (model_load(&m2, s1, l1, "saved", err, sizeof err) != 0) {
		fprintf(stderr, "reload: %s\n", err);
		FUZZ_CHECK(!"a saved model does not load");
	}
	s2 = save(&m2, &l2);
	FUZZ_CHECK(l1 == l2 && memcmp(s1, s2, l1) == 0);
	model_free(&m);
	model_free(&m2);
	free(s1);
	free(s2);
	return 0;
}
