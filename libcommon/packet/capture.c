/* capture.c: the pcap/pcapng reader behind capture.h.
 *
 * Input is read front to back into one growing buffer (never seek), so
 * pipes work; a memory input, and a regular file (mapped with mmap: no
 * read calls, no copy), are read in place. Any other input is read with
 * read(2) on its descriptor, which returns what has arrived: a packet is
 * handed out as soon as its bytes are there, not when a buffer is full
 * (a live capture on a pipe). Before each read the reader waits in
 * base/sigstop, so that SIGINT or SIGTERM (when the program asked for
 * sigstop) ends the input instead of leaving the read blocked. Each record or block is
 * made whole in the buffer before it is parsed, and every field is checked
 * against the block's own length before it is used. Packets point into the
 * buffer: no per-packet allocation, no copy of the packet bytes. */
#define _DEFAULT_SOURCE         /* madvise (posix_madvise ignores DONTNEED) */
#include "packet/capture.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/num.h"
#include "base/sigstop.h"
#include "base/util.h"

/* first buffer; grows for big blocks. The fuzz build makes it tiny
 * (-DCAPTURE_BUFSZ=64) so that every refill and slide path runs. */
#ifndef CAPTURE_BUFSZ
#define CAPTURE_BUFSZ     (1u << 20)
#endif
#define CAP_MAXCAP    262144u           /* largest caplen accepted (libpcap's) */
#define CAP_MAXBLOCK  (16u << 20)       /* largest block parsed in memory */

#define NG_SHB 0x0A0D0D0Au
#define NG_IDB 1u
#define NG_PB  2u                       /* obsolete Packet Block */
#define NG_SPB 3u
#define NG_EPB 6u
#define NG_BOM 0x1A2B3C4Du

#define OPT_END      0
#define OPT_COMMENT  1
#define IF_TSRESOL   9
#define IF_TSOFFSET  14

struct capture_iface {
	int linktype;
	uint32_t snaplen;
	int has_tsresol;       /* an if_tsresol option was present */
	int binary;            /* resolution 2^-exp, else 10^-exp */
	unsigned exp;
	int64_t tsoffset;
	int legacy;            /* -1 undecided, 0 standard, 1 legacy pcapml */
};

struct capture_reader {
	char *name;
	FILE *f;
	int fd;                /* f's descriptor, read with read(2); -1: fread */
	const uint8_t *b;      /* the data: buf, or the caller's memory */
	uint8_t *buf;
	size_t cap, pos, end;  /* b[pos..end) is read but not consumed */
	uint64_t base;         /* input offset of b[0] */
	int eof, ioerr;
	int intr;              /* a stop was requested (base/sigstop) */
	void *map;             /* a regular file mapped whole, or NULL */
	size_t maplen;
	size_t dropped;        /* map bytes before this are released */
	int skip_comments;     /* capture_skip_comments */

	enum capture_format fmt;
	struct capture_options opt;
	int swap;              /* pcap file / current pcapng section */

	/* classic pcap */
	size_t rechdr;         /* 16, or 24 for the modified (Kuznetzov) format */
	int nsec;
	int linktype;
	uint32_t snaplen;

	/* pcapng */
	struct capture_iface *ifs;
	size_t nifs, ifcap;
	int first_linktype;
	int legacy_any, legacy_noted;

	uint64_t ordinal;
	int done;              /* 1 after the end or an error */
	char *err;

	/* comments of the current packet, NUL-terminated copies */
	char *cbuf;
	size_t ccap;
	const char **cptr;
	size_t *clen, *coff;
	size_t cn, cptrcap;

	/* the packet read ahead by capture_open (so capture_linktype is known) */
	int pending;           /* 1 packet, 0 end, -1 error, -2 nothing */
	struct capture_packet pend;
};


static char *
vfmt(const char *fmt, va_list ap)
{
	va_list aq;
	int n;
	char *s;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static char *
fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = vfmt(f, ap);
	va_end(ap);
	return s;
}

/* Record the first error ("'name': " + message) and end the reader. */
static int __attribute__((format(printf, 2, 3)))
fail(struct capture_reader *r, const char *f, ...)
{
	va_list ap;
	char *m;

	if (r->err)
		return -1;
	va_start(ap, f);
	m = vfmt(f, ap);
	va_end(ap);
	r->err = m ? fmt("'%s': %s", r->name, m) : NULL;
	free(m);
	if (!r->err)
		r->err = strdup("out of memory");
	r->done = 1;
	return -1;
}

static uint16_t
rd16(const uint8_t *p, int swap)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return swap ? __builtin_bswap16(v) : v;
}

static uint32_t
rd32(const uint8_t *p, int swap)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return swap ? __builtin_bswap32(v) : v;
}

static uint64_t
rd64(const uint8_t *p, int swap)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return swap ? __builtin_bswap64(v) : v;
}

static uint64_t
offset(const struct capture_reader *r)
{
	return r->base + r->pos;
}

