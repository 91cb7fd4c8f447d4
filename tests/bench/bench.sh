#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The benchmark, run inside the test VM as root (tests/bench/run.sh boots it
# with 2 vCPUs). Every case relays the same traffic on the loopback device
# of one network namespace made here: rtpload sends 172-byte RTP from
# 127.0.0.1:5000 to 127.0.0.1:30000, the forwarder under test relays it to
# the receiver at 127.0.0.1:6000 from 127.0.0.1:30002 ("direct" sends
# straight to 127.0.0.1:6000). Per case and repetition: delivered packets/s
# with the sender flat out (sender on vCPU 0, receiver on vCPU 1), then CPU
# busy per delivered packet (wall clock x vCPUs - idle from /proc/stat, so
# softirq included; see cpu_sample) and loss at a fixed 3,000 packets/s.
#
# The cases run in rounds (every case once per round, REPS rounds) so that
# a change in the host's load hits every case alike. rtpengine 10.5's
# module cannot be loaded next to ours (both register /proc/rtpengine and
# the RTPENGINE target): its case loads it and unloads it, ours unload
# rtpfwd and its front-ends when they are done.
#
# SRTP (AES_CM_128_HMAC_SHA1_80 in the "-srtp" cases, AEAD_AES_128_GCM in
# the "-gcm" ones, one master key for every case): "-decrypt" cases get SRTP
# that rtpload protects with libsrtp2 as it sends and forward plain RTP;
# "-encrypt" cases get plain RTP and forward SRTP, which the receiver
# unprotects with libsrtp2 (a packet it rejects is lost). Both forwarders
# parse RTP there and know payload type 0 (rtpengine 10.5 does SRTP only
# so). "direct-srtp" and "direct-gcm" are the direct path with a sender that
# protects: the part of an SRTP case's cost that is libsrtp2's in user
# space, not the forwarder's. A "-gcm" case is its "-srtp" twin (the same
# functions) with the other suite: see case_impl.
#
# Then: rule-count scaling (one flow, and SCALE_FLOWS flows to as many
# rules), the control plane (rules/s, kernel memory per rule) and a
# restart's restore of RESTORE_RULES rules under traffic. No perf
# profile: under TCG, perf's cpu-clock samples of vCPU 0 land in the idle
# loop (99 %: native_safe_halt) even while the sender keeps it busy; the
# "stage-*" cases measure the cost by stage instead. Raw key=value lines go
# to $BENCH_RAW; tests/bench/report.py makes the table, plot and ratios.
#
# The "veth-" cases relay the same traffic across a second topology, three
# namespaces joined by veth pairs (caller, proxy, callee: tests/bench/veth.sh),
# with the loopback cases' functions where they exist; a "-fw" suffix runs a
# case behind a stateful host firewall in the forwarder's namespace.
. "$(dirname "$0")/../kernel/lib/common.sh"
. "$(dirname "$0")/veth.sh"

