#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Model-based fuzzer of the rtpfwd generic netlink family ("rtpengine").

Valid requests of every command are generated from a model of the kernel's
state (tables, rules, who holds a table's /proc control file, the recorded
calls and streams of each table and the ids the kernel gave them), then mutated:
attributes dropped, duplicated, resized, retyped, moved to another nest,
repeated hundreds of times, their lengths corrupted; bytes flipped; netlink
and genl headers broken (length, type, flags, command, version, reserved).

Every message, mutated or not, is decoded by a reference validator written
from the ABI (include/uapi/linux/rtpfwd.h, whose numbers are parsed at run
time) and the kernel's strict netlink rules. Oracles:
  - every request is answered (ack, error, or the end of a dump); requests
    without NLM_F_ACK that succeed are silent, as netlink says;
  - what the reference calls invalid is rejected (with ERANGE or EINVAL
    where the first fault decides it: an integer out of its range, a bad
    string, a recording request without what it needs); what it calls
    valid gets exactly the answer the model predicts (0, EEXIST, ENOENT,
    EBUSY, EINVAL for a name that is no file name, ...);
  - replies (RULE_GET, TABLE_GET, RECORDING_NEW/_GET, dumps) match the
    model: every rule, its whole configuration (the recorded stream it
    names while that stream lives), zero counters, every table with its
    rule count, every recorded stream (names, id, packets, nothing queued)
    in id order, and its file in /proc/rtpengine/N/calls/;
  - an extack attribute offset points inside the request;
  - at the end every table can be deleted and nothing is left.
The kernel log is checked by the harness (tests/vm). Findings are printed
one per line as "FINDING <category>: ..." with the message in hex.

  genl_fuzz.py [COUNT]   (default: 7,000, or 100,000 with RTPFWD_FUZZ=long)
