#!/bin/bash
# `make demo`, run inside the test VM: create forwarding table 42 with rtpnl
# (the module autoloads), show it through /proc and JSON, delete it. The VM
# harness unloads the modules afterwards and fails on any kernel warning.
set -eu
REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
RTPNL=${RTPNL:-$REPO/build/userspace/userspace/cli/rtpnl}

run() {
	echo "# $*"
	"$@"
	echo
}

echo "rtpfwd demo on $(uname -r)"
echo
run "$RTPNL" table add 42
run lsmod
run ls -l /proc/rtpengine /proc/rtpengine/
run cat /proc/rtpengine/list
run ls /proc/rtpengine/42/
run cat /proc/rtpengine/42/status
run "$RTPNL" -j -p table list
run "$RTPNL" table del 42
run cat /proc/rtpengine/list
echo "PASS: demo"
