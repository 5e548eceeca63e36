/* Unit tests for cli.c's list accumulation and util.c's fread_all (the
 * parts of the shared option helpers that do not exit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cli.h"
#include "base/util.h"
#include "tap.h"

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
	return tap_done();
}