"""
import errno
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fuzzlib as fl  # noqa: E402
from fuzzlib import nla  # noqa: E402

N = fl.rtpfwd_abi()
CMD = fl.enum_members(N, "RTPFWD_CMD_")
A = fl.enum_members(N, "RTPFWD_A_")
RA = fl.enum_members(N, "RTPFWD_RULE_A_")
EA = fl.enum_members(N, "RTPFWD_EP_A_")
OA = fl.enum_members(N, "RTPFWD_OUT_A_")
PA = fl.enum_members(N, "RTPFWD_PT_A_")
MA = fl.enum_members(N, "RTPFWD_SSRC_MAP_A_")
XA = fl.enum_members(N, "RTPFWD_PT_REPLACE_A_")
SA = fl.enum_members(N, "RTPFWD_SRTP_A_")
REC = fl.enum_members(N, "RTPFWD_REC_A_")
SRA = fl.enum_members(N, "RTPFWD_SRTP_ROC_A_")
SUITES = fl.enum_members(N, "RTPFWD_SRTP_SUITE_")
SUITE_MAX = N["RTPFWD_SRTP_SUITE_MAX"]
# master key length by suite (rtpfwd.h: 16 for AES-128 and NULL, 24, 32)
SUITE_KEY_LEN = {v: 24 if "192" in k else 32 if "256" in k else 16
                 for k, v in SUITES.items() if k != "NONE"}
SUITE_SALT_LEN = {v: 12 if "GCM" in k else 14 for k, v in SUITES.items() if k != "NONE"}
# the suites that may be unauthenticated (AES-CM and F8, HMAC-SHA1)
AES_CM_SUITES = {v for k, v in SUITES.items() if k.startswith(("AES_", "F8_"))}
STATS_NAMES = {v: k.lower() for k, v in fl.enum_members(N, "RTPFWD_STATS_A_").items() if k != "PAD"}
RF = {k: v for k, v in fl.enum_members(N, "RTPFWD_RULE_F_").items() if k != "ALL"}
F_ALL = N["RTPFWD_RULE_F_ALL"]
F_RTP, F_SSRC, F_RTCP = RF["RTP"], RF["SSRC"], RF["RTCP"]
F_SRTP_AUTH_DROP = RF["SRTP_AUTH_DROP"]
F_BLACKHOLE = RF["BLACKHOLE"]
F_HAND_UP = RF["HAND_UP"]
# what a blackhole rule cannot have: it drops before any of them would act
F_NOT_BLACKHOLE = F_RTP | F_SSRC | F_RTCP | F_SRTP_AUTH_DROP
TABLES = N["RTPFWD_TABLES"]
OUTPUTS_MAX = N["RTPFWD_OUTPUTS_MAX"]
PTS_MAX = N["RTPFWD_PAYLOAD_TYPES_MAX"]
SSRCS_MAX = N["RTPFWD_SSRCS_MAX"]
REPLACE_MAX = N["RTPFWD_PT_REPLACE_MAX"]
PATTERN_MAX = N["RTPFWD_PT_PATTERN_MAX"]
MISMATCH_MAX = N["RTPFWD_MISMATCH_MAX"]
VERSION = N["RTPFWD_GENL_VERSION"]
REC_PACKETS_MAX = N["RTPFWD_RECORDING_PACKETS_MAX"]
REC_NAME_MAX = N["RTPFWD_RECORDING_NAME_MAX"]
REC_CMDS = (CMD["RECORDING_NEW"], CMD["RECORDING_DEL"], CMD["RECORDING_GET"])
CMD_NAMES = {v: k for k, v in CMD.items()}
# Finding categories reported but not failing the run (bugs known and
# reported, to be fixed): comma-separated in RTPFWD_FUZZ_KNOWN.
KNOWN = fl.KNOWN
BATCH = 32              # requests between two syncs
CHECKPOINT = 2000       # a full dump compared with the model every so many


# ---- the reference: what the ABI allows, decoded from raw bytes --------------

class Invalid(Exception):
    """The request breaks the ABI; the kernel must reject it, with @err
    when that is sure (the first fault in the order the kernel checks)."""

    def __init__(self, text, err=None):
        super().__init__(text)
        self.err = err


class Unknown(Exception):
    """The request uses something this fuzzer does not know (an attribute
    added to the header since): either answer is accepted."""


# policy entries: (kind, arg); kinds: u8 u16 u32 u64 mask32 bin binmax nest
# nulstr (NLA_NUL_STRING of at most arg bytes) reject
def _policy(prefix, entries, unknown_ok=True):
    members = fl.enum_members(N, prefix)
    pol = {}
    for name, value in members.items():
        pol[value] = entries.get(name, ("unknown", None))
    return pol, N[prefix + "MAX"]


EP_POL = _policy("RTPFWD_EP_A_", {
    "ADDR4": ("bin", 4), "ADDR6": ("bin", 16), "PORT": ("u16", (1, 0xFFFF))})
SRTP_ROC_POL = _policy("RTPFWD_SRTP_ROC_A_", {"SSRC": ("u32", None), "ROC": ("u32", None)})
SRTP_POL = _policy("RTPFWD_SRTP_A_", {
    "SUITE": ("u32", (0, SUITE_MAX)), "MASTER_KEY": ("binmax", 32), "MASTER_SALT": ("binmax", 14),
    "MKI": ("binmax", 4), "ROC": ("nest", SRTP_ROC_POL), "MKI_LEN": ("reject", None),
    "UNAUTHENTICATED": ("flag", None)})
SSRC_MAP_POL = _policy("RTPFWD_SSRC_MAP_A_", {"FROM": ("u32", None), "TO": ("u32", None)})
PT_REPLACE_POL = _policy("RTPFWD_PT_REPLACE_A_", {
    "TYPE": ("u8", (0, 127)), "PATTERN": ("binmax", PATTERN_MAX)})
OUT_POL = _policy("RTPFWD_OUT_A_", {
    "SRC": ("nest", EP_POL), "DST": ("nest", EP_POL), "TOS": ("u8", None),
    "ENCRYPT": ("nest", SRTP_POL), "STATS": ("reject", None), "SSRC_MAP": ("nest", SSRC_MAP_POL),
    "PT_REPLACE": ("nest", PT_REPLACE_POL)})
PT_POL = _policy("RTPFWD_PT_A_", {
    "PAD": ("reject", None), "TYPE": ("u8", (0, 127)), "CLOCK_RATE": ("u32", (1, 0xFFFFFFFF)),
    "PACKETS": ("reject", None), "BYTES": ("reject", None)})
RULE_POL = _policy("RTPFWD_RULE_A_", {
    "PAD": ("reject", None), "LOCAL": ("nest", EP_POL), "EXPECT": ("nest", EP_POL),
    "MISMATCH": ("u8", (0, MISMATCH_MAX)), "OUTPUT": ("nest", OUT_POL),
    "STATS": ("reject", None), "FLAGS": ("mask32", F_ALL),
    "PAYLOAD_TYPE": ("nest", PT_POL), "PT_STATS": ("reject", None),
    "SSRC_STATS": ("reject", None), "SSRC": ("u32", None), "DECRYPT": ("nest", SRTP_POL),
    "RECORDING": ("u32", None)})
REC_POL = _policy("RTPFWD_REC_A_", {
    "PAD": ("reject", None), "CALL": ("nulstr", REC_NAME_MAX), "STREAM": ("nulstr", REC_NAME_MAX),
    "ID": ("reject", None), "PACKETS": ("u32", (1, REC_PACKETS_MAX)),
    "QUEUED": ("reject", None), "DROPPED": ("reject", None)})
# request attributes per operation (the YAML's "request: attributes"); the
# rest of enum rtpfwd_attr is reply-only
TABLE_REQ_POL = ({A["TABLE_ID"]: ("u32", (0, N["RTPFWD_TABLE_ID_MAX"]))}, A["TABLE_ID"])
RULE_REQ_POL = ({A["TABLE_ID"]: ("u32", (0, N["RTPFWD_TABLE_ID_MAX"])),
                 A["RULE"]: ("nest", RULE_POL)}, A["RULE"])   # maxattr: the rule ops take up to RULE
for _v in A.values():
    RULE_REQ_POL[0].setdefault(_v, ("reject", None))   # reply-only: NLA_UNSPEC, strict
REC_REQ_POL = ({A["TABLE_ID"]: ("u32", (0, N["RTPFWD_TABLE_ID_MAX"])),
                A["RECORDING"]: ("nest", REC_POL)}, A["RECORDING"])
for _v in A.values():
    REC_REQ_POL[0].setdefault(_v, ("reject", None))    # likewise
OP_POL = {CMD["TABLE_NEW"]: TABLE_REQ_POL, CMD["TABLE_DEL"]: TABLE_REQ_POL,
          CMD["TABLE_GET"]: TABLE_REQ_POL, CMD["RULE_NEW"]: RULE_REQ_POL,
          CMD["RULE_DEL"]: RULE_REQ_POL, CMD["RULE_GET"]: RULE_REQ_POL,
          CMD["STATS_RESET"]: RULE_REQ_POL, CMD["RECORDING_NEW"]: REC_REQ_POL,
          CMD["RECORDING_DEL"]: REC_REQ_POL, CMD["RECORDING_GET"]: REC_REQ_POL}
DUMPABLE = {CMD["TABLE_GET"], CMD["RULE_GET"], CMD["RECORDING_GET"]}
SCALAR = {"u8": 1, "u16": 2, "u32": 4, "u64": 8, "mask32": 4}


def validate(buf, policy):
    """Strict netlink validation (NL_VALIDATE_STRICT) of the attributes in
    @buf against @policy; returns {type: [payload, ...]} in order."""
    pol, maxtype = policy
    out, off = {}, 0
    while len(buf) - off >= 4:
        alen, raw_type = struct.unpack_from("=HH", buf, off)
        if alen < 4 or alen > len(buf) - off:
            raise Invalid(f"attribute length {alen} at {off}")
        atype = raw_type & 0x3FFF
        nested = bool(raw_type & fl.NLA_F_NESTED)
        payload = buf[off + 4:off + alen]
        if atype == 0 or atype > maxtype:
            raise Invalid(f"attribute type {atype} > {maxtype}")
        kind, arg = pol.get(atype, ("reject", None))
        if kind == "unknown":
            raise Unknown(f"attribute type {atype}")
        if kind == "reject":
            raise Invalid(f"attribute type {atype} rejected")
        if (kind == "nest") != nested:
            raise Invalid(f"attribute type {atype}: NLA_F_NESTED {'missing' if not nested else 'set'}")
        if kind in SCALAR:
            if len(payload) != SCALAR[kind]:
                raise Invalid(f"attribute type {atype}: {len(payload)} bytes")
            value = int.from_bytes(payload, sys.byteorder)
            if kind == "mask32" and value & ~arg:
                raise Invalid(f"attribute type {atype}: bits {value:#x} outside {arg:#x}")
            if kind != "mask32" and arg and not arg[0] <= value <= arg[1]:
                # the policy's range: nla_validate_int_range_unsigned()
                raise Invalid(f"attribute type {atype}: {value} out of range", errno.ERANGE)
        elif kind == "flag":
            if payload:     # validate_nla(): NLA_FLAG carries nothing
                raise Invalid(f"attribute type {atype}: a flag of {len(payload)} bytes",
                              errno.ERANGE)
        elif kind == "bin":
            if len(payload) != arg:
                raise Invalid(f"attribute type {atype}: {len(payload)} bytes, not {arg}")
        elif kind == "binmax":
            if len(payload) > arg:
                raise Invalid(f"attribute type {atype}: {len(payload)} bytes, more than {arg}")
        elif kind == "nulstr":
            # validate_nla(): a NUL within the first arg + 1 bytes, then at
            # most arg bytes besides a final NUL (the name ends at the first)
            if 0 not in payload[:min(len(payload), arg + 1)]:
                raise Invalid(f"attribute type {atype}: no NUL in its first {arg + 1} bytes",
                              errno.EINVAL)
            if len(payload) - (payload[-1] == 0) > arg:
                raise Invalid(f"attribute type {atype}: a string of {len(payload)} bytes",
                              errno.ERANGE)
        elif kind == "nest":
            if 0 < len(payload) < 4:
                raise Invalid(f"nest type {atype} of {len(payload)} bytes")
            validate(payload, arg)
        out.setdefault(atype, []).append(payload)
        off += (alen + 3) & ~3
    if off < len(buf):
        raise Invalid(f"{len(buf) - off} bytes left over")
    return out


def attrs_of(buf):
    """{type: [payload, ...]} of a validated nest (no checks)."""
    out, off = {}, 0
    while len(buf) - off >= 4:
        alen, raw_type = struct.unpack_from("=HH", buf, off)
        out.setdefault(raw_type & 0x3FFF, []).append(buf[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


def u(payload):
    return int.from_bytes(payload, sys.byteorder)


def ordered(buf):
    """[(type, payload)] of a validated nest, in order."""
    out, off = [], 0
    while len(buf) - off >= 4:
        alen, raw_type = struct.unpack_from("=HH", buf, off)
        out.append((raw_type & 0x3FFF, buf[off + 4:off + alen]))
        off += (alen + 3) & ~3
    return out


def parse_ep(payload):
    """An endpoint nest as (family, address, port); last attribute wins."""
    tb = attrs_of(payload)
    a4, a6 = tb.get(EA["ADDR4"]), tb.get(EA["ADDR6"])
    if bool(a4) == bool(a6):
        raise Invalid("an endpoint needs exactly one of addr4 and addr6")
    if EA["PORT"] not in tb:
        raise Invalid("an endpoint needs a port")
    return (4, a4[-1], u(tb[EA["PORT"]][-1])) if a4 else (6, a6[-1], u(tb[EA["PORT"]][-1]))


def parse_srtp(payload, flags, reply):
    """An SRTP nest (decrypt, encrypt) as the model has it: None (suite
    none) or (suite, mki_len, ((ssrc, roc), ...), unauthenticated). A
    request's keys are checked and dropped (write-only: no reply can show
    them)."""
    tb = attrs_of(payload)
    if SA["SUITE"] not in tb:
        raise Invalid("SRTP needs a suite")
    suite = u(tb[SA["SUITE"]][-1])
    rocs = []
    for atype, val in ordered(payload):
        if atype != SA["ROC"]:
            continue
        r = attrs_of(val)
        rocs.append((u(r[SRA["SSRC"]][-1]) if SRA["SSRC"] in r else None,
                     u(r[SRA["ROC"]][-1]) if SRA["ROC"] in r else 0))
    noauth = SA["UNAUTHENTICATED"] in tb
    if reply:
        return (suite, u(tb[SA["MKI_LEN"]][-1]), tuple(rocs), noauth)
    if suite == SUITES["NONE"]:
        return None
    if SA["MASTER_KEY"] not in tb or SA["MASTER_SALT"] not in tb:
        raise Invalid("SRTP needs a master key and a master salt")
    mki_len = len(tb[SA["MKI"]][-1]) if SA["MKI"] in tb else 0
    if SA["MKI"] in tb and not mki_len:
        raise Invalid("an SRTP MKI has 1 to 4 bytes")
    if len(rocs) > SSRCS_MAX:
        raise Invalid("too many SRTP rollover counters")
    if any(ssrc is None for ssrc, _ in rocs):
        raise Invalid("a rollover counter needs an SSRC")
    # the core's checks
    if not flags & (F_RTP | F_RTCP):
        raise Invalid("SRTP needs the RTP or the RTCP flag")
    if len(tb[SA["MASTER_KEY"]][-1]) != SUITE_KEY_LEN[suite]:
        raise Invalid("SRTP master key of the wrong length for its suite")
    if len(tb[SA["MASTER_SALT"]][-1]) != SUITE_SALT_LEN[suite]:
        raise Invalid("SRTP master salt of the wrong length for its suite (14 bytes, 12 for AEAD)")
    if noauth and suite not in AES_CM_SUITES:
        raise Invalid("unauthenticated SRTP needs an AES-CM or F8 suite")
    if len({ssrc for ssrc, _ in rocs}) != len(rocs):
        raise Invalid("duplicate SSRC in the SRTP rollover counters")
    return (suite, mki_len, tuple(rocs), noauth)


def parse_ssrc_map(out_payload, flags, reply):
    """An output's SSRC rewrites: ((from, to), ...) in order."""
    maps = []
    for atype, val in ordered(out_payload):
        if atype != OA["SSRC_MAP"]:
            continue
        if len(maps) == SSRCS_MAX:
            raise Invalid("too many SSRC rewrites in an output")
        m = attrs_of(val)
        if MA["FROM"] not in m or MA["TO"] not in m:
            raise Invalid("an SSRC rewrite needs from and to")
        maps.append((u(m[MA["FROM"]][-1]), u(m[MA["TO"]][-1])))
    if maps and not reply:
        if not flags & F_RTP:
            raise Invalid("an output's SSRC map needs the RTP flag")
        if len({f for f, _ in maps}) != len(maps):
            raise Invalid("an output rewrites the same SSRC twice")
    return tuple(maps)


def parse_pt_replace(out_payload, flags, reply):
    """An output's payload replacements: ((type, pattern), ...) in order."""
    repl = []
    for atype, val in ordered(out_payload):
        if atype != OA["PT_REPLACE"]:
            continue
        if len(repl) == REPLACE_MAX:
            raise Invalid("too many payload replacements in an output")
        r = attrs_of(val)
        if XA["TYPE"] not in r or XA["PATTERN"] not in r:
            raise Invalid("a payload replacement needs a type and a pattern")
        if not r[XA["PATTERN"]][-1]:
            raise Invalid("an empty replacement pattern")
        repl.append((u(r[XA["TYPE"]][-1]), bytes(r[XA["PATTERN"]][-1])))
    if repl and not reply:
        if not flags & F_RTP:
            raise Invalid("an output's payload replacement needs the RTP flag")
        if len({t for t, _ in repl}) != len(repl):
            raise Invalid("an output replaces the same payload type twice")
    return tuple(repl)


