#!/usr/bin/env python3
"""Write the crafted pcapng fixtures of the osfp-pcapng-labels tests.

mixed.pcapng: two sections (little- then big-endian), three interfaces
(µs Ethernet; ns raw IP; 2^-10 s with if_tsoffset), Enhanced, Simple and
obsolete Packet Blocks, a skipped custom block, 0, 1 or 2 comments per
packet in all three pcapml grammars.
freetext.pcapng: labels mixed with comments that are not labels.

Run from this directory: python3 mkfixtures.py (standard library only).
"""
import struct


class W:
    def __init__(self):
        self.out = bytearray()
        self.e = '<'

    def block(self, btype, body):
        body = bytes(body) + b'\0' * (-len(body) % 4)
        n = len(body) + 12
        self.out += struct.pack(self.e + 'II', btype, n) + body + struct.pack(self.e + 'I', n)

    def opt(self, code, val):
        val = bytes(val)
        return struct.pack(self.e + 'HH', code, len(val)) + val + b'\0' * (-len(val) % 4)

    def opts(self, *o):
        return b''.join(o) + (struct.pack(self.e + 'HH', 0, 0) if o else b'')

    def shb(self, e):
        self.e = e
        self.block(0x0A0D0D0A, struct.pack(e + 'IHHq', 0x1A2B3C4D, 1, 0, -1))

    def idb(self, linktype, snaplen, *o):
        self.block(1, struct.pack(self.e + 'HHI', linktype, 0, snaplen) + self.opts(*o))

    def epb(self, ifid, ts, data, wirelen, comments=(), obsolete=False):
        head = (struct.pack(self.e + 'HH', ifid, 0) if obsolete else struct.pack(self.e + 'I', ifid))
        body = head + struct.pack(self.e + 'IIII', ts >> 32, ts & 0xffffffff, len(data), wirelen)
        body += data + b'\0' * (-len(data) % 4)
        body += self.opts(*[self.opt(1, c.encode()) for c in comments])
        self.block(2 if obsolete else 6, body)

    def spb(self, data, wirelen):
        self.block(3, struct.pack(self.e + 'I', wirelen) + data)


def frame(n):
    # an Ethernet header + a few bytes; content does not matter here
    return bytes(range(n))


def mixed():
    w = W()
    w.shb('<')
    w.idb(1, 0)                                     # if 0: µs (no if_tsresol)
    w.idb(101, 0, w.opt(9, b'\x09'))                # if 1: ns
    w.epb(0, 1499083690807570, frame(60), 60, ['9574731881961193404,ubuntu_ubuntu-server'])
    w.epb(1, 1499083690123456789, frame(40), 40,
          ['18205618432581910911,windows-10', 's=3,proc=curl'])
    w.spb(frame(60), 60)
    w.block(0x00000BAD, struct.pack('>I', 32473) + b'custom data')
    w.epb(1, 1499083691000000001, frame(40), 40, ['s=4,proc=wget,dir=lan2wan'], obsolete=True)
    w.epb(0, 1499083692000000, frame(60), 60)      # no comment
    w.shb('>')
    w.idb(1, 64, w.opt(9, b'\x8a'), w.opt(14, struct.pack('>q', 1000000000)))
    w.epb(0, 499083693 * 1024 + 512, frame(64), 1514, ['1,none_kali-linux'])
    w.epb(0, 499083694 * 1024 + 1, b'', 0, ['2,mac_mac os, "x"'])
    open('mixed.pcapng', 'wb').write(w.out)


def freetext():
    w = W()
    w.shb('<')
    w.idb(1, 0)
    t = 1499083690000000
    w.epb(0, t, frame(60), 60, ['10,linux_ubuntu'])
    w.epb(0, t + 1, frame(60), 60, ['retransmission here', '11,linux_debian'])
    w.epb(0, t + 2, frame(60), 60, ['12,mac_mac-os-x'])
    w.epb(0, t + 3, frame(60), 60, ['just a note'])
    w.epb(0, t + 4, frame(60), 60, ['13,windows_windows-10'])
    open('freetext.pcapng', 'wb').write(w.out)


mixed()
freetext()
