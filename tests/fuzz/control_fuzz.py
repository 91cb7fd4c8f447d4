#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Fuzzer of rtpengine 10.5's binary control file, /proc/rtpengine/N/control.

Messages of every command (struct rtpe10_msg, 1,232 bytes; layout computed
at run time from include/uapi/linux/rtpengine_compat.h) are generated valid
from a model of the session (targets staged until their outputs are filled)
and of the table (installed rules), then mutated field by field with
boundary values and random bytes; some are written or read with a wrong
size or in the wrong direction, and the session is sometimes closed
(dropping what is staged) and reopened.

A reference written from the protocol as module/control/proc_compat.c documents it
predicts the exact answer of every message (0, EINVAL, EOPNOTSUPP, EEXIST,
ENOENT, EBUSY, ERANGE, EMSGSIZE, ENOSPC). Oracles: every write()/read()
returns; it returns what the reference predicts; read replies are what the
protocol says (the request with zeroed SSRC statistics: no traffic); the
table's rules, as generic netlink dumps them and as N/blist lists them, are
exactly the targets the model says were completed, translated; at the end
the table can be deleted. The kernel log is checked by the harness.

  control_fuzz.py TABLE [COUNT]   (default 10,000, or 50,000 with RTPFWD_FUZZ=long)
"""
import errno
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzlib as fl  # noqa: E402
import genl_fuzz as gf  # noqa: E402  (rule replies, decoded the same way)

CN, L = fl.compat_abi()
MSG = "struct rtpe10_msg"
MSG_SIZE = CN["RTPE10_MSG_SIZE"]
assert L.size(MSG) == MSG_SIZE, (L.size(MSG), MSG_SIZE)
ENTRY = "struct rtpe10_list_entry"
ENTRY_SIZE = CN["RTPE10_LIST_ENTRY_SIZE"]
assert L.size(ENTRY) == ENTRY_SIZE
C = fl.enum_members(CN, "RTPE10_CMD_")
CMD_LAST = CN["__RTPE10_CMD_LAST"]
TF = fl.enum_members(CN, "RTPE10_TF_")
OF = fl.enum_members(CN, "RTPE10_OF_")
CIPHER_NULL, HMAC_NULL = CN["RTPE10_CIPHER_NULL"], CN["RTPE10_HMAC_NULL"]
CIPHER_LAST, HMAC_LAST = CN["__RTPE10_CIPHER_LAST"], CN["__RTPE10_HMAC_LAST"]
MSM_MAX = CN["RTPE10_MSM_PROPAGATE"]
DESTS, PTS, SSRCS = CN["RTPE10_DESTINATIONS"], CN["RTPE10_PAYLOAD_TYPES"], CN["RTPE10_SSRCS"]
OUTPUTS_MAX = gf.OUTPUTS_MAX
assert OUTPUTS_MAX >= DESTS, "target_cfg() assumes every 10.5 target fits in a rule"
AF = {socket.AF_INET: 4, socket.AF_INET6: 6}
FAMILY = {4: socket.AF_INET, 6: socket.AF_INET6}
READS = {C["GET_STATS"], C["GET_RESET_STATS"], C["ADD_CALL"], C["ADD_STREAM"]}


def off(path, struct_name=MSG):
    return L.field(struct_name, path).offset


# offsets of the fields the reference reads
T = "u.target."
D = "u.destination."
O_CMD = off("cmd")
O_NOOP_SIZE, O_NOOP_LAST = off("u.noop.size"), off("u.noop.last_cmd")
O_T_LOCAL, O_T_EXPECT = off(T + "local.family"), off(T + "expected_src.family")
O_T_MSM, O_T_NDEST = off(T + "src_mismatch"), off(T + "num_destinations")
O_T_DECRYPT = off(T + "decrypt.cipher")
O_T_SSRC, O_T_PTS = off(T + "ssrc[0]"), off(T + "payload_types[0].pt_num")
O_T_NPTS, O_T_FLAGS = off(T + "num_payload_types"), off(T + "flags")
PT_SIZE = L.size("struct rtpe10_payload_type")
O_PT_REPLEN = L.field("struct rtpe10_payload_type", "replace_pattern_len").offset
O_PT_CLOCK = L.field("struct rtpe10_payload_type", "clock_rate").offset
O_PT_PATTERN = L.field("struct rtpe10_payload_type", "replace_pattern").offset
O_D_LOCAL, O_D_NUM = off(D + "local.family"), off(D + "num")
O_D_SRC, O_D_DST = off(D + "output.src_addr.family"), off(D + "output.dst_addr.family")
O_D_ENCRYPT = off(D + "output.encrypt.cipher")
O_D_TOS, O_D_FLAGS = off(D + "output.tos"), off(D + "output.flags")
O_T_INTERCEPT = off(T + "intercept_stream_idx")
O_C_IDX, O_C_NAME = off("u.call.call_idx"), off("u.call.call_id")
O_ST_CALL, O_ST_IDX = off("u.stream.call_idx"), off("u.stream.stream_idx")
O_ST_MAX, O_ST_NAME = off("u.stream.max_packets"), off("u.stream.stream_name")
O_P_STREAM = off("u.packet.stream_idx")
NAME_SIZE = 256
PACKETS_MAX = 4096          # a recorded stream holds at most (core/tap.h)
O_S_LOCAL = off("u.stats.local.family")
O_S_SSRC, O_S_STATS = off("u.stats.ssrc[0]"), off("u.stats.ssrc_stats[0].packets")
S_END = O_S_STATS + SSRCS * L.size("struct rtpe10_ssrc_stats")
ADDR = L.size("struct rtpe10_addr")
A_U, A_PORT = (L.field("struct rtpe10_addr", p).offset for p in ("u.ipv6", "port"))
SR = "struct rtpe10_srtp"
SR_HMAC, SR_TAG, SR_MKI = (L.field(SR, p).offset for p in ("hmac", "auth_tag_len", "mki_len"))
MKI_SIZE = L.field(SR, "mki").size
SR_MKL, SR_MSL, SR_SKL, SR_SSL, SR_IDX = (L.field(SR, p).offset for p in (
    "master_key_len", "master_salt_len", "session_key_len", "session_salt_len", "last_index[0]"))
CI = fl.enum_members(CN, "RTPE10_CIPHER_")
HMAC_SHA1 = CN["RTPE10_HMAC_SHA1"]
# the 10.5 AES-CM and AES-GCM ciphers the module translates, by key length
CIPHER_KEY = {CI["AES_CM_128"]: 16, CI["AES_CM_192"]: 24, CI["AES_CM_256"]: 32, CI["AES_F8"]: 16,
              CI["AEAD_AES_GCM_128"]: 16, CI["AEAD_AES_GCM_256"]: 32}
CIPHER_GCM = {CI["AEAD_AES_GCM_128"], CI["AEAD_AES_GCM_256"]}
# (cipher, master key length, tag length) -> our suite; GCM: HMAC NULL, tag 0
SUITE_OF = {(CI[c], k, t): gf.SUITES[f"{n}_HMAC_SHA1_{t * 8}"]
            for c, k, n in (("AES_CM_128", 16, "AES_CM_128"), ("AES_CM_192", 24, "AES_192_CM"),
                            ("AES_CM_256", 32, "AES_256_CM"), ("NULL", 16, "NULL"),
                            ("AES_F8", 16, "F8_128"))
            for t in (10, 4)}
SUITE_OF[(CI["AEAD_AES_GCM_128"], 16, 0)] = gf.SUITES["AEAD_AES_128_GCM"]
SUITE_OF[(CI["AEAD_AES_GCM_256"], 32, 0)] = gf.SUITES["AEAD_AES_256_GCM"]


def u32(b, o):
    return struct.unpack_from("=I", b, o)[0]


def s32(b, o):
    return struct.unpack_from("=i", b, o)[0]


class Refused(Exception):
    def __init__(self, err):
        self.err = err


def ep(b, o):
    """A 10.5 address as the model's endpoint, or EINVAL as the module says."""
    family, port = s32(b, o), struct.unpack_from("=H", b, o + A_PORT)[0]
    if not port or family not in AF:
        raise Refused(errno.EINVAL)
    raw = b[o + A_U:o + A_U + (4 if family == socket.AF_INET else 16)]
    if not any(raw):
        raise Refused(errno.EINVAL)
    return (AF[family], bytes(raw), port)


