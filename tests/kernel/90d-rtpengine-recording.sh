#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# Call recording through our modules with Debian's rtpengine-daemon 10.5 and
# rtpengine-recording-daemon 10.5, both unmodified: the daemon records by
# the kernel ("--recording-method=proc"): it adds the call and its streams to
# the table (/proc/rtpengine/42/calls/PREFIX/STREAM), writes what it relays
# itself into them and has the kernel queue what its rules forward
# ("intercept"); the recording daemon follows the metadata file in the spool
# directory, reads the stream files and decodes them into one WAV file per
# SSRC. One PCMU call, recorded from its offer on: traffic until both
# streams are rules, then 100 packets each way with the daemon SIGSTOPped
# (so only the kernel can have put them into the recording), a few more
# with the daemon back (see "trailer" below), then the call deleted over
# NG. Checked:
#   - the call's directory in /proc while the call lasts, a file for each
#     stream the metadata names; gone once the call is deleted
#   - each party got the other's 100 intact while the daemon was stopped
#   - each party's WAV file is exactly the mu-law decoding of the packets
#     the party sent (srtp_peer's payload pattern, known from the sequence
#     number: tests/kernel/lib/rtp_wav.py), in order, from the first on,
#     the 100 sent while the daemon was stopped included
#   - no "Failed to push relay stream to kernel" (a stream the daemon then
#     relays itself), no recording error of the daemon, no stream of the
#     recording daemon that fails to open or read; each of its streams ends
#     with end of file (read() 0), as rtpengine's module ends them
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/rtpengine_call.sh"

RECORDING=${RECORDING:-/usr/bin/rtpengine-recording}
SPOOL=$WORK/spool OUT=$WORK/recordings RPID=
# the recording daemon's log level (7: every packet it reads)
REC_LOG_LEVEL=${REC_LOG_LEVEL:-6}

# The recording daemon goes first: it holds /proc stream files of table 42.
stop_recording() {
	[ -n "$RPID" ] || return 0
	kill "$RPID" 2>/dev/null
	wait "$RPID" 2>/dev/null
	RPID=
}
trap 'stop_recording; rtpe_call_cleanup' EXIT

recording_gone() { ! kill -0 "$RPID" 2>/dev/null; }
# it writes its pid file once it watches the spool directory
recording_up() { recording_gone || [ -s "$WORK/recording.pid" ]; }
# Its own configuration file is not read (--config-file=none: Debian's sets
# table = 0). One poller thread (--num-threads=1): a deleted call's WAV files
# are finished once every poller thread has passed its garbage collection,
# and an idle one only wakes every 10 s.
start_recording() {
	mkdir -p "$SPOOL" "$OUT"
	if [ -n "$RTPE_USER" ]; then	# the daemon writes the metadata there
		chmod go+x "$WORK"
		chown "$RTPE_USER" "$SPOOL"
	fi
	"$RECORDING" --config-file=none --foreground --log-stderr --log-level="$REC_LOG_LEVEL" --table=42 \
		--spool-dir="$SPOOL" --output-dir="$OUT" --output-format=wav --output-single \
		--num-threads=1 --pidfile="$WORK/recording.pid" >>"$WORK/recording.log" 2>&1 &
	RPID=$!
	wait_until 60 "rtpengine-recording to write its pid file" recording_up && ! recording_gone
}

# party A|B COUNT GAP-MS FIRST-SEQ IDLE-S (run by parties): the caller (A,
# SSRC 11223344) or the callee (B, 55667788) sends COUNT PCMU packets and
# receives on the same port, until COUNT arrived or IDLE-S seconds after its
# last was sent; what arrives is intact with the other's SSRC
SSRC_A=11223344 SSRC_B=55667788
party() {
	local bind to ssrc rx_ssrc
	if [ "$1" = A ]; then
		bind=$A to=$CALLER_TO ssrc=$SSRC_A rx_ssrc=$SSRC_B
	else
		bind=$B to=$CALLEE_TO ssrc=$SSRC_B rx_ssrc=$SSRC_A
	fi
	"$SRTP_PEER" duplex "$bind" "$to" --count "$2" --gap "$3" --seq "$4" --go "$WORK/go" \
		--ssrc "0x$ssrc" --plain --rx-count "$2" --rx-ssrc "0x$rx_ssrc" --rx-plain --timeout "$5"
}
received() { grep '^received=' "$WORK/$1" | cut -d' ' -f1,4; }

