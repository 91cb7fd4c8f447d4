#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# The iptables target RTPENGINE (xt-compat/xt_RTPENGINE.ko) with our plugin
# (userspace/xtables/libxt_RTPENGINE.so), through iptables-nft and
# iptables-legacy, IPv4 and IPv6: autoloading, where it is accepted, what is
# rejected (and the kernel's reason), unforwarded traffic passing untouched,
# and a rule that does not pin its table.
. "$(dirname "$0")/lib/common.sh"

XTDIR=${BUILD:-$REPO/build}/userspace/userspace/xtables
SYS_XTLIBDIR=$(pkg-config --variable=xtlibdir xtables 2>/dev/null)
SYS_XTLIBDIR=${SYS_XTLIBDIR:-/usr/lib/x86_64-linux-gnu/xtables}
export XTABLES_LIBDIR="$XTDIR:$SYS_XTLIBDIR"
# Our plugin built without its --id range check (like rtpengine's plugin):
# reaches the kernel's check.
NORANGE_LIBDIR="$XTDIR/no-id-range:$SYS_XTLIBDIR"
TOOLS4=(iptables-nft iptables-legacy)
TOOLS6=(ip6tables-nft ip6tables-legacy)
RULE=(INPUT -p udp -j RTPENGINE --id 42)

if ! [ -f "$XTDIR/libxt_RTPENGINE.so" ]; then
	fail "plugin $XTDIR/libxt_RTPENGINE.so not built (make userspace)"
	finish
fi

# New kernel log lines since the last call.
KLOG_SEEN=$(dmesg | wc -l)
klog_new() {
	local all
	all=$(dmesg)
	printf '%s\n' "$all" | tail -n +"$((KLOG_SEEN + 1))"
	KLOG_SEEN=$(printf '%s\n' "$all" | wc -l)
}
# rc TOOL ARGS...: the tool's exit status (its output discarded)
rc() { "$@" >/dev/null 2>&1; echo $?; }
# The nft tables iptables-nft creates; those not there now are deleted at the end.
nft_tables_before=$(nft list tables 2>/dev/null)

expect_eq "xt_RTPENGINE not loaded before the first rule" "$(test -d /sys/module/xt_RTPENGINE && echo loaded)" ""
expect_eq "no table 42 yet" "$(tables)" ""

for t in "${TOOLS4[@]}" "${TOOLS6[@]}"; do
	# The exit status for an error from the kernel: RESOURCE_PROBLEM from
	# iptables-nft, OTHER_PROBLEM from iptables-legacy.
	case $t in *-nft) kerr=4 ;; *) kerr=1 ;; esac
	expect_eq "$t: -I ${RULE[*]} before table 42 exists" "$(rc "$t" -I "${RULE[@]}")" 0
	if [ "$t" = "${TOOLS4[0]}" ]; then
		check "$t: xt_RTPENGINE autoloaded" test -d /sys/module/xt_RTPENGINE
	fi
	expect_eq "$t -S INPUT shows the rule" \
		"$("$t" -S INPUT 2>/dev/null | grep -cx -- '-A INPUT -p udp -j RTPENGINE --id 42')" 1
	expect_match "$t -L INPUT -n prints id:42" "$("$t" -L INPUT -n 2>/dev/null)" \
		"RTPENGINE +(udp|17) .* RTPENGINE id:42"

	# Rejected by the plugin, never reaching the kernel.
	expect_eq "$t: --id 64 rejected" "$(rc "$t" -A INPUT -j RTPENGINE --id 64)" 2
	expect_eq "$t: missing --id rejected" "$(rc "$t" -A INPUT -j RTPENGINE)" 2
	# Rejected by the kernel, with a reason in its log.
	klog_new >/dev/null
	expect_eq "$t: --id 64 through a plugin without a range check rejected" \
		"$(XTABLES_LIBDIR=$NORANGE_LIBDIR rc "$t" -A INPUT -j RTPENGINE --id 64)" "$kerr"
	expect_match "$t: kernel says why (id 64)" "$(klog_new)" \
		"RTPENGINE: table id 64 out of range \(0\.\.63\)"
	expect_eq "$t: -t nat PREROUTING rejected" "$(rc "$t" -t nat -A PREROUTING -j RTPENGINE --id 1)" "$kerr"
	expect_match "$t: kernel says why (nat)" "$(klog_new)" \
		"RTPENGINE: not usable in table nat: only in filter INPUT, raw PREROUTING or mangle PREROUTING"
	expect_eq "$t: -t filter OUTPUT rejected" "$(rc "$t" -A OUTPUT -j RTPENGINE --id 1)" "$kerr"
	expect_match "$t: kernel says why (filter OUTPUT)" "$(klog_new)" \
		"RTPENGINE target: used from hooks OUTPUT, but only usable from PREROUTING/INPUT"
	expect_eq "$t: -t mangle INPUT rejected" "$(rc "$t" -t mangle -A INPUT -j RTPENGINE --id 1)" "$kerr"
	expect_match "$t: kernel says why (mangle INPUT)" "$(klog_new)" \
		"RTPENGINE: in table mangle only usable from PREROUTING"
	expect_eq "$t: -t raw PREROUTING accepted" "$(rc "$t" -t raw -A PREROUTING -j RTPENGINE --id 1)" 0
	expect_eq "$t: -t mangle PREROUTING accepted" "$(rc "$t" -t mangle -A PREROUTING -j RTPENGINE --id 1)" 0
	expect_eq "$t: -t raw PREROUTING rule deleted" "$(rc "$t" -t raw -D PREROUTING -j RTPENGINE --id 1)" 0
	expect_eq "$t: -t mangle PREROUTING rule deleted" "$(rc "$t" -t mangle -D PREROUTING -j RTPENGINE --id 1)" 0
	expect_eq "$t: no other RTPENGINE rule left" \
		"$(for tb in filter raw mangle nat; do "$t" -t $tb -S 2>/dev/null; done | grep -c RTPENGINE)" 1
