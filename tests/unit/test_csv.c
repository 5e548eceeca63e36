/* Unit tests for csvr.c and csvw.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table/csvr.h"
#include "table/csvw.h"
#include "tap.h"

static struct csvr *
open_str(const char *s, char **err)
{
	return csvr_open_mem(s, strlen(s), "t.csv", err);
}

int
main(void)
{
	struct csvr *r;
	char *err;
	int rc;

	r = open_str("a,b,c\n1,2,3\n\"x,y\",\"q\"\"q\",\n", &err);
	ok(r != NULL, "open with header");
	ok(csvr_ncols(r) == 3, "three columns");
	ok(csvr_col(r, "b") == 1 && csvr_col(r, "zz") == -1, "columns by name");
	ok(csvr_next(r) == 1, "first record");
	is_str(csvr_field(r, 2), "3", "field 3");
	ok(csvr_line(r) == 2, "record on line 2");
	ok(csvr_next(r) == 1, "second record");
	is_str(csvr_field(r, 0), "x,y", "quoted delimiter");
	is_str(csvr_field(r, 1), "q\"q", "doubled quote");
	is_str(csvr_field(r, 2), "", "empty last field");
	ok(csvr_next(r) == 0, "end of input");
	csvr_close(r);

	r = open_str("a\tb\n1\t2\n", &err);
	ok(r && csvr_is_tsv(r), "TSV detected from header");
	ok(csvr_next(r) == 1 && strcmp(csvr_field(r, 1), "2") == 0, "TSV field");
	csvr_close(r);

	r = open_str("a,b\n1,2\n3\n", &err);
	ok(csvr_next(r) == 1, "good row before ragged one");
	rc = csvr_next(r);
	ok(rc == -1, "ragged row is an error");
	is_str(csvr_error(r), "'t.csv': line 3: expected 2 fields, got 1", "ragged message");
	csvr_close(r);

	r = open_str("a,b\n1,\"2\n", &err);
	ok(csvr_next(r) == -1, "unclosed quote is an error");
	is_str(csvr_error(r), "'t.csv': line 2: quoted field never closed", "unclosed message");
	csvr_close(r);

	r = open_str("", &err);
	ok(r == NULL, "empty input fails");
	is_str(err, "'t.csv': empty input, no header row", "empty message");
	csvr_free_error(err);

	r = open_str("a,b,a\n", &err);
	ok(r == NULL, "duplicate column fails");
	is_str(err, "'t.csv': line 1: duplicate column name 'a'", "duplicate message");
	csvr_free_error(err);

	r = open_str("a,b\n", &err);
	ok(r && csvr_next(r) == 0, "header only: no records");
	csvr_close(r);

	r = open_str("a,b\n1,2\n\n3,4", &err);
	ok(csvr_next(r) == 1 && csvr_next(r) == 1, "blank line skipped, last line without newline");
	is_str(csvr_field(r, 1), "4", "last field");
	ok(csvr_line(r) == 4, "line number after blank line");
	csvr_close(r);

	/* The one-line fast path and libcsv agree: trimming, blanks, CRLF,
	 * and a quoted record in between goes through libcsv. */
	r = open_str("a,b,c\r\n a , b ,c\t\r\n   \n,,\n\"q, 1\" ,2,3\nx,y,z", &err);
	ok(r && csvr_next(r) == 1, "fast path record");
	is_str(csvr_field(r, 0), "a", "leading blanks trimmed");
	is_str(csvr_field(r, 1), "b", "blanks around trimmed");
	is_str(csvr_field(r, 2), "c", "tab and CRLF trimmed");
	ok(csvr_next(r) == 1 && csvr_line(r) == 4, "blank line skipped, delimiters only is a record");
	is_str(csvr_field(r, 0), "", "empty field");
	ok(csvr_next(r) == 1, "quoted record");
	is_str(csvr_field(r, 0), "q, 1", "quoted field through libcsv");
	ok(csvr_next(r) == 1 && strcmp(csvr_field(r, 2), "z") == 0 && csvr_line(r) == 6,
	    "fast path again after libcsv, last line unterminated");
	ok(csvr_next(r) == 0, "end");
	csvr_close(r);

	/* A UTF-8 byte-order mark is skipped before the header only. */
	r = open_str("\xEF\xBB\xBF" "flow,b\n1,\xEF\xBB\xBFx\n", &err);
	ok(r && csvr_col(r, "flow") == 0, "a byte-order mark is not part of the first name");
	ok(r && csvr_next(r) == 1 && strcmp(csvr_field(r, 1), "\xEF\xBB\xBFx") == 0,
	    "inside the data it is data");
	csvr_close(r);
	r = open_str("\xEF\xBB\xBF" "\n\na\tb\n1\t2\n", &err);
	ok(r && csvr_is_tsv(r) && csvr_col(r, "a") == 0 && csvr_line(r) == 3,
	    "a byte-order mark, blank lines, then a TSV header");
	csvr_close(r);
	r = open_str("\xEF\xBB\xBF", &err);
	ok(r == NULL, "a byte-order mark alone is an empty input");
	csvr_free_error(err);

	/* A wide header: every name found, the first duplicate named (the
	 * one whose first occurrence comes first), in n log n. */
	{
		size_t n = 200000, i, len = 0;
		char *h = malloc(n * 12 + 32), name[16];
		int all = 1;

		for (i = 0; i < n; i++)
			len += (size_t)sprintf(h + len, "%sc%zu", i ? "," : "", (i * 7919) % n);
		h[len++] = '\n';
		r = csvr_open_mem(h, len, "w.csv", &err);
		ok(r && csvr_ncols(r) == n, "200,000 columns");
		for (i = 0; r && i < n; i++) {
			sprintf(name, "c%zu", (i * 7919) % n);
			all &= csvr_col(r, name) == (long)i;
		}
		ok(all, "each found by name at its index");
		ok(r && csvr_col(r, "c200000") == -1 && csvr_col(r, "") == -1, "others not");
		csvr_close(r);
		len = (size_t)sprintf(h, "z,b,y,a,y,b,a\n");
		r = csvr_open_mem(h, len, "d.csv", &err);
		ok(r == NULL, "duplicates refused");
		is_str(err, "'d.csv': line 1: duplicate column name 'b'",
		    "the duplicate whose first occurrence comes first is named");
		csvr_free_error(err);
		free(h);
	}

	/* A long quoted field is cut in the message, its reason kept. */
	{
		char *h = malloc(3000);
		struct csvr *q;

		memset(h, 'n', 2000);
		memcpy(h + 2000, "\n1\n", 4);
		q = csvr_open_mem(h, 2004, "l.csv", &err);
		ok(q && csvr_next(q) == 1, "a 2000-byte column name");
		csvr_fail(q, "column '%s': not a finite number: '%s'", csvr_colname(q, 0), "x");
		ok(q && strstr(csvr_error(q), "...': not a finite number: 'x'") != NULL &&
		    strncmp(csvr_error(q), "'l.csv': line 2: column 'nnn", 28) == 0,
		    "the message keeps its reason: %s", q ? csvr_error(q) : "");
		csvr_close(q);
		free(h);
	}

	{
		char buf[256] = { 0 };
		FILE *f = fmemopen(buf, sizeof buf, "w");
		struct csvw w;

		csvw_init(&w, f, "mem", 0);
		csvw_str(&w, "a,b");
		csvw_u64(&w, 18446744073709551615u);
		csvw_i64(&w, -5);
		csvw_dbl(&w, 0.5);
		csvw_empty(&w);
		csvw_str(&w, "q\"");
		csvw_end(&w);
		csvw_flush(&w);
		fflush(f);
		is_str(buf, "\"a,b\",18446744073709551615,-5,0.5,,\"q\"\"\"\n", "writer quoting and numbers");
		fclose(f);
		free(w.buf);
	}
	{
		/* csvw_field_put: the same rule as csvw_strn, in memory */
		static const char *const in[][2] = {
			{ "plain", "plain" }, { "", "" }, { "a,b", "\"a,b\"" },
			{ "q\"", "\"q\"\"\"" }, { "l\nf", "\"l\nf\"" }, { "c\rr", "\"c\rr\"" },
			{ " windows 7 ", "\" windows 7 \"" }, { "\tx", "\"\tx\"" },
			{ "x ", "\"x \"" }, { "in side", "in side" },
		};
		char buf[64];
		size_t i, n;

		for (i = 0; i < sizeof in / sizeof in[0]; i++) {
			n = csvw_field_put(buf, in[i][0], strlen(in[i][0]), ',');
			buf[n] = 0;
			is_str(buf, in[i][1], "csvw_field_put field %zu", i);
			ok(csvw_field_len(in[i][0], strlen(in[i][0]), ',') == n,
			    "csvw_field_len agrees");
		}
		n = csvw_field_put(buf, "a,b", 3, '\t');
		buf[n] = 0;
		is_str(buf, "a,b", "a comma needs no quotes in TSV");
		n = csvw_field_put(buf, "a\tb", 3, '\t');
		buf[n] = 0;
		is_str(buf, "\"a\tb\"", "a tab does");
	}
	return tap_done();
}
