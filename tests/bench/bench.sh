#!/bin/bash
# The benchmark, run inside the test VM as root (tests/bench/run.sh boots it
# with 2 vCPUs). Every case relays the same traffic on the loopback device
# of one network namespace made here: rtpload sends 172-byte RTP from
# 127.0.0.1:5000 to 127.0.0.1:30000, the forwarder under test relays it to
# the receiver at 127.0.0.1:6000 from 127.0.0.1:30002 ("direct" sends
# straight to 127.0.0.1:6000). Per case and repetition: delivered packets/s
# with the sender flat out (sender on vCPU 0, receiver on vCPU 1), then CPU
# busy per delivered packet (/proc/stat, all vCPUs, softirq included) and
# loss at a fixed 3,000 packets/s. Then rule-count scaling and the control
# plane. Raw key=value lines go to $BENCH_RAW; tests/bench/report.py makes
# the table, the plot and the ratios.
#
# rtpengine 10.5's module goes first: it cannot load next to ours (both
# register /proc/rtpengine and the RTPENGINE target), so it is unloaded
# before anything loads rtpfwd.
. "$(dirname "$0")/../kernel/lib/common.sh"

RAW=${BENCH_RAW:-$RESULTS/bench-raw.txt}
REPS=${BENCH_REPS:-3}
SAT_SECONDS=${BENCH_SAT_SECONDS:-3}
RATE=${BENCH_RATE:-3000}
RATE_SECONDS=${BENCH_RATE_SECONDS:-5}
SCALE_COUNTS=${BENCH_SCALE_COUNTS:-1,1000,100000,1000000}
SCALE_COUNTS=${SCALE_COUNTS//,/ }
RE105_SCALE_COUNTS=${BENCH_RE105_SCALE_COUNTS:-1,1000,100000}
RE105_SCALE_COUNTS=${RE105_SCALE_COUNTS//,/ }
CONTROL_RULES=${BENCH_CONTROL_RULES:-2000}
TOOLS=$REPO/build/userspace/userspace/tools
RTPLOAD=$TOOLS/rtpload
RTPRELAY=$TOOLS/rtprelay
NG="$PYTHON $REPO/tests/bench/ng.py 127.0.0.1:22222"
NS=bench
TABLE=42
LOCAL=127.0.0.1:30000
OUT_SRC=127.0.0.1:30002
RECEIVER=127.0.0.1:6000
SENDER=127.0.0.1:5000
TICK_US=$((1000000 / $(getconf CLK_TCK)))
PORTS_XT=30000:40000	# the forwarders see only the media port range
PORTS_NFT=30000-40000

b() { ip netns exec $NS "$@"; }
record() { echo "$*" >>"$RAW"; echo "BENCH: $*"; }
note() { record "note $*"; }
value() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# busy and total jiffies of all CPUs (busy: everything but idle and iowait)
cpu_jiffies() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }

# start_receiver SECONDS: rtpload recv on vCPU 1, waits for "ready"
start_receiver() {
	rm -f /tmp/bench-recv
	b taskset -c 1 "$RTPLOAD" recv "$RECEIVER" --seconds "$1" --idle 1.5 >/tmp/bench-recv &
	RECV_PID=$!
	for _ in $(seq 100); do grep -q ready /tmp/bench-recv 2>/dev/null && return; sleep 0.05; done
	echo "receiver did not start"
}
# receiver_result: waits for the receiver (in this shell: it is our child), prints its result
receiver_done() { wait "$RECV_PID"; }
receiver_result() { grep '^received=' /tmp/bench-recv; }

# measure CASE REP DST: one repetition, one "run" line
measure() {
	local case=$1 rep=$2 dst=$3 send recv c0 c1 busy total sent distinct
	start_receiver $((SAT_SECONDS + 20))
	send=$(b taskset -c 0 "$RTPLOAD" send "$dst" --from "$SENDER" --seconds "$SAT_SECONDS")
	receiver_done
	recv=$(receiver_result)
	local sat_pps sent_pps
	sat_pps=$(value pps "$recv")
	sent_pps=$(value pps "$send")
	[ -z "${DST_EACH_RUN:-}" ] || dst=$($DST_EACH_RUN)
	start_receiver $((RATE_SECONDS + 20))
	read -r c0 total <<<"$(cpu_jiffies)"
	local t0=$total
	send=$(b taskset -c 0 "$RTPLOAD" send "$dst" --from "$SENDER" --rate "$RATE" --seconds "$RATE_SECONDS")
	read -r c1 total <<<"$(cpu_jiffies)"
	receiver_done
	recv=$(receiver_result)
	busy=$((c1 - c0))
	sent=$(value sent "$send")
	distinct=$(value distinct "$recv")
	record "run case=$case rep=$rep sat_pps=$sat_pps sat_sent_pps=$sent_pps" \
		"rate_sent=$sent rate_received=$(value received "$recv") lost=$(value lost "$recv")" \
		"reordered=$(value reordered "$recv") busy_jiffies=$busy total_jiffies=$((total - t0))" \
		"cpu_us_per_pkt=$(awk -v b="$busy" -v t="$TICK_US" -v n="$distinct" 'BEGIN { printf "%.2f", n ? b * t / n : 0 }')" \
		"loss_pct=$(awk -v s="$sent" -v d="$distinct" 'BEGIN { printf "%.3f", s ? (s - d) * 100 / s : 100 }')"
}

# saturation only (scaling): one "scale" line
measure_sat() {
	local impl=$1 rules=$2 rep=$3 send recv
	start_receiver $((SAT_SECONDS + 20))
	send=$(b taskset -c 0 "$RTPLOAD" send "$LOCAL" --from "$SENDER" --seconds "$SAT_SECONDS")
	receiver_done
	recv=$(receiver_result)
	record "scale impl=$impl rules=$rules rep=$rep sat_pps=$(value pps "$recv") sat_sent_pps=$(value pps "$send")"
}

# run_case CASE DST: REPS repetitions
run_case() {
	local rep
	echo "=== $1"
	for rep in $(seq "$REPS"); do measure "$1" "$rep" "$2"; done
}

# kernel memory in kB: Slab + Percpu
kmem() { sync; echo 3 >/proc/sys/vm/drop_caches; awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }

: >"$RAW"
ip netns add $NS
b ip link set lo up
record "env kernel=$(uname -r) cpus=$(nproc) mem_mb=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024))" \
	"cmdline_slub_debug=$(grep -o 'slub_debug=[^ ]*' /proc/cmdline | tr '\n' ',')" \
	"reps=$REPS sat_seconds=$SAT_SECONDS rate=$RATE rate_seconds=$RATE_SECONDS topology=loopback-in-netns"

# --- 1. direct ------------------------------------------------------------
run_case direct "$RECEIVER"

# --- 2. rtpengine 10.5's kernel module ------------------------------------
if [ -n "${RE105_KO:-}" ] && [ -f "$RE105_KO" ] && modprobe x_tables && insmod "$RE105_KO"; then
	procw /proc/rtpengine/control "add $TABLE" >/dev/null
	b iptables -I INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
	if [ "$(b "$RE105CTL" $TABLE noop)" != ok ]; then
		note "rtpengine-10.5: the NOOP ABI check failed; its results are missing"
	else
		b "$RE105CTL" $TABLE add $LOCAL $OUT_SRC $RECEIVER >/dev/null
		run_case rtpengine-10.5 $LOCAL
		# scaling, memory and install rate: targets in bulk (10.99.x.1:port)
		have=1
		for n in $RE105_SCALE_COUNTS; do
			if [ "$n" -gt "$have" ]; then
				m0=$(kmem)
				out=$(b "$RE105CTL" $TABLE bulk $((n - have)) "$have")
				m1=$(kmem)
				record "control impl=rtpengine-10.5 method=proc-10.5 rules=$((n - have)) $out" \
					"mem_kb_before=$m0 mem_kb_after=$m1"
				have=$n
			fi
			for rep in $(seq "$REPS"); do measure_sat rtpengine-10.5 "$n" "$rep"; done
		done
	fi
	b iptables -D INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
	procw /proc/rtpengine/control "del $TABLE" >/dev/null
	rmmod xt_RTPENGINE || note "rtpengine-10.5: rmmod failed"
else
	note "rtpengine-10.5: module not available (RE105_KO=${RE105_KO:-unset}); case skipped"
fi

# --- 3. the project's user-space relay ------------------------------------
# not through b(): $! must be the relay itself (ip netns exec execs it)
ip netns exec $NS "$RTPRELAY" $LOCAL $RECEIVER >/tmp/bench-relay &
relay=$!
sleep 1
run_case rtprelay $LOCAL
kill "$relay"; wait "$relay"
record "relay $(grep '^received=' /tmp/bench-relay)"

# --- 4. Debian's rtpengine daemon, forwarding in user space ---------------
# daemon_call: a new call (the previous one deleted); prints where to send
daemon_call() {
	local id
	id=bench$(date +%s%N)
	[ ! -s /tmp/bench-call ] || b $NG delete "$(cat /tmp/bench-call)"
	echo "$id" >/tmp/bench-call
	b $NG call "$id" $SENDER $RECEIVER | sed -n 's/^send_to=//p'
}
rm -f /tmp/bench-call
if command -v rtpengine >/dev/null; then
	ip netns exec $NS rtpengine --config-file=none --table=-1 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222 \
		--port-min=40000 --port-max=40999 --pidfile=/tmp/bench-rtpengine.pid \
		--foreground --log-stderr --log-level=3 >/tmp/bench-rtpengine.log 2>&1 &
	daemon=$!
	for _ in $(seq 100); do [ "$(b $NG ping 2>/dev/null)" = pong ] && break; sleep 0.2; done
	if [ "$(b $NG ping 2>/dev/null)" = pong ]; then
		# a fresh call for every run: an overloaded daemon may drop the stream
		DST_EACH_RUN=daemon_call
		for rep in $(seq "$REPS"); do measure rtpengine-daemon "$rep" "$(daemon_call)"; done
		unset DST_EACH_RUN
	else
		note "rtpengine-daemon: no answer on the NG port; case skipped"
	fi
	kill "$daemon"; wait "$daemon"
else
	note "rtpengine-daemon: not installed; case skipped"
fi

# --- 5. rtpfwd ------------------------------------------------------------
rtpfwd_rule() {
	b $GENL rule RULE_NEW $TABLE flags=create,excl local=$LOCAL out=$OUT_SRC,$RECEIVER "$@" >/dev/null
}
b $GENL req TABLE_NEW table_id=$TABLE >/dev/null
rtpfwd_rule

# xt target, filter INPUT (iptables-nft)
b iptables -I INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
run_case rtpfwd-xt-input $LOCAL
# the same with RTP accounting (payload type and SSRC counters)
b $GENL rule RULE_NEW $TABLE flags=replace local=$LOCAL out=$OUT_SRC,$RECEIVER rtp=1 pt=0:8000 >/dev/null
run_case rtpfwd-xt-input-rtp $LOCAL
b $GENL rule RULE_NEW $TABLE flags=replace local=$LOCAL out=$OUT_SRC,$RECEIVER >/dev/null
b iptables -D INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE

# xt target, raw PREROUTING
b iptables -t raw -I PREROUTING -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
run_case rtpfwd-xt-raw-prerouting $LOCAL
b iptables -t raw -D PREROUTING -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE

# nftables expression: `rtpnl nft` builds the rule stock nft cannot
nft_case() { # nft_case CASE HOOK PRIORITY
	b nft add table inet rtpbench
	b nft add chain inet rtpbench "$2" "{ type filter hook $2 priority $3; }"
	if b "$RTPNL" nft add rule inet rtpbench "$2" udp dport $PORTS_NFT rtpengine id $TABLE 2>/tmp/bench-nft; then
		run_case "$1" $LOCAL
	else
		note "$1: rtpnl nft could not add the rule ($(head -1 /tmp/bench-nft)); case skipped"
	fi
	b nft delete table inet rtpbench
}
if modinfo nft_rtpengine >/dev/null 2>&1; then
	nft_case rtpfwd-nft-input input 0
	nft_case rtpfwd-nft-prerouting prerouting -300
else
	note "rtpfwd-nft: nft_rtpengine.ko not built in this tree; cases skipped"
fi

# scaling: rules 10.a.b.c:port from genl.py bulk-add, traffic to the one rule
b iptables -I INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
have=1
for n in $SCALE_COUNTS; do
	if [ "$n" -gt "$have" ]; then
		m0=$(kmem)
		out=$(b $GENL bulk-add $TABLE $((n - have)) 256 "$have")
		m1=$(kmem)
		record "control impl=rtpfwd method=genl-batch256 rules=$((n - have)) $out" \
			"mem_kb_before=$m0 mem_kb_after=$m1"
		have=$n
	fi
	for rep in $(seq "$REPS"); do measure_sat rtpfwd-xt-input "$n" "$rep"; done
done
b iptables -D INPUT -p udp --dport $PORTS_XT -j RTPENGINE --id $TABLE
b $GENL req TABLE_DEL table_id=$TABLE >/dev/null

# control plane: one rule per message, and the rtpengine 10.5 /proc ABI
b $GENL req TABLE_NEW table_id=43 >/dev/null
record "control impl=rtpfwd method=genl-single rules=$CONTROL_RULES $(b $GENL bulk-add 43 "$CONTROL_RULES" 1)"
b $GENL req TABLE_DEL table_id=43 >/dev/null
b $GENL req TABLE_NEW table_id=44 >/dev/null
if [ -n "${RE105CTL:-}" ] && [ "$(b "$RE105CTL" 44 noop 2>/dev/null)" = ok ]; then
	record "control impl=rtpfwd method=proc-10.5 rules=$CONTROL_RULES $(b "$RE105CTL" 44 bulk "$CONTROL_RULES")"
else
	note "rtpfwd: no rtpengine 10.5 binary control ABI on /proc/rtpengine/44/control yet"
fi
b $GENL req TABLE_DEL table_id=44 >/dev/null

ip netns del $NS
for _ in $(seq 50); do [ "$(modrefs)" = 0 ] && break; sleep 0.2; done
expect_eq "nothing left" "$(modrefs)" "0"
finish
