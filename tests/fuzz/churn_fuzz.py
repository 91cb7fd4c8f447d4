#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Rule churn under traffic: two processes add, replace and delete rules of
one table as fast as they can while a third sends traffic to every rule and
a fourth dumps the table without pause (run by tests/kernel/84-churn.sh, in
one namespace, on loopback, fed by iptables INPUT -j RTPENGINE).

Every rule version the churners install has its own output source port and
TOS, so each forwarded datagram says which version forwarded it; its
receive timestamp (taken as it is transmitted, inside the forwarding hook's
RCU section) says when. Oracles, after the run:
  - no datagram forwarded by a version after the replace or delete that
    ended it returned (nor before the request that created it was sent);
  - every datagram sent arrived exactly once: forwarded, or handed to the
    local socket while its key had no rule;
  - the final rules' counters (kept across replaces) equal the datagrams
    their versions forwarded;
  - dumps parse, list no rule twice and only rules of the churned keys.
The kernel log is checked by the harness.

  churn_fuzz.py traffic DIR KEYS MAX_SECONDS
  churn_fuzz.py churn DIR ID KEYS SECONDS TABLE
  churn_fuzz.py dump DIR TABLE
  churn_fuzz.py judge DIR KEYS TABLE
  churn_fuzz.py restart TABLE RULES   (a reproducer: a dump across a resize)
