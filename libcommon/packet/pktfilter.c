/* pktfilter.c: see pktfilter.h. */
#define _DEFAULT_SOURCE         /* libpcap's headers use the BSD types */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/num.h"
#include "packet/pktfilter.h"

/* Captures hold one link type, or a few (pcapng interfaces): a short
 * list, searched from the last one used. */
enum { MAXPROG = 16 };

struct pktfilter {
	char *expr;
	struct {
		int linktype;
		int ok;                 /* 0: pcap_compile failed for it */
		struct bpf_program prog;
	} p[MAXPROG];
	int n, last;
	char err[PCAP_ERRBUF_SIZE + 128];
};

struct pktfilter *
pktfilter_new(const char *expr)
{
	struct pktfilter *f = calloc(1, sizeof *f);

	if (!f || !(f->expr = strdup(expr))) {
		free(f);
		return NULL;
	}
	return f;
}

/* The DLT_ value pcap_open_dead wants for a LINKTYPE_ value: the same but
 * for the few that BSDs numbered differently (libpcap's own table). The
 * raw IP types 12 and 14 are raw IP for osfp's decoder, so for BPF too. */
static int
dlt_of(int linktype)
{
	switch (linktype) {
	case 12: case 14: case 101: return DLT_RAW;
	case 100: return DLT_ATM_RFC1483;
	case 102: return DLT_SLIP_BSDOS;
	case 103: return DLT_PPP_BSDOS;
	case 106: return DLT_ATM_CLIP;
	case 246: return DLT_PFSYNC;
	case 258: return DLT_PKTAP;
	}
	return linktype;
}

/* The index of linktype's program, compiled now if needed; -1 (f->err)
 * if it cannot be. */
static int
prog_for(struct pktfilter *f, int linktype)
{
	pcap_t *pd;
	int i;

	if (f->n && f->p[f->last].linktype == linktype)
		return f->p[f->last].ok ? f->last : -1;
	for (i = 0; i < f->n; i++)
		if (f->p[i].linktype == linktype)
			return f->p[f->last = i].ok ? i : -1;
	if (f->n == MAXPROG) {
		snprintf(f->err, sizeof f->err, "more than %d link types", MAXPROG);
		return -1;
	}
	i = f->last = f->n++;
	f->p[i].linktype = linktype;
	if (!(pd = pcap_open_dead(dlt_of(linktype), 262144))) {
		snprintf(f->err, sizeof f->err, "out of memory");
		return -1;
	}
	if (pcap_compile(pd, &f->p[i].prog, f->expr, 1, PCAP_NETMASK_UNKNOWN) == 0)
		f->p[i].ok = 1;
	else
		snprintf(f->err, sizeof f->err, "%s", pcap_geterr(pd));
	pcap_close(pd);
	return f->p[i].ok ? i : -1;
}

int
pktfilter_compile(struct pktfilter *f, int linktype)
{
	return prog_for(f, linktype) < 0 ? -1 : 0;
}

int
pktfilter_match(struct pktfilter *f, const struct capture_packet *p)
{
	struct pcap_pkthdr h;
	int i = prog_for(f, p->linktype);

	if (i < 0)
		return -1;
	memset(&h, 0, sizeof h);
	if (p->has_time) {
		h.ts.tv_sec = (time_t)p->time.sec;
		h.ts.tv_usec = (suseconds_t)(p->time.digits >= 6 ?
		    p->time.frac / num_pow10[p->time.digits - 6] :
		    p->time.frac * num_pow10[6 - p->time.digits]);
	}
	h.caplen = p->caplen;
	h.len = p->wirelen;
	return pcap_offline_filter(&f->p[i].prog, &h, p->data) != 0;
}

const char *
pktfilter_error(const struct pktfilter *f)
{
	return f->err;
}

void
pktfilter_free(struct pktfilter *f)
{
	int i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		if (f->p[i].ok)
			pcap_freecode(&f->p[i].prog);
	free(f->expr);
	free(f);
}

char *
pktfilter_join(char *const *words, size_t n)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(words[i]) + 1;
	if (!(s = malloc(len)))
		return NULL;
	for (*s = 0, i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, words[i]);
	}
	return s;
}

char *
pktfilter_read(FILE *f, const char **err)
{
	size_t n = 0, cap = 256;
	char *s = malloc(cap);
	int c, comment = 0;

	if (!s) {
		*err = "out of memory";
		return NULL;
	}
	while ((c = getc(f)) != EOF) {
		if (c == '#')
			comment = 1;
		else if (c == '\n')
			comment = 0;
		if (comment)
			c = ' ';
		if (n + 2 > cap) {
			char *t = realloc(s, cap *= 2);

			if (!t) {
				free(s);
				*err = "out of memory";
				return NULL;
			}
			s = t;
		}
		s[n++] = (char)c;
	}
	if (ferror(f)) {
		free(s);
		*err = "read error";
		return NULL;
	}
	s[n] = 0;
	return s;
}