/* Read more input into buf[end..cap): as much as one read(2) gives
 * (what has arrived), or fread's for a stream without a descriptor.
 * Returns the bytes read; 0 at the end of input, on an error (ioerr) or
 * when a stop is requested (intr). */
static size_t
fill(struct capture_reader *r)
{
	ssize_t got;

	if (r->fd < 0) {
		size_t n = fread(r->buf + r->end, 1, r->cap - r->end, r->f);

		if (n == 0 && ferror(r->f))
			r->ioerr = 1;
		return n;
	}
	for (;;) {
		if (sigstop_wait(r->fd) == 0) {
			r->intr = 1;
			return 0;
		}
		if ((got = read(r->fd, r->buf + r->end, r->cap - r->end)) >= 0)
			return (size_t)got;
		if (errno != EINTR) {
			r->ioerr = 1;
			return 0;
		}
	}
}

/* Make at least n unconsumed bytes available. Returns how many are
 * available (< n only at the end of input or on a read error). */
static size_t
need(struct capture_reader *r, size_t n)
{
	size_t got;

	if (r->end - r->pos >= n || !r->f || r->eof)
		return r->end - r->pos;
	if (r->cap - r->pos < n) {
		/* Slide the unconsumed tail to the front; grow if still short. */
		if (r->pos) {
			memmove(r->buf, r->buf + r->pos, r->end - r->pos);
			r->base += r->pos;
			r->end -= r->pos;
			r->pos = 0;
		}
		if (r->cap < n) {
			size_t nc = r->cap * 2 > n ? r->cap * 2 : n;
			uint8_t *nb = realloc(r->buf, nc);

			if (!nb)
				return r->end - r->pos;
			r->buf = nb;
			r->b = nb;
			r->cap = nc;
		}
	}
	while (r->end - r->pos < n) {
		got = fill(r);
		r->end += got;
		if (got == 0) {
			r->eof = 1;
			break;
		}
	}
	return r->end - r->pos;
}

/* The message when fewer bytes than a block needs are left. */
static int
short_input(struct capture_reader *r, const char *what, uint64_t off)
{
	if (r->intr)
		return fail(r, "interrupted");  /* read_next makes it the end */
	if (r->ioerr)
		return fail(r, "read error at byte %llu", (unsigned long long)offset(r) +
		    (r->end - r->pos));
	return fail(r, "truncated %s at byte %llu", what, (unsigned long long)off);
}

/* ---- timestamps -------------------------------------------------------- */

static int
add_offset(struct capture_reader *r, struct capture_time *t, int64_t off, uint64_t boff)
{
	if (off && __builtin_add_overflow(t->sec, off, &t->sec))
		return fail(r, "block at byte %llu: if_tsoffset overflows the time",
		    (unsigned long long)boff);
	return 0;
}

/* total units of 2^-k seconds (k < 128) -> exact decimal, or the nearest
 * 10^-19 when k > 19. */
static void
binary_time(uint64_t total, unsigned k, struct capture_time *t)
{
	unsigned __int128 rem, q;

	if (k < 64) {
		t->sec = (int64_t)(total >> k);
		rem = total & ((1ull << k) - 1);
	} else {
		t->sec = 0;
		rem = total;
	}
	if (k <= 19) {
		/* rem / 2^k = rem * 5^k / 10^k, exactly, and rem * 5^k < 10^19 */
		uint64_t p5 = 1;
		for (unsigned i = 0; i < k; i++)
			p5 *= 5;
		t->frac = (uint64_t)rem * p5;
		t->digits = (int)k;
		return;
	}
	/* round(rem * 10^19 / 2^k), half up; rem < 2^64 so this fits 128 bits */
	q = rem * num_pow10[19];
	q = (q >> (k - 1)) + 1;
	q >>= 1;
	if (q >= num_pow10[19]) {
		t->sec += 1;
		q -= num_pow10[19];
	}
	t->frac = (uint64_t)q;
	t->digits = 19;
}

static void
decimal_time(uint64_t total, unsigned v, struct capture_time *t)
{
	if (v <= 19) {
		uint64_t d = num_pow10[v];

		t->sec = (int64_t)(total / d);
		t->frac = total % d;
		t->digits = (int)v;
		return;
	}
	/* finer than 10^-19: total < 10^20, so the time is below 10 s; keep
	 * 19 digits, rounded half up */
	{
		uint64_t d = v - 19 <= 19 ? num_pow10[v - 19] : 0;
		uint64_t q = d ? total / d : 0;
		uint64_t m = d ? total % d : total;

		if (d && m >= d - m)
			q++;
		t->sec = 0;
		if (q >= num_pow10[19]) {
			t->sec = 1;
			q -= num_pow10[19];
		}
		t->frac = q;
		t->digits = 19;
	}
}

/* The legacy pcapml encoding (spec/labels.md): ts_high = seconds, ts_low =
 * microseconds, no if_tsresol. Decided on the first packet of an interface. */
