# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034,SC2154 # globals of bench.sh
# The benchmark's second topology, sourced by tests/bench/bench.sh: a media
# proxy's host between two peers, three namespaces joined by veth pairs:
#
#   caller 192.0.2.1/24 (cin) = (pin) 192.0.2.2/24  proxy
#   proxy 198.51.100.2/24 (pout) = (cout) 198.51.100.1/24 callee
#
# the caller's default route via 192.0.2.2, the callee's via 198.51.100.2.
# rtpload sends from the caller (192.0.2.1:5000, vCPU 0) and receives in the
# callee (198.51.100.1:6000, vCPU 1); the forwarder under test runs in the
# proxy's namespace: rtpfwd's rule and rtpengine 10.5's target take
# 192.0.2.2:30000 to 198.51.100.1:6000 from 198.51.100.2:30002. The routed
# cases (ip-forward, flowtable) send to 198.51.100.1:6000 and the proxy
# routes. Every case gets fresh namespaces (veth_up, veth_down).
#
# A case named "veth-X" runs the loopback case X's functions in this
# topology unless it has functions of its own (below); "veth-X-fw" is it
# behind a stateful host firewall in the proxy's namespace (fw_up).

VETH_CASES="veth-ip-forward,veth-flowtable,veth-rtpfwd-xt-input,veth-rtpfwd-nft-prerouting"
VETH_CASES+=",veth-rtpfwd-ingress,veth-rtpengine-10.5,veth-rtprelay"
VETH_CASES+=",${VETH_CASES//,/-fw,}-fw"
# the cost by stage of the ingress path, on top of the proxy's routing
VETH_CASES+=",veth-stage-ingress-accept,veth-stage-ingress-miss"
VETH_NSS="caller proxy callee"

topology_veth() {
	topology veth proxy caller callee 192.0.2.2:30000 198.51.100.2:30002 198.51.100.1:6000 192.0.2.1:5000
}

# veth_up: the namespaces, links, addresses, routes and neighbours (fixed:
# the first packets of a run would otherwise wait for ARP; the VM has no
# ping, and a wrong link shows as the case's loss)
veth_up() {
	local n
	for n in $VETH_NSS; do
		ip netns add $n && ip -n $n link set lo up || { SKIP_WHY="ip netns add $n failed"; veth_down; return 1; }
	done
	if ! { ip -n caller link add cin type veth peer name pin netns proxy &&
		ip -n callee link add cout type veth peer name pout netns proxy &&
		ip -n caller addr add 192.0.2.1/24 dev cin && ip -n caller link set cin up &&
		ip -n proxy addr add 192.0.2.2/24 dev pin && ip -n proxy link set pin up &&
		ip -n proxy addr add 198.51.100.2/24 dev pout && ip -n proxy link set pout up &&
		ip -n callee addr add 198.51.100.1/24 dev cout && ip -n callee link set cout up &&
		ip -n caller route add default via 192.0.2.2 &&
		ip -n callee route add default via 198.51.100.2; }; then
		SKIP_WHY="the veth topology could not be made"
		veth_down
		return 1
	fi
	if ! { veth_neigh caller cin 192.0.2.2 proxy pin && veth_neigh proxy pin 192.0.2.1 caller cin &&
		veth_neigh proxy pout 198.51.100.1 callee cout && veth_neigh callee cout 198.51.100.2 proxy pout; }; then
		SKIP_WHY="the veth neighbours could not be set"
		veth_down
		return 1
	fi
}
# veth_neigh NS DEV ADDRESS PEER-NS PEER-DEV: NS reaches ADDRESS on DEV at
# PEER-DEV's MAC address
veth_neigh() {
	local mac
	mac=$(ip -n "$4" -o link show dev "$5" | sed -n 's|.*link/ether \([0-9a-f:]*\).*|\1|p')
	[ -n "$mac" ] && ip -n "$1" neigh replace "$3" lladdr "$mac" dev "$2" nud permanent
}
veth_down() {
	local n
	for n in $VETH_NSS; do
		[ ! -e /run/netns/$n ] || ip netns del $n
	done
}

# The proxy as a plain router: the caller sends to the callee
up_veth-ip-forward() { b sysctl -qw net.ipv4.ip_forward=1; }
dst_veth-ip-forward() { echo $RECEIVER; }
down_veth-ip-forward() { b sysctl -qw net.ipv4.ip_forward=0; }

# The router with an nftables flowtable: after the flow's first packets
# (conntrack confirms it, the forward chain adds it), the proxy's ingress
# hook of pin transmits its packets on pout, past routing and forward. The
# forward chain's counter says how many packets took the long way.
up_veth-flowtable() {
	up_veth-ip-forward
	if ! b nft -f - 2>/tmp/bench-nft <<-EOF; then
		table inet ft {
			flowtable f { hook ingress priority 0; devices = { pin, pout }; }
			chain forward {
				type filter hook forward priority 0;
				meta l4proto udp counter flow add @f
			}
		}
	EOF
		SKIP_WHY="nft flowtable: $(head -n 1 /tmp/bench-nft)"
		down_veth-ip-forward
		return 1
	fi
}
dst_veth-flowtable() { echo $RECEIVER; }
down_veth-flowtable() {
	record "flowtable case=$CASE rep=$rep" \
		"forward_chain_packets=$(b nft list chain inet ft forward | sed -n 's/.*counter packets \([0-9]*\).*/\1/p')" \
		"offloaded_flows=$(b grep -c OFFLOAD /proc/net/nf_conntrack)"
	b nft delete table inet ft
	down_veth-ip-forward
}

