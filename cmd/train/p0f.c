/* p0f.c: osfp-train -m p0f: the signatures each label's SYNs and SYN+ACKs
 * sent, as a p0f v3 fingerprint database (learn/p0flearn.h). */
#include "p0f.h"

#include <stdlib.h>

#include "learn/p0flearn.h"
#include "learn/p0fsig.h"
#include "table/csvr.h"
#include "base/util.h"

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
	if ((lc = csvr_col(r, label ? label : "label")) < 0)
		eprintf("'%s': line 1: no label column '%s' (--label COL names another)", name,
		    label ? label : "label");
	if ((fc = csvr_col(r, family ? family : "family")) < 0)
		eprintf("'%s': line 1: no family column '%s' (--family COL names another)", name,
		    family ? family : "family");
	if (p0fsig_cols_find(&c, r, msg, sizeof msg) < 0)
		eprintf("'%s': line 1: -m p0f learns from the syn columns; missing %s "
		    "(osfp-flow-features -f syn writes them)", name, msg);
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
	if (rc < 0)
		eprintf("%s", csvr_error(r));
	csvr_close(r);
	efclose_in(f);
	if (p0flearn_skipped(l))
		weprintf("'%s': %zu row%s with more TCP options than the syn columns hold left out",
		    name, p0flearn_skipped(l), p0flearn_skipped(l) == 1 ? "" : "s");
	if (!p0flearn_rows(l))
		eprintf("'%s': no row with a label and a SYN or SYN+ACK to learn from", name);
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
