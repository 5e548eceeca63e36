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
