# SPDX-License-Identifier: GPL-2.0
"""Shared pieces of the rtpfwd fuzzers (tests/fuzz/README.md).

- the run's seed and size: RTPFWD_FUZZ_SEED, RTPFWD_FUZZ=short|long
- the ABI's numbers, parsed from include/uapi/linux/*.h at run time (enum
  members and #defines), and the struct layouts of rtpengine_compat.h, so a
  renumbered or grown ABI is fuzzed as it is, never as it was retyped here
- a raw generic netlink socket (no library between us and the kernel)

Standard library only: the VM guest runs the host's /usr/bin/python3.
"""
import os
import random
import re
import socket
import struct
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The netlink attribute helpers are the kernel tests' own (tests/kernel/lib/genl.py).
sys.path.insert(0, os.path.join(REPO, "tests", "kernel", "lib"))
from genl import nla, parse_attrs  # noqa: E402,F401  (re-exported: fl.nla, fl.parse_attrs)


# ---- seed and size ---------------------------------------------------------

def long_mode():
    """RTPFWD_FUZZ=long: the counts of issue 18 (make check-debug)."""
    return os.environ.get("RTPFWD_FUZZ", "short") == "long"


def scaled(short, long_):
    """A count for this run: env RTPFWD_FUZZ=long picks the long one."""
    return long_ if long_mode() else short


def make_rng(name):
    """The run's random generator; prints the seed so a run can be replayed
    with RTPFWD_FUZZ_SEED=<seed>."""
    seed = os.environ.get("RTPFWD_FUZZ_SEED")
    seed = int(seed, 0) if seed else random.SystemRandom().randrange(1 << 32)
    print(f"{name}: seed {seed} (RTPFWD_FUZZ_SEED={seed} replays it), "
          f"mode {'long' if long_mode() else 'short'}", flush=True)
    return random.Random(seed), seed


# ---- the ABI's numbers (tests/kernel/lib/uapi.py) -----------------------------

from uapi import UAPI, _strip_comments, _c_eval, enum_members, parse_header, rtpfwd_abi  # noqa: E402,F401


# ---- struct layouts (rtpengine_compat.h) ---------------------------------------

_SCALARS = {"__u8": 1, "__s8": 1, "char": 1, "__u16": 2, "__s16": 2, "__be16": 2,
            "__u32": 4, "__s32": 4, "__be32": 4, "__u64": 8, "__s64": 8, "__be64": 8}


class Field:
    """One scalar (or char array) of a layout: where it is and how big."""
    __slots__ = ("path", "offset", "size", "elem")

    def __init__(self, path, offset, size, elem):
        self.path, self.offset, self.size, self.elem = path, offset, size, elem

    def __repr__(self):
        return f"{self.path}@{self.offset}+{self.size}"


