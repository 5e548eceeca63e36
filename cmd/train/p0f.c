/* p0f.c: osfp-train -m p0f: the signatures each label's SYNs and SYN+ACKs
 * sent, as a p0f v3 fingerprint database (learn/p0flearn.h). */
#include "p0f.h"

#include <stdio.h>
#include <stdlib.h>

#include "learn/p0flearn.h"
#include "learn/p0fsig.h"
#include "table/csvr.h"
#include "base/util.h"

/* Close the input, then die with the message: nothing is left allocated
 * at exit, so leak checkers see no leak on an error path. */
static void
fail(struct csvr *r, FILE *f, const char *msg)
{
	char buf[1024];

	snprintf(buf, sizeof buf, "%s", msg);
	csvr_close(r);
	efclose_in(f);
	eprintf("%s", buf);
}

/* The label, family and syn columns of r, or fail. */
static void
find_cols(struct csvr *r, FILE *f, const char *name, const char *label,
    const char *family, long *lc, long *fc, struct p0fsig_cols *c)
{
	char msg[512], buf[768];

	if ((*lc = csvr_col(r, label)) < 0) {
		snprintf(buf, sizeof buf, "'%s': line 1: no label column '%s' "
		    "(--label COL names another)", name, label);
		fail(r, f, buf);
	}
	if ((*fc = csvr_col(r, family)) < 0) {
		snprintf(buf, sizeof buf, "'%s': line 1: no family column '%s' "
		    "(--family COL names another)", name, family);
		fail(r, f, buf);
	}
	if (p0fsig_cols_find(c, r, msg, sizeof msg) < 0) {
		snprintf(buf, sizeof buf, "'%s': line 1: -m p0f learns from the syn columns; "
		    "missing %s (osfp-flow-features -f syn writes them)", name, msg);
		fail(r, f, buf);
	}
}

int
p0f_train(const char *in, const char *out, const char *label, const char *family)
{
	struct p0fsig_cols c;
	struct p0flearn *l;
	struct p0fsig s;
	struct csvr *r;
	char msg[512], *e;
	const char *name;
	long lc, fc;
	int rc;
	FILE *f;

	f = efopen_in(in, &name);
	if (!(r = csvr_open(f, name, &e)))
		eprintf("%s", e);
	find_cols(r, f, name, label ? label : "label", family ? family : "family",
	    &lc, &fc, &c);
	l = p0flearn_new();
	while ((rc = csvr_next(r)) == 1) {
		if (p0fsig_read(&c, r, &s) < 0) {
			rc = -1;
			break;
		}
		/* rows without a SYN, or without a label, teach nothing */
		if (!s.none && *csvr_field(r, (size_t)lc))
			p0flearn_add(l, csvr_field(r, (size_t)lc), csvr_field(r, (size_t)fc), &s);
	}
	if (rc < 0) {
		p0flearn_free(l);
		fail(r, f, csvr_error(r));
	}
	csvr_close(r);
	efclose_in(f);
	if (p0flearn_skipped(l))
		weprintf("'%s': %zu row%s with more TCP options than the syn columns hold left out",
		    name, p0flearn_skipped(l), p0flearn_skipped(l) == 1 ? "" : "s");
	if (!p0flearn_rows(l)) {
		p0flearn_free(l);
		eprintf("'%s': no row with a label and a SYN or SYN+ACK to learn from", name);
	}
	f = efopen_out(out);
	if (p0flearn_write(l, f, out ? out : "<stdout>", name, msg, sizeof msg) < 0) {
		p0flearn_free(l);
		if (f != stdout)
			fclose(f);
		eprintf("'%s': %s", name, msg);
	}
	p0flearn_free(l);
	return fshut(f, out ? out : "<stdout>") ? EXIT_DATA : EXIT_OK;
}
