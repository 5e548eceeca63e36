/* fieldcols.h: reading the per-packet fingerprint fields (packet/fields.h)
 * back from the columns osfp-pcap-flows --fields wrote. The names and
 * formats are fields.h's, so what one stage writes the next parses. */
#ifndef OSFP_FIELDCOLS_H
#define OSFP_FIELDCOLS_H

#include <stddef.h>
#include <stdint.h>

#include "packet/fields.h"
#include "table/csvr.h"

/* Reading: the columns for the fields in need (plus ttl, tcpflags, win,
 * unless only the raw headers are needed).
 * fieldcols_find returns -1 with msg listing every missing column; why is
 * the list of feature sets asking for them ("syn,hdr"). */
struct fieldcols {
	long col[FPF_NFIELDS];
	long ttl, tcpflags, win;
	uint32_t mask;
};
int fieldcols_find(struct fieldcols *c, const struct csvr *r, uint32_t need,
    const char *why, char *msg, size_t msglen);
/* Parse the current row into x (and raw); -1 with the reader's error set
 * (csvr_error names file, line and column). */
int fieldcols_read(const struct fieldcols *c, struct csvr *r, struct fields_pkt *x,
    struct fields_raw *raw);

#endif
