/* flowstream.h: netml's flow splitting (flows.h, spec/netml.md 2.2-2.4),
 * one packet at a time, with memory bounded by the flows active at once.
 *
 * The caller gives packets in capture order: a flow key (keysize opaque
 * bytes and its 64-bit hash, base/hash.h), netml's double time, and a
 * record (recsize opaque bytes, copied and held while its piece is
 * undecided). Each final flow is handed to the emit callback as soon as
 * its fate is known: its key, its records in stable time order, their
 * count. The flows are those flows_build makes with the same timeout,
 * fixed interval, min_packets and keep_last (fixed interval or none: the
 * quantile interval needs the whole capture); only the order differs, so
 * the caller numbers flows in the order handed out. The exceptions, all
 * counted in the stats: keys evicted under the key cap, packets late for
 * their key (below), packets that start a piece the clock had already
 * ended, and packets from the future (the guard, below).
 *
 * Why each piece is decided when it is (netml drops the LAST piece of a
 * split flow, after the timeout split and again after the interval split
 * of each kept timeout piece; keep_last keeps it):
 *   - the capture clock is the largest time seen; a key's current
 *     interval piece has ended once the clock is more than the interval
 *     past its last packet (any later packet has t >= clock, so netml's
 *     t - key > interval holds), and its timeout piece likewise;
 *   - the first interval piece of the key's first timeout piece is always
 *     kept: written when it ends;
 *   - a later interval piece is kept only if another one of the same
 *     timeout piece follows: held until the key's next packet (written)
 *     or the end of the timeout piece or of the input (dropped);
 *   - the first timeout piece is always kept; a later one (the key went
 *     silent for longer than the timeout and came back) is kept only if
 *     yet another follows: its pieces are held until the key's next
 *     packet or the end of input (rare);
 *   - with keep_last nothing is held: every piece is written as it ends.
 * The key filters: flows_build drops keys with fewer than min_packets
 * packets, then timeout pieces under min_packets, then interval pieces
 * under min_packets (netml's max(2, thres) in the first and last: the same
 * for min_packets >= 2). Every final flow is part of one interval piece,
 * which is part of one timeout piece of one key, so the last filter alone
 * decides: a key or timeout piece the first two drop has no interval piece
 * that could pass the third. Only that last filter is applied here.
 *
 * Keys stay known after their pieces end (a compact state, no records):
 * the grid start of the interval split and whether a timeout piece came
 * before both decide later pieces. The table is capped at max_keys; when
 * it is full the least recently active key is evicted: first keys whose
 * timeout piece has ended, then keys idle longer than the interval, then
 * (counted apart: it cuts a live piece short) any key. Eviction decides
 * the key's pieces as the end of input would; if the key comes back it
 * is a new key. This is the one way stream differs from batch on a
 * capture with timestamps in order.
 *
 * Timestamps going backwards (t below the key's last packet's time):
 *   - inside the key's open piece (t >= the piece's first packet's time):
 *     put in stable time order; exact (every gap it splits was no split
 *     and both halves are smaller), counted as reordered;
 *   - before the first packet of a key's very first piece, by no more
 *     than the interval and the timeout: becomes the first packet (the
 *     grid start moves with it); exact, counted as reordered;
 *   - otherwise late: dropped (in no flow), counted.
 * A packet not older than its key's last packet that arrives after the
 * clock ended the key's piece, with a gap that netml would not split,
 * opens a new piece anyway (counted as late_split). With times in order
 * (the clock never ahead of a packet) none of this happens.
 *
 * The future guard (future > 0): one packet stamped far ahead (a broken
 * clock, a corrupt record) must not move the clock for good, ending
 * every piece at once and leaving the packets after it all behind the
 * clock, where nothing ends until the key cap evicts. So a packet more
 * than future seconds ahead of the clock, or the very first packet, is
 * held back until the next one: if that next packet is more than future
 * seconds older than it, it came from the future and is dropped (in no
 * flow; counted as future), else it is taken, then the next (a real jump
 * of the clock, such as a quiet link, is confirmed by the packet after
 * it). With future at least the timeout and the interval in use, such a
 * packet is alone in its piece in flows_build too: a gap of more than
 * the timeout (or interval) before it, and it is the last piece of its
 * key, which netml drops; so the guard changes no flow unless keep_last
 * and min_packets 1 keep a piece of one packet. End of input takes a
 * packet held back.
 * If no packet was late, late_split or future and none was evicted, the
 * flows are exactly flows_build's on the same packets.
 *
 * The library never exits: out of memory (or an emit failure) comes back
 * as -1 with flowstream_error; after -1 only flowstream_stats and
 * flowstream_free may be called. */