static int
legacy_test(const struct capture_iface *ifc, uint32_t hi, uint32_t lo)
{
	/* ts_high a plausible epoch (1980..2106); standard decoding then puts
	 * the packet past the year 40,000, which nothing real does. */
	return !ifc->has_tsresol && lo < 1000000u && hi >= 315532800u;
}

static int
ng_time(struct capture_reader *r, struct capture_iface *ifc, uint32_t hi, uint32_t lo,
    struct capture_time *t, uint64_t boff)
{
	if (ifc->legacy < 0) {
		if (r->opt.legacy == CAP_LEGACY_ON)
			ifc->legacy = 1;
		else if (r->opt.legacy == CAP_LEGACY_OFF)
			ifc->legacy = 0;
		else
			ifc->legacy = legacy_test(ifc, hi, lo);
		if (ifc->legacy) {
			r->legacy_any = 1;
			if (!r->legacy_noted && !r->opt.quiet &&
			    r->opt.legacy == CAP_LEGACY_AUTO)
				weprintf("note: '%s': legacy pcapml timestamps "
				    "(seconds in ts_high, microseconds in ts_low) "
				    "detected; decoding them so", r->name);
			r->legacy_noted = 1;
		}
	}
	if (ifc->legacy) {
		t->sec = (int64_t)hi + lo / 1000000u;
		t->frac = lo % 1000000u;
		t->digits = 6;
	} else {
		uint64_t total = (uint64_t)hi << 32 | lo;

		/* sec must fit int64: only a resolution of 1 s can break that */
		if (ifc->exp == 0 && total > (uint64_t)INT64_MAX)
			return fail(r, "block at byte %llu: timestamp out of range",
			    (unsigned long long)boff);
		if (ifc->binary)
			binary_time(total, ifc->exp, t);
		else
			decimal_time(total, ifc->exp, t);
	}
	return add_offset(r, t, ifc->tsoffset, boff);
}

/* ---- pcapng options ---------------------------------------------------- */

static int
add_comment(struct capture_reader *r, const uint8_t *v, size_t n)
{
	size_t used = r->cn ? r->coff[r->cn - 1] + r->clen[r->cn - 1] + 1 : 0;

	if (r->cn == r->cptrcap) {
		size_t nc = r->cptrcap ? r->cptrcap * 2 : 4;
		const char **p = realloc(r->cptr, nc * sizeof *p);
		size_t *l, *o;

		if (!p)
			return -1;
		r->cptr = p;
		if (!(l = realloc(r->clen, nc * sizeof *l)))
			return -1;
		r->clen = l;
		if (!(o = realloc(r->coff, nc * sizeof *o)))
			return -1;
		r->coff = o;
		r->cptrcap = nc;
	}
	if (r->ccap - used < n + 1) {
		size_t nc = r->ccap ? r->ccap : 256;
		char *c;

		while (nc - used < n + 1)
			nc *= 2;
		if (!(c = realloc(r->cbuf, nc)))
			return -1;
		r->cbuf = c;
		r->ccap = nc;
	}
	memcpy(r->cbuf + used, v, n);
	r->cbuf[used + n] = '\0';
	r->coff[r->cn] = used;
	r->clen[r->cn] = n;
	r->cn++;
	return 0;
}

enum { OPTS_SHB, OPTS_IDB, OPTS_PKT };

/* Walk the options o[0..n) of the block at boff; keep what `kind` needs. */
static int
ng_options(struct capture_reader *r, const uint8_t *o, size_t n, uint64_t boff,
    size_t at, int kind, struct capture_iface *ifc)
{
	const uint8_t *start = o;

	while (n >= 4) {
		uint16_t code = rd16(o, r->swap), len = rd16(o + 2, r->swap);
		size_t step = 4 + (((size_t)len + 3) & ~(size_t)3);

		if (code == OPT_END)
			break;
		if ((size_t)len + 4 > n)
			return fail(r, "block at byte %llu: option %u at byte %llu "
			    "runs past the end of the block", (unsigned long long)boff,
			    code, (unsigned long long)(boff + at + (size_t)(o - start)));
		if (kind == OPTS_PKT && code == OPT_COMMENT) {
			if (!r->skip_comments && add_comment(r, o + 4, len) < 0)
				return fail(r, "out of memory");
		} else if (kind == OPTS_IDB && code == IF_TSRESOL && len >= 1) {
			uint8_t v = o[4];

			ifc->has_tsresol = 1;
			ifc->binary = !!(v & 0x80);
			ifc->exp = v & 0x7f;
		} else if (kind == OPTS_IDB && code == IF_TSOFFSET && len == 8) {
			ifc->tsoffset = (int64_t)rd64(o + 4, r->swap);
		}
		if (step > n)
			break;
		o += step;
		n -= step;
	}
	return 0;
}

/* ---- pcapng blocks ----------------------------------------------------- */

