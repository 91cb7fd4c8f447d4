#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Call recording through /proc/rtpengine/42/calls/ (module/control/proc_calls.c,
module/core/tap.c), driven as Debian's rtpengine-daemon 10.5 drives it
(ADD_CALL, ADD_STREAM, targets with do_intercept, PACKET, DEL_STREAM,
DEL_CALL) and read as its recording daemon reads it (one datagram per
read(), non-blocking, poll). 85d-proc-recording.sh runs it with table 42 and
an iptables RTPENGINE rule in place. Prints PASS:/FAIL: lines; exit status 1
if any failed.
"""
import os
import select
import socket
import stat
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtpe10 as R  # noqa: E402
from proc_compat_check import call, expect, recv_n, result, rtp, status  # noqa: E402
import proc_compat_check as C  # noqa: E402

PROC = "/proc/rtpengine/42"


def add_call(rd, name):
    return struct.unpack_from("<I", rd(R.msg(R.ADD_CALL, R.call_info(name))), 8)[0]


def add_stream(rd, call_idx, name, max_packets=0):
    reply = rd(R.msg(R.ADD_STREAM, R.stream_info(call_idx, name, max_packets=max_packets)))
    return struct.unpack_from("<I", reply, 12)[0]


def read_all(path):
    """Every datagram queued in the stream file @path, without waiting."""
    got = []
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        while True:
            got.append(os.read(fd, 65536))
    except BlockingIOError:
        pass
    finally:
        os.close(fd)
    return got


def ip_udp(data):
    """(src, dst, sport, dport, payload) of an IPv4/UDP datagram as a stream hands it."""
    if len(data) < 28 or data[0] >> 4 != 4:
        return None
    tot = struct.unpack_from("!H", data, 2)[0]
    sport, dport, ulen = struct.unpack_from("!HHH", data, 20)
    if tot != len(data) or ulen != len(data) - 20:
        return ("bad lengths", tot, ulen, len(data))
    return (socket.inet_ntoa(data[12:16]), socket.inet_ntoa(data[16:20]), sport, dport, data[28:])


def names(w, rd):
    """Call and stream names are file names, numbers the kernel's."""
    for bad, what in ((b"", "an empty call id"), (b"a/b", "a '/' in it"), (b".", "'.'"),
                      (b"..", "'..'"), (b"x" * 256, "256 bytes, no NUL")):
        expect("ADD_CALL with %s -> EINVAL" % what,
               call(rd, R.msg(R.ADD_CALL, R.call_info(bad))), "EINVAL")
    expect("ADD_CALL written (it answers: a read) -> EINVAL",
           call(w, R.msg(R.ADD_CALL, R.call_info(b"c"))), "EINVAL")
    idx = add_call(rd, b"names")
    expect("ADD_CALL: its directory", os.path.isdir(PROC + "/calls/names"), True)
    expect("the same call id again -> EEXIST",
           call(rd, R.msg(R.ADD_CALL, R.call_info(b"names"))), "EEXIST")
    expect("ADD_STREAM of no such call -> ENOENT",
           call(rd, R.msg(R.ADD_STREAM, R.stream_info(idx + 1000, b"s"))), "ENOENT")
    expect("ADD_STREAM with a '/' -> EINVAL",
           call(rd, R.msg(R.ADD_STREAM, R.stream_info(idx, b"s/t"))), "EINVAL")
    expect("ADD_STREAM holding 4097 packets -> ERANGE",
           call(rd, R.msg(R.ADD_STREAM, R.stream_info(idx, b"s", max_packets=4097))), "ERANGE")
    sidx = add_stream(rd, idx, b"s")
    st = os.stat(PROC + "/calls/names/s")
    expect("ADD_STREAM: its file, readable by owner and group", stat.S_IMODE(st.st_mode), 0o440)
    expect("the same stream name in that call -> EEXIST",
           call(rd, R.msg(R.ADD_STREAM, R.stream_info(idx, b"s"))), "EEXIST")
    other = add_call(rd, b"names2")
    s2 = add_stream(rd, other, b"s")
    expect("... in another call: a stream of its own", s2 != sidx, True)
    expect("DEL_STREAM naming the wrong call -> ENOENT",
           call(w, R.msg(R.DEL_STREAM, R.stream_info(idx, idx=s2))), "ENOENT")
    expect("DEL_CALL", call(w, R.msg(R.DEL_CALL, R.call_info(b"", other))), "OK")
    expect("... its directory and streams gone", os.path.exists(PROC + "/calls/names2"), False)
    expect("DEL_CALL again -> ENOENT", call(w, R.msg(R.DEL_CALL, R.call_info(b"", other))),
           "ENOENT")
    expect("PACKET for the deleted stream -> ENOENT", call(w, R.packet(s2, b"x" * 20)), "ENOENT")
    w(R.msg(R.DEL_CALL, R.call_info(b"", idx)))


