/* decode.h: a bounds-checked packet decoder, from the link layer to TCP/UDP.
 *
 * decode() is a pure function over a byte buffer: every read goes through
 * an accessor that knows where the captured bytes end (tcpdump's
 * discipline), so hostile packets can never make it read out of bounds.
 * It records the FIRST IPv4 header, the FIRST IPv6 header, the FIRST TCP
 * header and the FIRST UDP header met while dissecting (through 802.1Q/ad
 * tags, LLC/SNAP, PPPoE, PPP, 802.11 data frames, and the tunnels scapy
 * 2.5 dissects: IP-in-IP, 6in4, 4in6, GRE, PPTP, IPsec AH, VXLAN, L2TP),
 * which is exactly what netml's scapy lookups
 * (`pkt[IP]`, `pkt[TCP]`) see (spec/netml.md section 1.3). Headers quoted
 * inside ICMP errors are never entered, and fragments with a nonzero
 * offset carry no transport header.
 *
 * Every header field a passive fingerprint needs (IP ID, DF, TOS/ECN, IP
 * options length, TCP option layout, MSS, window scale, SACK-permitted,
 * timestamps, urgent pointer, payload length) is parsed into the result,
 * whether or not the caller prints it. */
#ifndef OSFP_DECODE_H
#define OSFP_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Link types (LINKTYPE_* values of pcap/pcapng). */
enum {
	LT_NULL = 0, LT_ETHERNET = 1, LT_PPP = 9, LT_RAW12 = 12,
	LT_RAW14 = 14, LT_RAW = 101, LT_LOOP = 108, LT_SLL = 113,
	LT_IEEE802_11 = 105, LT_RADIOTAP = 127,
	LT_IPV4 = 228, LT_IPV6 = 229, LT_SLL2 = 276
};

/* Elements of the encapsulation path, outermost first (decode_link_str). */
enum decode_link {
	DL_ETH = 1, DL_VLAN, DL_LLC, DL_PPPOE, DL_PPP, DL_SLL, DL_SLL2,
	DL_NULL, DL_RAW, DL_IPV4, DL_IPV6, DL_WLAN, DL_RADIOTAP
};
#define DEC_MAX_LINK 8

/* Why a packet has no usable TCP/UDP header, or what is wrong with it.
 * DEC_OK: a TCP or UDP header was found and nothing is malformed.
 * The codes below DEC_BAD_FIRST are ordinary (not IP, fragments, ...);
 * from DEC_BAD_FIRST on the packet contradicts itself. */
enum decode_status {
	DEC_OK = 0,
	DEC_UNKNOWN_LINK,   /* link type not supported */
	DEC_LINK_TRUNC,     /* link header cut by the snap length */
	DEC_NOT_IP,         /* ARP, LLDP, MPLS, unknown NULL family, ... */
	DEC_IP_TRUNC,       /* IPv4 < 20 or IPv6 < 40 captured bytes */
	DEC_NOT_TCPUDP,     /* ICMP, IGMP, ESP, OSPF, ... */
	DEC_FRAGMENT,       /* a non-first fragment: no transport header */
	DEC_L4_TRUNC,       /* TCP < 20 or UDP < 8 bytes captured */
	DEC_BAD_FIRST,
	DEC_BAD_IHL = DEC_BAD_FIRST, /* IPv4 IHL < 5 */
	DEC_BAD_IPLEN,      /* IP length beyond the bytes on the wire */
	DEC_BAD_IP6EXT,     /* IPv6 extension headers: too many or too long */
	DEC_BAD_DOFF,       /* TCP data offset < 5 or past the segment */
	DEC_BAD_TCPOPT,     /* TCP option length 0 or 1, or past the header */
	DEC_NSTATUS
};

/* Flags for decode(). */
enum {
	/* NULL/LOOP family read as scapy 2.5 does: the first byte, 0 or 2
	 * IPv4, 10 IPv6, anything else (BSD's 24/28/30) not dissected.
	 * Without it the family is read in either byte order and every
	 * AF_INET6 value (10, 24, 28, 30) is IPv6. */
	DEC_NETML_NULL = 1
};

