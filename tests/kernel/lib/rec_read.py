#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""rec_read.py FILE [SSRC]: every datagram queued in a recorded stream's file
(/proc/rtpengine/N/calls/CALL/STREAM), read without waiting, one per read()
as a recording daemon reads them; prints one line per datagram:

    SRC:PORT>DST:PORT len=UDP-PAYLOAD seq=SEQ ssrc=SSRC payload=intact|other

"intact" when the RTP payload is srtp_peer's pattern for its sequence
number (userspace/tools/srtp_peer.cpp: byte i is seq * 7 + i), the plain
RTP a sender put there; lengths in the IP and UDP headers must be the
datagram's, else the line says "bad-lengths".
"""
import os
import socket
import struct
import sys


def describe(d):
    if len(d) < 40 or d[0] >> 4 != 4:
        return "not-ipv4-udp-rtp len=%d" % len(d)
    ihl = (d[0] & 15) * 4
    tot = struct.unpack_from("!H", d, 2)[0]
    sport, dport, ulen = struct.unpack_from("!HHH", d, ihl)
    if tot != len(d) or ulen != len(d) - ihl:
        return "bad-lengths"
    rtp = d[ihl + 8:]
    seq, ssrc = struct.unpack_from("!H", rtp, 2)[0], struct.unpack_from("!I", rtp, 8)[0]
    body = rtp[12:]
    intact = all(b == (seq * 7 + i) & 0xff for i, b in enumerate(body))
    return "%s:%d>%s:%d len=%d seq=%d ssrc=%08x payload=%s" % (
        socket.inet_ntoa(d[12:16]), sport, socket.inet_ntoa(d[16:20]), dport,
        len(rtp), seq, ssrc, "intact" if intact else "other")


def main():
    fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
    try:
        while True:
            print(describe(os.read(fd, 65536)))
    except BlockingIOError:
        pass
    os.close(fd)


if __name__ == "__main__":
    main()
