#!/usr/bin/python3
"""make-p0f-sigs.py: writes p0f-sigs.pcap, SYNs and SYN+ACKs made from every
TCP signature of p0f 3.09b's database (p0f.fp, here), with the Python
standard library only. Run it from this directory; the output is committed,
and p0f's log of it is the golden file p0f-sigs.pcap.log (see README.md).

For each signature (both IP versions for '*'), a flow whose SYN (tcp:request)
or SYN+ACK (tcp:response, after a client SYN) has the signature's fields,
wildcards filled in, then variants that p0f matches another way:
  ttl-3      3 hops away                     (exact, dist 3)
  ttl-50     50 hops away                    (fuzzy, or random_ttl; excess_dist)
  above      TTL above the initial TTL       (fuzzy)
  -df        'df' (and 'id+') gone           (fuzzy)
  +ecn       'ecn' come                      (fuzzy)
  +id-       'id-' come, 'df' gone           (fuzzy)
  win+1      the window one more             (%N, mss*N, mtu*N no longer hold)
  pay        a payload (pclass flipped)
  tos        TOS 0x20                        (params tos:0x08)
Layouts whose option bytes are not a multiple of 4, and signatures with the
'bad' quirk (malformed options), are left out (none in 3.09b's database).
The fingerprinted side of each flow sends a second packet (osfp-pcap-flows
keeps no one-packet flow): the client its RST, which ends the flow for p0f;
the server an ACK. Flow i uses client port 20000 + i. The link
type is RAW (IP packets without a link header).
"""
import struct
import sys

T0 = 1700000000
FP = 'p0f.fp'


def ip4(payload, ttl, df, ident, tos=0, rf=0, ipopts=b''):
    hl = (20 + len(ipopts)) // 4
    flags = (0x4000 if df else 0) | (0x8000 if rf else 0)
    return struct.pack('!BBHHHBBH4s4s', 0x40 | hl, tos, 20 + len(ipopts) + len(payload),
                       ident, flags, ttl, 6, 0, bytes([10, 1, 0, 1]),
                       bytes([10, 2, 0, 2])) + ipopts + payload


def ip4r(payload, ttl, df, ident, tos=0, rf=0, ipopts=b''):
    """the server's packets: addresses swapped"""
    p = bytearray(ip4(payload, ttl, df, ident, tos, rf, ipopts))
    p[12:16], p[16:20] = bytes([10, 2, 0, 2]), bytes([10, 1, 0, 1])
    return bytes(p)


def ip6(payload, hlim, tc, flow, rev=False):
    a = bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [1])
    b = bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [2])
    s, d = (b, a) if rev else (a, b)
    return struct.pack('!IHBB16s16s', (6 << 28) | (tc << 20) | flow, len(payload), 6, hlim,
                       s, d) + payload


def tcp(sport, dport, flags, win, opts=b'', payload=b'', seq=1000, ack=0, urp=0):
    doff = (20 + len(opts)) // 4
    return struct.pack('!HHIIBBHHH', sport, dport, seq, ack, doff << 4 | (flags >> 8),
                       flags & 0xff, win, 0, urp) + opts + payload


def options(layout, mss, scale, ts1, ts2, eolpad, eolnz):
    out = b''
    for o in layout:
        if o == 'nop':
            out += b'\x01'
        elif o == 'mss':
            out += struct.pack('!BBH', 2, 4, mss)
        elif o == 'ws':
            out += struct.pack('!BBB', 3, 3, scale)
        elif o == 'sok':
            out += b'\x04\x02'
        elif o == 'sack':
            out += b'\x05\x0a' + b'\0' * 8
        elif o == 'ts':
            out += struct.pack('!BBII', 8, 10, ts1, ts2)
        elif o.startswith('eol+'):
            out += b'\x00' + (b'\x07' if eolnz else b'\x00') * eolpad
        elif o.startswith('?'):
            out += bytes([int(o[1:]), 2])
    return out


def sigs():
    """(direction, label, signature fields) of every TCP signature"""
    sect = label = None
    for line in open(FP):
        line = line.strip()
        if line.startswith('['):
            sect = line
        elif line.startswith('label'):
            label = line.split('=', 1)[1].strip()
        elif line.startswith('sig') and sect in ('[tcp:request]', '[tcp:response]'):
            yield sect == '[tcp:response]', label, line.split('=', 1)[1].strip().split(':')


def window(wsize, mss, ver, plus):
    if wsize == '*':
        w = 8192
    elif wsize.startswith('%'):
        w = int(wsize[1:]) * 3
        if w > 65535:
            w = int(wsize[1:])
    elif wsize.startswith('mss*'):
        w = mss * int(wsize[4:])
    elif wsize.startswith('mtu*'):
        w = (mss + (40 if ver == 4 else 60)) * int(wsize[4:])
    else:
        w = int(wsize)
    w += plus
    return w if 0 < w <= 65535 else None


FL_FIN, FL_SYN, FL_RST, FL_PSH, FL_ACK, FL_URG, FL_ECE, FL_CWR = 1, 2, 4, 8, 16, 32, 64, 128
BASE = ('mss', 'sok', 'ts', 'nop', 'ws')   # the client SYN before a SYN+ACK


