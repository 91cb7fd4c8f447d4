#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The rtpengine 12.5 binary control ABI of /proc/rtpengine/42/control, as
85c-proc-rtpe12.sh runs it (tables 42 and 43 exist, an iptables RTPENGINE
rule feeds table 42): the mappings, INIT, targets and destinations with
their statistics blocks, real packets through the installed rule and the
counters the kernel wrote into the daemon's memory, a split mapping, and
the clean refusals. Prints PASS:/FAIL: lines; exit status 1 if any failed.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtpe12 as R  # noqa: E402
from proc_compat_check import PROC, call, expect, result, status  # noqa: E402
from proc_compat_check import recv_n as received  # noqa: E402
import proc_compat_check as C  # noqa: E402

def rtp(seq, ssrc, pt=0):
    return struct.pack("!BBHII", 0x80, pt, seq, seq * 160, ssrc) + bytes(160)


def receivers(*ports):
    rx = []
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", port))
        s.settimeout(5)
        rx.append(s)
    return rx


def mapping_checks(fd):
    expect("mmap at an offset -> EINVAL", call(R.mmap, fd, 4096, R.PROT_READ | R.PROT_WRITE,
                                                R.MAP_SHARED, 4096), "EINVAL")
    expect("mmap executable -> EPERM",
           call(R.mmap, fd, 4096, R.PROT_READ | R.PROT_EXEC), "EPERM")
    expect("mmap private -> EINVAL",
           call(R.mmap, fd, 4096, R.PROT_READ | R.PROT_WRITE, R.MAP_PRIVATE), "EINVAL")
    expect("mmap of 3 pages (not a power of two) -> EINVAL", call(R.mmap, fd, 3 * 4096), "EINVAL")
    expect("mmap of 8 MiB -> E2BIG", call(R.mmap, fd, 8 << 20), "E2BIG")


def init_checks(w, chunk, other):
    g = chunk.alloc(R.GLOBAL)
    expect("INIT with another size table -> EMSGSIZE",
           call(w, R.init(g, sizes=[0, 152, 760] + R.SIZES[3:])), "EMSGSIZE")
    expect("INIT with another command count -> ERANGE", call(w, R.init(g, last_cmd=15)), "ERANGE")
    expect("ADD_TARGET before INIT -> EIO", call(w, R.command(R.ADD_TARGET)), "EIO")
    outside = struct.unpack("<Q", struct.pack("<q", id(chunk)))[0] & ~7
    expect("INIT with counters outside any mapping -> EFAULT", call(w, R.init(outside)), "EFAULT")
    expect("INIT with counters in another table's mapping -> EFAULT",
           call(w, R.init(other.alloc(R.GLOBAL))), "EFAULT")
    expect("INIT with misaligned counters -> EFAULT", call(w, R.init(g + 4)), "EFAULT")
    expect("INIT with counters across the mapping's end -> EFAULT",
           call(w, R.init(chunk.base + chunk.size - 8)), "EFAULT")
    expect("INIT", call(w, R.init(g)), "OK")
    expect("INIT again -> EBUSY", call(w, R.init(g)), "EBUSY")
    expect("a 10.5 message now (1232 bytes of command 1) -> ERANGE",
           call(w, R.command(R.INIT, 1232)), "ERANGE")
    return g


def recording_checks(w, rd):
    """12.5's call and stream messages: 10.5's fields after the command
    (85d-proc-recording.sh has recording in full)."""
    expect("ADD_CALL read without a call id -> EINVAL", call(rd, R.command(R.ADD_CALL)), "EINVAL")
    reply = rd(struct.pack("<II", R.ADD_CALL, 0) + b"call12".ljust(256, b"\0"))
    cidx = struct.unpack_from("<I", reply, 4)[0]
    expect("ADD_CALL: its directory", os.path.isdir(PROC + "/calls/call12"), True)
    reply = rd(struct.pack("<IIII", R.ADD_STREAM, cidx, 0, 0) + b"s".ljust(256, b"\0"))
    sidx = struct.unpack_from("<I", reply, 8)[0]
    expect("PACKET with 172 bytes", call(w, struct.pack("<III", R.PACKET, cidx, sidx) + b"d" * 172),
           "OK")
    sfd = os.open(PROC + "/calls/call12/s", os.O_RDONLY | os.O_NONBLOCK)
    expect("... read back from the stream", os.read(sfd, 2048), b"d" * 172)
    os.close(sfd)
    expect("DEL_STREAM", call(w, struct.pack("<III", R.DEL_STREAM, cidx, sidx)), "OK")
    expect("DEL_CALL", call(w, struct.pack("<II", R.DEL_CALL, cidx)), "OK")
    expect("... its directory gone", os.path.exists(PROC + "/calls/call12"), False)


