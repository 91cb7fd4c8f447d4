#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 360
# Debian's rtpengine-daemon 10.5, unmodified, on our modules: it starts with
# --no-fallback behind an iptables RTPENGINE rule (iptables-nft with Debian's
# plugin, then iptables-legacy with ours), answers NG, kernelizes RTP/AVP calls through the
# 10.5 binary control ABI (module/control/proc_compat*.c), reads our blist; the
# packets are forwarded by our module (they keep flowing while the daemon is
# stopped, and after it is killed), nothing is lost; a restarted daemon takes
# the table over; NG delete removes the rules.
#
# RTPE_CALLS calls (default 300), RTP both ways at RTPE_RATE packets/s per
# direction (default 5: G.711 at 20 ms would be 50, more than the emulated
# VM carries for 300 calls), 160-byte payloads.
. "$(dirname "$0")/lib/common.sh"

CALLS=${RTPE_CALLS:-300}
RATE=${RTPE_RATE:-5}
XTDIR=${BUILD:-$REPO/build}/userspace/userspace/xtables
SYS_XTLIBDIR=$(pkg-config --variable=xtlibdir xtables 2>/dev/null)
SYS_XTLIBDIR=${SYS_XTLIBDIR:-/usr/lib/x86_64-linux-gnu/xtables}
RTPCALLS="$PYTHON $REPO/tests/kernel/lib/rtpcalls.py"
WORK=$(mktemp -d)
RULE=(INPUT -p udp -j RTPENGINE --id 42)
. "$(dirname "$0")/lib/rtpengine_daemon.sh"

