#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 1500
# In the VM booted from the trixie root with rtpfwd's own .debs installed
# (tests/trixie/run.sh): Debian 13's rtpengine-daemon 12.5, unmodified, on
# the modules DKMS built for trixie's kernel (issue 15's proof).
#
#  - nothing loaded by hand: the modules are rtpfwd's, from
#    /lib/modules/$KVER/updates/dkms; the daemon's own nft rule has the
#    kernel load xt_RTPENGINE and rtpfwd;
#  - the daemon runs with --table=42 --no-fallback on 127.0.0.1 and makes
#    its own nftables rules (table filter: chain INPUT jumps to chain
#    rtpengine, whose rule is the xtables target RTPENGINE via nft_compat);
#  - RTPE_CALLS calls (default 300) set up over NG, RTP both ways
#    (RTPE_RATE packets/s per direction, default 5), every stream
#    kernelized; SIGSTOP: both parties still receive everything; SIGCONT:
#    the daemon's own per-stream counters (NG query), which 12.5 reads from
#    the memory the kernel writes, grew meanwhile; NG delete empties the
#    table;
#  - new calls, SIGKILL of the daemon mid-traffic: the rules stay and
#    forward; a restarted daemon recreates table 42 and its nft rules, new
#    calls are kernelized; SIGTERM: the daemon removes its rules;
#  - the modules unload, the kernel log is clean.
#
# Until rtpfwd serves the 12.5 control ABI (docs/rtpengine-12.5-abi.md) the
# daemon exits at INIT ("Kernel module version mismatch or other fatal
# error"): that is reported as one FAIL with the daemon's log, after what
# came before it (modules, add 42, the daemon's start and nft rules) passed.
. "$(dirname "$0")/../kernel/lib/common.sh"
unset XTABLES_LIBDIR	# iptables' own plugin directory: the packaged plugin

