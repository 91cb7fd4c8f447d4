#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The rtpengine 10.5 binary control ABI of /proc/rtpengine/42/control, message by
message, as 85-proc-compat.sh runs it (table 42 exists, an iptables RTPENGINE
rule feeds it): handshake, targets and destinations, real packets through the
installed rule, per SSRC statistics, blist records, and the clean refusals.
Prints PASS:/FAIL: lines; exit status 1 if any failed.
"""
import errno
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtpe10 as R  # noqa: E402

PROC = "/proc/rtpengine/42"
FAILS = 0


def result(ok, what):
    global FAILS
    print("%s: %s" % ("PASS" if ok else "FAIL", what))
    FAILS += 0 if ok else 1


def expect(what, got, want):
    result(got == want, what if got == want else "%s: expected %r, got %r" % (what, want, got))


def call(fn, *args):
    """'OK' or the errno name of what fn raised."""
    try:
        fn(*args)
        return "OK"
    except OSError as e:
        # one number, two names in Python: the kernel's is EOPNOTSUPP
        return "EOPNOTSUPP" if e.errno == errno.EOPNOTSUPP else errno.errorcode[e.errno]


def status(field):
    with open(PROC + "/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return line.split(":", 1)[1].strip()
    return None


def blist():
    entries = []
    with open(PROC + "/blist", "rb", buffering=0) as f:
        while True:
            raw = f.read(R.LIST_ENTRY_SIZE)
            if len(raw) != R.LIST_ENTRY_SIZE:
                return entries
            entries.append(R.parse_list_entry(raw))


def recv_n(sock, n):
    """Up to @n datagrams from @sock, until its timeout."""
    got = []
    try:
        while len(got) < n:
            got.append(sock.recv(2048))
    except socket.timeout:
        pass
    return got


def rtp(seq, ssrc=0x1234):
    return struct.pack("!BBHII", 0x80, 0, seq, seq * 160, ssrc) + bytes(160)


def blackhole(w):
    """A blackhole target (the daemon's media echo, a stream without sinks)
    is a rule at once: what passes its STUN and source checks is dropped,
    uncounted as 10.5 does; its RTP and SRTP parameters are not needed."""
    hole = "127.0.0.1:31016"
    # an 8-byte tag is refused on any other target: this one never decrypts
    key = R.srtp(R.CIPHER_AES_CM_128, R.HMAC_SHA1, b"k" * 16, b"s" * 14, tag_len=8)
    expect("a blackhole target (RTP, an 8-byte SRTP tag, STUN) is a rule at once", call(w, R.msg(
        R.ADD_TARGET, R.target(hole, 0, flags=R.TF_NON_FORWARDING | R.TF_BLACKHOLE | R.TF_STUN |
                               R.TF_RTP, pts=[(0, 8000)], decrypt=key))), "OK")
    expect("... counted among the targets", status("Targets"), "2")
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 31016))
    sock.settimeout(10)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for seq in range(3):
        tx.sendto(rtp(seq), ("127.0.0.1", 31016))
    # STUN goes up: once it is at the socket, the RTP sent before it was judged
    stun = struct.pack("!HHI12s", 1, 8, 0x2112A442, b"t" * 12) + struct.pack("!HHI", 0x8028, 4, 0)
    tx.sendto(stun, ("127.0.0.1", 31016))
    got = []
    try:
        while True:
            got.append(sock.recv(2048))
            if got[-1] == stun:
                break
    except socket.timeout:
        pass
    expect("RTP dropped, STUN handed up", got, [stun])
    e = [x for x in blist() if x["local"] == hole]
    expect("blist: non-forwarding blackhole with STUN, nothing counted, no outputs",
           [(x["flags"], x["packets"], x["outputs"]) for x in e],
           [(R.TF_NON_FORWARDING | R.TF_BLACKHOLE | R.TF_STUN, 0, [])])
    expect("a blackhole target is deleted as any",
           call(w, R.msg(R.DEL_TARGET, R.target(hole, 0))), "OK")
    expect("... and gone", status("Targets"), "1")
    sock.close()
    tx.close()


def list_block(local):
    """N/list's lines for the target of @local, after its "local" line."""
    with open(PROC + "/list") as f:
        text = f.read()
    if "local inet4 " + local + "\n" not in text:
        return None
    return text.split("local inet4 " + local + "\n", 1)[1].split("\nlocal ", 1)[0].splitlines()


def non_forwarding(w):
    """A non-forwarding target (the daemon's RTCP port with strict source: it
    relays the stream itself, the kernel checks the source) is a rule at once:
    from the expected source every packet goes up, from any other it is
    dropped and counted as an error, as 10.5 does."""
    local, peer = "127.0.0.1:31024", "127.0.0.1:31224"
    expect("a non-forwarding target, expected source, mismatch drop: a rule at once",
           call(w, R.msg(R.ADD_TARGET, R.target(local, 0, expect=peer, mismatch=R.MSM_DROP,
                                                flags=R.TF_NON_FORWARDING))), "OK")
    expect("... counted among the targets", status("Targets"), "2")
    block = list_block(local) or []
    expect("list: its options say non forwarding, not blackhole",
           [line.strip() for line in block if "option:" in line], ["option: non forwarding"])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 31024))
    sock.settimeout(10)
    good = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    good.bind(("127.0.0.1", 31224))
    bad = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    bad.sendto(b"from elsewhere", ("127.0.0.1", 31024))
    # once the expected source's packet is at the socket, the other one was judged
    good.sendto(b"from the peer", ("127.0.0.1", 31024))
    expect("from the expected source handed up, from another dropped",
           recv_n(sock, 1), [b"from the peer"])
    sock.settimeout(0.2)
    expect("... and nothing else came up", recv_n(sock, 1), [])
    e = [x for x in blist() if x["local"] == local]
    expect("blist: non-forwarding, no blackhole, the drop an error, nothing forwarded, no outputs",
           [(x["flags"] & (R.TF_NON_FORWARDING | R.TF_BLACKHOLE), x["packets"], x["errors"],
             x["outputs"]) for x in e], [(R.TF_NON_FORWARDING, 0, 1, [])])
    expect("... deleted as any", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    expect("... and gone", status("Targets"), "1")
    for s in (sock, good, bad):
        s.close()


def ssrc_subst(w):
    """SSRC substitution (the daemon's media echo, transcoding sinks): RTP
    of the target's ssrc[i] leaves as the output's ssrc_out[i] (0: as it
    came), as 10.5 rewrites it; blist gives it back."""
    local, dst = "127.0.0.1:31018", "127.0.0.1:31118"
    # the translation maps each tracked SSRC once: they are distinct
    expect("a target tracking one SSRC twice -> EINVAL", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, flags=R.TF_RTP | R.TF_TRACK_SSRC, ssrcs=[0x1234, 0x1234]))), "EINVAL")
    expect("a target tracking two SSRCs", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, flags=R.TF_RTP | R.TF_TRACK_SSRC, ssrcs=[0x1234, 0x5678]))), "OK")
    expect("its output substitutes the first", call(w, R.msg(R.ADD_DESTINATION, R.destination(
        local, 0, R.output(local, dst, flags=R.OF_SSRC_SUBST, ssrc_out=[0xABCD0001, 0])))), "OK")
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 31118))
    rx.settimeout(10)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.sendto(rtp(1, 0x1234), ("127.0.0.1", 31018))
    tx.sendto(rtp(2, 0x5678), ("127.0.0.1", 31018))
    expect("0x1234 left as 0xabcd0001, 0x5678 as it came, payloads intact",
           recv_n(rx, 2), [rtp(1, 0xABCD0001), rtp(2, 0x5678)])
    e = [x for x in blist() if x["local"] == local]
    expect("blist: the output's substitution flag and ssrc_out",
           [x["subst"] for x in e], [[(R.OF_SSRC_SUBST, [0xABCD0001, 0, 0, 0])]])
    expect("... deleted", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    rx.close()
    tx.close()


def patterns(w):
    """Payload replacement (the daemon's silence media): RTP of a listed
    type whose pattern is set leaves every output with the pattern over its
    payload, as 10.5 does; blist and list show it."""
    local, dst = "127.0.0.1:31020", "127.0.0.1:31120"
    silence = [(0, 8000, b"\xff"), (8, 8000, b"\xd5"), (9, 8000), (96, 8000, b"\x01\x02\x03")]
    # the first payload type's replace_pattern_len (the list: 32 * 24 bytes, then 8)
    t = R.target(local, 1, flags=R.TF_RTP, pts=[(0, 8000, b"\xff" * 16)])
    len_at = len(t) - 8 - 32 * 24 + 1
    expect("a pattern of 17 bytes -> EINVAL", call(w, R.msg(
        R.ADD_TARGET, t[:len_at] + b"\x11" + t[len_at + 1:])), "EINVAL")
    expect("a pattern without RTP parsing -> EOPNOTSUPP", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, pts=[(0, 8000, b"\xff")]))), "EOPNOTSUPP")
    expect("a target silencing PT 0, 8, 96", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, flags=R.TF_RTP, pts=silence))), "OK")
    expect("its output", call(w, R.msg(R.ADD_DESTINATION, R.destination(
        local, 0, R.output(local, dst)))), "OK")
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 31120))
    rx.settimeout(10)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = [struct.pack("!BBHII", 0x80, pt, 1, 160, 0x1234) + bytes(range(160))
            for pt in (0, 9, 96)]
    for pkt in sent:
        tx.sendto(pkt, ("127.0.0.1", 31020))
    expect("PT 0 silenced, PT 9 as it came, PT 96 the 3-byte pattern cut short",
           recv_n(rx, 3), [sent[0][:12] + b"\xff" * 160, sent[1],
                 sent[2][:12] + (b"\x01\x02\x03" * 54)[:160]])
    e = [x for x in blist() if x["local"] == local]
    expect("blist: the patterns by payload type", [x["patterns"] for x in e],
           [[(0, b"\xff"), (8, b"\xd5"), (9, b""), (96, b"\x01\x02\x03")]])
    expect("... deleted", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    many = [(pt, 8000, b"\xff") for pt in (0, 8, 9, 18, 96)]
    expect("a target with 5 patterns", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, flags=R.TF_RTP, pts=many))), "OK")
    expect("... its output -> EOPNOTSUPP (4 per output)", call(w, R.msg(
        R.ADD_DESTINATION, R.destination(local, 0, R.output(local, dst)))), "EOPNOTSUPP")
    rx.close()
    tx.close()


