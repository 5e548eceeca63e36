/* Unit tests for fields.c and fingerprint.c on hand-built frames: fields
 * from the decoder (bad option lengths, EOL padding, zeroed disallowed
 * bytes), the CSV round trip, p0f's window rules and TTL guess. */
#include <stdlib.h>
#include <string.h>

#include "table/csvr.h"
#include "packet/decode.h"
#include "features/fingerprint.h"
#include "table/fieldcols.h"
#include "tap.h"

/* Ethernet + IPv4 (id 0x1234, DF, TTL 57) + TCP SYN from 10.1.2.3:4000 to
 * 10.9.9.9:80, seq 0, ack 7, with the given options (a multiple of 4). */
static size_t
frame(uint8_t *f, const uint8_t *opt, size_t optlen)
{
	size_t tl = 20 + 20 + optlen, i;
	uint8_t ip[20] = { 0x45, 0x02, (uint8_t)(tl >> 8), (uint8_t)tl, 0x12, 0x34, 0x40, 0,
		57, 6, 0xab, 0xcd, 10, 1, 2, 3, 10, 9, 9, 9 };
	uint8_t tcp[20] = { 0x0f, 0xa0, 0, 80, 0, 0, 0, 0, 0, 0, 0, 7,
		(uint8_t)((20 + optlen) / 4 << 4), 0x02, 0x16, 0xd0, 0xee, 0xff, 0, 3 };

	memset(f, 0, 14);
	f[12] = 0x08;
	memcpy(f + 14, ip, 20);
	memcpy(f + 34, tcp, 20);
	for (i = 0; i < optlen; i++)
		f[54 + i] = opt[i];
	return 54 + optlen;
}

/* fields_format, fieldcols_read, fields_format: the same text. */
static int
same_after_reading(const struct fields_pkt *x, const struct fields_raw *raw)
{
	const char *names[FPF_NFIELDS + 4] = { "ttl", "tcpflags", "win" };
	char text[2048], again[FPF_ROW_MAX + 1], msg[256], *err, *p = text, *row;
	size_t nn = 3, i, len;
	struct fieldcols c;
	struct fields_pkt y;
	struct fields_raw yraw;
	struct csvr *r;
	int same;

	fields_header(FPF_ALL, names, &nn);
	for (i = 0; i < nn; i++)
		p += sprintf(p, "%s%s", i ? "," : "", names[i]);
	p += sprintf(p, "\n%u,%u,%u", x->ttl, x->flags, x->win);
	row = p;
	p += fields_format(p, ',', FPF_ALL, x, raw);
	*p++ = '\n';
	*p = 0;
	if (!(r = csvr_open_mem(text, strlen(text), "again", &err)))
		return 0;
	same = fieldcols_find(&c, r, FPF_ALL, "t", msg, sizeof msg) == 0 && csvr_next(r) == 1 &&
	    fieldcols_read(&c, r, &y, &yraw) == 0;
	csvr_close(r);
	if (!same)
		return 0;
	len = fields_format(again, ',', FPF_ALL, &y, &yraw);
	return len == (size_t)(p - 1 - row) && memcmp(again, row, len) == 0;
}

static void
decode_fields(void)
{
	/* MSS of length 3 (bad), WS 14, EOL with a nonzero pad byte */
	static const uint8_t opt[] = { 2, 3, 5, 3, 3, 14, 0, 9 };
	uint8_t f[128];
	size_t n = frame(f, opt, sizeof opt);
	struct decode_pkt d;
	struct fields_pkt x;
	struct fields_raw raw;
	double out[200];
	char names[64];
	size_t i;
	int col_bad = -1, col_eol = -1, col_nz = -1, col_ws = -1;

	ok(decode(LT_ETHERNET, f, (uint32_t)n, (uint32_t)n, 0, &d) == DEC_OK, "frame decodes");
	fields_from_dec(&d, f, (uint32_t)n, &x, &raw);
	ok(x.has == (FPF_HAS_IP4 | FPF_HAS_TCP), "IPv4 and TCP");
	ok(x.ttl == 57 && x.ipid == 0x1234 && x.df == 1 && x.tos == 2, "ttl, id, df, tos");
	ok(x.nopt == 3 && x.opt[0] == 2 && x.opt[1] == 3 && x.opt[2] == 0, "layout mss,ws,eol");
	ok(x.optbad == 1, "an MSS option of length 3 is p0f's bad");
	ok(x.eolpad == 1 && x.eolnz == 1, "one nonzero byte after EOL");
	ok(x.seq0 == 1 && x.ack0 == 0 && x.urp == 3, "seq 0, ack 7, urgent pointer 3");
	ok(raw.ip4len == 20 && raw.tcplen == 28, "raw header lengths");
	for (i = 10; i < 20; i++)
		if (raw.ip4[i])
			break;
	ok(i == 20, "IPv4 checksum and addresses zeroed");
	for (i = 0; i < 12; i++)
		if (raw.tcp[i])
			break;
	ok(i == 12 && raw.tcp[16] == 0 && raw.tcp[17] == 0, "ports, seq, ack, checksum zeroed");
	ok(raw.tcp[18] == 0 && raw.tcp[19] == 3 && raw.tcp[14] == 0x16, "urgent pointer and window kept");
	ok(same_after_reading(&x, &raw), "a bad-length MSS reads back as absent: same text");

	fingerprint_compute(FP_SYN, 1, &x, NULL, NULL, 1, out);
	for (i = 0; i < fingerprint_width(FP_SYN, 1); i++) {
		fingerprint_colname(FP_SYN, 1, i, names, sizeof names);
		if (!strcmp(names, "syn_q_bad"))
			col_bad = (int)i;
		if (!strcmp(names, "syn_q_opt_nz"))
			col_nz = (int)i;
		if (!strcmp(names, "syn_eolpad"))
			col_eol = (int)i;
		if (!strcmp(names, "syn_q_exws"))
			col_ws = (int)i;
	}
	ok(col_bad > 0 && out[col_bad] == 1, "syn_q_bad");
	ok(col_nz > 0 && out[col_nz] == 1, "syn_q_opt_nz");
	ok(col_eol > 0 && out[col_eol] == 1, "syn_eolpad");
	ok(col_ws > 0 && out[col_ws] == 0, "window scale 14 is not exws");
}