CALLS=${RTPE_CALLS:-300}
RATE=${RTPE_RATE:-5}
RTPNL=${RTPNL:-/usr/bin/rtpnl}
RTPCALLS="$PYTHON $REPO/tests/kernel/lib/rtpcalls.py"
NGCALLS="$PYTHON $REPO/tests/trixie/ngcalls.py 127.0.0.1:22222"
CLI=127.0.0.1:9900
WORK=$(mktemp -d)
MODS=(xt_RTPENGINE nft_rtpengine rtpfwd)
# as Debian's unit runs it: User=rtpengine, CAP_NET_ADMIN and CAP_SYS_NICE
RTPE_USER=${RTPE_USER-rtpengine}
. "$REPO/tests/kernel/lib/rtpengine_daemon.sh"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
loaded() { [ -d "/sys/module/$1" ]; }
targets() { awk '/^Targets:/ { print $2 }' "$PROC/42/status" 2>/dev/null; }
control_pid() { awk '/^Control PID:/ { print $3 }' "$PROC/42/status" 2>/dev/null; }
targets_are() { [ "$(targets)" = "$1" ]; }
# our counters of table 42's rules, summed (rtpnl, the packaged one)
rule_packets() {
	"$RTPNL" -s rules list table 42 2>/dev/null |
		awk '$1 == "stats" && $2 == "packets" { n += $3 } END { print n + 0 }'
}
packets_above() { [ "$(rule_packets)" -gt "$1" ]; }
# The daemon's options: the operator's (lib/rtpengine_daemon.sh), no config
# file (Debian's /etc/rtpengine/rtpengine.conf has its own table and
# interfaces), its CLI for rtpengine-ctl, a short delete delay.
start_daemon() {
	echo "--- daemon start $(date +%T)" >>"$WORK/daemon.log"
	start_rtpengine --config-file=none --listen-cli=$CLI --delete-delay=1 --log-level=7
}
daemon_log_tail() { grep -v 'DEBUG: ' "$WORK/daemon.log" | tail -n "${1:-15}" | sed 's/^/    daemon: /'; }
# nft_rules: "JUMPS TARGETS", the jump rules to chain rtpengine in chain
# INPUT of table ip filter, and the RTPENGINE target rules in chain
# rtpengine (nft shows nft_compat's target as "xt target RTPENGINE")
nft_rules() {
	nft list table ip filter 2>/dev/null | awk '
		/^[[:space:]]*chain / { chain = $2 }
		chain == "INPUT" && /jump rtpengine/ { j++ }
		chain == "rtpengine" && /xt target "?RTPENGINE/ { t++ }
		END { print j + 0, t + 0 }'
}
nft_rules_are() { [ "$(nft_rules)" = "$1" ]; }
# Whatever the daemon left behind (a SIGKILL, an exit at INIT) goes: its
# own --nftables-stop, then the table, so that the modules can unload.
cleanup_daemon_state() {
	stop_daemon
	"$RTPENGINE" --config-file=none --table=42 --nftables-stop >>"$WORK/daemon.log" 2>&1 || true
	local f
	for f in ip ip6; do
		nft list table $f filter 2>/dev/null | grep -q 'jump rtpengine' && nft flush chain $f filter INPUT
		nft delete chain $f filter rtpengine 2>/dev/null
	done
	[ ! -d "$PROC/42" ] || echo 'del 42' >"$PROC/control" 2>/dev/null
}
cleanup() {
	[ -z "${CALLS_PID:-}" ] || { touch "$WORK/stop" "$WORK/stop2"; kill "$CALLS_PID" 2>/dev/null; wait "$CALLS_PID" 2>/dev/null; }
	cleanup_daemon_state
	cp "$WORK/daemon.log" "$RESULTS/trixie-daemon.log" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

# The end, reached from anywhere: the daemon's state gone, the modules
# unload, the kernel log has no BUG/WARNING/Oops since the start.
BAD='(^|[^[:alnum:]_])(BUG|WARNING|Oops)([^[:alnum:]_]|$)|general protection|refcount_t|Call Trace'
echo "trixie guest-daemon: start" >/dev/kmsg
finish_all() {
	local m bad
	[ -z "${CALLS_PID:-}" ] || { touch "$WORK/stop" "$WORK/stop2"; wait "$CALLS_PID" 2>/dev/null; CALLS_PID=; }
	cleanup_daemon_state
	expect_eq "no nft rule of the daemon left" "$(nft_rules)" "0 0"
	# nf_tables drops a deleted rule's module reference from a work item
	for m in "${MODS[@]}"; do
		if loaded "$m"; then
			if wait_until 30 "rmmod $m to succeed" rmmod "$m" 2>/dev/null; then
				pass "rmmod $m"
			else
				fail "rmmod $m: $(rmmod "$m" 2>&1)"
			fi
		fi
	done
	expect_eq "our modules unloaded" "$(for m in "${MODS[@]}"; do loaded "$m" && echo "$m"; done)" ""
	bad=$(dmesg | awk '/trixie guest-daemon: start/ { p = 1 } p' | grep -E "$BAD")
	expect_eq "kernel log: no BUG/WARNING/Oops" "$bad" ""
	echo "# total: $(elapsed "$T0") s"
	finish
}
T0=$(now)

# --- the packages, on trixie's kernel -----------------------------------------
expect_eq "booted trixie's kernel" "$(uname -r)" "$KVER"
expect_eq "rtpengine-daemon is 12.5" \
	"$(dpkg-query -W -f='${Version}' rtpengine-daemon | cut -d. -f1,2)" 12.5
for p in rtpfwd-dkms rtpnl rtpfwd-iptables; do
	expect_match "$p installed" "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>&1)" '^ii'
done
# (rtpengine-iptables: a name Debian 13's rtpengine-daemon provides)
for p in rtpengine-kernel-dkms rtpengine-iptables; do
	expect_eq "$p not installed" \
		"$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -c '^ii')" 0
done
expect_match "dkms status" "$(dkms status -m rtpfwd -k "$KVER" 2>/dev/null)" "^rtpfwd/.*: installed"
for m in "${MODS[@]}"; do
	path=$(modinfo -n "$m" 2>&1)
	expect_eq "$m: DKMS's, for $KVER" "${path%.xz}" "/lib/modules/$KVER/updates/dkms/$m.ko"
	expect_match "$m: rtpfwd's (modinfo)" "$(modinfo -F description "$m" 2>&1)" '^rtpfwd: '
	expect_eq "$m: vermagic $KVER" "$(modinfo -F vermagic "$m" | cut -d' ' -f1)" "$KVER"
	expect_eq "$m not loaded before use" "$(loaded "$m" && echo loaded)" ""
done
check "the packaged iptables plugin" test -f /usr/lib/x86_64-linux-gnu/xtables/libxt_RTPENGINE.so
echo "# $(rtpengine --version 2>&1 | head -n 1)"

# --- nothing loaded by hand ----------------------------------------------------
# Debian's daemon unit loads nothing either. The 12.5 daemon makes its nft
# rules first (nft_compat, xtables target RTPENGINE: the kernel loads
# ipt_RTPENGINE = xt_RTPENGINE, and rtpfwd with it), then opens
# $PROC/control (del 42, add 42), then 42/control (mmap, INIT).
check "no $PROC before the daemon" test ! -e "$PROC"

# --- the daemon starts: table 42, its nft rules, INIT ------------------------
echo "trixie guest-daemon: daemon start" >/dev/kmsg
if start_daemon; then
	pass "rtpengine 12.5 --table=42 --no-fallback started on rtpfwd, NG ping answered ($(elapsed "$T0") s)"
	started=1
else
	started=0
fi
# What it did up to here, whether it lived or not (its log says).
grep -iE 'kernel|nftables|table|fatal|error|critical' "$WORK/daemon.log" | head -n 20 | sed 's/^/    daemon: /'
echo "    kernel: $(dmesg | awk '/trixie guest-daemon: daemon start/ { p = 1; next } p' | tail -n 5 | tr '\n' '|')"
rules=$(nft_rules)
# rtpengine-daemon's postinst writes /etc/modprobe.d/rtpengine.conf:
# "options xt_RTPENGINE proc_mask=... proc_uid=... proc_gid=..." (the owner
# of /proc/rtpengine for its unit's User=rtpengine): xt_RTPENGINE hands them
# to rtpfwd, and the daemon's table 42 is its user's.
opts=$(grep -h '^options xt_RTPENGINE' /etc/modprobe.d/*.conf 2>/dev/null)
echo "# /etc/modprobe.d: '$opts'"
expect_eq "xt_RTPENGINE knows every option (no 'unknown parameter')" \
	"$(dmesg | grep -c "xt_RTPENGINE: unknown parameter")" 0
if [ -n "$RTPE_USER" ] && [ -n "$opts" ] && [ "$started" = 1 ]; then
	declare -A o=()
	for kv in $opts; do
		case $kv in *=*) o[${kv%%=*}]=${kv#*=} ;; esac
	done
	want="$((${o[proc_uid]:-0})):$((${o[proc_gid]:-0})):$(printf %o $((0555 & ~${o[proc_mask]:-0})))"
	expect_eq "table 42: owner, group and mode from those options" \
		"$(stat -c '%u:%g:%a' "$PROC/42")" "$want"
	expect_eq "... the owner is the daemon's user" "$(stat -c %U "$PROC/42/control")" "$RTPE_USER"
fi
check "rtpfwd autoloaded" loaded rtpfwd
if loaded rtpfwd; then
	expect_eq "the loaded rtpfwd is DKMS's" "$(cat /sys/module/rtpfwd/version 2>/dev/null)" \
		"$(modinfo -F version rtpfwd)"
fi
if [ "$started" = 1 ]; then
	expect_eq "the daemon made its nft rules: INPUT jumps to rtpengine, RTPENGINE target (nft_compat)" \
		"$rules" "1 1"
	check "the daemon's own check of them (--nftables-status)" \
		"$RTPENGINE" --config-file=none --table=42 --nftables-status
	check "nft_compat loaded for them" loaded nft_compat
	check "xt_RTPENGINE autoloaded for the daemon's rule (nft_compat)" loaded xt_RTPENGINE
	expect_match "iptables-nft shows the rule through the packaged plugin" \
		"$(iptables -S rtpengine 2>&1)" '-j RTPENGINE --id 42'
	nft list table ip filter | sed 's/^/    nft: /'
	expect_eq "table 42 exists (the daemon's del/add)" "$(tables)" 42
	expect_eq "the daemon holds table 42's control file" "$(control_pid)" "$DPID"
else
	if grep -q 'kernel_alloc: Assertion' "$WORK/daemon.log"; then
		fail "rtpengine 12.5 aborted at its first mmap() of $PROC/42/control (before INIT): rtpfwd does not serve the 12.5 control ABI yet (docs/rtpengine-12.5-abi.md, section 5); its log:"
	elif grep -q 'Kernel module version mismatch or other fatal error' "$WORK/daemon.log"; then
		fail "rtpengine 12.5 exited at INIT: rtpfwd does not serve the 12.5 control ABI yet (docs/rtpengine-12.5-abi.md); its log:"
	else
		fail "rtpengine 12.5 did not start; its log:"
	fi
	daemon_log_tail 25
	# How far it got: it made table 42 (its del/add) and maybe its rules.
	if [ "$(tables)" = 42 ]; then
		pass "the daemon made table 42 itself (del 42, add 42) before INIT"
	else
		echo "# table 42 not there after the daemon's exit (tables: '$(tables)')"
		# what the daemon does first, by hand: add 42, del 42
		expect_eq "'add 42' on $PROC/control" "$(procw "$PROC/control" 'add 42')" OK
		expect_eq "table 42 listed" "$(tables)" 42
		check "$PROC/42/control exists" test -e "$PROC/42/control"
		expect_eq "'del 42'" "$(procw "$PROC/control" 'del 42')" OK
	fi
	if [ "$rules" = "1 1" ]; then
		pass "the daemon made its nft rules before INIT: INPUT jumps to rtpengine, RTPENGINE target (nft_compat)"
		check "xt_RTPENGINE autoloaded for the daemon's rule (nft_compat)" loaded xt_RTPENGINE
		nft list table ip filter | sed 's/^/    nft: /'
	else
		echo "# nft rules of the daemon (jumps, targets): $rules: not made before INIT"
	fi
	finish_all
fi

# --- calls, every stream kernelized ------------------------------------------
T1=$(now)
$RTPCALLS --calls "$CALLS" --rate "$RATE" --duration 900 --until "$WORK/stop" \
	--ready "$WORK/ready" --progress "$WORK/progress" >"$WORK/calls.json" 2>"$WORK/calls.err" &
CALLS_PID=$!
calls_ready() { [ -f "$WORK/ready" ] || ! kill -0 "$CALLS_PID" 2>/dev/null; }
if wait_until 400 "the $CALLS calls to be set up (rtpcalls.py's ready file)" calls_ready &&
	[ -f "$WORK/ready" ]; then
	pass "$CALLS calls set up over NG (offer, answer) in $(elapsed "$T1") s"
else
	fail "calls not set up: $(cat "$WORK/calls.err")"
	daemon_log_tail
	finish_all
fi
T2=$(now)
if wait_until 240 "$((2 * CALLS)) targets in $PROC/42/status" targets_are $((2 * CALLS)); then
	pass "the daemon kernelized $((2 * CALLS)) streams in $(elapsed "$T2") s after set-up"
else
	fail "status shows $(targets) targets, not $((2 * CALLS))"
	daemon_log_tail
fi
head -n 8 "$PROC/42/list" | sed 's/^/    list: /'

# --- SIGSTOP: the kernel forwards, both parties receive -------------------------
received() { awk '{ print $2 }' "$WORK/progress"; }
both_grew() {
	[ "$(received)" -ge $((r1 + 2 * CALLS)) ] && [ "$(rule_packets)" -ge $((p1 + 2 * CALLS)) ]
}
q1=$($NGCALLS query rtpfwd-call "$CALLS")
echo "# daemon's counters before SIGSTOP: $q1"
p1=$(rule_packets) r1=$(received) t=$(now)
kill -STOP "$DPID"
if wait_until 120 "the parties' receipts and our counters to grow by $((2 * CALLS))" both_grew; then
	pass "daemon stopped: our counters and the parties' receipts grew by >= $((2 * CALLS)) in $(elapsed "$t") s"
else
	fail "daemon stopped: in $(elapsed "$t") s the parties received $(($(received) - r1)), our counters grew by $(($(rule_packets) - p1))"
fi
p2=$(rule_packets)
kill -CONT "$DPID"

# --- the daemon's own statistics: counters the kernel wrote ----------------------
# q: "streams=S packets=P zero=Z missing=M" (ngcalls.py)
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
q2=$($NGCALLS query rtpfwd-call "$CALLS")
echo "# daemon's counters after SIGCONT: $q2 (ours at SIGCONT: $p2)"
expect_eq "NG query: every call answered, $((2 * CALLS)) RTP streams" \
	"$(field "$q2" missing) $(field "$q2" streams)" "0 $((2 * CALLS))"
expect_eq "NG query: no stream at 0 packets" "$(field "$q2" zero)" 0
check "NG query: the daemon's per-stream packets grew by >= $((2 * CALLS)) while it was stopped (kernel-written)" \
	test "$(field "$q2" packets)" -ge $(($(field "$q1" packets) + 2 * CALLS))
check "NG query: the daemon's packets ($(field "$q2" packets)) >= our rules' at SIGCONT ($p2)" \
	test "$(field "$q2" packets)" -ge "$p2"
rtpengine-ctl -ip "${CLI%:*}" -port "${CLI#*:}" list totals 2>&1 | head -n 25 | sed 's/^/    rtpengine-ctl: /'

# --- NG delete empties the table ------------------------------------------------
touch "$WORK/stop"
wait "$CALLS_PID"
CALLS_PID=
result=$(cat "$WORK/calls.json")
echo "# traffic: $result"
expect_match "zero packets lost over set-up, kernelizing, stop and continue" "$result" '"lost": 0,'
expect_eq "NG delete of the $CALLS calls" "$($NGCALLS delete rtpfwd-call "$CALLS")" "deleted=$CALLS failed=0"
if wait_until 120 "NG delete to remove every target" targets_are 0; then
	pass "NG delete removed the $((2 * CALLS)) targets"
else
	fail "NG delete: $(targets) targets left"
fi

# --- SIGKILL mid-traffic, restart ----------------------------------------------
$RTPCALLS --calls 5 --rate "$RATE" --duration 600 --until "$WORK/stop2" --prefix again --base 21000 \
	--ready "$WORK/ready2" --progress "$WORK/progress2" >"$WORK/calls2.json" 2>"$WORK/calls2.err" &
CALLS_PID=$!
if wait_until 120 "10 targets for 5 new calls" targets_are 10; then
	pass "5 new calls kernelized"
else
	fail "5 new calls: $(targets) targets, not 10"
fi
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
DPID=
expect_eq "after SIGKILL: control file released" "$(control_pid)" 0
expect_eq "after SIGKILL: the rules stay" "$(targets)" 10
expect_eq "after SIGKILL: the nft rules stay" "$(nft_rules)" "1 1"
p3=$(rule_packets)
wait_until 60 "our counters to grow after SIGKILL" packets_above "$p3"
check "after SIGKILL: our counters keep growing ($p3 -> $(rule_packets))" packets_above "$p3"
touch "$WORK/stop2"
wait "$CALLS_PID"
CALLS_PID=
expect_match "zero packets lost over SIGKILL" "$(cat "$WORK/calls2.json")" '"lost": 0,'

if start_daemon; then
	pass "restarted daemon answers NG ping"
else
	fail "restarted daemon did not start"
	daemon_log_tail
	finish_all
fi
expect_eq "restarted daemon recreated table 42 (its del/add): no target" "$(targets)" 0
expect_eq "restarted daemon holds the control file" "$(control_pid)" "$DPID"
expect_eq "restarted daemon: its nft rules once, not twice" "$(nft_rules)" "1 1"
$RTPCALLS --calls 5 --rate "$RATE" --duration 12 --prefix third --base 22000 \
	--ready "$WORK/ready3" >"$WORK/calls3.json" 2>"$WORK/calls3.err" &
CALLS_PID=$!
if wait_until 120 "10 targets of the restarted daemon" targets_are 10; then
	pass "restarted daemon kernelizes 5 new calls"
else
	fail "restarted daemon: $(targets) targets, not 10"
fi
wait "$CALLS_PID"
CALLS_PID=
expect_match "zero packets lost with the restarted daemon" "$(cat "$WORK/calls3.json")" '"lost": 0,'
expect_eq "NG delete of the 5 calls" "$($NGCALLS delete third 5)" "deleted=5 failed=0"
if wait_until 60 "NG delete to remove every target" targets_are 0; then
	pass "NG delete removed the targets"
else
	fail "NG delete: $(targets) targets left"
fi

# --- SIGTERM: the daemon cleans up after itself ----------------------------------
stop_daemon
expect_eq "after SIGTERM: the daemon removed its nft rules" "$(nft_rules)" "0 0"
expect_eq "after SIGTERM: the daemon deleted table 42" "$(tables)" ""
finish_all
