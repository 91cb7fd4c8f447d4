#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Raw generic netlink client for the rtpfwd VM tests.

Independent of librtpnl on purpose: the kernel's answers (errno, extack text,
dump contents) are checked here byte by byte, not through the code under test.

  genl.py req CMD [ATTR=VALUE ...]   one request; prints "errno=N msg=TEXT" and
                                     the reply attributes; exit 0 always
  genl.py dump CMD                   dump; prints one line per message
  genl.py listen SECONDS [COUNT] [hex]  print notify events for SECONDS, or until
                                     COUNT (hex: raw too)
  genl.py fuzz COUNT SEED            COUNT malformed requests; all must fail
  genl.py rule CMD TABLE [flags=create,excl,replace] [local=A:P] [expect=A:P]
          [mismatch=N] [out=SRC,DST[,TOS[,SRTP[,stats|nstats]]]]...   one rule
                                     request (RULE_NEW/DEL/GET); "stats": the
                                     output carries a (reply-only) STATS
                                     attribute, "nstats" the same as a nest
          [map=FROM:TO]...               an SSRC rewrite of the output before
                                     it (hex; without TO: malformed); replies
                                     show ",map FROM:TO" after the output
          [replace=PT:HEX]...            a payload replacement of the output
                                     before it (HEX "-": no pattern; empty:
                                     an empty one); replies ",replace PT:HEX"
          [flagsval=N] [essrc=HEX]...   raw flags (RTP 1, STUN 2, DTLS 4, SSRC 8),
                                     expected SSRCs (replies: "essrc HEX")
          [rtp=1] [pt=TYPE[:CLOCK]]...   RTP flag and payload type list; replies
          then show "flags F pt T:CLOCK ... ptstats T:PACKETS:BYTES ...
          ssrc HEX:PACKETS:BYTES:EXT_SEQ:LOST:JITTER ..." before "stats"
          [decrypt=SRTP] [out=SRC,DST,TOS,SRTP]  SRTP in / out, SRTP being
          SUITE/KEYHEX/SALTHEX[/mki=HEX][/roc=SSRCHEX:ROC]...[/raw=HEX] with
          SUITE a name (aes128_80, null_32, aes256_32, ...) or a number;
          replies show "decrypt SUITE:MKILEN[:SSRC/ROC...]" and outputs
          ",enc SUITE:MKILEN[:SSRC/ROC...]"; [hex=1] also prints each reply
          message's raw bytes ("hex ...")
  genl.py rules [TABLE] [hex]        dump rules; one line per rule with stats
  genl.py bulk-add TABLE COUNT [BATCH] [FIRST]  COUNT distinct rules (numbers
                                     FIRST.., default 0), BATCH requests per
                                     send(); prints rules/s
  genl.py bulk-del TABLE COUNT [BATCH] [FIRST] [errors-only]  delete COUNT
                                        bulk-add rules from FIRST
  genl.py rules-count TABLE          dump rules, print only the count
  genl.py churn STOPFILE TABLE COUNT FIRST...  add and delete those rules
                                     in turn until STOPFILE exists
  genl.py batch [--serve]            one of the commands above per line of
                                     stdin (shell words), on one socket: the
                                     outputs in order (a process start costs
                                     about a second in the test VM); --serve:
                                     "--- genl done" after each output