class Layout:
    """Sizes, alignments and flattened fields of the structs and unions of a
    header, computed the way GCC lays them out on x86-64."""

    def __init__(self, path, names):
        self.types = {}     # "struct x" / "union x" -> (size, align, [Field])
        text = _strip_comments(open(path).read())
        for kind, tag, body in re.findall(r"\b(struct|union)\s+(\w+)\s*\{((?:[^{}]|\{[^{}]*\})*)\}\s*;",
                                          text, re.S):
            self.types[f"{kind} {tag}"] = self._layout(kind, body, names)

    def _member_type(self, decl):
        """(size, align, fields) of a member's type."""
        if decl in _SCALARS:
            return _SCALARS[decl], _SCALARS[decl], None
        return self.types[decl]

    def _layout(self, kind, body, names):
        members = []
        # anonymous-tag unions: "union { ... } u;"
        for inner_kind, inner, member in re.findall(r"\b(union|struct)\s*\{([^{}]*)\}\s*(\w+)\s*;", body):
            members.append((member, self._layout(inner_kind, inner, names)))
        body = re.sub(r"\b(union|struct)\s*\{[^{}]*\}\s*\w+\s*;", "@ANON;", body)
        fields, offset, align, size = [], 0, 1, 0
        anon = iter(members)
        for decl in body.split(";"):
            decl = " ".join(decl.split())
            if not decl:
                continue
            if decl == "@ANON":
                member, (msize, malign, mfields) = next(anon)
                dims, typename = [], None
            else:
                m = re.fullmatch(r"((?:struct |union )?\w+) (\w+)((?:\[[^\]]+\])*)", decl)
                if not m:
                    raise ValueError(f"cannot lay out '{decl}'")
                typename, member = m.group(1), m.group(2)
                dims = [_c_eval(d, names) for d in re.findall(r"\[([^\]]+)\]", m.group(3))]
                msize, malign, mfields = self._member_type(typename)
            count = 1
            for d in dims:
                count *= d
            at = 0 if kind == "union" else (offset + malign - 1) // malign * malign
            for i in range(count):
                base = at + i * msize
                suffix = f"[{i}]" if count > 1 else ""
                if mfields is None:
                    if typename in ("char", "__u8") and count > 1:
                        if i == 0:  # a byte string: one field
                            fields.append(Field(member, base, count, 1))
                        continue
                    fields.append(Field(member + suffix, base, msize, msize))
                else:
                    for f in mfields:
                        fields.append(Field(f"{member}{suffix}.{f.path}", base + f.offset,
                                            f.size, f.elem))
            align = max(align, malign)
            if kind == "union":
                size = max(size, msize * count)
            else:
                offset = at + msize * count
                size = offset
        size = (size + align - 1) // align * align
        return size, align, fields

    def field(self, name, path):
        """The Field of @name (e.g. "struct rtpe10_msg") at @path ("u.target.flags")."""
        for f in self.types[name][2]:
            if f.path == path:
                return f
        raise KeyError(f"{name}: no field {path}")

    def size(self, name):
        return self.types[name][0]

    def fields(self, name):
        return self.types[name][2]


def compat_abi():
    path = os.path.join(UAPI, "rtpengine_compat.h")
    names = parse_header(path)
    return names, Layout(path, names)


# ---- netlink -------------------------------------------------------------------

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 1, 2, 4, 8
NLM_F_DUMP_INTR = 0x10
NLM_F_ROOT, NLM_F_MATCH, NLM_F_DUMP = 0x100, 0x200, 0x300
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE, NLM_F_APPEND = 0x100, 0x200, 0x400, 0x800
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200
NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE = 1, 2, 3
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS = 1, 2
NLA_F_NESTED, NLA_F_NET_BYTEORDER = 0x8000, 0x4000
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 16, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2


class Answer:
    """What the kernel said to one request."""
    __slots__ = ("seq", "errno", "msg", "offs", "replies", "done", "intr", "flags", "messages")

    def __init__(self, seq):
        self.seq, self.errno, self.msg, self.offs = seq, None, "", None
        self.replies, self.done, self.intr, self.flags = [], False, False, 0
        self.messages = 0       # reads (recv() calls) that carried part of it