def packets(w, rd):
    """PACKET: what the daemon relays itself, read back one per read()."""
    idx = add_call(rd, b"packets")
    sidx = add_stream(rd, idx, b"rtp", max_packets=3)
    path = PROC + "/calls/packets/rtp"
    expect("an empty stream: a non-blocking read -> EAGAIN", read_all(path), [])
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    p = select.poll()
    p.register(fd, select.POLLIN)
    expect("... and poll() says nothing to read", p.poll(0), [])
    expect("PACKET without data -> EINVAL", call(w, R.packet(sidx, b"")), "EINVAL")
    expect("PACKET read (not written) -> EINVAL", call(rd, R.packet(sidx, b"x")), "EINVAL")
    expect("a longer message but PACKET -> EINVAL",
           call(w, R.msg(R.NOOP, R.call_info(b"")) + b"x"), "EINVAL")
    data = [bytes([i]) * (20 + i) for i in range(5)]
    expect("five PACKETs", [call(w, R.packet(sidx, d)) for d in data], ["OK"] * 5)
    expect("poll() says readable", p.poll(0), [(fd, select.POLLIN)])
    os.close(fd)
    expect("a stream holding 3 keeps the newest 3, one per read()", read_all(path), data[2:])
    w(R.packet(sidx, b"y" * 100))
    fd = os.open(path, os.O_RDONLY)
    expect("a read shorter than the datagram gets its start", os.read(fd, 10), b"y" * 10)
    expect("... and the rest is gone", read_all(path), [])
    # a blocked reader wakes up with end of file when its stream goes, and
    # closes, as the recording daemon does: DEL_STREAM waits for that
    got = []

    def read_then_close():
        got.append(os.read(fd, 2048))
        os.close(fd)
    reader = threading.Thread(target=read_then_close)
    reader.start()
    t0 = time.monotonic()
    expect("DEL_STREAM", call(w, R.msg(R.DEL_STREAM, R.stream_info(idx, idx=sidx))), "OK")
    took = time.monotonic() - t0
    reader.join(30)
    expect("a blocked reader of a deleted stream gets end of file",
           (reader.is_alive(), got), (False, [b""]))
    expect("the file is gone", os.path.exists(path), False)
    # a reader in an epoll set that never closes: DEL_STREAM waits for it a
    # while only, then its file goes (reads fail); the set outlives the stream
    sidx = add_stream(rd, idx, b"polled")
    path = PROC + "/calls/packets/polled"
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    ep = select.epoll()
    ep.register(fd, select.EPOLLIN | select.EPOLLET)
    t1 = time.monotonic()
    expect("DEL_STREAM with a reader that does not close",
           call(w, R.msg(R.DEL_STREAM, R.stream_info(idx, idx=sidx))), "OK")
    waited = time.monotonic() - t1
    result(took < waited, "DEL_STREAM waited for the reader who closed (%.2f s) less than for "
           "the one who did not (%.2f s, at most a second)" % (took, waited))
    ep.poll(0)
    expect("... whose next read fails, the file gone", call(os.read, fd, 2048), "EIO")
    ep.unregister(fd)
    ep.close()
    os.close(fd)
    w(R.msg(R.DEL_CALL, R.call_info(b"", idx)))


def intercept(w, rd):
    """A target with do_intercept: what the rule forwards, also in the stream."""
    local, src, dst, peer = "127.0.0.1:31300", "127.0.0.1:31300", "127.0.0.1:31302", 31304
    idx = add_call(rd, b"rec")
    sidx = add_stream(rd, idx, b"caller", max_packets=100)
    path = PROC + "/calls/rec/caller"
    expect("a recorded target into no such stream -> ENOENT",
           call(w, R.msg(R.ADD_TARGET, R.target(local, 1, flags=R.TF_RTP | R.TF_DO_INTERCEPT,
                                                pts=[(0, 8000)], intercept=sidx + 1000))),
           "ENOENT")
    expect("a recorded target", call(w, R.msg(R.ADD_TARGET, R.target(
        local, 1, flags=R.TF_RTP | R.TF_DO_INTERCEPT, pts=[(0, 8000)], intercept=sidx))), "OK")
    expect("... its output: a rule", call(w, R.msg(R.ADD_DESTINATION, R.destination(
        local, 0, R.output(src, dst)))), "OK")
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 31302))
    rx.settimeout(10)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.bind(("127.0.0.1", peer))
    sent = [rtp(seq, 0x5678) for seq in range(10)]
    for d in sent:
        tx.sendto(d, ("127.0.0.1", 31300))
    expect("10 RTP packets forwarded", recv_n(rx, 10), sent)
    rec = [ip_udp(d) for d in read_all(path)]
    expect("... and the same 10 in the stream, with the headers they came with",
           rec, [("127.0.0.1", "127.0.0.1", peer, 31300, d) for d in sent])
    # a packet the rule hands up is the daemon's to record, not the kernel's
    tx.sendto(b"\x00" * 12, ("127.0.0.1", 31300))
    rx.settimeout(0.5)
    expect("not RTP: handed up, not forwarded", recv_n(rx, 1), [])
    expect("... nor recorded by the kernel", read_all(path), [])
    # the stream goes, the rule stays: it forwards, recording nothing
    w(R.msg(R.DEL_STREAM, R.stream_info(idx, idx=sidx)))
    rx.settimeout(10)
    tx.sendto(sent[0], ("127.0.0.1", 31300))
    expect("with its stream deleted the rule still forwards", recv_n(rx, 1), sent[:1])
    w(R.msg(R.DEL_TARGET, R.target(local, 0)))
    expect("DEL_CALL", call(w, R.msg(R.DEL_CALL, R.call_info(b"", idx))), "OK")
    rx.close()
    tx.close()


def main():
    fd, w, rd = C.control()

    expect("NOOP", call(w, R.noop()), "OK")
    names(w, rd)
    packets(w, rd)
    intercept(w, rd)
    expect("no rule left", status("Targets"), "0")
    # a call left for the table's deletion (85d-proc-recording.sh)
    idx = add_call(rd, b"left")
    add_stream(rd, idx, b"s")
    os.close(fd)
    result(os.path.exists(PROC + "/calls/left/s"),
           "calls outlive the control session (the daemon may restart)")
    return 1 if C.FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
