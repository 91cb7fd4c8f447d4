#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Debian's rtpengine-daemon 10.5, unmodified, on our modules: one call per
# row of the features a 10.5 daemon kernelizes, each set up over NG, with
# traffic until the daemon has handed both streams to the kernel; then,
# with the daemon SIGSTOPped, 100 packets each way and what each party
# receives checked (the kernel alone decides). No row may make the daemon log
# "Failed to push relay stream to kernel" (a stream it then relays itself).
#
#   plain            both ways, every packet, intact
#   media echo       "media-echo: blackhole" in the offer: both streams are
#   (blackhole)      blackhole targets; nothing reaches either party, every
#                    packet counted as blackholed (genl), the daemon's
#                    /proc list shows "option: blackhole"
#   media echo       "media-echo: forward": the callee's media goes back to
#   (forward)        the callee with an SSRC of the daemon's choice (SSRC
#                    substitution, read from /proc list), intact; the
#                    caller's is a blackhole
#   subscription     a third party subscribes to the caller's media over NG
#                    ("subscribe request", "subscribe answer"): the
#                    caller's rule forks to the callee and the subscriber,
#                    each gets the caller's 100 intact
#   IPv4 -> IPv6     an IPv6 callee ("address family: IP6" in the offer;
#                    the daemon has both families): each rule's output
#                    is of the other family, bridged in the kernel
#   SSRC change      the caller changes SSRC mid-call: the rule hands the
#                    new one up, the daemon learns it and kernelizes the
#                    stream again, expecting it; then the kernel alone
#                    forwards the new SSRC
#   rtcp-mux <->     the caller offers rtcp-mux, "rtcp-mux: [demux]": the
#   separate RTCP    caller's side muxes, the callee's has RTCP ports of its
#                    own (RTCP is the daemon's); RTP both ways in the kernel,
#                    the caller's muxed RTCP handed up and demuxed by the
#                    daemon to the callee's RTCP port
#   silence media    "silence media" of the caller over NG, mid-call: the
#                    daemon takes its streams back and kernelizes them
#                    again, the caller's with PCMU's silence pattern; the
#                    callee gets 0xff payloads, the caller intact media
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/rtpengine_call.sh"

# the /proc list record of the rule for ADDR (up to the next one)
list_record() {
	awk -v want="$(list_local "$1")" '$0 == want { p = 1; print; next }
		p && /^local/ { exit } p' "$PROC/42/list"
}

# the new SSRC an output of the rule for LOCAL gives RTP of SSRC FROM (hex)
ssrc_out() { list_record "$1" | sed -n "s/^       SSRC out: .*$2>\([0-9a-f]*\).*/\1/p"; }

# party A|B COUNT GAP-MS FIRST-SEQ IDLE-S (run by parties): the caller (A,
# SSRC 11223344) or the callee (B, 55667788) sends COUNT plain RTP packets
# and receives on the same port, until COUNT arrived or IDLE-S seconds after
# its last was sent; what arrives is intact with the other's SSRC, or with
# $RX_A / $RX_B when set, its payload $FILL_A / $FILL_B over and over when set
SSRC_A=0x11223344 SSRC_B=0x55667788 RX_A='' RX_B='' FILL_A='' FILL_B=''
party() {
	local who=$1 count=$2 gap=$3 seq=$4 idle=$5 bind to ssrc rx_ssrc fill
	if [ "$who" = A ]; then
		bind=$A to=$CALLER_TO ssrc=$SSRC_A rx_ssrc=${RX_A:-$SSRC_B} fill=$FILL_A
	else
		bind=$B to=$CALLEE_TO ssrc=$SSRC_B rx_ssrc=${RX_B:-$SSRC_A} fill=$FILL_B
	fi
	"$SRTP_PEER" duplex "$bind" "$to" --count "$count" --gap "$gap" --seq "$seq" \
		--go "$WORK/go" --ssrc "$ssrc" --plain --rx-count "$count" --rx-ssrc "$rx_ssrc" \
		--rx-plain --timeout "$idle" ${fill:+--rx-fill "$fill"}
}
received() { grep '^received=' "$WORK/$1" | cut -d' ' -f1,4; }