# the metadata file of the call's recording: SPOOL/PREFIX.meta
have_meta() { compgen -G "$SPOOL/*.meta" >/dev/null; }
# the names of the call's kernel streams, from the metadata: the content of
# each "STREAM N interface" section (header, "LENGTH:", content)
meta_streams() { awk '/^STREAM [0-9]+ interface$/ { getline; getline; print }' "$1"; }
streams_in_proc() {
	local s
	for s in $(meta_streams "$META"); do
		[ -f "$PROC/42/calls/$PREFIX/$s" ] || return 1
	done
}

T0=$SECONDS
if ! [ -x "$RECORDING" ]; then
	fail "$RECORDING missing (make deps: rtpengine-recording-daemon)"
	finish
fi
if ! start_recording; then
	fail "rtpengine-recording did not start: $(tail -n 5 "$WORK/recording.log")"
	finish
fi
pass "rtpengine-recording started (table 42, WAV, one file per SSRC)"
rtpe_call_start --recording-method=proc --recording-dir="$SPOOL" || finish
genl_serve

A=127.0.0.1:24500 B=127.0.0.1:24502 CALL=recording-1
CALLER_TO='' CALLEE_TO=''
eval "$($NG call-env "$CALL" "$A" "$B" "record call=yes" 2>&1 | grep -E '^CALLE[RE]_TO=')"
if [ -z "$CALLER_TO" ] || [ -z "$CALLEE_TO" ]; then
	fail "NG offer/answer with recording: $($NG call-env "$CALL-again" "$A" "$B" "record call=yes" 2>&1)"
	finish
fi

# The daemon adds the call and its streams to the kernel while it handles
# the offer and the answer, before it answers.
META=
wait_until 30 "the daemon's metadata file in $SPOOL" have_meta
META=$(compgen -G "$SPOOL/*.meta" | head -n 1)
if [ -z "$META" ]; then
	fail "no recording metadata: $(grep -iE 'record|kernel' "$WORK/daemon.log" | tail -n 5)"
	finish
fi
PREFIX=$(basename "$META" .meta)
check "the call's directory /proc/rtpengine/42/calls/$PREFIX exists" test -d "$PROC/42/calls/$PREFIX"
expect_eq "the metadata names the call's 4 streams (RTP and RTCP of each party)" \
	"$(meta_streams "$META" | wc -l)" 4
check "each stream the metadata names is a file of the call's directory" streams_in_proc

# Both parties send until both streams are rules. Both use the same
# sequence numbers: 1000 on, 5 a round.
SEQ=1000 t=$SECONDS
while ! kernelized && [ $((SECONDS - t)) -lt "$(scaled 60)" ]; do
	parties 5 100 $SEQ 1
	SEQ=$((SEQ + 5))
done
if ! kernelized; then
	fail "not kernelized after $((SECONDS - t)) s: $(grep -i kernel "$WORK/daemon.log" | tail -n 3) $(dmesg | grep 'left to the daemon' | tail -n 2)"
	finish
fi
pass "both streams kernelized after $((SECONDS - t)) s of traffic ($((SEQ - 1000)) packets each way)"

# The daemon stopped: it relays and records nothing; what the parties get,
# the kernel forwarded, and what of it is recorded, the kernel queued.
# Every 20 ms: PCMU's packet time.
STOPPED=$SEQ
kill -STOP "$DPID"
parties 100 20 $SEQ 3
SEQ=$((SEQ + 100))
kill -CONT "$DPID"
expect_eq "daemon stopped: the caller got the callee's 100, intact" "$(received A)" \
	"received=100 intact=100"
expect_eq "daemon stopped: the callee got the caller's 100, intact" "$(received B)" \
	"received=100 intact=100"