#ifndef OSFP_FLOWSTREAM_H
#define OSFP_FLOWSTREAM_H

#include <stddef.h>
#include <stdint.h>

struct flowstream_opts {
	double timeout;      /* idle timeout in seconds; <= 0: no timeout split */
	double interval;     /* fixed split interval; <= 0: no interval split */
	long min_packets;    /* netml's flow_ptks_thres (2) */
	int keep_last;       /* 1: keep the piece after the last split */
	size_t max_keys;     /* cap on keys held; 0: FLOWSTREAM_MEM's worth */
	double future;       /* the future guard (above); <= 0: none */
};
/* The key table's default budget (the records held come on top). */
#define FLOWSTREAM_MEM ((size_t)16 << 20)

/* Called with each final flow: key (keysize bytes), its info (infosize
 * bytes: what the key's first packet brought), n >= 1 records of recsize
 * bytes back to back, in stable time order; all valid only during the
 * call. Returns 0, or nonzero to stop (the flowstream call
 * then returns -1 with the error "flow output failed"). It must not call
 * back into the flowstream. */
typedef int (*flowstream_emit_fn)(void *arg, const void *key, const void *info,
    const void *recs, size_t n);
/* Called (when set with flowstream_on_drop) with each record that leaves
 * the stream without being handed to emit: dropped pieces, late and
 * future packets, and at flowstream_free the records still held; so a
 * caller whose records hold references can give them back. */
typedef void (*flowstream_drop_fn)(void *arg, const void *rec);

struct flowstream_stats {
	uint64_t packets;        /* given to flowstream_packet */
	uint64_t flows;          /* handed to the callback */
	uint64_t flow_packets;   /* records in them */
	size_t max_keys;         /* the cap in force */
	size_t keys, peak_keys;  /* keys held now, at most */
	size_t open, peak_open;  /* keys with an interval piece still open */
	size_t held, peak_held;  /* records held now, at most */
	size_t bytes, peak_bytes;  /* allocated (keys, records), now and at most */
	uint64_t evicted_ended;  /* evicted at the cap: timeout piece over */
	uint64_t evicted_idle;   /* ... idle longer than the interval */
	uint64_t evicted_active; /* ... with a piece still open */
	uint64_t reordered;      /* older than their key's last packet, placed exactly */
	uint64_t late;           /* older than their key's open piece: dropped */
	uint64_t late_split;     /* opened a piece the clock had ended */
	uint64_t future;         /* from the future (the guard): dropped */
};

struct flowstream;

/* A new stream; NULL when out of memory. keysize, recsize >= 1. infosize
 * bytes ride with each key without being compared: what is shown for a
 * key taken from its first packet (osfp-pcap-flows' --bidir orientation,
 * as batch mode shows the key's first packet in the file). */
struct flowstream *flowstream_new(size_t keysize, size_t infosize, size_t recsize,
    const struct flowstream_opts *o, flowstream_emit_fn emit, void *arg);

/* One packet. info (infosize bytes; NULL if 0) is copied only when the key
 * is new. Returns 0, or -1 (flowstream_error). May call emit. */
int flowstream_packet(struct flowstream *fs, const void *key, uint64_t hash,
    const void *info, double t, const void *rec);

/* End of input: decides every piece still held (last pieces dropped unless
 * keep_last) and forgets every key. Returns 0 or -1. The stream may take
 * packets again afterwards, as a new input with an empty table. */
int flowstream_finish(struct flowstream *fs);

/* Set the drop callback (arg: flowstream_new's). */
void flowstream_on_drop(struct flowstream *fs, flowstream_drop_fn drop);
const char *flowstream_error(const struct flowstream *fs);
void flowstream_stats(const struct flowstream *fs, struct flowstream_stats *st);
void flowstream_free(struct flowstream *fs);

#endif