struct decode_ip4 {
	uint8_t src[4], dst[4];   /* network byte order */
	uint8_t ihl;              /* header length in words, as written */
	uint8_t tos;              /* DSCP << 2 | ECN */
	uint8_t ttl, proto;
	uint16_t len, id;         /* total length, identification */
	uint16_t fragoff;         /* fragment offset, 8-byte units */
	uint8_t rf, df, mf;       /* reserved (evil) bit, don't fragment, more */
	uint8_t optlen;           /* IP option bytes, ihl*4 - 20 */
	uint32_t off;             /* byte offset of the header in the frame */
};

struct decode_ip6 {
	uint8_t src[16], dst[16];
	uint8_t tclass, hlim;
	uint8_t nh;               /* next header of the fixed header */
	uint8_t proto;            /* protocol after the extension headers */
	uint32_t flowlabel;
	uint16_t plen;
	uint16_t extlen;          /* bytes of extension headers walked */
	uint8_t next;             /* number of extension headers walked */
	uint8_t frag;             /* 1 if a fragment header is present */
	uint8_t mf;
	uint16_t fragoff;         /* 8-byte units */
	uint32_t fragid;
	uint32_t off;
};

/* TCP option kinds in order of appearance, EOL included once. */
#define DEC_MAX_TCPOPT 40
enum {	/* decode_tcp.has */
	DEC_HAS_MSS = 1, DEC_HAS_WS = 2, DEC_HAS_SACKOK = 4, DEC_HAS_TS = 8,
	DEC_HAS_SACK = 16, DEC_HAS_EOL = 32
};
struct decode_tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t doff;             /* data offset in words */
	uint16_t flags;           /* NS << 8 | CWR ECE URG ACK PSH RST SYN FIN */
	uint16_t win, sum, urp;
	uint8_t optlen;           /* option bytes captured (<= doff*4 - 20) */
	uint8_t opttrunc;         /* 1: the options were cut by the snap length */
	uint8_t nopt;
	uint8_t opt[DEC_MAX_TCPOPT];
	uint8_t has;              /* DEC_HAS_* */
	uint16_t mss;
	uint8_t wscale;
	uint8_t eolpad;           /* option bytes after EOL */
	uint8_t eolpad_nonzero;   /* 1 if any of them is not zero */
	uint32_t tsval, tsecr;
	uint32_t off;
};

struct decode_udp {
	uint16_t sport, dport, len;
	uint32_t off;
};

enum {	/* decode_pkt.has */
	DEC_IP4 = 1, DEC_IP6 = 2, DEC_TCP = 4, DEC_UDP = 8
};

struct decode_pkt {
	uint8_t status;           /* enum decode_status */
	uint8_t has;              /* DEC_IP4 | DEC_IP6 | DEC_TCP | DEC_UDP */
	uint8_t first_ip;         /* 4 or 6: the outermost IP header, or 0 */
	uint8_t nlink;
	uint8_t link[DEC_MAX_LINK];  /* enum decode_link, outermost first */
	struct decode_ip4 ip4;       /* valid if has & DEC_IP4 */
	struct decode_ip6 ip6;       /* valid if has & DEC_IP6 */
	struct decode_tcp tcp;       /* valid if has & DEC_TCP */
	struct decode_udp udp;       /* valid if has & DEC_UDP */
	/* Transport payload bytes of the first TCP (else UDP) header on the
	 * wire: IP payload length minus the transport header; when the IP
	 * length is unusable (0 with TSO), the captured bytes after it. */
	uint32_t payload;
};

/* Decode one frame of caplen captured bytes (wirelen on the wire, used to
 * tell snap-length cuts from lies) of link type linktype. Sets status,
 * has, first_ip, nlink/link and payload; the ip4, ip6, tcp and udp
 * members are filled only when their has bit is set (otherwise they keep
 * whatever they held). Returns p->status. */
int decode(int linktype, const uint8_t *data, uint32_t caplen,
    uint32_t wirelen, int flags, struct decode_pkt *p);

/* The encapsulation path as text ("eth.vlan.vlan", "sll2", "raw").
 * buf holds DEC_LINK_MAX bytes; returns the length. */
#define DEC_LINK_MAX 64
size_t decode_link_str(const struct decode_pkt *p, char *buf);

/* Short name of a status ("not-ip", "bad-tcp-option", ...). */
const char *decode_status_name(int status);

/* 1 if decode() knows the link type. */
int decode_linktype_known(int linktype);

#endif