static int
ng_shb(struct capture_reader *r, const uint8_t *b, uint32_t len, uint64_t boff)
{
	uint16_t major = rd16(b + 12, r->swap), minor = rd16(b + 14, r->swap);

	if (major != 1)
		return fail(r, "section header at byte %llu: unsupported pcapng "
		    "version %u.%u", (unsigned long long)boff, major, minor);
	r->nifs = 0;           /* interfaces are per section */
	return ng_options(r, b + 24, len - 28, boff, 24, OPTS_SHB, NULL);
}

static int
ng_idb(struct capture_reader *r, const uint8_t *b, uint32_t len, uint64_t boff)
{
	struct capture_iface *ifc;

	if (r->nifs == r->ifcap) {
		size_t nc = r->ifcap ? r->ifcap * 2 : 4;
		struct capture_iface *p = realloc(r->ifs, nc * sizeof *p);

		if (!p)
			return fail(r, "out of memory");
		r->ifs = p;
		r->ifcap = nc;
	}
	ifc = &r->ifs[r->nifs];
	memset(ifc, 0, sizeof *ifc);
	ifc->linktype = rd16(b + 8, r->swap);
	ifc->snaplen = rd32(b + 12, r->swap);
	ifc->exp = 6;
	ifc->legacy = -1;
	if (ng_options(r, b + 16, len - 20, boff, 16, OPTS_IDB, ifc) < 0)
		return -1;
	if (r->first_linktype < 0)
		r->first_linktype = ifc->linktype;
	r->nifs++;
	return 0;
}

static struct capture_iface *
ng_iface(struct capture_reader *r, uint32_t id, uint64_t boff)
{
	if (id >= r->nifs) {
		fail(r, "block at byte %llu: interface id %u but the section "
		    "has %zu interface%s", (unsigned long long)boff, id, r->nifs,
		    r->nifs == 1 ? "" : "s");
		return NULL;
	}
	return &r->ifs[id];
}

/* EPB and obsolete PB: their layouts differ only in the interface id. */
static int
ng_epb(struct capture_reader *r, const uint8_t *b, uint32_t type, uint32_t len,
    uint64_t boff, struct capture_packet *p)
{
	struct capture_iface *ifc;
	uint32_t id, hi, lo, caplen, padded;

	id = type == NG_EPB ? rd32(b + 8, r->swap) : rd16(b + 8, r->swap);
	hi = rd32(b + 12, r->swap);
	lo = rd32(b + 16, r->swap);
	caplen = rd32(b + 20, r->swap);
	if (!(ifc = ng_iface(r, id, boff)))
		return -1;
	if (caplen > CAP_MAXCAP)
		return fail(r, "block at byte %llu: captured length %u exceeds %u",
		    (unsigned long long)boff, caplen, CAP_MAXCAP);
	padded = (caplen + 3) & ~3u;
	if (padded > len - 32)
		return fail(r, "block at byte %llu: captured length %u exceeds the "
		    "block", (unsigned long long)boff, caplen);
	p->data = b + 28;
	p->caplen = caplen;
	p->wirelen = rd32(b + 24, r->swap);
	p->linktype = ifc->linktype;
	p->ifindex = id;
	p->has_time = 1;
	if (ng_time(r, ifc, hi, lo, &p->time, boff) < 0)
		return -1;
	return ng_options(r, b + 28 + padded, len - 32 - padded, boff,
	    28 + (size_t)padded, OPTS_PKT, NULL);
}

static int
ng_spb(struct capture_reader *r, const uint8_t *b, uint32_t len, uint64_t boff,
    struct capture_packet *p)
{
	struct capture_iface *ifc;
	uint32_t wirelen = rd32(b + 8, r->swap), caplen = wirelen;

