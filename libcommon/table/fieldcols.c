/* fieldcols.c: the fingerprint field columns read back from a CSV row
 * (see fieldcols.h). */
#include <stdlib.h>
#include <string.h>

#include "table/fieldcols.h"
#include "base/hex.h"
#include "base/num.h"

int
fieldcols_find(struct fieldcols *c, const struct csvr *r, uint32_t need,
    const char *why, char *msg, size_t msglen)
{
	static const char *const base[] = { "ttl", "tcpflags", "win" };
	long *bcol[] = { &c->ttl, &c->tcpflags, &c->win };
	size_t len = 0, i;
	int f, nmiss = 0;

	c->mask = need;
	len = (size_t)snprintf(msg, msglen, "'%s': line 1: -f %s needs the column", csvr_name(r), why);
	for (i = 0; i < 3; i++)
		if ((*bcol[i] = csvr_col(r, base[i])) < 0 && (need & ~FPF_NEED_NPRINT) &&
		    len < msglen)
			len += (size_t)snprintf(msg + len, msglen - len, "%s '%s'",
			    nmiss++ ? "," : "", base[i]);
	for (f = 0; f < FPF_NFIELDS; f++) {
		c->col[f] = -1;
		if (!(need & FPF_BIT(f)))
			continue;
		if ((c->col[f] = csvr_col(r, fields_names[f])) < 0 && len < msglen)
			len += (size_t)snprintf(msg + len, msglen - len, "%s '%s'",
			    nmiss++ ? "," : "", fields_names[f]);
	}
	if (!nmiss)
		return 0;
	if (nmiss > 1 && len < msglen) {
		/* "the column" -> "the columns" */
		char *p = strstr(msg, "the column");

		if (p && len + 1 < msglen) {
			memmove(p + 11, p + 10, strlen(p + 10) + 1);
			p[10] = 's';
			len++;
		}
	}
	if (len < msglen)
		snprintf(msg + len, msglen - len, " (osfp-pcap-flows --fields %s writes them)", why);
	return -1;
}

static int
bad(struct csvr *r, long col, const char *what)
{
	return csvr_fail(r, "column '%s': %s: '%s'", csvr_colname(r, (size_t)col), what,
	    csvr_field(r, (size_t)col));
}

/* Read an unsigned integer column; 0 if empty (*present = 0). */
static int
get_u(struct csvr *r, long col, long hi, uint32_t *v, int *present)
{
	const char *s;
	long x;

	*v = 0;
	if (present)
		*present = 0;
	if (col < 0)
		return 0;
	s = csvr_field(r, (size_t)col);
	if (!*s)
		return 0;
	if (num_parse_long(s, 0, hi, &x) < 0) {
		char what[48];

		snprintf(what, sizeof what, "not an integer in 0..%ld", hi);
		return bad(r, col, what);
	}
	*v = (uint32_t)x;
	if (present)
		*present = 1;
	return 0;
}

