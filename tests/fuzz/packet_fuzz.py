#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Packet fuzzer of the rtpfwd forwarding path.

Three namespaces over veth (tests/kernel/lib/topology.sh): client, proxy,
server. The proxy's table has rules with every combination of the rule
flags (RTP, STUN, DTLS, SSRC), every mismatch policy, IPv4 and IPv6, one or
two outputs (one bridging IPv4<->IPv6), payload type and SSRC lists; an
iptables/ip6tables RTPENGINE target in INPUT feeds it. Frames are built
byte by byte and written to the client's veth with an AF_PACKET socket:
RTP (CSRCs, header extensions, padding, right and wrong), RTCP, STUN, DTLS,
random payloads, UDP lengths and checksums right, zero and wrong, IPv4
options, headers the IP stack must drop, IPv4 fragments (reassembled
before the hook), IPv6 extension headers and fragments, sources expected
and not, TTLs and sizes at the edges.

For every datagram a reference of the documented semantics (module/core/forward.c
and xmit.c, include/uapi/linux/rtpfwd.h) says what must happen: forwarded
(to every output), handed up to the proxy's socket (with or without an
error or too_big count), dropped (an error; TTL 1 or 0: also ttl_expired),
or dropped by the IP stack before rtpfwd sees it. What the reference cannot
know exactly (overlapping IPv4 fragments, IPv6 fragments that a
defragmenter may join before the hook) is allowed a set of outcomes.
Oracles, checked once everything is drained:
  - each datagram ended as allowed: seen on every output in the server
    namespace (AF_PACKET capture), on the proxy's socket, or nowhere;
  - every forwarded frame is well-formed: IP header checksum and lengths,
    the output's addresses, ports and TOS, the TTL / hop limit the received
    one minus one, the UDP payload byte for byte, the UDP checksum valid
    exactly when the original's was (IPv4 without a checksum stays without
    one, or gets a valid one when bridged); IPv4 fragments (an output
    fragments what it may) join into such a datagram;
  - counters: packets = datagrams forwarded, bytes = their UDP payload,
    errors, ttl_expired, too_big = what the reference predicts (a range
    for the uncertain ones); per payload type and per SSRC counters agree
    with what was forwarded.

  packet_fuzz.py NAME N [COUNT]   topology NAME-{cl,px,sv} on 10.N.x / fdN:x::
  (default: 5,000 datagrams, or 100,000 with RTPFWD_FUZZ=long)
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzlib as fl  # noqa: E402
import genl_fuzz as gf  # noqa: E402
from genl_fuzz import Attr, p8, p32  # noqa: E402

CLONE_NEWNET = 0x40000000
ETH_P_ALL, ETH_P_IP, ETH_P_IPV6 = 0x0003, 0x0800, 0x86DD
SOL_PACKET, PACKET_AUXDATA, PACKET_STATISTICS = 263, 8, 6
TP_STATUS_CSUMNOTREADY = 8
RF, F_RTP, F_SSRC, F_RTCP = gf.RF, gf.F_RTP, gf.F_SSRC, gf.F_RTCP
F_STUN, F_DTLS = RF["STUN"], RF["DTLS"]
MIS = fl.enum_members(gf.N, "RTPFWD_MISMATCH_")
STATS = fl.enum_members(gf.N, "RTPFWD_STATS_A_")
# counters of the stats nest besides packets, bytes and errors (TTL_EXPIRED,
# TOO_BIG, NOT_RTP, HANDED_UP_STUN...: datagrams not forwarded, by reason),
# as the header has them; LAST_PACKET_MS is an age, not a counter
DROP_COUNTERS = [v for k, v in STATS.items()
                 if k not in ("PAD", "PACKETS", "BYTES", "ERRORS", "LAST_PACKET_MS")]
SSRC_A = fl.enum_members(gf.N, "RTPFWD_SSRC_A_")
PT_A = gf.PA

FWD, LOCAL, VANISH = "fwd", "local", "vanish"
MTU = 1500              # of the veth pairs


# ---- namespaces -------------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def enter(ns):
    """Move this (single-threaded) process into network namespace @ns:
    sockets made from now on live there."""
    fd = os.open(f"/run/netns/{ns}", os.O_RDONLY)
    if _libc.setns(fd, CLONE_NEWNET):
        raise OSError(ctypes.get_errno(), f"setns {ns}")
    os.close(fd)


# ---- checksums and headers ----------------------------------------------------

def csum(data, init=0):
    if len(data) % 2:
        data += b"\0"
    s = init + sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def pseudo(fam, src, dst, ulen):
    if fam == 4:
        return src + dst + struct.pack("!BBH", 0, 17, ulen)
    return src + dst + struct.pack("!IxxxB", ulen, 17)


def udp_csum(fam, src, dst, udp):
    """The checksum field value of @udp (its own check field zeroed)."""
    c = (~csum(pseudo(fam, src, dst, len(udp)) + udp)) & 0xFFFF
    return c or 0xFFFF


def csum_ok(fam, src, dst, udp):
    return csum(pseudo(fam, src, dst, len(udp)) + udp) == 0xFFFF


def ip4(src, dst, payload, proto=17, ttl=64, tos=0, ident=0, frag=0, options=b"",
        tot_len=None, bad_csum=False, version=4, ihl=None):
    ihl = ihl if ihl is not None else 5 + len(options) // 4
    h = struct.pack("!BBHHHBBH4s4s", (version << 4) | (ihl & 15), tos,
                    tot_len if tot_len is not None else 20 + len(options) + len(payload),
                    ident, frag, ttl, proto, 0, src, dst) + options
    c = (~csum(h)) & 0xFFFF
    if bad_csum:
        c ^= 0x0101
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def ip6(src, dst, payload, nexthdr=17, hlim=64, tc=0, plen=None):
    return struct.pack("!IHBB16s16s", (6 << 28) | (tc << 20), len(payload) if plen is None else plen,
                       nexthdr, hlim, src, dst) + payload


