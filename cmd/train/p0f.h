/* p0f.h: osfp-train -m p0f (p0f.c). */
#ifndef OSFP_TRAIN_P0F_H
#define OSFP_TRAIN_P0F_H

/* Learn a p0f v3 fingerprint database from the labelled syn columns of in
 * (a file or "-") and write it to out (NULL: standard output). label and
 * family name the columns (NULL: "label", "family"). Exits on bad input;
 * returns the exit status. */
int p0f_train(const char *in, const char *out, const char *label, const char *family);

#endif