def srtp(b, o):
    """(valid, plain) of SRTP parameters."""
    cipher, hmac = u32(b, o), u32(b, o + SR_HMAC)
    valid = 0 < cipher < CIPHER_LAST and 0 < hmac < HMAC_LAST and \
        u32(b, o + SR_TAG) <= 20 and u32(b, o + SR_MKI) <= MKI_SIZE
    return valid, cipher == CIPHER_NULL and hmac == HMAC_NULL


def srtp_model(b, o, ssrc_raw):
    """Valid, non-plain 10.5 SRTP parameters as a dump shows them: (suite,
    MKI length); or Refused: EINVAL for what cannot be right (lengths beyond
    the arrays, a key length not its cipher's, an index beyond 48 bits, a
    duplicate SSRC among the first 4), EOPNOTSUPP for what the module leaves
    to the daemon (GCM with an HMAC, neither encrypted nor authenticated,
    an HMAC other than SHA1 with a tag, other tags, MKI > 4, other salt or
    session lengths). A tag length of 0 with AES-CM or F8 is unauthenticated SRTP:
    the _80 suite, flagged."""
    cipher, hmac, tag, mki = u32(b, o), u32(b, o + SR_HMAC), u32(b, o + SR_TAG), u32(b, o + SR_MKI)
    mkl, msl, skl, ssl = (u32(b, o + x) for x in (SR_MKL, SR_MSL, SR_SKL, SR_SSL))
    key_len = CIPHER_KEY.get(cipher, 0)
    if mkl > 32 or msl > 14 or (key_len and mkl != key_len) or \
            any(struct.unpack_from("=Q", b, o + SR_IDX + 8 * i)[0] >> 48 for i in range(SSRCS)):
        raise Refused(errno.EINVAL)
    if cipher in CIPHER_GCM:
        if hmac != HMAC_NULL or tag or mki > 4 or msl != 12 or skl != mkl or ssl != 12:
            raise Refused(errno.EOPNOTSUPP)
    elif cipher not in CIPHER_KEY and cipher != CIPHER_NULL or \
            (not tag and cipher == CIPHER_NULL) or (tag and hmac != HMAC_SHA1) or \
            tag not in (10, 4, 0) or mki > 4 or msl != 14 or \
            (cipher == CIPHER_NULL and (mkl != 16 or ((skl or ssl) and (skl != 16 or ssl != 14)))) or \
            (cipher != CIPHER_NULL and (skl != mkl or ssl != 14)):
        raise Refused(errno.EOPNOTSUPP)
    seeded = [x for x in ssrc_raw if x][:gf.SSRCS_MAX]
    if len(set(seeded)) != len(seeded):
        raise Refused(errno.EINVAL)
    if cipher in CIPHER_GCM:
        return (SUITE_OF[(cipher, mkl, tag)], mki, False)
    return (SUITE_OF[(cipher, mkl, tag or 10)], mki, not tag)