	if (!(ifc = ng_iface(r, 0, boff)))
		return -1;
	if (ifc->snaplen && caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	if (caplen > len - 16)          /* the block holds no more than this */
		caplen = len - 16;
	if (caplen > CAP_MAXCAP)
		return fail(r, "block at byte %llu: captured length %u exceeds %u",
		    (unsigned long long)boff, caplen, CAP_MAXCAP);
	p->data = b + 12;
	p->caplen = caplen;
	p->wirelen = wirelen;
	p->linktype = ifc->linktype;
	p->ifindex = 0;
	p->has_time = 0;
	memset(&p->time, 0, sizeof p->time);
	return 0;
}

/* Consume a block we do not parse, in pieces (it may be larger than any
 * buffer we want), then check its trailer. */
static int
ng_skip(struct capture_reader *r, uint32_t len, uint64_t boff)
{
	size_t left = len - 4, have;
	uint32_t trail;

	while (left) {
		size_t want = left < CAPTURE_BUFSZ ? left : CAPTURE_BUFSZ;

		have = need(r, want);
		if (have == 0)
			return short_input(r, "block", boff);
		if (have > left)
			have = left;
		r->pos += have;
		left -= have;
	}
	if (need(r, 4) < 4)
		return short_input(r, "block", boff);
	trail = rd32(r->b + r->pos, r->swap);
	if (trail != len)
		return fail(r, "block at byte %llu: trailing length %u does not match "
		    "leading length %u", (unsigned long long)boff, trail, len);
	r->pos += 4;
	return 0;
}

static int
ng_next(struct capture_reader *r, struct capture_packet *p)
{
	for (;;) {
		uint64_t boff = offset(r);
		size_t have = need(r, 12);
		const uint8_t *b = r->b + r->pos;
		uint32_t type, len, minlen;

		if (have == 0) {
			if (r->ioerr)
				return short_input(r, "block", boff);
			r->done = 1;
			return 0;
		}
		if (have < 8)
			return short_input(r, "block header", boff);
		memcpy(&type, b, 4);
		if (type == NG_SHB) {
			uint32_t bom;

			if (have < 12)
				return short_input(r, "section header", boff);
			memcpy(&bom, b + 8, 4);
			if (bom == NG_BOM)
				r->swap = 0;
			else if (bom == __builtin_bswap32(NG_BOM))
				r->swap = 1;
			else
				return fail(r, "section header at byte %llu: bad byte-order "
				    "magic", (unsigned long long)boff);
		} else {
			type = rd32(b, r->swap);
		}
		len = rd32(b + 4, r->swap);
		if (len % 4)
			return fail(r, "block at byte %llu: length %u is not a multiple "
			    "of 4", (unsigned long long)boff, len);
		switch (type) {
		case NG_SHB: minlen = 28; break;
		case NG_IDB: minlen = 20; break;
		case NG_EPB: case NG_PB: minlen = 32; break;
		case NG_SPB: minlen = 16; break;
		default: minlen = 12; break;
		}
		if (len < minlen)
			return fail(r, "block at byte %llu: length %u is too small for "
			    "block type 0x%x", (unsigned long long)boff, len, type);
		if (type != NG_SHB && type != NG_IDB && type != NG_EPB &&
		    type != NG_PB && type != NG_SPB) {
			if (ng_skip(r, len, boff) < 0)
				return -1;
			continue;
		}
		if (len > CAP_MAXBLOCK)
			return fail(r, "block at byte %llu: length %u exceeds the %u-byte "
			    "limit", (unsigned long long)boff, len, CAP_MAXBLOCK);
		if (need(r, len) < len)
			return short_input(r, "block", boff);
		b = r->b + r->pos;
		if (rd32(b + len - 4, r->swap) != len)
			return fail(r, "block at byte %llu: trailing length %u does not "
			    "match leading length %u", (unsigned long long)boff,
			    rd32(b + len - 4, r->swap), len);
		switch (type) {
		case NG_SHB:
			if (ng_shb(r, b, len, boff) < 0)
				return -1;
			break;
		case NG_IDB:
			if (ng_idb(r, b, len, boff) < 0)
				return -1;
			break;
		case NG_EPB: case NG_PB: case NG_SPB:
			r->cn = 0;
			if ((type == NG_SPB ? ng_spb(r, b, len, boff, p) :
			    ng_epb(r, b, type, len, boff, p)) < 0)
				return -1;
			r->pos += len;
			p->ordinal = ++r->ordinal;
			p->offset = boff;
			for (size_t i = 0; i < r->cn; i++)
				r->cptr[i] = r->cbuf + r->coff[i];
			p->ncomments = r->cn;
			p->comments = r->cn ? (const char *const *)r->cptr : NULL;
			p->comment_lens = r->cn ? r->clen : NULL;
			return 1;
		}
		r->pos += len;
	}
}

/* ---- classic pcap ------------------------------------------------------ */

static int
pcap_next_rec(struct capture_reader *r, struct capture_packet *p)
{
	uint64_t roff = offset(r);
	size_t have = need(r, r->rechdr);
	const uint8_t *b;
	uint32_t sec, sub, caplen;

	if (have == 0) {
		if (r->ioerr)
			return short_input(r, "packet record", roff);
		r->done = 1;
		return 0;
	}
	if (have < r->rechdr)
		return short_input(r, "packet record", roff);
	b = r->b + r->pos;
	caplen = rd32(b + 8, r->swap);
	if (caplen > CAP_MAXCAP)
		return fail(r, "packet record at byte %llu: captured length %u exceeds %u",
		    (unsigned long long)roff, caplen, CAP_MAXCAP);
	if (need(r, r->rechdr + caplen) < r->rechdr + caplen)
		return short_input(r, "packet record", roff);
	b = r->b + r->pos;
	sec = rd32(b, r->swap);
	sub = rd32(b + 4, r->swap);
	p->wirelen = rd32(b + 12, r->swap);
	p->caplen = caplen;
	p->data = b + r->rechdr;
	p->linktype = r->linktype;
	p->ifindex = 0;
	p->has_time = 1;
	/* The fraction is not range-checked (scapy adds it as it is). */
	if (r->nsec) {
		p->time.sec = (int64_t)sec + sub / 1000000000u;
		p->time.frac = sub % 1000000000u;
		p->time.digits = 9;
	} else {
		p->time.sec = (int64_t)sec + sub / 1000000u;
		p->time.frac = sub % 1000000u;
		p->time.digits = 6;
	}
	p->ncomments = 0;
	p->comments = NULL;
	p->comment_lens = NULL;
	p->ordinal = ++r->ordinal;
	p->offset = roff;
	r->pos += r->rechdr + caplen;
	return 1;
}

/* ---- opening ----------------------------------------------------------- */

/* Release the mapped pages read more than CAP_DROP_LAG bytes ago, so that
 * resident memory stays small and only page cache holds the file. Packets
 * stay valid (capture_stable): were their pages touched again they would be
 * read back from the file (a private mapping never written to). */
#define CAP_DROP_STEP ((size_t)2 << 20)
#define CAP_DROP_LAG  ((size_t)2 << 20)   /* kept for a reader a little behind */
static void
drop_behind(struct capture_reader *r)
{
	size_t at = (size_t)(r->b - (const uint8_t *)r->map) + r->pos;
	long pg;

	if (at - r->dropped < CAP_DROP_STEP + CAP_DROP_LAG || (pg = sysconf(_SC_PAGESIZE)) <= 0)
		return;
	at = (at - CAP_DROP_LAG) & ~((size_t)pg - 1);
	madvise((uint8_t *)r->map + r->dropped, at - r->dropped, MADV_DONTNEED);
	r->dropped = at;
}

static int
read_next(struct capture_reader *r, struct capture_packet *p)
{
	int rc;

	if (r->map)
		drop_behind(r);
	if (r->done)
		return r->err ? -1 : 0;
	rc = r->fmt == CAP_PCAP ? pcap_next_rec(r, p) : ng_next(r, p);
	if (rc < 0 && r->intr) {
		/* stopped: the input ends here, a record cut short dropped */
		free(r->err);
		r->err = NULL;
		r->done = 1;
		return 0;
	}
	return rc;
}

static struct capture_reader *
open_common(struct capture_reader *r, const struct capture_options *opt, char **err)
{
	uint32_t magic;
	size_t have = need(r, 24);
	const uint8_t *b = r->b + r->pos;

	if (opt)
		r->opt = *opt;
	r->first_linktype = -1;
	r->linktype = -1;
	r->pending = -2;
	if (have < 4) {
		*err = fmt("'%s': %s", r->name, r->intr ? "interrupted" : r->ioerr ?
		    "read error" : "not a pcap or pcapng file");
		goto bad;
	}
	memcpy(&magic, b, 4);
	if (magic == NG_SHB) {
		r->fmt = CAP_PCAPNG;
		if (have < 12) {
			*err = fmt("'%s': truncated section header at byte 0", r->name);
			goto bad;
		}
	} else {
		switch (magic) {
		case 0xa1b2c3d4: r->swap = 0; r->nsec = 0; r->rechdr = 16; break;
		case 0xd4c3b2a1: r->swap = 1; r->nsec = 0; r->rechdr = 16; break;
		case 0xa1b23c4d: r->swap = 0; r->nsec = 1; r->rechdr = 16; break;
		case 0x4d3cb2a1: r->swap = 1; r->nsec = 1; r->rechdr = 16; break;
		case 0xa1b2cd34: r->swap = 0; r->nsec = 0; r->rechdr = 24; break;
		case 0x34cdb2a1: r->swap = 1; r->nsec = 0; r->rechdr = 24; break;
		default:
			*err = fmt("'%s': not a pcap or pcapng file", r->name);
			goto bad;
		}
		r->fmt = CAP_PCAP;
		if (have < 24) {
			*err = fmt("'%s': truncated pcap file header at byte 0", r->name);
			goto bad;
		}
		r->snaplen = rd32(b + 16, r->swap);
		r->linktype = (int)(rd32(b + 20, r->swap) & 0x03FFFFFF);
		r->pos += 24;
	}
	/* Read ahead to the first packet so the link type is known; an error
	 * there is reported by the first capture_next, like any other. */
	r->pending = read_next(r, &r->pend);
	if (r->fmt == CAP_PCAPNG && r->pending < 0 && r->ordinal == 0 &&
	    r->base + r->pos == 0 && r->err) {
		/* the very first block is bad: not usable at all */
		*err = r->err;
		r->err = NULL;
		goto bad;
	}
	return r;
bad:
	if (!*err)
		*err = strdup("out of memory");
	capture_close(r);
	return NULL;
}

static struct capture_reader *
new_reader(const char *name, char **err)
{
	struct capture_reader *r = calloc(1, sizeof *r);

	*err = NULL;
	if (!r || !(r->name = strdup(name ? name : "<input>"))) {
		free(r);
		*err = strdup("out of memory");
		return NULL;
	}
	r->fd = -1;
	return r;
}

/* A regular file is mapped and read in place from the stream's position,
 * as if it were memory: what it holds when it is opened is the input.
 * Anything else (pipe, terminal, empty file, failed mmap) is streamed. */
static int
map_file(struct capture_reader *r, FILE *f)
{
	struct stat st;
	int fd = fileno(f);
	off_t at;
	void *m;

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uintmax_t)st.st_size > SIZE_MAX)
		return 0;
	if ((at = ftello(f)) < 0 || at >= st.st_size)
		return 0;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return 0;
	posix_madvise(m, (size_t)st.st_size, POSIX_MADV_SEQUENTIAL);
	r->map = m;
	r->maplen = (size_t)st.st_size;
	r->b = (const uint8_t *)m + at;
	r->end = (size_t)(st.st_size - at);
	r->eof = 1;
	return 1;
}

