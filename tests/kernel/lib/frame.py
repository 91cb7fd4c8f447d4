#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Hand-made Ethernet frames for the ingress tests: what a NIC may deliver
and a local socket cannot send.

  frame.py IFACE DST_MAC SRC DST FIRST COUNT SIZE [--bad-ip-csum] [--pad N] [--no-df]
      COUNT IPv4 UDP datagrams from SRC to DST ("a.b.c.d:port") carrying
      udp.py's payloads FIRST.. of SIZE bytes (so that `udp.py recv` can
      check them), each sent as one Ethernet frame on IFACE to DST_MAC.
      --bad-ip-csum: the IPv4 header checksum is wrong (the UDP one right);
      --pad N: N bytes of padding after the datagram, as an Ethernet
      driver pads a short frame; --no-df: the IPv4 header's DF bit clear
      (a sender without path MTU discovery: routers may fragment it).
"""
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from udp import payload  # noqa: E402


def fold(data):
    """The ones' complement sum of data (16-bit words), folded."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total


def checksum(data):
    return ~fold(data) & 0xFFFF


def endpoint(text):
    host, _, port = text.rpartition(":")
    return socket.inet_aton(host), int(port)


def datagram(src, dst, seq, size, bad_ip_csum, df=True):
    (saddr, sport), (daddr, dport) = endpoint(src), endpoint(dst)
    body = payload(seq, size)
    ulen = 8 + len(body)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + body
    check = checksum(saddr + daddr + struct.pack("!BBH", 0, 17, ulen) + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", check) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, seq & 0xFFFF, 0x4000 if df else 0,
                     64, 17, 0, saddr, daddr)
    check = checksum(ip) ^ (0x5A5A if bad_ip_csum else 0)
    return ip[:10] + struct.pack("!H", check) + ip[12:] + udp


def main(argv):
    iface, dst_mac, src, dst, first, count, size = argv[:7]
    opts = argv[7:]
    bad = "--bad-ip-csum" in opts
    pad = int(opts[opts.index("--pad") + 1]) if "--pad" in opts else 0
    df = "--no-df" not in opts
    with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as s:
        s.bind((iface, 0))
        head = bytes.fromhex(dst_mac.replace(":", "")) + s.getsockname()[4] + b"\x08\x00"
        for seq in range(int(first), int(first) + int(count)):
            s.send(head + datagram(src, dst, seq, int(size), bad, df) + b"\xa5" * pad)


if __name__ == "__main__":
    main(sys.argv[1:])
