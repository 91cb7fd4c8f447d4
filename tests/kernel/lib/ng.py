#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Minimal NG-protocol client (bencode over UDP) for the benchmark and the
kernel tests (90-rtpengine-daemon.sh, lib/rtpcalls.py imports it): sets up a
call between two RTP endpoints through the rtpengine daemon and prints the
address the caller must send to.

  ng.py SERVER call CALL_ID CALLER CALLEE   offer from CALLER, answer from
                                            CALLEE; prints "send_to=IP:PORT"
  ng.py SERVER call-env CALL_ID CALLER CALLEE [FLAG=VALUE]...
                                            the same, FLAG=VALUE in the offer
                                            (media-echo=blackhole...); prints
                                            CALLER_TO=IP:PORT CALLEE_TO=IP:PORT
  ng.py SERVER delete CALL_ID
  ng.py SERVER subscribe CALL_ID FROM_TAG SUBSCRIBER
                                            SUBSCRIBER subscribes to FROM_TAG's
                                            media ("subscribe request" and
                                            "subscribe answer"); prints
                                            SUB_FROM=IP:PORT, where its media
                                            comes from
  ng.py SERVER command CALL_ID NAME [KEY=VALUE]...
                                            any other command of the call
                                            ("silence media" from-tag=caller);
                                            prints "ok" or the daemon's error
  ng.py SERVER ping                         prints "pong" when the daemon answers
Addresses are "a.b.c.d:port" or "[v6]:port".
"""
import os
import socket
import sys
import time


def bencode(value):
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        return b"d" + b"".join(bencode(k) + bencode(v) for k, v in sorted(value.items())) + b"e"
    raise TypeError(type(value))


def bdecode(data, i=0):
    """(value, next index); strings stay bytes."""
    c = data[i:i + 1]
    if c == b"i":
        end = data.index(b"e", i)
        return int(data[i + 1:end]), end + 1
    if c in (b"l", b"d"):
        i += 1
        items = []
        while data[i:i + 1] != b"e":
            v, i = bdecode(data, i)
            items.append(v)
        if c == b"l":
            return items, i + 1
        return {items[k].decode(): items[k + 1] for k in range(0, len(items), 2)}, i + 1
    colon = data.index(b":", i)
    n = int(data[i:colon])
    return data[colon + 1:colon + 1 + n], colon + 1 + n


def request(server, message, timeout=15.0, resend=3.0):
    """One NG request and its reply. Sent again with the same cookie every
    RESEND s until TIMEOUT: a daemon still starting (its socket not bound
    yet) misses the first, and rtpengine answers a repeated cookie from its
    cache instead of running the command twice."""
    host, _, port = server.rpartition(":")
    cookie = os.urandom(6).hex().encode()
    packet = cookie + b" " + bencode(message)
    deadline = time.monotonic() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        while True:
            s.sendto(packet, (host, int(port)))
            resend_at = min(deadline, time.monotonic() + resend)
            while time.monotonic() < resend_at:
                s.settimeout(max(0.01, resend_at - time.monotonic()))
                try:
                    data = s.recv(65536)
                except socket.timeout:
                    break
                if data.startswith(cookie + b" "):
                    reply, _ = bdecode(data, len(cookie) + 1)
                    return reply
            if time.monotonic() >= deadline:
                raise TimeoutError("no NG reply from %s in %g s to %s" %
                                   (server, timeout, message.get("command")))


def sdp(addr, attrs=()):
    host, _, port = addr.rpartition(":")
    fam = "IP6" if host.startswith("[") else "IP4"
    host = host.strip("[]")
    return ("v=0\r\no=- 1 1 IN %s %s\r\ns=-\r\nc=IN %s %s\r\nt=0 0\r\n"
            "m=audio %s RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"
            % (fam, host, fam, host, port)) + "".join("a=%s\r\n" % a for a in attrs)


def media_address(reply):
    if reply.get("result") != b"ok":
        sys.exit("ng error: %r" % reply)
    host, port = None, None
    for line in reply["sdp"].decode().splitlines():
        if line.startswith("c=IN IP4 "):
            host = line.split()[2]
        elif line.startswith("c=IN IP6 "):
            host = "[%s]" % line.split()[2]
        elif line.startswith("m=audio "):
            port = line.split()[1]
    return "%s:%s" % (host, port)


def main():
    server, cmd = sys.argv[1], sys.argv[2]
    if cmd == "ping":
        print("pong" if request(server, {"command": "ping"}).get("result") == b"pong" else "no")
    elif cmd == "call":
        call_id, caller, callee = sys.argv[3:6]
        request(server, {"command": "offer", "call-id": call_id, "from-tag": "caller",
                         "sdp": sdp(caller), "replace": ["origin", "session-connection"]})
        reply = request(server, {"command": "answer", "call-id": call_id, "from-tag": "caller",
                                 "to-tag": "callee", "sdp": sdp(callee),
                                 "replace": ["origin", "session-connection"]})
        print("send_to=" + media_address(reply))
    elif cmd == "call-env":
        # call-env CALL_ID CALLER CALLEE [OFFER-FLAG=VALUE]...: a plain call
        # with extra offer flags (media-echo=blackhole, rtcp-mux=[demux]: a
        # list; caller-attr=X: "a=X" in the caller's SDP); prints where each
        # party sends and whether its SDP has rtcp-mux, as shell assignments
        call_id, caller, callee = sys.argv[3:6]
        extra = dict(arg.split("=", 1) for arg in sys.argv[6:])
        attrs = [extra.pop("caller-attr")] if "caller-attr" in extra else []
        extra = {k: v[1:-1].split(",") if v.startswith("[") else v for k, v in extra.items()}
        offer = request(server, dict(extra, command="offer", sdp=sdp(caller, attrs), **{
            "call-id": call_id, "from-tag": "caller", "replace": ["origin", "session-connection"]}))
        answer = request(server, {"command": "answer", "call-id": call_id, "from-tag": "caller",
                                  "to-tag": "callee", "sdp": sdp(callee),
                                  "replace": ["origin", "session-connection"]})
        print("CALLER_TO=" + media_address(answer))
        print("CALLEE_TO=" + media_address(offer))
        print("CALLER_MUX=%d" % (b"a=rtcp-mux" in answer["sdp"]))
        print("CALLEE_MUX=%d" % (b"a=rtcp-mux" in offer["sdp"]))
    elif cmd == "delete":
        request(server, {"command": "delete", "call-id": sys.argv[3]})
    elif cmd == "subscribe":
        call_id, from_tag, subscriber = sys.argv[3:6]
        req = request(server, {"command": "subscribe request", "call-id": call_id,
                               "from-tag": from_tag})
        sub_from = media_address(req)
        reply = request(server, {"command": "subscribe answer", "call-id": call_id,
                                 "to-tag": req["to-tag"].decode(), "sdp": sdp(subscriber)})
        if reply.get("result") != b"ok":
            sys.exit("ng error: %r" % reply)
        print("SUB_FROM=" + sub_from)
    elif cmd == "command":
        extra = dict(arg.split("=", 1) for arg in sys.argv[5:])
        reply = request(server, dict(extra, command=sys.argv[4], **{"call-id": sys.argv[3]}))
        print("ok" if reply.get("result") == b"ok" else "error: %r" % reply)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