struct capture_reader *
capture_open(FILE *f, const char *name, const struct capture_options *opt, char **err)
{
	struct capture_reader *r = new_reader(name, err);

	if (!r)
		return NULL;
	if (map_file(r, f))
		return open_common(r, opt, err);
	r->f = f;
	r->fd = fileno(f);      /* -1 for fmemopen: fread */
	r->cap = CAPTURE_BUFSZ;
	if (!(r->buf = malloc(r->cap))) {
		capture_close(r);
		*err = strdup("out of memory");
		return NULL;
	}
	r->b = r->buf;
	return open_common(r, opt, err);
}

struct capture_reader *
capture_open_mem(const void *buf, size_t len, const char *name,
    const struct capture_options *opt, char **err)
{
	struct capture_reader *r = new_reader(name, err);

	if (!r)
		return NULL;
	r->b = buf ? buf : (const void *)"";
	r->end = buf ? len : 0;
	r->eof = 1;
	return open_common(r, opt, err);
}

void
capture_close(struct capture_reader *r)
{
	if (!r)
		return;
	free(r->name);
	if (r->map)
		munmap(r->map, r->maplen);
	free(r->buf);
	free(r->ifs);
	free(r->err);
	free(r->cbuf);
	free(r->cptr);
	free(r->clen);
	free(r->coff);
	free(r);
}

