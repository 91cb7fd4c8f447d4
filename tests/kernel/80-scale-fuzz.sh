#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 400
# Scale, fuzz and churn: 100,000 rules in one table (rate, dump, memory per
# rule), random RULE_NEW messages, and rule churn under traffic.
. "$(dirname "$0")/lib/common.sh"
NS=sf-ns
ip netns add $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
COUNT=${SCALE_RULES:-100000}

# kernel memory in kB: Slab + Percpu
kmem() { awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }

# 1. Scale
t0=$SECONDS
expect_eq "table" "$(n $GENL req TABLE_NEW table_id=42 | head -1)" "errno=0 msg="
sync; echo 3 >/proc/sys/vm/drop_caches
m0=$(kmem)
# errors-only: the kernel acks failures only (Python reading 100,000 acks
# under emulation took 8 times longer than the kernel adding the rules)
out=$(n $GENL bulk-add 42 "$COUNT" 256 0 errors-only)
echo "MEASURE: bulk-add $out"
expect_match "bulk-add: $COUNT rules" "$out" "^added=$COUNT errors=OK=$COUNT "
m1=$(kmem)
echo "MEASURE: kernel memory (Slab+Percpu) $m0 kB -> $m1 kB: $(( (m1 - m0) * 1024 / COUNT )) bytes/rule (slub_debug=FZPU)"
expect_eq "under 4096 bytes/rule" "$(( (m1 - m0) * 1024 / COUNT < 4096 ))" "1"
out=$(n $GENL rules-count 42)
echo "MEASURE: dump $out"
expect_match "dump: all $COUNT rules, not interrupted" "$out" "^errno=0 count=$COUNT intr=0 "
expect_eq "status" "$(n grep Targets $PROC/42/status)" "$(printf 'Targets:     %s' "$COUNT")"
expect_eq "table del with $COUNT rules" "$(n $GENL req TABLE_DEL table_id=42 | head -1)" "errno=0 msg="
expect_modrefs "scale: nothing left" 0
echo "MEASURE: scale part $((SECONDS - t0)) s"

# 2. Fuzz
t0=$SECONDS
n $GENL req TABLE_NEW table_id=42 >/dev/null
out=$(n $GENL rule-fuzz 10000 ${FUZZ_SEED:-8080})
echo "MEASURE: rule-fuzz $out"
expect_match "fuzz: every message answered" "$out" "^sent=10000 answered=10000 "
expect_eq "fuzz: table del" "$(n $GENL req TABLE_DEL table_id=42 | head -1)" "errno=0 msg="
expect_modrefs "fuzz: nothing left" 0
echo "MEASURE: fuzz part $((SECONDS - t0)) s"

# 3. Churn under traffic (loopback): ~2000 pps to 127.0.0.1:30000 while the
# rule for it is replaced / deleted / re-added every 50 ms. A forwarded
# packet's receive timestamp (taken on lo as it is transmitted) must never
# fall between a delete's return and the next add: no packet is forwarded by
# a deleted rule once its delete returned.
t0=$SECONDS
n $GENL req TABLE_NEW table_id=42 >/dev/null
n iptables -I INPUT -p udp -j RTPENGINE --id 42
n $GENL rule RULE_NEW 42 flags=create,excl local=127.0.0.1:30000 out=127.0.0.1:30002,127.0.0.1:6000 >/dev/null
rm -f /tmp/sf-done /tmp/sf-traffic /tmp/sf-gaps /tmp/sf-stamps
n $PYTHON - >/tmp/sf-traffic 2>&1 <<'PY' &
import os, socket, struct, time
fwd = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); fwd.bind(("127.0.0.1", 6000))
fwd.setsockopt(socket.SOL_SOCKET, 35, 1)    # SO_TIMESTAMPNS: when it left the rule
stamps = []
loc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); loc.bind(("127.0.0.1", 30000))
snd = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); snd.bind(("127.0.0.1", 5000))
for s in (fwd, loc):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    s.setblocking(False)
counts = {"fwd": 0, "loc": 0}
def drain():
    for s, k in ((fwd, "fwd"), (loc, "loc")):
        while True:
            try:
                _, anc, _, _ = s.recvmsg(2048, 64)
            except BlockingIOError:
                break
            counts[k] += 1
            for level, typ, val in anc:
                if k == "fwd" and level == socket.SOL_SOCKET and typ == 35:
                    sec, nsec = struct.unpack("=qq", val[:16])
                    stamps.append(sec + nsec / 1e9)
print("ready", flush=True)
data, sent, start = b"\x80" + b"\0" * 171, 0, time.time()
while not os.path.exists("/tmp/sf-done") and time.time() - start < 60:
    due = int((time.time() - start) * 2000)    # 2000 packets per second
    while sent < due:
        snd.sendto(data, ("127.0.0.1", 30000))
        sent += 1
    drain()
    time.sleep(0.005)
elapsed = time.time() - start
time.sleep(0.5); drain()
print(f"churn sent={sent} seconds={elapsed:.1f} pps={sent / elapsed:.0f} forwarded={counts['fwd']} local={counts['loc']}")
with open("/tmp/sf-stamps", "w") as f:
    f.write("".join(f"{t:.6f}\n" for t in stamps))
counts = {"fwd": 0, "loc": 0}
for i in range(50):
    snd.sendto(data, ("127.0.0.1", 30000))
time.sleep(1); drain()
print(f"after sent=50 forwarded={counts['fwd']} local={counts['loc']}")
PY
tpid=$!
wait_until 120 "the churn traffic generator to start" grep -q ready /tmp/sf-traffic
out=$(n $GENL rule-churn ${CHURN_SECONDS:-20} 42 127.0.0.1:30000 127.0.0.1:30002 127.0.0.1:6000 0.05 /tmp/sf-gaps)
echo "MEASURE: rule-churn $out"
expect_match "churn: final delete succeeded" "$out" "^steps=[0-9]+ final_delete=0 "
sleep 0.5
touch /tmp/sf-done
wait $tpid
cat /tmp/sf-traffic | sed 's/^/MEASURE: traffic /'
line=$(grep '^churn' /tmp/sf-traffic)
expect_match "churn: packets forwarded and delivered locally during churn" "$line" \
	"forwarded=[1-9][0-9]* local=[1-9][0-9]*$"
late=$($PYTHON - <<'PY'
gaps = [tuple(float(x) for x in l.split()) for l in open("/tmp/sf-gaps")]
stamps = [float(l) for l in open("/tmp/sf-stamps")]
late = sum(1 for t in stamps for a, b in gaps if a < t < b)
print(f"gaps={len(gaps)} stamps={len(stamps)} late={late}")
PY
)
echo "MEASURE: churn $late"
expect_match "churn: no packet forwarded between a delete's return and the next add" "$late" \
	"^gaps=[1-9][0-9]* stamps=[1-9][0-9]* late=0$"
expect_eq "after the final delete: not forwarded, to the local socket" \
	"$(grep '^after' /tmp/sf-traffic)" "after sent=50 forwarded=0 local=50"
n iptables -D INPUT -p udp -j RTPENGINE --id 42
expect_eq "churn: table del" "$(n $GENL req TABLE_DEL table_id=42 | head -1)" "errno=0 msg="
ip netns del $NS
expect_modrefs "churn: nothing left" 0
echo "MEASURE: churn part $((SECONDS - t0)) s"
finish
