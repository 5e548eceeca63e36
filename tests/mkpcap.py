#!/usr/bin/python3
"""mkpcap.py: a classic pcap (Ethernet, IPv4, TCP) from a text list of
packets, for the tests that need timestamps in a given order
(tests/t2040-pcap-flows-stream.sh). Standard library only.

    mkpcap.py OUT.pcap < LIST

Each line of LIST: TIME SRC SPORT DST DPORT [FLAGS], TIME in seconds
(a decimal, written to the microsecond), FLAGS a TCP flags number (24,
PSH+ACK, by default). Blank lines and lines starting with # are skipped.
"""
import struct
import sys


def frame(src, sport, dst, dport, flags):
    tcp = struct.pack('!HHIIBBHHH', sport, dport, 1, 0, 5 << 4, flags, 1000, 0, 0)
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0,
                     bytes(map(int, src.split('.'))), bytes(map(int, dst.split('.'))))
    return b'\x00\x00\x00\x00\x00\x02' + b'\x00\x00\x00\x00\x00\x01' + b'\x08\x00' + ip + tcp


def main():
    out = open(sys.argv[1], 'wb')
    out.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for line in sys.stdin:
        w = line.split()
        if not w or w[0].startswith('#'):
            continue
        sec, _, frac = w[0].partition('.')
        usec = int((frac + '000000')[:6])
        f = frame(w[1], int(w[2]), w[3], int(w[4]), int(w[5]) if len(w) > 5 else 24)
        out.write(struct.pack('<IIII', int(sec), usec, len(f), len(f)) + f)
    out.close()


main()
