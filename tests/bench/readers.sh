#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Control plane under /proc readers, run inside the test VM by `make
# bench-readers` (part of `make bench`): a table of RULES rules
# (default 1,000,000), then the latency of deleting one rule (RULE_DEL
# over generic netlink, which returns once no packet can use the rule: an
# RCU grace period) with no reader, and with 8 readers reading N/list and
# N/blist in a loop (4 each). A reader that held the RCU read lock for the
# whole table would stretch every delete to the length of its walk. The
# readers run at nice 19 so that what the deletes wait for is their RCU
# sections, not their share of the 2 vCPUs (measured at nice 0, 200,000
# rules: 8 busy readers made every delete wait ~10 ms for a CPU, before and
# after the cursor rewrite alike). At nice 19, 200,000 rules, 6.1: median
# and worst delete 0.2/3.4 ms alone; with readers 17.0/4,744 ms before the
# rewrite (one show() walked the whole table), 6.1/13.8 ms after. The
# series with 8 busy loops that never touch rtpfwd (busy=8) is the
# baseline the readers' series is to be compared with.
# BENCH_READERS_BEFORE_KO=/path/rtpfwd.ko measures that module first (an
# older build, for a before/after comparison in one boot), then ours.
# Raw key=value lines go to $BENCH_RAW.
. "$(dirname "$0")/../kernel/lib/common.sh"

RAW=${BENCH_RAW:-$RESULTS/readers-raw.txt}
RULES=${BENCH_READERS_RULES:-1000000}
DELETES=${BENCH_READERS_DELETES:-20}
# a delete series stops after this many seconds (a reader may hold every
# delete for the length of its walk)
DELETE_SECONDS=${BENCH_READERS_DELETE_SECONDS:-120}
NS=readers
TABLE=42
record() { echo "$*" >>"$RAW"; echo "BENCH: $*"; }
b() { ip netns exec $NS "$@"; }

# delete and re-add rule number 7 of the bulk-add, DELETES times or for
# DELETE_SECONDS; prints the delete latencies' median and maximum in ms
deletes() {
	b $PYTHON - "$TABLE" "$DELETES" "$DELETE_SECONDS" <<'PY'
import os, statistics, sys, time
sys.path.insert(0, os.path.join(os.environ["REPO"], "tests/kernel/lib"))
import genl as G
table, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
g = G.Genl()
rule = G.bulk_rule(table, 7)
key = G.bulk_rule(table, 7, key_only=True)     # RULE_DEL takes the key alone
lat, start = [], time.monotonic()
while len(lat) < count and time.monotonic() - start < seconds:
    t0 = time.perf_counter()
    err, msg, _, _ = g.transact(g.family, 0, G.CMDS["RULE_DEL"], key)
    lat.append((time.perf_counter() - t0) * 1000)
    if err:
        sys.exit(f"RULE_DEL: errno {err} {msg}")
    err, msg, _, _ = g.transact(g.family, G.NLM_F_CREATE | G.NLM_F_EXCL, G.CMDS["RULE_NEW"], rule)
    if err:
        sys.exit(f"RULE_NEW: errno {err} {msg}")
print(f"deletes={len(lat)} median_ms={statistics.median(lat):.1f} max_ms={max(lat):.1f}")
PY
}

readers_open() { find /proc/[0-9]*/fd -lname "*/rtpengine/$TABLE/*list" 2>/dev/null | wc -l; }

# measure MODULE-LABEL: the whole series with the rtpfwd module loaded now
measure() {
	local m=$1 pids=() i t0
	ip netns add $NS
	b $GENL req TABLE_NEW table_id=$TABLE >/dev/null
	record "readers module=$m rules=$RULES $(b $GENL bulk-add $TABLE "$RULES" 256 0 errors-only)"
	record "readers module=$m readers=0 $(deletes)"

	# The control: 8 busy loops at nice 19 that never touch rtpfwd. A
	# grace period waits for every busy CPU to pass a quiescent state
	# (a tick or a context switch), so deletes are slower with busy CPUs
	# whatever the CPUs do; the readers cost nothing of their own if
	# their series equals this one.
	rm -f /tmp/readers-stop
	for i in 1 2 3 4 5 6 7 8; do
		nice -n 19 bash -c "while [ ! -e /tmp/readers-stop ]; do :; done" &
		pids+=($!)
	done
	record "readers module=$m busy=8 $(deletes)"
	touch /tmp/readers-stop
	kill "${pids[@]}" 2>/dev/null
	wait
	pids=()

	rm -f /tmp/readers-stop
	for i in 1 2 3 4; do
		b nice -n 19 bash -c "while [ ! -e /tmp/readers-stop ]; do cat $PROC/$TABLE/list >/dev/null; done" &
		pids+=($!)
		b nice -n 19 bash -c "while [ ! -e /tmp/readers-stop ]; do dd if=$PROC/$TABLE/blist of=/dev/null bs=15872 status=none; done" &
		pids+=($!)
	done
	for _ in $(seq 300); do
		[ "$(readers_open)" -ge 6 ] && break
		sleep 0.1
	done
	record "readers module=$m readers=8 open=$(readers_open) $(deletes)"
	touch /tmp/readers-stop
	kill "${pids[@]}" 2>/dev/null
	wait
	# a cat or dd of the killed loops may still be in its walk
	pkill -f "rtpengine/$TABLE/b?list" 2>/dev/null
	wait_until 120 "the readers to close the files" test "$(readers_open)" = 0

	t0=$(date +%s%N)
	b $GENL req TABLE_DEL table_id=$TABLE >/dev/null
	record "readers module=$m table_del_ms=$((($(date +%s%N) - t0) / 1000000))"
	ip netns del $NS
}

if [ -n "${BENCH_READERS_BEFORE_KO:-}" ]; then
	modprobe rtpfwd && rmmod rtpfwd	# its dependencies stay loaded
	insmod "$BENCH_READERS_BEFORE_KO"
	measure before
	expect_modrefs "before: every table freed" 0 300
	rmmod rtpfwd
fi
modprobe rtpfwd
measure rtpfwd
# the deleted table's rules are freed from a workqueue: seconds for 1,000,000
expect_modrefs "every table freed" 0 300
finish
