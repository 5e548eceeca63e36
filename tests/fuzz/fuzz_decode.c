/* fuzz_decode.c: the packet decoder (decode.c) and the fingerprint fields
 * taken from it (fields.c), on every link type.
 *
 * Layout: byte 0 chooses the link type (every one decode.h knows, and one
 * it does not), byte 1 the flags (bit 0: DEC_NETML_NULL) and how the wire
 * length relates to the captured length (bits 1..7: 0 equal, 1 one less,
 * else more); the rest is the frame, at the very end of the fuzzer's
 * buffer so that a read one byte past it is caught by ASan.
 * Properties, beyond no crash / out-of-bounds read:
 * - the status is returned and in range, with a name; DEC_OK means a TCP
 *   or UDP header; unknown link types say so;
 * - every header recorded starts inside the captured bytes, with its
 *   fixed part captured; TCP options lie within the header and capture;
 * - the link path prints within DEC_LINK_MAX;
 * - decoding is deterministic;
 * - fingerprint fields survive the trip through CSV: written with
 *   fields_format, read back with fieldcols_read, written again: the same text. */
#include <stdint.h>
#include <string.h>

#include "table/csvr.h"
#include "packet/decode.h"
#include "table/fieldcols.h"
#include "fuzz_common.h"

static const int linktypes[] = {
	LT_NULL, LT_ETHERNET, LT_PPP, LT_RAW12, LT_RAW14, LT_RAW, LT_LOOP,
	LT_SLL, LT_IPV4, LT_IPV6, LT_SLL2, 147 /* user0: unknown */
};
#define NLT (sizeof linktypes / sizeof linktypes[0])

/* ttl,tcpflags,win as osfp-pcap-flows writes them, then the fields. */
static size_t
row(char *buf, const struct fields_pkt *x, const struct fields_raw *raw)
{
	char *p = buf;

	if (x->has & (FPF_HAS_IP4 | FPF_HAS_IP6))
		p += sprintf(p, "%u", x->ttl);
	*p++ = ',';
	if (x->has & FPF_HAS_TCP)
		p += sprintf(p, "%u,%u", x->flags, x->win);
	else
		*p++ = ',';
	p += fields_format(p, ',', FPF_ALL, x, raw);
	*p++ = '\n';
	*p = '\0';
	return (size_t)(p - buf);
}

static void
roundtrip(const struct fields_pkt *x, const struct fields_raw *raw)
{
	static char text[4096], again[FPF_ROW_MAX + 64];
	const char *names[FPF_NFIELDS];
	size_t n = 0, i, len;
	struct csvr *r;
	struct fieldcols c;
	struct fields_pkt y;
	struct fields_raw yraw;
	char *err, msg[256];

	fields_header(FPF_ALL, names, &n);
	len = (size_t)sprintf(text, "ttl,tcpflags,win");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, ",%s", names[i]);
	text[len++] = '\n';
	len += row(text + len, x, raw);
	r = csvr_open_mem(text, len, "row", &err);
	FUZZ_CHECK(r != NULL);
	FUZZ_CHECK(fieldcols_find(&c, r, FPF_ALL, "fuzz", msg, sizeof msg) == 0);
	FUZZ_CHECK(csvr_next(r) == 1);
	if (fieldcols_read(&c, r, &y, &yraw) != 0) {
		fprintf(stderr, "row: %s\n%s", csvr_error(r), text);
		FUZZ_CHECK(!"fieldcols_read rejects what fields_format wrote");
	}
	row(again, &y, &yraw);
	if (strcmp(again, strchr(text, '\n') + 1) != 0) {
		fprintf(stderr, "wrote %sread back as %s", strchr(text, '\n') + 1, again);
		FUZZ_CHECK(!"fingerprint fields change through CSV");
	}
	csvr_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decode_pkt p, q;
	struct fields_pkt x;
	struct fields_raw raw;
	char link[DEC_LINK_MAX + 8];
	const uint8_t *frame;
	uint32_t caplen, wirelen;
	unsigned w;
	int lt, flags, rc;
	size_t n, i;

	if (size < 2)
		return 0;
	lt = linktypes[data[0] % NLT];
	flags = data[1] & 1 ? DEC_NETML_NULL : 0;
	w = data[1] >> 1;
	frame = data + 2;
	caplen = (uint32_t)(size - 2);
	wirelen = w == 0 ? caplen : w == 1 ? (caplen ? caplen - 1 : 0) : caplen + w * 29;

	memset(&p, 0, sizeof p);
	memset(&q, 0, sizeof q);
	rc = decode(lt, frame, caplen, wirelen, flags, &p);
	FUZZ_CHECK(rc == p.status && rc >= 0 && rc < DEC_NSTATUS);
	FUZZ_CHECK(decode_status_name(rc) && *decode_status_name(rc));
	FUZZ_CHECK(decode_linktype_known(lt) || rc == DEC_UNKNOWN_LINK);
	FUZZ_CHECK(rc != DEC_OK || (p.has & (DEC_TCP | DEC_UDP)));
	FUZZ_CHECK(p.first_ip == 0 || p.first_ip == 4 || p.first_ip == 6);
	FUZZ_CHECK(p.nlink <= DEC_MAX_LINK);
	n = decode_link_str(&p, link);
	FUZZ_CHECK(n < DEC_LINK_MAX && strlen(link) == n);
	if (p.has & DEC_IP4)
		FUZZ_CHECK((uint64_t)p.ip4.off + 20 <= caplen);
	if (p.has & DEC_IP6)
		FUZZ_CHECK((uint64_t)p.ip6.off + 40 <= caplen);
	if (p.has & DEC_UDP)
		FUZZ_CHECK((uint64_t)p.udp.off + 8 <= caplen);
	if (p.has & DEC_TCP) {
		FUZZ_CHECK((uint64_t)p.tcp.off + 20 + p.tcp.optlen <= caplen);
		FUZZ_CHECK(p.tcp.nopt <= DEC_MAX_TCPOPT);
		if (p.tcp.doff >= 5)
			FUZZ_CHECK(p.tcp.optlen <= p.tcp.doff * 4 - 20);
	}
	for (i = 0; i < p.nlink; i++)
		FUZZ_CHECK(p.link[i] >= DL_ETH && p.link[i] <= DL_IPV6);

	rc = decode(lt, frame, caplen, wirelen, flags, &q);
	FUZZ_CHECK(memcmp(&p, &q, sizeof p) == 0);

	fields_from_dec(&p, frame, caplen, &x, &raw);
	FUZZ_CHECK(raw.ip4len <= FPF_HDR_MAX && raw.tcplen <= FPF_HDR_MAX);
	FUZZ_CHECK(x.nopt <= DEC_MAX_TCPOPT);
	roundtrip(&x, &raw);
	return 0;
}