"""
import errno
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

LO = bytes([127, 0, 0, 1])
LOCAL_BASE, OUT_BASE, SRC = 30000, 6000, 5000
NEIGHBOURS = 40000      # keys without traffic, added and deleted in bulk
PAYLOAD = 64
RATE = 1000             # datagrams per second, over all keys
TAIL = 2                # seconds of traffic after the churn, every key with a rule
SO_TIMESTAMPNS = 35
SO_RXQ_OVFL = 40


def version_port(cid, v):
    """The output (source port, TOS) of version @v of churner @cid."""
    base = 10000 + cid * 25000
    return base + v % 25000, (v // 25000) & 0xFF


def version_of(port, tos):
    cid = 0 if port < 35000 else 1
    return cid, (port - 10000 - cid * 25000) + 25000 * tos


# ---- traffic --------------------------------------------------------------------

def traffic(d, keys, seconds):
    """Send RATE datagrams/s round robin to every key; receive the forwarded
    ones (with timestamp, source port and TOS) and the handed-up ones."""
    snd = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    snd.bind(("127.0.0.1", SRC))
    fwd, loc = [], []
    for k in range(keys):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, 33, 4 << 20)  # SO_RCVBUFFORCE
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        s.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
        s.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTOS, 1)
        s.bind(("127.0.0.1", OUT_BASE + k))
        s.setblocking(False)
        fwd.append(s)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, 33, 4 << 20)  # SO_RCVBUFFORCE
        s.setsockopt(socket.SOL_SOCKET, SO_RXQ_OVFL, 1)
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        s.bind(("127.0.0.1", LOCAL_BASE + k))
        s.setblocking(False)
        loc.append(s)
    fwd_set = set(fwd)
    out = open(os.path.join(d, "received"), "w")
    overflow = [0]

    index = {s: k for k, s in enumerate(fwd)}
    index.update({s: k for k, s in enumerate(loc)})

    def drain():
        ready = select.select(fwd + loc, [], [], 0)[0]
        for s in ready:
            k = index[s]
            if s not in fwd_set:
                continue
            while True:
                try:
                    data, anc, _f, addr = s.recvmsg(256, 256)
                except BlockingIOError:
                    break
                ts, tos = 0.0, 0
                for level, typ, val in anc:
                    if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                        sec, nsec = struct.unpack("=qq", val[:16])
                        ts = sec + nsec / 1e9
                    elif level == socket.IPPROTO_IP and typ == socket.IP_TOS:
                        tos = val[0]
                    elif level == socket.SOL_SOCKET and typ == SO_RXQ_OVFL:
                        overflow[0] = max(overflow[0], struct.unpack("=I", val[:4])[0])
                seq = struct.unpack_from("!I", data)[0] if len(data) >= 4 else -1
                out.write(f"F {k} {seq} {addr[1]} {tos} {ts:.9f} {len(data)}\n")
        for s in ready:
            k = index[s]
            if s in fwd_set:
                continue
            while True:
                try:
                    data, anc, _f, _addr = s.recvmsg(256, 256)
                except BlockingIOError:
                    break
                ts = 0.0
                for level, typ, val in anc:
                    if level == socket.SOL_SOCKET and typ == SO_RXQ_OVFL:
                        overflow[0] = max(overflow[0], struct.unpack("=I", val[:4])[0])
                    elif level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                        sec, nsec = struct.unpack("=qq", val[:16])
                        ts = sec + nsec / 1e9
                seq = struct.unpack_from("!I", data)[0] if len(data) >= 4 else -1
                out.write(f"L {k} {seq} {ts:.9f}\n")

    print("ready", flush=True)
    stop, tail_end = os.path.join(d, "stop"), None
    sent, start = 0, time.time()
    # until the churners are done (the stop file), then TAIL seconds more
    # with every key's final rule in place; @seconds bounds it all
    while time.time() - start < seconds and (tail_end is None or time.time() < tail_end):
        if tail_end is None and os.path.exists(stop):
            tail_end = time.time() + TAIL
        due = int((time.time() - start) * RATE)
        while sent < due:
            snd.sendto(struct.pack("!I", sent) + bytes(PAYLOAD - 4), ("127.0.0.1", LOCAL_BASE + sent % keys))
            sent += 1
        drain()
        time.sleep(0.002)
    elapsed = time.time() - start
    end = time.time() + 2
    while time.time() < end:
        drain()
        time.sleep(0.05)
    out.close()
    with open(os.path.join(d, "traffic"), "w") as f:
        f.write(f"{sent} {elapsed:.3f} {overflow[0]}\n")


# ---- churn ------------------------------------------------------------------------

class Churner:
    def __init__(self, d, cid, keys, table, rng):
        self.g = fl.GenlSocket("rtpengine")
        self.cid, self.table, self.rng = cid, table, rng
        self.keys = [k for k in range(keys) if k % 2 == cid]
        self.version = 0
        self.log = open(os.path.join(d, f"churn{cid}"), "w")
        self.present = {}       # key -> version installed

    def rule(self, local_port, out=None):
        kids = [gf.Gen.ep_attr(gf.RA["LOCAL"], (4, LO, local_port))]
        if out:
            sport, dport, tos = out
            kids.append(Attr(gf.RA["OUTPUT"], children=[
                gf.Gen.ep_attr(gf.OA["SRC"], (4, LO, sport)), gf.Gen.ep_attr(gf.OA["DST"], (4, LO, dport)),
                Attr(gf.OA["TOS"], p8(tos))]))
        return gf.nla(gf.A["TABLE_ID"], p32(self.table)) + Attr(gf.A["RULE"], children=kids).encode()

    def request(self, cmd, flags, payload):
        data, seq = self.g.message(self.g.family, fl.NLM_F_REQUEST | fl.NLM_F_ACK | flags, cmd, payload)
        t0 = time.time()
        self.g.sock.send(data)
        ans = self.g.collect({seq}, 30).get(seq)
        t1 = time.time()
        if ans is None:
            raise SystemExit(f"churn{self.cid}: no answer within 30 s")
        return ans.errno, t0, t1

    def step(self):
        rng, c = self.rng, gf.CMD
        k = rng.choice(self.keys)
        op = rng.choice(("replace", "replace", "replace", "change", "delete", "add"))
        if op == "delete":
            err, t0, t1 = self.request(c["RULE_DEL"], 0, self.rule(LOCAL_BASE + k))
            want = 0 if k in self.present else errno.ENOENT
            if not err:
                self.present.pop(k, None)
            self.log.write(f"{op} {k} - {t0:.9f} {t1:.9f} {err} {want}\n")
            return
        self.version += 1
        v = self.version
        sport, tos = version_port(self.cid, v)
        flags = {"replace": fl.NLM_F_CREATE | fl.NLM_F_REPLACE, "change": fl.NLM_F_REPLACE,
                 "add": fl.NLM_F_CREATE | fl.NLM_F_EXCL}[op]
        err, t0, t1 = self.request(c["RULE_NEW"], flags,
                                   self.rule(LOCAL_BASE + k, (sport, OUT_BASE + k, tos)))
        exists = k in self.present
        want = 0 if (op == "replace" or (op == "change" and exists) or (op == "add" and not exists)) \
            else errno.ENOENT if op == "change" else errno.EEXIST
        created = not err and not exists
        if not err:
            self.present[k] = v
        self.log.write(f"{op} {k} {v} {t0:.9f} {t1:.9f} {err} {want} {int(created)}\n")

    def neighbours(self):
        """A burst of rules without traffic, then their deletion: the table
        grows and shrinks (rhashtable resizes) under the lookups."""
        base = NEIGHBOURS + self.cid * 1000
        n = self.rng.choice((64, 300))
        for cmd, flags in ((gf.CMD["RULE_NEW"], fl.NLM_F_CREATE | fl.NLM_F_REPLACE), (gf.CMD["RULE_DEL"], 0)):
            bodies = []
            for i in range(n):
                payload = self.rule(base + i, (9, 9, 0) if cmd == gf.CMD["RULE_NEW"] else None)
                bodies.append(struct.pack("=BBH", cmd, 1, 0) + payload)
            counts = gf_pipeline(self.g, bodies, flags)
            if set(counts) != {0}:
                self.log.write(f"neighbours {cmd} {counts}\n")

    def run(self, seconds, stop):
        end = time.time() + seconds
        steps = 0
        while time.time() < end and not os.path.exists(stop):
            self.step()
            steps += 1
            if steps % 200 == 0:
                self.neighbours()
        # leave every key with a rule: the counters of the last lifetime are judged
        for k in self.keys:
            self.version += 1
            sport, tos = version_port(self.cid, self.version)
            err, t0, t1 = self.request(gf.CMD["RULE_NEW"], fl.NLM_F_CREATE | fl.NLM_F_REPLACE,
                                       self.rule(LOCAL_BASE + k, (sport, OUT_BASE + k, tos)))
            created = not err and k not in self.present
            self.present[k] = self.version
            self.log.write(f"replace {k} {self.version} {t0:.9f} {t1:.9f} {err} 0 {int(created)}\n")
        self.log.write(f"steps {steps}\n")
        self.log.close()


def gf_pipeline(g, bodies, flags, batch=64):
    """Requests in batches per send(), an ack each; {errno: count}."""
    counts = {}
    for start in range(0, len(bodies), batch):
        chunk, want = b"", set()
        for body in bodies[start:start + batch]:
            seq = g.next_seq()
            want.add(seq)
            chunk += fl.GenlSocket.header(16 + len(body), g.family,
                                          fl.NLM_F_REQUEST | fl.NLM_F_ACK | flags, seq) + body
            chunk += b"\0" * (-len(chunk) % 4)
        g.sock.send(chunk)
        for ans in g.collect(want, 30).values():
            counts[ans.errno] = counts.get(ans.errno, 0) + 1
    return counts


# ---- dumps --------------------------------------------------------------------------

def dumper(d, table, stop):
    g = fl.GenlSocket("rtpengine")
    n, intr, bad, rules = 0, 0, 0, 0
    with open(os.path.join(d, "dumps"), "w") as out:
        while not os.path.exists(stop):
            data, seq = g.message(g.family, fl.NLM_F_REQUEST | fl.NLM_F_DUMP, gf.CMD["RULE_GET"],
                                  gf.nla(gf.A["TABLE_ID"], p32(table)))
            g.sock.send(data)
            ans = g.collect({seq}, 30).get(seq)
            n += 1
            if ans is None or ans.errno:
                out.write(f"error {fl.errname(ans.errno if ans else None)}\n")
                bad += 1
                continue
            intr += ans.intr
            keys = []
            for _h, attrs in ans.replies:
                try:
                    t, cfg, _c = gf.decode_rule(attrs)
                except (gf.Invalid, KeyError, IndexError) as e:
                    out.write(f"unparsable {e}\n")
                    bad += 1
                    continue
                keys.append(cfg[0][2])
                if t != table or cfg[0][1] != LO:
                    out.write(f"foreign {t} {cfg[0]}\n")
                    bad += 1
            rules += len(keys)
            if not ans.intr and len(set(keys)) != len(keys):
                # a walk that started over lists a prefix again
                first = next(i for i, k in enumerate(keys) if k in keys[:i])
                again = keys.index(keys[first])
                prefix = keys[first:first + first - again] == keys[again:first]
                out.write(f"duplicates {len(keys) - len(set(keys))} of {len(keys)} rules in "
                          f"{ans.messages} reads without NLM_F_DUMP_INTR; first again at "
                          f"{first} (listed at {again}), {'the walk started over' if prefix and again == 0 else 'not a restart'}\n")
                bad += 1
        out.write(f"dumps {n} interrupted {intr} bad {bad} rules {rules}\n")


# ---- a dump across a resize ---------------------------------------------------

def restart(table, first):
    """Reproducer: a rule dump paused between two rounds while the table's
    hash table is resized must not list rules twice without saying it was
    interrupted. The table holds @first rules, at a grow threshold (6,144
    in 8,192 buckets: 75 %); one more rule starts the (deferred) grow, the
    dump's first round runs at once, the rest after the resize."""
    g = fl.GenlSocket("rtpengine")
    g.sock.setsockopt(socket.SOL_SOCKET, 33, 32 << 20)
    rule = gf.nla(gf.A["TABLE_ID"], p32(table)) + Attr(gf.A["RULE"], children=[
            gf.Gen.ep_attr(gf.RA["LOCAL"], (4, bytes([10, 250, 0, 1]), 9)),
            Attr(gf.RA["OUTPUT"], children=[gf.Gen.ep_attr(gf.OA["SRC"], (4, LO, 9)),
                                            gf.Gen.ep_attr(gf.OA["DST"], (4, LO, 9))])]).encode()
    # the rule that starts the grow and the dump in one send(): the dump's
    # first round runs right after the insert, before the deferred rehash
    # can have finished
    add, add_seq = g.message(g.family, fl.NLM_F_REQUEST | fl.NLM_F_ACK | fl.NLM_F_CREATE | fl.NLM_F_EXCL,
                             gf.CMD["RULE_NEW"], rule)
    data, seq = g.message(g.family, fl.NLM_F_REQUEST | fl.NLM_F_DUMP, gf.CMD["RULE_GET"],
                          gf.nla(gf.A["TABLE_ID"], p32(table)))
    g.sock.send(add + b"\0" * (-len(add) % 4) + data)
    # only makes the rehash likely to be over before the second round: if
    # it is not, the dump is merely uninterrupted and the check passes
    time.sleep(1)
    # thousands of replies: no decoding, the local endpoint nest is the rule
    # nest's first attribute (genl header, table id, rule nest header)
    keys, intr, reads, done, add_err = [], False, 0, False, None
    g.sock.settimeout(30)
    while not done:
        buf = g.sock.recv(1 << 20)
        reads += 1
        off = 0
        while off + 16 <= len(buf):
            mlen, mtype, mflags = struct.unpack_from("=IHH", buf, off)
            if mlen < 16:
                raise SystemExit("restart: malformed reply")
            intr |= bool(mflags & fl.NLM_F_DUMP_INTR)
            mseq = struct.unpack_from("=I", buf, off + 8)[0]
            if mtype == fl.NLMSG_ERROR and mseq == add_seq:
                add_err = -struct.unpack_from("=i", buf, off + 16)[0]
            elif mtype in (fl.NLMSG_DONE, fl.NLMSG_ERROR):
                done = True
            else:
                keys.append(buf[off + 32:off + 52])
            off += (mlen + 3) & ~3
    dups = len(keys) - len(set(keys))
    print(f"restart: add {fl.errname(add_err)}; dump of {first + 1} rules: {len(keys)} listed, "
          f"{len(set(keys))} distinct, {dups} twice, interrupted {int(intr)}, {reads} reads")
    if dups and not intr:
        print(f"{'KNOWN' if 'dump-restart' in gf.KNOWN else 'FINDING'} dump-restart: a dump resumed after a "
              f"resize listed {dups} rules twice without NLM_F_DUMP_INTR")
        return 0 if "dump-restart" in gf.KNOWN else 1
    if len(set(keys)) != first + 1 and not intr:
        print(f"FINDING dump-restart: {len(set(keys))} distinct rules listed, {first + 1} in the table")
        return 1
    return 0