ATTR is a number or a name (table_id, ...), VALUE a u32, or hex:.. for raw bytes.
"""
import errno
import os
import random
import select
import shlex
import socket
import struct
import sys
import time

import uapi     # tests/kernel/lib, beside this file

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLM_F_DUMP_INTR = 0x10
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2

# The ABI's numbers, parsed from include/uapi/linux/rtpfwd.h (uapi.py), which
# check-spec.sh proves equal to rtpfwd.yaml: none is typed here.
_ABI = uapi.rtpfwd_abi()


def _abi(prefix, *names):
    return tuple(_ABI[prefix + n] for n in names)


CMDS = uapi.enum_members(_ABI, "RTPFWD_CMD_")
ATTRS = {k.lower(): v for k, v in uapi.enum_members(_ABI, "RTPFWD_A_").items()
         if k.startswith("TABLE_")}
(A_RULE,) = _abi("RTPFWD_A_", "RULE")
RULE_LOCAL, RULE_EXPECT, RULE_MISMATCH, RULE_OUTPUT, RULE_STATS = \
    _abi("RTPFWD_RULE_A_", "LOCAL", "EXPECT", "MISMATCH", "OUTPUT", "STATS")
RULE_FLAGS, RULE_PAYLOAD_TYPE, RULE_PT_STATS, RULE_SSRC_STATS = \
    _abi("RTPFWD_RULE_A_", "FLAGS", "PAYLOAD_TYPE", "PT_STATS", "SSRC_STATS")
(RULE_SSRC,) = _abi("RTPFWD_RULE_A_", "SSRC")    # an expected SSRC (u32), with RULE_F_SSRC
(RULE_F_RTP,) = _abi("RTPFWD_RULE_F_", "RTP")
EP_ADDR4, EP_ADDR6, EP_PORT = _abi("RTPFWD_EP_A_", "ADDR4", "ADDR6", "PORT")
OUT_SRC, OUT_DST, OUT_TOS = _abi("RTPFWD_OUT_A_", "SRC", "DST", "TOS")
STATS_PACKETS, STATS_BYTES, STATS_ERRORS, STATS_TTL_EXPIRED, STATS_TOO_BIG = \
    _abi("RTPFWD_STATS_A_", "PACKETS", "BYTES", "ERRORS", "TTL_EXPIRED", "TOO_BIG")
PT_TYPE, PT_CLOCK_RATE, PT_PACKETS, PT_BYTES = _abi("RTPFWD_PT_A_", "TYPE", "CLOCK_RATE", "PACKETS", "BYTES")
(RULE_DECRYPT,) = _abi("RTPFWD_RULE_A_", "DECRYPT")
(OUT_ENCRYPT,) = _abi("RTPFWD_OUT_A_", "ENCRYPT")
(OUT_STATS,) = _abi("RTPFWD_OUT_A_", "STATS")
(OUT_SSRC_MAP, OUT_PT_REPLACE) = _abi("RTPFWD_OUT_A_", "SSRC_MAP", "PT_REPLACE")
REPL_TYPE, REPL_PATTERN = _abi("RTPFWD_PT_REPLACE_A_", "TYPE", "PATTERN")
MAP_FROM, MAP_TO = _abi("RTPFWD_SSRC_MAP_A_", "FROM", "TO")
STATS_SRTP_AUTH_FAILED, STATS_SRTP_REPLAYED, STATS_BLACKHOLED = \
    _abi("RTPFWD_STATS_A_", "SRTP_AUTH_FAILED", "SRTP_REPLAYED", "BLACKHOLED")
SRTP_SUITE, SRTP_MASTER_KEY, SRTP_MASTER_SALT, SRTP_MKI, SRTP_ROC, SRTP_MKI_LEN, SRTP_NOAUTH = \
    _abi("RTPFWD_SRTP_A_", "SUITE", "MASTER_KEY", "MASTER_SALT", "MKI", "ROC", "MKI_LEN",
         "UNAUTHENTICATED")
SRTP_ROC_SSRC, SRTP_ROC_ROC = _abi("RTPFWD_SRTP_ROC_A_", "SSRC", "ROC")
(A_RECORDING,) = _abi("RTPFWD_A_", "RECORDING")
(RULE_RECORDING,) = _abi("RTPFWD_RULE_A_", "RECORDING")
REC_CALL, REC_STREAM, REC_ID, REC_PACKETS, REC_QUEUED, REC_DROPPED = \
    _abi("RTPFWD_REC_A_", "CALL", "STREAM", "ID", "PACKETS", "QUEUED", "DROPPED")
# suite names as srtp_peer spells them: aes128_80 -> AES_CM_128_HMAC_SHA1_80
SRTP_SUITES = {k: v for k, v in uapi.enum_members(_ABI, "RTPFWD_SRTP_SUITE_").items()}
SRTP_SUITE_NAMES = {
    "none": "NONE", "aes128_80": "AES_CM_128_HMAC_SHA1_80", "aes128_32": "AES_CM_128_HMAC_SHA1_32",
    "null_80": "NULL_HMAC_SHA1_80", "null_32": "NULL_HMAC_SHA1_32",
    "aes192_80": "AES_192_CM_HMAC_SHA1_80", "aes192_32": "AES_192_CM_HMAC_SHA1_32",
    "aes256_80": "AES_256_CM_HMAC_SHA1_80", "aes256_32": "AES_256_CM_HMAC_SHA1_32",
    "gcm128": "AEAD_AES_128_GCM", "gcm256": "AEAD_AES_256_GCM",
    "f8_80": "F8_128_HMAC_SHA1_80", "f8_32": "F8_128_HMAC_SHA1_32"}
SRTP_SUITE_BY_NUM = {SRTP_SUITES[v]: k for k, v in SRTP_SUITE_NAMES.items()}
SSRC_SSRC, SSRC_PACKETS, SSRC_BYTES, SSRC_EXT_SEQ, SSRC_LOST, SSRC_JITTER = \
    _abi("RTPFWD_SSRC_A_", "SSRC", "PACKETS", "BYTES", "EXT_SEQ", "LOST", "JITTER")
NLA_F_NESTED = 0x8000
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x100, 0x200, 0x400
ATTR_NAMES = {v: k for k, v in ATTRS.items()}
CMD_NAMES = {v: k for k, v in CMDS.items()}


def nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def parse_attrs(buf):
    out, off = [], 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("=HH", buf, off)
        if alen < 4 or off + alen > len(buf):
            break
        out.append((atype & 0x3FFF, buf[off + 4:off + alen]))
        off += (alen + 3) & ~3
    return out


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = int(time.time())
        self.family, self.groups = self.resolve("rtpengine")

    def send(self, ftype, flags, cmd, payload, version=1):
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        hdr = struct.pack("=IHHII", 16 + len(body), ftype, flags, self.seq, 0)
        self.sock.send(hdr + body)
        return self.seq

    def send_raw(self, data):
        self.sock.send(data)

    def messages(self):
        """Yield (type, flags, payload) until the request is answered."""
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, mflags, _seq, _pid = struct.unpack_from("=IHHII", data, off)
                if mlen < 16:
                    return
                yield mtype, mflags, data[off + 16:off + mlen]
                off += (mlen + 3) & ~3

    def transact(self, ftype, flags, cmd, payload):
        """Return (errno, extack message, [reply attribute lists], interrupted);
        self.raw: the reply messages' bytes."""
        self.send(ftype, flags | NLM_F_REQUEST | NLM_F_ACK, cmd, payload)
        replies, intr, self.raw = [], False, []
        for mtype, mflags, body in self.messages():
            self.raw.append(body)
            if mflags & NLM_F_DUMP_INTR:
                intr = True
            if mtype == NLMSG_DONE:
                return 0, "", replies, intr
            if mtype == NLMSG_ERROR:
                err = -struct.unpack_from("=i", body, 0)[0]
                msg = ""
                if mflags & NLM_F_ACK_TLVS:
                    # NETLINK_CAP_ACK: only the request's header is echoed
                    for atype, val in parse_attrs(body[4 + 16:]):
                        if atype == NLMSGERR_ATTR_MSG:
                            msg = val.rstrip(b"\0").decode()
                return err, msg, replies, intr
            replies.append(parse_attrs(body[4:]))
        return -1, "connection closed", replies, intr

    def resolve(self, name):
        err, msg, replies, _ = self.transact(
            GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY,
            nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err or not replies:
            sys.exit(f"family {name}: {os.strerror(err)} {msg}")
        family, groups = None, {}
        for atype, val in replies[0]:
            if atype == CTRL_ATTR_FAMILY_ID:
                family = struct.unpack("=H", val[:2])[0]
            elif atype == CTRL_ATTR_MCAST_GROUPS:
                for _, grp in parse_attrs(val):
                    g = dict(parse_attrs(grp))
                    groups[g[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                        struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID])[0]
        return family, groups


def encode_args(args):
    payload = b""
    for arg in args:
        key, _, value = arg.partition("=")
        atype = ATTRS.get(key) or int(key)
        if value.startswith("hex:"):
            payload += nla(atype, bytes.fromhex(value[4:]))
        else:
            payload += nla(atype, struct.pack("=I", int(value)))
    return payload


def describe(attrs):
    parts = []
    for atype, val in attrs:
        name = ATTR_NAMES.get(atype, str(atype))
        parts.append(f"{name}={struct.unpack('=I', val)[0]}" if len(val) == 4
                     else f"{name}=hex:{val.hex()}")
    return " ".join(parts)


def cmd_req(g, args):
    err, msg, replies, _ = g.transact(g.family, 0, CMDS[args[0]], encode_args(args[1:]))
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg}")
    for r in replies:
        print("reply " + describe(r))