static void
round_trip(void)
{
	static const uint8_t opt[] = { 2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 3, 3, 7 };
	uint8_t f[128];
	size_t n = frame(f, opt, sizeof opt), len;
	struct decode_pkt d;
	struct fields_pkt x, y;
	struct fields_raw raw, raw2;
	const char *names[FPF_NFIELDS + 4] = { "ttl", "tcpflags", "win" };
	size_t nn = 3, i;
	char text[2048], *p = text, msg[256], *err;
	struct fieldcols c;
	struct csvr *r;

	decode(LT_ETHERNET, f, (uint32_t)n, (uint32_t)n, 0, &d);
	fields_from_dec(&d, f, (uint32_t)n, &x, &raw);
	fields_header(FPF_ALL, names, &nn);
	for (i = 0; i < nn; i++)
		p += sprintf(p, "%s%s", i ? "," : "", names[i]);
	p += sprintf(p, "\n57,2,5840");
	len = fields_format(p, ',', FPF_ALL, &x, &raw);
	ok(len <= FPF_ROW_MAX, "row within FPF_ROW_MAX");
	p += len;
	*p++ = '\n';
	*p = 0;
	ok(strstr(text, ",2-4-8-1-3,1460,7,1,1,2,") != NULL, "layout, mss, wscale, sackok, tsval, tsecr");
	r = csvr_open_mem(text, strlen(text), "rt", &err);
	ok(r != NULL, "reader opens");
	if (!r)
		return;
	ok(fieldcols_find(&c, r, FPF_ALL, "syn", msg, sizeof msg) == 0, "all columns found");
	ok(csvr_next(r) == 1, "one row");
	ok(fieldcols_read(&c, r, &y, &raw2) == 0, "row parses");
	ok(y.has == x.has && y.ttl == x.ttl && y.ipid == x.ipid && y.df == x.df && y.tos == x.tos,
	    "IP fields read back");
	ok(y.nopt == x.nopt && !memcmp(y.opt, x.opt, x.nopt) && y.mss == 1460 && y.wscale == 7 &&
	    y.tsval == 1 && y.tsecr == 2 && (y.opthas & DEC_HAS_TS), "TCP fields read back");
	ok(raw2.ip4len == raw.ip4len && !memcmp(raw2.ip4, raw.ip4, raw.ip4len) &&
	    raw2.tcplen == raw.tcplen && !memcmp(raw2.tcp, raw.tcp, raw.tcplen), "headers read back");
	csvr_close(r);

	r = csvr_open_mem("flow,ttl,tcpflags\n", 18, "few", &err);
	ok(fieldcols_find(&c, r, FPF_BIT(FPF_MSS) | FPF_BIT(FPF_IPID), "syn", msg, sizeof msg) < 0,
	    "missing columns");
	is_str(msg, "'few': line 1: -f syn needs the columns 'win', 'ipid', 'mss' "
	    "(osfp-pcap-flows --fields syn writes them)", "message names them all");
	csvr_close(r);
}

static void
p0f_rules(void)
{
	struct fields_pkt x;
	int mtu;

	ok(fingerprint_ittl(1) == 32 && fingerprint_ittl(33) == 64 && fingerprint_ittl(64) == 64 && fingerprint_ittl(65) == 128 &&
	    fingerprint_ittl(129) == 255 && fingerprint_ittl(255) == 255, "initial TTL guess");
	memset(&x, 0, sizeof x);
	x.has = FPF_HAS_IP4 | FPF_HAS_TCP;
	x.opthas = DEC_HAS_MSS;
	x.mss = 1460;
	x.win = 29200;
	ok(fingerprint_win_multi(&x, 60, &mtu) == 20 && mtu == 0, "mss*20");
	x.win = 8192;
	ok(fingerprint_win_multi(&x, 60, &mtu) == -1, "8192 is no multiple");
	x.win = 3000;
	ok(fingerprint_win_multi(&x, 60, &mtu) == 2 && mtu == 1, "mtu*2 (MSS + 40)");
	x.mss = 99;
	x.win = 990;
	ok(fingerprint_win_multi(&x, 60, &mtu) == -1, "MSS under 100 is not used");
	x.mss = 1000;
	x.win = 0;
	ok(fingerprint_win_multi(&x, 60, &mtu) == -1, "window 0");
}

int
main(void)
{
	decode_fields();
	round_trip();
	p0f_rules();
	return tap_done();
}
