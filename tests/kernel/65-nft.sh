#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 600
# The nftables expression rtpengine, through rtpnl nft, with real packets:
# client -> proxy -> server namespaces (topology.sh). Forwarding in the inet,
# ip and ip6 families, ports outside the rule's range untouched, module
# autoload, list / save / restore / delete, every rejection of the issue,
# and the xt target feeding another table in the same namespace at once.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

px() { ip netns exec nf-px "$@"; }
rnft() { px "$RTPNL" nft "$@"; }
# result CMD...: "rc=N out=<stdout and stderr>"
result() {
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	echo "rc=$rc out=$out"
}
fwd4() { udp_flow nf-cl 10.79.1.2:5000 "10.79.1.1:$1" nf-sv 10.79.2.2:6000 "$2"; }
fwd6() { udp_flow nf-cl '[fd79:1::2]:5000' "[fd79:1::1]:$1" nf-sv '[fd79:2::2]:6000' "$2"; }
local4() { udp_flow nf-cl 10.79.1.2:5000 "10.79.1.1:$1" nf-px "10.79.1.1:$1" "$2"; }
FWD4="from=10.79.2.1:30002"
FWD6="from=[fd79:2::1]:30002"

# Autoload: the first rule loads nft_rtpengine (and rtpfwd under it).
if [ -e /sys/module/nft_rtpengine ]; then rmmod nft_rtpengine; fi
expect_eq "nft_rtpengine not loaded before the first rule" "$(test -e /sys/module/nft_rtpengine && echo loaded)" ""

topology_up nf 79
px nft add table inet filter
px nft add chain inet filter input '{ type filter hook input priority 0; }'
px "$RTPNL" table add 42
for p in 30000 31000 20000; do
	px "$RTPNL" rule add table 42 local "10.79.1.1:$p" expect 10.79.1.2:5000 \
		output src 10.79.2.1:30002 dst 10.79.2.2:6000
done
px "$RTPNL" rule add table 42 local '[fd79:1::1]:30000' output src '[fd79:2::1]:30002' dst '[fd79:2::2]:6000'

# inet: the issue's one-liner
expect_eq "add rule inet filter input udp dport 30000-40000 rtpengine id 42" \
	"$(result rnft add rule inet filter input udp dport 30000-40000 rtpengine id 42)" "rc=0 out="
check "nft_rtpengine autoloaded by the rule (no modprobe)" test -e /sys/module/nft_rtpengine
expect_eq "inet: IPv4 forwarded" "$(fwd4 30000 30)" "received=30 intact=30 $FWD4"
expect_eq "inet: IPv6 forwarded" "$(fwd6 30000 30)" "received=30 intact=30 $FWD6"
expect_eq "inet: port 20000 (outside the range, a rule in table 42) reaches the proxy's socket" \
	"$(local4 20000 10)" "received=10 intact=10 from=10.79.1.2:5000"
list=$(rnft list)
expect_match "list shows it with its handle" "$list" \
	'^inet filter input udp dport 30000-40000 rtpengine id 42 # handle [0-9]+$'