# ---- payloads ------------------------------------------------------------------

SSRC_POOL = [0x11111111, 0x22222222, 0x33333333]


def rtp_payload(rng, pt=None, ssrc=None, broken=False):
    """An RTP packet, mostly well-formed; @broken: a CSRC count, extension
    or padding that does not fit."""
    cc = rng.choice((0, 0, 0, 1, 2, 15)) if not broken else rng.randrange(16)
    x = rng.random() < 0.2
    body_len = rng.choice((0, 1, 20, 160, rng.randrange(0, 400)))
    pad = rng.choice((0, 0, 0, 1, 4, 255)) if not broken else rng.randrange(256)
    p = 1 if pad else 0
    hdr = struct.pack("!BBHII", 0x80 | (p << 5) | (x << 4) | cc,
                      (rng.random() < 0.1) << 7 | (pt if pt is not None else rng.choice((0, 8, 96, 111))),
                      rng.randrange(1 << 16), rng.randrange(1 << 32),
                      ssrc if ssrc is not None else rng.choice(SSRC_POOL + [rng.randrange(1 << 32)]))
    csrcs = rng.randbytes(4 * cc)
    ext = b""
    if x:
        words = rng.choice((0, 1, 3)) if not broken else rng.randrange(1 << 16)
        ext = struct.pack("!HH", 0xBEDE, words) + rng.randbytes(4 * min(words, 8))
    body = rng.randbytes(body_len)
    if pad:
        filler = rng.randbytes(max(0, pad - 1))
        return hdr + csrcs + ext + body + filler + bytes([pad & 0xFF])
    return hdr + csrcs + ext + body


def payload(rng, rule):
    """A UDP payload aimed at @rule's flags (or anything)."""
    r = rng.random()
    if r < 0.45:
        pt = None
        if rule and rule.pts and rng.random() < 0.7:
            pt = rng.choice(rule.pts)[0]
        ssrc = None
        if rule and rule.ssrcs and rng.random() < 0.7:
            ssrc = rng.choice(rule.ssrcs)
        return rtp_payload(rng, pt, ssrc, broken=rng.random() < 0.15)
    if r < 0.52:    # RTCP (second byte 192..223)
        return struct.pack("!BBH", 0x80, rng.choice((192, 200, 201, 203, 223)), 6) + rng.randbytes(24)
    if r < 0.62:    # STUN, right or nearly
        attrs = rng.randbytes(4 * rng.randrange(0, 12))
        length = len(attrs) if rng.random() < 0.8 else len(attrs) + rng.choice((-4, 4, 1))
        cookie = 0x2112A442 if rng.random() < 0.85 else rng.randrange(1 << 32)
        return struct.pack("!BBHI", rng.choice((0, 1, 3, 4)), 1, length & 0xFFFF, cookie) + \
            rng.randbytes(12) + attrs
    if r < 0.70:    # DTLS record
        return bytes([rng.choice((20, 21, 22, 23, 63, 64, 19))]) + b"\xfe\xfd" + \
            rng.randbytes(rng.randrange(0, 200))
    if r < 0.80:    # versions other than 2, short ones
        return rng.randbytes(rng.choice((0, 1, 2, 11, 12, 13)))
    return rng.randbytes(rng.randrange(0, 600))


# ---- the reference ------------------------------------------------------------

def is_stun(p):
    return len(p) >= 20 and p[0] <= 3 and p[4:8] == b"\x21\x12\xa4\x42" and \
        20 + struct.unpack("!H", p[2:4])[0] == len(p)


def is_dtls(p):
    return len(p) >= 1 and 20 <= p[0] <= 63


def is_rtcp(p):
    """rtp.c rtpfwd_rtcp_check(): version 2, type 192..223, 8 bytes or more."""
    return len(p) >= 8 and p[0] >> 6 == 2 and 192 <= p[1] <= 223


def rtp_check(rule, p):
    """forward.c rtpfwd_rtp(): 0 forward, 1 hand up, -1 hand up as an error."""
    if len(p) < 12 or p[0] >> 6 != 2:
        return -1
    if 192 <= p[1] <= 223:
        return 1
    hlen = 12 + 4 * (p[0] & 15)
    if p[0] & 0x10:
        if hlen + 4 > len(p):
            return -1
        hlen += 4 + 4 * struct.unpack("!H", p[hlen + 2:hlen + 4])[0]
    if hlen > len(p):
        return -1
    if p[0] & 0x20 and (not p[-1] or hlen + p[-1] > len(p)):
        return -1
    ssrc = struct.unpack("!I", p[8:12])[0]
    if rule.flags & F_SSRC and ssrc not in rule.ssrcs:
        return -1
    if rule.pts and (p[1] & 0x7F) not in [t for t, _ in rule.pts]:
        return 1
    return 0


def fits(rule, fam, df, plen):
    """xmit.c rtpfwd_fits() for every output: IPv4 without DF out as IPv4
    is fragmented on output; anything else must fit the path MTU."""
    for (ofam, _a, _p), _dst, _tos in rule.outputs:
        if ofam == 4 and fam == 4 and not df:
            continue
        if plen + 8 + (20 if ofam == 4 else 40) > MTU:
            return False
    return True


