/* fuzz_csv.c: the CSV/TSV reader (csvr) with the writer (csvw) and the
 * number parsers as oracles.
 *
 * Properties checked on every input, beyond "no crash, no leak, no read
 * out of bounds":
 * - an error is one line naming the input (fuzz_check_message);
 * - every record read before an error has the header's width;
 * - round trip: writing the records read with csvw and reading that back
 *   gives the same header and fields, byte for byte (a writer that loses
 *   or changes a field would silently change the data between stages);
 * - numbers: a field parse_dbl accepts, printed by fmt_double, parses back
 *   to the identical double; parse_u64 values print back with fmt_u64. */
/* fuzz-deps: csvr csvw num util */
#include <stdint.h>
#include <string.h>

#include "csvr.h"
#include "csvw.h"
#include "fuzz_common.h"
#include "num.h"

#define NAME "fuzz.csv"

static void
check_numbers(const char *s)
{
	double x, y;
	uint64_t u, v;
	char buf[FMT_DBL_MAX + 8];
	size_t n;

	if (parse_dbl(s, &x) == 0) {
		n = fmt_double(buf, x);
		FUZZ_CHECK(n < FMT_DBL_MAX && strlen(buf) == n);
		FUZZ_CHECK(parse_dbl(buf, &y) == 0);
		FUZZ_CHECK(memcmp(&x, &y, sizeof x) == 0);
	}
	if (parse_u64(s, &u) == 0) {
		n = fmt_u64(buf, u);
		FUZZ_CHECK(strlen(buf) == n);
		FUZZ_CHECK(parse_u64(buf, &v) == 0 && u == v);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct csvr *r, *a, *b;
	struct csvw w;
	char *err, *out = NULL;
	size_t outlen = 0, i, nrec = 0, k;
	FILE *mf;
	int rc, tsv;

	r = csvr_open_mem(in, size, NAME, &err);
	if (!r) {
		fuzz_check_message(err, NAME);
		csvr_free_error(err);
		return 0;
	}
	FUZZ_CHECK(csvr_ncols(r) > 0);
	tsv = csvr_is_tsv(r);
	mf = open_memstream(&out, &outlen);
	FUZZ_CHECK(mf != NULL);
	csvw_init(&w, mf, "<memory>", tsv);
	for (i = 0; i < csvr_ncols(r); i++) {
		FUZZ_CHECK(csvr_col(r, csvr_colname(r, i)) == (long)i);
		csvw_str(&w, csvr_colname(r, i));
	}
	csvw_end(&w);
	while ((rc = csvr_next(r)) == 1) {
		unsigned long line = csvr_line(r);

		FUZZ_CHECK(line >= 2);
		for (i = 0; i < csvr_ncols(r); i++) {
			const char *f = csvr_field(r, i);

			FUZZ_CHECK(strlen(f) == csvr_fieldlen(r, i));
			check_numbers(f);
			csvw_strn(&w, f, csvr_fieldlen(r, i));
		}
		csvw_end(&w);
		nrec++;
	}
	if (rc < 0)
		fuzz_check_message(csvr_error(r), NAME);
	csvr_close(r);
	FUZZ_CHECK(csvw_close(&w) == 0);  /* also fcloses the memstream */

	/* Read the original and the rewritten text side by side. */
	a = csvr_open_mem(in, size, NAME, &err);
	FUZZ_CHECK(a != NULL);
	b = csvr_open_mem(out, outlen, "rewritten", &err);
	if (!b)
		fprintf(stderr, "rewritten: %s\n", err);
	FUZZ_CHECK(b != NULL);
	/* The delimiter is guessed from the first physical line; a header
	 * whose first line differs after rewriting may be guessed otherwise.
	 * Only compare when both readers agree on it. */
	if (csvr_is_tsv(b) == tsv) {
		FUZZ_CHECK(csvr_ncols(a) == csvr_ncols(b));
		for (i = 0; i < csvr_ncols(a); i++)
			FUZZ_CHECK(strcmp(csvr_colname(a, i), csvr_colname(b, i)) == 0);
		for (k = 0; k < nrec; k++) {
			FUZZ_CHECK(csvr_next(a) == 1);
			FUZZ_CHECK(csvr_next(b) == 1);
			for (i = 0; i < csvr_ncols(a); i++) {
				FUZZ_CHECK(csvr_fieldlen(a, i) == csvr_fieldlen(b, i));
				FUZZ_CHECK(memcmp(csvr_field(a, i), csvr_field(b, i),
				    csvr_fieldlen(a, i)) == 0);
			}
		}
		FUZZ_CHECK(csvr_next(b) == 0);
	}
	csvr_close(a);
	csvr_close(b);
	free(out);
	return 0;
}
