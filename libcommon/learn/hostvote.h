/* hostvote.h: per-host verdicts from per-row class probabilities, what
 * osfp-hosts computes.
 *
 * Rows (one per flow, say) arrive one at a time, each with a host, an
 * optional exact timestamp, an optional true label and K class
 * probabilities. Rows are grouped by host, or by host and time window
 * (windows of W seconds on a grid anchored at time 0: a row at t belongs
 * to the window [floor(t/W)*W, floor(t/W)*W + W)). Each group keeps an
 * accumulator under one rule; its scores s_k decide the verdict:
 *
 *   mean     s_k = (1/n) sum_i p_ik                      (the default)
 *   vote     s_k = (1/n) #{ i : argmax_j p_ij = k }      (ties: first class)
 *   logprob  L_k = sum_i log(max(p_ik, HOSTVOTE_LOG_FLOOR)),
 *            s_k = exp(L_k - max_j L_j) / sum_j exp(L_j - max_j L_j)
 *            (the product of the rows' probabilities, renormalised: naive
 *            Bayes over independent rows with a flat prior; the floor
 *            keeps one row with p = 0 from vetoing a class outright)
 *
 * The verdict is the class with the highest score (ties: the first
 * class), its confidence that score; the runner-up is the best other
 * class. With a minimum confidence P, a group whose best score is below P
 * gets the verdict "unknown" (HOSTVOTE_UNKNOWN); its confidence is still
 * the best score and its runner-up the best class, which fell short.
 *
 * Windows are written when time moves past them: the input is taken to
 * be in time order, and a row of a window that has already been written
 * (a "late" row) is counted in its host's group of the open window
 * instead (hostvote_late counts them). Memory is bounded by the groups of
 * the open window (without windows: by the hosts). Floating-point sums
 * run in row order, so a result does not depend on anything but the
 * input. The library never exits except on allocation failure. */
#ifndef OSFP_HOSTVOTE_H
#define OSFP_HOSTVOTE_H

#include <stddef.h>
#include <stdint.h>

enum hostvote_rule { HOSTVOTE_MEAN, HOSTVOTE_VOTE, HOSTVOTE_LOGPROB };

#define HOSTVOTE_LOG_FLOOR 1e-3
#define HOSTVOTE_UNKNOWN (-1)

/* "mean", "vote", "logprob": 0, else -1. */
int hostvote_rule_parse(const char *s, enum hostvote_rule *r);
const char *hostvote_rule_name(enum hostvote_rule r);

/* An exact decimal time: sec + frac / 10^19, sec = floor of the value
 * (negative times have frac counted up from sec); digits: the decimal
 * places it was written with (0..19), kept for printing it back. */
struct hostvote_time {
	int64_t sec;
	uint64_t frac;
	int digits;
};

/* Parse an exact decimal ("1795859257.795076", "-5.25", "30", "0.5"): an
 * optional '-', digits, an optional '.' and digits, at least one digit;
 * at most 19 significant decimal places (further digits must be zeros).
 * No exponent, no spaces, no double rounding. Returns NULL, or a static
 * message saying what is wrong. */
const char *hostvote_time_parse(const char *s, struct hostvote_time *t);
/* t as an exact decimal with at least t->digits decimal places (more if
 * the value needs them; no '.' when none), the integer part without
 * leading zeros: a time read from osfp's output prints back as it was
 * written, and the text is valid JSON number syntax. NUL terminated; buf
 * holds HOSTVOTE_TIME_MAX bytes. Returns the length. */
#define HOSTVOTE_TIME_MAX 48
size_t hostvote_time_str(char *buf, const struct hostvote_time *t);
/* A window length: an exact decimal in (0, HOSTVOTE_WINDOW_MAX]
 * seconds. Returns NULL or a static message. */
const char *hostvote_window_parse(const char *s, struct hostvote_time *w);
/* Compare the values (not the digits). */
int hostvote_time_cmp(const struct hostvote_time *a, const struct hostvote_time *b);

/* One group's accumulator: n rows, s[K] the rule's running sums. */
struct hostvote_acc {
	size_t n;
	double *s;
};

struct hostvote_verdict {
	int verdict;          /* class index, or HOSTVOTE_UNKNOWN */
	int best;             /* the best-scoring class (= verdict unless unknown) */
	int runner_up;        /* the best class other than the verdict; -1 if none */
	double confidence;    /* the best class's score */
	double runner_up_confidence;
};

/* a->s must hold K zeros before the first row. */
void hostvote_acc_add(struct hostvote_acc *a, enum hostvote_rule rule, const double *p,
    int K);
/* The verdict of the rows added so far (a->n > 0); sc (K doubles, may be
 * NULL) receives the scores s_k. */
void hostvote_acc_decide(const struct hostvote_acc *a, enum hostvote_rule rule, int K,
    double min_confidence, struct hostvote_verdict *v, double *sc);

struct hostvote_opts {
	int K;
	enum hostvote_rule rule;
	int windowed;
	struct hostvote_time window;  /* hostvote_window_parse's */
	size_t min_rows;              /* groups with fewer rows are not written */
	double min_confidence;
	int follow;                   /* emit on every verdict change instead of
	                               * once per group when it is complete */
};

#define HOSTVOTE_WINDOW_MAX 1000000000000LL   /* seconds */

/* One output row. The strings are valid during the emit call only. */
struct hostvote_row {
	const char *host;
	const char *start;    /* the window's start, or without windows the
	                       * earliest time of the host's rows; NULL: none */
	size_t n;
	struct hostvote_verdict v;
	const char *label;    /* the most frequent label (ties: the one seen
	                       * first in the group); NULL: no labelled row */
};

typedef void hostvote_emit_fn(void *ctx, const struct hostvote_row *row);

struct hostvote;

/* A table of groups writing through emit. Without follow, each group is
 * emitted once: when time moves past its window, or at hostvote_finish,
 * in the order of the groups' first rows. With follow, a group is emitted
 * whenever its verdict differs from the one it last emitted (the first
 * verdict included), as soon as the row that changed it is added; its n
 * and confidence are then those of that moment, and nothing more is
 * emitted when its window closes. Groups under min_rows are never
 * emitted. */
struct hostvote *hostvote_new(const struct hostvote_opts *o, hostvote_emit_fn *emit,
    void *ctx);
/* Add one row: its host (NUL-terminated), its time (NULL: none; needed
 * with windows), its true label (NULL or "": none) and its K
 * probabilities. Returns 1 if the row was late, else 0. */
int hostvote_add(struct hostvote *h, const char *host, const struct hostvote_time *t,
    const char *label, const double *p);
/* More classes (K > the current number; classes are only added, at the
 * end), for predictions whose classes are learned as they come (osfp-hosts
 * on p0f's verdicts): every open group's sums for the new ones are what
 * its rows so far, which gave them probability 0, would have added. */
void hostvote_grow(struct hostvote *h, int K);
/* Emit what is pending (without follow). */
void hostvote_finish(struct hostvote *h);
/* Rows counted late so far; the largest number of groups open at once. */
size_t hostvote_late(const struct hostvote *h);
size_t hostvote_peak_groups(const struct hostvote *h);
void hostvote_free(struct hostvote *h);

#endif
