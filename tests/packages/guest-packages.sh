#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# In the VM booted from the clean package root (tests/packages/run.sh):
# what the .debs installed is complete, DKMS built the modules for this
# kernel, and an operator's sequence works with no modprobe/insmod: the boot
# unit's `rtpnl -b` loads rtpfwd, `iptables -j RTPENGINE` (the packaged
# plugin) loads xt_RTPENGINE, an nftables rule with the rtpengine expression
# loads nft_rtpengine, and UDP is forwarded between namespaces.
. "$(dirname "$0")/../kernel/lib/common.sh"
. "$(dirname "$0")/../kernel/lib/topology.sh"
unset XTABLES_LIBDIR	# iptables' own plugin directory, as for an operator
UDP="$PYTHON $REPO/tests/kernel/lib/udp.py"
EXAMPLES=/usr/share/doc/rtpnl/examples

loaded() { [ -d "/sys/module/$1" ]; }
px() { ip netns exec pk-px "$@"; }

# flow NAME COUNT: COUNT datagrams client -> proxy 10.78.1.1:30000, expected
# at the server from the rule's output source
flow() {
	rm -f /tmp/pk-recv
	# 20 s: under emulation on a busy host the sender's python3 may take
	# seconds to start; the receiver returns as soon as all have arrived
	ip netns exec pk-sv $UDP recv 10.78.2.2:6000 "$2" 20 >/tmp/pk-recv &
	local rpid=$!
	# up to 30 s: the first python3 start reads its library over 9p
	for _ in $(seq 300); do grep -q ready /tmp/pk-recv 2>/dev/null && break; sleep 0.1; done
	ip netns exec pk-cl $UDP send 10.78.1.2:5000 10.78.1.1:30000 "$2"
	wait $rpid
	expect_eq "$1" "$(grep received /tmp/pk-recv)" \
		"received=$2 intact=$2 from=10.78.2.1:30002"
}

# --- what the packages installed ----------------------------------------------
expect_eq "rtpnl is the packaged one" "$(command -v rtpnl)" /usr/bin/rtpnl
for m in rtpfwd xt_RTPENGINE nft_rtpengine; do
	path=$(modinfo -n "$m" 2>&1)
	# .ko, or .ko.xz where the kernel compresses its modules (6.12)
	expect_eq "$m built by DKMS for $KVER" "${path%.xz}" "/lib/modules/$KVER/updates/dkms/$m.ko"
	expect_eq "$m not loaded before use" "$(loaded "$m" && echo loaded)" ""
done
expect_match "dkms status" "$(dkms status -m rtpfwd -k "$KVER" 2>/dev/null)" "^rtpfwd/.*: installed"
check "iptables plugin in xtables' directory" test -f /usr/lib/x86_64-linux-gnu/xtables/libxt_RTPENGINE.so
check "librtpnl1: the shared library" test -f /usr/lib/x86_64-linux-gnu/librtpnl.so.1
check "librtpnl-dev: header, pkg-config, CMake" test -f /usr/include/rtpnl/rtpnl.h -a \
	-f /usr/lib/x86_64-linux-gnu/pkgconfig/rtpnl.pc -a -f /usr/lib/x86_64-linux-gnu/cmake/rtpnl/rtpnlConfig.cmake
check "man pages" test -f /usr/share/man/man8/rtpnl.8.gz -a -f /usr/share/man/man8/iptables-RTPENGINE.8.gz
check "bash completion" test -f /usr/share/bash-completion/completions/rtpnl
UNIT=/lib/systemd/system/rtpfwd.service
check "rtpfwd.service installed" test -f $UNIT
expect_eq "rtpfwd.service not enabled" \
	"$(find /etc/systemd/system -name rtpfwd.service 2>/dev/null)" ""
expect_eq "/etc/rtpfwd/rtpfwd.conf is a conffile" \
	"$(dpkg-query -W -f='${Conffiles}' rtpnl | awk '{print $1}' | xargs)" /etc/rtpfwd/rtpfwd.conf
check "examples: modules-load.d, Prometheus timer" test -f $EXAMPLES/rtpfwd-modules-load.conf -a \
	-f $EXAMPLES/rtpfwd-prometheus.service -a -f $EXAMPLES/rtpfwd-prometheus.timer
expect_eq "dkms.conf excludes kernels before 6.1" \
	"$(grep -c '^BUILD_EXCLUSIVE_KERNEL' /usr/src/rtpfwd-*/dkms.conf)" 2

