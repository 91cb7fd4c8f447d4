#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Calls through an rtpengine daemon: NG offer/answer, then RTP both ways.

    rtpcalls.py --calls N --rate PPS --duration S [--until FILE] [--ng HOST:PORT]
                [--ready FILE] [--progress FILE] [--prefix CALLID-PREFIX] [--base PORT]
                [--srtp SUITE[,SUITE]...]

Call i: party A on 127.0.0.1:BASE+2i offers, party B on 127.0.0.1:BASE+4000+2i
answers; each then sends G.711-sized RTP (12-byte header + 160-byte payload,
PT 0, its own SSRC) to the port the daemon gave the other side, PPS packets
per second per direction, for S seconds or until the FILE of --until exists.
After the set-up the FILE of --ready holds the number of calls; the FILE of
--progress holds "SENT RECEIVED", renewed every 1/PPS s. At the end (after a
2 s drain) one JSON line: {"calls", "sent", "received", "lost", "setup_s"};
exit 0 if nothing was lost.

With --srtp, call i is an SDES call of the i-th SUITE (round robin; RFC 4568
names: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM):
A offers RTP/SAVP with an a=crypto line of its own random key, B is offered
and answers plain RTP/AVP. A protects what it sends with its key and
unprotects what it receives with the key of the daemon's answer
(lib/srtp_kat.py's reference): a packet counts as received only when it is
authentic and its payload intact; "auth_failed" counts the others.
"""
import argparse
import base64
import json
import os
import selectors
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ng  # noqa: E402

# lib/srtp_kat.py, imported for --srtp only: it needs python3-cryptography,
# which a root without SRTP tests (tests/trixie) does not have
srtp_kat = None

SDES_SUITES = {"AES_CM_128_HMAC_SHA1_80": "aes128_80", "AES_CM_128_HMAC_SHA1_32": "aes128_32",
               "AEAD_AES_128_GCM": "gcm128"}

PAYLOAD = bytes(160)
SO_RCVBUFFORCE = getattr(socket, "SO_RCVBUFFORCE", 33)


def peer(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


class Stream:
    """One direction of a call: its socket sends to the daemon's port."""

    def __init__(self, local_port, ssrc):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", local_port))
        # room for a few seconds of packets should this process stall (root)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 1 << 20)
        self.sock.setblocking(False)
        self.port = local_port
        self.ssrc = ssrc
        self.peer = None
        self.seq = 0
        self.sent = 0
        self.received = 0
        self.auth_failed = 0
        self.tx = self.rx = None    # SRTP contexts (srtp_kat.Context), or plain

    def send(self):
        hdr = struct.pack("!BBHII", 0x80, 0, self.seq & 0xffff, self.seq * 160, self.ssrc)
        pkt = hdr + PAYLOAD
        if self.tx:
            pkt = srtp_kat.protect_rtp(self.tx, pkt, self.seq >> 16)
        self.sock.sendto(pkt, self.peer)
        self.seq += 1
        self.sent += 1

    def got(self, data):
        """One datagram in: counted when plain, or authentic and intact."""
        if self.rx:
            data = srtp_kat.unprotect_rtp(self.rx, data, 0)   # < 65536 packets: ROC 0
            if data is None or data[12:] != PAYLOAD:
                self.auth_failed += 1
                return
        self.received += 1


def sdes_offer_sdp(addr, suite, key, salt):
    """RTP/SAVP with an a=crypto line (RFC 4568) of @key and @salt."""
    inline = base64.b64encode(key + salt).decode()
    return ng.sdp(addr).replace("RTP/AVP", "RTP/SAVP") + \
        "a=crypto:1 %s inline:%s\r\n" % (suite, inline)


def sdes_answer_key(answer, suite):
    """(key, salt) of the a=crypto line of @suite in the daemon's answer."""
    for line in answer["sdp"].decode().splitlines():
        words = line.split()
        if line.startswith("a=crypto:") and len(words) > 2 and words[1] == suite:
            inline = words[2].split(":", 1)[1].split("|")[0]
            keysalt = base64.b64decode(inline + "=" * (-len(inline) % 4))
            salt_len = 12 if suite.startswith("AEAD_") else 14
            return keysalt[:-salt_len], keysalt[-salt_len:]
    raise SystemExit("the answer to A has no %s a=crypto line" % suite)


def main():
    global srtp_kat
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, required=True)
    ap.add_argument("--rate", type=float, default=5)
    ap.add_argument("--duration", type=float, required=True)
    ap.add_argument("--ng", default="127.0.0.1:22222")
    ap.add_argument("--ready")
    ap.add_argument("--progress")
    ap.add_argument("--until")
    ap.add_argument("--prefix", default="rtpfwd-call")
    ap.add_argument("--base", type=int, default=20000)
    ap.add_argument("--srtp")
    args = ap.parse_args()
    suites = args.srtp.split(",") if args.srtp else []
    if any(s not in SDES_SUITES for s in suites):
        ap.error("--srtp: suites are " + ", ".join(SDES_SUITES))
    if suites:
        import srtp_kat  # noqa: E402,F811

    sel = selectors.DefaultSelector()
    streams = []
    t0 = time.monotonic()
    for i in range(args.calls):
        a = Stream(args.base + 2 * i, 0x10000000 + i)
        b = Stream(args.base + 4000 + 2 * i, 0x20000000 + i)
        call_id = "%s-%d" % (args.prefix, i)
        tags = {"call-id": call_id, "from-tag": "a%d" % i, "replace": ["origin"]}
        offer_sdp, extra = ng.sdp("127.0.0.1:%d" % a.port), {}
        if suites:
            suite = suites[i % len(suites)]
            key_len, salt_len = 16, 12 if suite.startswith("AEAD_") else 14
            key, salt = os.urandom(key_len), os.urandom(salt_len)
            offer_sdp = sdes_offer_sdp("127.0.0.1:%d" % a.port, suite, key, salt)
            extra = {"transport-protocol": "RTP/AVP"}     # B gets plain RTP
            a.tx = srtp_kat.Context(SDES_SUITES[suite], key, salt, False)
        offer = ng.request(args.ng, dict(tags, command="offer", sdp=offer_sdp, **extra))
        answer = ng.request(args.ng, dict(tags, command="answer", sdp=ng.sdp("127.0.0.1:%d" % b.port),
                                          **{"to-tag": "b%d" % i}))
        if suites:
            a.rx = srtp_kat.Context(SDES_SUITES[suite], *sdes_answer_key(answer, suite), False)
        b.peer = peer(ng.media_address(offer))		# the daemon's port for B
        a.peer = peer(ng.media_address(answer))		# ... and for A
        for s in (a, b):
            sel.register(s.sock, selectors.EVENT_READ, s)
            streams.append(s)
    setup_s = time.monotonic() - t0
    def publish(path, text):
        if path:
            with open(path + ".tmp", "w") as f:
                f.write(text)
            os.rename(path + ".tmp", path)

    publish(args.ready, "%d\n" % args.calls)

    def drain(until):
        """Receive until @until; at least one pass, however late we are."""
        while True:
            left = until - time.monotonic()
            for key, _ in sel.select(max(left, 0)):
                s = key.data
                while True:
                    try:
                        data = s.sock.recv(2048)
                    except BlockingIOError:
                        break
                    s.got(data)
            if left <= 0:
                return

    # Each tick sends one packet per stream, spread over the tick.
    tick = 1.0 / args.rate
    ticks = int(args.duration * args.rate)
    start = time.monotonic()
    for n in range(ticks):
        # Running late (a stalled process): skip ticks rather than burst.
        late = time.monotonic() - (start + n * tick)
        if late > tick:
            start += late
        for k, s in enumerate(streams):
            s.send()
            if k % 50 == 49:
                drain(start + n * tick + tick * (k + 1) / len(streams))
        drain(start + (n + 1) * tick)
        publish(args.progress, "%d %d\n" % (sum(s.sent for s in streams),
                                            sum(s.received for s in streams)))
        if args.until and os.path.exists(args.until):
            break
    drain(time.monotonic() + 2.0)

    # what A sent arrives at B and the other way round
    sent = sum(s.sent for s in streams)
    received = sum(s.received for s in streams)
    # receivers short of what their peer sent: "PORT:MISSING"
    pairs = list(zip(streams[::2], streams[1::2]))
    short = ["%d:%d" % (rx.port, tx.sent - rx.received)
             for tx, rx in [(a, b) for a, b in pairs] + [(b, a) for a, b in pairs]
             if tx.sent != rx.received]
    print(json.dumps({"calls": args.calls, "sent": sent, "received": received,
                      "lost": sent - received, "setup_s": round(setup_s, 1),
                      "auth_failed": sum(s.auth_failed for s in streams),
                      "short": short[:10]}))
    return 0 if sent == received else 1


if __name__ == "__main__":
    sys.exit(main())
