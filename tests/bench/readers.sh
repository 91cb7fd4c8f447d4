#!/bin/bash
# Control plane under /proc readers, run inside the test VM by `make
# bench-readers` (part of `make bench`): a table of RULES rules
# (default 1,000,000), then the latency of deleting one rule (RULE_DEL
# over generic netlink, which returns once no packet can use the rule: an
# RCU grace period) with no reader, and with 8 readers reading N/list and
# N/blist in a loop (4 each). A reader that held the RCU read lock for the
# whole table would stretch every delete to the length of its walk.
# Raw key=value lines go to $BENCH_RAW.
. "$(dirname "$0")/../kernel/lib/common.sh"

RAW=${BENCH_RAW:-$RESULTS/readers-raw.txt}
RULES=${BENCH_READERS_RULES:-1000000}
DELETES=${BENCH_READERS_DELETES:-20}
NS=readers
TABLE=42
record() { echo "$*" >>"$RAW"; echo "BENCH: $*"; }
b() { ip netns exec $NS "$@"; }

ip netns add $NS
b $GENL req TABLE_NEW table_id=$TABLE >/dev/null
record "readers rules=$RULES $(b $GENL bulk-add $TABLE "$RULES" 256 0 errors-only)"

# delete and re-add rule number 7 of the bulk-add, DELETES times; prints
# the delete latencies' median and maximum in ms
deletes() {
	b $PYTHON - "$TABLE" "$DELETES" <<'PY'
import os, statistics, struct, sys, time
sys.path.insert(0, os.path.join(os.environ["REPO"], "tests/kernel/lib"))
import genl as G
table, count = int(sys.argv[1]), int(sys.argv[2])
g = G.Genl()
rule = G.bulk_rule(table, 7)
lat = []
for _ in range(count):
    t0 = time.perf_counter()
    err, msg, _, _ = g.transact(g.family, 0, G.CMDS["RULE_DEL"], rule)
    lat.append((time.perf_counter() - t0) * 1000)
    if err:
        sys.exit(f"RULE_DEL: errno {err} {msg}")
    err, msg, _, _ = g.transact(g.family, G.NLM_F_CREATE | G.NLM_F_EXCL, G.CMDS["RULE_NEW"], rule)
    if err:
        sys.exit(f"RULE_NEW: errno {err} {msg}")
print(f"deletes={count} median_ms={statistics.median(lat):.1f} max_ms={max(lat):.1f}")
PY
}

record "readers delete readers=0 $(deletes)"

rm -f /tmp/readers-stop
pids=()
for i in 1 2 3 4; do
	b bash -c "while [ ! -e /tmp/readers-stop ]; do cat $PROC/$TABLE/list >/dev/null; done" &
	pids+=($!)
	b bash -c "while [ ! -e /tmp/readers-stop ]; do dd if=$PROC/$TABLE/blist of=/dev/null bs=15872 status=none; done" &
	pids+=($!)
done
# wait until the readers have their files open
for _ in $(seq 300); do
	[ "$(find /proc/[0-9]*/fd -lname "*/rtpengine/$TABLE/*list" 2>/dev/null | wc -l)" -ge 6 ] && break
	sleep 0.1
done
record "readers open=$(find /proc/[0-9]*/fd -lname "*/rtpengine/$TABLE/*list" 2>/dev/null | wc -l)"
record "readers delete readers=8 $(deletes)"
touch /tmp/readers-stop
kill "${pids[@]}" 2>/dev/null
wait

t0=$(date +%s%N)
b $GENL req TABLE_DEL table_id=$TABLE >/dev/null
record "readers table_del_ms=$((($(date +%s%N) - t0) / 1000000))"
ip netns del $NS
finish