def parse_rule(payload, reply=False):
    """A RULE_NEW rule nest (or a reply's, @reply) as the model's
    configuration tuple: (local, expect, mismatch, outputs, flags, pts,
    ssrcs, decrypt, recording); an output is (src, dst, tos, encrypt,
    ssrc_map, pt_replace); recording is the recorded stream's id (the one
    requested, or the one a reply echoes) or None."""
    tb = attrs_of(payload)
    if RA["LOCAL"] not in tb:
        raise Invalid("a rule needs a local endpoint")
    local = parse_ep(tb[RA["LOCAL"]][-1])
    expect = None
    if RA["EXPECT"] in tb:
        expect = parse_ep(tb[RA["EXPECT"]][-1])
        if expect[0] != local[0]:
            raise Invalid("expected source of another family")
    mismatch = u(tb[RA["MISMATCH"]][-1]) if RA["MISMATCH"] in tb else 0
    flags = u(tb[RA["FLAGS"]][-1]) if RA["FLAGS"] in tb else 0
    if flags & F_SSRC and not flags & F_RTP:
        raise Invalid("the SSRC flag needs the RTP flag")
    outputs, pts, ssrcs = [], [], []
    for atype, val in ordered(payload):
        if atype == RA["PAYLOAD_TYPE"]:
            if not flags & F_RTP:
                raise Invalid("payload types need the RTP flag")
            if len(pts) == PTS_MAX:
                raise Invalid("too many payload types")
            pt = attrs_of(val)
            if PA["TYPE"] not in pt:
                raise Invalid("a payload type needs a type")
            ptype = u(pt[PA["TYPE"]][-1])
            clock = u(pt[PA["CLOCK_RATE"]][-1]) if PA["CLOCK_RATE"] in pt else 0
            if any(p[0] == ptype for p in pts):
                raise Invalid("duplicate payload type")
            pts.append((ptype, clock))
        elif atype == RA["SSRC"]:
            if not flags & F_SSRC:
                raise Invalid("expected SSRCs need the SSRC flag")
            if len(ssrcs) == SSRCS_MAX:
                raise Invalid("too many SSRCs")
            if u(val) in ssrcs:
                raise Invalid("duplicate SSRC")
            ssrcs.append(u(val))
        elif atype == RA["OUTPUT"]:
            if len(outputs) == OUTPUTS_MAX:
                raise Invalid("too many outputs")
            out = attrs_of(val)
            if OA["SRC"] not in out or OA["DST"] not in out:
                raise Invalid("an output needs a source and a destination")
            src, dst = parse_ep(out[OA["SRC"]][-1]), parse_ep(out[OA["DST"]][-1])
            if src[0] != dst[0]:
                raise Invalid("output of two families")
            tos = u(out[OA["TOS"]][-1]) if OA["TOS"] in out else 0
            encrypt = parse_srtp(out[OA["ENCRYPT"]][-1], flags, reply) \
                if OA["ENCRYPT"] in out else None
            outputs.append((src, dst, tos, encrypt, parse_ssrc_map(val, flags, reply),
                            parse_pt_replace(val, flags, reply)))
    if flags & F_BLACKHOLE and flags & F_HAND_UP and not reply:
        raise Invalid("a rule is a blackhole or a hand-up rule, not both")
    if flags & (F_BLACKHOLE | F_HAND_UP) and not reply:
        kind = "blackhole" if flags & F_BLACKHOLE else "hand-up"
        if outputs:
            raise Invalid(f"a {kind} rule has no outputs")
        if flags & F_NOT_BLACKHOLE or pts or ssrcs:
            raise Invalid(f"a {kind} rule takes no RTP, SSRC, RTCP or SRTP auth-drop options")
        if RA["DECRYPT"] in tb:
            raise Invalid(f"a {kind} rule decrypts nothing")
    if not outputs and not flags & (F_BLACKHOLE | F_HAND_UP):
        raise Invalid("a rule needs at least one output")
    decrypt = parse_srtp(tb[RA["DECRYPT"]][-1], flags, reply) if RA["DECRYPT"] in tb else None
    if flags & F_SRTP_AUTH_DROP and decrypt is None and not reply:
        raise Invalid("the SRTP auth-drop flag needs decryption")
    recording = u(tb[RA["RECORDING"]][-1]) if RA["RECORDING"] in tb else None
    return (local, expect, mismatch, tuple(outputs), flags, tuple(pts), tuple(ssrcs), decrypt,
            recording)


def parse_local(tb):
    if A["RULE"] not in tb:
        raise Invalid("missing rule")
    rtb = attrs_of(tb[A["RULE"]][-1])
    if RA["LOCAL"] not in rtb:
        raise Invalid("a rule needs a local endpoint")
    local = parse_ep(rtb[RA["LOCAL"]][-1])
    if set(rtb) != {RA["LOCAL"]}:
        raise Invalid("only the local endpoint names a rule here")
    return local


def decode_rule(attrs):
    """(table, cfg, [packets, bytes, errors]) of a RULE_GET reply or dump entry."""
    tb = {}
    for atype, val in attrs:
        tb.setdefault(atype, []).append(val)
    table = u(tb[A["TABLE_ID"]][0])
    rule = tb[A["RULE"]][0]
    rtb = attrs_of(rule)
    stats = attrs_of(rtb[RA["STATS"]][0]) if RA["STATS"] in rtb else {}
    counters = [u(v[0]) for k, v in sorted(stats.items()) if k in
                (N["RTPFWD_STATS_A_PACKETS"], N["RTPFWD_STATS_A_BYTES"], N["RTPFWD_STATS_A_ERRORS"])]
    cfg = parse_rule(rule, reply=True)
    return table, cfg, counters


def rec_name(payload):
    """A call or stream name as the kernel reads it: up to its first NUL."""
    return bytes(payload).split(b"\0", 1)[0]


def name_ok(name):
    """rtpfwd_calls_name(): a file name."""
    return name not in (b"", b".", b"..") and b"/" not in name


def decode_recording(attrs):
    """(table, (call, stream, id, packets, queued, dropped)) of a
    RECORDING_NEW/_GET reply or dump entry; the names with their NUL."""
    tb = {}
    for atype, val in attrs:
        tb.setdefault(atype, []).append(val)
    if set(tb) != {A["TABLE_ID"], A["RECORDING"]}:
        raise Invalid(f"attributes {sorted(tb)}")
    rtb = attrs_of(tb[A["RECORDING"]][0])
    rtb.pop(REC["PAD"], None)
    want = ("CALL", "STREAM", "ID", "PACKETS", "QUEUED", "DROPPED")
    if sorted(rtb) != sorted(REC[k] for k in want) or any(len(v) != 1 for v in rtb.values()):
        raise Invalid(f"recording attributes {sorted(rtb)}")
    for k, size in (("ID", 4), ("PACKETS", 4), ("QUEUED", 4), ("DROPPED", 8)):
        if len(rtb[REC[k]][0]) != size:
            raise Invalid(f"recording {k.lower()} of {len(rtb[REC[k]][0])} bytes")
    return u(tb[A["TABLE_ID"]][0]), (bytes(rtb[REC["CALL"]][0]), bytes(rtb[REC["STREAM"]][0])) + \
        tuple(u(rtb[REC[k]][0]) for k in want[2:])


class Op:
    """A request as the reference understands it; .err: the errno a
    rejected one must get, when that is sure."""
    __slots__ = ("kind", "cmd", "table", "cfg", "key", "nlflags", "dump", "err")

    def __init__(self, kind, cmd=0, table=None, cfg=None, key=None, nlflags=0, dump=False,
                 err=None):
        self.kind, self.cmd, self.table, self.cfg, self.key = kind, cmd, table, cfg, key
        self.nlflags, self.dump, self.err = nlflags, dump, err


def reference(msg, family):
    """What @msg (one whole netlink message) is, by the ABI: an Op whose
    kind is 'ignored' (not executed: ack 0 if asked), 'rejected' (must fail;
    .cfg holds the reason), 'unknown', or 'request' (to be predicted)."""
    mlen, mtype, mflags, _seq, _pid = struct.unpack_from("=IHHII", msg)
    if not mflags & fl.NLM_F_REQUEST or mtype < 16:
        return Op("ignored", nlflags=mflags)
    if mtype != family:
        return Op("rejected", cfg="no such family", nlflags=mflags)
    if mlen < 20:
        return Op("rejected", cfg="no genl header", nlflags=mflags)
    cmd, _version, reserved = struct.unpack_from("=BBH", msg, 16)
    if cmd not in OP_POL:
        return Op("rejected", cfg=f"command {cmd}", nlflags=mflags)
    dump = mflags & fl.NLM_F_DUMP == fl.NLM_F_DUMP
    if dump and cmd not in DUMPABLE:
        return Op("rejected", cfg="no dump", nlflags=mflags)
    try:
        tb = validate(msg[20:mlen], OP_POL[cmd])
        if cmd in REC_CMDS:
            return reference_recording(cmd, tb, reserved, mflags, dump)
        if reserved:
            # doits check it; dumps do not (see the report: dump-reserved)
            raise Invalid("genlmsghdr.reserved")
        op = Op("request", cmd, nlflags=mflags, dump=dump)
        if dump:
            if cmd == CMD["RULE_GET"] and A["TABLE_ID"] in tb:
                op.table = u(tb[A["TABLE_ID"]][-1])
            return op
        if cmd == CMD["RULE_NEW"]:
            if A["RULE"] not in tb:
                raise Invalid("missing rule")
            op.cfg = parse_rule(tb[A["RULE"]][-1])
            op.key = op.cfg[0]
        elif cmd in (CMD["RULE_DEL"], CMD["RULE_GET"]):
            op.key = parse_local(tb)
        elif cmd == CMD["STATS_RESET"] and A["RULE"] in tb:
            op.key = parse_local(tb)
        if A["TABLE_ID"] not in tb:
            raise Invalid("missing table id")
        op.table = u(tb[A["TABLE_ID"]][-1])
        return op
    except Invalid as e:
        return Op("rejected", cfg=str(e), nlflags=mflags, dump=dump, err=e.err)
    except Unknown as e:
        return Op("unknown", cfg=str(e), nlflags=mflags, dump=dump)


