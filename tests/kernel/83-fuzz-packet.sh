#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# Packet fuzzing (tests/fuzz/packet_fuzz.py): frames built byte by byte in a
# client namespace (RTP/RTCP/STUN/DTLS, bad lengths and checksums, IPv4
# options and fragments, IPv6 extension headers and fragments) into rules
# with every flag combination and mismatch policy in a proxy namespace; each
# datagram's fate, every forwarded frame and every counter checked against a
# reference. Short run: 5,000 datagrams; RTPFWD_FUZZ=long: 100,000.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"
. "$(dirname "$0")/lib/fuzz.sh"
NAME=fzp N=83 TABLE=9
topology_up $NAME $N
px() { ip netns exec $NAME-px "$@"; }
px sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.px-cl.rp_filter=0
mac() { ip -n "$1" -o link show "$2" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2; }
SV_MAC=$(mac $NAME-sv sv0)
# no neighbour discovery in the way of forwarded packets
px ip neigh replace 10.$N.2.2 lladdr "$SV_MAC" dev px-sv nud permanent
px ip -6 neigh replace fd$N:2::2 lladdr "$SV_MAC" dev px-sv nud permanent
px $GENL req TABLE_NEW table_id=$TABLE >/dev/null
px iptables -I INPUT -p udp -j RTPENGINE --id $TABLE
px ip6tables -I INPUT -p udp -j RTPENGINE --id $TABLE
echo "MEASURE: setup $SECONDS s"
fuzz_run "packet fuzzing: fates, forwarded frames and counters as the reference says" \
	env CL_MAC="$(mac $NAME-cl cl0)" PX_MAC="$(mac $NAME-px px-cl)" TABLE=$TABLE \
	$PYTHON "$FUZZ/packet_fuzz.py" $NAME $N
expect_eq "table deleted" "$(px $GENL req TABLE_DEL table_id=$TABLE | head -1)" "errno=0 msg="
topology_down $NAME
echo "MEASURE: fuzzing and teardown done at $SECONDS s"
fuzz_unload
finish