# --- at boot: the unit's command makes the conffile true ----------------------
topology_up pk 78
unit_cmd=$(sed -n 's/^ExecStart=//p' $UNIT)
expect_eq "ExecReload runs the same" "$(sed -n 's/^ExecReload=//p' $UNIT)" "$unit_cmd"
out=$(px $unit_cmd 2>&1)
expect_eq "the unit's '$unit_cmd' on the packaged file (comments only)" "$?:$out" \
	"0:changed: tables 0 added, rules 0 added 0 replaced 0 deleted, nft rules 0 added 0 deleted"
cp /etc/rtpfwd/rtpfwd.conf /tmp/pk-rtpfwd.conf
echo "table ensure 42" >>/etc/rtpfwd/rtpfwd.conf
out=$(px $unit_cmd 2>&1)
expect_eq "the unit's command with a table in the file" "$?:$out" \
	"0:changed: tables 1 added, rules 0 added 0 replaced 0 deleted, nft rules 0 added 0 deleted"
check "rtpfwd loaded by rtpnl's first request" loaded rtpfwd
expect_eq "table 42 from rtpfwd.conf" "$(px rtpnl table list)" \
	"table 42 rules 0 refcnt 0 control-pid 0"
cp /tmp/pk-rtpfwd.conf /etc/rtpfwd/rtpfwd.conf	# the root may be booted again

printf 'table add 40\n\ntable add 42\ntable add 41\n' >/tmp/pk-bad.conf
out=$(px rtpnl -b /tmp/pk-bad.conf 2>&1)
expect_match "a batch stops at the failing line and names it" "$?:$out" "^1:Error: /tmp/pk-bad\.conf:3: "
expect_eq "in one line" "$(wc -l <<<"$out")" 1
expect_eq "lines after it did not run" "$(px rtpnl table list | cut -d' ' -f2 | xargs)" "40 42"
px rtpnl table del 40

# --- librtpnl-dev: a C program built with pkg-config, run against the kernel --
LIBEXAMPLE=/usr/share/doc/librtpnl-dev/examples/rtpnl-example.c
check "librtpnl-dev's example" test -f $LIBEXAMPLE
out=$(gcc -std=c99 -Wall -Werror -o /tmp/pk-example $LIBEXAMPLE $(pkg-config --cflags --libs rtpnl) 2>&1)
expect_eq "a C program compiles and links with pkg-config --cflags --libs rtpnl" "$?:$out" "0:"
# /lib or /usr/lib: the same directory on a merged-/usr Debian (ldconfig says /lib)
expect_match "it runs on the packaged librtpnl.so.1" "$(ldd /tmp/pk-example)" \
	"librtpnl\.so\.1 => (/usr)?/lib/x86_64-linux-gnu/librtpnl\.so\.1 "
# stdin at its end: the example adds its rule, reads its counters, deletes it
out=$(px /tmp/pk-example 44 10.78.1.1:31000 10.78.2.1:31002 10.78.2.2:6100 \
	10.78.2.1:31004 10.78.2.2:6101 </dev/null 2>&1)
expect_eq "the C example against the kernel" "$?:$(grep -v '^event' <<<"$out")" \
	"0:rule added
stats packets 0 bytes 0 errors 0
rule deleted"
expect_match "its events from rtpnl_process" "$out" "event rule-del table 44 local 10\.78\.1\.1:31000"
expect_eq "its table stays, its rule is gone" "$(px rtpnl rules list table 44)" ""
px rtpnl table del 44

# --- iptables: the packaged plugin; xt_RTPENGINE loads itself ------------------
px iptables -I INPUT -p udp -j RTPENGINE --id 42
check "xt_RTPENGINE loaded by the iptables rule" loaded xt_RTPENGINE
px rtpnl rule add table 42 local 10.78.1.1:30000 expect 10.78.1.2:5000 \
	output src 10.78.2.1:30002 dst 10.78.2.2:6000
flow "forwarded through iptables -j RTPENGINE" 50
expect_match "counted" "$(px rtpnl -s rule get table 42 local 10.78.1.1:30000)" "50 packets|packets 50"
px iptables -D INPUT -p udp -j RTPENGINE --id 42

# --- nftables: the rtpengine expression; nft_rtpengine loads itself -----------
if rtpnl help | grep -q 'OBJECT := .*nft'; then
	px nft add table inet pk
	px nft add chain inet pk input '{ type filter hook input priority 0; }'
	out=$(px rtpnl nft add rule inet pk input rtpengine id 42 2>&1)
	expect_eq "rtpnl nft add rule ... rtpengine id 42" "$?:$out" "0:"
	check "nft_rtpengine loaded by the nftables rule" loaded nft_rtpengine
	flow "forwarded through the nftables expression" 30
	px nft delete table inet pk
else
	echo "SKIP: this rtpnl has no nft object: nft_rtpengine's autoload not exercised"
fi

px rtpnl table del 42
topology_down pk
finish
