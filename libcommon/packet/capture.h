/* capture.h: one reader for classic pcap and pcapng, file, pipe or memory.
 *
 * One pass, never seeks. Every packet comes back with its 1-based ordinal
 * (counting every pcap record, or every Enhanced, Simple and obsolete Packet
 * Block across all pcapng sections: tshark's frame.number), its captured
 * bytes, link type, exact timestamp and, for pcapng, its comments.
 * The library never exits: errors come back as -1 with a one-line message
 * from capture_error() that names the input and the byte offset of the fault
 * ("'x.pcapng': block at byte 1048576: length 13 is not a multiple of 4").
 * Every byte is hostile: no read goes past what the file holds.
 *
 * Notes for users (capture.c):
 * - Faults reported: a record or block cut short ("truncated block at byte
 *   N"; a file cut exactly at a block boundary is a valid shorter file),
 *   block length < 12 or under the block type's minimum, not a multiple of
 *   4, over 16 MiB (packet, IDB, SHB blocks), trailer != leader, an option
 *   running past its block, caplen past its block or over 262144, an
 *   interface id with no IDB in the section, a bad byte-order magic, a
 *   pcapng major version other than 1. caplen > snaplen is accepted (the
 *   bytes are there and are returned). Unknown block types are skipped.
 * - data holds the full caplen bytes (up to 262144): consumers that want
 *   scapy's view cut at 65535 themselves.
 * - Interfaces are per section: a new SHB forgets the earlier IDBs.
 * - if_tsoffset is added (as tshark does); scapy, hence netml, ignores it,
 *   so on a file that has one netml's float(pkt.time) differs by the offset.
 * - The legacy note ("note: 'x': legacy pcapml timestamps ... detected")
 *   is written to stderr with weprintf, once per reader, in AUTO mode
 *   unless quiet; capture_open may already print it (it reads ahead to the
 *   first packet so that capture_linktype is known).
 * - capture_open fails (NULL) only when the input is not a capture or its first
 *   header is unusable; later faults come from capture_next. */
#ifndef OSFP_CAPTURE_H
#define OSFP_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* An exact timestamp: sec + frac / 10^digits (frac < 10^digits), with the
 * interface's if_tsoffset already added to sec. Binary resolutions (2^-k)
 * are converted to their exact decimal expansion when it fits, else to the
 * nearest 10^-19. */
struct capture_time {
	int64_t sec;
	uint64_t frac;
	int digits;          /* 0..19 */
};

enum capture_format { CAP_PCAP, CAP_PCAPNG };

/* What the legacy pcapml timestamp repair does (spec/labels.md). */
enum capture_legacy { CAP_LEGACY_AUTO, CAP_LEGACY_ON, CAP_LEGACY_OFF };

struct capture_packet {
	uint64_t ordinal;     /* 1-based */
	uint64_t offset;      /* byte offset of the record/block in the input */
	const uint8_t *data;  /* captured bytes; valid until the next capture_next */
	uint32_t caplen;
	uint32_t wirelen;     /* original length (SPB: from the block) */
	int linktype;         /* LINKTYPE_* of the packet's interface */
	uint32_t ifindex;     /* pcapng interface id (0 for pcap) */
	int has_time;         /* 0 for Simple Packet Blocks */
	struct capture_time time;
	size_t ncomments;     /* pcapng opt_comment values, in block order */
	const char *const *comments;   /* NUL-terminated, valid until next call */
	const size_t *comment_lens;
};

struct capture_reader;

struct capture_options {
	enum capture_legacy legacy;    /* default CAP_LEGACY_AUTO */
	int quiet;                 /* 1: no note on stderr when legacy fires */
};

/* Open a reader. Input comes from f (read sequentially, any size; a
 * regular file is mapped, anything else read through its descriptor, so
 * nothing may have been read from f through stdio) or from a memory
 * buffer (fuzzing, tests). name is used in messages. On failure
 * returns NULL and *err holds an allocated message (free with free()). */
struct capture_reader *capture_open(FILE *f, const char *name, const struct capture_options *opt, char **err);
struct capture_reader *capture_open_mem(const void *buf, size_t len, const char *name,
    const struct capture_options *opt, char **err);
void capture_close(struct capture_reader *r);

/* 1: a packet, 0: clean end of input, -1: error (capture_error). After -1 the
 * reader is done; every packet returned before it was complete. A stop
 * requested through base/sigstop while the reader waits for input ends
 * the input (0, a record cut short dropped; capture_interrupted). */
int capture_next(struct capture_reader *r, struct capture_packet *p);
const char *capture_error(const struct capture_reader *r);

enum capture_format capture_format(const struct capture_reader *r);
/* Link type of the first interface (pcap: the file's). */
int capture_linktype(const struct capture_reader *r);
/* skip 1: from the next capture_next on, packet comments are still checked
 * but not copied (ncomments is 0), for callers that never read them. */
void capture_skip_comments(struct capture_reader *r, int skip);
/* 1 if packet bytes (capture_packet.data) stay valid until capture_close, not
 * just until the next capture_next: a mapped regular file or a memory input.
 * (Comments never do.) Lets a caller read ahead on another thread. */
int capture_stable(const struct capture_reader *r);
/* 1 if the input ended because a stop was requested (base/sigstop). */
int capture_interrupted(const struct capture_reader *r);
/* 1 if the legacy pcapml timestamp repair is active (decided on the first
 * timestamped packet of each interface). */
int capture_legacy_active(const struct capture_reader *r);

/* Parse a --legacy-ts argument (auto, on, off) into *mode: 0, or -1. */
int capture_parse_legacy(const char *s, enum capture_legacy *mode);

/* Format t exactly: "1499083690.807570" (digits as the interface resolution
 * gives them; "1499083690" when digits is 0). buf holds CAP_TIME_MAX bytes.
 * Returns the length. */
#define CAP_TIME_MAX 48
size_t capture_time_str(char *buf, const struct capture_time *t);
/* The correctly rounded double of t: what netml's float(pkt.time) gives. */
double capture_time_double(const struct capture_time *t);
/* Read an exact decimal time, capture_time_str's inverse: an optional '-',
 * digits, and optionally '.' and digits ("1795859257.795076000" from
 * tshark). Fraction digits past the 19th must be zeros. Returns 0, or -1
 * (not such a decimal, or seconds past 64 bits). */
int capture_time_parse(const char *s, struct capture_time *t);
/* t's fraction in units of 10^-19, so that one time has one (sec, frac19)
 * whatever its digits: 1.5 and 1.500 are equal. */
uint64_t capture_time_frac19(const struct capture_time *t);

#endif
