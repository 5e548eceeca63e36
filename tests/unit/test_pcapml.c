/* Unit tests for pcapml.c: the three comment grammars and comment choice. */
#include <stdlib.h>

#include "packet/pcapml.h"
#include "tap.h"

static char *
span(const char *p, size_t n)
{
	static char buf[4][128];
	static int k;
	char *b = buf[k++ % 4];

	snprintf(b, 128, "%.*s", (int)n, p);
	return b;
}

/* want: "sample|label|family" or NULL for an error */
static void
parse_is(const char *c, size_t n, const char *want, const char *what)
{
	struct pcapml_label l;
	const char *why = NULL;
	char got[300];

	if (pcapml_parse(c, n, &l, &why) < 0)
		snprintf(got, sizeof got, "error: %s", why);
	else
		snprintf(got, sizeof got, "%llu|%s|%s", (unsigned long long)l.sample,
		    span(l.label, l.label_len), span(l.family, l.family_len));
	if (want)
		is_str(got, want, "%s", what);
	else
		ok(strncmp(got, "error: ", 7) == 0, "%s is rejected (%s)", what, got);
}

#define P(c, want, what) parse_is(c, sizeof c - 1, want, what)

int
main(void)
{
	struct pcapml_label l;
	const char *why;
	size_t ch;
	long w;

	/* positional easy_hard, as in os-100-packets.pcapng */
	P("9574731881961193404,ubuntu_ubuntu-server", "9574731881961193404|ubuntu-server|ubuntu", "positional");
	P("712995171871253981,ubuntu_web-server", "712995171871253981|web-server|ubuntu", "positional, hard without family name");
	P("18446744073709551615,none_kali-linux", "18446744073709551615|kali-linux|none", "sample id 2^64-1");
	P("5,windows_windows-8.1", "5|windows-8.1|windows", "dots in the label");
	P("5,mac_mac os_x", "5|mac os_x|mac", "split at the first '_' only; spaces kept");
	P("5,mac_mac-os-x\0\0", "5|mac-os-x|mac", "trailing NULs ignored");
	/* hard-only */
	P("18205618432581910911,windows-10", "18205618432581910911|windows-10|", "hard-only: empty family");
	P("7,a,b", "7|a,b|", "label with a comma");
	/* keyed */
	P("s=0,proc=curl,dir=lan2wan,dst=example.com", "0|curl|", "keyed");
	P("s=12,dir=x,proc=wget", "12|wget|", "keyed, proc later");
	P("s=1,proc=a_b", "1|a_b|", "keyed: '_' is part of the label");
	/* errors */
	P("", NULL, "empty comment");
	P("hello world", NULL, "free text");
	P("18446744073709551616,a_b", NULL, "sample id 2^64");
	P("-1,a_b", NULL, "negative sample id");
	P(" 1,a_b", NULL, "space before the id");
	P(",a_b", NULL, "empty id");
	P("1,", NULL, "empty metadata");
	P("1,win_", NULL, "empty hard label");
	P("s=1,dir=x", NULL, "keyed without proc");
	P("s=x,proc=a", NULL, "keyed, bad id");
	P("s=1,proc=", NULL, "keyed, empty proc");
	P("s=1,s=2,proc=a", NULL, "keyed, two ids");

	/* --comment values */
	ok(pcapml_which("first", &w) == 0 && w == 1, "which first");
	ok(pcapml_which("2", &w) == 0 && w == 2, "which 2");
	ok(pcapml_which("last", &w) == 0 && w == PCAPML_LAST, "which last");
	ok(pcapml_which("label", &w) == 0 && w == PCAPML_LABEL, "which label");
	ok(pcapml_which("0", &w) < 0 && pcapml_which("", &w) < 0 &&
	    pcapml_which("x", &w) < 0 && pcapml_which("-1", &w) < 0 &&
	    pcapml_which("99999999999", &w) < 0, "bad which values");

	{
		const char *c[] = { "note: retransmit", "42,linux_ubuntu", "43,mac_mac-os-x" };
		size_t n[] = { 16, 15, 15 };

		ok(pcapml_pick(c, n, 3, 1, &l, &why, &ch) == -1 && ch == 0, "first is not a label");
		ok(pcapml_pick(c, n, 3, 2, &l, &why, &ch) == 1 && l.sample == 42 && ch == 1, "second");
		ok(pcapml_pick(c, n, 3, PCAPML_LAST, &l, &why, &ch) == 1 && l.sample == 43 && ch == 2, "last");
		ok(pcapml_pick(c, n, 3, PCAPML_LABEL, &l, &why, &ch) == 1 && l.sample == 42 && ch == 1,
		    "label: the first that parses");
		ok(pcapml_pick(c, n, 3, 4, &l, &why, &ch) == 0, "no fourth comment: unlabelled");
		ok(pcapml_pick(c, n, 0, 1, &l, &why, &ch) == 0, "no comments: unlabelled");
		ok(pcapml_pick(c, n, 0, PCAPML_LAST, &l, &why, &ch) == 0, "no comments, last");
		ok(pcapml_pick(c, n, 1, PCAPML_LABEL, &l, &why, &ch) == -1 && why, "label: none parses");
	}
	return tap_done();
}