def packets(synack, f, ver, variant, port):
    """the packets of one flow (both directions), or None"""
    ittl = int(f[1].rstrip('-').split('+')[0])
    olen = int(f[2])
    mss = int(f[3]) if f[3] != '*' else (1460 if ver == 4 else 1440)
    wsize, scale = f[4].split(',')
    scale = int(scale) if scale != '*' else 7
    layout = [o for o in f[5].split(',') if o]
    quirks = set(q for q in f[6].split(',') if q)
    if 'bad' in quirks:
        return None
    if 'exws' in quirks and scale <= 14:
        scale = 15
    pay = f[7] == '+'
    ttl = ittl
    tos = 0
    plus = 0
    if variant == 'ttl-3':
        ttl = ittl - 3
    elif variant == 'ttl-50':
        ttl = ittl - 50
    elif variant == 'above':
        ttl = ittl + 1
    elif variant == '-df':
        if 'df' not in quirks:
            return None
        quirks -= {'df', 'id+'}
    elif variant == '+ecn':
        if 'ecn' in quirks:
            return None
        quirks |= {'ecn'}
    elif variant == '+id-':
        if ver != 4 or 'id-' in quirks:
            return None
        quirks = (quirks - {'df', 'id+'}) | {'id-'}
    elif variant == 'win+1':
        if wsize == '*':
            return None
        plus = 1
    elif variant == 'pay':
        pay = not pay
    elif variant == 'tos':
        tos = 0x20
    if ttl < 1 or ttl > 255:
        return None
    win = window(wsize, mss, ver, plus)
    if win is None:
        return None
    eolpad = 0
    for o in layout:
        if o.startswith('eol+'):
            eolpad = int(o[4:])
    ts1 = 0 if 'ts1-' in quirks else 123456
    ts2 = 777 if 'ts2+' in quirks else 0
    opts = options(layout, mss, scale, ts1, ts2, eolpad, 'opt+' in quirks)
    if len(opts) % 4 or len(opts) > 40 or olen % 4:
        return None
    flags = FL_SYN | (FL_ACK if synack else 0)
    if 'ecn' in quirks:
        flags |= FL_ECE | FL_CWR
    if 'urgf+' in quirks:
        flags |= FL_URG
    if 'pushf+' in quirks:
        flags |= FL_PSH
    seq = 0 if 'seq-' in quirks else 5000
    if synack:
        ack = 0 if 'ack-' in quirks else 1001
    else:
        # p0f 3.09b tests 'RD32(ack) & !RST': the low bit of the first byte
        ack = 0x01020304 if 'ack+' in quirks else 0
    urp = 7 if 'uptr+' in quirks else 0
    payload = b'0123456789' if pay else b''
    df = 'df' in quirks
    ident = 0 if ('id-' in quirks or (df and 'id+' not in quirks)) else 4321
    rf = '0+' in quirks
    flow = 0x12345 if 'flow' in quirks else 0
    ipopts = b'\x01' * olen
    sp, dp = port, 80
    seg = tcp(dp, sp, flags, win, opts, payload, seq, ack, urp) if synack else \
        tcp(sp, dp, flags, win, opts, payload, seq, ack, urp)
    if ver == 4:
        first = (ip4r if synack else ip4)(seg, ttl, df, ident, tos, rf, ipopts)
    else:
        first = ip6(seg, ttl, tos, flow, rev=synack)
    cli = []
    if synack:
        copts = options(BASE, 1460, 7, 100, 0, 0, False)
        csyn = tcp(sp, dp, FL_SYN, 29200, copts, b'', 1000, 0)
        cli.append(ip4(csyn, 64, True, 1, 0) if ver == 4 else ip6(csyn, 64, 0, 0))
    out = cli + [first]
    # the server's second packet after a SYN+ACK, then the client's RST
    sack = tcp(dp, sp, FL_ACK, 500, b'', b'', seq + 1, 1001)
    rst = tcp(sp, dp, FL_RST, 0, b'', b'', 1001, 0)
    for p, rev in (((sack, True),) if synack else ()) + ((rst, False),):
        if ver == 4:
            out.append((ip4r if rev else ip4)(p, 64, True, 2, 0))
        else:
            out.append(ip6(p, 64, 0, 0, rev=rev))
    return out


VARIANTS = ('base', 'ttl-3', 'ttl-50', 'above', '-df', '+ecn', '+id-', 'win+1', 'pay', 'tos')


def main():
    recs = []
    t = 0
    port = 20000
    skipped = 0
    for synack, label, f in sigs():
        vers = [4, 6] if f[0] == '*' else [int(f[0])]
        for ver in vers:
            for v in VARIANTS:
                pk = packets(synack, f, ver, v, port)
                if pk is None:
                    skipped += v == 'base'
                    continue
                for frame in pk:
                    t += 1000
                    recs.append(struct.pack('<IIII', T0 + t // 1000000, t % 1000000,
                                            len(frame), len(frame)) + frame)
                port += 1
                t += 20000
    with open('p0f-sigs.pcap', 'wb') as o:
        # link type RAW (101): IP packets, no link header
        o.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101))
        o.write(b''.join(recs))
    print('%d flows, %d signatures left out' % (port - 20000, skipped), file=sys.stderr)


main()
