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
 * - numbers: a field num_parse_dbl accepts, printed by num_fmt_double, parses back
 *   to the identical double; num_parse_u64 values print back with num_fmt_u64;
 * - differential: every record csvr returns equals the one libcsv itself
 *   gives for the whole buffer (csvr has fast paths of its own), and a
 *   clean end means libcsv saw exactly as many records. */
#include <csv.h>
#include <stdint.h>
#include <string.h>

#include "table/csvr.h"
#include "table/csvw.h"
#include "fuzz_common.h"
#include "base/num.h"

#define NAME "fuzz.csv"

static void
check_numbers(const char *s)
{
	double x, y;
	uint64_t u, v;
	char buf[FMT_DBL_MAX + 8];
	size_t n;

	if (num_parse_dbl(s, &x) == 0) {
		n = num_fmt_double(buf, x);
		FUZZ_CHECK(n < FMT_DBL_MAX && strlen(buf) == n);
		FUZZ_CHECK(num_parse_dbl(buf, &y) == 0);
		FUZZ_CHECK(memcmp(&x, &y, sizeof x) == 0);
	}
	if (num_parse_u64(s, &u) == 0) {
		n = num_fmt_u64(buf, u);
		FUZZ_CHECK(strlen(buf) == n);
		FUZZ_CHECK(num_parse_u64(buf, &v) == 0 && u == v);
	}
}

/* The records libcsv gives for the whole buffer, fields copied flat. */
struct ref {
	char *buf;
	size_t len, cap;
	size_t *off, *flen, nf, fcap;   /* fields */
	size_t *first, nrec, rcap;      /* index of each record's first field */
	int err;
};

static void
ref_field(void *s, size_t len, void *data)
{
	struct ref *r = data;

	if (r->nf == r->fcap) {
		r->fcap = r->fcap ? 2 * r->fcap : 64;
		r->off = realloc(r->off, r->fcap * sizeof *r->off);
		r->flen = realloc(r->flen, r->fcap * sizeof *r->flen);
		FUZZ_CHECK(r->off && r->flen);
	}
	if (r->len + len + 1 > r->cap) {
		while (r->len + len + 1 > r->cap)
			r->cap = r->cap ? 2 * r->cap : 1024;
		r->buf = realloc(r->buf, r->cap);
		FUZZ_CHECK(r->buf);
	}
	if (len)
		memcpy(r->buf + r->len, s, len);
	r->buf[r->len + len] = '\0';
	r->off[r->nf] = r->len;
	r->flen[r->nf++] = len;
	r->len += len + 1;
}

static void
ref_record(int c, void *data)
{
	struct ref *r = data;

	(void)c;
	if (r->nrec + 1 >= r->rcap) {
		r->rcap = r->rcap ? 2 * r->rcap : 64;
		r->first = realloc(r->first, r->rcap * sizeof *r->first);
		FUZZ_CHECK(r->first);
	}
	r->first[++r->nrec] = r->nf;    /* first[k]..first[k+1]: record k */
}

/* csvr's delimiter rule: the first line that is not only spaces and line
 * ends holds a tab and no comma. */
static unsigned char
guess_delim(const char *in, size_t size)
{
	size_t i = 0;

	while (i < size) {
		const char *nl = memchr(in + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - in - i) + 1 : size - i, k;

		for (k = 0; k < n && strchr(" \r\n", in[i + k]) && in[i + k]; k++)
			;
		if (k < n)
			return memchr(in + i, '\t', n) && !memchr(in + i, ',', n) ? '\t' : ',';
		i += n;
	}
	return ',';
}

static void
ref_parse(struct ref *r, const char *in, size_t size)
{
	struct csv_parser p;

	memset(r, 0, sizeof *r);
	r->rcap = 64;
	r->first = calloc(r->rcap, sizeof *r->first);
	FUZZ_CHECK(r->first && csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) == 0);
	csv_set_delim(&p, guess_delim(in, size));
	if (csv_parse(&p, in, size, ref_field, ref_record, r) != size ||
	    csv_fini(&p, ref_field, ref_record, r) != 0)
		r->err = 1;
	csv_free(&p);
}

static void
ref_free(struct ref *r)
{
	free(r->buf);
	free(r->off);
	free(r->flen);
	free(r->first);
}

/* Record k of the reference equals the fields csvr hands out now. */
static void
ref_check(const struct ref *ref, size_t k, const struct csvr *r, int header)
{
	size_t i, nf;

	FUZZ_CHECK(k < ref->nrec);
	nf = ref->first[k + 1] - ref->first[k];
	FUZZ_CHECK(nf == csvr_ncols(r));
	for (i = 0; i < nf; i++) {
		size_t f = ref->first[k] + i;
		const char *got = header ? csvr_colname(r, i) : csvr_field(r, i);

		if (header)
			FUZZ_CHECK(strcmp(got, ref->buf + ref->off[f]) == 0);
		else
			FUZZ_CHECK(csvr_fieldlen(r, i) == ref->flen[f] &&
			    memcmp(got, ref->buf + ref->off[f], ref->flen[f]) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ref ref;
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
	ref_parse(&ref, in, size);
	ref_check(&ref, 0, r, 1);
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
		ref_check(&ref, nrec + 1, r, 0);
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
	else
		FUZZ_CHECK(!ref.err && ref.nrec == nrec + 1);
	ref_free(&ref);
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
