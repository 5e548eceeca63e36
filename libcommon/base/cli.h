/* cli.h: the options every program shares (--help, --version, -t/--tsv). */
#ifndef OSFP_CLI_H
#define OSFP_CLI_H

#include <getopt.h>

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

#endif
