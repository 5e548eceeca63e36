/* pktfilter.h: a BPF filter expression, as tcpdump takes it ("tcp port
 * 80 and host 10.0.0.1"), applied to the packets osfp's capture reader
 * returns: compiled by libpcap's pcap_compile for each link type met
 * (pcap_open_dead) and run by pcap_offline_filter. Programs that use it
 * link libpcap. The library never exits but when out of memory; errors
 * are one line in f->err. */
#ifndef OSFP_PKTFILTER_H
#define OSFP_PKTFILTER_H

#include <stddef.h>
#include <stdio.h>

#include "packet/capture.h"

struct pktfilter;

/* A filter for expr (copied), or NULL when out of memory. */
struct pktfilter *pktfilter_new(const char *expr);
/* Compile for linktype (a LINKTYPE_* value) unless done: 0, or -1 with
 * pktfilter_error saying why ("syntax error", ...). */
int pktfilter_compile(struct pktfilter *f, int linktype);
/* 1 if p passes, 0 if not, -1 if the expression cannot be compiled for
 * p's link type (pktfilter_error). Safe from one thread at a time. */
int pktfilter_match(struct pktfilter *f, const struct capture_packet *p);
const char *pktfilter_error(const struct pktfilter *f);
void pktfilter_free(struct pktfilter *f);

/* The expression given as n words (tcpdump's operands): joined by spaces.
 * Returns an allocated string (free), or NULL when out of memory. */
char *pktfilter_join(char *const *words, size_t n);
/* The expression of a -F file as tcpdump reads it: the whole text, a '#'
 * starting a comment to the end of its line. Returns an allocated string
 * (free), or NULL with *err a static reason and errno set. */
char *pktfilter_read(FILE *f, const char **err);

#endif
