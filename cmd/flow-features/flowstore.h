/* flowstore.h: the rows of osfp-pcap-flows output gathered into flows.
 *
 * Rows of one flow are contiguous; a flow ends when a row of another flow
 * (or the end of input) arrives. The store keeps the packets (time, len and,
 * for --header, TTL and flag counts) and the strings (flow id, sample,
 * label, family) of its flows in flat arrays; fstore_drop() forgets the
 * written ones so that streaming runs hold one flow at a time. */
#ifndef FLOWSTORE_H
#define FLOWSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "table/csvr.h"
#include "features/flowfeat.h"
#include "table/fieldcols.h"

#define FSTR_NONE ((size_t)-1)

struct frec {
	size_t off, n;                      /* packets [off, off + n) */
	size_t id, sample, label, family;   /* string offsets or FSTR_NONE */
	size_t strbase;                     /* first string byte of the flow */
	unsigned long line;                 /* line of its first row */
};

struct tally;     /* --label-rule majority: the open flow's labels */

struct flowstore {
	struct csvr *r;
	long col_flow, col_time, col_len, col_ttl, col_flags, col_link;
	long col_sample, col_label, col_family;
	int header, majority;

	double *t, *len;                    /* per packet */
	uint8_t *ttl;                       /* per packet, --header only */
	size_t np, capp;
	double *flags;                      /* FEAT_NFLAGS per flow, --header only */
	struct frec *flows;
	size_t nflows, capf;
	int open;                           /* flows[nflows-1] is still being read */
	char *str;
	size_t nstr, capstr;

	uint64_t *seen;                     /* open-addressing set of flow keys */
	size_t nseen, capseen;
	struct tally *tally;
	uint64_t rows;
	int eof;

	/* fingerprint fields per packet (fstore_fp), parallel to t and len */
	int use_fp;
	struct fieldcols fpcols;
	struct fields_vec fp;
};

/* Find the columns; -1 with a message naming the missing one. */
int fstore_init(struct flowstore *fs, struct csvr *r, int header, int majority,
    char *msg, size_t msglen);
void fstore_free(struct flowstore *fs);
/* Also keep the fingerprint fields in need (fields.h; raw headers if
 * raw) of every packet; -1 with a message naming the missing columns. */
int fstore_fp(struct flowstore *fs, uint32_t need, int raw, const char *why,
    char *msg, size_t msglen);
/* Read rows until a flow is complete: 1 (it is the last complete one),
 * 0 at the end of input, -1 on bad input (msg names file and line). */
int fstore_next(struct flowstore *fs, char *msg, size_t msglen);
/* Number of complete flows: flows[0 .. n) (the open one excluded). */
size_t fstore_complete(const struct flowstore *fs);
/* Forget flows[0 .. k), all complete. */
void fstore_drop(struct flowstore *fs, size_t k);

const char *fstr(const struct flowstore *fs, size_t off);
void fstore_flow(const struct flowstore *fs, size_t i, struct flowfeat_flow *f);
double fstore_duration(const struct flowstore *fs, size_t i);
/* Bytes of memory the store holds (for the memory report). */
size_t fstore_bytes(const struct flowstore *fs);

#endif