def reference_recording(cmd, tb, reserved, mflags, dump):
    """A recording request whose attributes passed the policy, as
    genl_recording.c checks the rest (all EINVAL): the reserved field, a
    table id; a dump takes nothing else, a request a recording with a call
    (and a stream, but RECORDING_DEL of a whole call). .key is (call,
    stream or None), .cfg the packets asked for (0: the default)."""
    if reserved:
        raise Invalid("genlmsghdr.reserved", errno.EINVAL)
    if A["TABLE_ID"] not in tb:
        raise Invalid("missing table id", errno.EINVAL)
    op = Op("request", cmd, table=u(tb[A["TABLE_ID"]][-1]), nlflags=mflags, dump=dump)
    if dump:
        if A["RECORDING"] in tb:
            raise Invalid("a recording dump lists the whole table", errno.EINVAL)
        return op
    if A["RECORDING"] not in tb:
        raise Invalid("missing recording", errno.EINVAL)
    rtb = attrs_of(tb[A["RECORDING"]][-1])
    if REC["CALL"] not in rtb:
        raise Invalid("a recording needs a call name", errno.EINVAL)
    if REC["STREAM"] not in rtb and cmd != CMD["RECORDING_DEL"]:
        raise Invalid("a recording needs a stream name", errno.EINVAL)
    op.key = (rec_name(rtb[REC["CALL"]][-1]),
              rec_name(rtb[REC["STREAM"]][-1]) if REC["STREAM"] in rtb else None)
    op.cfg = u(rtb[REC["PACKETS"]][-1]) if REC["PACKETS"] in rtb else 0
    return op


# ---- the model -------------------------------------------------------------

class Stream:
    """A recorded stream the model made. A rule holds the very stream it
    named, not its id: once the stream is deleted the rule records nothing
    and its replies name none, even when a new stream gets the same id."""
    __slots__ = ("call", "name", "id", "packets", "alive")

    def __init__(self, call, name, sid, packets):
        self.call, self.name, self.id, self.packets = call, name, sid, packets
        self.alive = True

    def view(self):
        """What a reply says of it (names with their NUL; nothing queued:
        no packet reaches the fuzzer's rules)."""
        return (self.call + b"\0", self.name + b"\0", self.id, self.packets, 0, 0)


def rule_view(cfg):
    """A rule's configuration as replies show it: the id of the stream it
    records into while that stream lives (genl_rule_reply.c)."""
    rec = cfg[8]
    return cfg[:8] + (rec.id if rec is not None and rec.alive else None,)


class Model:
    def __init__(self, default_packets):
        self.tables = {}        # id -> {key: cfg}; a cfg's recording is a Stream
        self.calls = {}         # id -> {call name: {stream name: Stream}}
        self.streams = {}       # id -> {stream id: Stream}
        self.held = None        # table whose /proc control file we hold
        self.default_packets = default_packets  # stream_packets_list_limit

    def new_table(self, table):
        self.tables[table], self.calls[table], self.streams[table] = {}, {}, {}

    def predict(self, op):
        """(errno, state change to apply on success) of a valid request."""
        t = self.tables.get(op.table)
        c = op.cmd
        if op.dump:
            if c in (CMD["RULE_GET"], CMD["RECORDING_GET"]) and op.table is not None and t is None:
                return errno.ENOENT, None
            return 0, None
        if c == CMD["TABLE_NEW"]:
            return (errno.EEXIST, None) if t is not None else (0, ("table_new", op.table))
        if c == CMD["TABLE_DEL"]:
            if t is None:
                return errno.ENOENT, None
            if self.held == op.table:
                return errno.EBUSY, None
            return 0, ("table_del", op.table)
        if c == CMD["TABLE_GET"]:
            return (errno.ENOENT if t is None else 0), None
        if t is None:
            return errno.ENOENT, None
        if c in REC_CMDS:
            return self.predict_recording(op)
        if c == CMD["RULE_NEW"]:
            # a live stream of the table, looked up before the table and
            # the rule (genl_rule_parse.c: the last step of parsing)
            rec = None
            if op.cfg[8] is not None:
                rec = self.streams[op.table].get(op.cfg[8])
                if rec is None:
                    return errno.ENOENT, None
            # uapi: CREATE creates, EXCL fails on an existing rule, REPLACE
            # replaces one; neither CREATE nor REPLACE: replace only
            f = op.nlflags
            if op.key in t:
                if f & fl.NLM_F_EXCL or (f & fl.NLM_F_CREATE and not f & fl.NLM_F_REPLACE):
                    return errno.EEXIST, None
            elif not f & fl.NLM_F_CREATE:
                return errno.ENOENT, None
            return 0, ("rule_set", op.table, op.key, op.cfg[:8] + (rec,))
        if c == CMD["RULE_DEL"]:
            return (0, ("rule_del", op.table, op.key)) if op.key in t else (errno.ENOENT, None)
        if c in (CMD["RULE_GET"], CMD["STATS_RESET"]):
            if op.key is not None and op.key not in t:
                return errno.ENOENT, None
            return 0, None
        raise AssertionError(c)

    def predict_recording(self, op):
        """RECORDING_NEW, _DEL, _GET of an existing table (proc_calls_name.c):
        names are looked up as given, checked as file names only when made;
        a call stays when its last stream goes by name."""
        calls = self.calls[op.table]
        call, stream = op.key
        streams = calls.get(call)
        if op.cmd == CMD["RECORDING_NEW"]:
            # rtpfwd_calls_stream_alloc() checks the stream's name (and
            # packets, which the policy bounds), then the call's
            if not name_ok(stream) or not name_ok(call):
                return errno.EINVAL, None
            if streams is not None and stream in streams:
                return errno.EEXIST, None
            # the lowest free number (idr_alloc() from 0)
            ids = self.streams[op.table]
            sid = next(i for i in range(len(ids) + 1) if i not in ids)
            return 0, ("rec_new", op.table, Stream(call, stream, sid,
                                                   op.cfg or self.default_packets))
        if streams is None or (stream is not None and stream not in streams):
            return errno.ENOENT, None
        if op.cmd == CMD["RECORDING_DEL"]:
            return 0, ("rec_del", op.table, call, stream)
        return 0, None

    def apply(self, change):
        if change is None:
            return
        what = change[0]
        if what == "table_new":
            self.new_table(change[1])
        elif what == "table_del":
            del self.tables[change[1]], self.calls[change[1]]
            for st in self.streams.pop(change[1]).values():
                st.alive = False
        elif what == "rule_set":
            self.tables[change[1]][change[2]] = change[3]
        elif what == "rule_del":
            del self.tables[change[1]][change[2]]
        elif what == "rec_new":
            st = change[2]
            self.calls[change[1]].setdefault(st.call, {})[st.name] = st
            self.streams[change[1]][st.id] = st
        elif what == "rec_del":
            table, call, stream = change[1:]
            streams = self.calls[table][call]
            for st in list(streams.values()) if stream is None else [streams.pop(stream)]:
                st.alive = False
                del self.streams[table][st.id]
            if stream is None:
                del self.calls[table][call]


# ---- valid requests, as attribute trees ---------------------------------------

class Attr:
    """An attribute to encode: a leaf (bytes) or a nest (list of Attr)."""
    __slots__ = ("type", "payload", "children", "flags", "len_delta")

    def __init__(self, atype, payload=b"", children=None):
        self.type, self.payload, self.children = atype, payload, children
        self.flags = fl.NLA_F_NESTED if children is not None else 0
        self.len_delta = 0

    def encode(self):
        body = b"".join(c.encode() for c in self.children) if self.children is not None \
            else self.payload
        length = max(0, min(0xFFFF, 4 + len(body) + self.len_delta))
        return struct.pack("=HH", length & 0xFFFF, (self.type | self.flags) & 0xFFFF) + \
            body + b"\0" * (-len(body) % 4)

    def copy(self):
        a = Attr(self.type, self.payload,
                 [c.copy() for c in self.children] if self.children is not None else None)
        a.flags, a.len_delta = self.flags, self.len_delta
        return a


def p8(v):
    return struct.pack("=B", v & 0xFF)


def p16(v):
    return struct.pack("=H", v & 0xFFFF)


def p32(v):
    return struct.pack("=I", v & 0xFFFFFFFF)


# Recorded calls' and streams' names: file names, a long one, odd ones that
# are fine ("...", spaces, UTF-8); BAD_NAMES are not file names (EINVAL).
CALL_NAMES = [b"call-1", b"call-2", b"c", b"...", b"a b", "\u00e9t\u00e9".encode(),
              b"L" * REC_NAME_MAX]
STREAM_NAMES = [b"caller", b"callee", b"s", b".x", b"rtcp 1", b"S" * REC_NAME_MAX]
BAD_NAMES = [b"", b".", b"..", b"a/b", b"/", b"call/"]
REC_SHARE = 0.12        # of the requests: recording ones


