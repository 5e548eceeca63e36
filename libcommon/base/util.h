/* util.h: error reporting, allocation and I/O helpers shared by every stage. */
#ifndef OSFP_UTIL_H
#define OSFP_UTIL_H

#include <stddef.h>
#include <stdio.h>

#define OSFP_VERSION "0.1.0"

/* Exit codes: the contract every program follows. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

extern const char *progname;
void setprogname(const char *argv0);

/* Print "progname: msg" to stderr. A trailing ':' in fmt appends
 * ": strerror(errno)" (sbase's convention). eprintf exits with EXIT_DATA,
 * uprintf with EXIT_USAGE, weprintf returns. */
void eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void weprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *emalloc(size_t n);
void *ecalloc(size_t n, size_t size);
void *erealloc(void *p, size_t n);
/* realloc for n elements of size bytes, with overflow check */
void *ereallocarray(void *p, size_t n, size_t size);
char *estrdup(const char *s);

/* Open a named input; NULL or "-" is stdin. *shown receives the name used in
 * messages ("<stdin>" for stdin). Exits with EXIT_DATA when it cannot open
 * or when the input is a directory ("'dir': is a directory"). */
FILE *efopen_in(const char *path, const char **shown);
FILE *efopen_out(const char *path);
void efclose_in(FILE *f);
/* All of f in an allocated buffer, NUL-terminated (*len bytes before the
 * NUL); NULL on a read error, with errno set. */
char *fread_all(FILE *f, size_t *len);

/* Is f a regular file? A stage whose input or output is not one (a pipe,
 * a FIFO, a terminal: a live run) flushes each row as it is written. */
int fregular(FILE *f);

/* Flush and close f; on a write error (full disk, closed pipe) print a message
 * naming `name` and return nonzero, so a late error becomes the exit status. */
int fshut(FILE *f, const char *name);

/* Replace every control byte (CR, LF, ESC, ...) of s by '?', in place: a
 * message that quotes hostile input stays one line and cannot drive the
 * terminal. Message builders (csvr_fail, modelfile_fail, ...) call it. */
void sanitize_line(char *s);

/* Called by every program first: progname from argv[0] (and argv[0] cut
 * to it, so that getopt's messages name the program as ours do), the C
 * locale, SIGPIPE ignored so that a closed stdout turns into EPIPE (which
 * fshut and the writers report), SIGBUS reported as a shrinking input. */
void osfp_init(char **argv);

#endif