def target_cfg(b, streams=()):
    """ADD_TARGET: (cfg, number of outputs) or Refused; @streams: the
    recorded streams' numbers (a recorded target needs its stream)."""
    local = ep(b, O_T_LOCAL)
    ndest, npts, msm, flags = u32(b, O_T_NDEST), u32(b, O_T_NPTS), u32(b, O_T_MSM), u32(b, O_T_FLAGS)
    if ndest > DESTS or npts > PTS or msm > MSM_MAX or \
            (ndest == 0) != bool(flags & TF["NON_FORWARDING"]) or \
            any(b[O_T_PTS + i * PT_SIZE + O_PT_REPLEN] > gf.PATTERN_MAX for i in range(npts)):
        raise Refused(errno.EINVAL)
    valid, plain = srtp(b, O_T_DECRYPT)
    if not valid:
        raise Refused(errno.EINVAL)
    # every target 10.5 can describe (ndest <= DESTS) fits in a rule: no EOPNOTSUPP for its size
    if flags & TF["DO_INTERCEPT"] and u32(b, O_T_INTERCEPT) not in streams:
        raise Refused(errno.ENOENT)
    expect = None
    if s32(b, O_T_EXPECT):
        expect = ep(b, O_T_EXPECT)
        if expect[0] != local[0]:
            raise Refused(errno.EINVAL)
    rflags, pts, ssrcs = 0, [], []
    if flags & TF["STUN"]:
        rflags |= gf.RF["STUN"]
    if flags & TF["DTLS"]:
        rflags |= gf.RF["DTLS"]
    ssrc_raw = tuple(struct.unpack_from(">I", b, O_T_SSRC + 4 * i)[0] for i in range(SSRCS))
    # a blackhole drops, a non-forwarding target hands up, before RTP and
    # SRTP: none of theirs is looked at
    if flags & TF["NON_FORWARDING"]:
        kind = gf.RF["BLACKHOLE"] if flags & TF["BLACKHOLE"] else gf.RF["HAND_UP"]
        return [local, expect, msm, [], rflags | kind, (), (), None, ssrc_raw, ()], 0
    if flags & TF["RTP"]:
        rflags |= gf.F_RTP
        if flags & TF["TRACK_SSRC"]:
            rflags |= gf.F_SSRC
            for i in range(SSRCS):
                s = struct.unpack_from(">I", b, O_T_SSRC + 4 * i)[0]
                if s and len(ssrcs) < gf.SSRCS_MAX:
                    if s in ssrcs:
                        raise Refused(errno.EINVAL)
                    ssrcs.append(s)
        for i in range(npts):
            pt = b[O_T_PTS + i * PT_SIZE]
            if pt > 127 or any(p[0] == pt for p in pts):
                raise Refused(errno.EINVAL)
            pts.append((pt, u32(b, O_T_PTS + i * PT_SIZE + O_PT_CLOCK)))
    # SRTP last: after the rule's own checks, and only with RTP parsing
    decrypt = None
    if not plain:
        if not flags & TF["RTP"]:
            raise Refused(errno.EOPNOTSUPP)
        decrypt = srtp_model(b, O_T_DECRYPT, ssrc_raw)
    # replacement patterns: each output replaces (up to 4), in RTP it parses
    patterns = []
    for i in range(npts):
        o = O_T_PTS + i * PT_SIZE
        if b[o + O_PT_REPLEN] and ndest:
            if not flags & TF["RTP"]:
                raise Refused(errno.EOPNOTSUPP)
            patterns.append((b[o], bytes(b[o + O_PT_PATTERN:o + O_PT_PATTERN + b[o + O_PT_REPLEN]])))
    return [local, expect, msm, [None] * ndest, rflags, tuple(pts), tuple(ssrcs), decrypt,
            ssrc_raw, tuple(patterns)], ndest


RTCP_ONLY = "rtcp-only"     # a filled output the rule does not get


def placeholder(local):
    """The rule a staged target holds its port with: hand everything up."""
    return (local, None, 0, (), gf.RF["HAND_UP"], (), (), None)