def framing_checks(w, rd):
    expect("3 bytes -> EIO", call(w, b"\2\0\0"), "EIO")
    expect("unknown command 16 -> EINVAL", call(w, struct.pack("<I", 16).ljust(752, b"\0")),
           "EINVAL")
    expect("ADD_TARGET one byte short -> EMSGSIZE", call(w, R.command(R.ADD_TARGET, 751)), "EMSGSIZE")
    expect("ADD_TARGET one byte long -> ERANGE", call(w, R.command(R.ADD_TARGET, 753)), "ERANGE")
    expect("ADD_CALL written -> EINVAL", call(w, R.command(R.ADD_CALL)), "EINVAL")
    recording_checks(w, rd)
    expect("INIT_PLAY_STREAMS: no kernel player -> EINVAL",
           call(w, R.command(R.INIT_PLAY_STREAMS)), "EINVAL")


class Blocks:
    """The statistics blocks of one target with @nout outputs, in @chunk."""

    def __init__(self, chunk, nout, ssrc, pt=(0, 8000)):
        self.iface = chunk.alloc(R.IFACE)
        self.stream = chunk.alloc(R.STREAM)
        self.ssrc = chunk.alloc(R.SSRC)
        self.pt = chunk.alloc(R.PT)
        R.put_u32(self.pt, pt[0])
        R.put_u32(self.pt + 4, pt[1])
        self.ssrcs = [ssrc]
        self.out = [(chunk.alloc(R.IFACE), chunk.alloc(R.STREAM), chunk.alloc(R.SSRC))
                    for _ in range(nout)]

    def target(self, local, num_rtcp=0, **kw):
        return R.add_target(local, len(self.out) + num_rtcp, self.iface, self.stream,
                            flags=R.TF_RTP | R.TF_RTP_STATS, ssrc=self.ssrcs,
                            ssrc_stats=[self.ssrc], pt_stats=[self.pt], num_rtcp=num_rtcp, **kw)

    def destination(self, local, num, src, dst, **kw):
        iface, stream, ssrc = self.out[num]
        return R.destination(local, num, R.output(src, dst, iface, stream, [ssrc], **kw))


