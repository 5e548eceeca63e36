/* record.c: osfp-train --extraction FILE, the record a model keeps. */
#include <stdio.h>

#include "base/util.h"
#include "features/extraction.h"
#include "table/dataset.h"
#include "record.h"

/* --extraction FILE: the record, checked, as the model keeps it; the
 * training features must be the columns it makes (but for those
 * --ignore'd). */
char *
read_extraction(const char *path, const struct dataset *ds, const char *name,
    const char *ignore)
{
	struct extraction x;
	const char *shown;
	char msg[600];
	FILE *f = efopen_in(path, &shown);

	if (extraction_read(&x, f, shown, msg, sizeof msg) < 0)
		eprintf("%s", msg);
	efclose_in(f);
	if (extraction_compare(&x, (const char *const *)ds->features, ds->d, ignore, msg,
	    sizeof msg) < 0)
		eprintf("'%s': not the features of the extraction record '%s': %s", name, shown,
		    msg);
	return extraction_format(&x);
}