# call NAME [OFFER-FLAG=VALUE]...: sets up the row's call and sends until
# both streams are rules
ROW=0 SEQ=1000 B_HOST=127.0.0.1
call() {
	local name=$1 t
	shift
	A=127.0.0.1:$((24100 + 4 * ROW)) B=$B_HOST:$((24102 + 4 * ROW))
	ROW=$((ROW + 1))
	CALLER_TO='' CALLEE_TO='' CALLER_MUX='' CALLEE_MUX=''
	eval "$($NG call-env "matrix-$ROW" "$A" "$B" "$@" 2>&1 | grep -E '^CALLE[RE]_(TO|MUX)=')"
	if [ -z "${CALLER_TO:-}" ] || [ -z "${CALLEE_TO:-}" ]; then
		fail "$name: NG offer/answer: $($NG call-env "matrix-$ROW-again" "$A" "$B" "$@" 2>&1)"
		return 1
	fi
	t=$SECONDS
	while ! kernelized && [ $((SECONDS - t)) -lt "$(scaled 60)" ]; do
		parties 5 100 $SEQ 1
		SEQ=$((SEQ + 5))
	done
	if ! kernelized; then
		fail "$name: not kernelized after $((SECONDS - t)) s: $(grep -i kernel "$WORK/daemon.log" | tail -n 3) $(dmesg | grep 'left to the daemon' | tail -n 2)"
		return 1
	fi
	pass "$name: both streams kernelized after $((SECONDS - t)) s of traffic"
}
# traffic_until_listed LOCAL PATTERN: traffic until the daemon has the rule
# for LOCAL listing PATTERN (grep) and both streams are rules again
traffic_until_listed() {
	local t=$SECONDS
	until list_record "$1" | grep -q "$2" && kernelized ||
		[ $((SECONDS - t)) -ge "$(scaled 60)" ]; do
		parties 5 100 $SEQ 1
		SEQ=$((SEQ + 5))
	done
}
# 100 packets each way with the daemon stopped (counters reset first);
# $WORK/A and $WORK/B hold what each party got
stopped_exchange() {
	genl req STATS_RESET table_id=42 >/dev/null
	kill -STOP "$DPID"
	parties 100 10 $SEQ 3
	SEQ=$((SEQ + 100))
	kill -CONT "$DPID"
}
counter() {	# counter LOCAL NAME: a counter of the rule, from genl
	local reply
	reply=$(genl rule RULE_GET 42 "local=$1")
	if [[ $reply =~ \ $2\ ([0-9]+) ]]; then
		echo "${BASH_REMATCH[1]}"
	else
		echo 0
	fi
}

T0=$SECONDS
rtpe_call_start --interface=::1 || finish
genl_serve

if call "plain" && stopped_exchange; then
	expect_eq "plain, daemon stopped: the caller got the callee's 100, intact" \
		"$(received A)" "received=100 intact=100"
	expect_eq "plain, daemon stopped: the callee got the caller's 100, intact" \
		"$(received B)" "received=100 intact=100"
fi

if call "media echo (blackhole)" media-echo=blackhole && stopped_exchange; then
	expect_eq "blackhole, daemon stopped: nothing reached the caller" "$(received A)" \
		"received=0 intact=0"
	expect_eq "blackhole, daemon stopped: nothing reached the callee" "$(received B)" \
		"received=0 intact=0"
	expect_eq "blackhole: every packet counted as blackholed, on both rules" \
		"$(counter "$CALLER_TO" blackholed) $(counter "$CALLEE_TO" blackholed)" "100 100"
	expect_match "blackhole: the daemon's /proc list shows it" "$(list_record "$CALLER_TO")" \
		$'    option: non forwarding\n    option: blackhole'
fi

# the callee's media comes back to it, with an SSRC of the daemon's choice
# (SSRC substitution); the caller's is a blackhole
if call "media echo (forward)" media-echo=forward; then
	RX_B=0x$(ssrc_out "$CALLEE_TO" "${SSRC_B#0x}")
	expect_match "echo: the callee's stream substitutes its SSRC" "$RX_B" '^0x[0-9a-f]{1,8}$'
	stopped_exchange
	expect_eq "echo, daemon stopped: the callee got its own 100 back, intact, new SSRC" \
		"$(received B)" "received=100 intact=100"
	expect_eq "echo, daemon stopped: nothing reached the caller" "$(received A)" \
		"received=0 intact=0"
	RX_B=
fi

# media to two destinations: a subscriber gets the caller's media too
if call "subscription"; then
	S=127.0.0.1:$((24300 + ROW)) SUB_FROM=
	eval "$($NG subscribe "matrix-$ROW" caller "$S" 2>&1 | grep -E '^SUB_FROM=')"
	expect_match "subscription: subscribe request and answer" "$SUB_FROM" '^127\.0\.0\.1:[0-9]+$'
	traffic_until_listed "$CALLER_TO" '^    output #1$'
	expect_match "subscription: the caller's rule forks to the callee and the subscriber" \
		"$(list_record "$CALLER_TO")" $'    output #1\n       src [^\n]*\n       dst inet4 '"$S"
	"$SRTP_PEER" recv "$S" --count 100 --plain --ssrc $SSRC_A --timeout 3 >"$WORK/S" 2>&1 &
	spid=$!
	wait_until 30 "the subscriber bound" file_has "$WORK/S" ready
	stopped_exchange
	kill -USR1 $spid 2>/dev/null
	wait $spid
	expect_eq "subscription, daemon stopped: the subscriber got the caller's 100, intact" \
		"$(received S)" "received=100 intact=100"
	expect_eq "subscription, daemon stopped: the callee got the caller's 100, intact" \
		"$(received B)" "received=100 intact=100"
	expect_eq "subscription, daemon stopped: the caller got the callee's 100, intact" \
		"$(received A)" "received=100 intact=100"