done

# UDP "hello" over loopback to a local listener, IPv4 and IPv6, one Python.
udp_echo() {
	$PYTHON - <<'PY'
import socket
for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    rx = socket.socket(fam, socket.SOCK_DGRAM)
    rx.bind((addr, 0))
    rx.settimeout(2)
    tx = socket.socket(fam, socket.SOCK_DGRAM)
    tx.sendto(b"hello", rx.getsockname())
    try:
        data = rx.recv(100).decode(errors="replace")
    except OSError as e:
        data = "lost (%s)" % e
    print(f"{addr}:{data}", end=" ")
PY
}
# pkts TOOL: the packet counter of the RTPENGINE rule in INPUT
pkts() { $1 -L INPUT -v -x -n 2>/dev/null | awk '/RTPENGINE/ { print $1 }'; }

expect_eq "without table 42: datagrams arrive intact" "$(udp_echo)" "127.0.0.1:hello ::1:hello "
expect_eq "add table 42 under the rules" "$(procw $PROC/control 'add 42')" OK
expect_eq "del table 42 while the rules name it (not pinned)" "$(procw $PROC/control 'del 42')" OK
expect_eq "re-add table 42" "$(procw $PROC/control 'add 42')" OK
expect_eq "table 42 listed" "$(tables)" "42"
expect_eq "with an empty table 42: datagrams arrive intact" "$(udp_echo)" "127.0.0.1:hello ::1:hello "
for t in "${TOOLS4[@]}" "${TOOLS6[@]}"; do
	expect_eq "$t: the rule counted both datagrams" "$(pkts "$t")" 2
done

# Cleanup: rules, the nft tables iptables-nft created, table 42.
for t in "${TOOLS4[@]}" "${TOOLS6[@]}"; do
	expect_eq "$t: -D ${RULE[*]}" "$(rc "$t" -D "${RULE[@]}")" 0
	expect_eq "$t: no RTPENGINE rule left" \
		"$(for tb in filter raw mangle nat; do "$t" -t $tb -S 2>/dev/null; done | grep -c RTPENGINE)" 0
done
while read -r _ fam name; do
	[ -n "$name" ] || continue
	grep -qx "table $fam $name" <<<"$nft_tables_before" || nft delete table "$fam" "$name"
done < <(nft list tables 2>/dev/null)
expect_eq "nft tables as before" "$(nft list tables 2>/dev/null)" "$nft_tables_before"
expect_eq "del table 42" "$(procw $PROC/control 'del 42')" OK
expect_eq "no tables left" "$(tables)" ""
# nf_tables releases deleted rules (and their module references) from a work item.
for _ in $(seq 50); do [ "$(cat /sys/module/xt_RTPENGINE/refcnt)" = 0 ] && break; sleep 0.1; done
expect_eq "xt_RTPENGINE holds no references" "$(cat /sys/module/xt_RTPENGINE/refcnt)" 0
finish
