/* extraction.c: the parameters of a feature extraction (see extraction.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features/extraction.h"
#include "base/msg.h"
#include "base/num.h"
#include "base/util.h"

#define PREFIX "extraction "
#define VERSION 1

/* The keys of the record, in the order written. */
static const char *const keys[] = {
	"version", "features", "header", "fft", "nprint-packets", "dim", "q",
	"samp-rate", "label-rule", "keep-unlabelled", "interval"
};
#define NKEYS (sizeof keys / sizeof *keys)
/* The keys a record may leave out (bits of keys[]): interval came later. */
#define OPTIONAL (1u << (NKEYS - 1))

void
extraction_default(struct extraction *x)
{
	memset(x, 0, sizeof *x);
	featvec_spec_default(&x->spec);
	x->rate = -1;
	x->q = 0.9;
	x->interval = -1;
}

static int
set_flag(int *v, const char *value, char *msg, size_t msglen)
{
	if (strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
		msg_format(msg, msglen, "'%s' is not 0 or 1", value);
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
		/* the first value replaces the default sets, later ones append */
		if (!x->features_given)
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
		msg_format(msg, msglen, "'%s' is not an integer in 2..1000000", value);
		return -1;
	}
	if (strcmp(key, "q") == 0) {
		if (num_parse_dbl(value, &x->q) == 0 && x->q > 0 && x->q <= 1)
			return 0;
		msg_format(msg, msglen, "'%s' is not a number in (0, 1]", value);
		return -1;
	}
	if (strcmp(key, "samp-rate") == 0) {
		if (num_parse_dbl(value, &x->rate) == 0 && (x->rate > 0 || (record && x->rate == 0)))
			return 0;
		msg_format(msg, msglen, "'%s' is not a positive number", value);
		return -1;
	}
	if (strcmp(key, "interval") == 0) {
		if (num_parse_dbl(value, &x->interval) == 0 && x->interval > 0)
			return 0;
		msg_format(msg, msglen, "'%s' is not a positive number", value);
		return -1;
	}
	if (strcmp(key, "label-rule") == 0) {
		if (strcmp(value, "first") != 0 && strcmp(value, "majority") != 0) {
			msg_format(msg, msglen, "'%s' is not first or majority", value);
			return -1;
		}
		x->majority = value[0] == 'm';
		return 0;
	}
	if (strcmp(key, "nprint-packets") == 0) {
		if (num_parse_long(value, 1, FP_NPRINT_KMAX, &k) < 0) {
			msg_format(msg, msglen, "'%s' is not an integer in 1..%d", value,
			    FP_NPRINT_KMAX);
			return -1;
		}
		x->spec.nprint_k = (int)k;
		return 0;
	}
	msg_format(msg, msglen, "unknown parameter '%s'", key);
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

int
extraction_fix(struct extraction *x, double *counts, double *durations, size_t n)
{
	int from = 0;

	if (n && !x->dim) {
		x->dim = flowfeat_dim(counts, n, x->q);
		from |= EXTRACTION_DIM;
	}
	if (n && durations && x->rate < 0) {
		x->rate = flowfeat_samp_rate(durations, n);
		from |= EXTRACTION_RATE;
	}
	return from;
}

void
extraction_note(const struct extraction *x, int from, size_t n, char *buf, size_t len)
{
	char rate[FMT_DBL_MAX + 1];

	rate[num_fmt_double(rate, x->rate)] = '\0';
	if (from == (EXTRACTION_DIM | EXTRACTION_RATE))
		snprintf(buf, len, "widths from %zu flow%s: --dim %ld --samp-rate %s", n,
		    n == 1 ? "" : "s", x->dim, rate);
	else if (from == EXTRACTION_DIM)
		snprintf(buf, len, "widths from %zu flow%s: --dim %ld", n, n == 1 ? "" : "s", x->dim);
	else if (from == EXTRACTION_RATE)
		snprintf(buf, len, "SAMP window from %zu flow%s: --samp-rate %s", n,
		    n == 1 ? "" : "s", rate);
	else if (len)
		buf[0] = '\0';
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A sorted copy of names[0..n) (the pointers). */
static const char **
sorted(const char *const *names, size_t n)
{
	const char **s = ereallocarray(NULL, n ? n : 1, sizeof *s);

	if (n)
		memcpy(s, names, n * sizeof *s);
	qsort(s, n, sizeof *s, cmp_name);
	return s;
}

static int
has(const char **sorted_names, size_t n, const char *name)
{
	return n && bsearch(&name, sorted_names, n, sizeof *sorted_names, cmp_name) != NULL;
}

/* The length of name's stem: name without a final "_DIGITS" (iat_39:
 * iat; duration: all of it). */
static size_t
stem_len(const char *name)
{
	size_t n = strlen(name), e = n;

	while (e > 0 && name[e - 1] >= '0' && name[e - 1] <= '9')
		e--;
	return e < n && e > 1 && name[e - 1] == '_' ? e - 1 : n;
}

static int
same_stem(const char *name, const char *stem, size_t sl)
{
	return stem_len(name) == sl && strncmp(name, stem, sl) == 0;
}

/* The names of cols[0..n) with stem [stem, stem + sl) as runs of
 * consecutive numbers ("iat_0..iat_39,iat_41"; cut with "..." when
 * long), or "no iat_ columns" / "no column 'x'" for none. */
static void
runs(const char *const *cols, size_t n, const char *stem, size_t sl, char *buf, size_t len)
{
	size_t i = 0, j, used = 0;
	int w;

	buf[0] = '\0';
	for (; i < n && used + 4 < len; i = j + 1) {
		j = i;
		if (!same_stem(cols[i], stem, sl))
			continue;
		while (cols[i][sl] && j + 1 < n && same_stem(cols[j + 1], stem, sl) &&
		    strtoul(cols[j + 1] + sl + 1, NULL, 10) == strtoul(cols[j] + sl + 1, NULL, 10) + 1)
			j++;
		w = i == j ? snprintf(buf + used, len - used, "%s%s", used ? "," : "", cols[i])
		    : snprintf(buf + used, len - used, "%s%s..%s", used ? "," : "", cols[i], cols[j]);
		if (w < 0 || (size_t)w >= len - used - 4) {
			snprintf(buf + used, len - used, "%s...", used ? "," : "");
			return;
		}
		used += (size_t)w;
	}
	if (!used && stem[sl])
		snprintf(buf, len, "no %.*s_ columns", (int)sl, stem);
	else if (!used)
		snprintf(buf, len, "no column '%s'", stem);
}

/* The options that decide x's column names: "-f iat,stats --dim 41". */
static void
name_options(const struct extraction *x, char *buf, size_t len)
{
	char sets[FEAT_NSETS * 12 + FP_NSETS * 8];
	size_t used;
	int i, np = 0;

	featvec_spec_list(&x->spec, sets, sizeof sets);
	for (i = 0; i < x->spec.nfp; i++)
		np |= x->spec.fp[i] == FP_NPRINT;
	used = (size_t)snprintf(buf, len, "-f %s%s%s", sets, x->spec.header ? " --header" : "",
	    x->spec.fft ? " --fft" : "");
	if (used < len && featvec_needs_dim(&x->spec))
		used += (size_t)snprintf(buf + used, len - used, " --dim %ld", x->dim);
	if (used < len && np)
		snprintf(buf + used, len - used, " --nprint-packets %d", x->spec.nprint_k);
}

/* Is name one of the comma-separated names in list (NULL: none)? */
static int
listed(const char *name, const char *list)
{
	size_t k = strlen(name);
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == k && memcmp(p, name, k) == 0)
			return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

int
extraction_compare(const struct extraction *x, const char *const *cols, size_t n,
    const char *skip, char *msg, size_t msglen)
{
	char nm[FEATVEC_NAME_MAX], opts[200], a[160], b[160];
	const char **sw, **si, *first = NULL;
	struct featvec v;
	char **want;
	size_t m, i;

	if (featvec_needs_dim(&x->spec) && !x->dim)
		return 0;
	featvec_init(&v, &x->spec, x->dim ? x->dim : 2, x->rate > 0 ? x->rate : 0);
	m = v.n;
	want = ereallocarray(NULL, m ? m : 1, sizeof *want);
	for (i = 0; i < m; i++) {
		featvec_colname(&v, i, nm, sizeof nm);
		want[i] = estrdup(nm);
	}
	featvec_free(&v);
	sw = sorted((const char *const *)want, m);
	si = sorted(cols, n);
	/* the first of x's columns the input lacks, else the first it adds */
	for (i = 0; i < m && !first; i++)
		if (!has(si, n, want[i]) && !listed(want[i], skip))
			first = want[i];
	for (i = 0; i < n && !first; i++)
		if (!has(sw, m, cols[i]))
			first = cols[i];
	if (first) {
		size_t sl = stem_len(first);

		name_options(x, opts, sizeof opts);
		runs((const char *const *)want, m, first, sl, a, sizeof a);
		runs(cols, n, first, sl, b, sizeof b);
		msg_format(msg, msglen, "features extracted with %s (%s); this input has %s",
		    opts, a, b);
	}
	for (i = 0; i < m; i++)
		free(want[i]);
	free(want);
	free(sw);
	free(si);
	return first ? -1 : 0;
}

char *
extraction_format(const struct extraction *x)
{
	char sets[FEAT_NSETS * 12 + FP_NSETS * 8], dim[24] = "-";
	char q[FMT_DBL_MAX + 1], rate[FMT_DBL_MAX + 1] = "-", iv[FMT_DBL_MAX + 1] = "-";
	size_t len = 1024;
	char *buf = emalloc(len);

	featvec_spec_list(&x->spec, sets, sizeof sets);
	if (x->dim)
		snprintf(dim, sizeof dim, "%ld", x->dim);
	q[num_fmt_double(q, x->q)] = '\0';
	if (x->rate >= 0)
		rate[num_fmt_double(rate, x->rate)] = '\0';
	if (x->interval > 0)
		iv[num_fmt_double(iv, x->interval)] = '\0';
	snprintf(buf, len, PREFIX "version %d\n" PREFIX "features %s\n" PREFIX "header %d\n"
	    PREFIX "fft %d\n" PREFIX "nprint-packets %d\n" PREFIX "dim %s\n" PREFIX "q %s\n"
	    PREFIX "samp-rate %s\n" PREFIX "label-rule %s\n" PREFIX "keep-unlabelled %d\n"
	    PREFIX "interval %s\n",
	    VERSION, sets, x->spec.header, x->spec.fft, x->spec.nprint_k, dim, q, rate,
	    x->majority ? "majority" : "first", x->keep_unlabelled, iv);
	return buf;
}

/* One record line (after the prefix): "KEY VALUE". *seen: the keys read. */
static int
parse_line(struct extraction *x, char *line, unsigned *seen, char *msg, size_t msglen)
{
	char *value = strchr(line, ' '), why[200];
	size_t k;
	long v;

	if (!value || !value[1]) {
		if (value)
			*value = '\0';
		msg_format(msg, msglen, "'%s' without a value", line);
		return -1;
	}
	*value++ = '\0';
	for (k = 0; k < NKEYS && strcmp(keys[k], line) != 0; k++)
		;
	if (k == NKEYS) {
		msg_format(msg, msglen, "unknown key '%s'", line);
		return -1;
	}
	if (*seen & (1u << k)) {
		msg_format(msg, msglen, "'%s' given twice", line);
		return -1;
	}
	*seen |= 1u << k;
	if (k == 0) {
		if (num_parse_long(value, VERSION, VERSION, &v) == 0)
			return 0;
		msg_format(msg, msglen, "version '%s' (this osfp reads version %d)", value, VERSION);
		return -1;
	}
	if (strcmp(value, "-") == 0 && strcmp(line, "dim") == 0)
		return x->dim = 0, 0;
	if (strcmp(value, "-") == 0 && strcmp(line, "samp-rate") == 0)
		return x->rate = -1, 0;
	if (strcmp(value, "-") == 0 && strcmp(line, "interval") == 0)
		return x->interval = -1, 0;
	if (set_key(x, line, value, 1, why, sizeof why) == 0)
		return 0;
	msg_format(msg, msglen, "%s: %s", line, why);
	return -1;
}

int
extraction_parse(struct extraction *x, const char *text, size_t len, const char *name,
    char *msg, size_t msglen)
{
	const size_t np = sizeof PREFIX - 1;
	const char *s = text, *end = text + len;
	unsigned long lineno = 0;
	unsigned seen = 0;
	char what[300];
	size_t k;

	extraction_default(x);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *next = nl ? nl + 1 : end;
		size_t n = (size_t)((nl ? nl : end) - s);
		char *line;
		int rc;

		lineno++;
		if (n && s[n - 1] == '\r')
			n--;
		if (n >= np && memcmp(s, PREFIX, np) == 0) {
			line = emalloc(n - np + 1);
			memcpy(line, s + np, n - np);
			line[n - np] = '\0';
			if (strlen(line) != n - np) {
				snprintf(what, sizeof what, "NUL byte");
				rc = -1;
			} else
				rc = parse_line(x, line, &seen, what, sizeof what);
			free(line);
			if (rc < 0) {
				msg_format(msg, msglen, "'%s': line %lu: extraction %s", name, lineno, what);
				sanitize_line(msg);
				return -1;
			}
		}
		s = next;
	}
	for (k = 0; k < NKEYS && ((seen | OPTIONAL) & (1u << k)); k++)
		;
	if (k < NKEYS) {
		if (seen)
			msg_format(msg, msglen, "'%s': extraction record without '%s'", name, keys[k]);
		else
			msg_format(msg, msglen, "'%s': no extraction record "
			    "(lines 'extraction KEY VALUE')", name);
		sanitize_line(msg);
		return -1;
	}
	x->features_given = 0;
	return 0;
}

int
extraction_read(struct extraction *x, FILE *f, const char *name, char *msg, size_t msglen)
{
	size_t len;
	char *text = fread_all(f, &len);
	int rc;

	if (!text) {
		msg_format(msg, msglen, "'%s': read error: %s", name, strerror(errno));
		return -1;
	}
	rc = extraction_parse(x, text, len, name, msg, msglen);
	free(text);
	return rc;
}