if ! [ -x "$RTPENGINE" ] || ! [ -f "$SYS_XTLIBDIR/libxt_RTPENGINE.so" ]; then
	fail "rtpengine-daemon and rtpengine-iptables not installed (make deps)"
	finish
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
targets() { awk '/^Targets:/ { print $2 }' "$PROC/42/status" 2>/dev/null; }
control_pid() { awk '/^Control PID:/ { print $3 }' "$PROC/42/status" 2>/dev/null; }
list_packets() { awk '$1 == "stats:" { n += $4 } END { print n + 0 }' "$PROC/42/list"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# UDP receive errors (full socket buffers) and backlog drops: where a loss went
udp_errors() {
	awk '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) n[$i] = i; h = 1 } else
		printf "InErrors=%s RcvbufErrors=%s MemErrors=%s NoPorts=%s ", $n["InErrors"], $n["RcvbufErrors"], $n["MemErrors"], $n["NoPorts"] }' /proc/net/snmp
	# softnet_stat is hexadecimal; its second column counts the drops
	local dropped drops=0
	while read -r _ dropped _; do
		drops=$((drops + 16#$dropped))
	done </proc/net/softnet_stat
	echo "backlog-drops=$drops"
}

targets_are() { [ "$(targets)" = "$1" ]; }
packets_above() { [ "$(list_packets)" -gt "$1" ]; }
# The operators' command line; a short delete delay so NG delete shows soon.
start_daemon() { start_rtpengine --delete-delay=1; }
cleanup() {
	stop_daemon
	for t in iptables-nft iptables-legacy; do
		while "$t" -D "${RULE[@]}" 2>/dev/null; do :; done
	done
	echo 'del 42' >"$PROC/control" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

modprobe xt_RTPENGINE
T0=$(now)

# --- calls: iptables-nft with Debian's plugin ---------------------------------
# refusals logged since this mark
echo "90-rtpengine-daemon: calls start" >/dev/kmsg
refusals() {
	dmesg | awk '/90-rtpengine-daemon: calls start/ { n = 0 } /not supported, left to the daemon/ { n++ }
		END { print n + 0 }'
}
XTABLES_LIBDIR=$SYS_XTLIBDIR iptables-nft -I "${RULE[@]}"
expect_eq "iptables-nft with Debian's plugin: the rule" \
	"$(XTABLES_LIBDIR=$SYS_XTLIBDIR iptables-nft -S INPUT | grep -c -- '-j RTPENGINE --id 42')" 1
if start_daemon; then
	pass "rtpengine --no-fallback started on our modules, NG ping answered ($(elapsed "$T0") s)"
else
	fail "rtpengine did not start: $(tail -n 5 "$WORK/daemon.log")"
	finish
fi
expect_eq "the daemon holds table 42's control file" "$(control_pid)" "$DPID"
T1=$(now)
UDP_ERRORS=$(udp_errors)
# traffic until told to stop (at most 180 s): after the checks below
$RTPCALLS --calls "$CALLS" --rate "$RATE" --duration 180 --until "$WORK/stop" \
	--ready "$WORK/ready" --progress "$WORK/progress" >"$WORK/calls.json" 2>"$WORK/calls.err" &
CALLS_PID=$!
calls_ready() { [ -f "$WORK/ready" ] || ! kill -0 "$CALLS_PID" 2>/dev/null; }
if wait_until 300 "the $CALLS calls to be set up (rtpcalls.py's ready file)" calls_ready &&
	[ -f "$WORK/ready" ]; then
	pass "$CALLS calls set up over NG (offer, answer) in $(elapsed "$T1") s"
else
	fail "calls not set up: $(cat "$WORK/calls.err")"
fi
T2=$(now)
if wait_until 180 "$((2 * CALLS)) targets in $PROC/42/status" targets_are $((2 * CALLS)); then
	pass "the daemon kernelized $((2 * CALLS)) streams in $(elapsed "$T2") s after set-up"
else
	fail "status shows $(targets) targets, not $((2 * CALLS))"
fi
expect_eq "list shows every target in rtpengine's format" \
	"$(grep -c '^local inet4 127.0.0.1:' "$PROC/42/list")" $((2 * CALLS))
expect_eq "every target has one output, to a test party" \
	"$(grep -cE '^       dst inet4 127.0.0.1:2[0-9]{4}$' "$PROC/42/list")" $((2 * CALLS))
expect_eq "blist: one 10.5 record per target" \
	"$($PYTHON - "$PROC/42/blist" <<-'EOF'
	import sys
	n = 0
	with open(sys.argv[1], "rb", buffering=0) as f:
	    while len(f.read(15872)) == 15872:
	        n += 1
	print(n)
	EOF
	)" $((2 * CALLS))

# The module forwards: while the daemon is stopped, our counters grow by at
# least a packet per stream and the parties keep receiving.
received() { awk '{ print $2 }' "$WORK/progress"; }
both_grew() {
	[ "$(received)" -ge $((r1 + 2 * CALLS)) ] && [ "$(list_packets)" -ge $((p1 + 2 * CALLS)) ]
}
p1=$(list_packets) r1=$(received) t=$(now)
kill -STOP "$DPID"
if wait_until 60 "the parties' receipts and our counters to grow by $((2 * CALLS))" both_grew; then
	pass "daemon stopped: our counters and the parties' receipts grew by >= $((2 * CALLS)) in $(elapsed "$t") s"
else
	fail "daemon stopped: in $(elapsed "$t") s the parties received $(($(received) - r1)), our counters grew by $(($(list_packets) - p1))"
fi
kill -CONT "$DPID"
expect_eq "rtpnl -s rules list shows them as ordinary rules" \
	"$("$RTPNL" -s rules list table 42 | grep -c '^    stats packets [1-9]')" $((2 * CALLS))
c1=$(cpu_ticks "$DPID")
sleep 3
c2=$(cpu_ticks "$DPID")
echo "# daemon CPU while $((2 * CALLS)) kernelized streams flow: $((c2 - c1)) ticks in 3 s"

# Killed mid-call: the rules stay and keep forwarding.
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
expect_eq "after SIGKILL: control file released" "$(control_pid)" 0
expect_eq "after SIGKILL: rules stay" "$(targets)" $((2 * CALLS))
p3=$(list_packets)
wait_until 30 "our counters to grow after SIGKILL" packets_above "$p3"
p4=$(list_packets)
check "after SIGKILL: counters keep growing ($p3 -> $p4)" test "$p4" -gt "$p3"
touch "$WORK/stop"
wait "$CALLS_PID"
result=$(cat "$WORK/calls.json")
echo "# traffic: $result"
echo "# kernel: before $UDP_ERRORS; after $(udp_errors)"
expect_match "zero packets lost over set-up, kernelizing, stop and kill" "$result" '"lost": 0,'

# --- a restarted daemon takes the table over: iptables-legacy, our plugin -----
iptables-nft -D "${RULE[@]}"
XTABLES_LIBDIR=$XTDIR iptables-legacy -I "${RULE[@]}"
expect_eq "iptables-legacy with our plugin: the rule" \
	"$(XTABLES_LIBDIR=$XTDIR iptables-legacy -S INPUT | grep -c -- '-j RTPENGINE --id 42')" 1
if start_daemon; then
	pass "restarted daemon answers NG ping"
else
	fail "restarted daemon: $(tail -n 5 "$WORK/daemon.log")"
fi
expect_eq "restarted daemon recreated table 42 (its del/add)" "$(targets)" 0
expect_eq "restarted daemon holds the control file" "$(control_pid)" "$DPID"
T3=$(now)
$RTPCALLS --calls 5 --rate "$RATE" --duration 12 --prefix again --base 21000 \
	--ready "$WORK/ready2" >"$WORK/calls2.json" 2>"$WORK/calls2.err" &
CALLS_PID=$!
if wait_until 120 "10 targets of the restarted daemon" targets_are 10; then
	pass "restarted daemon kernelizes 5 new calls"
else
	fail "restarted daemon: $(targets) targets, not 10"
fi
wait "$CALLS_PID"
expect_match "zero packets lost with the restarted daemon" "$(cat "$WORK/calls2.json")" '"lost": 0,'
for i in 0 1 2 3 4; do $NG delete "again-$i"; done
if wait_until 60 "NG delete to remove every target" targets_are 0; then
	pass "NG delete removed the targets"
else
	fail "NG delete: $(targets) targets left"
fi
echo "# restart round: $(elapsed "$T3") s"
expect_eq "no target refused (all plain RTP)" "$(refusals)" 0

stop_daemon
XTABLES_LIBDIR=$XTDIR iptables-legacy -D "${RULE[@]}"
echo "# total: $(elapsed "$T0") s"
finish