int
capture_next(struct capture_reader *r, struct capture_packet *p)
{
	if (r->pending != -2) {
		int rc = r->pending;

		r->pending = -2;
		if (rc == 1)
			*p = r->pend;
		return rc;
	}
	return read_next(r, p);
}

const char *
capture_error(const struct capture_reader *r)
{
	return r->err ? r->err : "no error";
}

enum capture_format
capture_format(const struct capture_reader *r)
{
	return r->fmt;
}

int
capture_linktype(const struct capture_reader *r)
{
	return r->fmt == CAP_PCAP ? r->linktype : r->first_linktype;
}

void
capture_skip_comments(struct capture_reader *r, int skip)
{
	r->skip_comments = skip;
}

int
capture_stable(const struct capture_reader *r)
{
	return r->map != NULL || r->f == NULL;
}

int
capture_interrupted(const struct capture_reader *r)
{
	return r->intr;
}

int
capture_legacy_active(const struct capture_reader *r)
{
	return r->legacy_any;
}

/* ---- time formatting --------------------------------------------------- */

static size_t
u64dec(char *buf, uint64_t v)
{
	return num_fmt_u64(buf, v);   /* also writes a NUL after the digits */
}

size_t
capture_time_str(char *buf, const struct capture_time *t)
{
	size_t n = 0;
	int d = t->digits < 0 ? 0 : t->digits > 19 ? 19 : t->digits;
	uint64_t ip, frac = t->frac;

	if (t->sec < 0) {
		/* sec + frac/10^d with sec < 0: print -(|sec| - frac/10^d) */
		buf[n++] = '-';
		ip = (uint64_t)0 - (uint64_t)t->sec;
		if (frac) {
			ip -= 1;
			frac = num_pow10[d] - frac;
		}
	} else {
		ip = (uint64_t)t->sec;
	}
	n += u64dec(buf + n, ip);
	if (d) {
		buf[n++] = '.';
		for (int i = d - 1; i >= 0; i--) {
			buf[n + (size_t)i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		n += (size_t)d;
	}
	buf[n] = '\0';
	return n;
}

/* Round the decimal string s (digits, one optional '.', optional '-') to
 * 28 significant digits, half to even: Python's default Decimal context,
 * which scapy's division of a pcapng time goes through. */
static void
round28(char *s)
{
	char *p = s, *first = NULL, *cut = NULL;
	int sig = 0;

	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (!first && *p != '0')
			first = p;
		if (first && ++sig == 28) {
			cut = p;
			break;
		}
	}
	if (!cut)
		return;
	{
		char *q = cut + 1;
		int up, more = 0;
		char nd;

		while (*q == '.')
			q++;
		if (!*q)
			return;
		nd = *q;
		for (char *z = q + 1; *z; z++)
			if (*z >= '1' && *z <= '9')
				more = 1;
		up = nd > '5' || (nd == '5' && (more || (*cut - '0') % 2));
		for (char *z = cut + 1; *z; z++)
			if (*z != '.')
				*z = '0';
		if (up) {
			/* s[0] is a '0' of headroom (after any '-'), so a carry
			 * always stops inside the string */
			for (size_t i = (size_t)(cut - s) + 1; i-- > 0;) {
				if (s[i] == '.')
					continue;
				if (s[i] == '-')
					break;
				if (s[i] == '9') {
					s[i] = '0';
					continue;
				}
				s[i]++;
				break;
			}
		}
	}
}

/* The double nearest to X = tot / 10^k, or 0 when it cannot be settled
 * here. d is a guess within a few ulps: it is checked, and moved to a
 * neighbour if needed, with exact integer arithmetic (d = M / 2^shift, so
 * d - X has the sign and size of A - B below, scaled by 10^k * 2^shift). */
static double
nearest_check(double d, unsigned __int128 tot, uint64_t p10)
{
	for (int tries = 0; tries < 4; tries++) {
		uint64_t bits, m;
		int ex, shift;
		unsigned __int128 a, b, diff;

		memcpy(&bits, &d, 8);
		ex = (int)((bits >> 52) & 0x7ff);
		if (ex == 0 || ex == 0x7ff || (bits >> 63))
			return 0;
		shift = 1075 - ex;              /* d = m * 2^-shift */
		if (shift <= 0 || shift >= 127 || tot > (~(unsigned __int128)0 >> shift))
			return 0;
		m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
		a = (unsigned __int128)m * p10;
		b = tot << shift;
		diff = a > b ? a - b : b - a;
		/* below a power of two the gap is half as wide: leave it to strtod */
		if (a > b && m == (1ull << 52))
			return 0;
		if (2 * diff < p10)
			return d;
		if (2 * diff == p10)            /* a tie: the even mantissa wins */
			return m % 2 == 0 ? d : 0;
		d = nextafter(d, a > b ? 0.0 : HUGE_VAL);
	}
	return 0;
}

double
capture_time_double(const struct capture_time *t)
{
	static const double p10d[16] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15,
	};
	char buf[CAP_TIME_MAX + 2];
	int d = t->digits;

	/* Exact integer over an exact power of ten: one correctly rounded
	 * division, the same double strtod gives for the decimal string. */
	if (t->sec >= 0 && d >= 0 && d <= 15) {
		uint64_t s = (uint64_t)t->sec, tot;

		if (s < (1ull << 53) / num_pow10[d]) {
			tot = s * num_pow10[d] + t->frac;
			if (tot < (1ull << 53))
				return (double)tot / p10d[d];
		}
	}
	/* Any resolution, at most 28 digits in all (so scapy's Decimal is
	 * exact): a guess from two doubles, settled exactly. */
	if (t->sec > 0 && d >= 0 && d <= 19 && (uint64_t)t->sec < (1ull << 53) &&
	    t->frac < num_pow10[d] && (d <= 12 || (uint64_t)t->sec < num_pow10[28 - d])) {
		double g = (double)t->sec + (double)t->frac / (double)num_pow10[d];
		unsigned __int128 tot = (unsigned __int128)(uint64_t)t->sec * num_pow10[d] + t->frac;

		if ((g = nearest_check(g, tot, num_pow10[d])) != 0)
			return g;
	}
	buf[0] = '0';           /* headroom for a carry in round28 */
	capture_time_str(buf + 1, t);
	if (buf[1] == '-') {
		buf[0] = '-';
		buf[1] = '0';
	}
	round28(buf);
	return strtod(buf, NULL);
}