RAW=${BENCH_RAW:-$RESULTS/bench-raw.txt}
REPS=${BENCH_REPS:-5}
SAT_SECONDS=${BENCH_SAT_SECONDS:-3}
RATE=${BENCH_RATE:-3000}
RATE_SECONDS=${BENCH_RATE_SECONDS:-10}
# At the fixed rate the sender wakes up when BURST packets are due and sends
# them in one sendmmsg (every 10 ms by default, as a NIC's interrupt
# coalescing would hand them over): under TCG the emulated wake-ups are
# dear, packet by packet the direct path measured ~160 µs of guest CPU per
# packet at 3,000 pps, in bursts of 30 ~100 µs (~10 µs at saturation).
BURST=${BENCH_BURST:-30}
SCALE_COUNTS=${BENCH_SCALE_COUNTS:-1,1000,100000,1000000}
SCALE_COUNTS=${SCALE_COUNTS//,/ }
RE105_SCALE_COUNTS=${BENCH_RE105_SCALE_COUNTS:-1,1000,100000}
RE105_SCALE_COUNTS=${RE105_SCALE_COUNTS//,/ }
SCALE_FLOWS=${BENCH_SCALE_FLOWS:-64}
CONTROL_RULES=${BENCH_CONTROL_RULES:-2000}
CONTROL_BATCH_RULES=${BENCH_CONTROL_BATCH_RULES:-100000}
CONTROL_SINGLES=${BENCH_CONTROL_SINGLES:-1000}
RESTORE_RULES=${BENCH_RESTORE_RULES:-1000000}
RESTORE_RATE=${BENCH_RESTORE_RATE:-1000}
CASES=${BENCH_CASES:-direct,stage-nft-accept,stage-nft-miss,stage-xt-miss,rtpfwd-xt-input,rtpfwd-xt-input-rtp,rtpfwd-xt-raw-prerouting,rtpfwd-nft-input,rtpfwd-nft-prerouting,rtpengine-10.5,rtprelay,rtpengine-daemon,direct-srtp,rtpfwd-srtp-decrypt,rtpfwd-srtp-encrypt,rtpengine-10.5-srtp-decrypt,rtpengine-10.5-srtp-encrypt,direct-gcm,rtpfwd-gcm-decrypt,rtpfwd-gcm-encrypt,rtpengine-10.5-gcm-decrypt,rtpengine-10.5-gcm-encrypt,rtpengine-daemon-srtp-decrypt,rtpengine-daemon-srtp-encrypt,rtpengine-daemon-gcm-decrypt,rtpengine-daemon-gcm-encrypt,bare-forwarder,bare-forwarder-prerouting,rtpfwd-nft-input-rtp,stage-nft-hit,stage-xt-hit,$VETH_CASES}
CASES=${CASES//,/ }
TOOLS=$REPO/build/userspace/userspace/tools
RTPLOAD=$TOOLS/rtpload
RTPRELAY=$TOOLS/rtprelay
NG="$PYTHON $REPO/tests/kernel/lib/ng.py 127.0.0.1:22222"
TABLE=42
# topology NAME NS SEND_NS RECV_NS LOCAL OUT_SRC RECEIVER SENDER: the
# namespaces and addresses of the cases that follow: NS, the forwarder's,
# where b() runs; SEND_NS and RECV_NS, rtpload's sender's and receiver's
# (bs(), br()); the forwarders take LOCAL to RECEIVER from OUT_SRC
topology() { read -r TOPOLOGY NS SEND_NS RECV_NS LOCAL OUT_SRC RECEIVER SENDER <<<"$*"; }
# the loopback cases' (the veth cases': topology_veth)
topology_loopback() {
	topology loopback bench bench bench 127.0.0.1:30000 127.0.0.1:30002 127.0.0.1:6000 127.0.0.1:5000
}
topology_loopback
TICK_US=$((1000000 / $(getconf CLK_TCK)))
# SRTP: the master key and salt (hex) of every case; a suite with a 12-byte
# salt (AEAD_AES_128_GCM) takes the salt's first 12 bytes
SRTP_KEY=e1f97a0d3e018be0d64fa32c06de4139
SRTP_MASTER_SALT=0ec675ad498afeebb6960b3aabe6
# the suites, by the word in the case names: the forwarders' name, SDP's
# name, salt bytes
declare -A SRTP_SUITES=([srtp]="aes128_80 AES_CM_128_HMAC_SHA1_80 14" [gcm]="gcm128 AEAD_AES_128_GCM 12")
# the SSRCs of the saturation run (rtpload's default) and the fixed-rate run
SRTP_SSRCS="5eed0000 5eed1000"
# The case's suite (set by case_impl): its name and salt (hex) for the
# forwarders, SDP's name, and key and salt as SDP's inline: form (base64)
# for rtpload
SRTP_SUITE=
SRTP_SDP=
SRTP_SALT=
SRTP_INLINE=
# rtpload's options of the case being measured (set by traffic_CASE): the
# sender's, and the fixed-rate run's sender's and receiver's
SEND_OPTS=
RATE_SEND_OPTS=
RATE_RECV_OPTS=
PORTS_XT=30000:40000	# the forwarders see only the media port range
PORTS_NFT=30000-40000

b() { ip netns exec $NS "$@"; }
bs() { ip netns exec "$SEND_NS" "$@"; }
br() { ip netns exec "$RECV_NS" "$@"; }
record() { echo "$*" >>"$RAW"; echo "BENCH: $*"; }
note() { record "note $*"; }
value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# CPU time: wall clock (/proc/uptime, s) and idle + iowait of all vCPUs
# (/proc/stat, USER_HZ ticks). Busy = wall x vCPUs - idle: the kernel
# measures idle periods exactly (nohz idle accounting), while user, system
# and softirq in /proc/stat are sampled at the tick, and under TCG the
# sender's timer wake-ups are correlated with the tick: the sampled busy
# time of a 3,000 pps run moved between 13 and 176 µs per packet from one
# repetition to the next on an idle host. Also the sampled busy jiffies,
# for comparison.
cpu_sample() {
	awk 'FILENAME == "/proc/uptime" { w = $1; next }
	     /^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print w, $5 + $6, t - $5 - $6 }' \
		/proc/uptime /proc/stat
}
# cpu_busy W0 I0 W1 I1: "busy_us=N wall_s=S" between two cpu_sample readings
cpu_busy() {
	awk -v w0="$1" -v i0="$2" -v w1="$3" -v i1="$4" -v n="$(nproc)" -v t="$TICK_US" \
		'BEGIN { printf "busy_us=%.0f wall_s=%.2f\n", (w1 - w0) * 1e6 * n - (i1 - i0) * t, w1 - w0 }'
}

# kernel memory in kB: Slab + Percpu
kmem() { sync; echo 3 >/proc/sys/vm/drop_caches; awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }

# --- traffic -------------------------------------------------------------------
# start_receiver SECONDS [OPTION...]: rtpload recv on vCPU 1; waits for its "ready"
start_receiver() {
	rm -f /tmp/bench-recv
	br taskset -c 1 "$RTPLOAD" recv "$RECEIVER" --seconds "$1" --idle 1.5 "${@:2}" >/tmp/bench-recv &
	RECV_PID=$!
	for _ in $(seq 100); do grep -q ready /tmp/bench-recv 2>/dev/null && return; sleep 0.05; done
	echo "receiver did not start"
}
# waited for here, in this shell (the receiver is its child, not a subshell's)
receiver_result() { wait "$RECV_PID"; RECV=$(grep '^received=' /tmp/bench-recv); }

# saturate DST [FLOWS]: sender flat out; sets SEND, RECV and SAT_PPS, the
# delivered rate: packets received over the receiver's span (first to last
# packet) or the sender's time, whichever is longer. The span alone would
# overstate a forwarder that drops most packets and delivers the rest in a
# burst (Debian's daemon at saturation: 300,000 "pps" from 100,000 sent/s).
saturate() {
	start_receiver $((SAT_SECONDS + 20))
	# shellcheck disable=SC2086
	SEND=$(bs taskset -c 0 "$RTPLOAD" send "$1" --from "$SENDER" --flows "${2:-1}" --seconds "$SAT_SECONDS" $SEND_OPTS)
	receiver_result
	SAT_PPS=$(awk -v n="$(value received "$RECV")" -v a="$(value span "$RECV")" -v b="$(value seconds "$SEND")" \
		'BEGIN { t = a > b ? a : b; printf "%.0f", (t > 0 ? n / t : 0) }')
}

# measure CASE REP: one repetition of a case that is up; one "run" line
measure() {
	local case=$1 rep=$2 w0 w1 i0 i1 c0 c1 busy busy_us sat sent distinct
	case_dst
	saturate "$DST"
	sat="sat_pps=$SAT_PPS sat_sent_pps=$(value pps "$SEND") sat_received=$(value received "$RECV")"
	sat+=" sat_span=$(value span "$RECV") sat_seconds=$(value seconds "$SEND")"
	ceiling_ref "$case"
	sat+=$CEILING
	case_dst
	# shellcheck disable=SC2086 # options are words
	start_receiver $((RATE_SECONDS + 20)) $RATE_RECV_OPTS
	read -r w0 i0 c0 <<<"$(cpu_sample)"
	# shellcheck disable=SC2086
	SEND=$(bs taskset -c 0 "$RTPLOAD" send "$DST" --from "$SENDER" --rate "$RATE" --burst "$BURST" --seconds "$RATE_SECONDS" $SEND_OPTS $RATE_SEND_OPTS)
	read -r w1 i1 c1 <<<"$(cpu_sample)"
	receiver_result
	sent=$(value sent "$SEND")
	distinct=$(value distinct "$RECV")
	busy=$(cpu_busy "$w0" "$i0" "$w1" "$i1")
	busy_us=$(value busy_us "$busy")
	record "run case=$case rep=$rep topology=$TOPOLOGY $sat" \
		"rate_sent=$sent rate_received=$(value received "$RECV") lost=$(value lost "$RECV")" \
		"reordered=$(value reordered "$RECV") intact=$(value intact "$RECV")" \
		"srtp_failed=$(value srtp_failed "$RECV") $busy" \
		"idle_ticks=$((i1 - i0)) sampled_busy_ticks=$((c1 - c0))" \
		"cpu_us_per_pkt=$(awk -v b="$busy_us" -v n="$distinct" 'BEGIN { printf "%.2f", n ? b / n : 0 }')" \
		"sampled_cpu_us_per_pkt=$(awk -v b=$((c1 - c0)) -v t="$TICK_US" -v n="$distinct" 'BEGIN { printf "%.2f", n ? b * t / n : 0 }')" \
		"loss_pct=$(awk -v s="$sent" -v d="$distinct" 'BEGIN { printf "%.3f", s ? (s - d) * 100 / s : 100 }')"
}

# scale_point IMPL RULES FLOWS...: saturation with each number of flows,
# each preceded by the direct path's saturation as a reference: the points
# of a series run minutes apart, the host's load may change meanwhile
scale_point() {
	local impl=$1 rules=$2 rep flows ref
	shift 2
	for rep in $(seq "$REPS"); do
		for flows in "$@"; do
			saturate $RECEIVER
			ref=$SAT_PPS
			saturate $LOCAL "$flows"
			record "scale impl=$impl rules=$rules flows=$flows rep=$rep sat_pps=$SAT_PPS" \
				"sat_sent_pps=$(value pps "$SEND") lost=$(value lost "$RECV") direct_pps=$ref"
		done
	done
}

# scale_series IMPL BULK-ADD-COMMAND FLOW-RULES-COMMAND COUNTS...: the case
# is up with its one rule; 1 rule: one flow; then SCALE_FLOWS flows to as
# many rules, and bulk rules up to each count. BULK-ADD-COMMAND N FIRST
# prints a key=value line with the rate.
scale_series() {
	local impl=$1 bulk=$2 flows=$3 have=1 n m0 m1 out
	shift 3
	for n in "$@"; do
		if [ "$n" -le 1 ]; then
			scale_point "$impl" 1 1
			continue
		fi
		if [ "$have" = 1 ]; then
			"$flows"
			have=$SCALE_FLOWS
		fi
		if [ "$n" -gt "$have" ]; then
			m0=$(kmem)
			out=$("$bulk" $((n - have)) "$have")
			m1=$(kmem)
			record "control impl=$impl $out mem_kb_before=$m0 mem_kb_after=$m1"
			have=$n
		fi
		scale_point "$impl" "$n" 1 "$SCALE_FLOWS"
	done
}

# rules for flows 1..N-1 of SCALE_FLOWS (flow 0 has the case's own rule):
# 127.0.0.1:30000+2i -> 127.0.0.1:6000
flow_rules_rtpfwd() {
	local i
	for ((i = 1; i < SCALE_FLOWS; i++)); do
		echo "rule add table $TABLE local 127.0.0.1:$((30000 + 2 * i)) output src 127.0.0.1:$((30001 + 2 * i)) dst $RECEIVER"
	done >/tmp/bench-flows.rtpnl
	b "$RTPNL" -b /tmp/bench-flows.rtpnl >/dev/null
}
flow_rules_re105() {
	local i
	for ((i = 1; i < SCALE_FLOWS; i++)); do
		b "$RE105CTL" $TABLE add 127.0.0.1:$((30000 + 2 * i)) 127.0.0.1:$((30001 + 2 * i)) $RECEIVER >/dev/null
	done
}

# --- the cases: up (may fail: the case is skipped with a note), dst, down --------
rtpfwd_unload() {
	local m
	# a deleted table's rules are freed after an RCU grace period
	for _ in $(seq 100); do
		[ -e /sys/module/rtpfwd ] && [ "$(modrefs)" != 0 ] || break
		sleep 0.2
	done
	for m in xt_RTPENGINE nft_rtpengine rtpfwd; do
		[ ! -e /sys/module/$m ] || rmmod $m || note "rmmod $m failed"
	done
}
# rtpfwd_table [ATTR=VALUE]...: table 42 with the one rule; its output
# encrypts with OUT_ENCRYPT=SUITE/KEY/SALT
rtpfwd_table() {
	b $GENL req TABLE_NEW table_id=$TABLE >/dev/null
	b $GENL rule RULE_NEW $TABLE flags=create,excl local=$LOCAL \
		"out=$OUT_SRC,$RECEIVER${OUT_ENCRYPT:+,0,$OUT_ENCRYPT}" "$@" >/dev/null
}
rtpfwd_down() { b $GENL req TABLE_DEL table_id=$TABLE >/dev/null; rtpfwd_unload; }

up_direct() { :; }
dst_direct() { echo $RECEIVER; }
down_direct() { :; }

xt_input_up() { b iptables -I INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE; }
up_rtpfwd-xt-input() { rtpfwd_table && xt_input_up; }
down_rtpfwd-xt-input() { b iptables -D INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE; rtpfwd_down; }
# with RTP accounting: payload type and SSRC counters, loss and jitter
up_rtpfwd-xt-input-rtp() { rtpfwd_table rtp=1 pt=0:8000 && xt_input_up; }
down_rtpfwd-xt-input-rtp() { down_rtpfwd-xt-input; }
up_rtpfwd-xt-raw-prerouting() { rtpfwd_table && b iptables -t raw -I PREROUTING -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE; }
down_rtpfwd-xt-raw-prerouting() { b iptables -t raw -D PREROUTING -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE; rtpfwd_down; }

# nftables: `rtpnl nft` adds the rule stock nft cannot express
# nft_up HOOK PRIORITY [ATTR=VALUE]...: table rtpbench of family NFT_FAMILY
# (inet), its chain NFT_CHAIN (HOOK) on HOOK (of device NFT_DEVICE: netdev),
# its rule for table 42 with the ATTRs of rtpfwd_table
nft_up() {
	local family=${NFT_FAMILY:-inet} chain=${NFT_CHAIN:-$1}
	modinfo nft_rtpengine >/dev/null 2>&1 || { SKIP_WHY="nft_rtpengine.ko not built"; return 1; }
	rtpfwd_table "${@:3}"
	b nft add table "$family" rtpbench
	b nft add chain "$family" rtpbench "$chain" "{ type filter hook $1${NFT_DEVICE:+ device $NFT_DEVICE} priority $2; }"
	if ! b "$RTPNL" nft add rule "$family" rtpbench "$chain" udp dport $PORTS_NFT rtpengine id $TABLE 2>/tmp/bench-nft; then
		SKIP_WHY="rtpnl nft add rule failed: $(head -n 1 /tmp/bench-nft)"
		nft_down
		return 1
	fi
}
nft_down() { b nft delete table "${NFT_FAMILY:-inet}" rtpbench; rtpfwd_down; }
up_rtpfwd-nft-input() { nft_up input 0; }
down_rtpfwd-nft-input() { nft_down; }
up_rtpfwd-nft-prerouting() { nft_up prerouting -300; }
down_rtpfwd-nft-prerouting() { nft_down; }
# with RTP accounting, as rtpfwd-xt-input-rtp
up_rtpfwd-nft-input-rtp() { nft_up input 0 rtp=1 pt=0:8000; }
down_rtpfwd-nft-input-rtp() { nft_down; }

# The ceiling (issue 19): tests/bench/barefwd, a netfilter hook with the one
# rule hard-coded (the same addresses), rewriting in place with a cached
# route and ip_local_out(), nothing else; at the filter table's priority on
# input (rtpfwd-xt-input, rtpfwd-nft-input), the raw table's on prerouting
# (rtpfwd-xt-raw-prerouting, rtpfwd-nft-prerouting). Registered in every
# namespace, this one included.
bare_up() { # bare_up HOOK
	[ -n "${BAREFWD_KO:-}" ] && [ -f "$BAREFWD_KO" ] || { SKIP_WHY="no module (BAREFWD_KO=${BAREFWD_KO:-})"; return 1; }
	insmod "$BAREFWD_KO" local=$LOCAL src=$OUT_SRC dst=$RECEIVER hook="$1" || { SKIP_WHY="insmod failed"; return 1; }
}
bare_down() { rmmod barefwd || note "bare-forwarder: rmmod failed"; }
up_bare-forwarder() { bare_up input; }
down_bare-forwarder() { bare_down; }
up_bare-forwarder-prerouting() { bare_up prerouting; }
down_bare-forwarder-prerouting() { bare_down; }
# The paired ceiling: a round takes minutes, and the host's load changes
# within it (other work shares its cores: one case's saturation moved 2x
# between rounds). So each rtpfwd case of CEILING_HOOK also measures the
# bare forwarder right after its own saturation, seconds apart, loaded next
# to rtpfwd for BARE_REF (outside the rules' port range: its packets pass
# rtpfwd's chain or iptables rule without matching, as the forwarded
# packets do) at the case's hook.
BARE_REF=127.0.0.1:29000
declare -A CEILING_HOOK=([rtpfwd-xt-input]=input [rtpfwd-xt-input-rtp]=input [rtpfwd-nft-input]=input
	[rtpfwd-nft-input-rtp]=input [rtpfwd-nft-prerouting]=prerouting [rtpfwd-xt-raw-prerouting]=prerouting)
# ceiling_ref CASE: CEILING, " ceiling_pps=N ceiling_sent_pps=M" (or
# nothing: not such a case, no module); SEND, RECV and SAT_PPS stay the case's
ceiling_ref() {
	local hook=${CEILING_HOOK[$1]:-} send=$SEND recv=$RECV pps=$SAT_PPS
	CEILING=
	[ -n "$hook" ] && [ -f "${BAREFWD_KO:-}" ] || return 0
	if ! insmod "$BAREFWD_KO" local=$BARE_REF src=$OUT_SRC dst=$RECEIVER hook="$hook"; then
		note "$1: the paired ceiling's insmod failed"
		return 0
	fi
	saturate $BARE_REF
	CEILING=" ceiling_pps=$SAT_PPS ceiling_sent_pps=$(value pps "$SEND")"
	bare_down
	SEND=$send RECV=$recv SAT_PPS=$pps
}

# re105_up [decrypt|encrypt]: its one target, with SRTP in or out (and the
# stream's SSRCs, as the daemon tells it them)
re105_up() {
	[ -n "${RE105_KO:-}" ] && [ -f "$RE105_KO" ] || { SKIP_WHY="no module (RE105_KO=${RE105_KO:-})"; return 1; }
	modprobe x_tables
	insmod "$RE105_KO" || { SKIP_WHY="insmod failed"; return 1; }
	procw /proc/rtpengine/control "add $TABLE" >/dev/null
	b iptables -I INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
	if [ "$(b "$RE105CTL" $TABLE noop)" != ok ]; then
		SKIP_WHY="the NOOP ABI check failed"
		re105_down
		return 1
	fi
	if ! b "$RE105CTL" $TABLE add $LOCAL $OUT_SRC $RECEIVER ${1:+$1 $SRTP_SUITE $SRTP_KEY $SRTP_SALT $SRTP_SSRCS} \
		>/dev/null 2>/tmp/bench-re105ctl; then
		SKIP_WHY="add refused: $(head -n 1 /tmp/bench-re105ctl)"
		re105_down
		return 1
	fi
}
re105_down() {
	b iptables -D INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
	procw /proc/rtpengine/control "del $TABLE" >/dev/null
	rmmod xt_RTPENGINE || note "rtpengine-10.5: rmmod failed"
}
up_rtpengine-10.5() { re105_up; }
dst_rtpengine-10.5() { echo $LOCAL; }
down_rtpengine-10.5() { re105_down; }

# SRTP (see the top): the same rule or target, decrypting or encrypting.
# srtp_suite WORD: the suite of the cases named with WORD (SRTP_SUITES)
srtp_suite() {
	local bytes
	read -r SRTP_SUITE SRTP_SDP bytes <<<"${SRTP_SUITES[$1]}"
	SRTP_SALT=${SRTP_MASTER_SALT:0:$((2 * bytes))}
	SRTP_INLINE=$(sdp_inline "$SRTP_KEY$SRTP_SALT")
}
# sdp_inline HEX: the case's suite with key || salt (HEX) as SDP's inline:
# form (base64), as rtpload's --srtp takes it
sdp_inline() {
	echo "$SRTP_SDP:$($PYTHON -c 'import base64, sys; print(base64.b64encode(bytes.fromhex(sys.argv[1])).decode())' "$1")"
}
srtp_spec() { echo "$SRTP_SUITE/$SRTP_KEY/$SRTP_SALT"; }
# The fixed-rate run sends another SSRC: its sequence numbers start at 0
# again, and the saturation run's stream would have them taken as replays.
# Its receiver unprotects what an encrypting forwarder delivers (and checks
# every payload); at saturation it only counts: under emulation libsrtp2's
# unprotect caps the receiver below what the forwarders deliver.
send_srtp() { SEND_OPTS="--srtp $SRTP_INLINE" RATE_SEND_OPTS="--ssrc 0x${SRTP_SSRCS#* }"; }
recv_srtp() { RATE_RECV_OPTS="--srtp $SRTP_INLINE" RATE_SEND_OPTS="--ssrc 0x${SRTP_SSRCS#* }"; }
up_direct-srtp() { :; }
dst_direct-srtp() { echo $RECEIVER; }
down_direct-srtp() { :; }
traffic_direct-srtp() { send_srtp; }
up_rtpfwd-srtp-decrypt() { rtpfwd_table rtp=1 pt=0:8000 "decrypt=$(srtp_spec)" && xt_input_up; }
down_rtpfwd-srtp-decrypt() { down_rtpfwd-xt-input; }
traffic_rtpfwd-srtp-decrypt() { send_srtp; }
up_rtpfwd-srtp-encrypt() { OUT_ENCRYPT=$(srtp_spec) rtpfwd_table rtp=1 pt=0:8000 && xt_input_up; }
down_rtpfwd-srtp-encrypt() { down_rtpfwd-xt-input; }
traffic_rtpfwd-srtp-encrypt() { recv_srtp; }
up_rtpengine-10.5-srtp-decrypt() { re105_up decrypt; }
dst_rtpengine-10.5-srtp-decrypt() { echo $LOCAL; }
down_rtpengine-10.5-srtp-decrypt() { re105_down; }
traffic_rtpengine-10.5-srtp-decrypt() { send_srtp; }
up_rtpengine-10.5-srtp-encrypt() { re105_up encrypt; }
dst_rtpengine-10.5-srtp-encrypt() { echo $LOCAL; }
down_rtpengine-10.5-srtp-encrypt() { re105_down; }
traffic_rtpengine-10.5-srtp-encrypt() { recv_srtp; }

up_rtprelay() {
	# not through b(): $! must be the relay itself (ip netns exec execs it)
	ip netns exec $NS "$RTPRELAY" $LOCAL $RECEIVER >/tmp/bench-relay &
	RELAY_PID=$!
	for _ in $(seq 100); do grep -q ready /tmp/bench-relay 2>/dev/null && return; sleep 0.05; done
}
down_rtprelay() { kill "$RELAY_PID"; wait "$RELAY_PID"; }

# Debian's rtpengine daemon, user-space forwarding only (--table=-1); a
# fresh call for every run: an overloaded daemon may drop the stream
up_rtpengine-daemon() {
	command -v rtpengine >/dev/null || { SKIP_WHY="not installed"; return 1; }
	ip netns exec $NS rtpengine --config-file=none --table=-1 --interface=127.0.0.1 \
		--listen-ng=127.0.0.1:22222 --port-min=40000 --port-max=40999 \
		--pidfile=/tmp/bench-rtpengine.pid --foreground --log-stderr --log-level=3 \
		>/tmp/bench-rtpengine.log 2>&1 &
	DAEMON_PID=$!
	rm -f /tmp/bench-call
	for _ in $(seq 100); do [ "$(b $NG ping 2>/dev/null)" = pong ] && return; sleep 0.2; done
	SKIP_WHY="no answer on the NG port"
	down_rtpengine-daemon
	return 1
}
# daemon_call: a new call's id in CALL (the previous one deleted)
daemon_call() {
	CALL=bench$(date +%s%N)
	[ ! -s /tmp/bench-call ] || b $NG delete "$(cat /tmp/bench-call)"
	echo "$CALL" >/tmp/bench-call
}
dst_rtpengine-daemon() { daemon_call; b $NG call "$CALL" $SENDER $RECEIVER | sed -n 's/^send_to=//p'; }
down_rtpengine-daemon() { kill "$DAEMON_PID"; wait "$DAEMON_PID"; }

# The daemon doing SRTP in user space: an SDES call (sdes_call.py), the
# caller's side SRTP (RTP/SAVP, the case's suite and key in its a=crypto
# line), the callee's plain (RTP/AVP). Decrypt: the sender is the caller;
# encrypt: the receiver is, and unprotects with the key of the daemon's
# answer (a new one per call).
# sdes_dst CALLER CALLEE: the call; sets CALLER_TO, CALLEE_TO, RX_KEY, RX_SALT
sdes_dst() {
	local out
	daemon_call
	out=$(b $PYTHON "$REPO/tests/kernel/lib/sdes_call.py" 127.0.0.1:22222 "$CALL" "$1" "$2" \
		"$SRTP_SDP" "$SRTP_KEY" "$SRTP_SALT") || { echo "sdes_call: $out" >&2; return 1; }
	eval "$out"
}
up_rtpengine-daemon-srtp-decrypt() { up_rtpengine-daemon; }
dst_rtpengine-daemon-srtp-decrypt() { sdes_dst $SENDER $RECEIVER && echo "$CALLER_TO"; }
down_rtpengine-daemon-srtp-decrypt() { down_rtpengine-daemon; }
traffic_rtpengine-daemon-srtp-decrypt() { send_srtp; }
up_rtpengine-daemon-srtp-encrypt() { up_rtpengine-daemon; }
dst_rtpengine-daemon-srtp-encrypt() {
	sdes_dst $RECEIVER $SENDER || return 1
	echo "$CALLEE_TO"
	RATE_RECV_OPTS="--srtp $(sdp_inline "$RX_KEY$RX_SALT")"
}
down_rtpengine-daemon-srtp-encrypt() { down_rtpengine-daemon; }
traffic_rtpengine-daemon-srtp-encrypt() { RATE_SEND_OPTS="--ssrc 0x${SRTP_SSRCS#* }"; }

# Cost by stage: the same traffic straight to the receiver (127.0.0.1:6000),
# through one more stage of the forwarding path each. "accept": an nft
# input chain with one rule matching the packet (hook + rule evaluation);
# "miss": that rule calls our expression, which parses the packet and looks
# table 42 up and its rules (the one rule there is for 127.0.0.1:30000), finds
# none and lets the packet go on to the socket. The forwarding cases then
# add the rule hit: source check, counters, rewrite, route, transmit and the
# forwarded packet's own way up the loopback device to the receiver.
up_stage-nft-accept() {
	b nft add table inet rtpbench &&
		b nft add chain inet rtpbench input "{ type filter hook input priority 0; }" &&
		b nft add rule inet rtpbench input udp dport 6000 accept
}
down_stage-nft-accept() { b nft delete table inet rtpbench; }
dst_stage-nft-accept() { echo $RECEIVER; }
up_stage-nft-miss() { PORTS_NFT=6000 nft_up input 0; }
down_stage-nft-miss() { nft_down; }
dst_stage-nft-miss() { echo $RECEIVER; }
up_stage-xt-miss() { rtpfwd_table && b iptables -I INPUT -p udp --dport 6000 -j RTPENGINE --id $TABLE; }
down_stage-xt-miss() { b iptables -D INPUT -p udp --dport 6000 -j RTPENGINE --id $TABLE; rtpfwd_down; }
dst_stage-xt-miss() { echo $RECEIVER; }
# "hit": as "miss", and table 42 has a rule for the receiver's own address
# too, one that hands every packet up (RTPFWD_RULE_F_HAND_UP, no outputs):
# + the rule hit, its decision and counters, then the socket. What a
# forwarding case adds to it is the forwarding itself (route, rewrite,
# transmit, the forwarded packet's way up), of which bare-forwarder minus
# direct is the ceiling.
hand_up_rule() { b $GENL rule RULE_NEW $TABLE flags=create,excl local=$RECEIVER flagsval=0x80 | grep -q '^errno=0 '; }
up_stage-nft-hit() { up_stage-nft-miss && { hand_up_rule || { SKIP_WHY="hand-up rule refused"; nft_down; return 1; }; }; }
down_stage-nft-hit() { nft_down; }
dst_stage-nft-hit() { echo $RECEIVER; }
up_stage-xt-hit() { up_stage-xt-miss && { hand_up_rule || { SKIP_WHY="hand-up rule refused"; down_stage-xt-miss; return 1; }; }; }
down_stage-xt-hit() { down_stage-xt-miss; }
dst_stage-xt-hit() { echo $RECEIVER; }

# case_impl: IMPL, the name of CASE's functions, its SRTP suite, FW and
# the topology: a case named with a word of SRTP_SUITES other than "srtp" is
# its "srtp" twin with that word's suite (rtpfwd-gcm-decrypt:
# rtpfwd-srtp-decrypt's functions); "-fw" at the end: the case without it
# behind the host firewall (FW=1, see case_up); "veth-" in front: the veth
# topology, and the loopback case's functions unless it has its own
# (veth-rtpfwd-xt-input: rtpfwd-xt-input's)
case_impl() {
	local word
	IMPL=$CASE FW=
	if [[ $IMPL == *-fw ]]; then
		IMPL=${IMPL%-fw}
		FW=1
	fi
	for word in "${!SRTP_SUITES[@]}"; do
		[[ -$IMPL- == *-$word-* ]] || continue
		IMPL=${IMPL/-$word/-srtp}
		srtp_suite "$word"
	done
	topology_loopback
	if [[ $IMPL == veth-* ]]; then
		topology_veth
		declare -F "up_$IMPL" >/dev/null || IMPL=${IMPL#veth-}
	fi
}
# case_up, case_down: the case's topology (veth: made for every case and
# deleted after it, no state carries over), firewall and up_/down_ functions
case_up() {
	[ "$TOPOLOGY" != veth ] || veth_up || return 1
	if [ -z "$FW" ] || fw_up; then
		"up_$IMPL" && return 0
		[ -z "$FW" ] || fw_down
	fi
	[ "$TOPOLOGY" != veth ] || veth_down
	return 1
}
case_down() {
	"down_$IMPL"
	[ -z "$FW" ] || fw_down
	[ "$TOPOLOGY" != veth ] || veth_down
}
# case_dst: DST, where the sender sends; the case's dst_ function runs in
# this shell (one may set the receiver's options for the call it made)
case_dst() {
	DST=$LOCAL
	declare -F "dst_$IMPL" >/dev/null || return 0
	"dst_$IMPL" >/tmp/bench-dst
	DST=$(cat /tmp/bench-dst)
}

# ================================================================================
: >"$RAW"
ip netns add $NS
b ip link set lo up
record "env kernel=$(uname -r) cpus=$(nproc) mem_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024))" \
	"slub_debug=$(grep -o 'slub_debug=[^ ]*' /proc/cmdline | tail -n 1 | cut -d= -f2)" \
	"reps=$REPS sat_seconds=$SAT_SECONDS rate=$RATE rate_seconds=$RATE_SECONDS burst=$BURST" \
	"scale_flows=$SCALE_FLOWS restore_rules=$RESTORE_RULES topology=loopback-in-netns cpu=wall-minus-idle"

# The guest's clock: tests/vm/run.sh boots it with tsc=unstable, so a
# kernel clock read (ktime_get*) reads the emulated HPET, a device access
# QEMU serves outside the translated code: its cost per read, in µs, is a
# clock_gettime(CLOCK_MONOTONIC) system call's less a system call that
# reads no clock (getppid). Every per-packet clock read (a socket's receive
# timestamp) costs that much here; RTP accounting's arrival times come from
# local_clock() (the TSC through sched_clock, also with tsc=unstable).
clock_cost() {
	$PYTHON -c '
import os, time
n = 20000
def per_call(f):
	t = time.monotonic()
	for _ in range(n):
		f()
	return (time.monotonic() - t) * 1e6 / n
c, s = per_call(lambda: time.clock_gettime(time.CLOCK_MONOTONIC)), per_call(lambda: os.getppid())
print(f"clock_gettime_us={c:.2f} syscall_us={s:.2f} clock_read_us={c - s:.2f}")'
}
record "clock source=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource) $(clock_cost)"

# 1. the cases, in rounds
declare -A SKIPPED
for rep in $(seq "$REPS"); do
	# the idle VM's own busy time over as long as a fixed-rate run: the part
	# of every case's CPU figure that is not the traffic's
	read -r w0 i0 _ <<<"$(cpu_sample)"
	sleep "$RATE_SECONDS"
	read -r w1 i1 _ <<<"$(cpu_sample)"
	record "idle rep=$rep $(cpu_busy "$w0" "$i0" "$w1" "$i1")"
	for CASE in $CASES; do
		[ -z "${SKIPPED[$CASE]:-}" ] || continue
		echo "=== $CASE ($rep/$REPS)"
		SKIP_WHY=
		case_impl
		if ! case_up; then
			SKIPPED[$CASE]=1
			note "$CASE: skipped: ${SKIP_WHY:-setup failed}"
			continue
		fi
		SEND_OPTS= RATE_SEND_OPTS= RATE_RECV_OPTS=
		! declare -F "traffic_$IMPL" >/dev/null || "traffic_$IMPL"
		measure "$CASE" "$rep"
		SEND_OPTS= RATE_SEND_OPTS= RATE_RECV_OPTS=
		case_down
	done
done
topology_loopback
[ ! -s /tmp/bench-relay ] || record "relay $(grep '^received=' /tmp/bench-relay)"

# 2. rtpengine 10.5: scaling, control plane, memory
bulk_re105() { echo "method=proc-10.5 rules=$1 $(b "$RE105CTL" $TABLE bulk "$1" "$2")"; }
CASE=rtpengine-10.5
if [ -z "${SKIPPED[$CASE]:-}" ] && re105_up; then
	scale_series rtpengine-10.5 bulk_re105 flow_rules_re105 $RE105_SCALE_COUNTS
	re105_down
fi

# 3. control plane: one rule per message; the rtpengine 10.5 /proc ABI on rtpfwd
b $GENL req TABLE_NEW table_id=43 >/dev/null
record "control impl=rtpfwd method=genl-single rules=$CONTROL_RULES $(b $GENL bulk-add 43 "$CONTROL_RULES" 1)"
# librtpnl, as a C++ daemon drives it: pipelined batches (the kernel answers
# failures and each window's end, one grace period per window), and single
# requests each with its ack (median latency)
b $GENL req TABLE_NEW table_id=45 >/dev/null
out=$(b "$TOOLS/ctl_bench" 45 --rules "$CONTROL_BATCH_RULES" --singles "$CONTROL_SINGLES") ||
	note "ctl_bench: some requests failed"
b $GENL req TABLE_DEL table_id=45 >/dev/null
for op in add del; do
	line=$(grep "^batch-$op " <<<"$out")
	record "control impl=rtpfwd method=librtpnl-batch-$op added=$(value done "$line") ${line#"batch-$op "}"
	line=$(grep "^single-$op " <<<"$out")
	record "latency impl=rtpfwd method=librtpnl op=$op ${line#single-$op }"
done
b $GENL req TABLE_DEL table_id=43 >/dev/null
b $GENL req TABLE_NEW table_id=44 >/dev/null
if [ -n "${RE105CTL:-}" ] && [ "$(b "$RE105CTL" 44 noop 2>/dev/null)" = ok ]; then
	record "control impl=rtpfwd method=proc-10.5 rules=$CONTROL_RULES $(b "$RE105CTL" 44 bulk "$CONTROL_RULES")"
else
	note "rtpfwd: /proc/rtpengine/44/control does not speak rtpengine 10.5's binary ABI in this tree; not measured"
fi
b $GENL req TABLE_DEL table_id=44 >/dev/null
rtpfwd_unload

# 4. rtpfwd (xt INPUT): scaling, control plane, memory
bulk_rtpfwd() { echo "method=genl-batch256 rules=$1 $(b $GENL bulk-add $TABLE "$1" 256 "$2")"; }
CASE=rtpfwd-xt-input
up_rtpfwd-xt-input
scale_series rtpfwd-xt-input bulk_rtpfwd flow_rules_rtpfwd $SCALE_COUNTS
record "rules impl=rtpfwd $(b $GENL rules-count $TABLE)"
down_rtpfwd-xt-input

# 5. a restart's restore (issue 19: 1,000,000 rules in <= 20 s while
# traffic flows on an existing rule, without loss): `rtpnl rules restore`
# reads RESTORE_RULES rules as `rtpnl -j rules list` prints them into the
# live table of rtpfwd-xt-input's rule, while rtpload sends through that rule
# at RESTORE_RATE packets/s, in runs of 5 s for as long as the restore takes
# (between two runs the receiver waits out its idle time: the traffic pauses
# for ~1.5 s, and what was sent is what the loss is counted of)
restore_json() { # restore_json N FILE: N rules of table 42, none on the traffic's ports
	$PYTHON -c 'import sys
n, w = int(sys.argv[1]), open(sys.argv[2], "w").write
w("[\n")
for i in range(n):
    w("%s{\"table\":%s,\"local\":\"127.2.%d.1:%d\",\"outputs\":[{\"src\":\"127.0.0.1:31000\",\"dst\":\"127.0.0.1:6002\"}]}\n"
      % ("," if i else "", sys.argv[3], i // 50000, 10000 + i % 50000))
w("]\n")' "$1" "$2" "$TABLE"
}
restore_run() { # in the forwarder's namespace: prints "rc=N seconds=S"; what rtpnl says goes to bench-restore.err
	local t0 rc=0
	t0=$(date +%s%N)
	b "$RTPNL" rules restore </tmp/bench-restore.json >/tmp/bench-restore.err 2>&1 || rc=$?
	echo "rc=$rc seconds=$(awk -v n=$(($(date +%s%N) - t0)) 'BEGIN { printf "%.2f", n / 1e9 }')"
}
CASE=rtpfwd-xt-input
if [ "$RESTORE_RULES" -gt 0 ] && up_rtpfwd-xt-input; then
	restore_json "$RESTORE_RULES" /tmp/bench-restore.json
	m0=$(kmem)
	restore_run >/tmp/bench-restore.out &
	rpid=$!
	sent=0 got=0 runs=0
	# at least one run, however short the restore
	while [ "$runs" = 0 ] || kill -0 "$rpid" 2>/dev/null; do
		start_receiver 30
		SEND=$(bs taskset -c 0 "$RTPLOAD" send "$LOCAL" --from "$SENDER" --rate "$RESTORE_RATE" \
			--burst "$BURST" --seconds 5)
		receiver_result
		s=$(value sent "$SEND") d=$(value distinct "$RECV")
		sent=$((sent + ${s:-0})) got=$((got + ${d:-0})) runs=$((runs + 1))
	done
	wait "$rpid"
	record "restore impl=rtpfwd rules=$RESTORE_RULES $(cat /tmp/bench-restore.out)" \
		"traffic_rate=$RESTORE_RATE traffic_runs=$runs traffic_sent=$sent traffic_received=$got" \
		"mem_kb_before=$m0 mem_kb_after=$(kmem) listed_$(b $GENL rules-count $TABLE | grep -o 'count=[0-9]*')"
	[ ! -s /tmp/bench-restore.err ] || note "rules restore: $(head -n 3 /tmp/bench-restore.err | tr '\n' ' ')"
	rm -f /tmp/bench-restore.json
	down_rtpfwd-xt-input
fi

ip netns del $NS
rtpfwd_unload
expect_eq "every module unloaded" "$(ls -d /sys/module/rtpfwd /sys/module/xt_RTPENGINE /sys/module/barefwd 2>/dev/null)" ""
expect_eq "every namespace deleted" "$(ip netns list | awk '{ print $1 }' | grep -xE "$NS|${VETH_NSS// /|}")" ""
finish
