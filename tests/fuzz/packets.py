#!/usr/bin/env python3
"""packets.py OUTDIR MAX CAPTURE...: decoder fuzz seeds from captures.

Each seed is one frame prefixed by the two bytes fuzz_decode.c reads: the
index of its link type in that harness's table, and 0 (no flags, wire
length = captured length). At most MAX distinct frames per capture, the
first ones of each distinct (link type, first 54 bytes length) shape, each
cut to 256 bytes. Standard library only."""
import hashlib
import os
import struct
import sys

LT_INDEX = {0: 0, 1: 1, 9: 2, 12: 3, 14: 4, 101: 5, 108: 6, 113: 7,
            228: 8, 229: 9, 276: 10}


def pcapng_frames(b):
    pos, e, ifs = 0, '<', []
    while pos + 12 <= len(b):
        t = struct.unpack_from('<I', b, pos)[0]
        if t == 0x0A0D0D0A:
            e = '<' if b[pos + 8:pos + 12] == b'\x4d\x3c\x2b\x1a' else '>'
            ifs = []
        t = struct.unpack_from(e + 'I', b, pos)[0]
        n = struct.unpack_from(e + 'I', b, pos + 4)[0]
        if n < 12 or pos + n > len(b):
            return
        body = b[pos + 8:pos + n - 4]
        if t == 1:
            ifs.append(struct.unpack_from(e + 'H', body, 0)[0])
        elif t == 6 and len(body) >= 20:
            ifid, _, _, cl = struct.unpack_from(e + 'IIII', body, 0)
            if ifid < len(ifs):
                yield ifs[ifid], body[20:20 + cl]
        elif t == 3 and ifs and len(body) >= 4:
            yield ifs[0], body[4:]
        pos += n


def pcap_frames(b):
    e = '<' if b[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    lt = struct.unpack_from(e + 'I', b, 20)[0] & 0x03FFFFFF
    pos = 24
    while pos + 16 <= len(b):
        n = struct.unpack_from(e + 'I', b, pos + 8)[0]
        if pos + 16 + n > len(b):
            return
        yield lt, b[pos + 16:pos + 16 + n]
        pos += 16 + n


def main():
    out, most = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    for cap in sys.argv[3:]:
        b = open(cap, 'rb').read()
        frames = pcapng_frames(b) if b[:4] == b'\x0a\x0d\x0d\x0a' else pcap_frames(b)
        shapes, kept = set(), 0
        for lt, fr in frames:
            if lt not in LT_INDEX or kept >= most:
                continue
            shape = (lt, fr[12:14], fr[23:24], len(fr) > 100)
            if shape in shapes:
                continue
            shapes.add(shape)
            seed = bytes([LT_INDEX[lt], 0]) + fr[:256]
            name = os.path.basename(cap).split('.')[0] + '-' + hashlib.sha1(seed).hexdigest()[:8]
            open(os.path.join(out, name), 'wb').write(seed)
            kept += 1


main()
