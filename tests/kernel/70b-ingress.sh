#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 420
# The ingress fast path: the rtpengine expression in an nftables netdev
# chain on the proxy's devices (client -> proxy -> server over veth), so the
# proxy's IP stack never sees a forwarded packet: counters at every IP hook
# of the proxy stay 0 while the rules forward. IPv4, IPv6, both directions,
# a fork, a GSO batch, bridging to IPv6, SRTP decrypt (libsrtp2 protects),
# hand-ups (no rule for the port, a hand-up rule, a source mismatch)
# reaching the proxy's socket as from the other hooks, frames a NIC may
# deliver (a bad IPv4 header checksum or a loopback source: not forwarded;
# Ethernet padding: trimmed), outputs behind a gateway, an IPv4 datagram
# without DF over the output's MTU (fragmented), an inet chain on the ingress hook, the
# expression refused on egress, and the output's and then the input's
# device deleted under a rule.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

px() { ip netns exec ig-px "$@"; }
rnft() { px "$RTPNL" nft "$@"; }
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
stats() { genl rule RULE_GET 42 "local=$1" | sed -n 's/.* stats //p'; }
flow() { # flow NAME SENDER-NS SRC DST RECEIVER-NS BIND COUNT EXPECTED [SENT]
	expect_eq "$1" "$(udp_exchange "$5" "$6" "$7" "$2" "$3" "$4" "${9:-$7}")" "$8"
}
# the packets counted at the proxy's IP hooks for the forwarded flows
# (five counters, or the table is missing: "no watch")
hook_counts() {
	px nft list table inet watch | grep -o 'packets [0-9]*' |
		awk '{ s += $2; n++ } END { if (n == 5) print s; else print "no watch" }'
}

topology_up ig 93
srtp_serve_up ig
genl_serve ig-px
genl req TABLE_NEW table_id=42 >/dev/null
# Every hook of the IP stack, for the rules' ports (in) and the outputs' (out)
px nft -f - <<'EOF'
table inet watch {
	chain w_pre { type filter hook prerouting priority -400; udp dport 30000-30099 counter; }
	chain w_in { type filter hook input priority 0; udp dport 30000-30099 counter; }
	chain w_fwd { type filter hook forward priority 0; udp dport { 5000, 6000-6099 } counter; }
	chain w_out { type filter hook output priority 0; udp dport { 5000, 6000-6099 } counter; }
	chain w_post { type filter hook postrouting priority 0; udp dport { 5000, 6000-6099 } counter; }
}
EOF
px nft add table netdev proxy
px nft add chain netdev proxy cl-in '{ type filter hook ingress device px-cl priority 0; }'
px nft add chain netdev proxy sv-in '{ type filter hook ingress device px-sv priority 0; }'
expect_eq "rtpnl nft add rule netdev (client side)" \
	"$(rnft add rule netdev proxy cl-in udp dport 30000-30099 rtpengine id 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "rtpnl nft add rule netdev (server side)" \
	"$(rnft add rule netdev proxy sv-in udp dport 30000-30099 rtpengine id 42 2>&1; echo "rc=$?")" "rc=0"

# --- forwarded past the IP stack --------------------------------------------
rule local=10.93.1.1:30000 expect=10.93.1.2:5000 out=10.93.2.1:30002,10.93.2.2:6000 >/dev/null
rule local=10.93.2.1:30002 expect=10.93.2.2:6000 out=10.93.1.1:30000,10.93.1.2:5000 >/dev/null
flow "IPv4 forwarded from ingress, payload intact, from the output source" ig-cl 10.93.1.2:5000 \
	10.93.1.1:30000 ig-sv 10.93.2.2:6000 100 "received=100 intact=100 from=10.93.2.1:30002"
flow "IPv4 reverse direction (the other device's chain)" ig-sv 10.93.2.2:6000 10.93.2.1:30002 \
	ig-cl 10.93.1.2:5000 40 "received=40 intact=40 from=10.93.1.1:30000"
expect_eq "IPv4 counters exact" "$(stats 10.93.1.1:30000) / $(stats 10.93.2.1:30002)" "100 17200 0 / 40 6880 0"

rule 'local=[fd93:1::1]:30004' 'out=[fd93:2::1]:30006,[fd93:2::2]:6004' >/dev/null
flow "IPv6 forwarded from ingress" ig-cl '[fd93:1::2]:5004' '[fd93:1::1]:30004' \
	ig-sv '[fd93:2::2]:6004' 50 "received=50 intact=50 from=[fd93:2::1]:30006"
expect_eq "IPv6 counters" "$(stats '[fd93:1::1]:30004')" "50 8600 0"

