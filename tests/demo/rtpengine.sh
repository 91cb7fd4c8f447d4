#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make demo DEMO=rtpengine`, run inside the test VM: Debian's rtpengine-daemon
# 10.5, unmodified, started the way its operators start it, on our modules.
# Three calls over NG (offer/answer), RTP both ways; the daemon kernelizes
# them through /proc/rtpengine/42/control and our module forwards: the
# evidence is printed (status, list, rtpnl rules, packets still flowing while
# the daemon is stopped, nothing lost, NG delete).
set -eu
REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
RTPNL=${RTPNL:-$REPO/build/userspace/userspace/cli/rtpnl}
PYTHON=/usr/bin/python3
NG="$PYTHON $REPO/tests/kernel/lib/ng.py 127.0.0.1:22222"
CALLS=3
RATE=20		# packets/s per direction, 160-byte payloads
WORK=$(mktemp -d)
DPID=

run() {
	echo "# $*"
	"$@"
	echo
}
targets() { awk '/^Targets:/ { print $2 }' /proc/rtpengine/42/status 2>/dev/null; }
packets() { awk '$1 == "stats:" { n += $4 } END { print n + 0 }' /proc/rtpengine/42/list; }
received() { awk '{ print $2 }' "$WORK/progress" 2>/dev/null || echo 0; }
targets_are() { [ "$(targets)" = "$1" ]; }
ng_ping() { [ "$($NG ping 2>/dev/null)" = pong ]; }
# wait_for SECONDS COMMAND...
wait_for() {
	local deadline=$(($(date +%s) + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.5
	done
}
cleanup() {
	[ -z "$DPID" ] || kill "$DPID" 2>/dev/null || true
	iptables -D INPUT -p udp -j RTPENGINE --id 42 2>/dev/null || true
	echo 'del 42' >/proc/rtpengine/control 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "rtpfwd + Debian's rtpengine-daemon $(dpkg-query -W -f='${Version}' rtpengine-daemon) on $(uname -r)"
echo
run modprobe xt_RTPENGINE
run iptables -I INPUT -p udp -j RTPENGINE --id 42
CMD=(rtpengine --table=42 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222
	--pidfile="$WORK/rtpengine.pid" --no-fallback --foreground --log-level=6 --log-stderr
	--delete-delay=1)
echo "# ${CMD[*]} &"
"${CMD[@]}" >"$WORK/daemon.log" 2>&1 &
DPID=$!
wait_for 60 ng_ping
echo "# $NG ping  ->  $($NG ping)"
echo
run cat /proc/rtpengine/42/status

echo "# $CALLS calls: offer and answer over NG, then RTP both ways at $RATE packets/s"
$PYTHON "$REPO/tests/kernel/lib/rtpcalls.py" --calls $CALLS --rate $RATE --duration 120 \
	--until "$WORK/stop" --progress "$WORK/progress" >"$WORK/calls.json" &
CALLS_PID=$!
wait_for 60 targets_are $((2 * CALLS))
echo "the daemon kernelized $(targets) streams"
echo
sleep 2
run cat /proc/rtpengine/42/status
run cat /proc/rtpengine/42/list
run "$RTPNL" -s rules list table 42

echo "# kill -STOP the daemon for 3 s: the kernel keeps forwarding"
p1=$(packets) r1=$(received)
kill -STOP "$DPID"
sleep 3
p2=$(packets) r2=$(received)
kill -CONT "$DPID"
echo "parties received $((r2 - r1)) packets, our counters grew by $((p2 - p1)), while the daemon was stopped"
echo

touch "$WORK/stop"
wait "$CALLS_PID"
echo "# traffic: $(cat "$WORK/calls.json")"
echo
echo "# the daemon's log, about the kernel:"
grep -i "kernel" "$WORK/daemon.log" | head -n 5
echo
for i in $(seq 0 $((CALLS - 1))); do $NG delete "rtpfwd-call-$i"; done
echo "# NG delete of the $CALLS calls"
wait_for 30 targets_are 0
run cat /proc/rtpengine/42/status
kill "$DPID"
wait "$DPID" 2>/dev/null || true
DPID=

grep -q '"lost": 0,' "$WORK/calls.json"
[ $((r2 - r1)) -gt 0 ] && [ $((p2 - p1)) -gt 0 ]
echo "PASS: demo: $CALLS calls through Debian's rtpengine-daemon, forwarded by rtpfwd, nothing lost"