# The trailer. rtpengine-recording reads one datagram per epoll event, and
# its events are edge-triggered (10.5's recording-daemon/epoll.c, stream.c):
# two datagrams queued on a stream before it looks leave one queued until
# the next comes, and what is still queued when the call goes is dropped
# (rtpengine's module does the same). Packets well apart after the 100 read
# those out; of these, the recording may lack the last few.
TRAILER=$SEQ
parties 10 200 $SEQ 2
SEQ=$((SEQ + 10))

# What the kernel still holds for the recording daemon (the dump of generic
# netlink's RECORDING_GET): queued, the daemon has not read them yet (the
# trailer's last ones at most); dropped, a full queue pushed them out.
recs=$(genl recordings 42)
echo "# ${recs//$'\n'/$'\n'# }"
expect_eq "the kernel dropped no datagram of the call's 4 recorded streams" \
	"$(grep -c "call $PREFIX stream .* dropped 0\$" <<<"$recs")" 4

# The delete, at once (not after the default 30 s): the daemon deletes the
# call in the kernel (its directory goes, the recording daemon's stream
# files end) and unlinks the metadata file, upon which the recording daemon
# finishes the WAV files.
expect_eq "NG delete (delete delay 0)" "$($NG command "$CALL" delete delete-delay=0)" ok
wait_until 30 "the daemon to unlink $META" test ! -e "$META"
check "the metadata file is gone after the delete" test ! -e "$META"
wait_until 30 "the call's /proc directory to go" test ! -e "$PROC/42/calls/$PREFIX"
check "the call's directory /proc/rtpengine/42/calls/$PREFIX is gone after the delete" \
	test ! -e "$PROC/42/calls/$PREFIX"

WAV_A=$OUT/$PREFIX-$SSRC_A.wav WAV_B=$OUT/$PREFIX-$SSRC_B.wav
if ! $PYTHON -m rtp_wav wait "$(scaled 60)" "$WAV_A" "$WAV_B"; then
	fail "the recording daemon did not finish both WAV files: $(ls "$OUT") $(tail -n 5 "$WORK/recording.log")"
fi
# field KEY: rtp_wav.py check's line KEY=... from $out (all of $out if
# there is none: its error)
field() { grep "^$1=" <<<"$out" || echo "$out"; }
# recorded WHO FILE: the checks of one party's recording
recorded() {
	local out
	out=$($PYTHON -m rtp_wav check "$2" 1000 "$STOPPED" $((SEQ - 1)) 2>&1)
	expect_eq "the $1's recording: a WAV of 8 kHz mono 16-bit PCM" "$(field format)" \
		"format=PCM rate=8000 channels=1 bits=16"
	expect_eq "the $1's recording: the 100 packets sent while the daemon was stopped (intercepted by the kernel)" \
		"$(field stopped)" "stopped=100 of 100"
	expect_match "the $1's recording: exactly the mu-law decoding of the packets the $1 sent, in order, 1000 to $((STOPPED + 99)) at least" \
		"$(field prefix) $(field missing)" "^prefix=exact last=[0-9]+ missing=none\$"
	echo "# the $1's recording: $(field prefix), of the $((SEQ - TRAILER)) after the 100 $(field unread) not read"
}
recorded caller "$WAV_A"
recorded callee "$WAV_B"

expect_eq "the daemon never failed to push a stream to the kernel" \
	"$(grep -c 'Failed to push relay stream to kernel' "$WORK/daemon.log")" 0
expect_eq "the daemon's kernel recording never failed (call, streams, packets)" \
	"$(grep -E 'kernel recording interface|kernel intercepted stream' "$WORK/daemon.log")" ""
expect_eq "the recording daemon opened and read every stream" \
	"$(grep -E 'Failed to open kernel stream|Read error on stream|Failed to parse packet headers' "$WORK/recording.log")" ""
expect_eq "each of the recording daemon's 4 streams ended with end of file" \
	"$(grep -c 'EOF on stream' "$WORK/recording.log")" 4
if [ "$FAILS" -gt 0 ]; then	# what the daemons said, for the report
	grep -iE 'record|kernel|intercept|metadata' "$WORK/daemon.log" | tail -n 20 | sed 's/^/# daemon: /'
	tail -n 30 "$WORK/recording.log" | sed 's/^/# recording: /'
fi
echo "# 90d: $((SECONDS - T0)) s"
finish
