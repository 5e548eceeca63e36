#!/usr/bin/env python3
"""mkhostile.py: hand-made hostile inputs for the capture and decode
harnesses (tests/fuzz/regressions/): edge cases a fuzzer reaches slowly.
Run from tests/fuzz/. Standard library only."""
import struct


def block(e, t, body):
    body = bytes(body) + b'\0' * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack(e + 'II', t, n) + body + struct.pack(e + 'I', n)


def opt(e, code, val):
    return struct.pack(e + 'HH', code, len(val)) + val + b'\0' * (-len(val) % 4)


def shb(e):
    return block(e, 0x0A0D0D0A, struct.pack(e + 'IHHq', 0x1A2B3C4D, 1, 0, -1))


def idb(e, lt, *opts):
    o = b''.join(opts) + (struct.pack(e + 'HH', 0, 0) if opts else b'')
    return block(e, 1, struct.pack(e + 'HHI', lt, 0, 0) + o)


def epb(e, ifid, ts, data, *opts):
    o = b''.join(opts) + (struct.pack(e + 'HH', 0, 0) if opts else b'')
    body = struct.pack(e + 'IIIII', ifid, ts >> 32, ts & 0xffffffff, len(data), len(data))
    return block(e, 6, body + data + b'\0' * (-len(data) % 4) + o)


def w(name, b):
    open('regressions/capture/' + name, 'wb').write(b)


F = bytes(range(60))
L = '<'
# every if_tsresol extreme: 10^-0, 10^-19, 10^-20 (past exact), 2^-0, 2^-63, 2^-127
for r in (0, 19, 20, 0x80, 0xbf, 0xff):
    w('tsresol-%02x.pcapng' % r, shb(L) + idb(L, 1, opt(L, 9, bytes([r]))) +
      epb(L, 0, 0xffffffffffffffff, F) + epb(L, 0, 1, F))
# if_tsoffset at both ends of int64, with the largest timestamp
for name, off in (('max', 2**63 - 1), ('min', -2**63)):
    w('tsoffset-%s.pcapng' % name, shb(L) + idb(L, 1, opt(L, 14, struct.pack('<q', off))) +
      epb(L, 0, 0xffffffffffffffff, F) + epb(L, 0, 0, F))
# legacy pcapml timestamps (seconds in ts_high, microseconds in ts_low)
# with microseconds out of range, big-endian section
B = '>'
w('legacy-bad-usec-be.pcapng', shb(B) + idb(B, 1) +
  epb(B, 0, (1499083690 << 32) | 999999, F, opt(B, 1, b'1,a_b')) +
  epb(B, 0, (1499083690 << 32) | 4000000000, F, opt(B, 1, b'2,c_d')))
# comments: empty, NUL-only, 64 KiB - 4, not UTF-8, many on one packet
w('comments.pcapng', shb(L) + idb(L, 1) +
  epb(L, 0, 1, F, opt(L, 1, b''), opt(L, 1, b'\0\0\0'), opt(L, 1, b'\xff\xfe,\x1b[2J_x'),
      *[opt(L, 1, b'%d,a_b' % i) for i in range(200)]) +
  epb(L, 0, 2, F, opt(L, 1, b'18446744073709551616,x_y'), opt(L, 1, b's=,proc=')))
# an interface id past the IDBs; an SPB before any IDB; a section with no IDB
w('ifid-past.pcapng', shb(L) + idb(L, 1) + epb(L, 7, 1, F))
w('spb-no-idb.pcapng', shb(L) + block(L, 3, struct.pack('<I', 60) + F))
w('two-sections.pcapng', shb(L) + idb(L, 1) + epb(L, 0, 1, F) + shb(B) + epb(B, 0, 1, F))
# classic pcap: nanosecond, Kuznetzov modified format, caplen 0, caplen > wirelen
pc = struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 65535, 1)
for caplen, wire in ((0, 0), (60, 10), (60, 4000000000)):
    pc += struct.pack('<IIII', 1, 999999999, caplen, wire) + F[:caplen]
w('pcap-nsec-lengths.pcap', pc)
kz = struct.pack('<IHHiIII', 0xa1b2cd34, 2, 4, 0, 0, 65535, 1)
kz += struct.pack('<IIII', 1, 2, 60, 60) + b'\0' * 8 + F
w('pcap-kuznetzov.pcap', kz)

# ---- decode: byte 0 link type index, byte 1 flags, then the frame
def d(name, lt_index, flags, frame):
    open('regressions/decode/' + name, 'wb').write(bytes([lt_index, flags]) + frame)


eth = b'\0' * 12
ip6 = bytes.fromhex('60000000') + struct.pack('>HBB', 0, 0, 64) + b'\0' * 15 + b'\1' + b'\0' * 15 + b'\2'
# 40 nested VLAN tags, then IPv4
d('vlan-40.bin', 1, 0, eth + b'\x81\x00\x00\x01' * 40 + b'\x08\x00' + bytes.fromhex('450000280001400040060000') + b'\0' * 28)
# IPv6 with a jumbo payload length 0 and 16 hop-by-hop headers, then a fragment header
d('ipv6-hbh-frag.bin', 9, 0, ip6[:4] + struct.pack('>HBB', 0, 0, 64) + ip6[8:] + b'\0\0\0\0\0\0\0\0' * 15 + b'\x2c\0\0\0\0\0\0\0' + b'\x06\0\0\x01\0\0\0\0' + b'\0' * 20)
# TCP options: a run of NOPs to the end, then EOL with nonzero padding
d('tcp-nop-eol.bin', 8, 0, bytes.fromhex('4500003c000140004006000001020304050607') + b'\x08' + bytes.fromhex('303900500000000100000000a002ffff00000000') + b'\x01' * 15 + b'\x00\x07\x07\x07\x07')
# NULL/LOOP families in both byte orders with the netml flag
for i, fam in enumerate((b'\x02\0\0\0', b'\0\0\0\x02', b'\x18\0\0\0', b'\0\0\0\x1e', b'\xff\xff\xff\xff')):
    d('null-family-%d.bin' % i, 0, i % 2, fam + bytes.fromhex('4500002800014000401100000102030405060708') + b'\0' * 8)
# SLL2 with a short header; PPPoE session without PPP protocol
d('sll2-short.bin', 10, 0, b'\x08\x00\0\0\0\0\0\x01\x00\x06')
d('pppoe-cut.bin', 1, 0, eth + b'\x88\x64\x11\x00\x00\x01\x00\x02')
