#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make demo`, run inside the test VM: create forwarding table 42 with rtpnl
# (the module autoloads), feed it with `iptables -j RTPENGINE`, relay RTP of
# three calls through the kernel (both directions each), and show what an
# operator sees: /proc/rtpengine, rtpnl tables and rules with statistics.
# The VM harness unloads the modules afterwards and fails on any kernel
# warning.
set -eu
REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
RTPNL=${RTPNL:-$REPO/build/userspace/userspace/cli/rtpnl}
UDP="/usr/bin/python3 $REPO/tests/kernel/lib/udp.py"
export XTABLES_LIBDIR="$REPO/build/userspace/userspace/xtables:$(pkg-config --variable=xtlibdir xtables)"
CALLS=3
PACKETS=50	# per call and direction

run() {
	echo "# $*"
	"$@"
	echo
}

echo "rtpfwd demo on $(uname -r)"
echo
# The proxy's own network namespace, on loopback: a pod, say.
ip netns add demo
ip -n demo link set lo up
in_pod() { ip netns exec demo "$@"; }

run in_pod "$RTPNL" table add 42
run in_pod iptables -I INPUT -p udp -j RTPENGINE --id 42
run in_pod iptables -S INPUT
# Call i: caller 127.0.0.1:500i <-> proxy :3000i/:3100i <-> callee :600i
for i in $(seq 1 $CALLS); do
	in_pod "$RTPNL" rule add table 42 local 127.0.0.1:3000$i expect 127.0.0.1:500$i \
		output src 127.0.0.1:3100$i dst 127.0.0.1:600$i
	in_pod "$RTPNL" rule add table 42 local 127.0.0.1:3100$i expect 127.0.0.1:600$i \
		output src 127.0.0.1:3000$i dst 127.0.0.1:500$i
done
run in_pod "$RTPNL" rules list

echo "# $CALLS calls, each side sending $PACKETS RTP packets through the kernel"
for i in $(seq 1 $CALLS); do
	in_pod $UDP call 127.0.0.1:500$i 127.0.0.1:3000$i $PACKETS >/tmp/demo-caller-$i &
	in_pod $UDP call 127.0.0.1:600$i 127.0.0.1:3100$i $PACKETS >/tmp/demo-callee-$i &
done
wait
for i in $(seq 1 $CALLS); do
	echo "call $i caller got: $(grep received /tmp/demo-caller-$i)"
	echo "call $i callee got: $(grep received /tmp/demo-callee-$i)"
done
echo

run in_pod cat /proc/rtpengine/list
run in_pod cat /proc/rtpengine/42/status
run in_pod cat /proc/rtpengine/42/list
run in_pod "$RTPNL" -s rules list
run in_pod "$RTPNL" -j -p table list
run in_pod iptables -D INPUT -p udp -j RTPENGINE --id 42
run in_pod "$RTPNL" table del 42
ip netns del demo
for i in $(seq 1 $CALLS); do
	grep -q "received=$PACKETS intact=$PACKETS" /tmp/demo-callee-$i
	grep -q "received=$PACKETS intact=$PACKETS" /tmp/demo-caller-$i
done
echo "PASS: demo: $((CALLS * 2 * PACKETS)) RTP packets relayed by the kernel, all intact"
