#!/usr/bin/python3
"""A minimal client of rtpengine's NG control protocol (bencode over UDP).

    ng.py [--ng 127.0.0.1:22222] ping
    ng.py [--ng ...] delete CALL-ID...

As a library: NG(addr).request({"command": "ping"}) -> dict; offer()/answer()
return the rewritten SDP's media port. Only what the tests need: RTP/AVP
audio on 127.0.0.1.
"""
import os
import socket
import sys


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
        return b"d" + b"".join(bencode(k) + bencode(value[k]) for k in sorted(value)) + b"e"
    raise TypeError("cannot bencode %r" % (value,))


def bdecode(data, pos=0):
    """(value, next position); strings come back as str."""
    tag = data[pos:pos + 1]
    if tag == b"i":
        end = data.index(b"e", pos)
        return int(data[pos + 1:end]), end + 1
    if tag in (b"l", b"d"):
        pos += 1
        items = []
        while data[pos:pos + 1] != b"e":
            item, pos = bdecode(data, pos)
            items.append(item)
        if tag == b"l":
            return items, pos + 1
        return dict(zip(items[::2], items[1::2])), pos + 1
    colon = data.index(b":", pos)
    length = int(data[pos:colon])
    start = colon + 1
    return data[start:start + length].decode(errors="replace"), start + length


class NG:
    def __init__(self, addr="127.0.0.1:22222", timeout=5.0, retries=3):
        host, port = addr.rsplit(":", 1)
        self.addr = (host, int(port))
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(timeout)
        self.retries = retries
        self.seq = 0

    def request(self, message):
        self.seq += 1
        cookie = b"%d_%d" % (os.getpid(), self.seq)
        data = cookie + b" " + bencode(message)
        for _ in range(self.retries):
            self.sock.sendto(data, self.addr)
            try:
                while True:
                    reply = self.sock.recv(65536)
                    if reply.startswith(cookie + b" "):
                        return bdecode(reply, len(cookie) + 1)[0]
            except socket.timeout:
                continue
        raise TimeoutError("no NG reply from %s:%d" % self.addr)

    @staticmethod
    def sdp(port, session):
        return ("v=0\r\no=- %d 1 IN IP4 127.0.0.1\r\ns=rtpfwd\r\n"
                "c=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n"
                % (session, port))

    @staticmethod
    def media_port(reply):
        if reply.get("result") != "ok":
            raise RuntimeError("NG error: %r" % (reply,))
        for line in reply["sdp"].splitlines():
            if line.startswith("m=audio "):
                return int(line.split()[1])
        raise RuntimeError("no m=audio line in %r" % (reply["sdp"],))

    def offer(self, call_id, from_tag, port):
        return self.media_port(self.request({
            "command": "offer", "call-id": call_id, "from-tag": from_tag,
            "sdp": self.sdp(port, port), "replace": ["origin"],
            "ICE": "remove", "transport-protocol": "RTP/AVP"}))

    def answer(self, call_id, from_tag, to_tag, port):
        return self.media_port(self.request({
            "command": "answer", "call-id": call_id, "from-tag": from_tag,
            "to-tag": to_tag, "sdp": self.sdp(port, port), "replace": ["origin"],
            "ICE": "remove", "transport-protocol": "RTP/AVP"}))

    def delete(self, call_id):
        return self.request({"command": "delete", "call-id": call_id})


def main(argv):
    addr = "127.0.0.1:22222"
    if len(argv) > 2 and argv[1] == "--ng":
        addr = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 2:
        print("usage: ng.py [--ng HOST:PORT] ping | delete CALL-ID...", file=sys.stderr)
        return 255
    ng = NG(addr)
    try:
        if argv[1] == "ping":
            print(ng.request({"command": "ping"}).get("result", "?"))
            return 0
        if argv[1] == "delete":
            for call_id in argv[2:]:
                print(call_id, ng.delete(call_id).get("result", "?"))
            return 0
    except (OSError, TimeoutError, RuntimeError) as e:
        print("Error: %s" % e, file=sys.stderr)
        return 1
    print("Error: unknown command %s" % argv[1], file=sys.stderr)
    return 255


if __name__ == "__main__":
    sys.exit(main(sys.argv))
