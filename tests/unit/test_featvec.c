/* Unit tests for featvec.c: the -f lists, the widths and column names of
 * a layout, and a row as netml's blocks side by side (np.hstack) of the
 * sets computed one at a time by flowfeat.c and fingerprint.c. */
#include <stdlib.h>
#include <string.h>

#include "features/featvec.h"
#include "tap.h"

static double scratch[4096];

static void
test_spec(void)
{
	struct featvec_spec s;
	char msg[200], buf[200];
	uint32_t need;
	int raw;

	featvec_spec_default(&s);
	featvec_spec_list(&s, buf, sizeof buf);
	is_str(buf, "iat,stats", "the default sets");
	ok(s.nprint_k == FP_NPRINT_K && !s.header && !s.fft, "default header, fft, nprint");
	ok(featvec_needs_dim(&s) && !featvec_needs_rate(&s), "iat,stats needs dim, not the rate");
	ok(featvec_spec_add(&s, "syn,SAMP_NUM,nprint", msg, sizeof msg) == 0, "append a list");
	featvec_spec_list(&s, buf, sizeof buf);
	is_str(buf, "iat,stats,samp_num,syn,nprint", "netml's sets first, then the fingerprints");
	ok(featvec_needs_rate(&s), "samp_num needs the rate");
	need = featvec_fields(&s, &raw, buf, sizeof buf);
	ok(need == (FPF_NEED_SYN | FPF_NEED_NPRINT) && raw, "fields of syn and nprint, raw headers");
	is_str(buf, "syn,nprint", "the sets asking for them");
	ok(featvec_spec_add(&s, "iat", msg, sizeof msg) < 0, "a set given twice");
	is_str(msg, "feature set 'iat' given twice", "its message");
	ok(featvec_spec_add(&s, "hdr,nprint", msg, sizeof msg) < 0, "a fingerprint set given twice");
	ok(featvec_spec_add(&s, "iats", msg, sizeof msg) < 0, "an unknown set");
	is_str(msg, "unknown feature set 'iats'", "its message");
	ok(featvec_spec_add(&s, ",,", msg, sizeof msg) < 0, "a list naming none");
	is_str(msg, "no feature set in ',,'", "its message");

	memset(&s, 0, sizeof s);
	ok(featvec_spec_add(&s, "stats", msg, sizeof msg) == 0 && !featvec_needs_dim(&s),
	    "stats alone does not need dim");
	s.header = 1;
	ok(featvec_needs_dim(&s), "stats with the header block does (its TTLs)");
	ok(featvec_fields(&s, &raw, buf, sizeof buf) == 0 && !raw && !buf[0],
	    "no fingerprint set: no fields");
}

/* Names of all columns of v joined by commas. */
static char *
names(const struct featvec *v)
{
	static char all[8192];
	char buf[FEATVEC_NAME_MAX];
	size_t i, n = 0;

	all[0] = '\0';
	for (i = 0; i < v->n; i++) {
		featvec_colname(v, i, buf, sizeof buf);
		n += (size_t)snprintf(all + n, sizeof all - n, "%s%s", i ? "," : "", buf);
	}
	return all;
}

