#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""A user-space NFQUEUE verdict loop over raw nfnetlink: accepts every packet.

  nfq_accept.py QUEUE SECONDS
      binds queue QUEUE (copy mode: metadata only), prints "ready", accepts
      packets until SECONDS pass without one (after the first) or SIGTERM,
      then prints "accepted=N".

An accepted packet resumes in the next hook, from this process's sendmsg:
process context with BHs enabled (nf_reinject), which is the point.
"""
import signal
import socket
import struct
import sys

from genl import nla as attr, parse_attrs  # the tests' one netlink attribute codec

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_ACCEPT = 1


def message(msg, queue, attrs, flags, seq):
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + attrs
    return struct.pack("=IHHII", 16 + len(body), NFNL_SUBSYS_QUEUE << 8 | msg,
                       NLM_F_REQUEST | flags, seq, 0) + body


def check_ack(sock):
    data = sock.recv(65536)
    length, mtype = struct.unpack_from("=IH", data)
    if mtype == NLMSG_ERROR and struct.unpack_from("=i", data, 16)[0] != 0:
        sys.exit(f"nfq_accept: config refused: errno {-struct.unpack_from('=i', data, 16)[0]}")


def main():
    queue, seconds = int(sys.argv[1]), float(sys.argv[2])
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    sock.send(message(NFQNL_MSG_CONFIG, queue,
                      attr(NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, 0)),
                      NLM_F_ACK, 1))
    check_ack(sock)
    sock.send(message(NFQNL_MSG_CONFIG, queue,
                      attr(NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)),
                      NLM_F_ACK, 2))
    check_ack(sock)
    accepted = 0
    signal.signal(signal.SIGTERM, lambda *_: (print(f"accepted={accepted}", flush=True),
                                              sys.exit(0)))
    print("ready", flush=True)
    sock.settimeout(120)    # the first packet may be slow to come on a loaded host
    while True:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            break
        at = 0
        while at + 16 <= len(data):
            length, mtype = struct.unpack_from("=IH", data, at)
            if length < 16:
                break
            if mtype == NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET:
                hdr = dict(parse_attrs(data[at + 20:at + length])).get(NFQA_PACKET_HDR)
                if hdr:
                    packet_id = struct.unpack_from("!I", hdr)[0]
                    sock.send(message(NFQNL_MSG_VERDICT, queue,
                                      attr(NFQA_VERDICT_HDR,
                                           struct.pack("!II", NF_ACCEPT, packet_id)), 0, 0))
                    accepted += 1
            at += (length + 3) & ~3
        sock.settimeout(seconds)
    print(f"accepted={accepted}", flush=True)


if __name__ == "__main__":
    main()