int
capture_time_parse(const char *s, struct capture_time *t)
{
	uint64_t ip = 0, frac = 0;
	int neg = *s == '-', d = 0, any = 0;

	s += neg;
	for (; *s >= '0' && *s <= '9'; s++, any = 1) {
		if (ip > (UINT64_MAX - 9) / 10)
			return -1;
		ip = ip * 10 + (uint64_t)(*s - '0');
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, any = 1) {
			if (d < 19)
				frac = frac * 10 + (uint64_t)(*s - '0'), d++;
			else if (*s != '0')
				return -1;
		}
	if (*s || !any || ip > (uint64_t)INT64_MAX)
		return -1;
	/* sec + frac / 10^d with 0 <= frac < 10^d, as capture_time_str reads
	 * it: a negative time is -(ip + f) = -(ip + 1) + (1 - f) */
	t->sec = (int64_t)ip;
	t->frac = frac;
	t->digits = d;
	if (neg) {
		t->sec = -t->sec;
		if (frac) {
			t->sec -= 1;
			t->frac = num_pow10[d] - frac;
		}
	}
	return 0;
}

uint64_t
capture_time_frac19(const struct capture_time *t)
{
	int d = t->digits < 0 ? 0 : t->digits > 19 ? 19 : t->digits;

	return t->frac * num_pow10[19 - d];
}

int
capture_parse_legacy(const char *s, enum capture_legacy *mode)
{
	if (strcmp(s, "auto") == 0)
		*mode = CAP_LEGACY_AUTO;
	else if (strcmp(s, "on") == 0)
		*mode = CAP_LEGACY_ON;
	else if (strcmp(s, "off") == 0)
		*mode = CAP_LEGACY_OFF;
	else
		return -1;
	return 0;
}