class Session:
    """The model: what this opener has staged and what the table holds
    (a staged target's placeholder among the rules)."""

    def __init__(self):
        self.staged = {}        # local -> cfg list (outputs None until filled)
        self.rules = {}         # local -> cfg tuple
        self.staged_max = None  # learned when the kernel first says ENOSPC
        self.calls = {}         # recorded calls, the table's: number -> name
        self.streams = {}       # recorded streams: number -> (call number, name)

    def run(self, b, reading):
        """The errno the module must answer @b with (and apply the change)."""
        cmd = u32(b, O_CMD)
        if cmd == C["NOOP"]:
            if struct.unpack_from("=Q", b, O_NOOP_SIZE)[0] != MSG_SIZE:
                return errno.EMSGSIZE
            return errno.ERANGE if s32(b, O_NOOP_LAST) != CMD_LAST else 0
        if cmd in (C["GET_STATS"], C["GET_RESET_STATS"]):
            if not reading:
                return errno.EINVAL
            local = ep(b, O_S_LOCAL)
            return 0 if local in self.staged or local in self.rules else errno.ENOENT
        if cmd in (C["ADD_CALL"], C["ADD_STREAM"]):
            if not reading:
                return errno.EINVAL
            return self.add_call(b) if cmd == C["ADD_CALL"] else self.add_stream(b)
        if reading:
            return errno.EINVAL
        if cmd == C["ADD_TARGET"]:
            cfg, _ = target_cfg(b, self.streams)
            if cfg[0] in self.staged or cfg[0] in self.rules:
                return errno.EEXIST
            if cfg[4] & (gf.RF["BLACKHOLE"] | gf.RF["HAND_UP"]):     # nothing to wait for
                self.rules[cfg[0]] = (cfg[0], cfg[1], cfg[2], (), cfg[4], (), (), None)
                return 0
            if self.staged_max is not None and len(self.staged) >= self.staged_max:
                return errno.ENOSPC
            self.staged[cfg[0]] = cfg
            self.rules[cfg[0]] = placeholder(cfg[0])
            return 0
        if cmd == C["DEL_TARGET"]:
            local = ep(b, O_T_LOCAL)
            self.staged.pop(local, None)
            return 0 if self.rules.pop(local, None) is not None else errno.ENOENT
        if cmd == C["ADD_DESTINATION"]:
            return self.add_destination(b)
        if cmd == C["DEL_CALL"]:
            idx = u32(b, O_C_IDX)
            if idx not in self.calls:
                return errno.ENOENT
            del self.calls[idx]
            self.streams = {k: v for k, v in self.streams.items() if v[0] != idx}
            return 0
        if cmd == C["DEL_STREAM"]:
            idx = u32(b, O_ST_IDX)
            if self.streams.get(idx, (None,))[0] != u32(b, O_ST_CALL):
                return errno.ENOENT
            del self.streams[idx]
            return 0
        if cmd == C["PACKET"]:      # a whole message and no datagram after it
            return errno.EINVAL if u32(b, O_P_STREAM) in self.streams else errno.ENOENT
        return errno.EINVAL

    @staticmethod
    def name(b, o):
        """The name field at @o as proc_calls.c takes it, or None (EINVAL)."""
        raw = bytes(b[o:o + NAME_SIZE])
        if b"\0" not in raw:
            return None
        n = raw[:raw.index(b"\0")]
        return None if n in (b"", b".", b"..") or b"/" in n else n

    @staticmethod
    def lowest_free(used):
        i = 0
        while i in used:
            i += 1
        return i

    def add_call(self, b):
        """ADD_CALL: the answer carries the new number (the lowest free)."""
        n = self.name(b, O_C_NAME)
        if n is None:
            return errno.EINVAL
        if n in self.calls.values():
            return errno.EEXIST
        idx = self.lowest_free(self.calls)
        self.calls[idx] = n
        put(b, O_C_IDX, "=I", idx)     # what the reply must say
        return 0

    def add_stream(self, b):
        n = self.name(b, O_ST_NAME)
        if n is None:
            return errno.EINVAL
        if u32(b, O_ST_MAX) > PACKETS_MAX:
            return errno.ERANGE
        call = u32(b, O_ST_CALL)
        if call not in self.calls:
            return errno.ENOENT
        if (call, n) in self.streams.values():
            return errno.EEXIST
        idx = self.lowest_free(self.streams)
        self.streams[idx] = (call, n)
        put(b, O_ST_IDX, "=I", idx)
        return 0

    def add_destination(self, b):
        local, src, dst = ep(b, O_D_LOCAL), ep(b, O_D_SRC), ep(b, O_D_DST)
        valid, plain = srtp(b, O_D_ENCRYPT)
        if not valid or src[0] != dst[0]:
            return errno.EINVAL
        cfg = self.staged.get(local)
        if cfg is None:
            return errno.EBUSY if local in self.rules else errno.ENOENT
        num = u32(b, O_D_NUM)
        if num >= len(cfg[3]):
            return errno.ERANGE
        if cfg[3][num] is not None:
            return errno.EEXIST
        if b[O_D_FLAGS] & OF["RTCP_ONLY"]:
            # the rule does not get it (RTCP goes up); needs RTP parsing
            if not cfg[4] & gf.F_RTP:
                self.unstage(local)
                return errno.EOPNOTSUPP
            cfg[3][num] = RTCP_ONLY
            return self.complete(local, cfg)
        if len(cfg[9]) > gf.REPLACE_MAX:
            self.unstage(local)
            return errno.EOPNOTSUPP
        encrypt = None
        if not plain:
            try:
                if not cfg[4] & gf.F_RTP:
                    raise Refused(errno.EOPNOTSUPP)
                encrypt = srtp_model(b, O_D_ENCRYPT, cfg[8])
            except Refused as e:
                if e.err == errno.EOPNOTSUPP:   # the whole target stays with the daemon
                    self.unstage(local)
                return e.err
        cfg[3][num] = (src, dst, b[O_D_TOS], encrypt, cfg[9])
        return self.complete(local, cfg)

    def unstage(self, local):
        """The staged target of @local goes, and its placeholder."""
        del self.staged[local]
        del self.rules[local]

    def complete(self, local, cfg):
        """A destination of @cfg filled: the rule replaces the placeholder
        once all are (its RTCP-only outputs left out; none left: a hand-up
        rule with the target's checks, as non-forwarding)."""
        if any(o is None for o in cfg[3]):
            return 0
        del self.staged[local]
        outputs = tuple(o for o in cfg[3] if o is not RTCP_ONLY)
        if not outputs:
            checks = cfg[4] & (gf.RF["STUN"] | gf.RF["DTLS"])
            self.rules[local] = (cfg[0], cfg[1], cfg[2], (), checks | gf.RF["HAND_UP"], (), (), None)
            return 0
        self.rules[local] = (cfg[0], cfg[1], cfg[2], outputs, cfg[4], cfg[5], cfg[6], cfg[7])
        return 0


