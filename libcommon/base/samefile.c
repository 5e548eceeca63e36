/* samefile.c: an output that names an input (see samefile.h). */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/samefile.h"

/* stat of a path, or of fd for "-" and NULL; 0 or -1. */
static int
stat_of(const char *path, int fd, struct stat *st)
{
	if (!path || strcmp(path, "-") == 0)
		return fstat(fd, st);
	return stat(path, st);
}

long
samefile_input(const char *out, const char *const *in, size_t nin)
{
	struct stat so, si;
	size_t i;

	if (stat_of(out, STDOUT_FILENO, &so) < 0 || !S_ISREG(so.st_mode))
		return -1;
	for (i = 0; i < nin; i++)
		if (stat_of(in[i], STDIN_FILENO, &si) == 0 && S_ISREG(si.st_mode) &&
		    si.st_dev == so.st_dev && si.st_ino == so.st_ino)
			return (long)i;
	return -1;
}