handle=${list##*# handle }
expect_match "list -j" "$(px "$RTPNL" -j nft list inet filter input)" \
	'^\[\{"family":"inet","table":"filter","chain":"input","handle":[0-9]+,"index":0,"expr":"udp dport 30000-40000 rtpengine id 42","rtpengine":\{"id":42\}\}\]$'
expect_eq "list of another chain is empty" "$(rnft list inet filter forward)" ""

# What stock nft shows of it (recorded for the README): nothing, exit 0.
stock=$(px nft list ruleset 2>&1)
rc=$?
printf 'stock nft list ruleset (exit %s):\n%s\n' "$rc" "$stock" | sed 's/^/    | /'
expect_eq "stock nft list ruleset: exit 0" "$rc" "0"
expect_eq "stock nft list ruleset omits the rule" "$(grep -c 'dport\|rtpengine' <<<"$stock")" "0"
stock=$(px nft -j list ruleset)
printf 'stock nft -j list ruleset:\n%s\n' "$stock" | sed 's/^/    | /'
expect_eq "stock nft -j list ruleset omits it too" "$(grep -c 'rtpengine\|dport' <<<"$stock")" "0"
expect_eq "stock nft deletes it by handle all the same" \
	"$(result px nft delete rule inet filter input handle "$handle")" "rc=0 out="
expect_eq "gone" "$(rnft list)" ""

# save | sh after nft flush ruleset and nft -f of what nft list ruleset
# printed: the rules come back in their places around a stock nft rule.
check "rtpnl nft add rule inet filter input iifname px-cl meta l4proto udp udp dport 30000-30999 counter rtpengine id 42" rnft add rule inet filter input iifname px-cl meta l4proto udp udp dport 30000-30999 counter rtpengine id 42
px nft add rule inet filter input udp dport 30500 counter
check "rtpnl nft add rule inet filter input ip6 daddr fd79:1::/64 udp dport 30000 rtpengine id 42" rnft add rule inet filter input ip6 daddr fd79:1::/64 udp dport 30000 rtpengine id 42
px nft list ruleset >/tmp/nf-ruleset.nft
save=$(rnft save)
printf '%s\n' "$save" | sed 's/^/    | /'
px nft flush ruleset
expect_eq "nft flush ruleset removes them" "$(rnft list)" ""
expect_eq "flushed: IPv4 to the proxy's socket" "$(local4 30000 5)" "received=5 intact=5 from=10.79.1.2:5000"
check "nft -f restores the stock part" px nft -f /tmp/nf-ruleset.nft
expect_eq "save | sh restores the rest" "$(result px env PATH="$(dirname "$RTPNL"):$PATH" sh -e <<<"$save")" "rc=0 out="
list=$(rnft list)
expect_match "restored: the same rules" "$list" \
	$'^inet filter input iifname "px-cl" udp dport 30000-30999 counter packets 0 bytes 0 rtpengine id 42 # handle [0-9]+\ninet filter input ip6 daddr fd79:1::/64 udp dport 30000 rtpengine id 42 # handle [0-9]+$'
expect_match "restored: first and third, around the stock rule" "$(px "$RTPNL" -j nft list)" \
	'"index":0,.*"index":2,'
expect_eq "restored: IPv4 forwarded" "$(fwd4 30000 20)" "received=20 intact=20 $FWD4"
expect_eq "restored: IPv6 forwarded" "$(fwd6 30000 20)" "received=20 intact=20 $FWD6"
expect_match "the counter counted what the rule saw (IPv4 and IPv6: 20 each)" "$(rnft list)" 'counter packets 40 bytes 8400 rtpengine'
for h in $(rnft list | sed 's/.*# handle //'); do
	expect_eq "delete rule ... handle $h" "$(result rnft delete rule inet filter input handle "$h")" "rc=0 out="
done
expect_eq "deleted: none left" "$(rnft list)" ""
expect_eq "delete of a missing handle" "$(result rnft delete rule inet filter input handle 9999)" \
	"rc=1 out=Error: no rule with handle 9999 in chain inet filter input"

# ip and ip6 families (ip6 on the prerouting hook)
px nft add table ip t4
px nft add chain ip t4 input '{ type filter hook input priority 0; }'
check "rtpnl nft add rule ip t4 input ip daddr 10.79.1.0/24 udp dport 30000 rtpengine id 42" rnft add rule ip t4 input ip daddr 10.79.1.0/24 udp dport 30000 rtpengine id 42
expect_eq "ip: IPv4 forwarded" "$(fwd4 30000 20)" "received=20 intact=20 $FWD4"
px nft delete table ip t4
px nft add table ip6 t6
px nft add chain ip6 t6 pre '{ type filter hook prerouting priority 0; }'
check "rtpnl nft add rule ip6 t6 pre udp dport 30000 rtpengine id 42" rnft add rule ip6 t6 pre udp dport 30000 rtpengine id 42
expect_eq "ip6 prerouting: IPv6 forwarded" "$(fwd6 30000 20)" "received=20 intact=20 $FWD6"
expect_eq "ip6: IPv4 untouched" "$(local4 30000 5)" "received=5 intact=5 from=10.79.1.2:5000"
expect_match "ip6 listed" "$(rnft list ip6)" '^ip6 t6 pre udp dport 30000 rtpengine id 42 # handle'
px nft delete table ip6 t6

# Rejections: each a clear error, nothing installed, no table created
px nft add chain inet filter out '{ type filter hook output priority 0; }'
px nft add chain inet filter fw '{ type filter hook forward priority 0; }'
px nft add chain inet filter sub
px nft add rule inet filter out jump sub
px nft add table ip nat
px nft add chain ip nat pre '{ type nat hook prerouting priority -100; }'
HOOKS="Error: 'rtpengine' is only allowed in chains of type filter on the input, prerouting or ingress hook;"
HOOKS_IP="Error: 'rtpengine' is only allowed in chains of type filter on the input or prerouting hook;"
expect_eq "output hook refused" "$(result rnft add rule inet filter out rtpengine id 42)" \
	"rc=1 out=$HOOKS inet filter out is not one or is reached from one that is not"
expect_eq "forward hook refused" "$(result rnft add rule inet filter fw rtpengine id 42)" \
	"rc=1 out=$HOOKS inet filter fw is not one or is reached from one that is not"
expect_eq "a chain jumped to from output refused" "$(result rnft add rule inet filter sub rtpengine id 42)" \
	"rc=1 out=$HOOKS inet filter sub is not one or is reached from one that is not"
expect_eq "nat chain refused" "$(result rnft add rule ip nat pre rtpengine id 42)" \
	"rc=1 out=$HOOKS_IP ip nat pre is not one or is reached from one that is not"
expect_eq "id 64 refused" "$(result rnft add rule inet filter input rtpengine id 64)" \
	"rc=1 out=Error: table id 64 out of range (0..63)"
expect_eq "missing table without create refused" "$(result rnft add rule inet filter input rtpengine id 41)" \
	"rc=1 out=Error: no rtpfwd table 41 (rtpnl table add 41, or add 'create' to the rule)"
expect_eq "exclusive on an existing table refused" \
	"$(result rnft add rule inet filter input rtpengine id 42 create exclusive)" \
	"rc=1 out=Error: rtpfwd table 42 exists (the rule says 'exclusive')"
expect_eq "create in a refused rule (output hook)" \
	"$(result rnft add rule inet filter out rtpengine id 43 create exclusive)" \
	"rc=1 out=$HOOKS inet filter out is not one or is reached from one that is not"
expect_eq "... leaves no table behind" "$(px "$RTPNL" table list | cut -d' ' -f2 | tr '\n' ' ')" "42 "
expect_match "unsupported match refused" "$(result rnft add rule inet filter input tcp dport 5 rtpengine id 42)" \
	"^rc=255 out=Error: unsupported match 'tcp' \(supported: udp, udp dport P, "
expect_eq "missing nft table named" "$(result rnft add rule inet nosuch input rtpengine id 42)" \
	"rc=1 out=Error: table inet nosuch does not exist (nft add table inet nosuch)"
expect_match "missing chain named" "$(result rnft add rule inet filter nosuch rtpengine id 42)" \
	"^rc=1 out=Error: chain inet filter nosuch does not exist "
expect_eq "nothing was installed" "$(rnft list)" ""
expect_eq "create makes the table" "$(result rnft add rule inet filter input udp dport 9 rtpengine id 41 create)" "rc=0 out="
expect_eq "table 41 exists" "$(px "$RTPNL" table list | cut -d' ' -f2 | tr '\n' ' ')" "41 42 "
expect_match "listed with create" "$(rnft list)" 'rtpengine id 41 create # handle'
expect_eq "create exclusive makes a new table" \
	"$(result rnft add rule inet filter input udp dport 8 rtpengine id 44 create exclusive)" "rc=0 out="
expect_match "listed with create exclusive" "$(rnft list)" 'rtpengine id 44 create exclusive # handle'
px nft delete table ip nat

# The xt target (table 7, port 31000) and the expression (table 42) at once
px "$RTPNL" table add 7
px "$RTPNL" rule add table 7 local 10.79.1.1:31000 output src 10.79.2.1:30007 dst 10.79.2.2:6000
px iptables -I INPUT -p udp --dport 31000 -j RTPENGINE --id 7
check "rtpnl nft insert rule inet filter input udp dport 30000 rtpengine id 42" rnft insert rule inet filter input udp dport 30000 rtpengine id 42
expect_eq "xt target: table 7 forwards" "$(fwd4 31000 20)" "received=20 intact=20 from=10.79.2.1:30007"
expect_eq "nft expression: table 42 forwards" "$(fwd4 30000 20)" "received=20 intact=20 $FWD4"

# Not pinned: the daemon may delete and re-create its table under the rule
check "table 42 deleted under a live rule" px "$RTPNL" table del 42
expect_eq "without table 42: to the socket" "$(local4 30000 5)" "received=5 intact=5 from=10.79.1.2:5000"
check "table 42 re-created" px "$RTPNL" table add 42
px "$RTPNL" rule add table 42 local 10.79.1.1:30000 output src 10.79.2.1:30002 dst 10.79.2.2:6000
expect_eq "re-created table 42 forwards" "$(fwd4 30000 10)" "received=10 intact=10 $FWD4"

# Cleanup; nothing may leak
px iptables -D INPUT -p udp --dport 31000 -j RTPENGINE --id 7
px nft flush ruleset
for t in 7 41 42 44; do px "$RTPNL" table del "$t"; done
topology_down nf
# nf_tables releases rules from a work item after the commit.
for _ in $(seq 50); do
	[ "$(modrefs)" = 0 ] && [ "$(cat /sys/module/nft_rtpengine/refcnt)" = 0 ] && break
	sleep 0.2
done
expect_eq "nft_rtpengine unused" "$(cat /sys/module/nft_rtpengine/refcnt)" "0"
expect_eq "nothing left" "$(modrefs)" "0"
finish