# ---- valid messages ----------------------------------------------------------

def put(b, o, fmt, *v):
    struct.pack_into(fmt, b, o, *v)


def put_addr(b, o, e):
    fam, raw, port = e
    put(b, o, "=i", FAMILY[fam])
    b[o + A_U:o + A_U + len(raw)] = raw
    put(b, o + A_PORT, "=H", port)


def put_plain_srtp(b, o):
    put(b, o, "=II", CIPHER_NULL, HMAC_NULL)


def put_srtp(rng, b, o):
    """Plain RTP mostly; else SRTP as the 10.5 daemon fills it in, a suite
    the module translates (keys random, indexes small)."""
    if rng.random() < 0.8:
        put_plain_srtp(b, o)
        return
    cipher, key_len, tag = rng.choice(list(SUITE_OF))
    if cipher in CIPHER_KEY and cipher not in CIPHER_GCM and rng.random() < 0.2:
        tag = 0     # unauthenticated SRTP, as the daemon fills it in
    salt_len = 12 if cipher in CIPHER_GCM else 14
    put(b, o, "=II", cipher, HMAC_NULL if cipher in CIPHER_GCM else HMAC_SHA1)
    b[o + 8:o + 8 + key_len] = rng.randbytes(key_len)
    for x, v in ((SR_MKL, key_len), (SR_MSL, salt_len), (SR_SKL, key_len), (SR_SSL, salt_len),
                 (SR_TAG, tag), (SR_MKI, rng.choice((0, 0, 1, 4)))):
        put(b, o + x, "=I", v)
    for i in range(SSRCS):
        put(b, o + SR_IDX + 8 * i, "=Q", rng.choice((0, 0, 1, 0x1FFFF, (1 << 48) - 1)))


class Gen:
    def __init__(self, rng, session):
        self.rng, self.s = rng, session
        self.locals = [(4, bytes([10, 2, 0, 1 + i]), 3000 + i % 4) for i in range(20)] + \
                      [(6, bytes.fromhex("fd00000000000000000000000000") + bytes([0, 1 + i]), 4000)
                       for i in range(8)]

    def ep(self, fam):
        rng = self.rng
        raw = bytes([10, rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)]) if fam == 4 \
            else bytes.fromhex("fd01") + rng.randbytes(14)
        return (fam, raw, rng.randrange(1, 65536))

    def local(self, pool):
        if pool and self.rng.random() < 0.7:
            return self.rng.choice(list(pool))
        return self.rng.choice(self.locals)

    def message(self):
        """(bytes, reading) of a valid message."""
        rng = self.rng
        b = bytearray(MSG_SIZE)
        r = rng.random()
        reading = False
        if r < 0.03:
            put(b, O_CMD, "=I", C["NOOP"])
            put(b, O_NOOP_SIZE, "=Qi", MSG_SIZE, CMD_LAST)
            reading = rng.random() < 0.3
        elif r < 0.35:
            self.target(b)
        elif r < 0.75:
            self.destination(b)
        elif r < 0.85:
            put(b, O_CMD, "=I", C["DEL_TARGET"])
            put_addr(b, O_T_LOCAL, self.local(list(self.s.rules) + list(self.s.staged)))
        elif r < 0.95:
            put(b, O_CMD, "=I", rng.choice((C["GET_STATS"], C["GET_RESET_STATS"])))
            put_addr(b, O_S_LOCAL, self.local(list(self.s.rules) + list(self.s.staged)))
            reading = True
        else:
            self.recording(b)
            reading = u32(b, O_CMD) in READS
        return b, reading

    def recording(self, b):
        """A call or stream command of recording, mostly about what exists."""
        rng, s = self.rng, self.s
        cmd = rng.choice((C["ADD_CALL"], C["ADD_STREAM"], C["DEL_CALL"], C["DEL_STREAM"],
                          C["PACKET"]))
        put(b, O_CMD, "=I", cmd)
        names = (b"c0", b"c1", b"s0", b"s1", b"", b".", b"..", b"a/b", b"x" * NAME_SIZE)
        call = rng.choice(list(s.calls) + [0, 7, 0xFFFFFFFF])
        stream = rng.choice(list(s.streams) + [0, 9, 0xFFFFFFFF])
        if cmd == C["ADD_CALL"]:
            b[O_C_NAME:O_C_NAME + NAME_SIZE] = rng.choice(names).ljust(NAME_SIZE, b"\0")[:NAME_SIZE]
        elif cmd == C["ADD_STREAM"]:
            put(b, O_ST_CALL, "=II", call, 0)
            put(b, O_ST_MAX, "=I", rng.choice((0, 1, 10, PACKETS_MAX, PACKETS_MAX + 1)))
            b[O_ST_NAME:O_ST_NAME + NAME_SIZE] = rng.choice(names).ljust(NAME_SIZE, b"\0")[:NAME_SIZE]
        elif cmd == C["DEL_CALL"]:
            put(b, O_C_IDX, "=I", call)
        elif cmd == C["DEL_STREAM"]:
            if stream in s.streams and rng.random() < 0.8:
                call = s.streams[stream][0]
            put(b, O_ST_CALL, "=II", call, stream)
        else:
            put(b, O_P_STREAM, "=I", stream)

    def target(self, b):
        rng = self.rng
        local = self.local(self.s.staged if rng.random() < 0.1 else ())
        put(b, O_CMD, "=I", C["ADD_TARGET"])
        put_addr(b, O_T_LOCAL, local)
        if rng.random() < 0.4:
            put_addr(b, O_T_EXPECT, self.ep(local[0]))
        ndest = rng.choice((1, 1, 2, 3, OUTPUTS_MAX, 0))
        flags = 0
        for name in ("RTCP_MUX", "DTLS", "STUN", "RTP", "RTP_ONLY", "TRACK_SSRC", "PT_FILTER",
                     "RTP_STATS"):
            if rng.random() < 0.3:
                flags |= TF[name]
        if not ndest:
            flags |= TF["NON_FORWARDING"]
            if rng.random() < 0.5:
                flags |= TF["BLACKHOLE"]
        if rng.random() < 0.1:      # recorded: into a stream, or one that is not
            flags |= TF["DO_INTERCEPT"]
            put(b, O_T_INTERCEPT, "=I", rng.choice(list(self.s.streams) + [0, 9]))
        put(b, O_T_MSM, "=II", rng.randrange(MSM_MAX + 1), ndest)
        put_srtp(rng, b, O_T_DECRYPT)
        for i, s in enumerate(rng.sample([0x1234, 0x5EED5EED, 0xFFFFFFFF, 7, 0], rng.randrange(SSRCS + 1))):
            put(b, O_T_SSRC + 4 * i, ">I", s)
        npts = rng.choice((0, 0, 1, 2, PTS))
        for i, pt in enumerate(sorted(rng.sample(range(128), npts))):
            put(b, O_T_PTS + i * PT_SIZE, "=B", pt)
            put(b, O_T_PTS + i * PT_SIZE + O_PT_CLOCK, "=I", rng.choice((0, 8000, 90000)))
            if rng.random() < 0.1:      # silence media; now and then too long
                n = rng.choice((1, 1, 3, gf.PATTERN_MAX, gf.PATTERN_MAX + 1))
                put(b, O_T_PTS + i * PT_SIZE + O_PT_REPLEN, "=B", n)
                o = O_T_PTS + i * PT_SIZE + O_PT_PATTERN
                b[o:o + min(n, gf.PATTERN_MAX)] = rng.randbytes(min(n, gf.PATTERN_MAX))
        put(b, O_T_NPTS, "=II", npts, flags)

    def destination(self, b):
        rng = self.rng
        staged = self.s.staged
        put(b, O_CMD, "=I", C["ADD_DESTINATION"])
        if staged and rng.random() < 0.85:
            local = rng.choice(list(staged))
            todo = [i for i, o in enumerate(staged[local][3]) if o is None]
            num = rng.choice(todo) if todo and rng.random() < 0.9 else rng.randrange(DESTS + 1)
        else:
            local = self.local(self.s.rules)
            num = rng.randrange(OUTPUTS_MAX)
        put_addr(b, O_D_LOCAL, local)
        put(b, O_D_NUM, "=I", num)
        fam = local[0] if rng.random() < 0.95 else 10 - local[0]
        put_addr(b, O_D_SRC, self.ep(fam))
        put_addr(b, O_D_DST, self.ep(fam))
        put_srtp(rng, b, O_D_ENCRYPT)
        b[O_D_TOS] = rng.choice((0, 46, 184, 255))
        if rng.random() < 0.03:
            b[O_D_FLAGS] = rng.choice((OF["SSRC_SUBST"], OF["RTCP_ONLY"]))


