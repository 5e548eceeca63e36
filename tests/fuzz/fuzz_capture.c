/* fuzz_capture.c: the pcap/pcapng reader (capture.c), the pcapml comment
 * parser (pcapml.c) and the exact timestamps.
 *
 * The input is the capture file itself, so seeds and regression inputs
 * are real files the programs can be run on. The legacy-timestamp mode
 * (auto, on, off) is chosen by the input's length mod 3.
 * Properties, beyond no crash / leak / out-of-bounds read:
 * - the memory reader (capture_open_mem) and the stream reader (capture_open on
 *   fmemopen, which refills its buffer as a pipe would) return the same
 *   packets, byte for byte, and the same error;
 * - ordinals count 1, 2, 3...; offsets grow and lie inside the input;
 *   every captured byte and comment byte is readable (ASan checks);
 * - an error is one line naming the input;
 * - capture_time_str gives digits as the resolution says; capture_time_double
 *   equals strtod of that string (after Python's 28-digit Decimal
 *   rounding, which can move it by one ulp when there are more digits);
 * - pcapml labels point inside their comment and are never empty. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "packet/capture.h"
#include "fuzz_common.h"
#include "packet/pcapml.h"

#define NAME "fuzz.pcapng"

/* Everything one packet carries, kept to compare the two readers. */
struct seen {
	uint64_t ordinal, offset;
	uint32_t caplen, wirelen, ifindex;
	int linktype, has_time;
	struct capture_time time;
	uint32_t sum;                 /* of the captured bytes */
	size_t ncomments, commentbytes;
};

static void
check_time(const struct capture_time *t)
{
	char s[CAP_TIME_MAX + 8];
	size_t n = capture_time_str(s, t), sig = 0;
	const char *p;
	double d = capture_time_double(t), e;

	FUZZ_CHECK(t->digits >= 0 && t->digits <= 19);
	FUZZ_CHECK(n < CAP_TIME_MAX && strlen(s) == n);
	if (t->digits) {
		const char *dot = strchr(s, '.');

		FUZZ_CHECK(dot && (size_t)(s + n - dot - 1) == (size_t)t->digits);
	} else
		FUZZ_CHECK(!strchr(s, '.'));
	e = strtod(s, NULL);
	FUZZ_CHECK(isfinite(d));
	for (p = s; *p && (*p < '1' || *p > '9'); p++)
		;
	for (; *p; p++)
		sig += *p >= '0' && *p <= '9';
	if (sig <= 28)
		FUZZ_CHECK(d == e);
	else
		FUZZ_CHECK(d == e || nextafter(e, d) == d);
}

static void
check_comments(const struct capture_packet *p, struct seen *s)
{
	size_t i, chosen;
	struct pcapml_label l;
	const char *why;
	int rc;

	for (i = 0; i < p->ncomments; i++) {
		const char *c = p->comments[i];
		size_t n = p->comment_lens[i], k;

		for (k = 0; k < n; k++)
			s->sum += (uint8_t)c[k];
		FUZZ_CHECK(c[n] == '\0');
		s->commentbytes += n;
		if (pcapml_parse(c, n, &l, &why) == 0) {
			FUZZ_CHECK(l.label_len > 0);
			FUZZ_CHECK(l.label >= c && l.label + l.label_len <= c + n);
			FUZZ_CHECK(l.family_len == 0 ||
			    (l.family >= c && l.family + l.family_len <= c + n));
		} else
			FUZZ_CHECK(why && *why);
	}
	rc = pcapml_pick(p->comments, p->comment_lens, p->ncomments, PCAPML_LABEL,
	    &l, &why, &chosen);
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	if (rc == 1)
		FUZZ_CHECK(chosen < p->ncomments);
	rc = pcapml_pick(p->comments, p->comment_lens, p->ncomments, PCAPML_LAST,
	    &l, &why, &chosen);
	FUZZ_CHECK(rc >= -1 && rc <= 1);
	rc = pcapml_pick(p->comments, p->comment_lens, p->ncomments, 2, &l, &why, &chosen);
	FUZZ_CHECK(rc == 0 ? p->ncomments < 2 : p->ncomments >= 2);
}