def forward_checks(w, chunk, g):
    local, src, dst1, dst2 = "127.0.0.1:32000", "127.0.0.1:32000", "127.0.0.1:32100", "127.0.0.1:32102"
    b = Blocks(chunk, 2, 0x1234)
    t = b.target(local, num_rtcp=1)
    expect("target with 2 RTP outputs and 1 RTCP output staged", call(w, t), "OK")
    expect("the same target again -> EEXIST", call(w, t), "EEXIST")
    expect("destination #3 of 3 -> ERANGE",
           call(w, b.destination(local, 0, src, dst1)[:32] + struct.pack("<I", 3) +
                b.destination(local, 0, src, dst1)[36:]), "ERANGE")
    expect("destination #0", call(w, b.destination(local, 0, src, dst1, tos=184)), "OK")
    expect("destination #0 again -> EEXIST", call(w, b.destination(local, 0, src, dst1)), "EEXIST")
    expect("destination #1", call(w, b.destination(local, 1, src, dst2)), "OK")
    expect("the RTCP output still missing: staged, counted as 12.5 counts it", status("Targets"), "1")
    with open(PROC + "/list") as f:
        listed = f.read()
    result("local inet4 %s\n    outputs not fully filled (1 missing)\n" % local in listed,
           "list: the staged target, as 12.5 shows it")
    rtcp = R.destination(local, 2, R.output(src, "127.0.0.1:32103", 0, 0))
    expect("the RTCP output (no blocks needed) completes the target", call(w, rtcp), "OK")
    expect("complete target installed as a rule", status("Targets"), "1")
    expect("a destination for a complete target -> EBUSY", call(w, rtcp), "EBUSY")

    rx = receivers(32100, 32102)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.bind(("127.0.0.1", 32200))
    for seq in range(65530, 65540):
        tx.sendto(rtp(seq & 0xffff, 0x1234), ("127.0.0.1", 32000))
    got = [len(received(s, 10)) for s in rx]
    expect("10 RTP packets reach both outputs", got, [10, 10])
    tx.sendto(rtp(7, 0x9999), ("127.0.0.1", 32000))
    rx[0].settimeout(1)
    expect("another SSRC is handed up, not forwarded", len(received(rx[0], 1)), 0)

    n, nbytes = 10, 10 * 172
    expect("global counters: packets, bytes", (R.u64(g + R.G_PACKETS), R.u64(g + R.G_BYTES)),
           (n, nbytes))
    expect("interface block: in packets, bytes",
           (R.u64(b.iface + R.I_IN_PACKETS), R.u64(b.iface + R.I_IN_BYTES)), (n, nbytes))
    expect("stream block: packets, bytes, errors",
           (R.u64(b.stream + R.S_PACKETS), R.u64(b.stream + R.S_BYTES),
            R.u64(b.stream + R.S_ERRORS)), (n, nbytes, 0))
    age = time.time() - R.u64(b.stream + R.S_LAST_PACKET)
    result(-2 < age < 60, "stream block: last packet time is now (%.0f s ago)" % age)
    expect("payload type block: packets, bytes", (R.u64(b.pt + R.P_PACKETS), R.u64(b.pt + R.P_BYTES)),
           (n, nbytes))
    expect("SSRC block: packets, bytes, timestamp, extended seq across the wrap, last PT",
           (R.u64(b.ssrc + R.X_PACKETS), R.u64(b.ssrc + R.X_BYTES), R.u32(b.ssrc + R.X_TIMESTAMP),
            R.u32(b.ssrc + R.X_EXT_SEQ), R.u32(b.ssrc + R.X_LAST_PT)),
           (n, nbytes, (3 * 160) & 0xffffffff, 0x10003, 0))
    for i, (iface, stream, ssrc) in enumerate(b.out):
        expect("output %d: interface out, stream and SSRC packets" % i,
               (R.u64(iface + R.I_OUT_PACKETS), R.u64(stream + R.S_PACKETS),
                R.u64(ssrc + R.X_PACKETS), R.u32(ssrc + R.X_EXT_SEQ)), (n, n, n, 0x10003))
    for s in rx:
        s.close()
    tx.close()
    return local


def split_checks(w, fd):
    """A pointer into the second piece of a split mapping lands where the daemon sees it."""
    chunk = R.Chunk(fd)
    R.munmap(chunk.base, 4096)          # the front page goes: the rest is a new VMA
    chunk.used = 4096
    local = "127.0.0.1:32010"
    b = Blocks(chunk, 1, 0x4321)
    expect("a target with blocks in a split mapping", call(w, b.target(local)), "OK")
    expect("its destination", call(w, b.destination(local, 0, local, "127.0.0.1:32110")), "OK")
    expect("a block in the unmapped front page -> EFAULT",
           call(w, R.add_target("127.0.0.1:32011", 1, chunk.base + 64, b.stream)), "EFAULT")
    rx = receivers(32110)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for seq in range(5):
        tx.sendto(rtp(seq, 0x4321), ("127.0.0.1", 32010))
    expect("5 packets forwarded", len(received(rx[0], 5)), 5)
    expect("counted in the split mapping's blocks, where the daemon reads them",
           (R.u64(b.stream + R.S_PACKETS), R.u64(b.out[0][1] + R.S_PACKETS)), (5, 5))
    rx[0].close()
    tx.close()
    return chunk


