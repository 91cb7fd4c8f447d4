# SPDX-License-Identifier: GPL-2.0-only
# The forwarding tests' network (sourced, bash): three namespaces over veth
#
#   NAME-cl  cl0 10.N.1.2 fd<N>:1::2  --  px-cl 10.N.1.1 fd<N>:1::1  NAME-px
#   NAME-sv  sv0 10.N.2.2 fd<N>:2::2  --  px-sv 10.N.2.1 fd<N>:2::1  NAME-px
#
# client and server route through the proxy. Everything lives inside the
# test VM; nothing leaves it.

# topology_up NAME N: one `ip -batch` per namespace (an ip start costs
# ~0.1 s under emulation: 20 of them were 3.4 s of every topology)
topology_up() {
	local name=$1 n=$2
	ip -batch - <<-EOF
		netns add $name-cl
		netns add $name-px
		netns add $name-sv
		link add cl0 netns $name-cl type veth peer name px-cl netns $name-px
		link add sv0 netns $name-sv type veth peer name px-sv netns $name-px
	EOF
	topology_end "$name-cl" cl0 "10.$n.1.2" "fd$n:1::2" "10.$n.1.1" "fd$n:1::1"
	ip -n "$name-px" -batch - <<-EOF
		addr add 10.$n.1.1/24 dev px-cl
		addr add fd$n:1::1/64 dev px-cl nodad
		addr add 10.$n.2.1/24 dev px-sv
		addr add fd$n:2::1/64 dev px-sv nodad
		link set lo up
		link set px-cl up
		link set px-sv up
	EOF
	topology_end "$name-sv" sv0 "10.$n.2.2" "fd$n:2::2" "10.$n.2.1" "fd$n:2::1"
}

# topology_end NS DEV IPV4 IPV6 GATEWAY4 GATEWAY6: an end's addresses,
# links and default routes
topology_end() {
	ip -n "$1" -batch - <<-EOF
		addr add $3/24 dev $2
		addr add $4/64 dev $2 nodad
		link set lo up
		link set $2 up
		route add default via $5
		route add ::/0 via $6
	EOF
}

