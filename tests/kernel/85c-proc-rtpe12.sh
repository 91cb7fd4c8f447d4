#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 150
# The rtpengine 12.5 binary control ABI on /proc/rtpengine/42/control
# (module/control/proc_rtpe12*.c, proc_shm.c), driven message by message as
# Debian 13's rtpengine-daemon 12.5 does (lib/proc_rtpe12_check.py): the
# mappings, INIT, targets with their statistics blocks, real packets and the
# counters the kernel wrote into the daemon's memory, a split mapping, clean
# refusals. Then a "daemon" killed with SIGKILL while packets flow through
# its rule (rtpengine's own module has an Oops there, its issue 2066): the
# rule keeps forwarding, the table is deleted cleanly, nothing leaks (the
# runner unloads the modules and reads the kernel log afterwards).
. "$(dirname "$0")/lib/common.sh"

RULE=(INPUT -p udp -j RTPENGINE --id 42)
CHECK="$PYTHON $REPO/tests/kernel/lib/proc_rtpe12_check.py"
modprobe xt_RTPENGINE
expect_eq "add table 42" "$(procw "$PROC/control" 'add 42')" OK
expect_eq "add table 43 (another table's mapping)" "$(procw "$PROC/control" 'add 43')" OK
iptables-nft -I "${RULE[@]}"

KLOG_BEFORE=$(dmesg | wc -l)
if $CHECK; then
	pass "rtpengine 12.5 control messages and shared counters"
else
	fail "rtpengine 12.5 control messages and shared counters"
fi
klog=$(dmesg | tail -n +"$((KLOG_BEFORE + 1))")
expect_match "a refused target is logged, with the reason" "$klog" \
	"rtpfwd: table 42: target port 32020: sequence number rewriting not supported, left to the daemon"
expect_match "so is the kernel player" "$klog" "the kernel media player is not supported"
expect_eq "the session closed, its rule stays" "$(awk '/^Targets:/ { print $2 }' "$PROC/42/status")" 1
expect_eq "del table 42 with a rule writing into unmapped pages" "$(procw "$PROC/control" 'del 42')" OK

# SIGKILL of the "daemon" mid-traffic
expect_eq "add table 42 again" "$(procw "$PROC/control" 'add 42')" OK
hold_out=/tmp/rtpe12-hold.$$
$CHECK --hold 32030 32130 >"$hold_out" 2>&1 &
hold_pid=$!
hold_ready() { grep -q '^ready' "$hold_out" || ! kill -0 "$hold_pid" 2>/dev/null; }
wait_until 60 "the holder's rule" hold_ready
expect_eq "the holder made its rule" "$(cat "$hold_out")" ready
out=/tmp/rtpe12-recv.$$
$UDP recv 127.0.0.1:32130 200 "$(scaled 120)" >"$out" 2>&1 &
rpid=$!
wait_until 60 "the receiver" receiver_up
$UDP send 127.0.0.1:32230 127.0.0.1:32030 200 --ssrc 7777 &
spid=$!
kill -KILL "$hold_pid"
wait "$hold_pid" 2>/dev/null
wait "$spid"
kill -USR1 "$rpid" 2>/dev/null
wait "$rpid"
expect_eq "the rule forwarded through the daemon's death" "$(grep '^received=' "$out" | cut -d' ' -f1,2)" \
	"received=200 intact=200"
expect_eq "its rule outlives the daemon" "$(awk '/^Targets:/ { print $2 }' "$PROC/42/status")" 1
expect_eq "del table 42 after the daemon's death" "$(procw "$PROC/control" 'del 42')" OK
rm -f "$hold_out" "$out"

iptables-nft -D "${RULE[@]}"
expect_eq "del table 43" "$(procw "$PROC/control" 'del 43')" OK
expect_modrefs "no table or mapping holds the module" 0
finish
