/* labels.h: the labels join of osfp-pcap-flows: a labels CSV
 * (osfp-pcapng-labels output: packet,time,sample,label,family; CSV or TSV)
 * in memory, each packet's label found by its ordinal or by its time.
 *
 * Each row becomes the text its packets' output rows end with, formatted
 * once with the CSV writer's field rule (csvw_field_put):
 * ",sample,label,family", or ",label,family" with by_sample (where the
 * sample column comes from the flow). Consecutive rows with the same
 * three fields (a pcapml sample's packets) share one copy.
 *
 * Times are exact decimals compared as numbers: 1795859257.795076000
 * (tshark) is 1795859257.795076 (osfp). By ordinal, a packet listed twice
 * gets its last row, and with time_check each row's time must be its
 * packet's (labels_check), so that the labels of another capture are not
 * joined without a word; by time (the notebook's join), a time listed
 * twice gets the last row written for it. The library never exits but
 * when out of memory: labels_load returns -1 with L->err one line naming
 * the file and, where there is one, the line. */
#ifndef OSFP_LABELS_H
#define OSFP_LABELS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/idtab.h"
#include "packet/capture.h"
#include "packet/flowrec.h"

struct labels_opts {
	int by_time;            /* join on the time, not the ordinal */
	int time_check;         /* by ordinal: read the times for labels_check */
	int by_sample;          /* the sample column is not written */
	char delim;             /* of the output */
};

#define LABELS_NOTIME UINT64_MAX        /* labels_row.frac19: no time */

struct labels_row {
	uint64_t packet;
	int64_t sec;            /* the row's time, sec + frac19 / 10^19, */
	uint64_t frac19;        /* or LABELS_NOTIME (an empty field, or not read) */
	uint32_t suf;           /* the row's ending in the arena: its length
	                         * (4 bytes), then the text */
	uint32_t line;          /* of the labels file, where the row starts */
};

/* Zero-initialize; labels_load; labels_free. */
struct labels {
	const char *name;       /* the file, for messages */
	struct labels_row *v;
	size_t n, cap;
	char *arena;
	size_t alen, acap;
	char nolab[4];          /* the ending of an unlabelled packet */
	size_t nolablen;
	int by_time;
	/* by ordinal, packet numbers dense: packet -> index into v + 1 */
	uint32_t *byp;
	uint64_t maxp;
	struct idtab tidx;      /* by time: (sec, frac19) -> index into v */
	char err[512];
};

/* name must stay valid as long as L. */
int labels_load(struct labels *L, FILE *f, const char *name, const struct labels_opts *o);
/* The row of a packet by its ordinal, or by its time; NULL if none. */
const struct labels_row *labels_by_packet(const struct labels *L, uint64_t packet);
const struct labels_row *labels_by_time(const struct labels *L, const struct capture_time *t);
/* Whether each record's row by ordinal has the record's time (a row
 * without a time agrees with any): 0, or -1 with L->err naming the first
 * record, in rv's order, that disagrees ("packet 12: time 1.5, but 'l.csv'
 * line 13 has 2.25"). */
int labels_check(struct labels *L, const struct flowrec_vec *rv);
/* A row's time as capture_time_str writes it, trailing zeros dropped;
 * buf holds CAP_TIME_MAX bytes. */
void labels_time_str(const struct labels_row *r, char *buf);
void labels_free(struct labels *L);

/* Stream mode's join by ordinal (osfp-pcap-flows --stream): the labels
 * file read a row at a time as the packet numbers advance, so that memory
 * does not grow with it. The rows must come in packet order (as
 * osfp-pcapng-labels writes them; a packet listed twice: its last row);
 * the columns, the endings, the time check and the messages are
 * labels_load's and labels_check's. Each packet's ending is a struct
 * labels_end held by reference by the packets that carry it until their
 * flows are written or dropped (labels_end_drop): rows with the same three
 * fields in a row share one. */
struct labels_end {
	uint32_t refs;
	uint32_t len;           /* of text */
	int none;               /* the ending of a packet without a label */
	char text[];
};
struct labels_stream;
/* Read the header of f (as labels_load: o->by_time must be 0): the
 * stream, or NULL with *err (allocated) one line. name and f stay the
 * caller's and must outlive the stream. */
struct labels_stream *labels_stream_open(FILE *f, const char *name,
    const struct labels_opts *o, char **err);
/* The ending of packet number packet, its time t, a new reference (the
 * none ending when the file has no row for it). Packet numbers must not
 * go down from one call to the next. NULL on an error: a bad row, rows out
 * of packet order, or (time_check) a row whose time is not t; then
 * labels_stream_error says why in one line, as labels_load and
 * labels_check do ("packet 12: time 1.5, but 'l.csv' line 13 has 2.25"). */
struct labels_end *labels_stream_find(struct labels_stream *S, uint64_t packet,
    const struct capture_time *t);
const char *labels_stream_error(const struct labels_stream *S);
/* 1 if that error is the time check's. */
int labels_stream_timefault(const struct labels_stream *S);
/* Give back a reference. */
void labels_end_drop(struct labels_end *e);
/* Every reference given out must have been dropped. */
void labels_stream_close(struct labels_stream *S);

/* The text a row's packets end with; its length in *len. */
static inline const char *
labels_ending(const struct labels *L, const struct labels_row *r, size_t *len)
{
	uint32_t n;

	memcpy(&n, L->arena + r->suf, sizeof n);
	*len = n;
	return L->arena + r->suf + sizeof n;
}

#endif