INTERESTING = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 20, 21, 31, 32, 33, 127, 128, 255, 256,
               0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1232, 1224,
               socket.AF_INET, socket.AF_INET6]


def mutate(rng, b):
    """Field-level mutations of one message, in place; returns their names."""
    fields = L.fields(MSG)
    cmd = u32(b, O_CMD)
    prefix = {C["NOOP"]: "u.noop.", C["ADD_TARGET"]: T, C["DEL_TARGET"]: T,
              C["ADD_DESTINATION"]: D, C["GET_STATS"]: "u.stats.",
              C["GET_RESET_STATS"]: "u.stats."}.get(cmd, "u.")
    mine = [f for f in fields if f.path.startswith(prefix)] or fields
    names = []
    for _ in range(rng.randrange(1, 4)):
        r = rng.random()
        if r < 0.06:
            put(b, O_CMD, "=I", rng.choice((0, CMD_LAST, CMD_LAST + 1, 0xFFFFFFFF, rng.randrange(CMD_LAST))))
            names.append("cmd")
            continue
        f = rng.choice(mine)
        if r < 0.7 and f.elem in (1, 2, 4, 8):
            v = rng.choice(INTERESTING + [rng.randrange(1 << 32)])
            if f.size == f.elem:
                b[f.offset:f.offset + f.size] = (v & ((1 << (8 * f.size)) - 1)).to_bytes(f.size, sys.byteorder)
            else:
                i = rng.randrange(f.size)
                b[f.offset + i] = v & 0xFF
            names.append("field")
        else:
            n = rng.randrange(1, max(2, min(f.size, 16)) + 1)
            at = f.offset + rng.randrange(max(1, f.size - n + 1))
            b[at:at + n] = rng.randbytes(len(b[at:at + n]))
            names.append("bytes")
    return names


# ---- the run -------------------------------------------------------------------

