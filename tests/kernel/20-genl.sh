#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 180
# Generic netlink: TABLE_NEW/DEL/GET through rtpnl and through a raw client,
# every rejection with its extack text, dumps, and notifications.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd

# rtpnl, the operator's view
expect_eq "rtpnl table add 42" "$("$RTPNL" table add 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "/proc sees the genl table" "$(tables)" "42"
expect_eq "rtpnl table list" "$("$RTPNL" table list)" "table 42 rules 0 refcnt 0 control-pid 0"
expect_eq "rtpnl -j table list" "$("$RTPNL" -j table list)" \
	'[{"table":42,"rules":0,"refcnt":0,"control_pid":0}]'
expect_eq "prefix-matched keywords" "$("$RTPNL" tab sh)" "table 42 rules 0 refcnt 0 control-pid 0"
expect_eq "rtpnl table get 42" "$("$RTPNL" table get 42)" "table 42 rules 0 refcnt 0 control-pid 0"
out=$("$RTPNL" table add 42 2>&1); rc=$?
expect_eq "add existing: one-line error, non-zero exit" "$rc:$(echo "$out" | wc -l)" "$rc:1"
check "add existing: exit status non-zero" test "$rc" -ne 0
expect_match "add existing: says so" "$out" "^Error: .*exist"
out=$("$RTPNL" table del 43 2>&1); rc=$?
check "del missing: non-zero exit" test "$rc" -ne 0
expect_match "del missing: says so" "$out" "^Error: .*(no such table|does not exist)"
out=$("$RTPNL" table add 64 2>&1); rc=$?
expect_eq "add 64 rejected by rtpnl" "$out" "Error: table id 64 out of range (0..63)"
check "add 64: non-zero exit" test "$rc" -ne 0
out=$("$RTPNL" table add abc 2>&1)
expect_match "add abc names the bad argument" "$out" "^Error: .*'abc'"
out=$("$RTPNL" tabel list 2>&1); rc=$?
expect_match "unknown object names it" "$out" "^Error: .*'tabel'"
exec 3<>"$PROC/42/control"
out=$("$RTPNL" table del 42 2>&1); rc=$?
expect_match "del while control open: busy" "$out" "^Error: .*(in use|busy)"
expect_eq "rtpnl shows the control PID" "$("$RTPNL" -j table get 42)" \
	"{\"table\":42,\"rules\":0,\"refcnt\":1,\"control_pid\":$$}"
exec 3>&-
expect_eq "rtpnl table del 42" "$("$RTPNL" table del 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "rtpnl -j table list, empty" "$("$RTPNL" -j table list)" "[]"

# The kernel itself, without rtpnl's own checks in front of it
# (one genl process for them all: a process start costs about a second)
raw=$($GENL batch <<'EOF'
req TABLE_NEW table_id=5
req TABLE_NEW table_id=5
req TABLE_NEW table_id=64
req TABLE_NEW
req TABLE_NEW table_id=6 table_rules=1
req TABLE_NEW table_id=hex:0600
req TABLE_DEL table_id=9
req TABLE_GET table_id=9
req TABLE_GET table_id=5
EOF
)
r() { sed -n "${1}p" <<<"$raw"; }
expect_eq "raw TABLE_NEW 5" "$(r 1)" "errno=0 msg="
expect_eq "raw TABLE_NEW 5 again" "$(r 2)" "errno=EEXIST msg=rtpfwd: table exists"
expect_eq "raw TABLE_NEW 64" "$(r 3)" "errno=ERANGE msg=integer out of range"
expect_eq "raw TABLE_NEW without id" "$(r 4)" "errno=EINVAL msg=rtpfwd: missing table id"
expect_eq "raw TABLE_NEW with a reply-only attribute" "$(r 5 | cut -d' ' -f1)" "errno=EINVAL"
expect_eq "raw TABLE_NEW with a short id" "$(r 6 | cut -d' ' -f1)" "errno=EINVAL"
expect_eq "raw TABLE_DEL 9" "$(r 7)" "errno=ENOENT msg=rtpfwd: no such table"
expect_eq "raw TABLE_GET 9" "$(r 8)" "errno=ENOENT msg=rtpfwd: no such table"
expect_eq "raw TABLE_GET 5" "$(sed -n 9,10p <<<"$raw")" \
	$'errno=0 msg=\nreply table_id=5 table_rules=0 table_control_pid=0 table_refcnt=0'
expect_eq "raw: nothing more" "$(wc -l <<<"$raw")" 10
expect_eq "rejections changed nothing" "$(tables)" "5"

# A dump of all 64 tables, then of none
for i in $(seq 0 63); do [ "$i" = 5 ] || echo "add $i" >$PROC/control; done
dump=$($GENL dump TABLE_GET)
expect_eq "dump of 64 tables" "$(echo "$dump" | head -1)" "errno=0 msg= count=64 intr=0"
expect_eq "dump in id order" "$(echo "$dump" | sed -n 's/^entry table_id=\([0-9]*\) .*/\1/p' | tr '\n' ' ')" \
	"$(seq 0 63 | tr '\n' ' ')"
expect_eq "rtpnl lists 64" "$("$RTPNL" table list | wc -l)" "64"
for i in $(seq 0 63); do echo "del $i" >$PROC/control; done
expect_eq "dump of none" "$($GENL dump TABLE_GET)" "errno=0 msg= count=0 intr=0"

# Notifications, from both control planes
rm -f /tmp/events
# the four events, or a minute (scaled) for a slow kernel to send them
$GENL listen "$(scaled 60)" 4 >/tmp/events &
listener=$!
# joined once it says so (a fixed sleep loses to a slow start under load)
for _ in $(seq 100); do grep -q listening /tmp/events 2>/dev/null && break; sleep 0.1; done
"$RTPNL" table add 11
echo "add 12" >$PROC/control
"$RTPNL" table del 11
echo "del 12" >$PROC/control
wait $listener
expect_eq "notify events in order" "$(grep ^event /tmp/events)" \
	$'event TABLE_NEW table_id=11\nevent TABLE_NEW table_id=12\nevent TABLE_DEL table_id=11\nevent TABLE_DEL table_id=12'
expect_eq "nothing left" "$(tables)" ""
finish
