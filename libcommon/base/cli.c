#include "base/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/num.h"
#include "base/util.h"

void
cli_usage(const char *usage)
{
	fprintf(stderr, "%s", usage);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	exit(EXIT_USAGE);
}

void
cli_help(const char *usage, const char *help)
{
	fputs(usage, stdout);
	fputs(help, stdout);
	exit(fshut(stdout, "<stdout>") ? EXIT_DATA : EXIT_OK);
}

void
cli_version(void)
{
	printf("%s (osfp) %s\n", progname, OSFP_VERSION);
	exit(fshut(stdout, "<stdout>") ? EXIT_DATA : EXIT_OK);
}

void
cli_std(int c, const char *usage, const char *help)
{
	switch (c) {
	case OPT_HELP:
	case 'h':
		cli_help(usage, help);
	case OPT_VERSION:
		cli_version();
	case '?':
	case ':':
		cli_usage(usage);
	default:
		break;
	}
}

void
cli_list_add(char **list, const char *arg)
{
	size_t n = *list ? strlen(*list) : 0, m = strlen(arg);
	char *p = erealloc(*list, n + 1 + m + 1);

	if (n)
		p[n++] = ',';
	memcpy(p + n, arg, m + 1);
	*list = p;
}

const char *
cli_one_input(int argc, char **argv, const char *usage)
{
	if (argc - optind > 1) {
		weprintf("too many input files ('%s')", argv[optind + 1]);
		cli_usage(usage);
	}
	return optind < argc ? argv[optind] : NULL;
}

char **
cli_inputs(int argc, char **argv, int all, size_t *n, size_t *used)
{
	static char *none[] = { NULL };
	struct stat st;
	size_t i, nstdin = 0;
	int k = optind;

	while (k < argc && (k == optind || all || strcmp(argv[k], "-") == 0 ||
	    stat(argv[k], &st) == 0))
		k++;
	*used = (size_t)(k - optind);
	if (k == optind) {
		*n = 1;
		return none;
	}
	for (i = 0; i < *used; i++)
		nstdin += strcmp(argv[optind + (int)i], "-") == 0;
	if (nstdin > 1)
		uprintf("standard input given twice");
	*n = *used;
	return argv + optind;
}

void
cli_bad(const char *opt, const char *arg, const char *want, const char *usage)
{
	weprintf("bad --%s '%s': want %s", opt, arg, want);
	cli_usage(usage);
}

double
cli_dbl(const char *opt, const char *arg, double lo, double hi, const char *want,
    const char *usage)
{
	double v;

	if (num_parse_dbl(arg, &v) < 0 || !(v >= lo && v <= hi))
		cli_bad(opt, arg, want, usage);
	return v;
}

long
cli_long(const char *opt, const char *arg, long lo, long hi, const char *want,
    const char *usage)
{
	long v;

	if (num_parse_long(arg, lo, hi, &v) < 0)
		cli_bad(opt, arg, want, usage);
	return v;
}

long
cli_int_in(const char *name, const char *arg, long lo, long hi)
{
	long v;

	if (num_parse_long(arg, lo, hi, &v) < 0)
		uprintf("%s '%s' is not an integer in [%ld, %ld]", name, arg, lo, hi);
	return v;
}

double
cli_dbl_above(const char *name, const char *arg, double lo)
{
	double v;

	if (num_parse_dbl(arg, &v) < 0 || !(v > lo))
		uprintf("%s '%s' is not a number > %g", name, arg, lo);
	return v;
}