def cmd_dump(g, args):
    err, msg, replies, intr = g.transact(g.family, NLM_F_DUMP, CMDS[args[0]],
                                         encode_args(args[1:]))
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg} "
          f"count={len(replies)} intr={int(intr)}")
    for r in replies:
        print("entry " + describe(r))


def cmd_listen(g, args):
    g.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, g.groups["notify"])
    print("listening", flush=True)
    end = time.time() + float(args[0])
    raw = "hex" in args[1:]
    counts = [a for a in args[1:] if a != "hex"]
    left = int(counts[0]) if counts else -1
    while time.time() < end and left != 0:
        if not select.select([g.sock], [], [], 0.2)[0]:
            continue
        data = g.sock.recv(65536)
        if raw:
            print("hex " + data.hex(), flush=True)
        cmd, attrs = data[16], parse_attrs(data[20:])
        if cmd in (CMDS["RULE_NEW"], CMDS["RULE_DEL"]):
            # rule events: nlmsg_flags (CREATE 0x400, REPLACE 0x100) and the key
            flags = struct.unpack_from("=H", data, 6)[0]
            print(f"event {CMD_NAMES[cmd]} flags=0x{flags:x} {rule_text(attrs)}", flush=True)
        else:
            print(f"event {CMD_NAMES.get(cmd, cmd)} {describe(attrs)}", flush=True)
        left -= 1


def malformed(rng, family):
    """A request that no correct kernel may accept."""
    cmd = rng.choice([1, 2, 3])
    kind = rng.randrange(7)
    if kind == 0:      # table id out of range
        attrs = nla(1, struct.pack("=I", rng.randrange(64, 1 << 32)))
    elif kind == 1:    # table id of the wrong size
        attrs = nla(1, os.urandom(rng.choice([0, 1, 2, 3, 5, 8])))
    elif kind == 2:    # unknown or reply-only attribute next to a valid id
        attrs = nla(1, struct.pack("=I", 7)) + nla(rng.randrange(2, 300), os.urandom(4))
    elif kind == 3:    # attribute length runs past the message
        attrs = struct.pack("=HH", rng.randrange(12, 400), 1) + os.urandom(4)
    elif kind == 4:    # no attributes at all (missing id)
        attrs = b""
        cmd = rng.choice([1, 2])
    elif kind == 5:    # unknown command
        cmd = rng.choice([0, 4, 5, 17, 200, 255])
        attrs = nla(1, struct.pack("=I", 7))
    else:              # random bytes as attributes, with a bad first length
        attrs = struct.pack("=HH", rng.randrange(0, 4), 1) + os.urandom(rng.randrange(0, 64))
    version_byte = rng.choice([1, 1, 1, 0, 2])
    reserved = 0 if kind != 6 else rng.randrange(1, 65536)
    body = struct.pack("=BBH", cmd, version_byte, reserved) + attrs
    flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if rng.random() < 0.2 else 0)
    return struct.pack("=IHHII", 16 + len(body), family, flags, rng.randrange(1 << 32), 0) + body


