#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# The rtpengine 10.5 binary control ABI on /proc/rtpengine/42/control
# (module/control/proc_compat*.c) and its blist records (module/control/proc_blist.c), driven
# message by message as Debian's rtpengine-daemon 10.5 does
# (lib/proc_compat_check.py): the handshake, staging a target until its
# outputs are filled, real packets through the installed rule, per SSRC
# statistics with reset, and clean refusals that change nothing; then SRTP
# (lib/proc_compat_srtp_check.py): the suites translated, the others refused,
# indexes seeded from last_index and reported in blist, never a key.
. "$(dirname "$0")/lib/common.sh"

RULE=(INPUT -p udp -j RTPENGINE --id 42)
modprobe xt_RTPENGINE
expect_eq "add table 42" "$(procw "$PROC/control" 'add 42')" OK
iptables-nft -I "${RULE[@]}"

KLOG_BEFORE=$(dmesg | wc -l)
if $PYTHON "$REPO/tests/kernel/lib/proc_compat_check.py"; then
	pass "rtpengine 10.5 control messages"
else
	fail "rtpengine 10.5 control messages"
fi
if $PYTHON "$REPO/tests/kernel/lib/proc_compat_srtp_check.py"; then
	pass "rtpengine 10.5 SRTP targets and outputs"
else
	fail "rtpengine 10.5 SRTP targets and outputs"
fi
klog=$(dmesg | tail -n +"$((KLOG_BEFORE + 1))")
expect_match "a refused SRTP target is logged, with the reason" "$klog" \
	"rtpfwd: table 42: target port 31010: an SRTP tag other than 80 or 32 bits not supported, left to the daemon"
expect_match "so is recording into no such stream" "$klog" \
	"rtpfwd: table 42: target port 31010: no recorded stream 4242"

iptables-nft -D "${RULE[@]}"
expect_eq "del table 42 with a rule the session left" "$(procw "$PROC/control" 'del 42')" OK
finish
