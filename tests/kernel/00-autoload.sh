#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 60
# The first generic netlink request loads rtpfwd by its family alias; no
# modprobe. Runs first, while nothing of ours is loaded.
. "$(dirname "$0")/lib/common.sh"

expect_eq "rtpfwd not loaded before the first request" "$(test -d /sys/module/rtpfwd && echo loaded)" ""
out=$("$RTPNL" table list 2>&1)
expect_eq "rtpnl table list succeeds on an autoloaded module" "$?:$out" "0:"
check "rtpfwd autoloaded by the genl family alias" test -d /sys/module/rtpfwd
check "/proc/rtpengine is a symlink to self/net/rtpengine" \
	test "$(readlink /proc/rtpengine)" = self/net/rtpengine
check "/proc/rtpengine/control exists" test -e /proc/rtpengine/control
expect_eq "no tables at start" "$(tables)" ""
expect_eq "module holds no reference without tables" "$(modrefs)" "0"
finish
