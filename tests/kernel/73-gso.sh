#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# GSO batches: a sender using UDP_SEGMENT hands the kernel ten datagrams in
# one sendmsg, and veth carries them to the proxy as one GSO packet. Every
# datagram in it is checked and counted: ten datagrams at the server, the
# rule counts 10 packets and 1,720 bytes (before: 1 packet, 1,720 bytes),
# also through an IPv4 -> IPv6 bridge. A batch with one datagram the rule
# must hand up (a STUN request on a STUN-aware rule) goes up whole: the
# proxy's socket gets all ten, nothing is forwarded.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"
topology_up gs 73
genl_serve gs-px
px() { ip netns exec gs-px "$@"; }
genl req TABLE_NEW table_id=42 >/dev/null
px iptables -I INPUT -p udp -j RTPENGINE --id 42
px ip6tables -I INPUT -p udp -j RTPENGINE --id 42
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
stats() { genl rule RULE_GET 42 "local=$1" | sed -n 's/.* stats //p'; }

expect_eq "rule IPv4" "$(rule local=10.73.1.1:30000 out=10.73.2.1:30002,10.73.2.2:6000,0)" "errno=0 msg="
expect_eq "IPv4: one UDP_SEGMENT batch of ten, ten datagrams at the server" \
	"$(udp_exchange gs-sv 10.73.2.2:6000 10 gs-cl 10.73.1.2:5000 10.73.1.1:30000 10 --gso 10)" \
	"received=10 intact=10 from=10.73.2.1:30002"
expect_eq "IPv4: counted as ten packets" "$(stats 10.73.1.1:30000)" "10 1720 0"

expect_eq "rule IPv4 -> IPv6" "$(rule local=10.73.1.1:30010 'out=[fd73:2::1]:30012,[fd73:2::2]:6010,0')" \
	"errno=0 msg="
expect_eq "IPv4 -> IPv6: ten datagrams at the server" \
	"$(udp_exchange gs-sv '[fd73:2::2]:6010' 10 gs-cl 10.73.1.2:5010 10.73.1.1:30010 10 --gso 10)" \
	"received=10 intact=10 from=[fd73:2::1]:30012"
expect_eq "IPv4 -> IPv6: counted as ten packets" "$(stats 10.73.1.1:30010)" "10 1720 0"

expect_eq "rule IPv6" "$(rule 'local=[fd73:1::1]:30020' 'out=[fd73:2::1]:30022,[fd73:2::2]:6020,0')" \
	"errno=0 msg="
expect_eq "IPv6: ten datagrams at the server" \
	"$(udp_exchange gs-sv '[fd73:2::2]:6020' 10 gs-cl '[fd73:1::2]:5020' '[fd73:1::1]:30020' 10 --gso 10)" \
	"received=10 intact=10 from=[fd73:2::1]:30022"
expect_eq "IPv6: counted as ten packets" "$(stats '[fd73:1::1]:30020')" "10 1720 0"

# 172-byte STUN requests are STUN to a STUN-aware rule: the batch goes up.
expect_eq "rule with STUN hand-up" "$(rule local=10.73.1.1:30030 flagsval=2 \
	out=10.73.2.1:30032,10.73.2.2:6030,0)" "errno=0 msg="
expect_eq "a batch with STUN: all ten reach the proxy's socket" \
	"$(udp_exchange gs-px 10.73.1.1:30030 10 gs-cl 10.73.1.2:5030 10.73.1.1:30030 10 --gso 10 --kind stun)" \
	"received=10 intact=0 from=10.73.1.2:5030"
expect_eq "a batch handed up: nothing forwarded or counted" "$(stats 10.73.1.1:30030)" "0 0 0"
genl_stop
topology_down gs
finish