fi

# an IPv4 caller and an IPv6 callee: the rules bridge
B_HOST='[::1]'
if call "IPv4 caller, IPv6 callee" "address family=IP6" && stopped_exchange; then
	expect_match "bridge: the callee sends to the daemon's IPv6 address" "$CALLEE_TO" \
		'^\[::1\]:[0-9]+$'
	expect_match "bridge: the caller's IPv4 rule sends IPv6" "$(list_record "$CALLER_TO")" \
		$'\n       dst inet6 \[::1\]:'
	expect_match "bridge: the callee's IPv6 rule sends IPv4" "$(list_record "$CALLEE_TO")" \
		$'\n       dst inet4 127\.0\.0\.1:'
	expect_eq "bridge, daemon stopped: the caller got the callee's 100, intact" \
		"$(received A)" "received=100 intact=100"
	expect_eq "bridge, daemon stopped: the callee got the caller's 100, intact" \
		"$(received B)" "received=100 intact=100"
fi
B_HOST=127.0.0.1

# the caller's SSRC changes mid-call
if call "SSRC change"; then
	SSRC_A=0x11223355
	traffic_until_listed "$CALLER_TO" 'SSRC expected:.*11223355'
	expect_match "SSRC change: the caller's rule expects the new SSRC" \
		"$(list_record "$CALLER_TO")" 'SSRC expected:[^'$'\n'']*11223355'
	stopped_exchange
	expect_eq "SSRC change, daemon stopped: the callee got the new SSRC's 100, intact" \
		"$(received B)" "received=100 intact=100"
	expect_eq "SSRC change, daemon stopped: the caller got the callee's 100, intact" \
		"$(received A)" "received=100 intact=100"
	SSRC_A=0x11223344
fi

# rtcp-mux towards the caller, separate RTCP towards the callee
if call "rtcp-mux <-> separate RTCP" "rtcp-mux=[demux]" caller-attr=rtcp-mux &&
	stopped_exchange; then
	expect_eq "rtcp-mux: the caller's answer muxes, the callee's offer does not" \
		"$CALLER_MUX $CALLEE_MUX" "1 0"
	expect_eq "rtcp-mux, daemon stopped: the caller got the callee's 100, intact" \
		"$(received A)" "received=100 intact=100"
	expect_eq "rtcp-mux, daemon stopped: the callee got the caller's 100, intact" \
		"$(received B)" "received=100 intact=100"
	# the rule hands the caller's muxed RTCP up; the daemon demuxes it
	"$SRTP_PEER" recv "127.0.0.1:$((${B##*:} + 1))" --rtcp --plain --count 5 \
		--ssrc "$SSRC_A" --timeout 3 >"$WORK/R" 2>&1 &
	rpid=$!
	wait_until 30 "the callee's RTCP port bound" file_has "$WORK/R" ready
	"$SRTP_PEER" send "$CALLER_TO" --from "$A" --rtcp --plain --count 5 --seq $SEQ \
		--ssrc "$SSRC_A" >/dev/null
	kill -USR1 $rpid 2>/dev/null
	wait $rpid
	expect_eq "rtcp-mux: the caller's muxed RTCP reaches the callee's RTCP port, by the daemon" \
		"$(received R)" "received=5 intact=5"
fi

# silenced mid-call: the daemon takes the call's streams back, and
# kernelizes them again with the caller's silenced
if call "silence media"; then
	expect_eq "silence: the daemon silences the caller" \
		"$($NG command "matrix-$ROW" "silence media" from-tag=caller)" ok
	traffic_until_listed "$CALLER_TO" 'bytes replacement payload'
	expect_match "silence: the caller's stream is kernelized with PCMU's pattern" \
		"$(list_record "$CALLER_TO")" 'RTP payload type   0: 1 bytes replacement payload'
	expect_eq "silence: the callee's stream replaces nothing" \
		"$(list_record "$CALLEE_TO" | grep -c 'replacement payload')" 0
	FILL_B=ff
	stopped_exchange
	expect_eq "silence, daemon stopped: the callee got the caller's 100 as 0xff" \
		"$(received B)" "received=100 intact=100"
	expect_eq "silence, daemon stopped: the caller got the callee's 100, intact" \
		"$(received A)" "received=100 intact=100"
	FILL_B=
fi

expect_eq "the daemon never failed to push a stream to the kernel" \
	"$(grep -c 'Failed to push relay stream to kernel' "$WORK/daemon.log")" 0
echo "# 90c: $((SECONDS - T0)) s"
finish