def rtpfwd_fate(rule, src, sport, p, ttl, df, fam):
    """(outcome, error counted, other counter) of a datagram rtpfwd parsed
    for @rule: forward.c rtpfwd_decide(), then the MTU (xmit.c)."""
    if rule.flags & F_STUN and is_stun(p):
        return LOCAL, 0, "HANDED_UP_STUN"
    if rule.expect and (src, sport) != rule.expect:
        if rule.mismatch == MIS["DROP"]:
            return VANISH, 1, "SRC_MISMATCH_DROPPED"
        if rule.mismatch == MIS["PASS"]:
            return LOCAL, 0, "HANDED_UP_MISMATCH"
    if rule.flags & F_DTLS and is_dtls(p):
        return LOCAL, 0, "HANDED_UP_DTLS"
    if rule.flags & F_RTCP and is_rtcp(p):
        pass                            # RTCP to forward
    elif rule.flags & F_RTP:
        r = rtp_check(rule, p)
        if r:
            return LOCAL, 1 if r < 0 else 0, "NOT_RTP" if r < 0 else "HANDED_UP_OTHER"
    elif rule.flags & F_RTCP:           # an RTCP port: nothing else
        return LOCAL, 1, "NOT_RTP"
    if ttl <= 1:        # a loop ends here: dropped, counted (and an error)
        return VANISH, 1, "TTL_EXPIRED"
    if not fits(rule, fam, df, len(p)):
        return LOCAL, 0, "TOO_BIG"      # handed up: the daemon may fragment
    return FWD, 0, None


class Rule:
    __slots__ = ("idx", "fam", "local", "port", "expect", "mismatch", "flags", "pts", "ssrcs",
                 "outputs")


class Sent:
    """A datagram sent and what may become of it."""
    __slots__ = ("key", "rule", "allowed", "err_lo", "err_hi", "plen", "csum", "zero", "fam",
                 "uncertain", "kind", "ttl", "other")

    def __init__(self):
        self.rule, self.err_lo, self.err_hi, self.csum, self.zero = None, 0, 0, True, False
        self.uncertain, self.other = False, None


# ---- the run --------------------------------------------------------------------

