/* pcapml.h: the label grammars pcapml writes into pcapng packet comments
 * (spec/labels.md), and the choice among several comments on one packet.
 *
 *   positional  "<id>,<easy>_<hard>"   9574731881961193404,ubuntu_ubuntu-server
 *   hard-only   "<id>,<hard>"          18205618432581910911,windows-10
 *   keyed       "s=<id>,proc=<hard>[,key=value...]"
 *
 * The sample id is an unsigned 64-bit decimal (many exceed 2^63). The
 * metadata of a positional comment is split at its first '_': easy labels
 * hold none, so "ubuntu_web-server" is family "ubuntu", label "web-server";
 * without '_' the whole metadata is the label and the family is empty.
 * Keyed comments have an empty family. Nothing is allocated: the label
 * and family point into the comment. Never exits. */
#ifndef OSFP_PCAPML_H
#define OSFP_PCAPML_H

#include <stddef.h>
#include <stdint.h>

enum pcapml_grammar { PCAPML_POSITIONAL, PCAPML_HARD_ONLY, PCAPML_KEYED };

struct pcapml_label {
	enum pcapml_grammar grammar;
	uint64_t sample;           /* the sample id */
	const char *label;         /* hard label (never empty), not NUL-ended */
	size_t label_len;
	const char *family;        /* easy label; family_len 0 when absent */
	size_t family_len;
};

/* Parse the comment c[0..n). Trailing NUL bytes (C-string writers) are
 * ignored. Returns 0, or -1 with *why set to a static reason
 * ("sample id is not a 64-bit unsigned decimal", ...). */
int pcapml_parse(const char *c, size_t n, struct pcapml_label *out, const char **why);

/* Which comment of a packet carries its label: a 1-based index, the last
 * one, or the first one that parses as a label. */
#define PCAPML_LAST   (-1L)
#define PCAPML_LABEL  (0L)
/* Parse a --comment argument: "N" (1..), "first", "last" or "label".
 * Returns 0 or -1. */
int pcapml_which(const char *arg, long *which);

/* Pick the comment `which` among the packet's n comments and parse it.
 * Returns 1 (a label in *out), 0 (no such comment: unlabelled), or -1 (the
 * chosen comment is not a label, *why says why; for PCAPML_LABEL, none of
 * the comments is). *chosen (if not NULL) gets the index of the comment
 * used or examined, for messages. */
int pcapml_pick(const char *const *c, const size_t *len, size_t n, long which,
    struct pcapml_label *out, const char **why, size_t *chosen);

#endif