class Gen:
    """Valid requests from the model, biased towards collisions."""

    def __init__(self, rng, model):
        self.rng, self.model = rng, model
        self.hot_tables = [0, 1, 2, 40, TABLES - 1]
        # a small pool of local endpoints, so rules meet each other
        self.locals = [(4, bytes([10, 1, i // 8, 1 + i % 8]), 1000 + i % 5) for i in range(24)] + \
                      [(6, bytes.fromhex("fd000000000000000000000000000000")[:15] + bytes([i]),
                        2000 + i % 3) for i in range(1, 13)]

    def table_id(self):
        r = self.rng.random()
        if r < 0.9 and self.model.tables:
            return self.rng.choice(list(self.model.tables))
        if r < 0.97:
            return self.rng.choice(self.hot_tables)
        return self.rng.randrange(TABLES)

    def key(self, table):
        rules = self.model.tables.get(table)
        if rules and self.rng.random() < 0.6:
            return self.rng.choice(list(rules))
        return self.rng.choice(self.locals)

    def ep(self, family=None):
        rng = self.rng
        family = family or rng.choice((4, 4, 6))
        if family == 4:
            addr = bytes([rng.choice((10, 127, 192, 198)), rng.randrange(256), rng.randrange(256),
                          rng.randrange(1, 255)])
        else:
            addr = rng.choice((bytes.fromhex("fd00") + rng.randbytes(14),
                               bytes(15) + b"\x01", bytes(10) + b"\xff\xff" + rng.randbytes(4)))
        return (family, addr, rng.choice((1, 5004, 30000, 65535, rng.randrange(1, 65536))))

    @staticmethod
    def ep_attr(atype, ep):
        fam, addr, port = ep
        kids = [Attr(EA["ADDR4"] if fam == 4 else EA["ADDR6"], addr), Attr(EA["PORT"], p16(port))]
        return Attr(atype, children=kids)

    def recording(self, table):
        """The id of a recorded stream for a rule of @table to name: mostly
        a live one, or one that is not (any more)."""
        rng = self.rng
        streams = self.model.streams.get(table)
        if streams and rng.random() < 0.8:
            return rng.choice(list(streams))
        return rng.choice((0, 1, 2, 7, 63, 65535, 65536, 0xFFFFFFFF, rng.randrange(1 << 32)))

    def cfg(self, key, table=None):
        rng = self.rng
        rec = self.recording(table) if rng.random() < 0.2 else None
        expect = self.ep(key[0]) if rng.random() < 0.4 else None
        mismatch = rng.randrange(MISMATCH_MAX + 1) if rng.random() < 0.5 else 0
        n_out = rng.choice((1, 1, 1, 2, 2, 3, OUTPUTS_MAX, rng.randrange(1, OUTPUTS_MAX + 1)))
        flags = 0
        for bit in RF.values():
            if rng.random() < 0.3:
                flags |= bit
        if flags & F_SSRC:
            flags |= F_RTP
        if flags & F_BLACKHOLE and flags & F_HAND_UP and rng.random() < 0.8:
            flags &= ~rng.choice((F_BLACKHOLE, F_HAND_UP))
        if flags & (F_BLACKHOLE | F_HAND_UP) and rng.random() < 0.7:     # a valid one, mostly
            return (key, expect, mismatch, (), flags & ~F_NOT_BLACKHOLE, (), (), None, rec)
        outputs = []
        for _ in range(n_out):
            fam = rng.choice((4, 6))
            maps = ()
            if flags & F_RTP and rng.random() < 0.2:
                maps = tuple((s, rng.randrange(1 << 32)) for s in
                             rng.sample([0, 1, 0x5EED5EED, 0xFFFFFFFF, 7], rng.randrange(1, SSRCS_MAX + 1)))
            repl = ()
            if flags & F_RTP and rng.random() < 0.2:
                repl = tuple((t, rng.randbytes(rng.choice((1, 1, 2, 3, PATTERN_MAX)))) for t in
                             rng.sample([0, 8, 9, 96, 127], rng.randrange(1, REPLACE_MAX + 1)))
            outputs.append((self.ep(fam), self.ep(fam), rng.choice((0, 0, 46, 184, 255)),
                            self.srtp() if flags & (F_RTP | F_RTCP) and rng.random() < 0.2
                            else None, maps, repl))
        pts, ssrcs = [], []
        if flags & F_RTP and rng.random() < 0.5:
            n = rng.choice((1, 2, 3, PTS_MAX, rng.randrange(PTS_MAX + 1)))
            for ptype in rng.sample(range(128), n):
                pts.append((ptype, rng.choice((0, 8000, 48000, 90000, 1, 0xFFFFFFFF))))
        if flags & F_SSRC:
            ssrcs = rng.sample([0, 1, 0x5EED5EED, 0xFFFFFFFF, rng.randrange(1 << 32)],
                               rng.randrange(SSRCS_MAX + 1))
        decrypt = self.srtp() if flags & (F_RTP | F_RTCP) and rng.random() < 0.3 else None
        return (key, expect, mismatch, tuple(outputs), flags, tuple(pts), tuple(ssrcs), decrypt,
                rec)

    def srtp(self):
        """A valid SRTP configuration as the model has it."""
        rng = self.rng
        suite = rng.randrange(1, SUITE_MAX + 1)
        ssrcs = rng.sample([1, 0x5EED5EED, 0xFFFFFFFF, rng.randrange(1 << 32)],
                           rng.randrange(SSRCS_MAX + 1))
        rocs = tuple((ssrc, rng.choice((0, 1, 0xFFFFFFFF, rng.randrange(1 << 32)))) for ssrc in ssrcs)
        return (suite, rng.choice((0, 0, 1, 4)), rocs,
                suite in AES_CM_SUITES and rng.random() < 0.2)

    def srtp_attr(self, atype, srtp):
        """The nest of an SRTP configuration: random keys (write-only)."""
        rng = self.rng
        suite, mki_len, rocs, noauth = srtp
        kids = [Attr(SA["SUITE"], p32(suite)),
                Attr(SA["MASTER_KEY"], rng.randbytes(SUITE_KEY_LEN[suite])),
                Attr(SA["MASTER_SALT"], rng.randbytes(SUITE_SALT_LEN[suite]))]
        if mki_len:
            kids.append(Attr(SA["MKI"], rng.randbytes(mki_len)))
        if noauth:
            kids.append(Attr(SA["UNAUTHENTICATED"], b""))
        rng.shuffle(kids)
        for ssrc, roc in rocs:      # in order: the slots keep it
            r = [Attr(SRA["SSRC"], p32(ssrc))]
            if roc or rng.random() < 0.5:
                r.append(Attr(SRA["ROC"], p32(roc)))
            kids.append(Attr(SA["ROC"], children=r))
        return Attr(atype, children=kids)

    def rule_tree(self, cfg, full=True):
        """The rule nest of @cfg (only the local endpoint unless @full)."""
        rng = self.rng
        local, expect, mismatch, outputs, flags, pts, ssrcs, decrypt, rec = cfg
        kids = [self.ep_attr(RA["LOCAL"], local)]
        if not full:
            return Attr(A["RULE"], children=kids)
        singles = []
        if expect:
            singles.append(self.ep_attr(RA["EXPECT"], expect))
        if mismatch or rng.random() < 0.3:
            singles.append(Attr(RA["MISMATCH"], p8(mismatch)))
        if flags or rng.random() < 0.3:
            singles.append(Attr(RA["FLAGS"], p32(flags)))
        if decrypt:
            singles.append(self.srtp_attr(RA["DECRYPT"], decrypt))
        if rec is not None:
            singles.append(Attr(RA["RECORDING"], p32(rec)))
        outs, ptl, ssl = [], [], []
        for src, dst, tos, encrypt, maps, repl in outputs:
            o = [self.ep_attr(OA["SRC"], src), self.ep_attr(OA["DST"], dst)]
            if tos or rng.random() < 0.5:
                o.append(Attr(OA["TOS"], p8(tos)))
            if encrypt:
                o.append(self.srtp_attr(OA["ENCRYPT"], encrypt))
            rng.shuffle(o)
            # the rewrites keep their order (replies echo it)
            o += [Attr(OA["SSRC_MAP"], children=[Attr(MA["FROM"], p32(f)), Attr(MA["TO"], p32(t))])
                  for f, t in maps]
            o += [Attr(OA["PT_REPLACE"], children=[Attr(XA["TYPE"], p8(t)), Attr(XA["PATTERN"], pat)])
                  for t, pat in repl]
            outs.append(Attr(RA["OUTPUT"], children=o))
        for ptype, clock in pts:
            p = [Attr(PA["TYPE"], p8(ptype))]
            if clock:
                p.append(Attr(PA["CLOCK_RATE"], p32(clock)))
            rng.shuffle(p)
            ptl.append(Attr(RA["PAYLOAD_TYPE"], children=p))
        ssl = [Attr(RA["SSRC"], p32(s)) for s in ssrcs]
        singles = kids + singles
        rng.shuffle(singles)
        # a random merge: any order, but each list keeps its own
        seqs = [q for q in (singles, outs, ptl, ssl) if q]
        merged = []
        while seqs:
            q = rng.choice(seqs)
            merged.append(q.pop(0))
            if not q:
                seqs.remove(q)
        return Attr(A["RULE"], children=merged)

    def name_attr(self, atype, name):
        """A call or stream name: NUL-terminated, or with more after the
        NUL (the kernel reads up to it), or too long for the policy."""
        rng = self.rng
        r = rng.random()
        if r < 0.85:
            payload = name + b"\0"
        elif r < 0.92:
            payload = name + b"\0" * rng.randrange(2, 5)
        elif r < 0.98:
            payload = name + b"\0" + rng.choice((b"junk", b"/", b"x" * REC_NAME_MAX))
        else:
            payload = rng.choice((name, name + b"n" * (REC_NAME_MAX + 1 - len(name)) + b"\0"))
        return Attr(atype, payload)

    def rec_request(self, table, tid):
        """(cmd, nlflags, [Attr]) of a recording request of @table: names
        mostly of the model's calls and streams (to meet them: EEXIST,
        deletes, gets) or new ones, now and then not file names."""
        rng, c = self.rng, CMD
        calls = self.model.calls.get(table) or {}
        r = rng.random()
        if r < 0.1:
            kids = [tid]
            if rng.random() < 0.05:
                kids = []
            elif rng.random() < 0.05:
                kids.append(Attr(A["RECORDING"], children=[Attr(REC["CALL"], b"c\0")]))
            return c["RECORDING_GET"], fl.NLM_F_DUMP, kids
        if calls and rng.random() < (0.5 if r < 0.55 else 0.85):
            call = rng.choice(list(calls))
        elif rng.random() < 0.1:
            call = rng.choice(BAD_NAMES)
        else:
            call = rng.choice(CALL_NAMES)
        streams = list(calls.get(call, {}))
        if streams and rng.random() < (0.3 if r < 0.55 else 0.8):
            stream = rng.choice(streams)
        elif rng.random() < 0.1:
            stream = rng.choice(BAD_NAMES)
        elif rng.random() < 0.5:
            stream = rng.choice(STREAM_NAMES)
        else:
            stream = b"s%d" % rng.randrange(64)
        rec = [self.name_attr(REC["CALL"], call)]
        if r < 0.55:
            cmd = c["RECORDING_NEW"]
            p = rng.random()
            if p < 0.4:
                rec.append(Attr(REC["PACKETS"], p32(rng.choice(
                    (1, 2, 3, 10, 64, REC_PACKETS_MAX, rng.randrange(1, REC_PACKETS_MAX + 1))))))
            elif p < 0.45:      # out of the policy's range: ERANGE
                rec.append(Attr(REC["PACKETS"], p32(rng.choice((0, REC_PACKETS_MAX + 1, 0xFFFFFFFF)))))
        else:
            cmd = c["RECORDING_DEL"] if r < 0.75 else c["RECORDING_GET"]
        if cmd != c["RECORDING_DEL"] or rng.random() < 0.7:
            rec.append(self.name_attr(REC["STREAM"], stream))
        rng.shuffle(rec)
        attrs = [tid, Attr(A["RECORDING"], children=rec)]
        rng.shuffle(attrs)
        return cmd, 0, attrs

    def rec_flood(self, table):
        """Requests that make a table's streams many, with long names: its
        dump takes more than one round (32 KiB)."""
        call = b"F" * (REC_NAME_MAX - 4) + b"%04d" % self.rng.randrange(10000)
        return [(CMD["RECORDING_NEW"], 0,
                 [Attr(A["TABLE_ID"], p32(table)),
                  Attr(A["RECORDING"], children=[
                      Attr(REC["CALL"], call + b"\0"),
                      Attr(REC["STREAM"], b"f" * (REC_NAME_MAX - 4) + b"%04d\0" % i)])])
                for i in range(64)]

    def request(self):
        """(cmd, nlflags, [Attr]) of a valid request."""
        rng, c = self.rng, CMD
        r = rng.random()
        table = self.table_id()
        tid = Attr(A["TABLE_ID"], p32(table))
        if rng.random() < REC_SHARE:
            return self.rec_request(table, tid)
        if r < 0.05:
            if rng.random() < 0.7:
                table = rng.choice(self.hot_tables)
            return c["TABLE_NEW"], 0, [Attr(A["TABLE_ID"], p32(table))]
        if r < 0.056:
            return c["TABLE_DEL"], 0, [tid]
        if r < 0.10:
            return c["TABLE_GET"], 0, [tid]
        if r < 0.11:
            return c["TABLE_GET"], fl.NLM_F_DUMP, [tid] if rng.random() < 0.3 else []
        if r < 0.62:
            key = self.key(table)
            flags = rng.choice((fl.NLM_F_CREATE | fl.NLM_F_EXCL, fl.NLM_F_CREATE | fl.NLM_F_EXCL,
                                fl.NLM_F_CREATE, fl.NLM_F_REPLACE, fl.NLM_F_CREATE | fl.NLM_F_REPLACE,
                                fl.NLM_F_CREATE | fl.NLM_F_REPLACE, 0, fl.NLM_F_EXCL))
            attrs = [tid, self.rule_tree(self.cfg(key, table))]
            rng.shuffle(attrs)
            return c["RULE_NEW"], flags, attrs
        key = self.key(table)
        if r < 0.74:
            return c["RULE_DEL"], 0, [tid, self.rule_tree((key,) + (None,) * 8, False)]
        if r < 0.88:
            return c["RULE_GET"], 0, [tid, self.rule_tree((key,) + (None,) * 8, False)]
        if r < 0.91:
            return c["RULE_GET"], fl.NLM_F_DUMP, [tid] if rng.random() < 0.6 else []
        if r < 0.95:
            return c["STATS_RESET"], 0, [tid]
        return c["STATS_RESET"], 0, [tid, self.rule_tree((key,) + (None,) * 8, False)]


# ---- mutations -------------------------------------------------------------

def all_attrs(attrs, parent=None):
    """[(attr, containing list)] of a tree, depth first."""
    out = []
    for a in attrs:
        out.append((a, attrs))
        if a.children is not None:
            out.extend(all_attrs(a.children, a))
    return out


INTERESTING = [0, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFF, 63, 64]


def mutate_tree(rng, attrs):
    """One structural mutation of the attribute tree, in place. Returns its name."""
    nodes = all_attrs(attrs)
    kind = rng.randrange(14)
    if not nodes:
        kind = 13
    if kind == 0:
        a, lst = rng.choice(nodes)
        lst.remove(a)
        return "drop"
    if kind == 1:
        a, lst = rng.choice(nodes)
        lst.insert(rng.randrange(len(lst) + 1), a.copy())
        return "duplicate"
    if kind == 2:
        leaves = [(a, lst) for a, lst in nodes if a.children is None]
        if not leaves:
            return "none"
        a, _ = rng.choice(leaves)
        r = rng.random()
        if r < 0.3:
            a.payload = a.payload[:rng.randrange(len(a.payload) + 1)]
        elif r < 0.6:
            a.payload += rng.randbytes(rng.choice((1, 2, 3, 4, 8, 12)))
        else:
            a.payload = b""
        return "resize"
    if kind == 3:
        leaves = [a for a, _ in nodes if a.children is None and a.payload]
        if not leaves:
            return "none"
        a = rng.choice(leaves)
        v = rng.choice(INTERESTING + [rng.randrange(1 << 32)])
        a.payload = v.to_bytes(8, sys.byteorder)[:len(a.payload)].ljust(len(a.payload), b"\0")
        return "value"
    if kind == 4:
        a, _ = rng.choice(nodes)
        a.type = rng.choice((0, rng.randrange(1, 16), rng.randrange(16, 300), 0x3FFF))
        return "retype"
    if kind == 5:
        a, _ = rng.choice(nodes)
        a.flags ^= rng.choice((fl.NLA_F_NESTED, fl.NLA_F_NET_BYTEORDER))
        return "nlaflags"
    if kind == 6:
        a, lst = rng.choice(nodes)
        nests = [b for b, _ in nodes if b.children is not None and b is not a]
        lst.remove(a)
        if nests and rng.random() < 0.7:
            target = rng.choice(nests)
            target.children.insert(rng.randrange(len(target.children) + 1), a)
        else:
            attrs.append(a)
        return "move"
    if kind == 7:
        # huge counts: many outputs, payload types, SSRCs, or anything
        a, lst = rng.choice(nodes)
        n = rng.choice((OUTPUTS_MAX - 1, OUTPUTS_MAX, PTS_MAX - 1, PTS_MAX, SSRCS_MAX,
                        OUTPUTS_MAX + 1, PTS_MAX + 1, SSRCS_MAX + 1, 64,
                        rng.choice((64, 300, 1000))))
        n = min(n, 40000 // max(8, len(a.encode())))
        for _ in range(n):
            lst.append(a.copy())
        return "many"
    if kind == 8:
        a, _ = rng.choice(nodes)
        a.len_delta = rng.choice((-4, -3, -2, -1, 1, 2, 3, 4, 100, -100, 40000))
        return "nla_len"
    if kind == 9:
        # deep nesting
        a, lst = rng.choice(nodes)
        inner = a
        for _ in range(rng.randrange(2, 14)):
            inner = Attr(rng.choice((a.type, rng.randrange(1, 12))), children=[inner])
        lst[lst.index(a)] = inner
        return "deep"
    if kind == 10:
        # a reply-only or unknown attribute with random content
        nests = [b for b, _ in nodes if b.children is not None]
        target = rng.choice(nests).children if nests and rng.random() < 0.7 else attrs
        t = rng.randrange(1, 14)
        if rng.random() < 0.5:
            x = Attr(t, children=[Attr(rng.randrange(1, 9), rng.randbytes(rng.choice((4, 8))))])
        else:
            x = Attr(t, rng.randbytes(rng.choice((0, 1, 2, 4, 8, 16))))
        target.insert(rng.randrange(len(target) + 1), x)
        return "insert"
    if kind == 11:
        return mutate_semantics(rng, nodes)
    if kind == 12:
        # a scalar of another width or a nest where a scalar goes, and back
        a, _ = rng.choice(nodes)
        if a.children is not None:
            a.payload, a.children, a.flags = rng.randbytes(rng.choice((1, 2, 4, 8))), None, 0
        else:
            a.children, a.flags = [Attr(1, a.payload)], fl.NLA_F_NESTED
        return "reshape"
    attrs.append(Attr(rng.randrange(0, 8), rng.randbytes(rng.randrange(0, 24))))
    return "append"


def mutate_semantics(rng, nodes):
    """Structurally valid, semantically doubtful: the second address of an
    endpoint, a missing port or type, the other family, flags against lists."""
    eps = [a for a, _ in nodes if a.children is not None and
           any(c.type in (EA["ADDR4"], EA["ADDR6"]) for c in a.children)]
    k = rng.randrange(5)
    if eps and k == 0:
        ep = rng.choice(eps)
        ep.children.append(Attr(EA["ADDR6"], rng.randbytes(16)) if rng.random() < 0.5
                           else Attr(EA["ADDR4"], rng.randbytes(4)))
        return "sem-2addr"
    if eps and k == 1:
        ep = rng.choice(eps)
        kids = [c for c in ep.children if c.type == EA["PORT"] or rng.random() < 0.3]
        for c in kids:
            ep.children.remove(c)
        return "sem-noport"
    if eps and k == 2:
        ep = rng.choice(eps)
        for c in ep.children:
            if c.type == EA["ADDR4"]:
                c.type, c.payload = EA["ADDR6"], bytes(12) + c.payload
            elif c.type == EA["ADDR6"]:
                c.type, c.payload = EA["ADDR4"], c.payload[12:]
        return "sem-family"
    flags = [a for a, _ in nodes if a.type == RA["FLAGS"] and a.children is None and len(a.payload) == 4]
    if flags and k == 3:
        a = rng.choice(flags)
        a.payload = p32(rng.choice((0, F_SSRC, F_RTP, F_ALL, F_ALL & ~F_RTP, F_ALL + 1)))
        return "sem-flags"
    pts = [a for a, _ in nodes if a.type == RA["PAYLOAD_TYPE"] and a.children]
    if pts:
        a = rng.choice(pts)
        a.children = [c for c in a.children if c.type != PA["TYPE"]] if rng.random() < 0.5 \
            else a.children + [Attr(PA["TYPE"], p8(rng.randrange(128)))]
        return "sem-pt"
    return "none"


class Message:
    """One request to send: its bytes and what the reference says it is."""
    __slots__ = ("data", "seq", "op", "mutations", "alone", "expect_silence")

    def __init__(self, data, seq, op, mutations, alone=False, expect_silence=False):
        self.data, self.seq, self.op, self.mutations = data, seq, op, mutations
        self.alone, self.expect_silence = alone, expect_silence


class Fuzzer:
    def __init__(self, rng):
        self.rng = rng
        self.g = fl.GenlSocket("rtpengine")
        self.model = Model(default_packets())
        self.gen = Gen(rng, self.model)
        others = self.g.families()
        self.free_ids = [i for i in range(0x2000, 0x2100) if i not in others]
        self.findings = []
        self.counts = {}        # outcome histogram
        self.mut_counts = {}
        self.sent = 0
        self.checked_dumps = 0
        self.held_fd = None
        self.stale = False      # the model lost track: judge no more, resync

    def count(self, key):
        self.counts[key] = self.counts.get(key, 0) + 1

    def finding(self, category, text, msg=None):
        self.findings.append(category)
        known = category in KNOWN
        line = f"{'KNOWN' if known else 'FINDING'} {category}: {text}"
        if self.findings.count(category) > 5:
            return      # counted, not repeated
        if msg is not None:
            line += f" msg={msg.hex()}"
        print(line, flush=True)

    # -- building
    def build(self, request=None):
        """A request (@request's, unmutated, or a new one, maybe mutated)."""
        rng = self.rng
        cmd, nlflags, attrs = request or self.gen.request()
        muts = []
        r = rng.random()
        n_mut = 0 if request or r < 0.35 else 1 if r < 0.7 else rng.randrange(2, 5)
        for _ in range(n_mut):
            if rng.random() < 0.75:
                muts.append(mutate_tree(rng, attrs))
        payload = b"".join(a.encode() for a in attrs)
        version, reserved = VERSION, 0
        flags = fl.NLM_F_REQUEST | fl.NLM_F_ACK | nlflags
        ftype = self.g.family
        alone = False
        if n_mut and rng.random() < 0.25:
            # bytes and headers
            k = rng.randrange(9)
            if k == 0 and payload:
                b = bytearray(payload)
                for _ in range(rng.randrange(1, 6)):
                    b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
                payload = bytes(b)
                muts.append("bitflip")
            elif k == 1 and payload:
                payload = payload[:rng.randrange(len(payload))]
                muts.append("truncate")
            elif k == 2:
                payload += rng.randbytes(rng.randrange(1, 12))
                muts.append("junk")
            elif k == 3:
                cmd = rng.choice((0, max(CMD.values()) + 1, rng.randrange(256),
                                  rng.choice(list(CMD.values()))))
                muts.append("cmd")
            elif k == 4:
                version = rng.choice((0, 2, 255))
                muts.append("version")
            elif k == 5:
                reserved = rng.randrange(1, 1 << 16)
                muts.append("reserved")
            elif k == 6:
                flags = rng.choice((flags & ~fl.NLM_F_REQUEST, flags | fl.NLM_F_DUMP,
                                    flags ^ rng.choice((fl.NLM_F_CREATE, fl.NLM_F_EXCL, fl.NLM_F_REPLACE)),
                                    flags | fl.NLM_F_ECHO | fl.NLM_F_APPEND,
                                    flags | rng.randrange(1 << 16), flags & ~fl.NLM_F_ACK))
                muts.append("nlflags")
            elif k == 7:
                ftype = rng.choice((fl.NLMSG_NOOP, fl.NLMSG_DONE, 0, 15, rng.choice(self.free_ids)))
                muts.append("nltype")
            else:
                muts.append("nlmsg_len")
                alone = True
        body = struct.pack("=BBH", cmd & 0xFF, version, reserved) + payload
        seq = self.g.next_seq()
        data = fl.GenlSocket.header(16 + len(body), ftype, flags & 0xFFFF, seq) + body
        if muts and muts[-1] == "nlmsg_len":
            return self.broken_length(data, seq, muts)
        op = reference(data, self.g.family)
        if op.dump or op.kind == "unknown" or flags & fl.NLM_F_DUMP == fl.NLM_F_DUMP:
            alone = True
        return Message(data, seq, op, muts, alone=alone)

    def broken_length(self, data, seq, muts):
        """nlmsg_len below 16 or past the data: dropped unanswered; or cut
        short (the data cut with it; a tail of < 16 bytes is ignored)."""
        rng = self.rng
        k = rng.randrange(3)
        if k == 0:
            length = rng.randrange(0, 16)
        elif k == 1:
            length = len(data) + rng.randrange(1, 64)
        else:
            length = rng.randrange(16, len(data) + 1)
            cut = data[:(length + 3) & ~3]
            data = struct.pack("=I", length) + cut[4:] + rng.randbytes(rng.randrange(0, 16))
            op = reference(data[:length], self.g.family)
            return Message(data, seq, op, muts, alone=True)
        data = struct.pack("=I", length) + data[4:]
        return Message(data, seq, Op("ignored"), muts, alone=True, expect_silence=True)

    # -- running
    def run(self, count, deadline):
        batch, checkpoint = [], CHECKPOINT
        while self.sent + len(batch) < count and not deadline.over():
            if self.rng.random() < 0.004:
                self.flush(batch)
                batch = []
                self.toggle_control()
            m = self.build()
            for name in m.mutations:
                self.mut_counts[name] = self.mut_counts.get(name, 0) + 1
            if m.alone:
                self.flush(batch)
                batch = []
                self.flush([m])
            else:
                batch.append(m)
                if len(batch) >= BATCH:
                    self.flush(batch)
                    batch = []
            if self.sent >= checkpoint:
                checkpoint += CHECKPOINT
                self.flood()
                self.check_dump()
        self.flush(batch)

    def flood(self):
        """Many streams with long names in a table, judged as any request:
        the next dump of its recordings takes more than one round."""
        if self.model.tables:
            table = self.rng.choice(list(self.model.tables))
            self.flush([self.build(req) for req in self.gen.rec_flood(table)])

    def toggle_control(self):
        """Hold (or release) a table's /proc control file: TABLE_DEL says EBUSY."""
        if self.held_fd is not None:
            os.close(self.held_fd)
            self.held_fd, self.model.held = None, None
            return
        if not self.model.tables:
            return
        t = self.rng.choice(list(self.model.tables))
        try:
            self.held_fd = os.open(f"/proc/rtpengine/{t}/control", os.O_RDWR)
            self.model.held = t
        except OSError as e:
            self.finding("control-open", f"table {t} of the model: {e}")

    def flush(self, batch):
        """Send @batch (each message its own send(), processed in order), then
        a sync request; judge every answer."""
        if not batch:
            return
        self.sent += len(batch)
        for m in batch:
            self.g.sock.send(m.data)
        # a request without NLM_F_ACK that succeeds is silent: the answer to
        # a sync request, sent last, says everything before it was handled
        sync_data, sync_seq = self.g.message(self.g.family, fl.NLM_F_REQUEST | fl.NLM_F_ACK,
                                             CMD["TABLE_GET"], nla(A["TABLE_ID"], p32(TABLES)))
        self.g.sock.send(sync_data)
        # a dump goes on as we read: wait for its end too
        want = {sync_seq} | {m.seq for m in batch
                             if struct.unpack_from("=H", m.data, 6)[0] & fl.NLM_F_DUMP == fl.NLM_F_DUMP
                             and not m.expect_silence}
        answers = self.g.collect(want, 30)
        if not want <= set(answers):
            self.finding("hang", "no answer to a sync request or a dump within 30 s",
                         batch[-1].data)
            raise SystemExit(2)
        for m in batch:
            if self.stale:
                self.count("unjudged")  # what the kernel did next is not comparable
            else:
                self.judge(m, answers.get(m.seq))
        if self.stale:
            self.resync()

    def judge(self, m, ans):
        op = m.op
        flags = struct.unpack_from("=H", m.data, 6)[0]
        has_ack = flags & fl.NLM_F_ACK
        got = ans.errno if ans is not None else None
        if ans is not None and ans.offs is not None and not 0 <= ans.offs < len(m.data):
            self.finding("extack-offset", f"offset {ans.offs} outside the {len(m.data)}-byte request",
                         m.data)
        if m.expect_silence:
            if ans is not None:
                self.finding("answered-broken-length", f"answer {fl.errname(got)}", m.data)
            self.count("broken-length:silent")
            return
        if got is None:
            # silent: a success without NLM_F_ACK, or lost
            if has_ack or op.dump:
                self.finding("no-answer", f"{op.kind} {m.mutations}", m.data)
                return
            got = 0
        if op.kind == "ignored":
            self.count(f"ignored:{fl.errname(got)}")
            if got:
                self.finding("ignored-rejected", f"not a request, answered {fl.errname(got)}", m.data)
            return
        if op.kind == "rejected":
            self.count("rejected:" + ("OK" if not got else "err"))
            if not got:
                self.finding("accepted-invalid:" + op.cfg.split(":")[0].split(" ")[0],
                             f"{op.cfg} ({m.mutations})", m.data)
                self.stale = True
            elif op.err is not None and got != op.err:
                self.finding("rejected-errno", f"{op.cfg}: want {fl.errname(op.err)} got "
                             f"{fl.errname(got)} '{ans.msg if ans else ''}' ({m.mutations})", m.data)
            return
        if op.kind == "unknown":
            self.count(f"unknown:{fl.errname(got)}")
            if not got:
                self.stale = True
            return
        want, change = self.model.predict(op)
        self.count(f"{'dump' if op.dump else 'req'}:{fl.errname(got)}")
        if op.cmd in REC_CMDS:
            self.count(f"{CMD_NAMES[op.cmd].lower()}{':dump' if op.dump else ''}:{fl.errname(got)}")
        elif op.cmd == CMD["RULE_NEW"] and op.cfg[8] is not None:
            self.count(f"rule_new+recording:{fl.errname(got)}")
        if got != want:
            self.finding("wrong-answer", f"cmd {op.cmd} table {op.table}: want {fl.errname(want)} "
                         f"got {fl.errname(got)} '{ans.msg if ans else ''}' ({m.mutations})", m.data)
            self.stale = True
            return
        if got:
            return
        self.model.apply(change)
        if op.dump:
            self.check_dump_answer(op, ans)
        elif op.cmd == CMD["RULE_GET"]:
            self.check_rule_reply(op, ans, m)
        elif op.cmd == CMD["TABLE_GET"]:
            self.check_table_reply(op.table, ans, m)
        elif op.cmd in (CMD["RECORDING_NEW"], CMD["RECORDING_GET"]):
            self.check_recording_reply(op, ans, m)

    # -- replies
    decode_rule = staticmethod(lambda attrs: decode_rule(attrs))

    def check_rule_reply(self, op, ans, m):
        if len(ans.replies) != 1:
            self.finding("reply", f"RULE_GET: {len(ans.replies)} replies", m.data)
            return
        try:
            table, cfg, counters = self.decode_rule(ans.replies[0][1])
        except (Invalid, KeyError, IndexError) as e:
            self.finding("reply", f"RULE_GET reply does not parse: {e}", m.data)
            return
        want = rule_view(self.model.tables[op.table][op.key])
        if table != op.table or cfg != want:
            self.finding("reply", f"RULE_GET: got {table} {cfg}, model {want}", m.data)
        if counters != [0, 0, 0]:
            self.finding("reply", f"counters {counters} without traffic", m.data)

    def check_recording_reply(self, op, ans, m):
        """RECORDING_NEW's reply (the stream made, its id the lowest free)
        or RECORDING_GET's: one message, command RECORDING_GET."""
        name = CMD_NAMES[op.cmd]
        if len(ans.replies) != 1:
            self.finding("reply", f"{name}: {len(ans.replies)} replies", m.data)
            return
        hdr, attrs = ans.replies[0]
        try:
            if hdr[0] != CMD["RECORDING_GET"]:
                raise Invalid(f"command {hdr[0]}")
            table, got = decode_recording(attrs)
        except (Invalid, KeyError, IndexError) as e:
            self.finding("reply", f"{name} reply does not parse: {e}", m.data)
            return
        want = self.model.calls[op.table][op.key[0]][op.key[1]].view()
        if (table, got) != (op.table, want):
            self.finding("reply", f"{name}: got {table} {got}, model {op.table} {want}", m.data)

    def check_table_reply(self, table, ans, m):
        if len(ans.replies) != 1:
            self.finding("reply", f"TABLE_GET: {len(ans.replies)} replies", m.data)
            return
        got = {t: u(v) for t, v in ans.replies[0][1]}
        held = self.model.held == table
        want = {A["TABLE_ID"]: table, A["TABLE_RULES"]: len(self.model.tables[table]),
                A["TABLE_CONTROL_PID"]: os.getpid() if held else 0,
                A["TABLE_REFCNT"]: 1 if held else 0}
        if got != want:
            self.finding("reply", f"TABLE_GET {table}: {got}, model {want}", m.data)

    def check_dump_answer(self, op, ans):
        self.checked_dumps += 1
        if ans.intr:
            self.count("dump:interrupted")
            return      # a resize may interrupt: not comparable
        if op.cmd == CMD["TABLE_GET"]:
            got = {}
            for _hdr, attrs in ans.replies:
                t = {k: u(v) for k, v in attrs}
                got[t[A["TABLE_ID"]]] = t[A["TABLE_RULES"]]
            want = {t: len(r) for t, r in self.model.tables.items()}
            if got != want:
                self.finding("dump", f"tables {sorted(got.items())}, model {sorted(want.items())}")
            return
        if op.cmd == CMD["RECORDING_GET"]:
            self.check_recording_dump(op.table, ans)
            return
        got = {}
        for _hdr, attrs in ans.replies:
            try:
                table, cfg, counters = self.decode_rule(attrs)
            except (Invalid, KeyError, IndexError) as e:
                self.finding("dump", f"a dumped rule does not parse: {e}")
                continue
            if (table, cfg[0]) in got:
                self.finding("dump", f"rule listed twice: table {table} {cfg[0]}")
            got[(table, cfg[0])] = cfg
        want = {}
        for t, rules in self.model.tables.items():
            for k, c in rules.items():
                if op.table is None or t == op.table:
                    want[(t, k)] = rule_view(c)
                    if c[8] is not None:    # what the dumps saw of recording rules
                        self.count("dumped:rule-recording-" + (
                            "live" if c[8].alive else "reused-id" if c[8].id in
                            self.model.streams.get(t, {}) else "gone"))
        if got != want:
            missing = [k for k in want if k not in got]
            extra = [k for k in got if k not in want]
            differ = [k for k in want if k in got and got[k] != want[k]]
            self.finding("dump", f"rules: {len(got)} dumped, {len(want)} in the model; "
                         f"missing {missing[:3]} extra {extra[:3]} differ {differ[:3]}")

    def dump(self, cmd, table=None):
        payload = nla(A["TABLE_ID"], p32(table)) if table is not None else b""
        for _ in range(5):
            data, seq = self.g.message(self.g.family, fl.NLM_F_REQUEST | fl.NLM_F_DUMP, cmd, payload)
            self.g.sock.send(data)
            ans = self.g.collect({seq}, 30).get(seq)
            if ans is None or not ans.done:
                self.finding("no-answer", f"dump of cmd {cmd}")
                return None
            if not ans.intr:
                return ans
        return ans

    def check_recording_dump(self, table, ans):
        """A table's recorded streams, in id order, as the model has them."""
        got = []
        for hdr, attrs in ans.replies:
            try:
                if hdr[0] != CMD["RECORDING_GET"]:
                    raise Invalid(f"command {hdr[0]}")
                got.append(decode_recording(attrs))
            except (Invalid, KeyError, IndexError) as e:
                self.finding("dump", f"a dumped recording does not parse: {e}")
        want = [(table, st.view()) for _, st in sorted(self.model.streams[table].items())]
        if got != want:
            missing = [w[1][2] for w in want if w not in got]
            extra = [g[1][:3] for g in got if g not in want]
            self.finding("dump", f"recordings of table {table}: {len(got)} dumped in "
                         f"{ans.messages} reads, {len(want)} in the model; ids missing or "
                         f"differing {missing[:5]}, extra {extra[:3]}")
        if ans.messages > 2:     # NLMSG_DONE comes in a read of its own
            self.count("dump:recordings-in-rounds")

    def check_recording_files(self, table):
        """N/calls/CALL/STREAM: the model's calls and streams, as files."""
        base = f"/proc/rtpengine/{table}/calls".encode()
        try:
            got = {c: sorted(os.listdir(base + b"/" + c)) for c in os.listdir(base)}
        except OSError as e:
            self.finding("recording-files", f"table {table}: {e}")
            return
        want = {c: sorted(streams) for c, streams in self.model.calls[table].items()}
        if got != want:
            self.finding("recording-files", f"table {table}: calls/ has {len(got)} calls "
                         f"{sum(map(len, got.values()))} streams, the model {len(want)} "
                         f"{sum(map(len, want.values()))}; differing calls "
                         f"{[c[:20] for c in set(got) ^ set(want)][:3]}")

    def check_dump(self):
        for cmd in (CMD["TABLE_GET"], CMD["RULE_GET"]):
            ans = self.dump(cmd)
            if ans is not None:
                self.check_dump_answer(Op("request", cmd, dump=True), ans)
        for table in self.model.tables:
            ans = self.dump(CMD["RECORDING_GET"], table)
            if ans is not None:
                self.check_dump_answer(Op("request", CMD["RECORDING_GET"], table, dump=True), ans)
            self.check_recording_files(table)

    def resync(self):
        """After an unexpected answer, at the end of its batch: the kernel's
        state is the truth."""
        self.count("resync")
        self.stale = False
        model = self.model
        model.tables, model.calls, model.streams = {}, {}, {}
        ans = self.dump(CMD["TABLE_GET"])
        for _hdr, attrs in (ans.replies if ans else []):
            model.new_table(u(dict(attrs)[A["TABLE_ID"]]))
        for table in model.tables:
            ans = self.dump(CMD["RECORDING_GET"], table)
            for _hdr, attrs in (ans.replies if ans else []):
                try:
                    _, (call, stream, sid, packets, _, _) = decode_recording(attrs)
                    model.apply(("rec_new", table, Stream(rec_name(call), rec_name(stream),
                                                          sid, packets)))
                except (Invalid, KeyError, IndexError) as e:
                    self.finding("dump", f"a dumped recording does not parse: {e}")
            # calls without streams: dumps list streams, calls/ has them all
            try:
                for call in os.listdir(f"/proc/rtpengine/{table}/calls".encode()):
                    model.calls[table].setdefault(call, {})
            except OSError as e:
                self.finding("recording-files", f"table {table}: {e}")
        ans = self.dump(CMD["RULE_GET"])
        for _hdr, attrs in (ans.replies if ans else []):
            try:
                table, cfg, _ = self.decode_rule(attrs)
                # a stream it names no more is one deleted: as good as none
                rec = model.streams.get(table, {}).get(cfg[8]) if cfg[8] is not None else None
                model.tables.setdefault(table, {})[cfg[0]] = cfg[:8] + (rec,)
            except (Invalid, KeyError, IndexError) as e:
                self.finding("dump", f"a dumped rule does not parse: {e}")

    def teardown(self):
        """Every table can be deleted; nothing is left."""
        if self.held_fd is not None:
            os.close(self.held_fd)
            self.held_fd, self.model.held = None, None
        self.check_dump()
        rules = sum(len(r) for r in self.model.tables.values())
        deleted = 0
        for t in sorted(self.model.tables):
            data, seq = self.g.message(self.g.family, fl.NLM_F_REQUEST | fl.NLM_F_ACK,
                                       CMD["TABLE_DEL"], nla(A["TABLE_ID"], p32(t)))
            self.g.sock.send(data)
            ans = self.g.collect({seq}, 30).get(seq)
            if ans is None or ans.errno:
                self.finding("teardown", f"TABLE_DEL {t}: {fl.errname(ans.errno if ans else None)}")
            else:
                deleted += 1
        self.model.tables, self.model.calls, self.model.streams = {}, {}, {}
        self.check_dump()
        return rules, deleted


def default_packets():
    """What a stream made without RTPFWD_REC_A_PACKETS holds: the module
    parameter stream_packets_list_limit."""
    try:
        with open("/sys/module/rtpfwd/parameters/stream_packets_list_limit") as f:
            return int(f.read())
    except OSError:
        return 10


def main():
    rng, seed = fl.make_rng("genl_fuzz")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else fl.scaled(7000, 100000)
    deadline = fl.Deadline(float(os.environ.get("RTPFWD_FUZZ_SECONDS", fl.scaled(40, 1500))))
    fz = Fuzzer(rng)
    t0 = time.monotonic()
    fz.run(count, deadline)
    t1 = time.monotonic()
    rules, deleted = fz.teardown()
    print(f"genl_fuzz: sent={fz.sent} seconds={t1 - t0:.1f} rate={fz.sent / max(t1 - t0, 1e-6):.0f}/s "
          f"deadline={'hit' if deadline.hit else 'no'} dumps_checked={fz.checked_dumps} "
          f"final_rules={rules} tables_deleted={deleted}")
    print(f"genl_fuzz: outcomes {fl.histogram(fz.counts)}")
    print(f"genl_fuzz: mutations {fl.histogram(fz.mut_counts)}")
    sys.exit(fl.verdict("genl_fuzz", fz.findings, seed))


if __name__ == "__main__":
    main()
