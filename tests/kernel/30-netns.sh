#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# Tables are per network namespace: two namespaces each with their own table
# 42, invisible to each other and to the initial namespace; a namespace that
# dies with tables frees them.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd

ip netns add rtpfwd-a
ip netns add rtpfwd-b
in_a() { ip netns exec rtpfwd-a "$@"; }
in_b() { ip netns exec rtpfwd-b "$@"; }

expect_eq "ns a: add 42 via /proc" "$(in_a bash -c ". $REPO/tests/kernel/lib/common.sh; procw $PROC/control 'add 42'")" OK
expect_eq "ns b: add 42 via genl" "$(in_b "$RTPNL" table add 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "ns b: add 17 via genl" "$(in_b "$RTPNL" table add 17 2>&1; echo "rc=$?")" "rc=0"
expect_eq "ns a sees only its table (/proc)" "$(in_a cat $PROC/list | tr '\n' ' ')" "42 "
expect_eq "ns b sees only its tables (/proc)" "$(in_b cat $PROC/list | tr '\n' ' ')" "17 42 "
expect_eq "ns a sees only its table (genl)" "$(in_a "$RTPNL" -j table list)" \
	'[{"table":42,"rules":0,"refcnt":0,"control_pid":0}]'
expect_eq "initial namespace sees none" "$(tables)" ""
expect_eq "initial namespace: genl sees none" "$("$RTPNL" -j table list)" "[]"
expect_eq "initial namespace can have its own 42" "$("$RTPNL" table add 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "ns a: del 42 leaves the others" "$(in_a "$RTPNL" table del 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "ns b keeps its 42" "$(in_b cat $PROC/list | tr '\n' ' ')" "17 42 "
expect_eq "initial keeps its 42" "$(tables)" "42"
expect_eq "module references: one per table" "$(modrefs)" "3"

# A namespace deleted with tables in it, one of whose control files is held
# open from outside (through /proc/PID/net): the namespace still dies, the
# open file is cut off, nothing leaks.
ip netns exec rtpfwd-b sleep 30 &	# ip execs sleep: $! is in rtpfwd-b
sleeper=$!
sleep 0.5
exec 5<>"/proc/$sleeper/net/rtpengine/42/control"
expect_match "control held from outside the namespace" "$(in_b cat $PROC/42/status)" "Control PID: [1-9]"
kill $sleeper
wait $sleeper 2>/dev/null
ip netns del rtpfwd-b
ip netns del rtpfwd-a
expect_modrefs "dead namespace's tables freed" 1
exec 5>&-
"$RTPNL" table del 42
expect_eq "initial namespace clean" "$(tables)" ""

# Many namespaces with tables, destroyed together
for i in $(seq 1 20); do
	ip netns add "rtpfwd-m$i"
	ip netns exec "rtpfwd-m$i" bash -c "for t in 1 2 3; do echo add \$t > $PROC/control; done"
done
expect_eq "60 tables in 20 namespaces" "$(modrefs)" "60"
for i in $(seq 1 20); do ip netns del "rtpfwd-m$i"; done
expect_modrefs "all freed with their namespaces" 0 100
finish
