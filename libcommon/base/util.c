#include "base/util.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

const char *progname = "osfp";

void
setprogname(const char *argv0)
{
	const char *s;

	if (!argv0 || !*argv0)
		return;
	s = strrchr(argv0, '/');
	progname = s ? s + 1 : argv0;
}

static void
on_sigbus(int sig)
{
	static const char msg[] = ": an input file shrank while it was being read\n";

	(void)sig;
	/* only async-signal-safe calls here */
	if (write(STDERR_FILENO, progname, strlen(progname)) >= 0 &&
	    write(STDERR_FILENO, msg, sizeof msg - 1) >= 0)
		_exit(EXIT_DATA);
	_exit(EXIT_DATA);
}

void
osfp_init(char **argv)
{
	setprogname(argv[0]);
	/* getopt's own messages start with argv[0]: the name ours use */
	if (argv[0] && *argv[0])
		argv[0] = (char *)progname;   /* the tail of the same string */
	/* Numbers are read and written in the C locale whatever the user's is. */
	setlocale(LC_ALL, "C");
	/* A reader that goes away (| head) must not kill us mid-record with
	 * SIGPIPE; writes then fail with EPIPE and the program stops quietly. */
	signal(SIGPIPE, SIG_IGN);
	/* Captures that are regular files are mapped (capture.c). If another
	 * process truncates one while we read it, touching the vanished pages
	 * raises SIGBUS: report that as a data error instead of dying of it. */
	signal(SIGBUS, on_sigbus);
}

static void
vwarn(const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(EXIT_DATA);
}

void
uprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}

void
weprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void *
emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		eprintf("out of memory (%zu bytes)", n);
	return p;
}

void *
ecalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		eprintf("out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
erealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		eprintf("out of memory (%zu bytes)", n);
	return p;
}

void *
ereallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		eprintf("out of memory (%zu x %zu bytes)", n, size);
	return erealloc(p, n * size);
}

char *
estrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(emalloc(n), s, n);
}

FILE *
efopen_in(const char *path, const char **shown)
{
	FILE *f;
	struct stat st;

	if (!path || strcmp(path, "-") == 0) {
		*shown = "<stdin>";
		f = stdin;
	} else {
		*shown = path;
		if (!(f = fopen(path, "rb")))
			eprintf("'%s': cannot open:", path);
	}
	/* fopen opens a directory, and the first read fails (EISDIR): the
	 * readers would call that a read error or an empty input */
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode))
		eprintf("'%s': is a directory", *shown);
	return f;
}

FILE *
efopen_out(const char *path)
{
	FILE *f;

	if (!path || strcmp(path, "-") == 0)
		return stdout;
	if (!(f = fopen(path, "wb")))
		eprintf("'%s': cannot create:", path);
	return f;
}

void
efclose_in(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

char *
fread_all(FILE *f, size_t *len)
{
	size_t cap = 0, got;
	char *buf = NULL;

	*len = 0;
	do {
		if (cap - *len < 65536) {
			cap = cap ? 2 * cap : 65536 * 2;
			buf = erealloc(buf, cap);
		}
		got = fread(buf + *len, 1, cap - *len - 1, f);
		*len += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

void
sanitize_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			*s = '?';
}

int
fregular(FILE *f)
{
	struct stat st;

	return fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
}

int
fshut(FILE *f, const char *name)
{
	int ret = 0;

	/* fflush then ferror: a write that failed earlier leaves the error flag
	 * set even if this flush has nothing left to write. */
	if (fflush(f) == EOF || ferror(f)) {
		if (errno == EPIPE)
			ret = 1; /* reader went away: quiet, but not success */
		else {
			weprintf("write error on %s:", name);
			ret = 1;
		}
	}
	if (f != stdin && f != stdout && f != stderr) {
		if (fclose(f) == EOF && !ret) {
			weprintf("write error on %s:", name);
			ret = 1;
		}
	}
	return ret;
}