rule local=10.93.1.1:30010 out=10.93.2.1:30012,10.93.2.2:6010 out=10.93.2.1:30014,10.93.2.2:6010 >/dev/null
flow "two outputs: every packet arrives twice" ig-cl 10.93.1.2:5010 10.93.1.1:30010 \
	ig-sv 10.93.2.2:6010 40 "received=40 intact=40 from=10.93.2.1:30012,10.93.2.1:30014" 20
rule local=10.93.1.1:30024 out=10.93.2.1:30026,10.93.2.2:6024 >/dev/null
expect_eq "a GSO batch (UDP_SEGMENT) from ingress: segmented, each forwarded" \
	"$(udp_exchange ig-sv 10.93.2.2:6024 20 ig-cl 10.93.1.2:5024 10.93.1.1:30024 20 --gso 10)" \
	"received=20 intact=20 from=10.93.2.1:30026"
expect_eq "... counted one by one" "$(stats 10.93.1.1:30024)" "20 3440 0"
rule local=10.93.1.1:30016 'out=[fd93:2::1]:30018,[fd93:2::2]:6016' >/dev/null
flow "bridged IPv4 -> IPv6 from ingress" ig-cl 10.93.1.2:5016 10.93.1.1:30016 \
	ig-sv '[fd93:2::2]:6016' 20 "received=20 intact=20 from=[fd93:2::1]:30018"

if [ -x "$SRTP_PEER" ]; then
	K=4a0b1c2d3e4f50617283948596a7b8c9
	S=5a1b2c3d4e5f60718293a4b5c6d7
	rule local=10.93.1.1:30020 rtp=1 out=10.93.2.1:30022,10.93.2.2:6020 "decrypt=aes128_80/$K/$S" >/dev/null
	expect_eq "SRTP decrypted from ingress (libsrtp2 protects)" \
		"$(srtp_exchange ig-sv 10.93.2.2:6020 "--plain --count 20" ig-cl 10.93.1.1:30020 \
			"--from 10.93.1.2:5020 --count 20 --suite aes128_80 --key $K --salt $S" | cut -d' ' -f1-4)" \
		"received=20 ok=20 failed=0 intact=20"
else
	fail "no $SRTP_PEER (make userspace with libsrtp2-dev)"
fi

expect_eq "the proxy's IP hooks saw none of the forwarded packets" "$(hook_counts)" "0"

# --- frames a NIC may deliver ------------------------------------------------
px_mac=$(ip -n ig-px -o link show px-cl | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)
# [FROM=A:P] frame_flow NAME FIRST COUNT SIZE EXPECTED [frame.py OPTION...]:
# frames from the client (as from FROM, default 10.93.1.2:5000) to
# 10.93.1.1:30000, what the server got at 10.93.2.2:6000
frame_flow() {
	local name=$1 first=$2 count=$3 size=$4 want=$5 out=/tmp/frame-flow.$BASHPID rpid line
	shift 5
	: >"$out"	# now: the receiver's own redirection comes after the first poll
	ip netns exec ig-sv $UDP recv 10.93.2.2:6000 "$count" "$(scaled 60)" >"$out" 2>&1 &
	rpid=$!
	wait_until 60 "the receiver at 10.93.2.2:6000" receiver_up
	ip netns exec ig-cl "$PYTHON" "$(dirname "$0")/lib/frame.py" cl0 "$px_mac" \
		"${FROM:-10.93.1.2:5000}" 10.93.1.1:30000 "$first" "$count" "$size" "$@"
	kill -USR1 "$rpid" 2>/dev/null
	wait "$rpid"
	file_has "$out" received= || line="nothing received: $(<"$out")"
	expect_eq "$name" "$line" "$want"
}
frame_flow "padded short frames: forwarded, trimmed to the datagram" 200 5 12 \
	"received=5 intact=5 from=10.93.2.1:30002" --pad 20
frame_flow "a bad IPv4 header checksum: never forwarded" 300 5 172 \
	"received=0 intact=0 from=" --bad-ip-csum
FROM=127.0.0.1:5000 frame_flow "a loopback source from the wire: never forwarded" 400 5 172 \
	"received=0 intact=0 from="
expect_eq "... neither counted by the rule" "$(stats 10.93.1.1:30000)" "105 17260 0"

# --- where the direct path hands over ----------------------------------------
# an output behind a gateway: the frame goes to the gateway's neighbour
# entry (the server answers ARP only for sv0's own address, as a router
# would: a frame sent to the destination's own entry goes nowhere)
ip netns exec ig-sv sysctl -qw net.ipv4.conf.all.arp_ignore=1
ip -n ig-sv addr add 10.93.3.2/32 dev lo
ip -n ig-sv addr add fd93:3::2/128 dev lo
px ip route add 10.93.3.0/24 via 10.93.2.2
px ip -6 route add fd93:3::/64 via fd93:2::2
rule local=10.93.1.1:30030 out=10.93.2.1:30032,10.93.3.2:6030 >/dev/null
flow "IPv4 output behind a gateway (routed via the server)" ig-cl 10.93.1.2:5030 \
	10.93.1.1:30030 ig-sv 10.93.3.2:6030 20 "received=20 intact=20 from=10.93.2.1:30032"