def refusal_checks(w, chunk):
    local, src = "127.0.0.1:32020", "127.0.0.1:32020"
    b = Blocks(chunk, 1, 0x5555)
    expect("a target whose stream block is not mapped -> EFAULT",
           call(w, R.add_target(local, 1, b.iface, 0)), "EFAULT")
    expect("a target with more RTCP outputs than outputs -> EINVAL",
           call(w, R.add_target(local, 1, b.iface, b.stream, num_rtcp=2)), "EINVAL")
    expect("a target with RTCP outputs only -> EOPNOTSUPP",
           call(w, R.add_target(local, 1, b.iface, b.stream, num_rtcp=1)), "EOPNOTSUPP")
    expect("a target recorded into no such stream -> ENOENT",
           call(w, R.add_target(local, 1, b.iface, b.stream, flags=R.TF_DO_INTERCEPT)), "ENOENT")
    expect("target staged", call(w, b.target(local)), "OK")
    expect("an output with sequence number rewriting -> EOPNOTSUPP",
           call(w, b.destination(local, 0, src, "127.0.0.1:32120", seq_offset=[5])), "EOPNOTSUPP")
    expect("... and the whole target went back to the daemon",
           call(w, b.destination(local, 0, src, "127.0.0.1:32120")), "ENOENT")
    expect("no rule was made", status("Targets"), "2")


def pattern_checks(w, chunk):
    """An output's replacement pattern (the daemon's silence media) is
    the rule's: RTP of that payload type leaves with the pattern over its
    payload; a least payload length stays the daemon's."""
    local, src = "127.0.0.1:32040", "127.0.0.1:32040"
    b = Blocks(chunk, 1, 0x7777)
    expect("target staged", call(w, b.target(local)), "OK")
    expect("an output with a least payload length -> EOPNOTSUPP",
           call(w, b.destination(local, 0, src, "127.0.0.1:32140", pt_out=[(100, b"")])),
           "EOPNOTSUPP")
    expect("target staged again", call(w, b.target(local)), "OK")
    expect("an output silencing PT 0 (pattern 0xff)",
           call(w, b.destination(local, 0, src, "127.0.0.1:32140", pt_out=[(0, b"\xff")])), "OK")
    rx = receivers(32140)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.sendto(rtp(1, 0x7777), ("127.0.0.1", 32040))
    expect("the payload arrives as 0xff, the header as it came",
           received(rx[0], 1), [rtp(1, 0x7777)[:12] + b"\xff" * 160])
    with open(PROC + "/list") as f:
        listed = f.read()
    result("        RTP payload type   0: 1 bytes replacement payload\n" in listed,
           "list: the output's replacement")
    expect("deleted", call(w, R.del_target(local)), "OK")
    rx[0].close()
    tx.close()


def blackhole_checks(w, chunk, g):
    """A blackhole target is a rule at once; what it drops counts as its
    stream's input, as 12.5 counts it, and reaches nobody."""
    local = "127.0.0.1:32030"
    b = Blocks(chunk, 0, 0x6666)
    packets = R.u64(g + R.G_PACKETS)
    expect("a blackhole target is a rule at once", call(w, R.add_target(
        local, 0, b.iface, b.stream, flags=R.TF_NON_FORWARDING | R.TF_BLACKHOLE)), "OK")
    expect("... counted among the targets", status("Targets"), "3")
    sock = receivers(32030)[0]
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for seq in range(4):
        tx.sendto(rtp(seq, 0x6666), ("127.0.0.1", 32030))
    deadline = time.monotonic() + 30
    while R.u64(b.stream + R.S_PACKETS) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    expect("stream block: the 4 dropped packets as input",
           (R.u64(b.stream + R.S_PACKETS), R.u64(b.stream + R.S_BYTES)), (4, 4 * 172))
    expect("interface block and global counters: the same",
           (R.u64(b.iface + R.I_IN_PACKETS), R.u64(g + R.G_PACKETS) - packets), (4, 4))
    sock.settimeout(0.5)
    expect("nothing reached the daemon's socket", len(received(sock, 1)), 0)
    expect("a blackhole target is deleted as any", call(w, R.del_target(local)), "OK")
    expect("... and gone", status("Targets"), "2")
    sock.close()
    tx.close()


