/* Unit tests for base/sigstop: before sigstop_install nothing changes
 * (sigstop_wait returns at once); after it SIGTERM and SIGINT are a
 * request (the process lives on), a reader waiting for input with nothing
 * to read wakes up and is told to stop, a signal that was ignored stays
 * ignored; and a capture read from a pipe ends (0, capture_interrupted)
 * when the stop comes while it waits. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/sigstop.h"
#include "packet/capture.h"
#include "tap.h"

int
main(void)
{
	struct capture_reader *r;
	struct capture_packet p;
	struct sigaction old;
	/* a pcap file header and one empty record (capture_open reads ahead
	 * to the first packet); then the reader waits for the next */
	static const unsigned char hdr[40] = {
		0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xff, 0, 0, 1, 0, 0, 0,
		1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	};
	int fd[2], rc;
	FILE *f;
	char *err;

	if (pipe(fd) < 0)
		return 1;
	ok(sigstop_wait(fd[0]) == 1 && sigstop_requested() == 0,
	    "not installed: sigstop_wait returns at once, no request");
	signal(SIGINT, SIG_IGN);
	ok(sigstop_install() == 0, "install");
	sigaction(SIGINT, NULL, &old);
	ok(old.sa_handler == SIG_IGN, "an ignored SIGINT stays ignored");
	raise(SIGINT);
	ok(sigstop_requested() == 0, "... and is no request");
	if (write(fd[1], "x", 1) != 1)
		return 1;
	ok(sigstop_wait(fd[0]) == 1, "input to read: ready");

	/* a capture on a pipe: one packet, then a wait that SIGTERM ends */
	alarm(60);      /* a broken wait fails the test instead of hanging it */
	if (pipe(fd) < 0 || write(fd[1], hdr, sizeof hdr) != (ssize_t)sizeof hdr)
		return 1;
	f = fdopen(fd[0], "rb");
	r = capture_open(f, "pipe", NULL, &err);
	ok(r != NULL && capture_next(r, &p) == 1, "a capture on a pipe: its first packet");
	if (fork() == 0) {
		struct timespec ts = { 0, 200000000 };

		nanosleep(&ts, NULL);
		kill(getppid(), SIGTERM);
		_exit(0);
	}
	rc = r ? capture_next(r, &p) : -2;
	ok(rc == 0 && capture_interrupted(r), "SIGTERM while the reader waits: the end "
	    "of input (%d), interrupted", rc);
	ok(sigstop_requested() == SIGTERM, "the request is SIGTERM's");
	ok(sigstop_wait(fd[0]) == 0, "after it sigstop_wait says stop");
	capture_close(r);
	fclose(f);
	close(fd[1]);
	return tap_done();
}
