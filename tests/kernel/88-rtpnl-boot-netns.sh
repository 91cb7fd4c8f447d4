#!/bin/bash
# timeout: 120
# SPDX-License-Identifier: GPL-2.0
# rtpnl at 3 a.m. against the real kernel: -n NETNS (a name, a path, a
# missing one, an unprivileged caller), a boot batch run twice (table
# ensure, rule replace, comments), -force going on past failing lines, and
# monitor -t.
. "$(dirname "$0")/lib/common.sh"
NS=bt-ns
ip netns add $NS
ip -n $NS link set lo up
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# run CMD...: "rc=N out=STDOUT err=STDERR", rtpnl run in the initial namespace
run() {
	local out err rc
	out=$("$RTPNL" "$@" 2>/tmp/bt-err)
	rc=$?
	err=$(cat /tmp/bt-err)
	echo "rc=$rc out=$out err=$err"
}

# -n NETNS
expect_eq "table ensure through -n" "$(run -n $NS table ensure 42)" "rc=0 out= err="
expect_eq "... the table is in the namespace" "$(ip netns exec $NS cat $PROC/list | tr '\n' ' ')" "42 "
expect_eq "... not in the initial one" "$("$RTPNL" -j table list)" "[]"
expect_eq "-netns with a path" "$(run -netns /run/netns/$NS -j table list)" \
	'rc=0 out=[{"table":42,"rules":0,"refcnt":0,"control_pid":0}] err='
ip netns exec $NS sleep 60 &
sleeper=$!
# $! is ip's pid, in the initial namespace until ip has entered $NS
ns_inode=$(ip netns exec $NS readlink /proc/self/ns/net)
in_ns() { [ "$(readlink /proc/$sleeper/ns/net 2>/dev/null)" = "$ns_inode" ]; }
wait_until 30 "the sleeper in $NS" in_ns
expect_eq "-n /proc/PID/ns/net" "$(run -n /proc/$sleeper/ns/net table list)" \
	"rc=0 out=table 42 rules 0 refcnt 0 control-pid 0 err="
kill $sleeper
wait $sleeper 2>/dev/null
expect_eq "a missing namespace: one line naming it" "$(run -n bt-nope table list)" \
	"rc=1 out= err=Error: network namespace 'bt-nope' does not exist (no /run/netns/bt-nope)"
expect_eq "unprivileged: setns refused, one line naming it" \
	"$(nobody "$RTPNL" -n $NS table list 2>&1; echo "rc=$?")" \
	"Error: cannot enter network namespace '$NS': Operation not permitted (CAP_SYS_ADMIN is required)
rc=1"

# A boot file, run twice: table 42 exists before the first run already
cat >/tmp/bt-boot.conf <<'CONF'
# rtpfwd tables at boot
table ensure 42
  # an indented comment

table ensure 43
rule replace table 42 local 10.0.0.1:1000 output src 10.0.0.1:1002 dst 10.0.0.2:2000
CONF
expect_eq "boot file, first run" "$(run -n $NS -b /tmp/bt-boot.conf)" "rc=0 out= err="
expect_eq "boot file, second run" "$(run -n $NS -b /tmp/bt-boot.conf)" "rc=0 out= err="
expect_eq "... tables 42 and 43" "$(ip netns exec $NS cat $PROC/list | tr '\n' ' ')" "42 43 "
expect_eq "... one rule" "$("$RTPNL" -n $NS rules list table 42)" \
	"table 42 local 10.0.0.1:1000 mismatch ignore output src 10.0.0.1:1002 dst 10.0.0.2:2000"

# table add of an existing table: the batch stops there, naming the line
printf '# no ensure\ntable add 42\ntable add 44\n' >/tmp/bt-add.conf
out=$("$RTPNL" -n $NS -b /tmp/bt-add.conf 2>&1); rc=$?
expect_match "table add 42 again stops the batch at line 2" "rc=$rc $out" \
	"^rc=1 Error: /tmp/bt-add.conf:2: "
expect_eq "... in one line" "$(wc -l <<<"$out")" "1"
expect_eq "... line 3 did not run" "$(ip netns exec $NS cat $PROC/list | tr '\n' ' ')" "42 43 "

# -force: every line runs, each failure reported, exit status non-zero
printf 'table add 42\ntable add 64\ntable ensure 44\n' >/tmp/bt-force.conf
out=$("$RTPNL" -n $NS -force -b /tmp/bt-force.conf 2>&1); rc=$?
expect_eq "-force: exit status of the first failure" "$rc" "1"
expect_match "-force: line 1 reported" "$(sed -n 1p <<<"$out")" "^Error: /tmp/bt-force.conf:1: "
expect_eq "-force: line 2 reported" "$(sed -n 2p <<<"$out")" \
	"Error: /tmp/bt-force.conf:2: table id 64 out of range (0..63)"
expect_eq "-force: two error lines" "$(wc -l <<<"$out")" "2"
expect_eq "-force: line 3 ran" "$(ip netns exec $NS cat $PROC/list | tr '\n' ' ')" "42 43 44 "

# monitor -t: ip's timestamp line before each event
"$RTPNL" -n $NS -t monitor >/tmp/bt-mon 2>/tmp/bt-mon-err &
mon=$!
"$RTPNL" -n $NS -j -t monitor >/tmp/bt-monj 2>&1 &
monj=$!
sleep 2	# the monitors join the group meanwhile
"$RTPNL" -n $NS table add 45
for _ in $(seq 50); do grep -q 'new table 45' /tmp/bt-mon && grep -q '"table":45' /tmp/bt-monj && break; sleep 0.1; done
kill $mon $monj
wait $mon $monj 2>/dev/null
expect_match "monitor -t: timestamp line" "$(sed -n 1p /tmp/bt-mon)" \
	'^Timestamp: [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4} [0-9]+ usec$'
expect_eq "monitor -t: then the event" "$(sed -n 2p /tmp/bt-mon)" "new table 45"
expect_eq "monitor -t: nothing on stderr" "$(cat /tmp/bt-mon-err)" ""
expect_match "-j -t monitor: timestamp in the event" "$(cat /tmp/bt-monj)" \
	'^\{"event":"new","object":"table","table":45,"timestamp":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{6}[+-][0-9]{4}"\}$'

for t in 42 43 44 45; do "$RTPNL" -n $NS table del $t; done
rm -f /tmp/bt-*.conf /tmp/bt-mon /tmp/bt-monj /tmp/bt-mon-err /tmp/bt-err
ip netns del $NS
expect_modrefs "nothing left" 0
finish