class Fuzzer:
    def __init__(self, rng, table):
        self.rng, self.table = rng, table
        self.path = f"/proc/rtpengine/{table}"
        self.s = Session()
        self.gen = Gen(rng, self.s)
        self.fd = os.open(self.path + "/control", os.O_RDWR)
        self.g = fl.GenlSocket("rtpengine")
        self.findings, self.counts, self.sent = [], {}, 0

    def count(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1

    def finding(self, category, text, msg=None):
        self.findings.append(category)
        if self.findings.count(category) > 5:
            return
        line = f"{'KNOWN' if category in gf.KNOWN else 'FINDING'} {category}: {text}"
        print(line + (f" msg={bytes(msg).hex()}" if msg is not None else ""), flush=True)

    def io(self, b, reading, size=None):
        """(errno, reply) of one write() or read()."""
        data = bytes(b) if size is None else (bytes(b) * (size // MSG_SIZE + 1))[:size]
        try:
            if reading:
                buf = bytearray(data)
                n = os.readv(self.fd, [buf])
                if n != len(buf):
                    self.finding("short-read", f"{n} of {len(buf)}", b)
                return 0, bytes(buf)
            n = os.write(self.fd, data)
            if n != len(data):
                self.finding("short-write", f"{n} of {len(data)}", b)
            return 0, None
        except OSError as e:
            return e.errno, None

    def one(self):
        rng = self.rng
        b, reading = self.gen.message()
        names = []
        r = rng.random()
        if r < 0.5:
            names = mutate(rng, b)
        elif r < 0.56:
            reading = not reading
            names = ["direction"]
        size = None
        if rng.random() < 0.05:
            size = rng.choice((0, 1, 8, MSG_SIZE - 8, MSG_SIZE - 1, MSG_SIZE + 1, MSG_SIZE + 8,
                               2 * MSG_SIZE, 4096, 65536, L.size("struct rtpe10_target")))
            names.append("size")
        before = (dict(self.s.staged), dict(self.s.rules))
        if size == 0 and reading:
            want = 0        # readv() of nothing returns before the driver
        elif size is not None and size != MSG_SIZE:
            want = errno.EINVAL
            # a PACKET written: its datagram follows the message
            if MSG_SIZE < size <= MSG_SIZE + 65535 and not reading and u32(b, O_CMD) == C["PACKET"]:
                want = 0 if u32(b, O_P_STREAM) in self.s.streams else errno.ENOENT
        else:
            try:
                want = self.s.run(b, reading)
            except Refused as e:
                want = e.err
        got, reply = self.io(b, reading, size)
        self.sent += 1
        self.count(fl.errname(got))
        if got == errno.ENOSPC and want == 0 and self.s.staged_max is None and \
                u32(b, O_CMD) == C["ADD_TARGET"]:
            # the staging limit, learned once: the same answer from now on
            self.s.staged, self.s.rules = before
            self.s.staged_max = len(self.s.staged)
            print(f"control_fuzz: staging limit {self.s.staged_max} targets per session")
            return
        if got != want:
            self.finding("compat-wrong-answer", f"cmd {u32(b, O_CMD)} {'read' if reading else 'write'} "
                         f"size {MSG_SIZE if size is None else size}: want {fl.errname(want)} got {fl.errname(got)} {names}", b)
            self.resync()
            return
        if reply is not None and not got and size is None:
            self.check_reply(b, reply)

    def check_reply(self, b, reply):
        """A read() answer: the request back, stats requests with their SSRC
        fields zeroed (no traffic reaches these rules)."""
        want = bytearray(b)
        if u32(b, O_CMD) in (C["GET_STATS"], C["GET_RESET_STATS"]):
            want[O_S_SSRC:S_END] = bytes(S_END - O_S_SSRC)
        if bytes(want) != reply:
            diff = [i for i in range(MSG_SIZE) if want[i] != reply[i]]
            self.finding("compat-reply", f"cmd {u32(b, O_CMD)}: bytes {diff[:8]} differ", b)

    def reopen(self):
        os.close(self.fd)
        self.fd = os.open(self.path + "/control", os.O_RDWR)
        for local in self.s.staged:     # their placeholders went with the session
            del self.s.rules[local]
        self.s.staged = {}
        self.count("reopen")

    def kernel_rules(self):
        """{local: cfg} of the table as generic netlink dumps it."""
        for _ in range(5):
            data, seq = self.g.message(self.g.family, fl.NLM_F_REQUEST | fl.NLM_F_DUMP,
                                       gf.CMD["RULE_GET"], fl.nla(gf.A["TABLE_ID"], gf.p32(self.table)))
            self.g.sock.send(data)
            ans = self.g.collect({seq}, 30).get(seq)
            if ans is None or ans.errno:
                self.finding("dump", f"rule dump: {fl.errname(ans.errno if ans else None)}")
                return {}
            if not ans.intr:
                break
        rules = {}
        for _hdr, attrs in ans.replies:
            _t, cfg, counters = Fuzzer.decode(attrs)
            rules[cfg[0]] = cfg
            if counters != [0, 0, 0]:
                self.finding("dump", f"counters {counters} without traffic")
        return rules

    @staticmethod
    def decode(attrs):
        """A dumped rule in the model's shape: SRTP (the rule's decrypt, each
        output's encrypt) as (suite, MKI length) or None; the ROCs are
        not compared (tests/kernel/lib/proc_compat_srtp_check.py checks
        the seeding with packets)."""
        t, cfg, counters = gf.decode_rule(attrs)

        def srtp(x):
            return None if x is None or x[0] == gf.SUITES["NONE"] else (x[0], x[1], x[3])
        outs = tuple(o[:3] + (srtp(o[3]), o[5]) for o in cfg[3])
        cfg = cfg[:3] + (outs,) + cfg[4:7] + (srtp(cfg[7]),)
        return t, cfg, counters

    def blist(self):
        """{local: (expect, mismatch, outputs, flags, pts, ssrcs, stats)} of N/blist."""
        out = {}
        E = ENTRY
        o_t = L.field(E, "target.local.family").offset
        with open(self.path + "/blist", "rb", buffering=0) as f:
            while True:
                raw = f.read(ENTRY_SIZE)
                if not raw:
                    return out
                if len(raw) != ENTRY_SIZE:
                    self.finding("blist", f"a record of {len(raw)} bytes")
                    return out
                local = ep(raw, o_t)
                t = "target."
                exp = ep(raw, L.field(E, t + "expected_src.family").offset) \
                    if s32(raw, L.field(E, t + "expected_src.family").offset) else None
                nd = u32(raw, L.field(E, t + "num_destinations").offset)
                outs = tuple((ep(raw, L.field(E, f"outputs[{i}].src_addr.family").offset),
                              ep(raw, L.field(E, f"outputs[{i}].dst_addr.family").offset),
                              raw[L.field(E, f"outputs[{i}].tos").offset]) for i in range(nd))
                flags = u32(raw, L.field(E, t + "flags").offset)
                npts = u32(raw, L.field(E, t + "num_payload_types").offset)
                pts = tuple((raw[L.field(E, f"{t}payload_types[{i}].pt_num").offset],
                             u32(raw, L.field(E, f"{t}payload_types[{i}].clock_rate").offset))
                            for i in range(npts))
                ssrcs = tuple(s for s in struct.unpack_from(">4I", raw, L.field(E, t + "ssrc[0]").offset) if s)
                stats = struct.unpack_from("=QQQ", raw, L.field(E, "stats.packets").offset)
                out[local] = (exp, u32(raw, L.field(E, t + "src_mismatch").offset), outs, flags,
                              pts, ssrcs, stats)

    def check_state(self):
        got = self.kernel_rules()
        if got != self.s.rules:
            missing = [k for k in self.s.rules if k not in got]
            extra = [k for k in got if k not in self.s.rules]
            differ = [(got[k], self.s.rules[k]) for k in got if k in self.s.rules and got[k] != self.s.rules[k]]
            self.finding("compat-state", f"{len(got)} rules dumped, {len(self.s.rules)} in the model: "
                         f"missing {missing[:2]} extra {extra[:2]} differ {differ[:1]}")
        bl = self.blist()
        for k, cfg in self.s.rules.items():
            rec = bl.get(k)
            flags = (TF["STUN"] if cfg[4] & gf.RF["STUN"] else 0) | \
                (TF["DTLS"] if cfg[4] & gf.RF["DTLS"] else 0) | \
                (TF["RTP"] | TF["RTP_STATS"] if cfg[4] & gf.F_RTP else 0) | \
                (TF["TRACK_SSRC"] if cfg[4] & gf.F_SSRC else 0) | \
                (TF["NON_FORWARDING"] | TF["BLACKHOLE"] if cfg[4] & gf.RF["BLACKHOLE"] else 0) | \
                (TF["NON_FORWARDING"] if cfg[4] & gf.RF["HAND_UP"] and k not in self.s.staged else 0)
            want = (cfg[1], cfg[2], tuple(o[:3] for o in cfg[3]), flags, cfg[5], cfg[6] if cfg[4] & gf.F_SSRC else (),
                    (0, 0, 0))
            if rec != want:
                self.finding("blist", f"{k}: record {rec}, model {want}")
        if set(bl) != set(self.s.rules):
            self.finding("blist", f"{len(bl)} records, {len(self.s.rules)} rules in the model")

    def resync(self):
        self.count("resync")
        self.s.rules = self.kernel_rules()

    def run(self, count, deadline):
        while self.sent < count and not deadline.over():
            if self.rng.random() < 0.005:
                self.reopen()
            self.one()
            if self.sent % 500 == 0:
                self.check_state()

    def flood(self):
        """Stage targets waiting for an output until the kernel says ENOSPC:
        a session is bounded; closing it frees everything."""
        b = bytearray(MSG_SIZE)
        put(b, O_CMD, "=I", C["ADD_TARGET"])
        put_plain_srtp(b, O_T_DECRYPT)
        put(b, O_T_NDEST, "=I", 1)
        staged, err = 0, 0
        for i in range(200000):
            put_addr(b, O_T_LOCAL, (4, bytes([10, 3, i >> 8 & 255, i & 255]), 1 + (i >> 16)))
            err, _ = self.io(b, False)
            if err:
                break
            staged += 1
        print(f"control_fuzz: flood: {staged} targets staged, then {fl.errname(err)}")
        if err != errno.ENOSPC:
            self.finding("compat-flood", f"staging {staged} targets ended with {fl.errname(err)}")
        self.reopen()


def main():
    rng, seed = fl.make_rng("control_fuzz")
    table = int(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else fl.scaled(10000, 50000)
    deadline = fl.Deadline(float(os.environ.get("RTPFWD_FUZZ_SECONDS", fl.scaled(40, 900))))
    fz = Fuzzer(rng, table)
    t0 = time.monotonic()
    fz.run(count, deadline)
    t1 = time.monotonic()
    fz.check_state()
    fz.flood()
    os.close(fz.fd)
    print(f"control_fuzz: messages={fz.sent} seconds={t1 - t0:.1f} rate={fz.sent / max(t1 - t0, 1e-6):.0f}/s "
          f"deadline={'hit' if deadline.hit else 'no'} rules_installed_at_end={len(fz.s.rules)}")
    print(f"control_fuzz: answers {fl.histogram(fz.counts)}")
    sys.exit(fl.verdict("control_fuzz", fz.findings, seed))


if __name__ == "__main__":
    main()
