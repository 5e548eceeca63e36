/* p0f.c: osfp-predict with a p0f v3 fingerprint database for a model:
 * each row's syn columns matched as p0f 3.09b matches a SYN or SYN+ACK
 * (learn/p0fdb.h), row by row. */
#include "p0f.h"

#include <stdlib.h>
#include <string.h>

#include "learn/p0fdb.h"
#include "learn/p0fsig.h"
#include "table/csvr.h"
#include "table/csvw.h"
#include "base/util.h"

int
p0f_predict(const char *model, const char *buf, size_t len, const char *in,
    const struct dataset_opts *o, int tsv)
{
	struct p0fdb *db;
	struct p0fsig_cols c;
	struct p0fsig s;
	struct p0fdb_match m;
	struct csvr *r;
	struct csvw w;
	size_t *ids, nid = 0, i, n;
	char err[512], *e, text[P0FSIG_TEXT_MAX], field[P0FDB_FIELD_MAX];
	const char *name;
	int rc, live;
	FILE *f;

	if (!(db = p0fdb_load(buf, len, model, err, sizeof err)))
		eprintf("%s", err);
	if (!p0fdb_ntcp(db, 0) && !p0fdb_ntcp(db, 1))
		weprintf("'%s': no TCP signatures: no row will match", model);
	f = efopen_in(in, &name);
	if (!(r = csvr_open(f, name, &e)))
		eprintf("%s", e);
	if (p0fsig_cols_find(&c, r, err, sizeof err) < 0)
		eprintf("'%s': line 1: a p0f database matches the syn columns; missing %s "
		    "(osfp-flow-features -f syn writes them)", name, err);
	ids = emalloc((csvr_ncols(r) + 1) * sizeof *ids);
	/* live: each row handed to an unbuffered stdout as it is written */
	live = !fregular(f) || !fregular(stdout);
	if (live)
		setvbuf(stdout, NULL, _IONBF, 0);
	csvw_init(&w, stdout, "<stdout>", tsv);
	for (i = 0; i < csvr_ncols(r); i++)
		if (dataset_is_identifier(csvr_colname(r, i), o->label, o->ignore)) {
			ids[nid++] = i;
			csvw_str(&w, csvr_colname(r, i));
		}
	csvw_str(&w, "predicted");
	csvw_str(&w, "params");
	csvw_str(&w, "dist");
	csvw_str(&w, "raw_sig");
	csvw_end(&w);
	for (;;) {
		/* what is written is out before waiting for the next row */
		if (live)
			csvw_flush(&w);
		if ((rc = csvr_next(r)) != 1)
			break;
		if (p0fsig_read(&c, r, &s) < 0) {
			rc = -1;
			break;
		}
		for (i = 0; i < nid; i++)
			csvw_strn(&w, csvr_field(r, ids[i]), csvr_fieldlen(r, ids[i]));
		if (s.none) {
			/* no SYN in the flow: nothing to say */
			for (i = 0; i < 4; i++)
				csvw_empty(&w);
			csvw_end(&w);
			continue;
		}
		p0fdb_match(db, &s, &m);
		csvw_str(&w, m.os ? m.os : "???");
		n = p0fdb_params(&m, &s, field);
		csvw_strn(&w, field, n);
		n = p0fdb_dist(&m, field);
		csvw_strn(&w, field, n);
		p0fdb_fill_layout(db, &s);
		n = p0fsig_raw(&s, text);
		csvw_strn(&w, text, n);
		csvw_end(&w);
	}
	/* the verdicts of every good row are out; then the bad one */
	if (csvw_close(&w))
		rc = -2;
	else if (rc < 0)
		weprintf("%s", csvr_error(r));
	free(ids);
	csvr_close(r);
	efclose_in(f);
	p0fdb_free(db);
	return rc < 0 ? EXIT_DATA : EXIT_OK;
}
