/* csvw.h: a fast buffered CSV/TSV writer.
 *
 * Fields are appended one at a time; csvw_end() closes the row. Quoting is
 * RFC 4180: a field holding the delimiter, a quote, CR or LF is quoted and
 * its quotes doubled; so is one that begins or ends with a space or a tab,
 * which readers trim from unquoted fields. This is osfp's one CSV field
 * writer: code that formats fields itself uses csvw_field_put.
 * A write error is final: EPIPE (the reader went away) exits quietly with
 * status 1, any other error exits with a message. */
#ifndef OSFP_CSVW_H
#define OSFP_CSVW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct csvw {
	FILE *f;
	const char *name;  /* for messages: "<stdout>" or the file name */
	char delim;
	int nf;            /* fields written on the current row */
	char *buf;
	size_t len, cap;
};

void csvw_init(struct csvw *w, FILE *f, const char *name, int tsv);
void csvw_str(struct csvw *w, const char *s);
void csvw_strn(struct csvw *w, const char *s, size_t n);
void csvw_u64(struct csvw *w, uint64_t v);
void csvw_i64(struct csvw *w, int64_t v);
void csvw_dbl(struct csvw *w, double v);    /* shortest round-trip */
void csvw_empty(struct csvw *w);
void csvw_end(struct csvw *w);
/* A whole row already formatted by the caller (fields joined by w->delim,
 * ending in '\n', none needing quotes): the fast path for programs that
 * write millions of rows (osfp-pcap-flows). Call between rows only. */
void csvw_row(struct csvw *w, const char *s, size_t n);
/* The same without the copy: csvw_room returns room for n bytes at the end
 * of the buffer (flushing first if needed); the caller formats whole rows
 * there and hands over the bytes used with csvw_commit. */
char *csvw_room(struct csvw *w, size_t n);
void csvw_commit(struct csvw *w, size_t n);
/* The field rule of csvw_strn, for callers that format rows in memory for
 * csvw_row (osfp-pcap-flows' label columns): csvw_field_len is the length
 * of s[0..n) as a field (quoted when it holds the delimiter, a quote, CR or
 * LF, or begins or ends with a space or tab; its quotes doubled), and
 * csvw_field_put writes it at dst, which has room for that many bytes, and
 * returns the length. */
size_t csvw_field_len(const char *s, size_t n, char delim);
size_t csvw_field_put(char *dst, const char *s, size_t n, char delim);
/* A whole header row from a NULL-terminated list of names. */
void csvw_header(struct csvw *w, const char *const *names);
/* The rows so far to w->f (its stdio buffer: a program that writes live
 * makes it unbuffered, setvbuf _IONBF, its rows being buffered here). */
void csvw_flush(struct csvw *w);
/* Flush, close (unless stdout) and free; returns 0 or 1 (write error). */
int csvw_close(struct csvw *w);

#endif
