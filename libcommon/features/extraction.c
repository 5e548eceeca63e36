/* extraction.c: the parameters of a feature extraction (see extraction.h). */
#include <stdio.h>
#include <string.h>

#include "features/extraction.h"
#include "base/num.h"

void
extraction_default(struct extraction *x)
{
	memset(x, 0, sizeof *x);
	featvec_spec_default(&x->spec);
	x->rate = -1;
	x->q = 0.9;
}

static int
set_flag(int *v, const char *value, char *msg, size_t msglen)
{
	if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
		snprintf(msg, msglen, "'%s' is not 0 or 1", value);
		return -1;
	}
	*v = value[0] == '1';
	return 0;
}

/* As extraction_set; record: the value comes from a record, where a
 * rate of 0 (the quantile of an input of zero durations) is kept. */
static int
set_key(struct extraction *x, const char *key, const char *value, int record,
    char *msg, size_t msglen)
{
	long k;

	if (strcmp(key, "features") == 0) {
		/* the last value wins */
		x->spec.nsets = x->spec.nfp = 0;
		x->features_given = 1;
		return featvec_spec_add(&x->spec, value, msg, msglen);
	}
	if (strcmp(key, "header") == 0)
		return set_flag(&x->spec.header, value, msg, msglen);
	if (strcmp(key, "fft") == 0)
		return set_flag(&x->spec.fft, value, msg, msglen);
	if (strcmp(key, "keep-unlabelled") == 0)
		return set_flag(&x->keep_unlabelled, value, msg, msglen);
	if (strcmp(key, "dim") == 0) {
		/* netml's dim is at least 2 (every flow has two packets) */
		if (num_parse_long(value, 2, 1000000, &x->dim) == 0)
			return 0;
		snprintf(msg, msglen, "'%s' is not an integer in 2..1000000", value);
		return -1;
	}
	if (strcmp(key, "q") == 0) {
		if (num_parse_dbl(value, &x->q) == 0 && x->q > 0 && x->q <= 1)
			return 0;
		snprintf(msg, msglen, "'%s' is not a number in (0, 1]", value);
		return -1;
	}
	if (strcmp(key, "samp-rate") == 0) {
		if (num_parse_dbl(value, &x->rate) == 0 && (x->rate > 0 || (record && x->rate == 0)))
			return 0;
		snprintf(msg, msglen, "'%s' is not a positive number", value);
		return -1;
	}
	if (strcmp(key, "label-rule") == 0) {
		if (strcmp(value, "first") != 0 && strcmp(value, "majority") != 0) {
			snprintf(msg, msglen, "'%s' is not first or majority", value);
			return -1;
		}
		x->majority = value[0] == 'm';
		return 0;
	}
	if (strcmp(key, "nprint-packets") == 0) {
		if (num_parse_long(value, 1, FP_NPRINT_KMAX, &k) < 0) {
			snprintf(msg, msglen, "'%s' is not an integer in 1..%d", value,
			    FP_NPRINT_KMAX);
			return -1;
		}
		x->spec.nprint_k = (int)k;
		return 0;
	}
	snprintf(msg, msglen, "unknown parameter '%s'", key);
	return -2;
}

int
extraction_set(struct extraction *x, const char *key, const char *value,
    char *msg, size_t msglen)
{
	return set_key(x, key, value, 0, msg, msglen);
}

int
extraction_streams(const struct extraction *x)
{
	return (x->dim || !featvec_needs_dim(&x->spec)) &&
	    (x->rate >= 0 || !featvec_needs_rate(&x->spec));
}
