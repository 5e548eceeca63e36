/* Unit tests for packet/pktfilter: tcpdump expressions compiled for the
 * packet's link type and run on the packets osfp reads; errors as one
 * line; -F files with comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packet/capture.h"
#include "packet/decode.h"
#include "packet/pktfilter.h"
#include "pktgen.h"
#include "tap.h"

static struct capture_packet pk;
static uint8_t buf[128];

/* An Ethernet (or, raw, a RAW IP) packet. */
static const struct capture_packet *
packet(int tcp, uint16_t sport, uint16_t dport, int raw)
{
	size_t n = pktgen_frame4(buf, tcp, 1, 2, sport, dport, 0);

	memset(&pk, 0, sizeof pk);
	pk.data = raw ? buf + 14 : buf;
	pk.caplen = pk.wirelen = (uint32_t)(raw ? n - 14 : n);
	pk.linktype = raw ? LT_RAW : LT_ETHERNET;
	pk.has_time = 1;
	pk.time.sec = 1600000000;
	pk.time.frac = 123456789;
	pk.time.digits = 9;
	return &pk;
}

int
main(void)
{
	struct pktfilter *f = pktfilter_new("tcp port 80 and host 10.0.0.1");
	char text[] = "# web only\ntcp port 80 # the server\n  and not udp\n";
	const char *err;
	FILE *fp;
	char *expr;

	ok(f && pktfilter_compile(f, LT_ETHERNET) == 0, "compiles for Ethernet");
	ok(pktfilter_match(f, packet(1, 40000, 80, 0)) == 1, "TCP to port 80: passes");
	ok(pktfilter_match(f, packet(1, 80, 40000, 0)) == 1, "TCP from port 80: passes");
	ok(pktfilter_match(f, packet(1, 40000, 443, 0)) == 0, "TCP to 443: does not");
	ok(pktfilter_match(f, packet(0, 40000, 80, 0)) == 0, "UDP to 80: does not");
	ok(pktfilter_match(f, packet(1, 40000, 80, 1)) == 1, "raw IP: compiled for it, passes");
	ok(pktfilter_match(f, packet(1, 40000, 443, 1)) == 0, "raw IP to 443: does not");
	pk.caplen = 20;
	ok(pktfilter_match(f, &pk) == 0, "a packet cut before its ports: does not");
	pktfilter_free(f);

	f = pktfilter_new("tcp port");
	ok(pktfilter_compile(f, LT_ETHERNET) == -1 && strlen(pktfilter_error(f)) > 0 &&
	    !strchr(pktfilter_error(f), '\n'), "a syntax error: -1, one line ('%s')",
	    pktfilter_error(f));
	ok(pktfilter_match(f, packet(1, 1, 80, 0)) == -1, "and no match either");
	pktfilter_free(f);
	f = pktfilter_new("ether host 00:00:00:00:00:01");
	ok(pktfilter_compile(f, LT_ETHERNET) == 0 && pktfilter_compile(f, LT_RAW) == -1,
	    "an expression for one link type and not another");
	ok(pktfilter_match(f, packet(1, 1, 80, 0)) == 1, "the Ethernet source matches");
	pktfilter_free(f);

	{
		char *w[] = { "tcp", "port", "80" };

		expr = pktfilter_join(w, 3);
		is_str(expr, "tcp port 80", "words joined as tcpdump joins them");
		free(expr);
		expr = pktfilter_join(w, 0);
		is_str(expr, "", "no words: empty");
		free(expr);
	}
	fp = fmemopen(text, strlen(text), "r");
	expr = pktfilter_read(fp, &err);
	fclose(fp);
	ok(expr && !strchr(expr, '#') && strstr(expr, "tcp port 80") && strstr(expr, "and not udp") &&
	    !strstr(expr, "server"), "-F: comments dropped, lines kept");
	f = pktfilter_new(expr);
	ok(pktfilter_match(f, packet(1, 40000, 80, 0)) == 1, "-F's expression compiles and passes");
	pktfilter_free(f);
	free(expr);
	return tap_done();
}
