/* Unit tests for msg.c: a message that fits is snprintf's; one that does
 * not has its long quoted strings cut, and keeps the text around them. */
#include <stdio.h>
#include <string.h>

#include "base/msg.h"
#include "tap.h"

static char big[5000];

int
main(void)
{
	char buf[512], want[512], cut[80];
	size_t n;

	memset(big, 'q', sizeof big - 1);

	n = msg_format(buf, sizeof buf, "'%s': line %lu: column '%s': %d%% %zu %g %c %ld %llu %x %.3f %5d|%-3s|",
	    "a.csv", 7UL, "b", 42, (size_t)9, 0.5, 'z', -3L, 12ULL, 255u, 1.25, 7, "x");
	snprintf(want, sizeof want, "'%s': line %lu: column '%s': %d%% %zu %g %c %ld %llu %x %.3f %5d|%-3s|",
	    "a.csv", 7UL, "b", 42, (size_t)9, 0.5, 'z', -3L, 12ULL, 255u, 1.25, 7, "x");
	is_str(buf, want, "a message that fits is snprintf's");
	ok(n == strlen(want), "and its length is returned");

	msg_format(buf, sizeof buf, "label '%s' is not one of the model's %d classes", big, 3);
	snprintf(cut, sizeof cut, "%.*s...", MSG_QUOTE_MAX, big);
	snprintf(want, sizeof want, "label '%s' is not one of the model's %d classes", cut, 3);
	is_str(buf, want, "a long label is cut, the reason after it kept");

	msg_format(buf, sizeof buf, "'%s': line %lu: %d%% %zu %g %c %ld %llu %x %.3f '%s' %5d|%-3s|%.*s|%*d",
	    "a.csv", 7UL, 42, (size_t)9, 0.5, 'z', -3L, 12ULL, 255u, 1.25, big, 7, "x", 2, "abc", 4, 5);
	snprintf(want, sizeof want, "'%s': line %lu: %d%% %zu %g %c %ld %llu %x %.3f '%s' %5d|%s|%.*s|%*d",
	    "a.csv", 7UL, 42, (size_t)9, 0.5, 'z', -3L, 12ULL, 255u, 1.25, cut, 7, "x", 2, "abc", 4, 5);
	is_str(buf, want, "every conversion after a cut string comes out as printf's");

	{
		/* "a" then 61 "é" (2 bytes each): byte 60 is the second byte
		 * of the 30th "é", so the cut keeps "a" and 29 of them */
		char e[200] = "a", w[200];
		int i;

		for (i = 0; i < 61; i++)
			strcat(e, "\xc3\xa9");
		msg_format(buf, sizeof buf, "'%s' is bad: %s", e, big);
		snprintf(w, sizeof w, "'%.59s...' is bad: ", e);
		ok(strncmp(buf, w, strlen(w)) == 0, "a multi-byte character is not split");
	}

	n = msg_format(buf, 16, "%s", "short but the buffer is smaller");
	ok(n == 15 && strlen(buf) == 15, "a message longer than the buffer ends at its size");
	return tap_done();
}
