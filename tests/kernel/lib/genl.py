#!/usr/bin/env python3
"""Raw generic netlink client for the rtpfwd VM tests.

Independent of librtpnl on purpose: the kernel's answers (errno, extack text,
dump contents) are checked here byte by byte, not through the code under test.

  genl.py req CMD [ATTR=VALUE ...]   one request; prints "errno=N msg=TEXT" and
                                     the reply attributes; exit 0 always
  genl.py dump CMD                   dump; prints one line per message
  genl.py listen SECONDS             print notify events for SECONDS
  genl.py fuzz COUNT SEED            COUNT malformed requests; all must fail
  genl.py rule CMD TABLE [flags=create,excl,replace] [local=A:P] [expect=A:P]
          [mismatch=N] [out=SRC,DST[,TOS]]...   one rule request (RULE_NEW/DEL/GET)
  genl.py rules [TABLE]              dump rules; one line per rule with stats
ATTR is a number or a name (table_id, ...), VALUE a u32, or hex:.. for raw bytes.
"""
import errno
import os
import random
import select
import socket
import struct
import sys
import time

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

# Mirrors include/uapi/linux/rtpfwd.h.
CMDS = {"TABLE_NEW": 1, "TABLE_DEL": 2, "TABLE_GET": 3,
        "RULE_NEW": 4, "RULE_DEL": 5, "RULE_GET": 6}
ATTRS = {"table_id": 1, "table_rules": 2, "table_control_pid": 3, "table_refcnt": 4}
A_RULE = 5
RULE_LOCAL, RULE_EXPECT, RULE_MISMATCH, RULE_OUTPUT, RULE_STATS = 2, 3, 4, 5, 6
EP_ADDR4, EP_ADDR6, EP_PORT = 1, 2, 3
OUT_SRC, OUT_DST, OUT_TOS = 1, 2, 3
STATS_PACKETS, STATS_BYTES, STATS_ERRORS = 2, 3, 4
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
        """Return (errno, extack message, [reply attribute lists], interrupted)."""
        self.send(ftype, flags | NLM_F_REQUEST | NLM_F_ACK, cmd, payload)
        replies, intr = [], False
        for mtype, mflags, body in self.messages():
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
    while time.time() < end:
        if not select.select([g.sock], [], [], 0.2)[0]:
            continue
        data = g.sock.recv(65536)
        cmd = data[16]
        print(f"event {CMD_NAMES.get(cmd, cmd)} {describe(parse_attrs(data[20:]))}",
              flush=True)


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


def rule_text(attrs):
    table, words = None, []
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
                    words.append(f"out {ep_text(o[OUT_SRC])},{ep_text(o[OUT_DST])},{o[OUT_TOS][0]}")
                elif rtype == RULE_STATS:
                    st = dict(parse_attrs(rval))
                    words.append("stats " + " ".join(
                        str(struct.unpack("=Q", st[k])[0])
                        for k in (STATS_PACKETS, STATS_BYTES, STATS_ERRORS)))
    return f"table {table} " + " ".join(words)


def cmd_rule(g, args):
    cmd, table, flags, rule = CMDS[args[0]], int(args[1]), 0, b""
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
            rule += nest(RULE_OUTPUT, out)
        elif key == "raw":
            rule += bytes.fromhex(value)
        else:
            sys.exit(f"unknown rule argument {arg}")
    payload = nla(1, struct.pack("=I", table)) + nest(A_RULE, rule)
    err, msg, replies, _ = g.transact(g.family, flags, cmd, payload)
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg}")
    for r in replies:
        print(rule_text(r))


def cmd_rules(g, args):
    payload = nla(1, struct.pack("=I", int(args[0]))) if args else b""
    err, msg, replies, intr = g.transact(g.family, NLM_F_DUMP, CMDS["RULE_GET"], payload)
    print(f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg} "
          f"count={len(replies)} intr={int(intr)}")
    for r in replies:
        print(rule_text(r))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    g = Genl()
    {"req": cmd_req, "dump": cmd_dump, "listen": cmd_listen, "fuzz": cmd_fuzz,
     "rule": cmd_rule, "rules": cmd_rules}[sys.argv[1]](g, sys.argv[2:])


if __name__ == "__main__":
    main()
