#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 60
# SSRC 0 is a valid SSRC: the rtpengine 10.5 statistics (GET_STATS,
# GET_RESET_STATS on /proc/rtpengine/N/control) list it like any other and
# go on to the SSRCs seen after it.
. "$(dirname "$0")/lib/common.sh"
NS=s0-ns
ip netns add $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
modprobe xt_RTPENGINE
expect_eq "add table 42" "$(n bash -c ". $REPO/tests/kernel/lib/common.sh; procw $PROC/control 'add 42'")" OK
n iptables -I INPUT -p udp -j RTPENGINE --id 42

out=$(n $PYTHON - <<'PY'
import os, socket, struct, sys, time
sys.path.insert(0, os.environ["REPO"] + "/tests/kernel/lib")
import rtpe10 as R
fd = os.open("/proc/rtpengine/42/control", os.O_RDWR)
local = "127.0.0.1:31000"
os.write(fd, R.msg(R.ADD_TARGET, R.target(local, 1, flags=R.TF_RTP | R.TF_RTP_STATS)))
os.write(fd, R.msg(R.ADD_DESTINATION, R.destination(
    local, 0, R.output(local, "127.0.0.1:31100"))))
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind(("127.0.0.1", 31100))
rx.settimeout(5)
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
tx.bind(("127.0.0.1", 31200))
sent = [(0, 3), (0x1234, 2)]    # SSRC 0 first: it takes slot 0
n = 0
for ssrc, count in sent:
    for seq in range(count):
        tx.sendto(struct.pack("!BBHII", 0x80, 0, seq, seq * 160, ssrc) + bytes(160),
                  ("127.0.0.1", 31000))
        n += 1
try:
    for _ in range(n):
        rx.recv(2048)
except socket.timeout:
    print("forwarded: timeout")

def stats(cmd):
    buf = bytearray(R.stats_request(cmd, local))
    os.readv(fd, [buf])
    body = bytes(buf)[8:]
    ssrcs = struct.unpack(">4I", body[24:40])
    out = []
    for i, ssrc in enumerate(ssrcs[:2]):    # the two slots in use
        packets, nbytes = struct.unpack("<QQ", body[40 + 40 * i:56 + 40 * i])
        out.append(f"{ssrc:x}:{packets}:{nbytes}")
    return " ".join(out)

print("get", stats(R.GET_STATS))
print("reset", stats(R.GET_RESET_STATS))
print("after", stats(R.GET_STATS))
with open("/proc/rtpengine/42/list") as f:
    print("list", [l.strip() for l in f if "SSRC in" in l])
PY
)
echo "$out" | sed 's/^/    /'
expect_eq "GET_STATS: SSRC 0 and the one after it" "$(echo "$out" | grep ^get)" \
	"get 0:3:516 1234:2:344"
expect_eq "GET_RESET_STATS returns both" "$(echo "$out" | grep ^reset)" \
	"reset 0:3:516 1234:2:344"
expect_eq "... and zeroes both" "$(echo "$out" | grep ^after)" "after 0:0:0 1234:0:0"
expect_eq "N/list shows both" "$(echo "$out" | grep ^list)" "list ['SSRC in: 0, 1234']"
n iptables -D INPUT -p udp -j RTPENGINE --id 42
ip netns del $NS
expect_modrefs "nothing left" 0 100
finish
