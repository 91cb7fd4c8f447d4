# SPDX-License-Identifier: GPL-2.0-only
# The forwarding tests' network (sourced, bash): three namespaces over veth
#
#   NAME-cl  cl0 10.N.1.2 fd<N>:1::2  --  px-cl 10.N.1.1 fd<N>:1::1  NAME-px
#   NAME-sv  sv0 10.N.2.2 fd<N>:2::2  --  px-sv 10.N.2.1 fd<N>:2::1  NAME-px
#
# client and server route through the proxy. Everything lives inside the
# test VM; nothing leaves it.

# topology_up NAME N
topology_up() {
	local name=$1 n=$2 ns dev
	ip netns add "$name-cl"
	ip netns add "$name-px"
	ip netns add "$name-sv"
	ip link add cl0 netns "$name-cl" type veth peer name px-cl netns "$name-px"
	ip link add sv0 netns "$name-sv" type veth peer name px-sv netns "$name-px"
	ip -n "$name-cl" addr add "10.$n.1.2/24" dev cl0
	ip -n "$name-cl" addr add "fd$n:1::2/64" dev cl0 nodad
	ip -n "$name-px" addr add "10.$n.1.1/24" dev px-cl
	ip -n "$name-px" addr add "fd$n:1::1/64" dev px-cl nodad
	ip -n "$name-px" addr add "10.$n.2.1/24" dev px-sv
	ip -n "$name-px" addr add "fd$n:2::1/64" dev px-sv nodad
	ip -n "$name-sv" addr add "10.$n.2.2/24" dev sv0
	ip -n "$name-sv" addr add "fd$n:2::2/64" dev sv0 nodad
	for ns in "$name-cl" "$name-px" "$name-sv"; do
		ip -n "$ns" link set lo up
		for dev in $(ip -n "$ns" -o link show type veth | awk -F'[ :@]+' '{print $2}'); do
			ip -n "$ns" link set "$dev" up
		done
	done
	ip -n "$name-cl" route add default via "10.$n.1.1"
	ip -n "$name-cl" -6 route add default via "fd$n:1::1"
	ip -n "$name-sv" route add default via "10.$n.2.1"
	ip -n "$name-sv" -6 route add default via "fd$n:2::1"
}

# topology_down NAME
topology_down() {
	ip netns del "$1-cl"
	ip netns del "$1-px"
	ip netns del "$1-sv"
}

# udp_flow SENDER-NS SRC DST RECEIVER-NS BIND COUNT [SENT]: sends SENT
# (default COUNT) 172-byte datagrams from SRC to DST, waits for COUNT at
# BIND and prints what arrived: "received=N intact=N from=ADDR,...".
# Generous waits: they end as soon as the receiver is ready or has all, and
# on a loaded host the sender's Python may start many seconds after the
# receiver's (the receive window opens when the receiver is ready).
udp_flow() {
	local sns=$1 src=$2 dst=$3 rns=$4 bind=$5 count=$6 sent=${7:-$6}
	udp_exchange "$rns" "$bind" "$count" "$sns" "$src" "$dst" "$sent"
}

# srtp_exchange RECV-NS BIND "RECV-OPTIONS" SEND-NS DST "SEND-OPTIONS": an
# srtp_peer receiver, then a sender; prints the receiver's summary line.
# The receiver waits for the sender however slow its start (SIGUSR1 says
# it is done), then --timeout seconds (default 5) for stragglers.
# Only shell builtins between and around the two tools (no mktemp, grep or
# rm): a process start costs ~0.1 s under emulation, and competes with the
# starting srtp_peer for the vCPUs. $out is this shell's own file
# ($BASHPID), overwritten by the next exchange, as udp_exchange's.
srtp_exchange() {
	local rns=$1 bind=$2 ropts=$3 sns=$4 dst=$5 sopts=$6 out rpid line all
	out=/tmp/srtp-exchange.$BASHPID
	: >"$out"
	# shellcheck disable=SC2086 # the options are words
	ip netns exec "$rns" "$SRTP_PEER" recv "$bind" $ropts >"$out" 2>&1 &
	rpid=$!
	wait_until 60 "srtp_peer at $bind" receiver_up
	# shellcheck disable=SC2086
	ip netns exec "$sns" "$SRTP_PEER" send "$dst" $sopts >/dev/null
	kill -USR1 "$rpid" 2>/dev/null	# from now on, it waits --timeout at most
	wait "$rpid"
	if file_has "$out" received=; then
		echo "$line"
	else
		mapfile -t all <"$out"
		echo "receiver: ${all[*]}"
	fi
}

# srtp_20 NAME BIND "RECV-OPTIONS" DST "SEND-OPTIONS": 20 RTP packets from
# NAME-cl to DST; what NAME-sv got at BIND: "received=N ok=N failed=N intact=N"
srtp_20() {
	srtp_exchange "$1-sv" "$2" "--count 20 $3" "$1-cl" "$4" "--count 20 $5" | cut -d' ' -f1-4
}

# proxy_table_up NAME / proxy_table_down NAME: NAME-px's table 42 (its genl
# server: genl_serve) fed by `ip(6)tables -j RTPENGINE --id 42` in INPUT
proxy_table_up() {
	genl_serve "$1-px"
	genl req TABLE_NEW table_id=42 >/dev/null
	ip netns exec "$1-px" iptables -I INPUT -p udp -j RTPENGINE --id 42
	ip netns exec "$1-px" ip6tables -I INPUT -p udp -j RTPENGINE --id 42
}
proxy_table_down() {
	ip netns exec "$1-px" iptables -D INPUT -p udp -j RTPENGINE --id 42
	ip netns exec "$1-px" ip6tables -D INPUT -p udp -j RTPENGINE --id 42
	genl req TABLE_DEL table_id=42 >/dev/null
	genl_stop
}