def cmd_fuzz(g, args):
    count, rng = int(args[0]), random.Random(int(args[1]))
    accepted = 0
    for _ in range(count):
        g.send_raw(malformed(rng, g.family))
        for mtype, _flags, body in g.messages():
            if mtype == NLMSG_ERROR:
                if struct.unpack_from("=i", body, 0)[0] == 0:
                    accepted += 1
                break
            if mtype == NLMSG_DONE:
                accepted += 1   # a dump that ran: malformed input accepted
                break
    print(f"sent={count} accepted={accepted}")


def ep(text):
    """'1.2.3.4:5' or '[::1]:5' -> endpoint nest payload"""
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    if ":" in host:
        addr = nla(EP_ADDR6, socket.inet_pton(socket.AF_INET6, host))
    else:
        addr = nla(EP_ADDR4, socket.inet_pton(socket.AF_INET, host))
    return addr + nla(EP_PORT, struct.pack("=H", int(port)))


def nest(atype, payload):
    return nla(atype | NLA_F_NESTED, payload)


def ep_text(payload):
    a = dict(parse_attrs(payload))
    port = struct.unpack("=H", a[EP_PORT][:2])[0]
    if EP_ADDR4 in a:
        return f"{socket.inet_ntop(socket.AF_INET, a[EP_ADDR4])}:{port}"
    return f"[{socket.inet_ntop(socket.AF_INET6, a[EP_ADDR6])}]:{port}"


def srtp_attrs(spec):
    """SUITE/KEY/SALT[/mki=HEX][/roc=SSRC:ROC]...[/noauth][/raw=HEX] -> SRTP nest payload"""
    parts = spec.split("/")
    suite = SRTP_SUITES[SRTP_SUITE_NAMES[parts[0]]] if parts[0] in SRTP_SUITE_NAMES \
        else int(parts[0], 0)
    body = nla(SRTP_SUITE, struct.pack("=I", suite))
    if len(parts) > 1 and parts[1]:
        body += nla(SRTP_MASTER_KEY, bytes.fromhex(parts[1]))
    if len(parts) > 2 and parts[2]:
        body += nla(SRTP_MASTER_SALT, bytes.fromhex(parts[2]))
    for extra in parts[3:]:
        key, _, value = extra.partition("=")
        if key == "mki":
            body += nla(SRTP_MKI, bytes.fromhex(value))
        elif key == "roc":
            ssrc, _, roc = value.partition(":")
            rb = nla(SRTP_ROC_SSRC, struct.pack("=I", int(ssrc, 16)))
            if roc:
                rb += nla(SRTP_ROC_ROC, struct.pack("=I", int(roc)))
            body += nest(SRTP_ROC, rb)
        elif key == "raw":
            body += bytes.fromhex(value)
        elif key == "noauth":
            body += nla(SRTP_NOAUTH, b"")
        else:
            sys.exit(f"unknown SRTP argument {extra}")
    return body


def srtp_text(payload):
    """A reply's SRTP nest: SUITE:MKILEN[:noauth][:SSRC/ROC...]"""
    words = []
    suite, mki_len, rocs = None, None, []
    for atype, val in parse_attrs(payload):
        if atype == SRTP_SUITE:
            suite = struct.unpack("=I", val)[0]
        elif atype == SRTP_MKI_LEN:
            mki_len = val[0]
        elif atype == SRTP_NOAUTH and not val:
            words.append("noauth")
        elif atype == SRTP_ROC:
            r = dict(parse_attrs(val))
            rocs.append(f"{struct.unpack('=I', r[SRTP_ROC_SSRC])[0]:x}/"
                        f"{struct.unpack('=I', r[SRTP_ROC_ROC])[0]}")
        else:
            words.append(f"unexpected{atype}")   # a key would show up here
    words.insert(0, f"{SRTP_SUITE_BY_NUM.get(suite, suite)}:{mki_len}")
    return ":".join(words + rocs)


def rtp_words(rtype, rval):
    """The RTP attributes of a rule reply as words; [] for others."""
    if rtype == RULE_SSRC:
        return [f"essrc {struct.unpack('=I', rval)[0]:x}"]
    if rtype == RULE_DECRYPT:
        return [f"decrypt {srtp_text(rval)}"]
    a = dict(parse_attrs(rval)) if rtype != RULE_FLAGS else {}
    u32 = lambda k: struct.unpack("=I", a[k])[0] if k in a else 0
    u64 = lambda k: struct.unpack("=Q", a[k])[0]
    if rtype == RULE_FLAGS:
        return [f"flags {struct.unpack('=I', rval)[0]}"]
    if rtype == RULE_PAYLOAD_TYPE:
        return [f"pt {a[PT_TYPE][0]}:{u32(PT_CLOCK_RATE)}"]
    if rtype == RULE_PT_STATS:
        return [f"ptstats {a[PT_TYPE][0]}:{u64(PT_PACKETS)}:{u64(PT_BYTES)}"]
    if rtype == RULE_SSRC_STATS:
        return [f"ssrc {u32(SSRC_SSRC):x}:{u64(SSRC_PACKETS)}:{u64(SSRC_BYTES)}:"
                f"{u32(SSRC_EXT_SEQ)}:{u32(SSRC_LOST)}:{u32(SSRC_JITTER)}"]
    return []


