#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# Forwarding loops end: a rule whose output is its own local endpoint sends
# every packet back to itself. Each forward takes one off the TTL / hop
# limit, as a router does, and the rule drops the packet when it reaches 1
# (counted as ttl_expired and as an error): a datagram sent with 64 is
# forwarded 63 times, then the counters stop. Before, the loop ran in
# softirq forever (hundreds of thousands of forwards a second). IPv4 and
# IPv6, in the initial namespace and in one an unprivileged user owns.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd
modprobe xt_RTPENGINE
iptables-legacy -S >/dev/null	# its table module, for the user namespace below
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

# counters_settle TABLE LOCAL: the rule's counters once two reads 0.5 s
# apart agree (at most 60 s); "still moving: ..." if they never do
counters_settle() {
	local prev="" cur i
	for ((i = 0; i < 120; i++)); do
		cur=$($GENL rule RULE_GET "$1" "local=$2" | sed -n 's/.* local [^ ]* //p')
		[ -n "$cur" ] && [ "$cur" == "$prev" ] && { echo "$cur"; return; }
		prev=$cur
		sleep 0.5
	done
	echo "still moving after 60 s: $cur"
}

# loop NAME LOCAL SRC-OF-THE-ONE-PACKET
loop() {
	local name=$1 local=$2 src=$3
	expect_eq "$name: rule" "$($GENL rule RULE_NEW 42 flags=create,excl "local=$local" \
		"out=$local,$local,0")" "errno=0 msg="
	$UDP send "$src" "$local" 1
	expect_eq "$name: 63 forwards of one packet sent with TTL 64, then dropped" \
		"$(counters_settle 42 "$local")" \
		"mismatch 0 out $local,$local,0 ttl_expired 1 stats 63 10836 1"
	$GENL rule RULE_DEL 42 "local=$local" >/dev/null
}

$GENL req TABLE_NEW table_id=42 >/dev/null
iptables -I INPUT -p udp -j RTPENGINE --id 42
ip6tables -I INPUT -p udp -j RTPENGINE --id 42
loop "IPv4 loop" 127.0.0.1:5000 127.0.0.1:5001
loop "IPv6 loop" '[::1]:5000' '[::1]:5001'
iptables -D INPUT -p udp -j RTPENGINE --id 42
ip6tables -D INPUT -p udp -j RTPENGINE --id 42
$GENL req TABLE_DEL table_id=42 >/dev/null

# The same from a namespace an unprivileged user created: its loops end too.
script='set -e
ip link set lo up
iptables-legacy -I INPUT -p udp -j RTPENGINE --id 7
'"$GENL"' req TABLE_NEW table_id=7 >/dev/null
'"$GENL"' rule RULE_NEW 7 flags=create,excl local=127.0.0.1:6000 out=127.0.0.1:6000,127.0.0.1:6000,0 >/dev/null
'"$PYTHON $REPO"'/tests/kernel/lib/udp.py send 127.0.0.1:6001 127.0.0.1:6000 1
prev=
for i in $(seq 120); do
	cur=$('"$GENL"' rule RULE_GET 7 local=127.0.0.1:6000 | sed -n "s/.* stats //p")
	[ -n "$cur" ] && [ "$cur" = "$prev" ] && break
	prev=$cur
	sleep 0.5
done
echo "userns stats $cur"'
out=$(nobody env XTABLES_LIBDIR="$XTABLES_LIBDIR" XTABLES_LOCKFILE=/tmp/ttl-loop-xtables.lock unshare -Urn bash -c "$script" 2>&1)
expect_eq "unprivileged namespace: the loop ends" "$out" "userns stats 63 10836 1"
finish
