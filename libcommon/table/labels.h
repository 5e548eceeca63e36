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
 * By ordinal, a packet listed twice gets its last row; by time (the
 * notebook's join on the time string), a time listed twice gets the last
 * row written for it. The library never exits but when out of memory:
 * labels_load returns -1 with L->err one line naming the file and, where
 * there is one, the line. */
#ifndef OSFP_LABELS_H
#define OSFP_LABELS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/idtab.h"

struct labels_opts {
	int by_time;            /* join on the time string, not the ordinal */
	int by_sample;          /* the sample column is not written */
	char delim;             /* of the output */
};

struct labels_row {
	uint64_t packet;
	uint32_t suf, suflen;   /* the row's ending: arena offset, length */
	uint32_t row;           /* 0-based row of the labels file */
};

/* Zero-initialize; labels_load; labels_free. */
struct labels {
	struct labels_row *v;
	size_t n, cap;
	char *arena;
	size_t alen, acap;
	char nolab[4];          /* the ending of an unlabelled packet */
	size_t nolablen;
	/* by ordinal, packet numbers dense: packet -> index into v + 1 */
	uint32_t *byp;
	uint64_t maxp;
	/* by time: time strings (arena offsets, by row) and their index */
	uint32_t *tstr;
	struct idtab tidx;
	char err[512];
};

int labels_load(struct labels *L, FILE *f, const char *name, const struct labels_opts *o);
/* The row of a packet (by ordinal, or by time: its time as
 * capture_time_str writes it), or NULL. */
const struct labels_row *labels_find(const struct labels *L, uint64_t packet, const char *time);
void labels_free(struct labels *L);

#endif
