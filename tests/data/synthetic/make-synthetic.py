#!/usr/bin/python3
"""make-synthetic.py: writes the small synthetic captures osfp-pcap-flows'
tests use (tests/t2xxx-*.sh), with the Python standard library only.
Run it from this directory; the outputs are committed, so the tests never
run it. Every packet is built field by field below, so each capture says
exactly what it holds.

  links.pcapng     one interface per link type (Ethernet, 802.1Q, QinQ,
                   PPPoE, LLC/SNAP, SLL, SLL2, NULL with AF_INET and every
                   AF_INET6 value in both byte orders, LOOP, RAW, IPv4,
                   IPv6, PPP, radiotap and 802.11 data frames); two packets of one TCP flow on each, the
                   source port says which (sport = 1000 + variant number)
  ipv6.pcap        IPv6 with extension headers, fragments, 4in6, a
                   runaway chain of extension headers
  malformed.pcap   hostile headers (each sent twice so that it would make a
                   flow if counted) next to valid and snap-cut packets
  tunnels.pcap     GRE, IP-in-IP, VXLAN, IPsec AH, L2TP carrying TCP; ICMP
                   quoting TCP
  bidir.pcap       one TCP conversation in both directions, and a UDP one
  unknown-link.pcap  link type 147 (user 0)
  gaps.pcap        timing: flow 6000 idles 700 s (timeout split); flow 6001
                   at 0 1 2 25 34 35 s (interval 10: netml's grid-aligned
                   start splits 25 from 34 although they are 9 s apart);
                   flow 6002 has a packet out of time order (stable sort)
  zero-interval.pcap  10 flows of duration 0 and one of 6 s: the 0.9
                   quantile is 0, where netml's interval split crashes
"""
import struct

T0 = 1600000000


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def tcp(sport, dport, flags=0x18, win=1000, opts=b'', payload=b'', doff=None, seq=1, ack=0):
    if doff is None:
        doff = (20 + len(opts)) // 4
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff << 4, flags,
                       win, 0, 0) + opts + payload


def udp(sport, dport, payload=b''):
    return struct.pack('!HHHH', sport, dport, 8 + len(payload), 0) + payload


def ip4(payload, proto=6, src='10.0.0.1', dst='10.0.0.2', ttl=64, ident=1,
        frag=0x4000, ihl=5, tot=None, opts=b''):
    if tot is None:
        tot = ihl * 4 + len(payload) if ihl >= 5 else 20 + len(payload)
    h = struct.pack('!BBHHHBBH4s4s', 0x40 | ihl, 0, tot, ident, frag, ttl, proto, 0,
                    bytes(map(int, src.split('.'))), bytes(map(int, dst.split('.'))))
    h = h[:10] + struct.pack('!H', csum(h + opts)) + h[12:]
    return h + opts + payload


def a6(s):
    import ipaddress
    return ipaddress.IPv6Address(s).packed


def ip6(payload, nh=6, src='2001:db8::1', dst='2001:db8::2', hlim=64, plen=None):
    if plen is None:
        plen = len(payload)
    return struct.pack('!IHBB16s16s', 0x60000000, plen, nh, hlim, a6(src), a6(dst)) + payload


