/* record.h: osfp-train --extraction (record.c). */
#ifndef OSFP_TRAIN_RECORD_H
#define OSFP_TRAIN_RECORD_H

struct dataset;

/* The extraction record in path (a file or "-"), checked against the
 * training features of ds (read from name; the columns ignore names are
 * left out), formatted as the model file keeps it. Exits on a bad record
 * or on features it does not make. */
char *read_extraction(const char *path, const struct dataset *ds, const char *name,
    const char *ignore);

#endif