def hold(port, dst):
    """As a daemon would: INIT, one target for @port to @dst, then wait to be killed."""
    fd = os.open(PROC + "/control", os.O_RDWR | os.O_TRUNC)
    chunk = R.Chunk(fd)
    os.write(fd, R.init(chunk.alloc(R.GLOBAL)))
    b = Blocks(chunk, 1, 0x7777)
    local = "127.0.0.1:%d" % port
    os.write(fd, b.target(local))
    os.write(fd, b.destination(local, 0, local, "127.0.0.1:%d" % dst))
    print("ready", flush=True)
    while True:
        time.sleep(3600)


def srtp_checks(w, chunk):
    """SRTP in: the rollover counter seeded from the SSRC block, as 12.5 keeps it there."""
    from proc_compat_srtp_check import KEY_A, SALT_A, Srtp
    from proc_compat_srtp_check import rtp as srtp_rtp
    local, dst = "127.0.0.1:32040", "127.0.0.1:32140"
    b = Blocks(chunk, 1, 0x1234)
    R.put_u32(b.ssrc + R.X_EXT_SEQ, 0x1fffe)    # ROC 1, highest sequence number 65534
    key = R.srtp(R.CIPHER_AES_CM_128, R.HMAC_SHA1, KEY_A[:16], SALT_A, tag_len=10)
    expect("an AES_CM_128_HMAC_SHA1_80 target", call(w, b.target(local, decrypt=key)), "OK")
    expect("its destination", call(w, b.destination(local, 0, local, dst)), "OK")
    s = Srtp(KEY_A[:16], SALT_A, 10)
    rx = receivers(32140)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sent = [(65535, 1), (0, 2), (1, 2)]
    for seq, roc in sent:
        tx.sendto(s.protect(srtp_rtp(seq), roc), ("127.0.0.1", 32040))
    got = received(rx[0], 3)
    expect("decrypted across the wrap with the daemon's rollover counter",
           got, [srtp_rtp(seq) for seq, _ in sent])
    expect("the SSRC block's index follows (ROC 2, seq 1)", R.u32(b.ssrc + R.X_EXT_SEQ), 0x20001)
    tx.sendto(s.protect(srtp_rtp(2), 0), ("127.0.0.1", 32040))
    rx[0].settimeout(1)
    expect("a packet under the wrong rollover counter is not forwarded", len(received(rx[0], 1)), 0)
    rx[0].close()
    tx.close()
    expect("DEL_TARGET", call(w, R.del_target(local)), "OK")


def main():
    if sys.argv[1:2] == ["--hold"]:
        hold(int(sys.argv[2]), int(sys.argv[3]))
    other_fd = os.open("/proc/rtpengine/43/control", os.O_RDWR)
    other = R.Chunk(other_fd)
    fd, w, rd = C.control()

    expect("message sizes of this module's layout", [len(R.init(0)), len(R.add_target(
        "1.2.3.4:5", 1, 0, 0)), len(R.destination("1.2.3.4:5", 0, R.output(None, None, 0, 0))),
        len(R.del_target("1.2.3.4:5"))], [152, 752, 1288, 28])
    mapping_checks(fd)
    chunk = R.Chunk(fd)                  # before INIT, as the daemon does
    g = init_checks(w, chunk, other)
    framing_checks(w, rd)
    local = forward_checks(w, chunk, g)
    split = split_checks(w, fd)
    refusal_checks(w, chunk)
    blackhole_checks(w, chunk, g)
    pattern_checks(w, chunk)
    srtp_checks(w, chunk)

    expect("DEL_TARGET", call(w, R.del_target(local)), "OK")
    expect("DEL_TARGET again -> ENOENT", call(w, R.del_target(local)), "ENOENT")
    expect("one rule left", status("Targets"), "1")
    # The daemon's memory goes while a rule still writes there: the rule
    # keeps its pages; the packets keep flowing.
    chunk.unmap()
    R.munmap(split.base + 4096, split.size - 4096)
    os.close(fd)
    other.unmap()
    os.close(other_fd)
    rx = receivers(32110)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for seq in range(5, 10):
        tx.sendto(rtp(seq, 0x4321), ("127.0.0.1", 32010))
    expect("unmapped and closed: the rule still forwards (and counts into kept pages)",
           len(received(rx[0], 5)), 5)
    return 1 if C.FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