# ---- judging -----------------------------------------------------------------------

def judge(d, keys, table):
    findings = []

    def finding(cat, text):
        findings.append(cat)
        if findings.count(cat) <= 5:
            print(f"{'KNOWN' if cat in gf.KNOWN else 'FINDING'} {cat}: {text}", flush=True)

    sent, elapsed, overflow = open(os.path.join(d, "traffic")).read().split()
    sent, overflow = int(sent), int(overflow)
    versions = {}           # (cid, v) -> [key, t_sent, t_end, lifetime]
    ops, bad_answers, lifetimes = {}, 0, {}
    absent = {}             # key -> [[from, until], ...]: no rule (send of a delete .. return of an add)
    for cid in (0, 1):
        current = {}        # key -> (cid, v) installed
        life = {}           # key -> lifetime number
        for line in open(os.path.join(d, f"churn{cid}")):
            f = line.split()
            if f[0] == "steps":
                ops[f"steps{cid}"] = int(f[1])
                continue
            if f[0] == "neighbours":
                finding("churn-neighbours", line.strip())
                continue
            op, k, t0, t1, err, want = f[0], int(f[1]), float(f[3]), float(f[4]), int(f[5]), int(f[6])
            ops[f"{op}:{fl.errname(err)}"] = ops.get(f"{op}:{fl.errname(err)}", 0) + 1
            if err != want:
                bad_answers += 1
                finding("churn-answer", f"churner {cid}: {line.strip()} (want {fl.errname(want)})")
            if err:
                continue
            old = current.pop(k, None)
            if old:
                versions[old][2] = t1     # ended when this returned
            if op == "delete":
                absent.setdefault(k, [[0.0, float("inf")]]).append([t0, float("inf")])
                continue
            if int(f[7]) or k not in life:
                life[k] = life.get(k, 0) + 1
                absent.setdefault(k, [[0.0, float("inf")]])[-1][1] = t1
            v = (cid, int(f[2]))
            versions[v] = [k, t0, float("inf"), (k, life[k])]
            current[k] = v
        for k, v in current.items():
            lifetimes[k] = versions[v][3]
    seen, fwd_by_life, late, early, unknown, dup, early_up = {}, {}, 0, 0, 0, 0, 0
    for line in open(os.path.join(d, "received")):
        f = line.split()
        seq = int(f[2])
        seen[seq] = seen.get(seq, 0) + 1
        if f[0] == "L":
            # handed up: its key had no rule when it arrived (the receive
            # timestamp is taken just before the hook looks the rule up)
            k, ts = int(f[1]), float(f[3])
            if not any(a - 0.05 <= ts <= b for a, b in absent.get(k, [[0.0, float("inf")]])):
                early_up += 1
                finding("churn-handed-up", f"key {k}: datagram {seq} handed up at {ts:.6f} while the key "
                        f"had a rule")
            continue
        k, port, tos, ts = int(f[1]), int(f[3]), int(f[4]), float(f[5])
        v = version_of(port, tos)
        info = versions.get(v)
        if info is None or info[0] != k:
            unknown += 1
            finding("churn-unknown-version", f"key {k}: forwarded by version {v}, never installed for it")
            continue
        if ts > info[2]:
            late += 1
            finding("churn-late", f"key {k}: forwarded at {ts:.6f} by version {v}, "
                    f"{(ts - info[2]) * 1e3:.3f} ms after the request that ended it returned")
        if ts < info[1]:
            early += 1
            finding("churn-early", f"key {k}: forwarded at {ts:.6f} by version {v}, before it was requested")
        fwd_by_life[info[3]] = fwd_by_life.get(info[3], 0) + 1
    missing = [s for s in range(sent) if s not in seen]
    dup = sum(1 for c in seen.values() if c > 1)
    if missing and not overflow:
        finding("churn-lost", f"{len(missing)} of {sent} datagrams neither forwarded nor handed up "
                f"(first {missing[:5]})")
    if dup:
        finding("churn-duplicate", f"{dup} datagrams arrived twice")
    # the final rules' counters
    g = fl.GenlSocket("rtpengine")
    data, seq = g.message(g.family, fl.NLM_F_REQUEST | fl.NLM_F_DUMP, gf.CMD["RULE_GET"],
                          gf.nla(gf.A["TABLE_ID"], p32(table)))
    g.sock.send(data)
    ans = g.collect({seq}, 30)[seq]
    counted = {}
    totals = {}
    for _h, attrs in ans.replies:
        _t, cfg, c = gf.decode_rule(attrs)
        rtb = gf.attrs_of(dict(attrs)[gf.A["RULE"]])
        for t, v in gf.attrs_of(rtb[gf.RA["STATS"]][0]).items():
            name = gf.STATS_NAMES.get(t)
            if name and name != "last_packet_ms":     # an age, not a counter
                totals[name] = totals.get(name, 0) + gf.u(v[0])
        port = cfg[0][2]
        if LOCAL_BASE <= port < LOCAL_BASE + keys:
            counted[port - LOCAL_BASE] = c
        else:
            finding("churn-leftover", f"rule {cfg[0]} left in the table")
    for k in range(keys):
        want = fwd_by_life.get(lifetimes.get(k), 0)
        got = counted.get(k)
        if got is None:
            finding("churn-final", f"key {k}: no rule at the end")
        elif not want:
            finding("churn-final", f"key {k}: its final rule forwarded nothing in the last {TAIL} s of traffic")
        elif got[0] != want or got[1] != want * PAYLOAD:
            finding("churn-counters", f"key {k}: counted {got[0]} packets {got[1]} bytes, "
                    f"its last lifetime forwarded {want}")
    dumps = open(os.path.join(d, "dumps")).read().strip().splitlines()
    for line in dumps[:-1]:
        finding("churn-dump-duplicates" if line.startswith("duplicates") else "churn-dump", line)
    forwarded = sum(fwd_by_life.values())
    print(f"churn: sent={sent} seconds={float(elapsed):.1f} forwarded={forwarded} "
          f"handed_up={sum(seen.values()) - forwarded} missing={len(missing)} rcvbuf_overflow={overflow} "
          f"versions={len(versions)} late={late} early={early} unknown={unknown} handed_up_with_rule={early_up}")
    print(f"churn: ops {fl.histogram(ops)}")
    print(f"churn: final rules' counters {fl.histogram(totals)}")
    if not forwarded:
        finding("churn-nothing-forwarded", "no datagram was forwarded")
    print(f"churn: {dumps[-1] if dumps else 'no dumps'}")
    return fl.verdict("churn", findings)


def main():
    cmd, d = sys.argv[1], sys.argv[2]
    stop = os.path.join(d, "stop")
    if cmd == "restart":
        sys.exit(restart(int(sys.argv[2]), int(sys.argv[3])))
    if cmd == "traffic":
        traffic(d, int(sys.argv[3]), float(sys.argv[4]))
    elif cmd == "churn":
        cid = int(sys.argv[3])
        rng, seed = fl.make_rng(f"churn{cid}")
        rng.seed(seed * 2 + cid)    # one seed for the run, a sequence per churner
        Churner(d, cid, int(sys.argv[4]), int(sys.argv[6]), rng).run(float(sys.argv[5]), stop)
    elif cmd == "dump":
        dumper(d, int(sys.argv[3]), stop)
    elif cmd == "judge":
        sys.exit(judge(d, int(sys.argv[3]), int(sys.argv[4])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
