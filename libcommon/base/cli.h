/* cli.h: the options every program shares (--help, --version, -t/--tsv). */
#ifndef OSFP_CLI_H
#define OSFP_CLI_H

#include <getopt.h>
#include <stddef.h>

/* Long options common to all programs; put CLI_STD_LONGOPTS at the end of
 * each program's option table (before the terminating zero entry). */
enum { OPT_HELP = 0x1000, OPT_VERSION };
#define CLI_STD_LONGOPTS \
	{ "help", no_argument, 0, OPT_HELP }, \
	{ "version", no_argument, 0, OPT_VERSION }, \
	{ "tsv", no_argument, 0, 't' }

/* usage: the synopsis lines; help: the option descriptions. */
void cli_usage(const char *usage) __attribute__((noreturn));   /* stderr, exit 2 */
void cli_help(const char *usage, const char *help) __attribute__((noreturn)); /* stdout, exit 0 */
void cli_version(void) __attribute__((noreturn));

/* Handle OPT_HELP, -h (a program that puts 'h' in its short options),
 * OPT_VERSION and '?' (unknown option) for a getopt loop; returns only for
 * other option characters. */
void cli_std(int c, const char *usage, const char *help);

/* Append arg to the comma-separated list *list (allocated; NULL at
 * first), so that a repeated list option accumulates: -x a -x b,c is
 * -x a,b,c. */
void cli_list_add(char **list, const char *arg);

/* At most one input file: returns argv[optind] or NULL (stdin). */
const char *cli_one_input(int argc, char **argv, const char *usage);

/* Several input files, then other operands (osfp-pcap-flows: a filter
 * expression): the first operand, and each one after it that names an
 * existing file or is "-" (with all: every operand). Returns them and
 * their count in *n, with *used the operands they take; no operand: one
 * input, NULL (stdin), *used 0. Standard input twice: a usage error. */
char **cli_inputs(int argc, char **argv, int all, size_t *n, size_t *used);

/* A bad option argument: "bad --opt 'arg': want WANT", the synopsis on
 * stderr, exit 2. */
void cli_bad(const char *opt, const char *arg, const char *want, const char *usage)
    __attribute__((noreturn));
/* An option argument that must be a number in [lo, hi], else cli_bad. */
double cli_dbl(const char *opt, const char *arg, double lo, double hi, const char *want,
    const char *usage);
long cli_long(const char *opt, const char *arg, long lo, long hi, const char *want,
    const char *usage);
/* The one-line form (osfp-train, osfp-tune, osfp-split): an integer
 * option argument in [lo, hi], else the usage error
 * "NAME 'ARG' is not an integer in [LO, HI]" (exit 2); a number above lo,
 * else "NAME 'ARG' is not a number > LO". No synopsis follows. */
long cli_int_in(const char *name, const char *arg, long lo, long hi);
double cli_dbl_above(const char *name, const char *arg, double lo);

#endif