# topology_down NAME
topology_down() {
	srtp_serve_stop "$1-cl" "$1-px" "$1-sv"
	ip -batch - <<-EOF
		netns del $1-cl
		netns del $1-px
		netns del $1-sv
	EOF
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

# srtp_serve KEY NS: an srtp_peer server (srtp_peer serve) in NS, known as
# KEY, unless KEY's runs: libsrtp's init is then paid once per server, not
# once per peer (Debian's initializes NSS with its self-tests: ~0.4 s of
# every start under emulation, ~150 starts a kernel). A server holds its
# namespace: topology_down stops those of the topology's namespaces.
# Disowned, as genl_serve's, so a script's bare `wait` does not wait for it.
declare -A SRTP_TO=() SRTP_FROM=() SRTP_PID=()
# The FIFOs live in one directory per script (a process start each for
# mktemp and rm would cost as much as the server's).
srtp_serve() {
	local key=$1 ns=$2 f to from
	[ -z "${SRTP_TO[$key]:-}" ] || return 0
	[ -n "${SRTP_DIR:-}" ] || SRTP_DIR=$(mktemp -d)
	SRTP_N=$((${SRTP_N:-0} + 1))
	f=$SRTP_DIR/$SRTP_N
	mkfifo "$f.to" "$f.from"
	ip netns exec "$ns" "$SRTP_PEER" serve <"$f.to" >"$f.from" 2>&1 &
	SRTP_PID[$key]=$!
	disown "$!"
	exec {to}>"$f.to" {from}<"$f.from"
	SRTP_TO[$key]=$to SRTP_FROM[$key]=$from
}

# srtp_serve_up NAME: the servers srtp_exchange uses in the topology NAME
# (receivers in NAME-sv and NAME-px, senders in NAME-cl), started by the
# script's own shell: one started inside a $(srtp_exchange ...) would be
# forgotten with its subshell.
srtp_serve_up() {
	srtp_serve "$1-sv/rx" "$1-sv"
	srtp_serve "$1-px/rx" "$1-px"
	srtp_serve "$1-cl/tx" "$1-cl"
}

# srtp_serve_stop NS...: ends the servers in the namespaces NS (an explicit
# "quit": background jobs started since hold copies of their stdin)
srtp_serve_stop() {
	local ns key
	for ns; do
		for key in "${!SRTP_TO[@]}"; do
			[ "${key%/*}" = "$ns" ] || continue
			srtp_server_gone "$key" || echo quit >&"${SRTP_TO[$key]}"
			srtp_forget "$key"
			wait_until 60 "srtp_peer server $key to end" srtp_server_gone "$key"
		done
	done
}
srtp_server_gone() { ! kill -0 "${SRTP_PID[$1]}" 2>/dev/null; }
srtp_forget() {
	local to=${SRTP_TO[$1]} from=${SRTP_FROM[$1]}
	exec {to}>&- {from}<&-
	unset "SRTP_TO[$1]" "SRTP_FROM[$1]"
}

# srtp_ask KEY [LINE]: sends LINE (if any) to KEY's server, and reads its
# answer into SRTP_LINES up to its "--- srtp done" (with LINE "recv ...":
# up to its "ready"), that line left out. Returns 1 (the last line says
# why) if the server ended or did not answer within 120 s (scaled); such a server is killed
# (the exchanges after it on the same server fail: the script has failed).
srtp_ask() {
	local key=$1 end="--- srtp done" line left
	if [[ ${2:-} == recv* ]]; then end=ready; fi
	SRTP_LINES=()
	if ! srtp_server_gone "$key"; then
		[ -z "${2:-}" ] || echo "$2" >&"${SRTP_TO[$key]}"
		left=$(scaled 120)
		while IFS= read -r -t "$left" -u "${SRTP_FROM[$key]}" line; do
			[ "$line" != "$end" ] || return 0
			SRTP_LINES+=("$line")
		done
	fi
	if srtp_server_gone "$key"; then
		SRTP_LINES+=("srtp_peer $key: the server ended")
	else
		SRTP_LINES+=("srtp_peer $key: no answer in time")
		kill "${SRTP_PID[$key]}" 2>/dev/null
	fi
	srtp_forget "$key"
	return 1
}

# srtp_exchange RECV-NS BIND "RECV-OPTIONS" SEND-NS DST "SEND-OPTIONS": an
# srtp_peer receiver, then a sender (commands of srtp_serve_up's servers);
# prints the receiver's summary line. The receiver waits for the
# sender however slow its start ("done" says it is), then --timeout seconds
# (default 5) for stragglers.
srtp_exchange() {
	local rns=$1 bind=$2 ropts=$3 sns=$4 dst=$5 sopts=$6 line key
	local rx=$rns/rx${SRTP_SLOT:-} tx=$sns/tx${SRTP_SLOT:-}
	for key in "$rx" "$tx"; do
		[ -z "${SRTP_TO[$key]:-}" ] || continue
		echo "receiver: no srtp_peer server $key (srtp_serve_up after topology_up)"
		return
	done
	if ! srtp_ask "$rx" "recv $bind $ropts"; then
		echo "receiver: ${SRTP_LINES[*]}"
		return
	fi
	srtp_ask "$tx" "send $dst $sopts" || echo "sender: ${SRTP_LINES[*]}" >&2
	srtp_server_gone "$rx" || echo 'done' >&"${SRTP_TO[$rx]}"
	srtp_ask "$rx"
	for line in "${SRTP_LINES[@]}"; do
		[[ $line == received=* ]] && { echo "$line"; return; }
	done
	echo "receiver: ${SRTP_LINES[*]}"
}

# srtp_exchange_bg OUT RECV-NS ... (srtp_exchange's arguments): that
# exchange in the background, its line in OUT, on servers of its own: the
# Nth since srtp_wait gets slot N's (started here, in the script's shell,
# the first time). srtp_wait waits for them all (and any other job).
srtp_exchange_bg() {
	local out=$1
	shift
	SRTP_BG=$((${SRTP_BG:-0} + 1))
	srtp_serve "$1/rx$SRTP_BG" "$1"
	srtp_serve "$4/tx$SRTP_BG" "$4"
	SRTP_SLOT=$SRTP_BG srtp_exchange "$@" >"$out" &
}
srtp_wait() {
	wait
	SRTP_BG=0
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