static void
test_layout(void)
{
	struct featvec_spec s;
	struct featvec v;
	char msg[100];

	memset(&s, 0, sizeof s);
	s.nprint_k = 1;
	featvec_spec_add(&s, "iat,stats", msg, sizeof msg);
	featvec_init(&v, &s, 3, 0);
	ok(v.n == 14 && v.width[0] == 2 && v.width[1] == 12, "dim 3: iat 2 wide, stats 12");
	is_str(names(&v), "iat_0,iat_1,duration,pkts_rate,bytes_rate,mean,std,q1,q2,q3,"
	    "min,max,num_pkts,num_bytes", "iat,stats names");
	s.header = 1;
	memset(&s.sets, 0, sizeof s.sets);
	s.nsets = 0;
	featvec_spec_add(&s, "size", msg, sizeof msg);
	featvec_init(&v, &s, 2, 0);
	is_str(names(&v), "size_hdr_F,size_hdr_S,size_hdr_R,size_hdr_P,size_hdr_A,size_hdr_U,"
	    "size_hdr_E,size_hdr_C,size_hdr_ttl_0,size_hdr_ttl_1,size_0,size_1",
	    "header block first: flags F S R P A U E C, then the TTLs");
	s.fft = 1;
	featvec_init(&v, &s, 2, 0);
	ok(v.n == 12, "fft: the same widths");
	is_str(names(&v), "size_hdr_fft_0,size_hdr_fft_1,size_hdr_fft_2,size_hdr_fft_3,"
	    "size_hdr_fft_4,size_hdr_fft_5,size_hdr_fft_6,size_hdr_fft_7,size_hdr_fft_8,"
	    "size_hdr_fft_9,size_fft_0,size_fft_1", "fft names");
	memset(&s, 0, sizeof s);
	s.nprint_k = 2;
	featvec_spec_add(&s, "hdr,iat", msg, sizeof msg);
	featvec_init(&v, &s, 4, 0);
	ok(v.n == 3 + fingerprint_width(FP_HDR, 2), "iat then hdr, whatever the order given");
	{
		char buf[FEATVEC_NAME_MAX], want[FEATVEC_NAME_MAX];

		featvec_colname(&v, 3, buf, sizeof buf);
		fingerprint_colname(FP_HDR, 2, 0, want, sizeof want);
		is_str(buf, want, "the first fingerprint column after netml's");
		featvec_colname(&v, v.n, buf, sizeof buf);
		is_str(buf, "", "past the end: empty");
	}
	featvec_free(&v);
}

static void
test_row(void)
{
	/* 4 packets at 10, 10.5, 10.5, 12 s of 60, 100, 40, 1500 bytes */
	static const double t[] = { 10, 10.5, 10.5, 12 }, len[] = { 60, 100, 40, 1500 };
	static const uint8_t ttl[] = { 64, 63, 62, 61 };
	static const double flags[FEAT_NFLAGS] = { 1, 2, 0, 0, 3, 0, 0, 0 };
	struct flowfeat_flow f = { 4, t, len, ttl, flags };
	struct fields_pkt fp[4];
	struct featvec_spec s;
	struct featvec v;
	double row[256], want[256];
	size_t pos = 0;
	char msg[100];

	memset(fp, 0, sizeof fp);
	memset(&s, 0, sizeof s);
	s.nprint_k = FP_NPRINT_K;
	s.header = 1;
	featvec_spec_add(&s, "samp_size,hdr,stats", msg, sizeof msg);
	featvec_init(&v, &s, 5, 0.6);
	ok(featvec_row(&v, &f, fp, NULL, row) == 0, "a row");
	flowfeat_header(&f, 4, 0, want + pos, scratch);
	pos += FEAT_NFLAGS + 4;
	flowfeat_compute(FEAT_SAMP_SIZE, &f, 4, 0.6, 0, want + pos, scratch);
	pos += 4;
	flowfeat_header(&f, 12, 0, want + pos, scratch);
	pos += FEAT_NFLAGS + 12;
	flowfeat_compute(FEAT_STATS, &f, 12, 0.6, 0, want + pos, scratch);
	pos += 12;
	fingerprint_compute(FP_HDR, FP_NPRINT_K, fp, NULL, t, 4, want + pos);
	pos += fingerprint_width(FP_HDR, FP_NPRINT_K);
	ok(pos == v.n && memcmp(row, want, pos * sizeof *row) == 0,
	    "the blocks side by side, bit for bit");
	featvec_free(&v);

	memset(&s, 0, sizeof s);
	featvec_spec_add(&s, "samp_num", msg, sizeof msg);
	featvec_init(&v, &s, 3, 0);
	ok(featvec_row(&v, &f, NULL, NULL, row) < 0, "R = 0 and a gap: netml's OverflowError");
	featvec_free(&v);
}

int
main(void)
{
	test_spec();
	test_layout();
	test_row();
	return tap_done();
}
