# SPDX-License-Identifier: GPL-2.0-only
# Single calls through Debian's rtpengine-daemon 10.5 (90b, 90c), sourced
# after common.sh: the daemon (rtpengine_daemon.sh) on table 42, fed by an
# iptables-nft RTPENGINE rule through Debian's own plugin, and the two
# parties of a call.
#
#   rtpe_call_start [DAEMON-OPTION]...
#                            the rules (IPv4 and IPv6) and the daemon; 1
#                            (reported) if not
#   parties COUNT GAP-MS FIRST-SEQ IDLE-S
#                            the script's `party A ...` and `party B ...` at
#                            once, into $WORK/A and $WORK/B; each starts
#                            sending once $WORK/go exists (both bound: no
#                            packet is lost for a port not bound yet)
#   kernelized               both streams of the call ($CALLER_TO: where the
#                            caller sends, $CALLEE_TO: the callee) are rules
# Everything goes on exit (the daemon, the genl server, the rule, table 42).
SYS_XTLIBDIR=$(pkg-config --variable=xtlibdir xtables 2>/dev/null)
SYS_XTLIBDIR=${SYS_XTLIBDIR:-/usr/lib/x86_64-linux-gnu/xtables}
WORK=$(mktemp -d)
RULE=(INPUT -p udp -j RTPENGINE --id 42)
. "$(dirname "${BASH_SOURCE[0]}")/rtpengine_daemon.sh"

rtpe_call_cleanup() {
	stop_daemon
	genl_stop
	while XTABLES_LIBDIR=$SYS_XTLIBDIR iptables-nft -D "${RULE[@]}" 2>/dev/null; do :; done
	while XTABLES_LIBDIR=$SYS_XTLIBDIR ip6tables-nft -D "${RULE[@]}" 2>/dev/null; do :; done
	echo 'del 42' >"$PROC/control" 2>/dev/null
	rm -rf "$WORK"
}
trap rtpe_call_cleanup EXIT

rtpe_call_start() {
	if ! [ -x "$RTPENGINE" ] || ! [ -x "$SRTP_PEER" ]; then
		fail "rtpengine-daemon or $SRTP_PEER missing (make deps, libsrtp2-dev)"
		return 1
	fi
	modprobe xt_RTPENGINE
	XTABLES_LIBDIR=$SYS_XTLIBDIR iptables-nft -I "${RULE[@]}"
	XTABLES_LIBDIR=$SYS_XTLIBDIR ip6tables-nft -I "${RULE[@]}"
	# Immediate endpoint learning: with the default ("delayed") the daemon
	# confirms a stream, and only then kernelizes it, 3 s after its first
	# packet, ~4 s of every row's set-up; what these calls test is what
	# the kernel does once the daemon has pushed a stream, not when. The
	# default stays covered by 90-rtpengine-daemon.
	if ! start_rtpengine --endpoint-learning=immediate "$@"; then
		fail "rtpengine did not start: $(tail -n 5 "$WORK/daemon.log")"
		return 1
	fi
	pass "rtpengine --no-fallback started on our modules"
}

# list_local ADDR: the list's first line of the rule for ADDR (1.2.3.4:5, [::1]:5)
list_local() {
	case $1 in
	\[*) echo "local inet6 $1" ;;
	*) echo "local inet4 $1" ;;
	esac
}
kernelized() {
	grep -qxF "$(list_local "$CALLER_TO")" "$PROC/42/list" 2>/dev/null &&
		grep -qxF "$(list_local "$CALLEE_TO")" "$PROC/42/list"
}

both_bound() { file_has "$WORK/A" ready && file_has "$WORK/B" ready; }
parties() {
	local pa pb
	rm -f "$WORK/go" "$WORK/A" "$WORK/B"
	party A "$@" >"$WORK/A" &
	pa=$!
	party B "$@" >"$WORK/B" &
	pb=$!
	wait_until 30 "both parties bound" both_bound
	: >"$WORK/go"
	wait $pa $pb	# not a bare wait: the daemon is a child too
}
