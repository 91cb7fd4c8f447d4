#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make demo DEMO=rtpengine`, run inside the test VM: Debian's rtpengine-daemon
# 10.5, unmodified, started the way its operators start it, on our modules.
# Three calls over NG (offer/answer), RTP both ways; the daemon kernelizes
# them through /proc/rtpengine/42/control and our module forwards: the
# evidence is printed (status, list, rtpnl rules, packets still flowing while
# the daemon is stopped, nothing lost, NG delete). Then a recorded call
# (Debian's rtpengine-recording-daemon, --recording-method=proc): the kernel
# forwards and records it while the daemon is stopped, and the recording
# daemon's WAV files hold exactly what each party sent
# (tests/kernel/90d-rtpengine-recording.sh is the test of it).
# not -u: the harness's trace prompt (PS4) names ${BASH_SOURCE[0]}, which
# the EXIT trap of a sourced script runs without
set -e
REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
RTPNL=${RTPNL:-$REPO/build/userspace/userspace/cli/rtpnl}
PYTHON=/usr/bin/python3
NG="$PYTHON $REPO/tests/kernel/lib/ng.py 127.0.0.1:22222"
CALLS=3
RATE=20		# packets/s per direction, 160-byte payloads
SRTP_PEER=${SRTP_PEER:-$REPO/build/userspace/userspace/tools/srtp_peer}
WORK=$(mktemp -d)
SPOOL=$WORK/spool RECORDINGS=$WORK/recordings
DPID= RPID=

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
	[ -z "$RPID" ] || kill "$RPID" 2>/dev/null || true
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
# the recording daemon first: it reads what the daemon records through the kernel
mkdir -p "$SPOOL" "$RECORDINGS"
REC=(rtpengine-recording --config-file=none --table=42 --spool-dir="$SPOOL"
	--output-dir="$RECORDINGS" --output-format=wav --output-single --num-threads=1
	--pidfile="$WORK/recording.pid" --foreground --log-stderr)
echo "# ${REC[*]} &"
"${REC[@]}" >"$WORK/recording.log" 2>&1 &
RPID=$!
wait_for 60 test -s "$WORK/recording.pid"
CMD=(rtpengine --table=42 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222
	--pidfile="$WORK/rtpengine.pid" --no-fallback --foreground --log-level=6 --log-stderr
	--delete-delay=1 --recording-method=proc --recording-dir="$SPOOL")
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

# ---- a recorded call ----
A=127.0.0.1:24500 B=127.0.0.1:24502 SSRC_A=11223344 SSRC_B=55667788
# peer A|B COUNT GAP-MS FIRST-SEQ: PCMU from the caller (A) or the callee
# (B), starting once $WORK/go exists; prints what it received of the other
peer() {
	local bind=$A to=$CALLER_TO ssrc=$SSRC_A rx=$SSRC_B
	[ "$1" = A ] || { bind=$B to=$CALLEE_TO ssrc=$SSRC_B rx=$SSRC_A; }
	"$SRTP_PEER" duplex "$bind" "$to" --count "$2" --gap "$3" --seq "$4" --go "$WORK/go" \
		--ssrc "0x$ssrc" --plain --rx-count "$2" --rx-ssrc "0x$rx" --rx-plain --timeout 3
}
bound() { grep -qs '^ready$' "$WORK/A" && grep -qs '^ready$' "$WORK/B"; }
# talk COUNT GAP-MS FIRST-SEQ: both parties at once
talk() {
	local pa pb
	rm -f "$WORK/go"
	peer A "$@" >"$WORK/A" & pa=$!
	peer B "$@" >"$WORK/B" & pb=$!
	wait_for 30 bound
	touch "$WORK/go"
	wait $pa $pb
}
in_kernel() {
	grep -qxF "local inet4 $CALLER_TO" /proc/rtpengine/42/list &&
		grep -qxF "local inet4 $CALLEE_TO" /proc/rtpengine/42/list
}
echo "# a recorded call: offer and answer with \"record call=yes\", PCMU both ways"
eval "$($NG call-env recorded-1 $A $B "record call=yes" | grep -E '^CALLE[RE]_TO=')"
SEQ=1000
until in_kernel; do talk 5 100 $SEQ >/dev/null; SEQ=$((SEQ + 5)); done
META=$(ls "$SPOOL"/*.meta)
PREFIX=$(basename "$META" .meta)
run ls -l "/proc/rtpengine/42/calls/$PREFIX"
echo "# kill -STOP the daemon; 100 packets each way (2 s of audio): the kernel forwards and records"
STOPPED=$SEQ
kill -STOP "$DPID"
talk 100 20 $SEQ
kill -CONT "$DPID"
SEQ=$((SEQ + 100))
talk 10 200 $SEQ >/dev/null	# read out what the recording daemon left queued
SEQ=$((SEQ + 10))
run "$RTPNL" recording list 42
$NG command recorded-1 delete delete-delay=0 >/dev/null
echo "# NG delete: the recording daemon finishes one WAV file per party"
WAV_A=$RECORDINGS/$PREFIX-$SSRC_A.wav WAV_B=$RECORDINGS/$PREFIX-$SSRC_B.wav
(cd "$REPO/tests/kernel/lib" && $PYTHON -m rtp_wav wait 60 "$WAV_A" "$WAV_B")
run ls -l "$RECORDINGS"
rec_ok=0
for w in "$WAV_A" "$WAV_B"; do
	out=$(cd "$REPO/tests/kernel/lib" && $PYTHON -m rtp_wav check "$w" 1000 "$STOPPED" $((SEQ - 1)))
	echo "# $(basename "$w"): $(tr '\n' ' ' <<<"$out")"
	grep -q '^stopped=100 of 100$' <<<"$out" && grep -q '^prefix=exact' <<<"$out" &&
		rec_ok=$((rec_ok + 1))
done
echo

kill "$DPID"
wait "$DPID" 2>/dev/null || true
DPID=

grep -q '"lost": 0,' "$WORK/calls.json"
[ $((r2 - r1)) -gt 0 ] && [ $((p2 - p1)) -gt 0 ]
echo "PASS: demo: $CALLS calls through Debian's rtpengine-daemon, forwarded by rtpfwd, nothing lost"
[ "$rec_ok" = 2 ]
echo "PASS: demo: a recorded call, forwarded and recorded by rtpfwd with the daemon stopped; each WAV file is exactly what its party sent"
