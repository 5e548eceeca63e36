#!/usr/bin/env python3
"""headcap.py IN OUT LIMIT: the first whole blocks (pcapng) or records
(pcap) of capture IN that fit in LIMIT bytes (at least the file header
and one packet), written to OUT. Used by mkseeds to make small fuzz seeds
that are still valid captures. Standard library only."""
import struct
import sys


def pcapng_blocks(b):
    pos, e = 0, '<'
    while pos + 12 <= len(b):
        t = struct.unpack_from('<I', b, pos)[0]
        if t == 0x0A0D0D0A:
            e = '<' if b[pos + 8:pos + 12] == b'\x4d\x3c\x2b\x1a' else '>'
        n = struct.unpack_from(e + 'I', b, pos + 4)[0]
        if n < 12 or pos + n > len(b):
            break
        yield pos + n
        pos += n


def pcap_records(b):
    magic = b[:4]
    e = '<' if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
    pos = 24
    yield pos
    while pos + 16 <= len(b):
        n = struct.unpack_from(e + 'I', b, pos + 8)[0]
        if pos + 16 + n > len(b):
            break
        pos += 16 + n
        yield pos


def main():
    src, dst, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    b = open(src, 'rb').read()
    ends = list(pcapng_blocks(b) if b[:4] == b'\x0a\x0d\x0d\x0a' else pcap_records(b))
    cut = ends[0]
    for i, end in enumerate(ends):
        if end > limit and i >= 3:
            break
        cut = end
    open(dst, 'wb').write(b[:cut])


main()