static int
same(const struct seen *a, const struct seen *b)
{
	return a->ordinal == b->ordinal && a->offset == b->offset &&
	    a->caplen == b->caplen && a->wirelen == b->wirelen &&
	    a->ifindex == b->ifindex && a->linktype == b->linktype &&
	    a->has_time == b->has_time && a->time.sec == b->time.sec &&
	    a->time.frac == b->time.frac && a->time.digits == b->time.digits &&
	    a->sum == b->sum && a->ncomments == b->ncomments &&
	    a->commentbytes == b->commentbytes;
}

/* Read everything from r into a list; returns capture_next's last result. */
static int
drain(struct capture_reader *r, size_t size, struct seen **out, size_t *nout)
{
	struct capture_packet p;
	struct seen *v = NULL;
	size_t n = 0, cap = 0;
	uint64_t lastoff = 0;
	int rc;

	while ((rc = capture_next(r, &p)) == 1) {
		struct seen s;
		uint32_t i;

		memset(&s, 0, sizeof s);
		FUZZ_CHECK(p.ordinal == n + 1);
		FUZZ_CHECK(p.offset < size && (n == 0 || p.offset > lastoff));
		lastoff = p.offset;
		FUZZ_CHECK(p.caplen <= size);
		for (i = 0; i < p.caplen; i++)
			s.sum += p.data[i];
		s.ordinal = p.ordinal;
		s.offset = p.offset;
		s.caplen = p.caplen;
		s.wirelen = p.wirelen;
		s.ifindex = p.ifindex;
		s.linktype = p.linktype;
		s.has_time = p.has_time;
		if (p.has_time) {
			check_time(&p.time);
			s.time = p.time;
		}
		s.ncomments = p.ncomments;
		check_comments(&p, &s);
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = realloc(v, cap * sizeof *v);
			FUZZ_CHECK(v != NULL);
		}
		v[n++] = s;
	}
	*out = v;
	*nout = n;
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum capture_legacy modes[3] = {
		CAP_LEGACY_AUTO, CAP_LEGACY_ON, CAP_LEGACY_OFF
	};
	struct capture_options opt = { modes[size % 3], 1 };
	struct capture_reader *m, *f;
	struct seen *vm = NULL, *vf = NULL;
	size_t nm = 0, nf = 0, i;
	char *errm = NULL, *errf = NULL;
	int rcm = -1, rcf = -1;
	FILE *mf = NULL;

	m = capture_open_mem(data, size, NAME, &opt, &errm);
	if (m) {
		int lt = capture_linktype(m);

		FUZZ_CHECK(capture_format(m) == CAP_PCAP || capture_format(m) == CAP_PCAPNG);
		rcm = drain(m, size, &vm, &nm);
		FUZZ_CHECK(rcm == 0 || rcm == -1);
		if (rcm < 0)
			fuzz_check_message(capture_error(m), NAME);
		if (nm)
			FUZZ_CHECK(lt == vm[0].linktype || capture_format(m) == CAP_PCAPNG);
		(void)capture_legacy_active(m);
	} else
		fuzz_check_message(errm, NAME);

	/* The same bytes through the stream reader. */
	if (size)
		mf = fmemopen((void *)data, size, "rb");
	if (mf) {
		f = capture_open(mf, NAME, &opt, &errf);
		FUZZ_CHECK((f == NULL) == (m == NULL));
		if (f) {
			rcf = drain(f, size, &vf, &nf);
			FUZZ_CHECK(rcf == rcm);
			if (rcf < 0)
				FUZZ_CHECK(strcmp(capture_error(f), capture_error(m)) == 0);
			FUZZ_CHECK(nf == nm);
			for (i = 0; i < nm; i++)
				FUZZ_CHECK(same(&vm[i], &vf[i]));
			capture_close(f);
		} else
			FUZZ_CHECK(strcmp(errf, errm) == 0);
		fclose(mf);
	}
	capture_close(m);
	free(errm);
	free(errf);
	free(vm);
	free(vf);
	return 0;
}
