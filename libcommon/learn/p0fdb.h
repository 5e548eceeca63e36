/* p0fdb.h: a p0f v3 fingerprint database (p0f.fp) as a model.
 *
 * The loader reads the file as p0f 3.09b's readfp.c does and refuses what
 * p0f refuses: lines are "name = value", [module:direction] sections and
 * ';' comments (leading blanks skipped, everything else of a line kept);
 * 'classes' before the first section; [tcp:request], [tcp:response], [mtu],
 * [http:request] and [http:response] sections, each a run of 'label' lines
 * ('sys' after a userland '!' label) followed by their 'sig' lines. The TCP
 * and HTTP signatures are parsed field by field, and one that an earlier,
 * specific signature already matches is refused as p0f refuses it. MTU and
 * HTTP signatures are checked and counted, then unused. A NUL byte ends the
 * file, as in p0f. Errors are one line naming the file and line:
 *
 *   'my.fp': line 12: bogus initial TTL in signature '4:300:0:...'
 *
 * The matcher is p0f's tcp_find_match: among the signatures of the
 * direction (SYN: tcp:request, SYN+ACK: tcp:response) with the packet's
 * option layout, in file order, the first exact specific one wins; else
 * the first exact generic one; else the first fuzzy one (a TTL out of
 * range, or quirks that differ only by 'df'/'id+' gone or 'id-'/'ecn'
 * come), unless it is a userland tool's. Where p0f's behaviour is odd,
 * it is kept: the IP version is not compared (quirks tell v4 from v6);
 * a 'ttl-' (random TTL) field skips the IP option length after it.
 *
 * The library never exits on bad input (allocation failure aside). */
#ifndef OSFP_P0FDB_H
#define OSFP_P0FDB_H

#include <stddef.h>

#include "learn/p0fsig.h"

struct p0fdb;

/* Parse a database held in memory; name is used in messages. NULL on
 * error, with one line in err. */
struct p0fdb *p0fdb_load(const char *buf, size_t len, const char *name, char *err,
    size_t errsz);
void p0fdb_free(struct p0fdb *db);

/* A database built a line at a time (osfp-train -m p0f checks each line
 * it writes): p0fdb_feed takes one line without its newline and returns 0,
 * or -1 with err set; after a signature refused because an earlier one
 * covers it, p0fdb_covered_by gives that one's line (else 0). */
struct p0fdb *p0fdb_new(const char *name);
int p0fdb_feed(struct p0fdb *db, const char *line, size_t len, char *err, size_t errsz);
unsigned long p0fdb_covered_by(const struct p0fdb *db);

/* TCP signatures of a direction (0: tcp:request, 1: tcp:response). */
size_t p0fdb_ntcp(const struct p0fdb *db, int synack);

/* What p0f reports for a SYN or SYN+ACK. */
struct p0fdb_match {
	const char *os;         /* "name flavor" as logged; NULL: no match ("???") */
	int app;                /* a userland ('!') signature: p0f logs app=, not os= */
	int generic, fuzzy;     /* the kind of match */
	int bad_ttl;            /* the signature's TTL is 'ttl-' (p0f: random_ttl) */
	int dist;               /* hops: signature's TTL - packet's, or p0f's guess */
	unsigned long line;     /* the signature's line, 0 without a match */
};

/* Match s (which has a SYN: s->none == 0). */
void p0fdb_match(const struct p0fdb *db, const struct p0fsig *s, struct p0fdb_match *m);

/* A layout longer than the syn columns hold (s->optknown < s->nopt): its
 * kinds from a signature of the database with the same layout (the same
 * count, first kinds and syn_olayout hash), for p0fsig_raw. Returns 1 when
 * s's layout is whole. p0fdb_match needs no such help. */
int p0fdb_fill_layout(const struct p0fdb *db, struct p0fsig *s);

/* p0f's params and dist fields for a match of s ("none" or words among
 * generic, fuzzy, random_ttl, excess_dist, tos:0xNN; "N" or "<= N").
 * buf holds P0FDB_FIELD_MAX bytes; they return the length. */
#define P0FDB_FIELD_MAX 64
size_t p0fdb_params(const struct p0fdb_match *m, const struct p0fsig *s, char *buf);
size_t p0fdb_dist(const struct p0fdb_match *m, char *buf);

#endif
