#!/bin/bash
# timeout: 120
# SPDX-License-Identifier: GPL-2.0-only
# The C example daemon (userspace/examples/rtpnl-example.c: librtpnl.so.1's
# C API as a C program uses it) against the real kernel: it creates table
# 43 and a rule with two outputs, which rtpnl then sees; traffic reaches
# both outputs; the daemon's poll loop (rtpnl_fd + rtpnl_process) prints
# the kernel's events; at the end it reads the counters and deletes the rule.
# It runs in the root namespace and works in cx-ns through
# rtpnl_open_netns(/run/netns/cx-ns) (RTPNL_NETNS): its sockets, its rule
# and its events belong to cx-ns, its thread is back in its own namespace.
. "$(dirname "$0")/lib/common.sh"
EXAMPLE=${RTPNL_EXAMPLE:-$REPO/build/userspace/userspace/examples/rtpnl-example}
NS=cx-ns
ip netns add $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
OUT=/tmp/cx-out IN=/tmp/cx-in

n iptables -I INPUT -p udp -j RTPENGINE --id 43
rm -f $OUT $IN
mkfifo $IN
# Its stdin is the fifo: the daemon runs until fd 3 is closed below.
RTPNL_NETNS=/run/netns/$NS "$EXAMPLE" 43 127.0.0.1:30000 127.0.0.1:30002 127.0.0.1:6000 127.0.0.1:30004 127.0.0.1:6001 \
	<$IN >$OUT 2>&1 &
example=$!
exec 3>$IN
example_added() { grep -q '^rule added$' $OUT || ! kill -0 $example 2>/dev/null; }
wait_until 60 "the example to add its rule" example_added
expect_eq "the example added its rule" "$(grep -c '^rule added$' $OUT)" 1
expect_eq "the example's thread is back in the root namespace" \
	"$(readlink /proc/$example/ns/net)" "$(readlink /proc/self/ns/net)"
expect_eq "no table 43 in the root namespace" "$("$RTPNL" table list | grep -c '^table 43 ')" 0
expect_eq "rtpnl in cx-ns sees the rule with its two outputs" "$(n "$RTPNL" rules list table 43)" \
	"table 43 local 127.0.0.1:30000 mismatch ignore output src 127.0.0.1:30002 dst 127.0.0.1:6000 output src 127.0.0.1:30004 dst 127.0.0.1:6001"

# The second output's receiver in the background, the first one's through
# udp_exchange (which sends the datagrams).
n $UDP recv 127.0.0.1:6001 20 "$(scaled 120)" >/tmp/cx-recv2 2>&1 &
recv2=$!
second_ready() { file_has /tmp/cx-recv2 ready || ! kill -0 $recv2 2>/dev/null; }
wait_until 60 "the second receiver" second_ready
expect_eq "forwarded to the first output" \
	"$(udp_exchange $NS 127.0.0.1:6000 20 $NS 127.0.0.1:5000 127.0.0.1:30000 20)" \
	"received=20 intact=20 from=127.0.0.1:30002"
kill -USR1 $recv2 2>/dev/null
wait $recv2
expect_eq "forwarded to the second output" "$(grep '^received=' /tmp/cx-recv2)" \
	"received=20 intact=20 from=127.0.0.1:30004"

exec 3>&-	# stdin closes: counters, delete, exit
wait_until 60 "the example to exit" eval '! kill -0 $example 2>/dev/null'
wait $example
expect_eq "the example exits 0" "$?" 0
expect_eq "its events, counters and deletion" "$(cat $OUT)" \
"rule added
event table-new table 43 local -
event rule-new table 43 local 127.0.0.1:30000
stats packets 20 bytes 3440 errors 0
rule deleted
event rule-del table 43 local 127.0.0.1:30000"
expect_eq "the rule is gone" "$(n "$RTPNL" rules list table 43)" ""

n iptables -D INPUT -p udp -j RTPENGINE --id 43
n "$RTPNL" table del 43
rm -f $OUT $IN /tmp/cx-recv2
ip netns del $NS
expect_modrefs "nothing left" 0
finish
