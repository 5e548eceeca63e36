/* Unit tests for cli.c's list accumulation, input operands and numeric
 * option arguments, and util.c's fread_all. The one-line numeric errors
 * exit, so they run in a child whose stderr and exit status are checked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Run cli_int_in (dbl 0) or cli_dbl_above (dbl 1) on arg in a child:
 * its exit status, and all it wrote to stderr in *msg (allocated). */
static int
child(int dbl, const char *arg, char **msg)
{
	int fd[2], st;
	size_t len;
	pid_t pid;
	FILE *f;

	fflush(stdout);	/* else the child's exit writes the TAP lines twice */
	if (pipe(fd) < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 2);
		if (dbl)
			cli_dbl_above("lr", arg, 0);
		else
			cli_int_in("seed", arg, 0, 4294967295L);
		_exit(0);
	}
	close(fd[1]);
	f = fdopen(fd[0], "r");
	*msg = f ? fread_all(f, &len) : NULL;
	if (f)
		fclose(f);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
one_line(void)
{
	char *msg;

	ok(cli_int_in("seed", "4294967295", 0, 4294967295L) == 4294967295L,
	    "cli_int_in: the top of the range");
	ok(cli_dbl_above("lr", "1e-300", 0) == 1e-300, "cli_dbl_above: just above");
	ok(child(0, "4294967296", &msg) == 2, "cli_int_in over the top: exit 2");
	is_str(msg, "osfp: seed '4294967296' is not an integer in [0, 4294967295]\n",
	    "cli_int_in: the one-line message");
	free(msg);
	ok(child(0, "1.5", &msg) == 2, "cli_int_in, a fraction: exit 2");
	free(msg);
	ok(child(1, "0", &msg) == 2, "cli_dbl_above at lo: exit 2");
	is_str(msg, "osfp: lr '0' is not a number > 0\n", "cli_dbl_above: the message");
	free(msg);
	ok(child(1, "nan", &msg) == 2, "cli_dbl_above, nan: exit 2");
	free(msg);
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
	one_line();
	return tap_done();
}