def rule_text(attrs):
    table, words, rtp = None, [], []
    for atype, val in attrs:
        if atype == 1:
            table = struct.unpack("=I", val)[0]
        elif atype == A_RULE:
            for rtype, rval in parse_attrs(val):
                if rtype == RULE_LOCAL:
                    words.append("local " + ep_text(rval))
                elif rtype == RULE_EXPECT:
                    words.append("expect " + ep_text(rval))
                elif rtype == RULE_MISMATCH:
                    words.append(f"mismatch {rval[0]}")
                elif rtype == RULE_OUTPUT:
                    o = dict(parse_attrs(rval))
                    enc = f",enc {srtp_text(o[OUT_ENCRYPT])}" if OUT_ENCRYPT in o else ""
                    maps = "".join(
                        ",map {:x}:{:x}".format(*(struct.unpack("=I", m[k])[0] for k in (MAP_FROM, MAP_TO)))
                        for t, v in parse_attrs(rval) if t == OUT_SSRC_MAP for m in [dict(parse_attrs(v))])
                    maps += "".join(
                        f",replace {r[REPL_TYPE][0]}:{r[REPL_PATTERN].hex()}"
                        for t, v in parse_attrs(rval) if t == OUT_PT_REPLACE for r in [dict(parse_attrs(v))])
                    words.append(f"out {ep_text(o[OUT_SRC])},{ep_text(o[OUT_DST])},{o[OUT_TOS][0]}"
                                 + enc + maps)
                elif rtype == RULE_RECORDING:
                    rtp.append(f"record {struct.unpack('=I', rval)[0]}")
                elif rtype == RULE_STATS:
                    st = dict(parse_attrs(rval))
                    words.append("stats " + " ".join(
                        str(struct.unpack("=Q", st[k])[0])
                        for k in (STATS_PACKETS, STATS_BYTES, STATS_ERRORS)))
                    # rare counters, when not 0, before "stats" like the RTP words
                    rtp += [f"{name} {struct.unpack('=Q', st[k])[0]}"
                            for name, k in (("ttl_expired", STATS_TTL_EXPIRED),
                                            ("too_big", STATS_TOO_BIG),
                                            ("srtp_auth_failed", STATS_SRTP_AUTH_FAILED),
                                            ("srtp_replayed", STATS_SRTP_REPLAYED),
                                            ("blackholed", STATS_BLACKHOLED))
                            if k in st and struct.unpack("=Q", st[k])[0]]
                else:
                    rtp += rtp_words(rtype, rval)
    # RTP words go before "stats", which stays last (tests parse "... stats P B E")
    if rtp:
        at = next((i for i, w in enumerate(words) if w.startswith("stats ")), len(words))
        words[at:at] = rtp
    return f"table {table} " + " ".join(words)


def cmd_rule(g, args):
    cmd, table, flags, rule, show_hex = CMDS[args[0]], int(args[1]), 0, b"", False
    outs = []
    for arg in args[2:]:
        key, _, value = arg.partition("=")
        if key == "flags":
            for f in value.split(","):
                flags |= {"create": NLM_F_CREATE, "excl": NLM_F_EXCL,
                          "replace": NLM_F_REPLACE}[f]
        elif key == "local":
            rule += nest(RULE_LOCAL, ep(value))
        elif key == "expect":
            rule += nest(RULE_EXPECT, ep(value))
        elif key == "mismatch":
            rule += nla(RULE_MISMATCH, bytes([int(value)]))
        elif key == "out":
            parts = value.split(",")
            out = nest(OUT_SRC, ep(parts[0])) + nest(OUT_DST, ep(parts[1]))
            if len(parts) > 2:
                out += nla(OUT_TOS, bytes([int(parts[2])]))
            if len(parts) > 3 and parts[3]:
                out += nest(OUT_ENCRYPT, srtp_attrs(parts[3]))
            if len(parts) > 4:      # reply-only: refused; nstats with NLA_F_NESTED
                counters = nla(STATS_PACKETS, struct.pack("=Q", 0))
                out += {"stats": nla, "nstats": nest}[parts[4]](OUT_STATS, counters)
            outs.append(out)
        elif key == "map":      # FROM:TO (hex SSRCs), for the last output
            frm, _, to = value.partition(":")
            outs[-1] += nest(OUT_SSRC_MAP, nla(MAP_FROM, struct.pack("=I", int(frm, 16))) +
                             (nla(MAP_TO, struct.pack("=I", int(to, 16))) if to else b""))
        elif key == "replace":  # PT:HEX, for the last output (without HEX: no pattern)
            ptype, _, pattern = value.partition(":")
            outs[-1] += nest(OUT_PT_REPLACE, nla(REPL_TYPE, bytes([int(ptype)])) +
                             (nla(REPL_PATTERN, bytes.fromhex(pattern)) if pattern != "-" else b""))
        elif key == "rtp":
            rule += nla(RULE_FLAGS, struct.pack("=I", RULE_F_RTP if int(value) else 0))
        elif key == "flagsval":
            rule += nla(RULE_FLAGS, struct.pack("=I", int(value, 0)))
        elif key == "essrc":    # an expected SSRC, hex
            rule += nla(RULE_SSRC, struct.pack("=I", int(value, 16)))
        elif key == "pt":
            ptype, _, clock = value.partition(":")
            body = nla(PT_TYPE, bytes([int(ptype)]))
            if clock:
                body += nla(PT_CLOCK_RATE, struct.pack("=I", int(clock)))
            rule += nest(RULE_PAYLOAD_TYPE, body)
        elif key == "raw":
            rule += bytes.fromhex(value)
        elif key == "decrypt":
            rule += nest(RULE_DECRYPT, srtp_attrs(value))
        elif key == "record":   # a recorded stream's id
            rule += nla(RULE_RECORDING, struct.pack("=I", int(value)))
        elif key == "hex":
            show_hex = bool(int(value))
        else:
            sys.exit(f"unknown rule argument {arg}")
    rule += b"".join(nest(RULE_OUTPUT, out) for out in outs)
    payload = nla(1, struct.pack("=I", table)) + nest(A_RULE, rule)
    err, msg, replies, _ = g.transact(g.family, flags, cmd, payload)
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg}")
    for r in replies:
        print(rule_text(r))
    if show_hex:
        for raw in g.raw:
            print("hex " + raw.hex())


