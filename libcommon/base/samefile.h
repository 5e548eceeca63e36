/* samefile.h: refusing an output that would write over an input
 * (osfp-train -o X X, osfp-flow-features --dim-out X X).
 *
 * Two names are the same file when stat(2) gives the same device and
 * inode, so a symbolic link, a hard link or another spelling of the path
 * is caught. Only regular files count: /dev/null, a terminal or a pipe
 * may be read and written by one run. "-" or NULL is standard input
 * among the inputs and standard output as the output (fstat of fd 0, 1),
 * so `prog in.csv >>in.csv` is caught too. An output that does not exist
 * yet names no input. Call it before any output is opened: opening for
 * writing truncates. */
#ifndef OSFP_SAMEFILE_H
#define OSFP_SAMEFILE_H

#include <stddef.h>

/* The index of the first of the nin inputs that out names, or -1. */
long samefile_input(const char *out, const char *const *in, size_t nin);

#endif
