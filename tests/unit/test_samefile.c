/* Unit tests for samefile.c: outputs that name an input, by any spelling,
 * link, or standard stream; and those that do not. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/samefile.h"
#include "tap.h"

static char dir[] = "/tmp/test_samefile.XXXXXX";
static char a[256], b[256], hard[256], sym[256], dotted[256], none[256];

static void
touch(const char *p)
{
	FILE *f = fopen(p, "w");

	if (f) {
		fputs("x\n", f);
		fclose(f);
	}
}

/* samefile_input with out as standard output (fd 1 on path). */
static long
as_stdout(const char *path, const char *const *in, size_t nin)
{
	int save, fd;
	long r;

	fflush(stdout);
	save = dup(1);
	fd = open(path, O_WRONLY | O_APPEND);
	dup2(fd, 1);
	close(fd);
	r = samefile_input("-", in, nin);
	dup2(save, 1);
	close(save);
	return r;
}

int
main(void)
{
	const char *in[3];
	int fd, save;
	long r;

	if (!mkdtemp(dir))
		return 1;
	snprintf(a, sizeof a, "%s/a.csv", dir);
	snprintf(b, sizeof b, "%s/b.csv", dir);
	snprintf(hard, sizeof hard, "%s/hard.csv", dir);
	snprintf(sym, sizeof sym, "%s/sym.csv", dir);
	snprintf(dotted, sizeof dotted, "%s/./../%s/a.csv", dir, strrchr(dir, '/') + 1);
	snprintf(none, sizeof none, "%s/none.csv", dir);
	touch(a);
	touch(b);
	ok(link(a, hard) == 0 && symlink(a, sym) == 0, "setup: a hard link and a symlink to a");

	in[0] = b;
	in[1] = a;
	ok(samefile_input(a, in, 2) == 1, "the same path: the second input");
	ok(samefile_input(hard, in, 2) == 1, "a hard link");
	ok(samefile_input(sym, in, 2) == 1, "a symbolic link");
	ok(samefile_input(dotted, in, 2) == 1, "another spelling");
	in[0] = sym;
	ok(samefile_input(a, in, 1) == 0, "the input a symlink");
	in[0] = b;
	ok(samefile_input(none, in, 2) == -1, "an output not there yet");
	ok(samefile_input(a, in, 1) == -1, "another file");
	in[0] = "/dev/null";
	ok(samefile_input("/dev/null", in, 1) == -1, "/dev/null is not a regular file");
	ok(samefile_input(a, in, 0) == -1, "no inputs");

	/* standard input on a */
	save = dup(0);
	fd = open(a, O_RDONLY);
	dup2(fd, 0);
	close(fd);
	in[0] = "-";
	in[1] = NULL;
	ok(samefile_input(a, in, 1) == 0, "stdin ('-') on the output's file");
	ok(samefile_input(a, in + 1, 1) == 0, "stdin (NULL) on the output's file");
	ok(samefile_input(b, in, 1) == -1, "stdin on another file");
	dup2(save, 0);
	close(save);

	/* standard output on a */
	in[0] = b;
	in[1] = a;
	r = as_stdout(a, in, 2);
	ok(r == 1, "stdout appending to an input");
	r = as_stdout(hard, in, 1);
	ok(r == -1, "stdout on a file that is no input");

	unlink(sym);
	unlink(hard);
	unlink(a);
	unlink(b);
	rmdir(dir);
	return tap_done();
}
