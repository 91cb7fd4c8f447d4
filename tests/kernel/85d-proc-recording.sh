#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# Call recording through /proc/rtpengine/42/calls/ (module/control/proc_calls.c,
# module/core/tap.c), as Debian's rtpengine 10.5 daemons use it
# (lib/proc_calls_check.py): calls and streams made and deleted over the
# 10.5 control channel, names checked, datagrams the daemon hands in read
# back one per read() with the queue's bound, a recorded target whose rule
# queues what it forwards (headers as they came), blocked readers woken
# with end of file. Then the table goes while a reader blocks on a stream
# the control session left: the reader gets end of file and `del 42`
# completes. xt_RTPENGINE hands its stream_packets_list_limit to rtpfwd.
. "$(dirname "$0")/lib/common.sh"

RULE=(INPUT -p udp -j RTPENGINE --id 42)
modprobe xt_RTPENGINE
expect_eq "add table 42" "$(procw "$PROC/control" 'add 42')" OK
iptables-nft -I "${RULE[@]}"

if $PYTHON "$REPO/tests/kernel/lib/proc_calls_check.py"; then
	pass "rtpengine 10.5 recording: calls, streams, packets, recorded targets"
else
	fail "rtpengine 10.5 recording: calls, streams, packets, recorded targets"
fi

expect_eq "stream_packets_list_limit, rtpengine's parameter: 10 by default" \
	"$(cat /sys/module/rtpfwd/parameters/stream_packets_list_limit)" 10
if echo 0 >/sys/module/rtpfwd/parameters/stream_packets_list_limit 2>/dev/null; then
	fail "stream_packets_list_limit=0 accepted"
else
	pass "stream_packets_list_limit=0 refused (a stream must hold one)"
fi

iptables-nft -D "${RULE[@]}"
if [ -e "$PROC/42/calls/left/s" ]; then
	cat "$PROC/42/calls/left/s" >/dev/null &
	reader=$!
	# until the reader has the file open and sleeps (in read(): nothing is queued)
	sleeping() {
		readlink /proc/$reader/fd/* 2>/dev/null | grep -q 'calls/left/s$' &&
			[ "$(cut -d' ' -f3 "/proc/$reader/stat" 2>/dev/null)" = S ]
	}
	wait_until 10 "the reader asleep" sleeping
	expect_eq "del table 42 with a reader blocked on a recorded stream" \
		"$(procw "$PROC/control" 'del 42')" OK
	reader_gone() { ! kill -0 "$reader" 2>/dev/null; }
	if wait_until 10 "the reader's end" reader_gone; then
		pass "the blocked reader got end of file"
	else
		fail "the blocked reader still sleeps"
		kill $reader
	fi
else
	fail "the call left for the table's deletion is missing"
	procw "$PROC/control" 'del 42' >/dev/null
fi

# Debian's modprobe.d names xt_RTPENGINE: it hands the parameter to rtpfwd
LIMIT=/sys/module/rtpfwd/parameters/stream_packets_list_limit
if modprobe -r xt_RTPENGINE && modprobe xt_RTPENGINE stream_packets_list_limit=7; then
	expect_eq "xt_RTPENGINE stream_packets_list_limit=7 reaches rtpfwd" "$(cat $LIMIT)" 7
else
	fail "xt_RTPENGINE reloaded with stream_packets_list_limit=7"
fi
modprobe -r xt_RTPENGINE
if modprobe xt_RTPENGINE stream_packets_list_limit=5000 2>/dev/null; then
	fail "xt_RTPENGINE stream_packets_list_limit=5000 loaded"
else
	expect_match "xt_RTPENGINE stream_packets_list_limit=5000 refused, said in the log" \
		"$(dmesg | tail -n 5)" "stream_packets_list_limit=5000 is not 1..4096"
fi
echo 10 >$LIMIT
finish
