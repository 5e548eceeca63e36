/* fuzz_p0fdb.c: the p0f fingerprint-database loader and the matcher.
 *
 * The input is a p0f.fp file.
 * Properties, beyond no crash / leak / out-of-bounds read / hang:
 * - an error is one line naming the file and a line of it;
 * - fed a line at a time (p0fdb_feed), the file gives the same result and
 *   the same error as loaded whole;
 * - a database that loads matches signatures of every kind (SYN and
 *   SYN+ACK, IPv4 and IPv6, layouts cut short, TTLs near and far) to one
 *   of its own signatures or none, with params and dist fields p0f could
 *   print, and a raw_sig that fits its buffer. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "learn/p0fdb.h"

#define NAME "fuzz.fp"

static const char *const layouts[] = {
	"\x02\x04\x08\x01\x03", "\x02\x01\x03\x01\x01\x04", "\x02", "",
	"\x02\x04\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x03", "\x02\x01\x00"
};

static void
check_matches(const struct p0fdb *db)
{
	struct p0fdb_match m;
	struct p0fsig s;
	char buf[P0FSIG_TEXT_MAX], f[P0FDB_FIELD_MAX];
	size_t i, n;

	for (i = 0; i < 96; i++) {
		const char *l = layouts[i % 6];

		memset(&s, 0, sizeof s);
		s.synack = (int)(i / 6) % 2;
		s.ipver = i / 12 % 2 ? 6 : 4;
		s.ttl = (int)(i * 37 % 256);
		s.ittl = s.ttl <= 32 ? 32 : s.ttl <= 64 ? 64 : s.ttl <= 128 ? 128 : 255;
		s.dist = s.ittl - s.ttl;
		s.mss = i % 5 ? 1460 : -1;
		s.win = (int)(i * 7919 % 65536);
		s.win_mult = i % 3 ? (int)(i % 45) + 1 : -1;
		s.win_mtu = s.win_mult > 0 ? (int)(i % 2) : -1;
		s.wscale = i % 4 ? (int)(i % 16) : -1;
		s.nopt = (int)strlen(l) + (i % 6 == 5);	/* "\0" ends the C string */
		memcpy(s.opt, l, (size_t)s.nopt);
		s.optknown = s.nopt < P0FSIG_COLOPT ? s.nopt : P0FSIG_COLOPT;
		s.olayout = p0fsig_layout_hash(s.opt, s.nopt);
		s.eolpad = i % 6 == 5 ? (int)(i % 3) : -1;
		s.quirks = (uint32_t)(i * 2654435761u) & ((1u << P0FSIG_NQUIRK) - 1);
		s.pclass = (int)(i % 2);
		s.tos = (int)(i % 64);
		p0fdb_match(db, &s, &m);
		FUZZ_CHECK(!m.os == !m.line);
		FUZZ_CHECK(!m.generic || m.os);
		FUZZ_CHECK(m.dist >= 0 && m.dist <= 255);
		n = p0fdb_params(&m, &s, f);
		FUZZ_CHECK(n > 0 && n < P0FDB_FIELD_MAX && strlen(f) == n);
		n = p0fdb_dist(&m, f);
		FUZZ_CHECK(n > 0 && n < P0FDB_FIELD_MAX);
		p0fdb_fill_layout(db, &s);
		n = p0fsig_raw(&s, buf);
		FUZZ_CHECK(n < P0FSIG_TEXT_MAX && strlen(buf) == n);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *cur, *eol, *end, *nul;
	char err[512], err2[512];
	struct p0fdb *db, *fed;
	int rc = 0;

	err[0] = err2[0] = '\0';
	db = p0fdb_load(buf, size, NAME, err, sizeof err);
	if (!db) {
		fuzz_check_message(err, NAME);
		FUZZ_CHECK(strstr(err, "': line ") != NULL);
	} else
		check_matches(db);
	/* the same, a line at a time */
	fed = p0fdb_new(NAME);
	end = (nul = memchr(buf, '\0', size)) ? nul : buf + size;
	for (cur = buf; cur < end && rc == 0;) {
		eol = memchr(cur, '\n', (size_t)(end - cur));
		if (!eol)
			eol = end;
		rc = p0fdb_feed(fed, cur, (size_t)(eol - cur), err2, sizeof err2);
		if (eol == end)
			break;
		cur = eol + 1;
	}
	FUZZ_CHECK((rc == 0) == (db != NULL));
	if (!db)
		FUZZ_CHECK(strcmp(err, err2) == 0);
	else
		FUZZ_CHECK(p0fdb_ntcp(db, 0) == p0fdb_ntcp(fed, 0) &&
		    p0fdb_ntcp(db, 1) == p0fdb_ntcp(fed, 1));
	p0fdb_free(fed);
	p0fdb_free(db);
	return 0;
}
