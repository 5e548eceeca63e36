/* Unit tests for cli.c's list accumulation, input operands and numeric
 * option arguments, and util.c's fread_all (the parts of the shared option
 * helpers that do not exit; the failing cases are tested through the
 * programs). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/util.h"
#include "tap.h"

static void
inputs(void)
{
	char *a1[] = { "p", "x.pcap", "/dev/null", "-", "tcp", "port", "80", NULL };
	char *a2[] = { "p", NULL };
	char *a3[] = { "p", "/no/such/file", "/also/none", NULL };
	char **in;
	size_t n, used;

	optind = 1;
	in = cli_inputs(7, a1, 0, &n, &used);
	ok(n == 3 && used == 3 && in == a1 + 1 && strcmp(in[2], "-") == 0,
	    "the first operand, then those that are files or -: 3");
	in = cli_inputs(7, a1, 1, &n, &used);
	ok(n == 6 && used == 6, "all: every operand");
	in = cli_inputs(1, a2, 0, &n, &used);
	ok(n == 1 && used == 0 && in[0] == NULL, "none: one input, NULL (stdin)");
	in = cli_inputs(3, a3, 0, &n, &used);
	ok(n == 1 && used == 1 && strcmp(in[0], "/no/such/file") == 0,
	    "the first is an input even if it does not exist; the next is not");
	ok(cli_dbl("x", "0.5", 0, 1, "0..1", "") == 0.5, "cli_dbl in range");
	ok(cli_dbl("x", "1e300", 0, INFINITY, ">= 0", "") == 1e300, "cli_dbl, no top");
	ok(cli_long("x", "2", 1, 2, "1 or 2", "") == 2, "cli_long in range");
}

int
main(void)
{
	char *list = NULL, *buf;
	size_t len, i;
	FILE *f;

	cli_list_add(&list, "src");
	is_str(list, "src", "one value");
	cli_list_add(&list, "dst,sport");
	cli_list_add(&list, "");
	cli_list_add(&list, "time");
	is_str(list, "src,dst,sport,,time", "values joined by commas, empty ones kept");
	free(list);

	f = tmpfile();
	for (i = 0; i < 300000; i++)
		fputc('a' + (int)(i % 26), f);
	rewind(f);
	buf = fread_all(f, &len);
	ok(buf && len == 300000 && buf[len] == '\0' && buf[299999] == 'a' + 299999 % 26,
	    "fread_all: a file larger than its first buffer, NUL-terminated");
	free(buf);
	fclose(f);
	f = tmpfile();
	buf = fread_all(f, &len);
	ok(buf && len == 0 && buf[0] == '\0', "fread_all: an empty file");
	free(buf);
	fclose(f);
	inputs();
	return tap_done();
}