static int
get_hex(struct csvr *r, long col, uint8_t *dst, uint8_t *len)
{
	const char *s;
	size_t n, i;

	*len = 0;
	if (col < 0)
		return 0;
	s = csvr_field(r, (size_t)col);
	n = csvr_fieldlen(r, (size_t)col);
	if (n % 2 || n > 2 * FPF_HDR_MAX)
		return bad(r, col, "not hex of at most 60 bytes");
	for (i = 0; i < n; i += 2) {
		int hi = hex_digit((unsigned char)s[i]), lo = hex_digit((unsigned char)s[i + 1]);

		if (hi < 0 || lo < 0)
			return bad(r, col, "not hex of at most 60 bytes");
		dst[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*len = (uint8_t)(n / 2);
	return 0;
}

static int
get_layout(struct csvr *r, long col, struct fields_pkt *x)
{
	const char *s = csvr_field(r, (size_t)col);

	while (*s) {
		unsigned v = 0;
		int digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (!digits || v > 255 || (*s && *s != '-') || x->nopt == DEC_MAX_TCPOPT)
			return bad(r, col, "not TCP option kinds joined by '-'");
		if (*s)
			s++;
		if (!*s && s[-1] == '-')
			return bad(r, col, "not TCP option kinds joined by '-'");
		x->opt[x->nopt++] = (uint8_t)v;
		switch (v) {
		case 0: x->opthas |= DEC_HAS_EOL; break;
		case 2: x->opthas |= DEC_HAS_MSS; break;
		case 3: x->opthas |= DEC_HAS_WS; break;
		case 4: x->opthas |= DEC_HAS_SACKOK; break;
		case 5: x->opthas |= DEC_HAS_SACK; break;
		case 8: x->opthas |= DEC_HAS_TS; break;
		}
	}
	return 0;
}

static void
set_has(struct fields_pkt *x, uint8_t bit, long col, int have)
{
	if (col < 0)
		return;         /* not read: the layout decides */
	if (have)
		x->opthas |= bit;
	else
		x->opthas &= (uint8_t)~bit;
}

int
fieldcols_read(const struct fieldcols *c, struct csvr *r, struct fields_pkt *x, struct fields_raw *raw)
{
	const long *col = c->col;
	uint32_t v, ver = 0;
	int have;

	memset(x, 0, sizeof *x);
	if (get_u(r, c->ttl, 255, &v, NULL) < 0)
		return -1;
	x->ttl = (uint8_t)v;
	if (get_u(r, col[FPF_IPVER], 6, &ver, &have) < 0)
		return -1;
	if (have && ver != 4 && ver != 6)
		return bad(r, col[FPF_IPVER], "not 4 or 6");
	if (ver == 4)
		x->has |= FPF_HAS_IP4;
	else if (ver == 6)
		x->has |= FPF_HAS_IP6;
	if (get_u(r, col[FPF_IPID], 65535, &v, NULL) < 0)
		return -1;
	x->ipid = (uint16_t)v;
	if (get_u(r, col[FPF_DF], 1, &v, NULL) < 0)
		return -1;
	x->df = (uint8_t)v;
	if (get_u(r, col[FPF_RF], 1, &v, NULL) < 0)
		return -1;
	x->rf = (uint8_t)v;
	if (get_u(r, col[FPF_TOS], 255, &v, NULL) < 0)
		return -1;
	x->tos = (uint8_t)v;
	if (get_u(r, col[FPF_IPOPTS], 255, &v, NULL) < 0)
		return -1;
	x->ipopts = (uint8_t)v;
	if (get_u(r, col[FPF_FLOWLBL], 0xfffff, &x->flowlbl, NULL) < 0)
		return -1;
	if (get_u(r, c->tcpflags, 511, &v, &have) < 0)
		return -1;
	x->flags = (uint16_t)v;
	if (have)
		x->has |= FPF_HAS_TCP;
	if (get_u(r, c->win, 65535, &v, NULL) < 0)
		return -1;
	x->win = (uint16_t)v;
	if (col[FPF_TCPOPTS] >= 0 && get_layout(r, col[FPF_TCPOPTS], x) < 0)
		return -1;
	/* An option's value column, when read, says whether the option is
	 * usable (a kind in the layout with the wrong length has no value). */
	if (get_u(r, col[FPF_MSS], 65535, &v, &have) < 0)
		return -1;
	x->mss = (uint16_t)v;
	set_has(x, DEC_HAS_MSS, col[FPF_MSS], have);
	if (get_u(r, col[FPF_WSCALE], 255, &v, &have) < 0)
		return -1;
	x->wscale = (uint8_t)v;
	set_has(x, DEC_HAS_WS, col[FPF_WSCALE], have);
	if (get_u(r, col[FPF_SACKOK], 1, &v, &have) < 0)
		return -1;
	set_has(x, DEC_HAS_SACKOK, col[FPF_SACKOK], v);
	if (get_u(r, col[FPF_TSVAL], 4294967295L, &x->tsval, &have) < 0 ||
	    get_u(r, col[FPF_TSECR], 4294967295L, &x->tsecr, NULL) < 0)
		return -1;
	set_has(x, DEC_HAS_TS, col[FPF_TSVAL], have);
	if (get_u(r, col[FPF_EOLPAD], 255, &v, NULL) < 0)
		return -1;
	x->eolpad = (uint8_t)v;
	if (get_u(r, col[FPF_EOLNZ], 1, &v, NULL) < 0)
		return -1;
	x->eolnz = (uint8_t)v;
	if (get_u(r, col[FPF_URP], 65535, &v, NULL) < 0)
		return -1;
	x->urp = (uint16_t)v;
	if (get_u(r, col[FPF_SEQ0], 1, &v, NULL) < 0)
		return -1;
	x->seq0 = (uint8_t)v;
	if (get_u(r, col[FPF_ACK0], 1, &v, NULL) < 0)
		return -1;
	x->ack0 = (uint8_t)v;
	if (get_u(r, col[FPF_OPTBAD], 1, &v, NULL) < 0)
		return -1;
	x->optbad = (uint8_t)v;
	if (get_u(r, col[FPF_PAYLOAD], 4294967295L, &x->payload, &have) < 0)
		return -1;
	if (have && !(x->has & FPF_HAS_TCP))
		x->has |= FPF_HAS_UDP;
	if (raw) {
		if (get_hex(r, col[FPF_IP4HDR], raw->ip4, &raw->ip4len) < 0 ||
		    get_hex(r, col[FPF_TCPHDR], raw->tcp, &raw->tcplen) < 0)
			return -1;
	}
	return 0;
}