def recording_text(attrs):
    """A recording reply: table N call C stream S id I packets P queued Q dropped D"""
    table, words = None, []
    for atype, val in attrs:
        if atype == 1:
            table = struct.unpack("=I", val)[0]
        elif atype == A_RECORDING:
            r = dict(parse_attrs(val))
            words += ["call " + r[REC_CALL].rstrip(b"\0").decode(),
                      "stream " + r[REC_STREAM].rstrip(b"\0").decode()]
            words += [f"{name} {struct.unpack(fmt, r[k])[0]}"
                      for name, k, fmt in (("id", REC_ID, "=I"), ("packets", REC_PACKETS, "=I"),
                                           ("queued", REC_QUEUED, "=I"),
                                           ("dropped", REC_DROPPED, "=Q"))]
    return f"recording table {table} " + " ".join(words)


def recording_payload(table, words):
    """TABLE's id and a recording nest of WORDS (cmd_recording's key=value)"""
    rec = b""
    for arg in words:
        key, _, value = arg.partition("=")
        if key in ("call", "stream"):
            rec += nla(REC_CALL if key == "call" else REC_STREAM, value.encode() + b"\0")
        elif key in ("packets", "id"):
            rec += nla(REC_PACKETS if key == "packets" else REC_ID, struct.pack("=I", int(value)))
        elif key == "raw":
            rec += bytes.fromhex(value)
        else:
            sys.exit(f"unknown recording argument {arg}")
    return nla(1, struct.pack("=I", table)) + (nest(A_RECORDING, rec) if rec else b"")


def cmd_recording(g, args):
    """recording RECORDING_NEW|_DEL|_GET TABLE [call=C] [stream=S] [packets=N]
    [id=N] [raw=HEX] (id: reply-only, refused; raw: appended to the nest)"""
    payload = recording_payload(int(args[1]), args[2:])
    err, msg, replies, _ = g.transact(g.family, 0, CMDS[args[0]], payload)
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg}")
    for r in replies:
        print(recording_text(r))


def cmd_recordings(g, args):
    """recordings [TABLE]: dump a table's recorded streams"""
    payload = nla(1, struct.pack("=I", int(args[0]))) if args else b""
    err, msg, replies, _ = g.transact(g.family, NLM_F_DUMP, CMDS["RECORDING_GET"], payload)
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg} count={len(replies)}")
    for r in replies:
        print(recording_text(r))


def cmd_recordings_intr(g, args):
    """recordings-intr TABLE CALL COUNT [change]: COUNT streams s0.. of CALL,
    then a dump of TABLE read one round at a time; with "change", after the
    first round another socket deletes s0 and records "late" (it takes id 0,
    which the dump has passed). Prints how many the dump told, whether any
    message was marked NLM_F_DUMP_INTR, whether "late" was told, the rounds."""
    table, call, count = int(args[0]), args[1], int(args[2])
    change = args[3:] == ["change"]

    def rec_req(cmd, stream):
        payload = recording_payload(table, [f"call={call}", f"stream={stream}"])
        err, msg, _, _ = g.transact(g.family, 0, CMDS[cmd], payload)
        if err:
            sys.exit(f"{cmd} {stream}: {errno.errorcode.get(err, err)} {msg}")

    for i in range(count):
        rec_req("RECORDING_NEW", f"s{i}")
    d = Genl()
    d.send(d.family, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, CMDS["RECORDING_GET"],
           nla(1, struct.pack("=I", table)))
    told, intr, late, rounds, done = 0, 0, 0, 0, False
    while not done:
        data = d.sock.recv(65536)
        rounds += 1
        off = 0
        while off + 16 <= len(data):
            mlen, mtype, mflags, _seq, _pid = struct.unpack_from("=IHHII", data, off)
            if mflags & NLM_F_DUMP_INTR:
                intr = 1
            if mtype in (NLMSG_DONE, NLMSG_ERROR) or mlen < 16:
                done = True
                break
            r = dict(parse_attrs(data[off + 20:off + mlen]))
            rec = dict(parse_attrs(r[A_RECORDING]))
            told += 1
            late |= rec[REC_STREAM] == b"late\0"
            off += (mlen + 3) & ~3
        if change and rounds == 1:
            rec_req("RECORDING_DEL", "s0")
            rec_req("RECORDING_NEW", "late")
    print(f"told={told} intr={intr} late={int(late)} rounds={rounds}")