def rtcp_only(w):
    """An RTCP-only output (the daemon's subscriptions: a subscriber's RTCP
    back to its source): RTP never goes there and RTCP goes up to the
    daemon, so the rule does not get it; the other outputs forward."""
    local, sink, rtcp_sink = "127.0.0.1:31022", "127.0.0.1:31122", "127.0.0.1:31123"
    expect("a target with 2 outputs", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 2, flags=R.TF_RTP, pts=[(0, 8000)]))), "OK")
    expect("output 0 RTCP-only (with SRTP the rule ignores)", call(w, R.msg(
        R.ADD_DESTINATION, R.destination(local, 0, R.output(
            local, rtcp_sink, flags=R.OF_RTCP_ONLY, encrypt=R.srtp(
                R.CIPHER_AES_CM_128, R.HMAC_SHA1, b"k" * 16, b"s" * 14, tag_len=8))))), "OK")
    expect("output 1", call(w, R.msg(R.ADD_DESTINATION, R.destination(
        local, 1, R.output(local, sink)))), "OK")
    e = [x for x in blist() if x["local"] == local]
    expect("blist: the rule's one output", [x["outputs"] for x in e], [[(local, sink, 0)]])
    socks = []
    for port in (31122, 31123):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", port))
        s.settimeout(10)
        socks.append(s)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.sendto(rtp(1), ("127.0.0.1", 31022))
    expect("RTP reaches the other output", recv_n(socks[0], 1), [rtp(1)])
    socks[1].settimeout(0.5)
    expect("... and not the RTCP-only one", recv_n(socks[1], 1), [])
    expect("... deleted", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    expect("a target with one output", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, flags=R.TF_RTP, pts=[(0, 8000)]))), "OK")
    expect("... RTCP-only: accepted", call(w, R.msg(R.ADD_DESTINATION, R.destination(
        local, 0, R.output(local, rtcp_sink, flags=R.OF_RTCP_ONLY)))), "OK")
    expect("... and a hand-up rule, as a non-forwarding target",
           [(x["flags"] & (R.TF_NON_FORWARDING | R.TF_RTP), x["outputs"])
            for x in blist() if x["local"] == local], [(R.TF_NON_FORWARDING, [])])
    expect("... deleted", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    for s in socks + [tx]:
        s.close()


def control():
    """The control file opened as the daemon does: (fd, write, read), where a
    read() sends a message and returns the answer in its place."""
    fd = os.open(PROC + "/control", os.O_RDWR | os.O_TRUNC)

    def w(data):
        return os.write(fd, data)

    def rd(data):
        buf = bytearray(data)
        if os.readv(fd, [buf]) != len(buf):
            raise OSError(errno.EIO, "short read")
        return bytes(buf)
    return fd, w, rd


def main():
    fd, w, rd = control()

    # the daemon's handshake
    expect("NOOP with the daemon's size and command count", call(w, R.noop()), "OK")
    expect("NOOP with another message size -> EMSGSIZE", call(w, R.noop(size=1224)), "EMSGSIZE")
    expect("NOOP with another command count -> ERANGE", call(w, R.noop(last_cmd=11)), "ERANGE")
    expect("a short message -> EINVAL", call(w, R.noop()[:100]), "EINVAL")
    expect("unknown command -> EINVAL", call(w, R.msg(99)), "EINVAL")

    local, src, dst1, dst2 = "127.0.0.1:31000", "127.0.0.1:31000", "127.0.0.1:31100", "127.0.0.1:31102"
    peer = "127.0.0.1:31200"

    # targets and destinations
    expect("target without a local address -> EINVAL",
           call(w, R.msg(R.ADD_TARGET, R.target(None, 1))), "EINVAL")
    expect("target with 0 outputs, forwarding -> EINVAL",
           call(w, R.msg(R.ADD_TARGET, R.target(local, 0))), "EINVAL")
    t = R.target(local, 2, expect=peer, mismatch=R.MSM_DROP, flags=R.TF_RTP | R.TF_RTP_STATS,
                 pts=[(0, 8000)])
    expect("target with 2 outputs staged", call(w, R.msg(R.ADD_TARGET, t)), "OK")
    expect("the same target again -> EEXIST", call(w, R.msg(R.ADD_TARGET, t)), "EEXIST")
    expect("a staged target is counted, as 10.5 counts it", status("Targets"), "1")
    expect("list: a staged target, as 10.5 shows it", list_block(local),
           ["    outputs not fully filled (2 missing)"])
    e = [x for x in blist() if x["local"] == local]
    expect("blist: a staged target's record (not non-forwarding, nothing counted)",
           [(x["flags"], x["packets"], x["outputs"]) for x in e], [(0, 0, [])])
    d0 = R.destination(local, 0, R.output(src, dst1, tos=184))
    d1 = R.destination(local, 1, R.output(src, dst2))
    expect("destination #2 of 2 -> ERANGE",
           call(w, R.msg(R.ADD_DESTINATION, R.destination(local, 2, R.output(src, dst1)))), "ERANGE")
    expect("destination of an unknown target -> ENOENT",
           call(w, R.msg(R.ADD_DESTINATION, R.destination("127.0.0.1:31002", 0,
                                                          R.output(src, dst1)))), "ENOENT")
    expect("destination #0", call(w, R.msg(R.ADD_DESTINATION, d0)), "OK")
    expect("destination #0 again -> EEXIST", call(w, R.msg(R.ADD_DESTINATION, d0)), "EEXIST")
    expect("one output missing: still staged", list_block(local),
           ["    outputs not fully filled (1 missing)"])
    expect("destination #1 completes the target", call(w, R.msg(R.ADD_DESTINATION, d1)), "OK")
    expect("complete target installed as a rule", status("Targets"), "1")
    expect("list: the complete target with its outputs",
           [line for line in list_block(local) if line.startswith("    output #")],
           ["    output #0", "    output #1"])
    expect("a destination for a complete target -> EBUSY",
           call(w, R.msg(R.ADD_DESTINATION, d1)), "EBUSY")
    expect("the installed target again -> EEXIST", call(w, R.msg(R.ADD_TARGET, t)), "EEXIST")
    expect("stats as a write -> EINVAL", call(w, R.stats_request(R.GET_STATS, local)), "EINVAL")

    # real packets through the rule, to both outputs
    rx = []
    for d in (dst1, dst2):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", int(d.rsplit(":", 1)[1])))
        s.settimeout(2)
        rx.append(s)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, 0xb8)   # EF, for blist's in_tos
    tx.bind(("127.0.0.1", 31200))
    for seq in range(5):
        tx.sendto(rtp(seq), ("127.0.0.1", 31000))
    got = []
    for s in rx:
        n = 0
        try:
            while n < 5:
                data, frm = s.recvfrom(2048)
                n += data == rtp(n) and frm == ("127.0.0.1", 31000)
        except socket.timeout:
            pass
        got.append(n)
    expect("5 RTP packets forwarded intact to both outputs, from the local port", got, [5, 5])

    # per SSRC statistics: a read() answers
    reply = rd(R.stats_request(R.GET_STATS, local))
    stats = R.parse_stats(reply)
    expect("GET_STATS: one SSRC, 5 packets, sequence 4, none lost, the last RTP timestamp",
           [(s[0], s[1], s[3], s[4], s[5]) for s in stats], [(0x1234, 5, 4, 0, 4 * 160)])
    reply = rd(R.stats_request(R.GET_RESET_STATS, local))
    expect("GET_RESET_STATS returns the counters", [s[1] for s in R.parse_stats(reply)], [5])
    reply = rd(R.stats_request(R.GET_STATS, local))
    expect("... and resets them", [s[1] for s in R.parse_stats(reply)], [0])
    expect("GET_STATS of an unknown target -> ENOENT",
           call(rd, R.stats_request(R.GET_STATS, "127.0.0.1:31004")), "ENOENT")

    # blist: the 10.5 record
    entries = blist()
    expect("blist: one record", len(entries), 1)
    if entries:
        e = entries[0]
        expect("blist: local, expect, mismatch", (e["local"], e["expect"], e["mismatch"]),
               (local, peer, R.MSM_DROP))
        expect("blist: outputs with their TOS", e["outputs"], [(src, dst1, 184), (src, dst2, 0)])
        expect("blist: plain RTP (null cipher and HMAC), RTP flags, PT 0",
               (e["cipher"], e["hmac"], e["flags"], e["pts"]),
               (R.CIPHER_NULL, R.HMAC_NULL, R.TF_RTP | R.TF_RTP_STATS, [0]))
        expect("blist: counters and the SSRC seen", (e["packets"], e["ssrc"]), (5, [0x1234]))
        expect("blist: in_tos, the TOS the packets came with", e["in_tos"], 0xb8)

    # what we refuse, target by target, changing nothing
    def refused(what, data, err="EOPNOTSUPP"):
        expect(what + " -> " + err, call(w, data), err)

    other = "127.0.0.1:31010"
    # SRTP: the suites the core cannot do (proc_compat_srtp_check.py has them all)
    refused("SRTP decryption with an 8-byte tag", R.msg(R.ADD_TARGET, R.target(
        other, 1, flags=R.TF_RTP, decrypt=R.srtp(R.CIPHER_AES_CM_128, R.HMAC_SHA1, b"k" * 16,
                                                 b"s" * 14, tag_len=8))))
    refused("recording into no such stream (85d-proc-recording.sh has recording)",
            R.msg(R.ADD_TARGET, R.target(other, 1, flags=R.TF_DO_INTERCEPT, intercept=4242)),
            "ENOENT")
    # 10.5's own module: num_destinations above RTPE_MAX_FORWARD_DESTINATIONS is EINVAL
    refused("33 outputs (more than 10.5's message carries)", R.msg(R.ADD_TARGET, R.target(other, 33)),
            "EINVAL")
    refused("malformed SRTP parameters (cipher 0)", R.msg(R.ADD_TARGET, R.target(
        other, 1, decrypt=R.srtp(0, R.HMAC_NULL))), "EINVAL")
    expect("a non-forwarding target is accepted (it hands everything up)",
           call(w, R.msg(R.ADD_TARGET, R.target("127.0.0.1:31012", 0, flags=R.TF_NON_FORWARDING))),
           "OK")
    expect("... and deleted", call(w, R.msg(R.DEL_TARGET, R.target("127.0.0.1:31012", 0))), "OK")
    expect("target for SRTP encryption staged", call(w, R.msg(R.ADD_TARGET, R.target(other, 1))), "OK")
    refused("its output with an 8-byte SRTP tag", R.msg(R.ADD_DESTINATION, R.destination(
        other, 0, R.output(src, dst1, encrypt=R.srtp(R.CIPHER_AES_CM_128, R.HMAC_SHA1, b"k" * 16,
                                                     b"s" * 14, tag_len=8)))))
    expect("... which dropped the whole target",
           call(w, R.msg(R.ADD_DESTINATION, R.destination(other, 0, R.output(src, dst1)))), "ENOENT")
    expect("... with its placeholder", list_block(other), None)
    w(R.msg(R.ADD_TARGET, R.target(other, 1)))
    refused("an RTCP-only output without RTP parsing", R.msg(R.ADD_DESTINATION, R.destination(
        other, 0, R.output(src, dst1, flags=R.OF_RTCP_ONLY))))
    refused("ADD_CALL as a write (it answers: a read)", R.msg(R.ADD_CALL), "EINVAL")
    expect("ADD_CALL without a call id -> EINVAL", call(rd, R.msg(R.ADD_CALL)), "EINVAL")
    refused("DEL_STREAM of no such stream", R.msg(R.DEL_STREAM, R.stream_info(4242, idx=4242)),
            "ENOENT")
    expect("refusals changed nothing", status("Targets"), "1")
    blackhole(w)
    non_forwarding(w)
    ssrc_subst(w)
    patterns(w)
    rtcp_only(w)

    # 32 outputs, as many as 10.5's message carries: staged, installed by the
    # 32nd ADD_DESTINATION, listed with every output
    many = "127.0.0.1:31014"
    outs = [(many, "127.0.0.1:%d" % (32000 + i)) for i in range(32)]
    expect("a target with 32 outputs is staged", call(w, R.msg(R.ADD_TARGET, R.target(many, 32))), "OK")
    expect("its 32 ADD_DESTINATIONs", [call(w, R.msg(R.ADD_DESTINATION, R.destination(many, i, R.output(*o))))
                                       for i, o in enumerate(outs)], ["OK"] * 32)
    expect("... installed it", status("Targets"), "2")
    with open(PROC + "/list") as f:
        block = f.read().split("local inet4 " + many + "\n", 1)[-1].split("\nlocal ", 1)[0]
    expect("list: the target with its 32 outputs, in order",
           [line.strip() for line in block.splitlines() if line.startswith("    output #")],
           ["output #%d" % i for i in range(32)])
    expect("list: the last output", block.split("    output #31\n", 1)[-1].splitlines()[:2],
           ["       src inet4 " + many, "       dst inet4 127.0.0.1:32031"])
    mine = [e for e in blist() if e["local"] == many]
    expect("blist: its record carries the 32 outputs", [o[:2] for o in mine[0]["outputs"]] if mine else None,
           outs)
    expect("... deleted", call(w, R.msg(R.DEL_TARGET, R.target(many, 0))), "OK")
    expect("one target again", status("Targets"), "1")

    # SSRC tracking: only the daemon's SSRCs are forwarded, others handed up
    expect("delete the target", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    t = R.target(local, 1, flags=R.TF_RTP | R.TF_TRACK_SSRC | R.TF_STUN, ssrcs=[0x1234])
    expect("target with SSRC tracking (SSRC 1234) and STUN", call(w, R.msg(R.ADD_TARGET, t)), "OK")
    w(R.msg(R.ADD_DESTINATION, R.destination(local, 0, R.output(src, dst1))))
    tx.sendto(rtp(0, ssrc=0x5678), ("127.0.0.1", 31000))
    tx.sendto(rtp(1), ("127.0.0.1", 31000))
    rx[0].settimeout(1)
    seen = []
    try:
        while True:
            seen.append(struct.unpack("!I", rx[0].recv(2048)[8:12])[0])
    except socket.timeout:
        pass
    expect("only the tracked SSRC is forwarded", seen, [0x1234])
    e = blist()[0]
    expect("blist: the tracked SSRC, STUN and SSRC tracking flags",
           (e["ssrc"], e["flags"] & (R.TF_TRACK_SSRC | R.TF_STUN)), ([0x1234], R.TF_TRACK_SSRC | R.TF_STUN))
    expect("delete the target", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "OK")
    expect("delete it again -> ENOENT", call(w, R.msg(R.DEL_TARGET, R.target(local, 0))), "ENOENT")
    expect("no rules left", status("Targets"), "0")

    # a staged target is dropped with the session; an installed one stays
    w(R.msg(R.ADD_TARGET, R.target("127.0.0.1:31020", 1)))
    w(R.msg(R.ADD_TARGET, R.target("127.0.0.1:31022", 1)))
    w(R.msg(R.ADD_DESTINATION, R.destination("127.0.0.1:31022", 0, R.output(src, dst1))))
    expect("before close: the staged one and the complete one", status("Targets"), "2")
    os.close(fd)
    expect("after close: the complete target stays, the staged one's placeholder goes",
           (status("Targets"), list_block("127.0.0.1:31020")), ("1", None))
    fd = os.open(PROC + "/control", os.O_RDWR)
    expect("after close: the staged one is gone",
           call(w, R.msg(R.ADD_DESTINATION, R.destination("127.0.0.1:31020", 0, R.output(src, dst1)))),
           "ENOENT")
    os.close(fd)
    time.sleep(0)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
