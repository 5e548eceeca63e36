/* featvec.c: the feature-vector layout (see featvec.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/featvec.h"
#include "base/util.h"

void
featvec_spec_default(struct featvec_spec *s)
{
	memset(s, 0, sizeof *s);
	s->sets[0] = FEAT_IAT;
	s->sets[1] = FEAT_STATS;
	s->nsets = 2;
	s->nprint_k = FP_NPRINT_K;
}

/* One name of a -f list into s; -1 with msg. */
static int
add_one(struct featvec_spec *s, const char *tok, char *msg, size_t msglen)
{
	enum flowfeat_set fs;
	enum fingerprint_set ps;
	int i;

	if (fingerprint_set_parse(tok, &ps) == 0) {
		for (i = 0; i < s->nfp; i++)
			if (s->fp[i] == ps)
				goto twice;
		s->fp[s->nfp++] = ps;
		return 0;
	}
	if (flowfeat_set_parse(tok, &fs) < 0) {
		snprintf(msg, msglen, "unknown feature set '%s'", tok);
		return -1;
	}
	for (i = 0; i < s->nsets; i++)
		if (s->sets[i] == fs)
			goto twice;
	s->sets[s->nsets++] = fs;
	return 0;
twice:
	snprintf(msg, msglen, "feature set '%s' given twice", tok);
	return -1;
}

int
featvec_spec_add(struct featvec_spec *s, const char *list, char *msg, size_t msglen)
{
	char *buf = estrdup(list), *tok, *save = NULL;
	int rc = 0, n = 0;

	for (tok = strtok_r(buf, ",", &save); tok && rc == 0; tok = strtok_r(NULL, ",", &save)) {
		rc = add_one(s, tok, msg, msglen);
		n++;
	}
	free(buf);
	if (rc == 0 && n == 0) {
		snprintf(msg, msglen, "no feature set in '%s'", list);
		rc = -1;
	}
	return rc;
}

void
featvec_spec_list(const struct featvec_spec *s, char *buf, size_t len)
{
	size_t used = 0;
	int i, n = s->nsets + s->nfp;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		const char *nm = i < s->nsets ? flowfeat_set_name(s->sets[i]) :
		    fingerprint_set_name(s->fp[i - s->nsets]);
		int w = snprintf(buf + used, len - used, "%s%s", i ? "," : "", nm);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

int
featvec_needs_dim(const struct featvec_spec *s)
{
	int i;

	for (i = 0; i < s->nsets; i++)
		if (s->sets[i] != FEAT_STATS || s->header)
			return 1;
	return 0;
}

int
featvec_needs_rate(const struct featvec_spec *s)
{
	int i;

	for (i = 0; i < s->nsets; i++)
		if (flowfeat_needs_rate(s->sets[i]))
			return 1;
	return 0;
}

uint32_t
featvec_fields(const struct featvec_spec *s, int *raw, char *why, size_t whylen)
{
	uint32_t need = 0;
	size_t used = 0;
	int i;

	*raw = 0;
	if (whylen)
		why[0] = '\0';
	for (i = 0; i < s->nfp; i++) {
		need |= fingerprint_set_fields(s->fp[i]);
		*raw |= s->fp[i] == FP_NPRINT;
		if (used < whylen) {
			int w = snprintf(why + used, whylen - used, "%s%s", i ? "," : "",
			    fingerprint_set_name(s->fp[i]));

			if (w > 0)
				used += (size_t)w;
		}
	}
	return need;
}

void
featvec_init(struct featvec *v, const struct featvec_spec *s, long dim, double rate)
{
	int i;

	memset(v, 0, sizeof *v);
	v->spec = *s;
	v->dim = dim;
	v->rate = rate;
	for (i = 0; i < s->nsets; i++) {
		v->width[i] = flowfeat_width(s->sets[i], dim);
		v->n += v->width[i] + (s->header ? FEAT_NFLAGS + v->width[i] : 0);
	}
	for (i = 0; i < s->nfp; i++)
		v->n += fingerprint_width(s->fp[i], s->nprint_k);
}

void
featvec_free(struct featvec *v)
{
	free(v->scratch);
	v->scratch = NULL;
	v->nscratch = 0;
}

/* Column k of a netml set's block of width D (with its header block
 * first when header). */
static void
netml_colname(const struct featvec *v, int set, size_t k, char *buf, size_t len)
{
	const struct featvec_spec *s = &v->spec;
	const char *nm = flowfeat_set_name(s->sets[set]);
	size_t D = v->width[set];

	if (s->header) {
		if (k < FEAT_NFLAGS + D) {
			if (s->fft)
				snprintf(buf, len, "%s_hdr_fft_%zu", nm, k);
			else if (k < FEAT_NFLAGS)
				snprintf(buf, len, "%s_hdr_%c", nm, flowfeat_flag_letters[k]);
			else
				snprintf(buf, len, "%s_hdr_ttl_%zu", nm, k - FEAT_NFLAGS);
			return;
		}
		k -= FEAT_NFLAGS + D;
	}
	if (s->fft)
		snprintf(buf, len, "%s_fft_%zu", nm, k);
	else if (s->sets[set] == FEAT_STATS)
		snprintf(buf, len, "%s", flowfeat_stats_names[k]);
	else
		snprintf(buf, len, "%s_%zu", nm, k);
}

void
featvec_colname(const struct featvec *v, size_t i, char *buf, size_t len)
{
	const struct featvec_spec *s = &v->spec;
	int b;

	for (b = 0; b < s->nsets; b++) {
		size_t w = v->width[b] + (s->header ? FEAT_NFLAGS + v->width[b] : 0);

		if (i < w) {
			netml_colname(v, b, i, buf, len);
			return;
		}
		i -= w;
	}
	for (b = 0; b < s->nfp; b++) {
		size_t w = fingerprint_width(s->fp[b], s->nprint_k);

		if (i < w) {
			fingerprint_colname(s->fp[b], s->nprint_k, i, buf, len);
			return;
		}
		i -= w;
	}
	if (len)
		buf[0] = '\0';
}

int
featvec_row(struct featvec *v, const struct flowfeat_flow *f,
    const struct fields_pkt *fp, const struct fields_raw *raw, double *row)
{
	const struct featvec_spec *s = &v->spec;
	size_t need = 0, pos = 0;
	int i;

	for (i = 0; i < s->nsets; i++) {
		size_t n = flowfeat_scratch(f->n, v->width[i]);

		if (n > need)
			need = n;
	}
	if (need > v->nscratch) {
		v->scratch = ereallocarray(v->scratch, need, sizeof *v->scratch);
		v->nscratch = need;
	}
	for (i = 0; i < s->nsets; i++) {
		size_t D = v->width[i];

		if (s->header) {
			flowfeat_header(f, D, s->fft, row + pos, v->scratch);
			pos += FEAT_NFLAGS + D;
		}
		if (flowfeat_compute(s->sets[i], f, D, v->rate, s->fft, row + pos, v->scratch) < 0)
			return -1;
		pos += D;
	}
	for (i = 0; i < s->nfp; i++) {
		fingerprint_compute(s->fp[i], s->nprint_k, fp, raw, f->t, f->n, row + pos);
		pos += fingerprint_width(s->fp[i], s->nprint_k);
	}
	return 0;
}