class Fuzzer:
    def __init__(self, rng, name, n):
        self.rng, self.name, self.n = rng, name, n
        self.findings, self.counts = [], {}
        self.a4 = {k: bytes([10, n, *v]) for k, v in
                   (("cl", (1, 2)), ("px1", (1, 1)), ("px2", (2, 1)), ("sv", (2, 2)))}
        pre = bytes.fromhex(f"fd{n:02d}")     # topology.sh: fd<N>:1::2, N in decimal
        self.a6 = {k: pre + bytes.fromhex(f"{v:04x}") + bytes(11) + bytes([h])
                   for k, v, h in (("cl", 1, 2), ("px1", 1, 1), ("px2", 2, 1), ("sv", 2, 2))}
        self.cl_mac = bytes.fromhex(os.environ["CL_MAC"].replace(":", ""))
        self.px_mac = bytes.fromhex(os.environ["PX_MAC"].replace(":", ""))
        self.ident = rng.randrange(1 << 16)
        self.sent = []
        self.by_key = {}            # (family, port, payload) -> [Sent]
        self.fwd_seen = {}          # (rule idx, out idx, payload) -> {(checksum, ttl): count}
        self.frags = {}             # IPv4 fragments of forwarded datagrams
        self.local_seen = {}        # (family, port, payload) -> count
        self.frames = 0
        self.malformed = 0

    def count(self, key, n=1):
        self.counts[key] = self.counts.get(key, 0) + n

    def finding(self, category, text):
        self.findings.append(category)
        if self.findings.count(category) > 5:
            return
        print(f"{'KNOWN' if category in gf.KNOWN else 'FINDING'} {category}: {text}", flush=True)

    # -- setup
    def make_rules(self):
        """Every flag combination x every mismatch policy, IPv4 and IPv6."""
        combos = [0, F_RTP, F_STUN, F_DTLS, F_RTP | F_STUN, F_RTP | F_DTLS, F_STUN | F_DTLS,
                  F_RTP | F_STUN | F_DTLS, F_RTP | F_SSRC, F_RTP | F_SSRC | F_STUN,
                  F_RTP | F_SSRC | F_DTLS, F_RTP | F_SSRC | F_STUN | F_DTLS,
                  F_RTCP, F_RTP | F_RTCP | F_SSRC | F_STUN]
        rules = []
        for i, flags in enumerate(combos):
            for j, mismatch in enumerate(sorted(MIS.values())):
                r = Rule()
                r.idx = len(rules)
                r.fam = 4 if (i + j) % 2 == 0 else 6
                r.local = self.a4["px1"] if r.fam == 4 else self.a6["px1"]
                r.port = 30000 + 2 * r.idx
                r.mismatch = mismatch
                r.expect = None if (i + j) % 3 == 2 else \
                    ((self.a4 if r.fam == 4 else self.a6)["cl"], 5000)
                r.flags = flags
                r.pts = [(0, 8000), (8, 8000), (96, 90000)] if flags & F_RTP and (i + j) % 2 else []
                r.ssrcs = SSRC_POOL[:2] if flags & F_SSRC else []
                r.outputs = []
                n_out = 1 + ((i // 2 + j) % 2)    # every combination with 1 and 2
                for o in range(n_out):
                    fam = r.fam if o == 0 else 10 - r.fam
                    src = (self.a4 if fam == 4 else self.a6)["px2"]
                    dst = (self.a4 if fam == 4 else self.a6)["sv"]
                    r.outputs.append(((fam, src, 40000 + 10 * r.idx + o), (fam, dst, 20000 + 10 * r.idx + o),
                                      self.rng.choice((0, 46, 184, 255, 4))))
                rules.append(r)
        self.rules = rules
        self.by_port = {(r.fam, r.port): r for r in rules}
        self.by_out = {}
        for r in rules:
            for o, (src, dst, tos) in enumerate(r.outputs):
                self.by_out[(dst[0], dst[2])] = (r, o)

    def install(self):
        g = fl.GenlSocket("rtpengine")
        self.g = g
        for r in self.rules:
            kids = [gf.Gen.ep_attr(gf.RA["LOCAL"], (r.fam, r.local, r.port)),
                    Attr(gf.RA["MISMATCH"], p8(r.mismatch)), Attr(gf.RA["FLAGS"], p32(r.flags))]
            if r.expect:
                kids.append(gf.Gen.ep_attr(gf.RA["EXPECT"], (r.fam, r.expect[0], r.expect[1])))
            for src, dst, tos in r.outputs:
                kids.append(Attr(gf.RA["OUTPUT"], children=[
                    gf.Gen.ep_attr(gf.OA["SRC"], src), gf.Gen.ep_attr(gf.OA["DST"], dst),
                    Attr(gf.OA["TOS"], p8(tos))]))
            for t, clock in r.pts:
                kids.append(Attr(gf.RA["PAYLOAD_TYPE"], children=[
                    Attr(PT_A["TYPE"], p8(t)), Attr(PT_A["CLOCK_RATE"], p32(clock))]))
            for s in r.ssrcs:
                kids.append(Attr(gf.RA["SSRC"], p32(s)))
            payload = gf.nla(gf.A["TABLE_ID"], p32(self.table)) + Attr(gf.A["RULE"], children=kids).encode()
            data, seq = g.message(g.family, fl.NLM_F_REQUEST | fl.NLM_F_ACK | fl.NLM_F_CREATE | fl.NLM_F_EXCL,
                                  gf.CMD["RULE_NEW"], payload)
            g.sock.send(data)
            ans = g.collect({seq}, 30).get(seq)
            if ans is None or ans.errno:
                sys.exit(f"rule {r.idx}: {fl.errname(ans.errno if ans else None)} {ans.msg if ans else ''}")

    def sockets(self):
        """Receivers on the proxy (rule ports, two ports without a rule),
        the capture in the server namespace, the sender in the client's."""
        enter(f"{self.name}-px")
        self.install()
        self.rx = {}
        ports = [(r.fam, r.port) for r in self.rules] + [(4, 31000), (6, 31000)]
        for fam, port in ports:
            s = socket.socket(socket.AF_INET if fam == 4 else socket.AF_INET6, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, 33, 4 << 20)  # SO_RCVBUFFORCE
            if fam == 6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s.bind((socket.inet_ntop(socket.AF_INET if fam == 4 else socket.AF_INET6,
                                     self.a4["px1"] if fam == 4 else self.a6["px1"]), port))
            s.setblocking(False)
            self.rx[s] = (fam, port)
        self.local_ports = set(ports)
        enter(f"{self.name}-sv")
        self.cap = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.cap.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)
        self.cap.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        self.cap.bind(("sv0", 0))
        self.cap.setblocking(False)
        enter(f"{self.name}-cl")
        self.tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
        self.tx.bind(("cl0", 0))

    # -- generating
    def datagram(self):
        """One datagram (as one or more frames) and its Sent record."""
        rng = self.rng
        s = Sent()
        rule = rng.choice(self.rules) if rng.random() < 0.85 else None
        fam = rule.fam if rule else rng.choice((4, 6))
        s.fam = fam
        A = self.a4 if fam == 4 else self.a6
        dport = rule.port if rule else rng.choice((31000, 31000, 31001, rng.choice(self.rules).port))
        dst = A["px1"]
        if rng.random() < 0.02:     # another local address (no rule), or not local
            dst = A["px2"] if rng.random() < 0.5 else A["sv"][:-1] + b"\x63"
        src, sport = A["cl"], 5000
        if rng.random() < 0.2:      # not the expected source
            sport = rng.choice((5001, 5000, 1))
            if rng.random() < 0.5:
                src = A["cl"][:-1] + bytes([rng.choice((3, 7, 200))])
        # the IP layer: plain, or what the stack handles first
        x = rng.random()
        layer = "plain"
        if fam == 4:
            layer = "bad4" if x < 0.04 else "options" if x < 0.08 else "frag4" if x < 0.16 else "plain"
        else:
            layer = "bad6" if x < 0.03 else "ext6" if x < 0.09 else "frag6" if x < 0.15 else "plain"
        # big: over an output's path MTU (handed up), or fragmented on output
        big = rng.random() < (0.03 if layer == "plain" else 0.15 if layer == "frag4" else 0)
        p = payload(rng, rule)
        if big:
            lo, hi = (1400, 3000) if layer == "frag4" else (1440, 1472) if fam == 4 else (1420, 1452)
            p = (p + rng.randbytes(hi))[:rng.randrange(lo, hi + 1)]
        elif len(p) > 1000:
            p = p[:1000]
        ulen = 8 + len(p)
        ulen_field, trailer = ulen, b""
        k = rng.random()
        if k < 0.03:
            ulen_field = rng.choice((0, 1, 7, ulen + 1, ulen + 100, 0xFFFF))
        elif k < 0.05 and fam == 4 and 20 + ulen + 8 <= MTU:
            # UDP shorter than the IP payload (never past the veth's MTU: a
            # frame the sender cannot even send tests nothing)
            trailer = rng.randbytes(rng.randrange(1, 9))
        udp = struct.pack("!HHHH", sport, dport, ulen_field, 0) + p
        c = udp_csum(fam, src, dst, struct.pack("!HHHH", sport, dport, ulen, 0) + p)
        cmode = rng.random()
        if ulen_field != ulen or cmode < 0.05:
            c ^= 0x0010     # wrong
            s.csum = False
        elif cmode < 0.10 and fam == 4:
            c, s.zero = 0, True     # IPv4 without a checksum
        elif cmode < 0.11 and fam == 6:
            c, s.zero, s.csum = 0, True, False  # not allowed in IPv6
        udp = udp[:6] + struct.pack("!H", c) + udp[8:] + trailer
        # IPv6 UDP length 0 is a jumbogram's: the stack takes the length from
        # the IP header and may well find the "wrong" checksum right
        jumbo = fam == 6 and ulen_field == 0 and not trailer
        if jumbo:
            s.csum = csum_ok(fam, src, dst, udp)
        ttl = rng.choice((64, 64, 64, 2, 255, rng.randrange(2, 256)))
        if rng.random() < 0.03:
            ttl = rng.choice((0, 1))    # a loop ends here
        s.ttl = ttl
        tos = rng.choice((0, 0, 46, 0xB8, 1))
        df = fam == 6 or (layer == "plain" and rng.random() < 0.5)

        stack = "ok"
        if layer == "bad4":
            bad = rng.randrange(5)
            kw = [{"bad_csum": True}, {"version": rng.choice((5, 6, 0))}, {"ihl": rng.randrange(0, 5)},
                  {"tot_len": 20 + len(udp) + rng.randrange(1, 100)}, {"tot_len": rng.randrange(0, 20)}][bad]
            frames, stack = [ip4(src, dst, udp, ttl=ttl, tos=tos, **kw)], "drop"
        elif layer == "options":
            # NOPs, then the end of the list: valid, but not ours to carry over
            opts = b"\x01" * (4 * rng.randrange(1, 10) - 1) + b"\x00"
            frames, stack = [ip4(src, dst, udp, ttl=ttl, tos=tos, options=opts)], "pass"
        elif layer == "frag4":
            frames, stack = self.fragments4(src, dst, udp, ttl, tos)
        elif layer == "bad6":
            frames, stack = [ip6(src, dst, udp, hlim=ttl, tc=tos, plen=len(udp) + rng.randrange(1, 100))], "drop"
        elif layer == "ext6":
            # hop-by-hop or destination options (PadN): handed to the stack
            ext = struct.pack("!BB", 17, 0) + b"\x01\x04" + bytes(4)
            frames, stack = [ip6(src, dst, ext + udp, nexthdr=rng.choice((0, 60)), hlim=ttl, tc=tos)], "pass"
        elif layer == "frag6":
            frames, stack = self.fragments6(src, dst, udp, ttl, tos)
        elif fam == 4:
            frames = [ip4(src, dst, udp, ttl=ttl, tos=tos, ident=rng.randrange(1 << 16),
                          frag=0x4000 if df else 0)]
        else:
            frames = [ip6(src, dst, udp, hlim=ttl, tc=tos)]
        s.kind = stack

        # the reference: what the IP stack and rtpfwd do with it
        local_dst = dst == A["px1"]
        up = LOCAL if local_dst and (ulen_field == ulen or jumbo) and (s.csum or (fam == 4 and s.zero)) and \
            (fam, dport) in self.local_ports else VANISH
        target = self.by_port.get((fam, dport)) if local_dst else None
        s.rule = target
        # rtpfwd parses only what the IP layer says is one whole UDP datagram
        whole = stack in ("ok", "frag4", "frag-overlap", "frag6") and ulen_field == ulen and not trailer
        fate, err, other = up, 0, None
        if target and whole:
            fate, err, other = rtpfwd_fate(target, src, sport, p, ttl, df, fam)
            if fate == LOCAL:
                fate = up
        if stack in ("drop", "frag-lost"):
            s.allowed = {VANISH}
        elif stack in ("ok", "frag4"):
            s.allowed, s.err_lo, s.err_hi, s.other = {fate}, err, err, other
        elif stack == "frag-overlap":      # discarded, or joined all the same
            s.allowed, s.err_hi, s.other, s.uncertain = {fate, VANISH}, err, other, True
        elif stack == "frag6":             # joined by the stack after the hook, or before it
            s.allowed, s.err_hi, s.other, s.uncertain = {fate, up}, err, other, True
        else:
            s.allowed = {up}
        s.plen = len(p)
        s.key = (fam, dport, p)
        return s, frames

    def fragments4(self, src, dst, udp, ttl, tos):
        """The datagram in 2..4 fragments, reassembled before LOCAL_IN:
        complete, one missing, or with a (consistent) overlap."""
        rng = self.rng
        whole = [ip4(src, dst, udp, ttl=ttl, tos=tos)]
        if len(udp) <= 16:
            return whole, "ok"
        # 2..4 pieces (more for a big one), each a multiple of 8 but the last,
        # none over what fits a frame
        pieces, at = [], 0
        while at < len(udp):
            left = len(udp) - at
            size = min(left, 1480, 8 * rng.randrange(1, max(2, (left + 7) // 8 // 2 + 1)))
            if not pieces and size == left:
                size = 8 * ((left - 1) // 8)
            pieces.append((at, udp[at:at + size]))
            at += size
        if len(pieces) < 2:
            return whole, "ok"
        kind, r = "frag4", rng.random()
        if r < 0.1:
            pieces.pop(rng.randrange(len(pieces)))
            kind = "frag-lost"
        elif r < 0.2:
            o = pieces[rng.randrange(1, len(pieces))][0] - 8
            pieces.append((o, udp[o:o + 16]))
            kind = "frag-overlap"
        if rng.random() < 0.3:
            rng.shuffle(pieces)
        self.ident = (self.ident + 1) & 0xFFFF
        frames = [ip4(src, dst, d, ttl=ttl, tos=tos, ident=self.ident,
                      frag=(0x2000 if o + len(d) < len(udp) else 0) | o // 8) for o, d in pieces]
        return frames, kind

    def fragments6(self, src, dst, udp, ttl, tos):
        rng = self.rng
        if len(udp) <= 16:
            return [ip6(src, dst, udp, hlim=ttl, tc=tos)], "ok"
        cut = 8 * rng.randrange(1, len(udp) // 8)
        ident = rng.randrange(1 << 32)
        frames = []
        for o, d, m in ((0, udp[:cut], 1), (cut, udp[cut:], 0)):
            fh = struct.pack("!BBHI", 17, 0, o | m, ident)
            frames.append(ip6(src, dst, fh + d, nexthdr=44, hlim=ttl, tc=tos))
        return frames, "frag6"

    # -- sending and receiving
    def send(self, fam, frames):
        head = self.px_mac + self.cl_mac + struct.pack("!H", ETH_P_IP if fam == 4 else ETH_P_IPV6)
        for f in frames:
            self.tx.send(head + f)

    def drain(self, wait=0.0):
        """Read everything the proxy's sockets and the capture have; with
        @wait, until nothing came for that long."""
        socks = list(self.rx) + [self.cap]
        while True:
            ready, _, _ = select.select(socks, [], [], wait)
            if not ready:
                return
            for sk in ready:
                if sk is self.cap:
                    self.capture_some()
                else:
                    fam, port = self.rx[sk]
                    while True:
                        try:
                            data = sk.recv(65536)
                        except BlockingIOError:
                            break
                        key = (fam, port, data)
                        self.local_seen[key] = self.local_seen.get(key, 0) + 1

    def capture_some(self):
        while True:
            try:
                frame, anc, _flags, addr = self.cap.recvmsg(65536, 64)
            except BlockingIOError:
                return
            if addr[2] == socket.PACKET_OUTGOING:
                continue
            status = 0
            for level, typ, val in anc:
                if level == SOL_PACKET and typ == PACKET_AUXDATA:
                    status = struct.unpack_from("=I", val)[0]
            self.check_frame(frame, status)

    def check_frame(self, frame, status):
        """A frame in the server namespace: a forwarded datagram (or an IPv4
        fragment of one: an output fragments what it may), well-formed."""
        et = struct.unpack_from("!H", frame, 12)[0]
        ip = frame[14:]
        if et == ETH_P_IP and len(ip) >= 20 and ip[9] == 17:
            fam, ihl = 4, (ip[0] & 15) * 4
            src, dst = ip[12:16], ip[16:20]
            tot = struct.unpack_from("!H", ip, 2)[0]
            tos, ttl = ip[1], ip[8]
            hdr_ok = ip[0] >> 4 == 4 and ihl == 20 and tot == len(ip) and csum(ip[:20]) == 0xFFFF
            frag = struct.unpack_from("!H", ip, 6)[0]
            if frag & 0x3FFF:   # MF or an offset
                self.frames += 1
                if not hdr_ok:
                    self.finding("fwd-malformed", f"an IPv4 fragment's header: {frame.hex()[:120]}")
                self.fragment(ip, frag, status)
                return
            udp = ip[ihl:tot]
        elif et == ETH_P_IPV6 and len(ip) >= 40 and ip[6] == 17:
            fam = 6
            src, dst = ip[8:24], ip[24:40]
            plen = struct.unpack_from("!H", ip, 4)[0]
            udp = ip[40:40 + plen]
            vtcfl = struct.unpack_from("!I", ip, 0)[0]
            tos, ttl = (vtcfl >> 20) & 0xFF, ip[7]
            hdr_ok = vtcfl >> 28 == 6 and (vtcfl & 0xFFFFF) == 0 and 40 + plen <= len(ip)
        else:
            return      # neighbour discovery, ICMP...
        self.frames += 1
        self.datagram_seen(fam, src, dst, tos, ttl, hdr_ok, udp, status, frame)

    def fragment(self, ip, frag, status):
        """Collect an output's IPv4 fragments; judge the datagram once whole."""
        key = (ip[12:20], ip[4:6])
        parts = self.frags.setdefault(key, {})
        parts[(frag & 0x1FFF) * 8] = (bytes(ip[20:]), not frag & 0x2000, ip)
        if 0 not in parts or not any(last for _d, last, _ip in parts.values()):
            return
        data, at = b"", 0
        for o in sorted(parts):
            if o != at:
                return      # a hole (or an overlap): wait for more
            d, last, _ip = parts[o]
            data += d
            at += len(d)
            if last:
                break
        first = parts[0][2]
        del self.frags[key]
        self.count("fwd-fragmented")
        self.datagram_seen(4, first[12:16], first[16:20], first[1], first[8], True, data, status, first)

    def datagram_seen(self, fam, src, dst, tos, ttl, hdr_ok, udp, status, frame):
        if len(udp) < 8:
            self.finding("fwd-malformed", f"IPv{fam} frame with {len(udp)} bytes of UDP: {frame.hex()}")
            return
        sport, dport, ulen, check = struct.unpack_from("!HHHH", udp)
        hit = self.by_out.get((fam, dport))
        if not hit:
            self.finding("fwd-unexpected", f"a frame to port {dport}: {frame.hex()[:200]}")
            return
        rule, o = hit
        osrc, odst, otos = rule.outputs[o]
        data = bytes(udp[8:ulen]) if 8 <= ulen <= len(udp) else None
        problems = []
        if not hdr_ok:
            problems.append("IP header")
        if data is None or ulen != len(udp):
            problems.append(f"UDP length {ulen} of {len(udp)}")
        if (src, sport) != (osrc[1], osrc[2]) or dst != odst[1]:
            problems.append("addresses or ports")
        if tos != otos:
            problems.append(f"TOS {tos} not {otos}")
        if problems:
            self.malformed += 1
            self.finding("fwd-malformed", f"rule {rule.idx} output {o}: {', '.join(problems)}: {frame.hex()[:240]}")
            if data is None:
                return
        if status & TP_STATUS_CSUMNOTREADY:
            ck = "partial"
        elif check == 0 and fam == 4:
            ck = "zero"
        else:
            ck = "ok" if csum_ok(fam, src, dst, udp[:ulen]) else "bad"
        seen = self.fwd_seen.setdefault((rule.idx, o, data), {})
        seen[(ck, ttl)] = seen.get((ck, ttl), 0) + 1

    # -- judging
    def judge(self):
        """Match what was seen against what was allowed, per (family, port,
        payload): forwarded copies (by the port's rule), datagrams on the
        proxy's socket of that port, and the rest, vanished."""
        fwd_by = {}
        for (ri, o, data), seen in self.fwd_seen.items():
            outs = fwd_by.setdefault((ri, data), {})
            outs[o] = outs.get(o, 0) + sum(seen.values())
        if self.frags:
            self.finding("fwd-malformed", f"{len(self.frags)} forwarded datagrams never whole: fragments missing")
        per_rule = {r.idx: {"fwd": 0, "bytes": 0, "err_lo": 0, "err_hi": 0,
                            "pt": {}, "ssrc": {}, "u": 0, "other_lo": {}, "other_hi": {}}
                    for r in self.rules}
        for key, group in self.by_key.items():
            fam, port, data = key
            rule = self.by_port.get((fam, port))
            ridx = rule.idx if rule else None
            f_counts = [fwd_by.get((ridx, data), {}).get(o, 0) for o in range(len(rule.outputs))] \
                if rule else [0]
            f = f_counts[0]
            if len(set(f_counts)) > 1:
                self.finding("fork", f"rule {ridx}: outputs saw {f_counts} copies of one datagram")
            lc = self.local_seen.get(key, 0)
            n = len(group)
            v = n - f - lc
            lo = {o: sum(1 for s in group if s.allowed == {o}) for o in (FWD, LOCAL, VANISH)}
            hi = {o: sum(1 for s in group if o in s.allowed) for o in (FWD, LOCAL, VANISH)}
            got = {FWD: f, LOCAL: lc, VANISH: v}
            if [o for o in got if not lo[o] <= got[o] <= hi[o]]:
                s0 = group[0]
                self.finding("fate", f"rule {ridx} port {port} IPv{fam}: {n} datagram(s) of {len(data)} bytes "
                             f"payload {data[:16].hex()}: forwarded {f}, local {lc}, vanished {v}; "
                             f"allowed {[sorted(s.allowed) for s in group][:3]} kind {s0.kind} "
                             f"err {s0.err_lo} csum {s0.csum} zero {s0.zero}")
            if not rule:
                continue
            pr = per_rule[ridx]
            pr["fwd"] += f
            pr["bytes"] += f * len(data)
            pr["err_lo"] += sum(s.err_lo for s in group)
            pr["err_hi"] += sum(s.err_hi for s in group)
            pr["u"] += sum(1 for s in group if s.uncertain)
            for s in group:
                if s.other:
                    pr["other_hi"][s.other] = pr["other_hi"].get(s.other, 0) + 1
                    if not s.uncertain:
                        pr["other_lo"][s.other] = pr["other_lo"].get(s.other, 0) + 1
            if f and len(data) >= 12 and rule.flags & F_RTP and \
                    not (rule.flags & F_RTCP and is_rtcp(data)):
                pt, ssrc = data[1] & 0x7F, struct.unpack("!I", data[8:12])[0]
                c = pr["pt"].setdefault(pt, [0, 0])
                c[0] += f
                c[1] += f * len(data)
                pr["ssrc"][ssrc] = pr["ssrc"].get(ssrc, 0) + f
            ttls = {s.ttl - 1 for s in group}
            for o in range(len(rule.outputs)):
                seen = self.fwd_seen.get((ridx, o, data), {})
                want = self.want_csum(group, rule, o)
                if any(ck not in want for ck, _ttl in seen):
                    self.finding("fwd-checksum", f"rule {ridx} output {o}: checksums {sorted(seen)}, allowed "
                                 f"{sorted(want)}; payload {data[:16].hex()}")
                if any(ttl not in ttls for _ck, ttl in seen):
                    self.finding("fwd-ttl", f"rule {ridx} output {o}: TTL {sorted(t for _c, t in seen)}, sent with "
                                 f"{sorted(t + 1 for t in ttls)}")
        for (ri, data), outs in fwd_by.items():
            r = self.rules[ri]
            if (r.fam, r.port, data) not in self.by_key:
                self.finding("fwd-unsent", f"rule {ri}: {outs} forwarded copies of a datagram never sent "
                             f"to it: {data[:24].hex()}")
        for key, n in self.local_seen.items():
            if key not in self.by_key:
                self.finding("local-unsent", f"IPv{key[0]} port {key[1]}: {n} datagram(s) never sent: "
                             f"{key[2][:24].hex()}")
        return per_rule

    @staticmethod
    def want_csum(group, rule, o):
        """Checksum states a forwarded copy may have (valid exactly when the
        original's was; IPv4 without one: none, or valid once bridged)."""
        fam_out = rule.outputs[o][0][0]
        want = set()
        for s in group:
            if s.zero and s.fam == 4:
                want.add("zero" if fam_out == 4 else "ok")
            elif s.zero:
                want |= {"bad", "ok"}      # IPv6 without one: invalid, kept invalid (or by chance not)
            else:
                want.add("ok" if s.csum else "bad")
        want.add("partial")
        return want

    def counters(self, per_rule):
        """The rules' counters against what was seen."""
        g = self.g
        data, seq = g.message(g.family, fl.NLM_F_REQUEST | fl.NLM_F_DUMP, gf.CMD["RULE_GET"],
                              gf.nla(gf.A["TABLE_ID"], p32(self.table)))
        g.sock.send(data)
        ans = g.collect({seq}, 30).get(seq)
        if ans is None or ans.errno:
            self.finding("dump", "no rule dump")
            return
        for _hdr, attrs in ans.replies:
            tb = {}
            for t, v in attrs:
                tb.setdefault(t, []).append(v)
            rtb = gf.attrs_of(tb[gf.A["RULE"]][0])
            local = gf.parse_ep(rtb[gf.RA["LOCAL"]][0])
            r = self.by_port[(local[0], local[2])]
            st = gf.attrs_of(rtb[gf.RA["STATS"]][0])
            packets = gf.u(st[STATS["PACKETS"]][0])
            nbytes = gf.u(st[STATS["BYTES"]][0])
            errors = gf.u(st[STATS["ERRORS"]][0])
            others = {k: gf.u(st[v][0]) for k, v in STATS.items() if v in DROP_COUNTERS and v in st}
            pr = per_rule[r.idx]
            self.count("counted_packets", packets)
            self.count("counted_errors", errors)
            for k, n in others.items():
                if n:
                    self.count(f"counted_{k.lower()}", n)
                if not pr["other_lo"].get(k, 0) <= n <= pr["other_hi"].get(k, 0):
                    self.finding("counters", f"rule {r.idx} (flags {r.flags} mismatch {r.mismatch}): {k.lower()} {n}, "
                                 f"reference {pr['other_lo'].get(k, 0)}..{pr['other_hi'].get(k, 0)}")
            if packets != pr["fwd"] or nbytes != pr["bytes"]:
                self.finding("counters", f"rule {r.idx} (flags {r.flags} mismatch {r.mismatch}): packets {packets} "
                             f"bytes {nbytes}, forwarded {pr['fwd']} datagrams of {pr['bytes']} bytes")
            if not pr["err_lo"] <= errors <= pr["err_hi"]:
                self.finding("counters", f"rule {r.idx} (flags {r.flags} mismatch {r.mismatch}): errors {errors}, "
                             f"reference {pr['err_lo']}..{pr['err_hi']}")
            if r.pts:
                for v in rtb.get(gf.RA["PT_STATS"], []):
                    pt = gf.attrs_of(v)
                    t = gf.u(pt[PT_A["TYPE"]][0])
                    got = [gf.u(pt[PT_A["PACKETS"]][0]), gf.u(pt[PT_A["BYTES"]][0])]
                    want = pr["pt"].get(t, [0, 0])
                    if not (want[0] <= got[0] <= want[0] + pr["u"]) or (got[0] == want[0] and got[1] != want[1]):
                        self.finding("pt-counters", f"rule {r.idx} payload type {t}: {got}, forwarded {want}")
            if r.flags & F_RTP:
                slots = {}
                for v in rtb.get(gf.RA["SSRC_STATS"], []):
                    ss = gf.attrs_of(v)
                    slots[gf.u(ss[SSRC_A["SSRC"]][0])] = gf.u(ss[SSRC_A["PACKETS"]][0])
                fwd_ssrcs = pr["ssrc"]
                for ssrc, n in slots.items():
                    if ssrc not in fwd_ssrcs and n:
                        self.finding("ssrc-counters", f"rule {r.idx}: SSRC {ssrc:08x} counted {n}, never forwarded")
                    elif ssrc in fwd_ssrcs and not fwd_ssrcs[ssrc] <= n <= fwd_ssrcs[ssrc] + pr["u"]:
                        self.finding("ssrc-counters", f"rule {r.idx}: SSRC {ssrc:08x} counted {n}, "
                                     f"forwarded {fwd_ssrcs[ssrc]}")
                if len(fwd_ssrcs) <= gf.SSRCS_MAX and not set(fwd_ssrcs) <= set(slots):
                    self.finding("ssrc-counters", f"rule {r.idx}: SSRCs {sorted(fwd_ssrcs)} forwarded, "
                                 f"{sorted(slots)} accounted")

    def run(self, count, deadline):
        sent = 0
        while sent < count and not deadline.over():
            s, frames = self.datagram()
            self.send(s.fam, frames)
            self.by_key.setdefault(s.key, []).append(s)
            sent += 1
            self.count(f"frames:{len(frames)}")
            if sent % 200 == 0:
                self.drain()
        self.drain(1.5)
        stats = self.cap.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
        _packets, drops = struct.unpack("=II", stats)
        if drops:
            print(f"packet_fuzz: the capture socket dropped {drops} frames: counts inconclusive")
            self.finding("capture-drops", f"{drops}")
        return sent


def main():
    rng, seed = fl.make_rng("packet_fuzz")
    name, n = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else fl.scaled(5000, 100000)
    deadline = fl.Deadline(float(os.environ.get("RTPFWD_FUZZ_SECONDS", fl.scaled(35, 1500))))
    fz = Fuzzer(rng, name, n)
    fz.table = int(os.environ.get("TABLE", "9"))
    fz.make_rules()
    fz.sockets()
    t0 = time.monotonic()
    sent = fz.run(count, deadline)
    t1 = time.monotonic()
    per_rule = fz.judge()
    fz.counters(per_rule)
    t2 = time.monotonic()
    outcome = {}
    for group in fz.by_key.values():
        for s in group:
            k = "/".join(sorted(s.allowed)) + ("+err" if s.err_hi else "")
            outcome[k] = outcome.get(k, 0) + 1
    print(f"packet_fuzz: datagrams={sent} rules={len(fz.rules)} seconds={t1 - t0:.1f} "
          f"rate={sent / max(t1 - t0, 1e-6):.0f}/s judge_seconds={t2 - t1:.1f} "
          f"deadline={'hit' if deadline.hit else 'no'} frames_captured={fz.frames}")
    print(f"packet_fuzz: reference outcomes {fl.histogram(outcome)}")
    print(f"packet_fuzz: {fl.histogram(fz.counts)}")
    sys.exit(fl.verdict("packet_fuzz", fz.findings, seed))


if __name__ == "__main__":
    main()