# rtpfwd's expression in a netdev chain on pin's ingress hook: ahead of
# routing, conntrack and the IP stack's hooks
up_veth-rtpfwd-ingress() { NFT_FAMILY=netdev NFT_DEVICE=pin NFT_CHAIN=pin-in nft_up ingress 0; }
down_veth-rtpfwd-ingress() { NFT_FAMILY=netdev nft_down; }

# Its stages: the routed traffic (the caller sends to the callee) through a
# netdev chain on pin's ingress hook with one rule that matches it and
# accepts, then with that rule calling rtpengine (parse, table and rule
# lookup) for a table whose one rule is for 192.0.2.2:30000: no rule, the
# packet goes on to be routed. With veth-ip-forward before and
# veth-rtpfwd-ingress after, what each part of the ingress path costs.
up_veth-stage-ingress-accept() {
	up_veth-ip-forward
	b nft add table netdev rtpbench &&
		b nft add chain netdev rtpbench pin-in "{ type filter hook ingress device pin priority 0; }" &&
		b nft add rule netdev rtpbench pin-in udp dport 6000 accept && return 0
	SKIP_WHY="netdev chain on pin refused"
	down_veth-stage-ingress-accept
	return 1
}
dst_veth-stage-ingress-accept() { echo $RECEIVER; }
down_veth-stage-ingress-accept() { b nft delete table netdev rtpbench 2>/dev/null; down_veth-ip-forward; }
up_veth-stage-ingress-miss() {
	up_veth-ip-forward
	PORTS_NFT=6000 NFT_FAMILY=netdev NFT_DEVICE=pin NFT_CHAIN=pin-in nft_up ingress 0 && return 0
	down_veth-ip-forward
	return 1
}
dst_veth-stage-ingress-miss() { echo $RECEIVER; }
down_veth-stage-ingress-miss() { NFT_FAMILY=netdev nft_down; down_veth-ip-forward; }

# fw_up: a SIP host's stateful firewall in the forwarder's namespace,
# iptables (iptables-nft) with conntrack: loopback, established and related
# traffic, SSH, SIP over UDP, TCP and TLS, the media port range, some ICMP,
# administration from the management network only (203.0.113.0/24), the
# rest dropped; routed: the established and new UDP flows between the two
# links. The cases' own INPUT rules go in front of it (iptables -I), as
# rtpengine's are.
fw_up() {
	b iptables-restore <<-EOF 2>/tmp/bench-fw || { SKIP_WHY="iptables-restore: $(head -n 1 /tmp/bench-fw)"; fw_down; return 1; }
		*filter
		:INPUT DROP [0:0]
		:FORWARD DROP [0:0]
		:OUTPUT ACCEPT [0:0]
		-A INPUT -i lo -j ACCEPT
		-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
		-A INPUT -m conntrack --ctstate INVALID -j DROP
		-A INPUT -p icmp --icmp-type echo-request -m limit --limit 10/second -j ACCEPT
		-A INPUT -p icmp --icmp-type destination-unreachable -j ACCEPT
		-A INPUT -p icmp --icmp-type time-exceeded -j ACCEPT
		-A INPUT -p icmp --icmp-type parameter-problem -j ACCEPT
		-A INPUT -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT
		-A INPUT -p udp --dport 5060 -j ACCEPT
		-A INPUT -p tcp --dport 5060 -m conntrack --ctstate NEW -j ACCEPT
		-A INPUT -p tcp --dport 5061 -m conntrack --ctstate NEW -j ACCEPT
		-A INPUT -s 203.0.113.0/24 -p tcp --dport 8080 -j ACCEPT
		-A INPUT -s 203.0.113.0/24 -p tcp --dport 9100 -j ACCEPT
		-A INPUT -s 203.0.113.10/32 -p udp --dport 161 -j ACCEPT
		-A INPUT -s 203.0.113.10/32 -p udp --dport 22222 -j ACCEPT
		-A INPUT -s 203.0.113.10/32 -p tcp --dport 9900 -j ACCEPT
		-A INPUT -p udp --dport 30000:40000 -j ACCEPT
		-A INPUT -p tcp -j REJECT --reject-with tcp-reset
		-A INPUT -j DROP
		-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
		-A FORWARD -m conntrack --ctstate INVALID -j DROP
		-A FORWARD -i pin -o pout -p udp -m conntrack --ctstate NEW -j ACCEPT
		-A FORWARD -i pout -o pin -p udp -m conntrack --ctstate NEW -j ACCEPT
		-A FORWARD -p icmp -j ACCEPT
		COMMIT
	EOF
}
fw_down() {
	b iptables -P INPUT ACCEPT
	b iptables -P FORWARD ACCEPT
	b iptables -F
}