def cmd_rules(g, args):
    show_hex = "hex" in args
    args = [a for a in args if a != "hex"]
    payload = nla(1, struct.pack("=I", int(args[0]))) if args else b""
    err, msg, replies, intr = g.transact(g.family, NLM_F_DUMP, CMDS["RULE_GET"], payload)
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg} "
          f"count={len(replies)} intr={int(intr)}")
    for r in replies:
        print(rule_text(r))
    for raw in g.raw if show_hex else []:
        print("hex " + raw.hex())


# --- bulk helpers (tests/kernel/80-scale.sh) ---

def bulk_rule(table, i, key_only=False):
    """RULE_NEW payload of rule number i: local 10.a.b.c:port, one output
    (@key_only: the local endpoint alone, for RULE_DEL)."""
    local = struct.pack("=BBBB", 10, (i >> 16) & 255, (i >> 8) & 255, i & 255)
    rule = nest(RULE_LOCAL, nla(EP_ADDR4, local) + nla(EP_PORT, struct.pack("=H", 1024 + i % 60000)))
    if not key_only:
        rule += nest(RULE_OUTPUT, nest(OUT_SRC, ep("192.0.2.1:30000")) +
                     nest(OUT_DST, ep(f"198.51.100.{i % 250 + 1}:{2000 + i % 50000}")))
    return nla(1, struct.pack("=I", table)) + nest(A_RULE, rule)


def bulk_bodies(cmd, table, first, count, key_only=False):
    """The request bodies (cmd header + bulk_rule()) of rules first..first+count:
    one built, the bytes that differ from rule to rule (the local address's
    last three, the ports, the output's last address byte) patched into
    copies: ~3x faster than building each (80-scale builds 100,000, seconds
    under emulation). Those bytes are found by comparing two rules that
    differ in all of them; the result is checked against bulk_rule() for
    three rules."""
    head = struct.pack("=BBH", CMDS[cmd], 1, 0)
    a, b = head + bulk_rule(table, 0, key_only), head + bulk_rule(table, 0x010101, key_only)
    where = [k for k in range(len(a)) if a[k] != b[k]]

    def fields(i):
        f = bytes([(i >> 16) & 255, (i >> 8) & 255, i & 255]) + struct.pack("=H", 1024 + i % 60000)
        if not key_only:
            f += bytes([i % 250 + 1]) + struct.pack("=H", 2000 + i % 50000)
        return f

    assert len(a) == len(b) and len(where) == len(fields(0)), "bulk_bodies: rule layout"
    bodies = []
    for i in range(first, first + count):
        m = bytearray(a)
        for k, v in zip(where, fields(i)):
            m[k] = v
        bodies.append(bytes(m))
    for i in {first, first + count // 2, first + count - 1} if count else ():
        assert bodies[i - first] == head + bulk_rule(table, i, key_only), f"bulk_bodies: rule {i}"
    return bodies


def pipeline(g, bodies, flags, batch, errors_only=False):
    """Send genl request bodies (cmd header + attributes) batch at a time,
    several netlink messages per send(), then collect their acks.
    errors_only: no NLM_F_ACK but on each batch's last request, so the kernel
    answers only failures (and that last one); success is what is not answered.
    Returns {errno: count} (0 = success)."""
    g.sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)   # SO_RCVBUFFORCE
    counts = {}
    for start in range(0, len(bodies), batch):
        chunk, want, sent, failed = bytearray(), set(), [], 0
        part = bodies[start:start + batch]
        for i, body in enumerate(part):
            g.seq += 1
            sent.append(g.seq)
            ack = not errors_only or i == len(part) - 1
            if ack:
                want.add(g.seq)
            chunk += struct.pack("=IHHII", 16 + len(body), g.family,
                                 flags | NLM_F_REQUEST | (NLM_F_ACK if ack else 0), g.seq, 0) + body
            chunk += b"\0" * ((4 - len(chunk) % 4) % 4)
        g.sock.send(chunk)
        while want:
            data = g.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, _fl, seq, _pid = struct.unpack_from("=IHHII", data, off)
                if mlen < 16:
                    break
                if mtype == NLMSG_ERROR and (seq in want or errors_only):
                    want.discard(seq)
                    err = -struct.unpack_from("=i", data, off + 16)[0]
                    if err or not errors_only:
                        counts[err] = counts.get(err, 0) + 1
                    if err and errors_only:
                        failed += 1
                elif mtype == NLMSG_DONE and seq in want:
                    # a GET whose flags include NLM_F_DUMP (= REPLACE|EXCL)
                    # ran as a dump: answered by NLMSG_DONE, not an ack
                    want.discard(seq)
                    counts["DUMP"] = counts.get("DUMP", 0) + 1
                off += (mlen + 3) & ~3
        if errors_only:     # the unanswered ones succeeded
            counts[0] = counts.get(0, 0) + len(part) - failed
    return counts


