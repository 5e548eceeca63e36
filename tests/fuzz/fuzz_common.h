/* fuzz_common.h: checks every fuzz harness shares. */
#ifndef OSFP_FUZZ_COMMON_H
#define OSFP_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A failed property is a finding: say which and abort, so that libFuzzer
 * saves the input and the replay driver dies with a signal. */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* The one-line error contract: an error message is non-empty, a single
 * line (no CR or LF, whatever bytes the input held), and starts by quoting
 * the input's name. */
static inline void
fuzz_check_message(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const unsigned char *p;

	FUZZ_CHECK(msg != NULL && *msg);
	FUZZ_CHECK(msg[0] == '\'' && strncmp(msg + 1, name, n) == 0 && msg[n + 1] == '\'');
	for (p = (const unsigned char *)msg; *p; p++)
		FUZZ_CHECK(*p != '\n' && *p != '\r');
}

#endif