def ext(nh, body=b'\1\4\0\0\0\0'):      # HBH/dest/routing: nh, len, 6+ bytes
    n = 2 + len(body)
    assert n % 8 == 0
    return struct.pack('!BB', nh, n // 8 - 1) + body


def frag6(nh, off=0, mf=0, ident=7):
    return struct.pack('!BBHI', nh, 0, off << 3 | mf, ident)


MAC = b'\x02\0\0\0\0\x01\x02\0\0\0\0\x02'


def eth(payload, etype=0x0800, vlans=()):
    h = MAC
    for tpid, vid in vlans:
        h += struct.pack('!HH', tpid, vid)
    return h + struct.pack('!H', etype) + payload


def pcap(path, linktype, pkts, snap=65535, times=None):
    with open(path, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, snap, linktype))
        for i, p in enumerate(pkts):
            if isinstance(p, tuple):
                data, wire = p
            else:
                data, wire = p, len(p)
            sec, usec = (T0 + i // 10, (i % 10) * 1000) if times is None else \
                (T0 + int(times[i]), round(times[i] % 1 * 1e6))
            f.write(struct.pack('<IIII', sec, usec, len(data), wire))
            f.write(data)


def block(btype, body):
    body += b'\0' * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack('<II', btype, n) + body + struct.pack('<I', n)


def pcapng(path, ifaces, pkts):
    """ifaces: list of linktypes; pkts: (iface, data)."""
    out = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    for lt in ifaces:
        out += block(1, struct.pack('<HHI', lt, 0, 65535))
    for i, (ifc, data) in enumerate(pkts):
        ts = (T0 + i // 10) * 1000000 + (i % 10) * 1000
        out += block(6, struct.pack('<IIIII', ifc, ts >> 32, ts & 0xffffffff,
                                    len(data), len(data)) + data + b'\0' * (-len(data) % 4))
    open(path, 'wb').write(out)


def seg(sport, **kw):
    """A TCP segment of the flow 10.0.0.1:sport -> 10.0.0.2:80."""
    return ip4(tcp(sport, 80, **kw))


def seg6(sport):
    return ip6(tcp(sport, 80))


def links():
    v = []   # (linktype, frame) per variant; sport 1000 + index

    def add(lt, make):
        v.append((lt, make))
    add(1, lambda s: eth(seg(s)))                                           # 0 eth
    add(1, lambda s: eth(seg(s), vlans=[(0x8100, 5)]))                      # 1 802.1Q
    add(1, lambda s: eth(seg(s), vlans=[(0x88a8, 5), (0x8100, 6)]))         # 2 QinQ
    add(1, lambda s: eth(struct.pack('!BBHH', 0x11, 0, 1, len(seg(s)) + 2)
                         + b'\0\x21' + seg(s), etype=0x8864))                # 3 PPPoE
    add(1, lambda s: MAC + struct.pack('!H', len(seg(s)) + 8)
        + b'\xaa\xaa\x03\0\0\0\x08\0' + seg(s))                             # 4 LLC/SNAP
    add(113, lambda s: struct.pack('!HHH8sH', 0, 1, 6, b'\2\0\0\0\0\1\0\0', 0x0800) + seg(s))  # 5 SLL
    add(276, lambda s: struct.pack('!HHIHBB8s', 0x0800, 0, 2, 1, 0, 6, b'\2\0\0\0\0\1\0\0') + seg(s))  # 6 SLL2
    add(0, lambda s: struct.pack('<I', 2) + seg(s))                         # 7 NULL AF_INET LE
    add(0, lambda s: struct.pack('>I', 2) + seg(s))                         # 8 NULL AF_INET BE
    for fam in (10, 24, 28, 30):                                            # 9..16 NULL AF_INET6
        add(0, lambda s, fam=fam: struct.pack('<I', fam) + seg6(s))
        add(0, lambda s, fam=fam: struct.pack('>I', fam) + seg6(s))
    add(108, lambda s: struct.pack('>I', 2) + seg(s))                       # 17 LOOP v4
    add(108, lambda s: struct.pack('>I', 24) + seg6(s))                     # 18 LOOP v6
    add(101, lambda s: seg(s))                                              # 19 RAW v4
    add(101, lambda s: seg6(s))                                             # 20 RAW v6
    add(228, lambda s: seg(s))                                              # 21 IPv4
    add(229, lambda s: seg6(s))                                             # 22 IPv6
    add(9, lambda s: b'\xff\x03\x00\x21' + seg(s))                          # 23 PPP
    add(1, lambda s: eth(seg6(s), etype=0x86dd))                            # 24 eth IPv6
    snap = b'\xaa\xaa\x03\0\0\0\x08\0'
    qos = struct.pack('<HH', 0x0188, 0) + b'\2\0\0\0\0\1' * 3 + b'\0\0' + b'\0\0'
    add(127, lambda s: struct.pack('<BBHI', 0, 0, 8, 0) + qos + snap + seg(s))  # 25 radiotap QoS data
    wds = struct.pack('<HH', 0x0308, 0) + b'\2\0\0\0\0\1' * 3 + b'\0\0' + b'\2\0\0\0\0\2'
    add(105, lambda s: wds + snap + seg(s))                                 # 26 802.11 4 addresses
    prot = struct.pack('<HH', 0x4108, 0) + b'\2\0\0\0\0\1' * 3 + b'\0\0'
    add(105, lambda s: prot + snap + seg(s))                                # 27 protected: skipped
    add(9, lambda s: b'\x21' + seg(s))                                     # 28 PPP compressed: skipped
    lts = sorted(set(lt for lt, _ in v))
    pkts = []
    for rep in range(2):
        for i, (lt, make) in enumerate(v):
            pkts.append((lts.index(lt), make(1000 + i)))
    pcapng('links.pcapng', lts, pkts)


def ipv6():
    p = []
    def twice(x):
        p.append(x); p.append(x)
    twice(eth(ip6(ext(60) + ext(6) + tcp(2000, 80), nh=0), 0x86dd))         # HBH, dest, TCP
    twice(eth(ip6(ext(43, b'\0\0\0\0\0\0') + ext(6) + tcp(2001, 80), nh=60), 0x86dd))
    twice(eth(ip6(frag6(6, 0, 1) + tcp(2002, 80), nh=44), 0x86dd))         # first fragment
    twice(eth(ip6(frag6(6, 100, 0) + tcp(2003, 80), nh=44), 0x86dd))       # later fragment
    twice(eth(ip6(ip4(tcp(2004, 80)), nh=4), 0x86dd))                       # 4in6: inner IPv4
    chain = b''.join(ext(0) for _ in range(20))
    twice(eth(ip6(chain + tcp(2005, 80), nh=0), 0x86dd))                    # runaway chain
    twice(eth(ip6(struct.pack('!BB', 6, 200) + b'\0' * 6 + tcp(2006, 80), nh=0), 0x86dd))  # ext past end
    twice(eth(ip6(udp(2007, 53, b'q' * 10), nh=17), 0x86dd))                # UDP
    twice(eth(ip6(tcp(2008, 80), plen=400), 0x86dd))                        # plen past wire
    # a reply for --bidir: 2001:db8::2 -> ::1
    twice(eth(ip6(tcp(80, 2000), src='2001:db8::2', dst='2001:db8::1'), 0x86dd))
    pcap('ipv6.pcap', 1, p)


def malformed():
    p = []
    def twice(x):
        p.append(x); p.append(x)
    twice(eth(seg(3000)))                                                   # valid
    twice(eth(ip4(tcp(3001, 80), ihl=4)))                                   # IHL < 5
    twice(eth(ip4(tcp(3002, 80), tot=1000)))                                # IP length past the wire
    twice(eth(ip4(tcp(3003, 80, doff=4))))                                  # TCP data offset < 5
    twice(eth(ip4(tcp(3004, 80, doff=15))))                                 # data offset past segment
    twice(eth(ip4(tcp(3005, 80, opts=b'\x02\x00\x00\x00'))))                # option length 0
    twice(eth(ip4(tcp(3006, 80, opts=b'\x01\x01\x08\x01'))))                # option length 1
    twice(eth(ip4(tcp(3007, 80, opts=b'\x01\x01\x02\x08'))))                # option past header end
    twice(eth(ip4(tcp(3008, 80, opts=b'\x01\x01\x01\x02'))))                # kind without length
    full = eth(ip4(tcp(3009, 80, opts=b'\x02\x04\x05\xb4\x01\x03\x03\x07\x04\x02\x00\x00', payload=b'x' * 100)))
    twice((full[:14 + 20 + 24], len(full)))                                 # snap-cut options: valid
    twice((full[:14 + 20 + 10], len(full)))                                 # snap-cut TCP: skipped
    twice((full[:14 + 10], len(full)))                                      # snap-cut IPv4: skipped
    twice(eth(ip4(tcp(3010, 80), tot=0)))                                   # TSO length 0: valid
    twice(eth(ip4(tcp(3011, 80), ihl=6, opts=b'\x01\x01\x01\x00')))         # IP options: valid
    twice(eth(ip4(tcp(3012, 80), frag=0x2000)))                             # first fragment: valid
    twice(eth(ip4(b'\0' * 28, frag=0x0010)))                                # later fragment: skipped
    twice(eth(b'\0' * 28, etype=0x0806))                                    # ARP: skipped
    twice(eth(ip4(udp(3013, 53, b'a'), proto=17)))                         # valid UDP
    pcap('malformed.pcap', 1, p)


def tunnels():
    p = []
    def twice(x):
        p.append(x); p.append(x)
    inner = ip4(tcp(4000, 80), src='192.168.0.1', dst='192.168.0.2')
    twice(eth(ip4(struct.pack('!HH', 0, 0x0800) + inner, proto=47)))       # GRE
    inner = ip4(tcp(4001, 80), src='192.168.0.1', dst='192.168.0.2')
    twice(eth(ip4(inner, proto=4)))                                         # IP-in-IP
    inner = eth(ip4(tcp(4002, 80), src='192.168.0.1', dst='192.168.0.2'))
    twice(eth(ip4(udp(5555, 4789, b'\x08\0\0\0\0\0\x01\0' + inner), proto=17)))  # VXLAN
    inner = tcp(4004, 80)
    twice(eth(ip4(struct.pack('!BBHII', 6, 4, 0, 0x100, 1) + b'\0' * 12 + inner, proto=51)))  # AH
    inner = ip4(tcp(4005, 80), src='192.168.0.1', dst='192.168.0.2')
    l2tp = struct.pack('!HHH', 0x0002, 1, 1) + b'\xff\x03\x00\x21' + inner
    twice(eth(ip4(udp(1701, 1701, l2tp), proto=17)))                        # L2TP/PPP
    quoted = ip4(tcp(4003, 80))[:28]
    twice(eth(ip4(b'\x03\x03\0\0\0\0\0\0' + quoted, proto=1)))             # ICMP quoting TCP
    pcap('tunnels.pcap', 1, p)


def bidir():
    p = []
    for i in range(3):
        p.append(eth(ip4(tcp(5000, 80), src='10.0.0.1', dst='10.0.0.2')))
        p.append(eth(ip4(tcp(80, 5000), src='10.0.0.2', dst='10.0.0.1')))
    p.append(eth(ip4(udp(53, 5001), proto=17, src='10.0.0.3', dst='10.0.0.1')))
    p.append(eth(ip4(udp(5001, 53), proto=17, src='10.0.0.1', dst='10.0.0.3')))
    pcap('bidir.pcap', 1, p)


def gaps():
    pk, ts = [], []
    for t in (0, 1, 2, 700, 701):
        pk.append(eth(seg(6000))); ts.append(t)
    for t in (0, 1, 2, 25, 34, 35):
        pk.append(eth(seg(6001))); ts.append(t + 0.5)
    for t in (3, 1, 2, 1):
        pk.append(eth(seg(6002, win=int(t * 10)))); ts.append(t)
    pcap('gaps.pcap', 1, pk, times=ts)


def zero():
    pk, ts = [], []
    for f in range(10):
        pk += [eth(seg(7000 + f))] * 2
        ts += [1.0, 1.0]
    pk += [eth(seg(7100))] * 3
    ts += [0.0, 5.0, 6.0]
    pcap('zero-interval.pcap', 1, pk, times=ts)


def times():
    """Timestamps a 48-byte record cannot hold: picosecond resolution,
    seconds after 2106, and (for contrast) plain nanoseconds. Writes the
    exact time strings to expected/times.txt (packet,time)."""
    ifaces = [(12, 10**6 * 10**12 + 123456789012),            # ps
              (6, (2**32 + 5) * 10**6 + 7),               # us, year 2106+
              (9, 1500000000 * 10**9 + 5)]                # ns
    out = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    for res, _ in ifaces:
        out += block(1, struct.pack('<HHI', 1, 0, 65535) +
                     struct.pack('<HHB3x', 9, 1, res) + struct.pack('<HH', 0, 0))
    rows, n = [], 0
    for k in range(3):
        for ifc, (res, ts0) in enumerate(ifaces):
            n += 1
            ts = ts0 + k * 10**(res - 3)          # a millisecond apart
            data = eth(seg(9000 + ifc))
            out += block(6, struct.pack('<IIIII', ifc, ts >> 32, ts & 0xffffffff,
                                        len(data), len(data)) + data +
                         b'\0' * (-len(data) % 4))
            rows.append('%d,%d.%0*d' % (n, ts // 10**res, res, ts % 10**res))
    open('times.pcapng', 'wb').write(out)
    open('expected/times.txt', 'w').write('packet,time\n' + '\n'.join(rows) + '\n')


def unknown():
    pcap('unknown-link.pcap', 147, [seg(1), seg(1)])


links()
ipv6()
malformed()
tunnels()
bidir()
unknown()
times()
gaps()
zero()
