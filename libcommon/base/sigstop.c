/* sigstop.c: see sigstop.h. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include "base/sigstop.h"

static volatile sig_atomic_t stop_sig;
static int selfpipe[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int saved = errno;
	char c = 0;

	/* only async-signal-safe calls here; a full pipe already wakes */
	stop_sig = sig;
	if (write(selfpipe[1], &c, 1) < 0) {
		/* nothing to do: the byte is only a wake-up */
	}
	errno = saved;
}

int
sigstop_install(void)
{
	struct sigaction sa;
	int i;

	if (selfpipe[0] < 0) {
		if (pipe(selfpipe) < 0)
			return -1;
		for (i = 0; i < 2; i++) {
			fcntl(selfpipe[i], F_SETFD, FD_CLOEXEC);
			fcntl(selfpipe[i], F_SETFL, fcntl(selfpipe[i], F_GETFL) | O_NONBLOCK);
		}
	}
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < 2; i++) {
		int sig = i ? SIGTERM : SIGINT;
		struct sigaction old;

		/* a signal ignored by who started us stays ignored (a shell's
		 * background job ignores SIGINT: ^C is not for it) */
		if (sigaction(sig, NULL, &old) < 0)
			return -1;
		if (old.sa_handler != SIG_IGN && sigaction(sig, &sa, NULL) < 0)
			return -1;
	}
	return 0;
}

int
sigstop_requested(void)
{
	return stop_sig;
}

int
sigstop_wait(int fd)
{
	struct pollfd p[2];

	if (selfpipe[0] < 0)
		return 1;
	p[0].fd = fd;
	p[0].events = POLLIN;
	p[1].fd = selfpipe[0];
	p[1].events = POLLIN;
	for (;;) {
		if (stop_sig)
			return 0;
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (stop_sig)
			return 0;
		if (p[0].revents)
			return 1;
	}
}