rule 'local=[fd93:1::1]:30034' 'out=[fd93:2::1]:30036,[fd93:3::2]:6034' >/dev/null
flow "IPv6 output behind a gateway" ig-cl '[fd93:1::2]:5034' '[fd93:1::1]:30034' \
	ig-sv '[fd93:3::2]:6034' 20 "received=20 intact=20 from=[fd93:2::1]:30036"
# IPv4 without DF, larger than the output link's MTU: the IP stack's
# output fragments it (the direct path does not), the server reassembles.
# Both ends of the link: a veth drops what exceeds its peer's MTU.
px ip link set px-sv mtu 1280
ip -n ig-sv link set sv0 mtu 1280
frame_flow "IPv4 without DF over the output's MTU: fragmented, arrives whole" 500 3 1400 \
	"received=3 intact=3 from=10.93.2.1:30002" --no-df
px ip link set px-sv mtu 1500
ip -n ig-sv link set sv0 mtu 1500

# --- handed up: to the proxy's socket through the whole stack -----------------
before=$(hook_counts)
flow "no rule for the port: the proxy's socket" ig-cl 10.93.1.2:5000 10.93.1.1:30050 \
	ig-px 10.93.1.1:30050 10 "received=10 intact=10 from=10.93.1.2:5000"
rule local=10.93.1.1:30052 flagsval=128 >/dev/null
flow "a hand-up rule: the proxy's socket" ig-cl 10.93.1.2:5000 10.93.1.1:30052 \
	ig-px 10.93.1.1:30052 10 "received=10 intact=10 from=10.93.1.2:5000"
genl rule RULE_NEW 42 flags=replace local=10.93.1.1:30000 expect=10.93.1.2:5000 \
	mismatch=2 out=10.93.2.1:30002,10.93.2.2:6000 >/dev/null
flow "source mismatch (pass): the proxy's socket" ig-cl 10.93.1.2:5001 10.93.1.1:30000 \
	ig-px 10.93.1.1:30000 10 "received=10 intact=10 from=10.93.1.2:5001"
# each went through prerouting and input once
expect_eq "handed-up packets went through the proxy's IP stack" "$(($(hook_counts) - before))" "60"

# --- an inet chain on the ingress hook; refusals ----------------------------
px nft delete table netdev proxy
px nft add table inet ing
px nft add chain inet ing cl-in '{ type filter hook ingress device px-cl priority 0; }'
expect_eq "rtpnl nft add rule inet (ingress hook)" \
	"$(rnft add rule inet ing cl-in udp dport 30000-30099 rtpengine id 42 2>&1; echo "rc=$?")" "rc=0"
before=$(hook_counts)
flow "IPv4 forwarded from an inet ingress chain" ig-cl 10.93.1.2:5000 10.93.1.1:30000 \
	ig-sv 10.93.2.2:6000 20 "received=20 intact=20 from=10.93.2.1:30002"
expect_eq "... past the IP hooks too" "$(($(hook_counts) - before))" "0"
px nft add table netdev eg
px nft add chain netdev eg sv-out '{ type filter hook egress device px-sv priority 0; }'
expect_match "refused in a netdev egress chain" \
	"$(rnft add rule netdev eg sv-out udp dport 30000-30099 rtpengine id 42 2>&1; echo "rc=$?")" \
	"rc=[1-9]"
expect_eq "... nothing added" "$(px nft list chain netdev eg sv-out | grep -c rtpengine)" "0"
px nft delete table netdev eg

# --- devices going away under a rule ----------------------------------------
ip -n ig-px link del px-sv
ip netns exec ig-cl $UDP send 10.93.1.2:5000 10.93.1.1:30000 10
errors_are() { [ "$(stats 10.93.1.1:30000 | cut -d' ' -f3)" = "$1" ]; }
wait_until 60 "the rule to count 10 errors" errors_are 10
expect_eq "the output's device deleted: its packets counted as errors" "$(stats 10.93.1.1:30000 | cut -d' ' -f3)" "10"
# (the harness fails the run on any kernel warning this leaves behind)
ip -n ig-px link del px-cl
# (6.1 releases a chain whose only device goes, 6.12 keeps it unhooked)
expect_eq "the input's device deleted under its chain: the rtpfwd rule and its counters stay" \
	"$(stats 10.93.1.1:30000 | cut -d' ' -f3)" "10"

genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
topology_down ig
wait_until 30 "rtpfwd's references released" test "$(modrefs)" = 0
finish