class GenlSocket:
    """A raw NETLINK_GENERIC socket that sends batches of requests and
    collects every answer by sequence number."""

    def __init__(self, family_name):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)   # SO_RCVBUFFORCE
        self.sock.bind((0, 0))
        self.seq = random.randrange(1 << 30)
        self.family = self.resolve(family_name)

    def next_seq(self):
        self.seq = (self.seq + 1) & 0xFFFFFFFF or 1
        return self.seq

    @staticmethod
    def header(length, ftype, flags, seq):
        return struct.pack("=IHHII", length, ftype, flags, seq, 0)

    def message(self, ftype, flags, cmd, payload, version=1, reserved=0, seq=None):
        body = struct.pack("=BBH", cmd, version, reserved) + payload
        seq = self.next_seq() if seq is None else seq
        return self.header(16 + len(body), ftype, flags, seq) + body, seq

    def resolve(self, name):
        data, seq = self.message(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY,
                                 nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        self.sock.send(data)
        ans = self.collect({seq}, 10)[seq]
        if ans.errno or not ans.replies:
            sys.exit(f"genl family {name}: errno {ans.errno} {ans.msg}")
        for atype, val in ans.replies[0][1]:
            if atype == CTRL_ATTR_FAMILY_ID:
                return struct.unpack("=H", val[:2])[0]
        sys.exit(f"genl family {name}: no id")

    def families(self):
        """Every generic netlink family id the kernel has (a dump of nlctrl)."""
        data, seq = self.message(GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, CTRL_CMD_GETFAMILY, b"")
        self.sock.send(data)
        ids = set()
        for _hdr, attrs in self.collect({seq}, 10)[seq].replies:
            for atype, val in attrs:
                if atype == CTRL_ATTR_FAMILY_ID:
                    ids.add(struct.unpack("=H", val[:2])[0])
        return ids

    def collect(self, want, timeout):
        """Read until every seq in @want is answered (NLMSG_ERROR, or
        NLMSG_DONE for a dump) or @timeout seconds pass without a message.
        Returns {seq: Answer}; unanswered seqs are missing. Messages for
        other seqs are returned under their own seq too."""
        answers, pending = {}, set(want)
        self.sock.settimeout(timeout)
        while pending:
            try:
                data = self.sock.recv(1 << 20)
            except socket.timeout:
                break
            off, counted = 0, set()
            while off + 16 <= len(data):
                mlen, mtype, mflags, seq, _pid = struct.unpack_from("=IHHII", data, off)
                if mlen < 16 or off + mlen > len(data):
                    raise RuntimeError(f"kernel sent a malformed netlink message (len {mlen})")
                body = data[off + 16:off + mlen]
                ans = answers.setdefault(seq, Answer(seq))
                if seq not in counted:
                    counted.add(seq)
                    ans.messages += 1
                if mflags & NLM_F_DUMP_INTR:
                    ans.intr = True
                if mtype == NLMSG_ERROR:
                    ans.errno = -struct.unpack_from("=i", body, 0)[0]
                    ans.flags = mflags
                    if mflags & NLM_F_ACK_TLVS:
                        skip = 4 + (16 if mflags & NLM_F_CAPPED else
                                    struct.unpack_from("=I", body, 4)[0])
                        for atype, val in parse_attrs(body[(skip + 3) & ~3:]):
                            if atype == NLMSGERR_ATTR_MSG:
                                ans.msg = val.rstrip(b"\0").decode(errors="replace")
                            elif atype == NLMSGERR_ATTR_OFFS:
                                ans.offs = struct.unpack("=I", val[:4])[0]
                    pending.discard(seq)
                elif mtype == NLMSG_DONE:
                    ans.done = True
                    ans.errno = struct.unpack_from("=i", body, 0)[0] * -1 if len(body) >= 4 else 0
                    pending.discard(seq)
                else:
                    ans.replies.append((body[:4], parse_attrs(body[4:])))
                off += (mlen + 3) & ~3
        return answers


def errname(err):
    import errno as _errno
    if err is None:
        return "none"
    return _errno.errorcode.get(err, str(err)) if err else "OK"


def histogram(counts):
    return " ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))


# Finding categories of open bugs, reported as KNOWN and not failing a run
# (comma-separated in RTPFWD_FUZZ_KNOWN; tests/kernel/lib/fuzz.sh).
KNOWN = set(filter(None, os.environ.get("RTPFWD_FUZZ_KNOWN", "").split(",")))


def verdict(name, findings, seed=None):
    """Print a fuzzer's findings by category; its exit status: 1 when one is
    not in RTPFWD_FUZZ_KNOWN (the open bugs the fuzzers may report)."""
    cats = {}
    for c in findings:
        cats[c] = cats.get(c, 0) + 1
    print(f"{name}: findings={len(findings)} {histogram(cats)}"
          + (f" seed={seed}" if seed is not None else ""))
    new = [c for c in findings if c not in KNOWN]
    if findings and not new:
        print(f"{name}: only known findings ({','.join(sorted(cats))}): "
              "not failing; remove them from RTPFWD_FUZZ_KNOWN once fixed")
    return 1 if new else 0


class Deadline:
    """A time budget: the fuzzers stop early (and say so) rather than run
    past the test's limit on a slow emulated machine."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds
        self.hit = False

    def over(self):
        if time.monotonic() >= self.end:
            self.hit = True
        return self.hit
