#include "base/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
