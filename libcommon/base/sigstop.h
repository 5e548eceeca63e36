/* sigstop.h: SIGINT and SIGTERM as a request to stop, for stages that
 * read input which may never end (a live capture on a pipe): they stop
 * reading, write what they hold, and exit 0.
 *
 * sigstop_install sets handlers that only record the request: a flag, and
 * a byte written to a pipe of the process's own (the self-pipe), so that
 * a reader waiting for input in sigstop_wait wakes up whenever the signal
 * comes, even between its check of the flag and its wait. The handlers
 * are installed with SA_RESTART: a write blocked on a slow reader
 * downstream is restarted rather than failing with EINTR, and the stage
 * stops at its next look at sigstop_requested. A signal that was ignored
 * when the program started (SIGINT in a shell's background job) stays
 * ignored, as the convention is. Without sigstop_install
 * nothing changes: the signals kill the process as usual,
 * sigstop_requested is 0 and sigstop_wait returns at once. */
#ifndef OSFP_SIGSTOP_H
#define OSFP_SIGSTOP_H

/* Catch SIGINT and SIGTERM. Returns 0, or -1 (errno: no pipe, no handler). */
int sigstop_install(void);
/* The signal received (SIGINT or SIGTERM), or 0: none yet. */
int sigstop_requested(void);
/* Wait until descriptor fd has input (or its end, or an error) or a stop
 * is requested: 1 fd is ready, 0 stop requested, -1 poll failed (errno).
 * Returns 1 at once when sigstop_install was not called. */
int sigstop_wait(int fd);

#endif
