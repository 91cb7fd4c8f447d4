#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 420
# Debian's rtpengine-daemon 10.5, unmodified, with RTPE_SRTP_CALLS (default
# 300) SDES calls at once on our modules: each caller offers RTP/SAVP with
# its own key (AES_CM_128_HMAC_SHA1_80, _32 and AEAD_AES_128_GCM in turn),
# each callee answers plain RTP/AVP. The daemon kernelizes every stream with
# SRTP through the 10.5 ABI (decrypt on the callers' streams, encrypt on
# their outputs); with the daemon SIGSTOPped both parties of every call
# keep receiving, and the callers authenticate and decrypt all they get
# (lib/rtpcalls.py --srtp, lib/srtp_kat.py's reference). Over set-up,
# kernelizing and the stop nothing is lost and nothing fails
# authentication. RTP at RTPE_SRTP_RATE packets/s per direction (default
# 2: the callers' SRTP is Python's, under emulation).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/rtpengine_call.sh"

CALLS=${RTPE_SRTP_CALLS:-300}
RATE=${RTPE_SRTP_RATE:-2}
RTPCALLS="$PYTHON $REPO/tests/kernel/lib/rtpcalls.py"
targets() { awk '/^Targets:/ { print $2 }' "$PROC/42/status" 2>/dev/null; }
targets_are() { [ "$(targets)" = "$1" ]; }
received() { awk '{ print $2 }' "$WORK/progress" 2>/dev/null; }

T0=$SECONDS
rtpe_call_start || finish
$RTPCALLS --calls "$CALLS" --rate "$RATE" --duration 300 --until "$WORK/stop" --base 24000 \
	--srtp AES_CM_128_HMAC_SHA1_80,AES_CM_128_HMAC_SHA1_32,AEAD_AES_128_GCM \
	--prefix sdes --ready "$WORK/ready" --progress "$WORK/progress" \
	>"$WORK/calls.json" 2>"$WORK/calls.err" &
CALLS_PID=$!
calls_ready() { [ -f "$WORK/ready" ] || ! kill -0 "$CALLS_PID" 2>/dev/null; }
if wait_until 300 "the $CALLS SDES calls to be set up" calls_ready && [ -f "$WORK/ready" ]; then
	pass "$CALLS SDES calls set up over NG (RTP/SAVP offer, RTP/AVP answer) in $((SECONDS - T0)) s"
else
	fail "calls not set up: $(cat "$WORK/calls.err")"
fi
t=$SECONDS
if wait_until 180 "$((2 * CALLS)) targets in $PROC/42/status" targets_are $((2 * CALLS)); then
	pass "the daemon kernelized all $((2 * CALLS)) streams in $((SECONDS - t)) s"
else
	fail "status shows $(targets) targets, not $((2 * CALLS)): $(grep -i kernel "$WORK/daemon.log" | tail -n 2)"
fi
rules=$("$RTPNL" rules list table 42)
expect_eq "every caller's stream decrypts SRTP in the kernel" "$(grep -c ' decrypt ' <<<"$rules")" "$CALLS"
expect_eq "every output to a caller encrypts in the kernel" "$(grep -c ' encrypt ' <<<"$rules")" "$CALLS"

# The daemon stopped: the streams still deliver (10 packets each, on average)
r1=$(received)
grew() { [ "$(received)" -ge $((r1 + 20 * CALLS)) ]; }
kill -STOP "$DPID"
t=$SECONDS
if wait_until 120 "the parties' authentic receipts to grow by $((20 * CALLS))" grew; then
	pass "daemon stopped: the parties received $(($(received) - r1)) authentic, intact packets in $((SECONDS - t)) s"
else
	fail "daemon stopped: the parties received $(($(received) - r1)) in $((SECONDS - t)) s"
fi
kill -CONT "$DPID"
touch "$WORK/stop"
wait "$CALLS_PID"
result=$(cat "$WORK/calls.json")
echo "# 90e traffic: $result"
expect_match "zero packets lost, none failed authentication" "$result" '"lost": 0, .*"auth_failed": 0,'
expect_eq "the daemon never failed to push a stream to the kernel" \
	"$(grep -c 'Failed to push relay stream to kernel' "$WORK/daemon.log")" 0
echo "# 90e: $((SECONDS - T0)) s"
finish
