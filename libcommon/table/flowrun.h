/* flowrun.h: the two runs of osfp-pcap-flows, from the open captures to
 * the rows on standard output and the report on standard error.
 *
 * Batch (flowrun_batch): every packet is decoded and prepared
 * (packet/flowrec), filed under the id of its flow key (packet/filing)
 * and kept as a 48-byte record; at the end packet/flows applies netml's
 * sorts and splits, and table/pktrows writes the rows, flows in netml's
 * order, with the labels of table/labels.
 *
 * Stream (flowrun_stream, --stream): each filed packet goes to
 * packet/flowstream with its record (table/pktrows' struct pktrows_rec:
 * the record, its exact time, its label ending read as the packet numbers
 * advance by table/labels' stream join, its fingerprint fields), and each
 * flow is written as soon as flowstream knows its fate, numbered in the
 * order written: memory is bounded by the flows active at once. The flows
 * are the batch run's with the same fixed interval (flowstream.h says
 * when they may differ, and the report counts it). When the input is not
 * a regular file (a live capture on a pipe) standard output is unbuffered
 * and the rows of each flow are written as it ends. SIGINT and SIGTERM
 * (base/sigstop, installed by the caller) and the end of input end the
 * input; a capture that fails (cut short in a record) ends it too: in
 * every case the pieces still held are decided as at the end of input
 * and written, and the failure comes after them.
 *
 * Both exit as csvw does on a write error (EPIPE: quietly, status 1) and
 * when out of memory; every other failure comes back in the run. */
#ifndef OSFP_FLOWRUN_H
#define OSFP_FLOWRUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/monotime.h"
#include "packet/capmerge.h"
#include "packet/filing.h"
#include "packet/flows.h"
#include "packet/flowstream.h"
#include "table/labels.h"

struct flowrun_opts {
	struct flows_opts fl;
	int bidir, by_sample, netml6, verbose, tsv, quiet;
	int join_time, no_time_check;
	int stream;             /* --stream */
	size_t max_flows;       /* stream: the key cap (0: flowstream's default) */
	int threads;            /* -j: 1 or 2, 0 automatic */
	long which;             /* --by sample: the comment */
	uint32_t fields;        /* --fields: FPF_BIT mask */
	const char *labels;     /* the labels file, or NULL */
};

/* One run: zero-initialize, set o, open M (and shown), then
 * flowrun_labels, flowrun_batch or flowrun_stream, flowrun_report,
 * flowrun_free. */
struct flowrun {
	const struct flowrun_opts *o;
	const char *shown;              /* the captures' names, for messages */
	struct capmerge M;
	struct filing F;                /* batch: the records; stream: the
	                                 * counts and the link names */
	struct labels L;                /* batch: the labels */
	struct labels_stream *LS;       /* stream: the labels */
	FILE *labels_f;                 /* stream: their file, open */
	struct flows_result res;        /* batch: the flows */
	struct flowstream_stats st;     /* stream: what flowstream saw */
	double future;                  /* stream: the future guard used */
	uint64_t npk;                   /* packets read */
	uint64_t nflows, nrows;         /* written */
	size_t unlabelled;              /* rows written without a label */
	int failed;                     /* 1: data error; 2: input/output failed */
	int rc;                         /* capmerge_next's last result */
	int stopped;                    /* stream: ended by SIGINT or SIGTERM */
	char *err;                      /* a failure to report (allocated) */
	struct monotime_mark t[4];      /* -v: the phases' boundaries */
};

/* Open o->labels (batch: the whole file; stream: its header): 0, or -1
 * with R->err. */
int flowrun_labels(struct flowrun *R);
/* The whole run in either mode: 0, or -1 with R->err, a failure before any
 * row was written (batch: the flows could not be made, or the labels are
 * another capture's), for the caller to report and exit 1. Failures after
 * rows were written are in R->failed and R->err, for flowrun_report. */
int flowrun_batch(struct flowrun *R);
int flowrun_stream(struct flowrun *R);
/* On standard error: with -v the counts and times, then the notes every
 * run may end with, then the failure, if any. */
void flowrun_report(const struct flowrun *R);
void flowrun_free(struct flowrun *R);

#endif