def histogram(counts):
    return " ".join(f"{errno.errorcode.get(e, e) if e else 'OK'}={n}"
                    for e, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def cmd_bulk_add(g, args):
    """bulk-add TABLE COUNT [BATCH] [FIRST] [errors-only]: COUNT distinct
    rules, pipelined; errors-only: the kernel acks only failures."""
    errors_only = "errors-only" in args
    args = [a for a in args if a != "errors-only"]
    table, count = int(args[0]), int(args[1])
    batch = int(args[2]) if len(args) > 2 else 256
    first = int(args[3]) if len(args) > 3 else 0
    t0 = time.time()
    bodies = bulk_bodies("RULE_NEW", table, first, count)
    t1 = time.time()
    counts, quarters, t = {}, [], t1
    for q in range(4):   # rates per quarter: does adding slow down as it grows?
        part = bodies[q * count // 4:(q + 1) * count // 4]
        for e, c in pipeline(g, part, NLM_F_CREATE | NLM_F_EXCL, batch, errors_only).items():
            counts[e] = counts.get(e, 0) + c
        now = time.time()
        quarters.append(f"{len(part) / max(now - t, 1e-6):.0f}")
        t = now
    t2 = time.time()
    print(f"added={counts.get(0, 0)} errors={histogram(counts)} "
          f"seconds={t2 - t1:.2f} rules_per_s={count / max(t2 - t1, 1e-6):.0f} "
          f"quarters={','.join(quarters)} build_seconds={t1 - t0:.2f}")


def cmd_bulk_del(g, args):
    """bulk-del TABLE COUNT [BATCH] [FIRST] [errors-only]: delete rules
    FIRST.. that bulk-add made, pipelined; errors-only: the kernel acks only
    failures and each batch's last request (which settles the batch: one
    grace period per batch, not per delete)."""
    errors_only = "errors-only" in args
    args = [a for a in args if a != "errors-only"]
    table, count = int(args[0]), int(args[1])
    batch = int(args[2]) if len(args) > 2 else 256
    first = int(args[3]) if len(args) > 3 else 0
    bodies = bulk_bodies("RULE_DEL", table, first, count, key_only=True)
    t0 = time.time()
    counts = pipeline(g, bodies, 0, batch, errors_only)
    t1 = time.time()
    print(f"deleted={counts.get(0, 0)} errors={histogram(counts)} "
          f"seconds={t1 - t0:.2f} rules_per_s={count / max(t1 - t0, 1e-6):.0f}")


def cmd_churn(g, args):
    """churn STOPFILE TABLE COUNT FIRST [TABLE COUNT FIRST ...]: until STOPFILE
    exists, bulk-add then bulk-del (errors-only, 64 per send) each group of
    rules in turn; one line per bulk request as those print."""
    stop, groups = args[0], [args[i:i + 3] for i in range(1, len(args), 3)]
    while not os.path.exists(stop):
        for table, count, first in groups:
            cmd_bulk_add(g, [table, count, "64", first, "errors-only"])
            cmd_bulk_del(g, [table, count, "64", first, "errors-only"])
            sys.stdout.flush()


def cmd_rules_count(g, args):
    """rules-count TABLE: dump the table's rules, count them without decoding."""
    payload = nla(1, struct.pack("=I", int(args[0])))
    g.sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)
    g.send(g.family, NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP, CMDS["RULE_GET"], payload)
    count, intr, err, msgs, t0 = 0, 0, None, 0, time.time()
    while err is None:
        data = g.sock.recv(1 << 20)
        msgs += 1
        off = 0
        while off + 16 <= len(data):
            mlen, mtype, mflags, _seq, _pid = struct.unpack_from("=IHHII", data, off)
            if mlen < 16:
                err = -1
                break
            if mflags & NLM_F_DUMP_INTR:
                intr = 1
            if mtype == NLMSG_DONE:
                err = 0
            elif mtype == NLMSG_ERROR:
                err = -struct.unpack_from("=i", data, off + 16)[0]
            else:
                count += 1
            off += (mlen + 3) & ~3
    print(f"errno={errno.errorcode.get(err, err) if err else 0} count={count} "
          f"intr={intr} reads={msgs} seconds={time.time() - t0:.2f}")


COMMANDS = {"req": cmd_req, "dump": cmd_dump, "listen": cmd_listen, "fuzz": cmd_fuzz,
            "rule": cmd_rule, "rules": cmd_rules, "recording": cmd_recording,
            "recordings": cmd_recordings,
            "recordings-intr": cmd_recordings_intr, "bulk-add": cmd_bulk_add,
            "bulk-del": cmd_bulk_del, "rules-count": cmd_rules_count, "churn": cmd_churn}


MARKER = "--- genl done"
STOP = "--- genl stop"


def cmd_batch(g, args):
    """batch [--serve]: every line of stdin is a command's words; blank lines
    skipped. --serve (a server for common.sh's genl_serve): MARKER after each
    command's output, a command that fails says so and ends only itself, and
    a STOP line ends the server."""
    serve = args[:1] == ["--serve"]
    for line in sys.stdin:
        if serve and line.strip() == STOP:
            break
        words = shlex.split(line)
        if not words:
            continue
        if not serve:
            COMMANDS[words[0]](g, words[1:])
        else:
            try:
                COMMANDS[words[0]](g, words[1:])
            except (Exception, SystemExit) as e:     # pylint: disable=broad-except
                print(f"genl: {' '.join(words)}: {type(e).__name__}: {e}")
            print(MARKER)
        sys.stdout.flush()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    g = Genl()
    dict(COMMANDS, batch=cmd_batch)[sys.argv[1]](g, sys.argv[2:])


if __name__ == "__main__":
    main()
