#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""NG requests over a range of calls in one process (a python3 start costs
~1.5 s under emulation; guest-daemon.sh would otherwise start one per call).

    ngcalls.py SERVER query PREFIX N   per-stream packet counters of calls
                                       PREFIX-0 .. PREFIX-(N-1), as the
                                       daemon reports them in NG `query`
    ngcalls.py SERVER delete PREFIX N  NG delete of those calls

query prints one line: "streams=S packets=P zero=Z missing=M", S the
streams reported, P the sum of their "packets" (tags -> medias -> streams
-> stats -> packets: the daemon's per-stream counter, which rtpengine 12.5
keeps in the memory it shares with the kernel), Z the streams at 0, M the
calls the daemon did not answer with result "ok". delete prints
"deleted=N failed=F".
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernel", "lib"))
import ng  # noqa: E402


def streams_of(reply):
    """The stats dictionaries of every RTP stream of every media of every
    tag (a call: 2 tags, 1 media each)."""
    for tag in (reply.get("tags") or {}).values():
        if not isinstance(tag, dict):
            continue
        for media in tag.get("medias") or []:
            for stream in media.get("streams") or []:
                # RTP only: each RTP stream has its RTCP one beside it
                if b"RTCP" in (stream.get("flags") or []):
                    continue
                stats = stream.get("stats")
                if isinstance(stats, dict):
                    yield stats


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    server, cmd, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if cmd == "query":
        streams = packets = zero = missing = 0
        for i in range(n):
            reply = ng.request(server, {"command": "query", "call-id": "%s-%d" % (prefix, i)})
            if reply.get("result") != b"ok":
                missing += 1
                continue
            for stats in streams_of(reply):
                p = stats.get("packets", 0)
                streams += 1
                packets += p
                zero += p == 0
        print("streams=%d packets=%d zero=%d missing=%d" % (streams, packets, zero, missing))
    elif cmd == "delete":
        failed = 0
        for i in range(n):
            reply = ng.request(server, {"command": "delete", "call-id": "%s-%d" % (prefix, i)})
            failed += reply.get("result") != b"ok"
        print("deleted=%d failed=%d" % (n - failed, failed))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
