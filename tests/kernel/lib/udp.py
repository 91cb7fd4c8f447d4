#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""UDP traffic for the rtpfwd VM tests: RTP-like datagrams with checkable payloads.

  udp.py send SRC DST COUNT [SIZE] [FIRST_SEQ]
      COUNT datagrams of SIZE bytes (default 172: a 12-byte RTP header and
      160 bytes of G.711) from SRC to DST; payload i is fully determined by i
      [--skip N,..] [--pt PT] [--version V] [--ssrc HEX] [--kind rtp|stun|dtls]
      [--no-check] (IPv4 without a UDP checksum)
      [--gso N] (N datagrams per sendmsg, one UDP_SEGMENT batch: the kernel
      hands them on as one GSO packet)
  udp.py recv BIND COUNT SECONDS [EXPECTED_SOURCE]
      receive until COUNT datagrams arrived or SECONDS passed; print
      "received=N intact=N from=ADDR,..."; intact = payload matches its seq.
      SIGUSR1 ("the sender is done") shortens the wait to DRAIN_SECONDS more,
      so SECONDS can be generous for a sender that starts late on a loaded
      host without making tests that expect nothing wait that long.
  udp.py call LOCAL REMOTE COUNT [SECONDS]
      one RTP endpoint, as a phone is: one socket at LOCAL sends COUNT
      datagrams to REMOTE while receiving; prints what recv prints
Addresses are "1.2.3.4:5" or "[::1]:5".

userspace/tools/udp_peer.cpp is its compiled twin (same command line, bytes
and output), which the kernel tests use where the build tree is there: it
starts ~10x faster under emulation. Change both together.
"""
import signal
import socket
import struct
import sys
import threading
import time


def addr(text):
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return family, (host, int(port))


def payload(seq, size, pt=0, version=2, ssrc=0x5EED5EED, kind="rtp"):
    if kind == "stun":      # RFC 5389 binding request; SIZE - 20 a multiple of 4
        return struct.pack("!HHI", 0x0001, size - 20, 0x2112A442) + \
            struct.pack("!I", seq) * 3 + bytes(size - 20)
    if kind == "dtls":      # a DTLS 1.2 handshake record header, then filler
        return bytes([22, 0xFE, 0xFD]) + bytes((seq + i) & 0xFF for i in range(size - 3))
    header = struct.pack("!BBHII", (version & 3) << 6, pt & 0xFF, seq & 0xFFFF,
                         (seq * 160) & 0xFFFFFFFF, ssrc)
    body = bytes((seq + i) & 0xFF for i in range(size - len(header)))
    return (header + body)[:max(size, 1)]   # SIZE < 12: a truncated header


def send(src, dst, count, size=172, first=0, skip=(), pt=0, version=2, ssrc=0x5EED5EED,
         kind="rtp", no_check=False, gso=0):
    family, src_addr = addr(src)
    _, dst_addr = addr(dst)
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if no_check:    # IPv4 UDP without a checksum (SO_NO_CHECK)
            s.setsockopt(socket.SOL_SOCKET, 11, 1)
        s.bind(src_addr)
        if gso:
            seqs = [q for q in range(first, first + count) if q not in skip]
            for at in range(0, len(seqs), gso):
                batch = b"".join(payload(q, size, pt, version, ssrc, kind)
                                 for q in seqs[at:at + gso])
                # SOL_UDP, UDP_SEGMENT: the segment size
                s.sendmsg([batch], [(17, 103, struct.pack("=H", size))], 0, dst_addr)
            return
        for seq in range(first, first + count):
            if seq in skip:
                continue
            s.sendto(payload(seq, size, pt, version, ssrc, kind), dst_addr)
            if seq % 50 == 49:
                time.sleep(0.01)   # stay below the emulated receiver's limits


DRAIN_SECONDS = 1.5


def recv(bind, count, seconds, expected=None, sock=None):
    family, bind_addr = addr(bind)
    received, intact, sources = 0, 0, set()
    s = sock or socket.socket(family, socket.SOCK_DGRAM)
    if sock is None:
        s.bind(bind_addr)
    end = time.time() + seconds
    # SIGUSR1 only sets a flag: an exception raised wherever the signal
    # lands (between two datagrams, in the payload check) would kill the
    # receiver; the loop polls it at least every 0.2 s instead.
    sender_done = []
    main = threading.current_thread() is threading.main_thread()
    if main:
        signal.signal(signal.SIGUSR1, lambda signum, frame: sender_done.append(1))
    try:
        print("ready", flush=True)
        draining = False
        while received < count:
            now = time.time()
            if sender_done and not draining:
                end, draining = min(end, now + DRAIN_SECONDS), True
            if now >= end:
                break
            s.settimeout(min(0.2, max(0.01, end - now)))
            try:
                data, peer = s.recvfrom(65536)
            except socket.timeout:
                continue
            received += 1
            host = peer[0] if family == socket.AF_INET else f"[{peer[0]}]"
            sources.add(f"{host}:{peer[1]}")
            seq = struct.unpack("!H", data[2:4])[0] if len(data) >= 12 else -1
            # the full sequence number is in the timestamp field
            full = struct.unpack("!I", data[4:8])[0] // 160 if len(data) >= 12 else -1
            ssrc = struct.unpack("!I", data[8:12])[0] if len(data) >= 12 else 0
            if seq >= 0 and data == payload(full, len(data), data[1], data[0] >> 6, ssrc):
                intact += 1
    finally:
        if sock is None:    # a caller's socket is the caller's to close
            s.close()
    # A late SIGUSR1 (all COUNT arrived before the sender finished) must not
    # kill the interpreter while it shuts down, before this line is out.
    if main:
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    print(f"received={received} intact={intact} from={','.join(sorted(sources))}", flush=True)


def call(local, remote, count, seconds=10.0):
    family, local_addr = addr(local)
    _, remote_addr = addr(remote)
    sock = socket.socket(family, socket.SOCK_DGRAM)
    sock.bind(local_addr)

    def talk():
        time.sleep(1.0)     # the other side binds meanwhile
        for seq in range(count):
            sock.sendto(payload(seq, 172), remote_addr)
            if seq % 50 == 49:
                time.sleep(0.01)
    sender = threading.Thread(target=talk)
    sender.start()
    recv(local, count, seconds, sock=sock)
    sender.join()
    sock.close()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "send":
        opts, pos = {}, []
        while args:
            a = args.pop(0)
            if a == "--skip":
                opts["skip"] = {int(x) for x in args.pop(0).split(",") if x}
            elif a == "--pt":
                opts["pt"] = int(args.pop(0))
            elif a == "--version":
                opts["version"] = int(args.pop(0))
            elif a == "--ssrc":
                opts["ssrc"] = int(args.pop(0), 16)
            elif a == "--kind":     # rtp (default), stun, dtls
                opts["kind"] = args.pop(0)
            elif a == "--no-check":
                opts["no_check"] = True
            elif a == "--gso":
                opts["gso"] = int(args.pop(0))
            else:
                pos.append(a)
        send(pos[0], pos[1], int(pos[2]), *(int(a) for a in pos[3:]), **opts)
    elif cmd == "call":
        call(args[0], args[1], int(args[2]), *(float(a) for a in args[3:]))
    elif cmd == "recv":
        recv(args[0], int(args[1]), float(args[2]), *args[3:])
    else:
        sys.exit(__doc__)
