#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# Rule churn under traffic (tests/fuzz/churn_fuzz.py): two processes add,
# replace and delete the rules of one table at full speed (and grow and
# shrink it in bursts) while a third sends 1,000 datagrams/s to every rule
# and a fourth dumps the table without pause. No datagram leaves through a
# rule version after the request that replaced or deleted it returned;
# every datagram is forwarded or handed up exactly once; the counters kept
# across replaces equal what was forwarded. Short run: 10 s of churn;
# RTPFWD_FUZZ=long: 120 s. First, a reproducer: a dump paused while the
# table's hash table grows must not list rules twice without
# NLM_F_DUMP_INTR.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/fuzz.sh"
NS=fz-churn TABLE=11 KEYS=16
SECS=$([ "$RTPFWD_FUZZ" = long ] && echo 120 || echo 10)
D=$(mktemp -d)
ip netns add $NS
genl_serve $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
CHURN="$PYTHON $FUZZ/churn_fuzz.py"

# 1. a dump across a resize: 6,144 rules fill 8,192 buckets to the grow
# threshold; one more starts a grow, during the dump's first round
genl req TABLE_NEW table_id=12 >/dev/null
out=$(genl bulk-add 12 6144 256 0 errors-only)
expect_match "6,144 rules for the resize" "$out" "^added=6144 "
fuzz_run "a dump across a resize lists each rule once, or says it was interrupted" \
	n $CHURN restart 12 6144
expect_eq "table of the resize deleted" "$(genl req TABLE_DEL table_id=12 | head -1)" "errno=0 msg="
echo "MEASURE: resize part $SECONDS s"

# 2. churn under traffic
genl req TABLE_NEW table_id=$TABLE >/dev/null
n iptables -I INPUT -p udp -j RTPENGINE --id $TABLE
# traffic until the churners are done, then 2 s with every final rule
n $CHURN traffic "$D" $KEYS $((SECS * 4 + 60)) >"$D/traffic.out" 2>&1 &
tpid=$!
wait_until 60 "the traffic process to be ready" grep -q ready "$D/traffic.out"
# one seed for both churners (each draws its own sequence from it)
RTPFWD_FUZZ_SEED=${RTPFWD_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
export RTPFWD_FUZZ_SEED
echo "    churn: seed $RTPFWD_FUZZ_SEED (RTPFWD_FUZZ_SEED=$RTPFWD_FUZZ_SEED replays the churners' choices, not their timing)"
n $CHURN dump "$D" $TABLE >"$D/dump.out" 2>&1 &
dpid=$!
n $CHURN churn "$D" 0 $KEYS $SECS $TABLE >"$D/churn0.out" 2>&1 &
c0=$!
n $CHURN churn "$D" 1 $KEYS $SECS $TABLE >"$D/churn1.out" 2>&1 &
c1=$!
wait $c0; r0=$?
wait $c1; r1=$?
touch "$D/stop"
wait $dpid
wait $tpid
cat "$D"/churn0.out "$D"/churn1.out "$D"/dump.out "$D"/traffic.out | sed 's/^/    /'
expect_eq "both churners ran to the end" "$r0 $r1" "0 0"
fuzz_run "churn: no datagram through a replaced or deleted rule, none lost, counters kept" \
	n $CHURN judge "$D" $KEYS $TABLE
n iptables -D INPUT -p udp -j RTPENGINE --id $TABLE
expect_eq "table deleted" "$(genl req TABLE_DEL table_id=$TABLE | head -1)" "errno=0 msg="
genl_stop
ip netns del $NS
rm -rf "$D"
fuzz_unload
finish
