#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# guest-run.sh: stage 2 inside the test VM (after switch_root from tests/vm/init).
# Finishes the guest setup, installs the project's modules so that modprobe and
# kernel autoloading find them, runs each test script with a timeout, checks
# the kernel log for BUG/WARNING/Oops/... after each one, unloads our modules,
# prints "N passed, N failed", writes the exit status to the results share and
# powers off.  Settings come from $RESULTS/.vm/env, written by run.sh.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# --- basic mounts (stage 1 moved /dev, /proc, /sys here) ---------------------
bb=/bin/busybox
[ -e /proc/self ] || $bb mount -t proc proc /proc
[ -e /sys/kernel ] || $bb mount -t sysfs sysfs /sys
[ -e /dev/null ] || $bb mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts /dev/pts
ln -sf pts/ptmx /dev/ptmx
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
ln -sfn /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null || true
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null || true

exec </dev/ttyS0 >/dev/ttyS0 2>&1

RESULTS=
read -ra cmdline </proc/cmdline
for arg in "${cmdline[@]}"; do
	case $arg in vm.results=*) RESULTS=${arg#vm.results=} ;; esac
done
STATUS=$RESULTS/.vm/status

finish() { # finish EXIT-STATUS
	echo "$1" >"$STATUS"
	sync
	if [ "${VM_SHELL:-0}" = 1 ]; then
		stty sane
		echo "vm: exit status $1; interactive shell (exit or Ctrl-D powers off)"
		setsid -c bash -l
	fi
	echo o >/proc/sysrq-trigger
	sleep 30 2>/dev/null # the root share may be gone before sleep runs
}

if ! [ -f "$RESULTS/.vm/env" ]; then
	echo "vm: FATAL: $RESULTS/.vm/env not found (results share not mounted?)"
	VM_SHELL=1 finish 1
fi
# shellcheck source=/dev/null
. "$RESULTS/.vm/env"
# Serial console: no \n -> \r\n translation, no echo (clean output on the host).
[ "${VM_SHELL:-0}" = 1 ] || stty raw -echo 2>/dev/null

hostname vm-"$KVER" 2>/dev/null || true
ip link set lo up

# Static keys on the packet path, held enabled for the whole run so that no
# test toggles them. A toggle patches kernel text (int3, then the new
# instruction) while other vCPUs may be executing it; under TCG that raced
# once: "Oops: int3" in __netif_receive_skb_core's timestamp check while the
# rtpengine daemon's sockets came and went (CI, 2026-12-03). Held here:
# netstamp_needed_key (a socket with SO_TIMESTAMP, by a sleeping process) and
# the netfilter hook keys (a base chain on every inet hook, in a namespace
# of its own that no test flushes). Chain names are not nft keywords ("in",
# "fwd" are); failing to hold them fails the run (at the final check).
setup_why=
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_TIMESTAMP, 1)
while True: time.sleep(86400)' </dev/null >/dev/null 2>&1 &
ip netns add vm-static-keys 2>/dev/null &&
	ip netns exec vm-static-keys nft -f - <<'NFT' || setup_why="could not hold the netfilter hook keys"
table inet vm_static_keys {
	chain hold_prerouting { type filter hook prerouting priority 0; }
	chain hold_input { type filter hook input priority 0; }
	chain hold_forward { type filter hook forward priority 0; }
	chain hold_output { type filter hook output priority 0; }
	chain hold_postrouting { type filter hook postrouting priority 0; }
}
NFT
[ -z "$setup_why" ] || echo "vm: $setup_why"
if [ -e /proc/sys/kernel/unprivileged_userns_clone ]; then
	echo 1 >/proc/sys/kernel/unprivileged_userns_clone
fi
# Allow the "nobody" user of the tests to ping in namespaces.
echo "0 2147483647" >/proc/sys/net/ipv4/ping_group_range 2>/dev/null || true
export HOME=/root TERM=${TERM:-dumb}

# --- kernel-log checker -------------------------------------------------------
# Lines of dmesg already checked; the log buffer is big (log_buf_len on the
# cmdline) so line offsets stay valid for a test run.
DMESG_SEEN=0
BAD_RE='(^|[^[:alnum:]_])(BUG|WARNING|Oops|UBSAN|KASAN|KCSAN|kmemleak)([^[:alnum:]_]|$)|general protection|refcount_t|Redzone|Poison overwritten|Object corrupt|Freepointer corrupt|Padding overwritten|Call Trace|list_add corruption|list_del corruption|kernel BUG|stack-protector|soft lockup|hard LOCKUP|blocked for more than|rcu.*stall|Kernel panic|double free|use-after-free|out-of-bounds'
# lockdep, RCU and debugobjects reports of a debug kernel (tests/debug-kernel/)
BAD_RE+='|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|lock held when returning|ODEBUG|sleeping function called from invalid context|scheduling while atomic|unreferenced object'
dmesg_check() { # dmesg_check LABEL -> 0 if no new bad line
	local all new n
	all=$(dmesg)
	n=$(printf '%s\n' "$all" | wc -l)
	new=$(printf '%s\n' "$all" | tail -n +"$((DMESG_SEEN + 1))" | grep -E "$BAD_RE")
	DMESG_SEEN=$n
	if [ -n "$new" ]; then
		echo "vm: kernel log problems after $1:"
		printf '%s\n' "$new" | sed 's/^/    dmesg: /'
		return 1
	fi
	return 0
}

# A kernel with kmemleak (the debug kernel): leaks found by an explicit scan.
# An object is reported by the second scan that finds it unreferenced, and
# only once it is 5 s old (kmemleak's MSECS_MIN_AGE): scan, wait, scan.
KMEMLEAK=/sys/kernel/debug/kmemleak
kmemleak_scan() {
	echo scan >"$KMEMLEAK" && sleep 6 && echo scan >"$KMEMLEAK"
}
kmemleak_check() { # kmemleak_check LABEL -> 0 if no new leak
	local leaks
	[ -w "$KMEMLEAK" ] || return 0
	kmemleak_scan
	leaks=$(cat "$KMEMLEAK")
	echo clear >"$KMEMLEAK" # reported once
	if [ -n "$leaks" ]; then
		echo "vm: kmemleak: unreferenced objects after $1:"
		printf '%s\n' "$leaks" | sed 's/^/    kmemleak: /'
		return 1
	fi
	return 0
}

echo "vm: stage 2 set up" >/dev/kmsg
# --- install our modules ------------------------------------------------------
echo "vm: kernel $(uname -r), $(nproc) CPUs, $(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024)) MiB"
# A kernel built elsewhere (run.sh VM_MODTREE): its modules are there.
if [ "${MODTREE:-/lib/modules/$KVER}" != "/lib/modules/$KVER" ] && ! [ -e "/lib/modules/$KVER" ]; then
	ln -s "$MODTREE" "/lib/modules/$KVER"
fi
# MODDIR is a Kbuild output tree: the modules sit in its subdirectories.
if [ -n "${VM_ROOT:-}" ]; then
	echo "vm: root $VM_ROOT: its own modules ($(find "/lib/modules/$KVER/updates" -name '*.ko*' 2>/dev/null | wc -l) under updates/)"
elif [ -n "${MODDIR:-}" ] && [ -n "$(find "$MODDIR" -name '*.ko' 2>/dev/null)" ]; then
	dst=/lib/modules/$KVER/updates/rtpfwd
	mkdir -p "$dst"
	find "$MODDIR" -name '*.ko' -exec cp {} "$dst"/ \;
	# modules.* were generated on the host by run.sh (depmod in the guest
	# would take ~40 s); wait for it, then install them.
	t0=$(date +%s%N)
	for _ in $(seq 1200); do
		[ -e "$RESULTS/.vm/depmod.done" ] || [ -e "$RESULTS/.vm/depmod.failed" ] && break
		sleep 0.1
	done
	if ! [ -e "$RESULTS/.vm/depmod.done" ]; then
		echo "vm: FATAL: host-side depmod failed or did not finish"
		finish 1
	fi
	for f in "$RESULTS/.vm/modules/lib/modules/$KVER"/modules.*; do
		cp "$f" "/lib/modules/$KVER/"
	done
	t1=$(date +%s%N)
	echo "vm: installed $(cd "$dst" && echo *.ko) into $dst (waited $(((t1 - t0) / 1000000)) ms for depmod)"
else
	echo "vm: FATAL: no *.ko under MODDIR=${MODDIR:-}"
	finish 1
fi

if dmesg_check boot; then :; else echo "vm: (boot-time kernel log problems above are not counted)"; fi
if [ -w "$KMEMLEAK" ]; then
	# What boot leaked is not ours: scanned and set aside.
	kmemleak_scan && echo clear >"$KMEMLEAK"
	echo "vm: kmemleak: boot-time objects set aside; scans after the tests and after unloading"
	DMESG_SEEN=$(dmesg | wc -l)
fi

echo "vm: running tests" >/dev/kmsg
# --- run the tests ------------------------------------------------------------
# shellcheck source=tests/vm/limits.sh
. "$(dirname "$0")/limits.sh"
TRACE=/tmp/vm-test.trace
TIMED_OUT=/tmp/vm-test.timed-out

# timeout_report SCRIPT LIMIT SID: what a script that hit its limit was doing:
# its last traced lines (bash -x, into TRACE) and its processes.
timeout_report() {
	local p
	echo "vm: TIMEOUT: $1 still running after $2 s; its last traced lines:"
	tail -n 12 "$TRACE" 2>/dev/null | cut -c1-240 | sed 's/^/    trace: /'
	echo "vm: its processes (session $3):"
	ps -s "$3" -o pid=,stat=,etimes=,wchan:24=,args= 2>/dev/null | cut -c1-200 | sed 's/^/    ps: /'
	for p in $(ps -s "$3" -o pid=,stat= 2>/dev/null | awk '$2 ~ /^D/ { print $1 }'); do
		echo "vm: kernel stack of $p (uninterruptible):"
		sed 's/^/    stack: /' "/proc/$p/stack" 2>/dev/null
	done
}

# run_limited SCRIPT LIMIT: bash SCRIPT in its own session, traced into
# TRACE; at LIMIT seconds report what it is doing, kill its session (TERM,
# KILL 10 s later) and return 124.
run_limited() {
	local script=$1 limit=$2 pid watchdog rc
	rm -f "$TIMED_OUT"
	# bash -c with $0 = SCRIPT: the script sees itself as $0, as with
	# "bash SCRIPT"; PS4 is set here as bash ignores it from the environment
	# for root.
	# VM_TRACE=0 (VM_ENV): no trace, e.g. for a benchmark. Each traced line
	# starts with its time; VM_TRACE_KEEP=1 (VM_ENV) keeps every script's
	# trace in $RESULTS/traces/ (tests/vm/trace-profile.py sums them by line).
	if [ "${VM_TRACE:-1}" = 0 ]; then
		echo "(VM_TRACE=0: no trace)" >"$TRACE"
		(cd "$REPO" && exec setsid bash "$script" </dev/null) &
	else
		# shellcheck disable=SC2016 # expanded by the inner bash
		(cd "$REPO" && exec setsid bash -c 'exec 19>"$1"; shift; BASH_XTRACEFD=19
			PS4='\''+ ${EPOCHREALTIME} ${BASH_SOURCE[0]##*/}:${LINENO}: '\''; set -x; . "$0"' \
			"$script" "$TRACE" </dev/null) &
	fi
	pid=$!
	(
		trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
		sleep "$limit" &
		sleeper=$!
		wait "$sleeper"
		kill -0 "$pid" 2>/dev/null || exit 0
		touch "$TIMED_OUT"
		timeout_report "$script" "$limit" "$pid"
		kill -TERM -- "-$pid" 2>/dev/null
		for _ in $(seq 100); do
			kill -0 "$pid" 2>/dev/null || exit 0
			sleep 0.1
		done
		echo "vm: $script: still running 10 s after SIGTERM, SIGKILL"
		kill -KILL -- "-$pid" 2>/dev/null
	) &
	watchdog=$!
	wait "$pid"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog"
	if [ -e "$TIMED_OUT" ]; then
		# What the script left behind in its session goes too.
		kill -KILL -- "-$pid" 2>/dev/null
		return 124
	fi
	return "$rc"
}

passed=0 failed=0
failed_list=()
export REPO KVER MODDIR RESULTS BUILD VM_TIMEOUT_FACTOR
for t in "${VM_TESTS[@]}"; do
	limit=$(cd "$REPO" && test_limit "$t")
	echo "==> $t (limit $limit s)"
	t0=$(date +%s)
	echo "$t $limit $t0" >"$RESULTS/.vm/current"
	run_limited "$t" "$limit"
	rc=$?
	if [ "${VM_TRACE_KEEP:-0}" = 1 ]; then
		mkdir -p "$RESULTS/traces"
		cp "$TRACE" "$RESULTS/traces/${t##*/}.trace"
	fi
	t1=$(date +%s)
	why=
	if [ "$rc" = 124 ]; then
		why="timed out after $limit s (its '# timeout:' line, VM_TEST_TIMEOUT, VM_TIMEOUT_FACTOR)"
	elif [ "$rc" != 0 ]; then
		why="exit status $rc"
	fi
	if ! dmesg_check "$t"; then
		why="${why:+$why, }kernel log problems"
	fi
	if [ -z "$why" ]; then
		echo "PASS: $t ($((t1 - t0)) s)"
		passed=$((passed + 1))
	else
		echo "FAIL: $t: $why ($((t1 - t0)) s)"
		failed=$((failed + 1))
		failed_list+=("$t")
	fi
done
echo "unload 60 $(date +%s)" >"$RESULTS/.vm/current"

# --- unload our modules -------------------------------------------------------
why=
if ! kmemleak_check "the tests"; then
	why="memory leaks"
fi
# where our modules were, to read kmemleak backtraces of objects they leaked
mods=$(grep -E '^(xt_RTPENGINE|nft_rtpengine|rtpfwd) ' /proc/modules)
# A namespace the last script deleted lets go of the modules (its xtables
# rules, its tables) in its cleanup work, which may still run: rmmod is
# retried for 60 s; a reference still held then is a leak.
unload_ours() {
	local m
	for m in xt_RTPENGINE nft_rtpengine rtpfwd; do
		[ ! -e "/sys/module/$m" ] || rmmod "$m" 2>/dev/null || return 1
	done
}
unload_until=$((SECONDS + 60))
until unload_ours || [ "$SECONDS" -ge "$unload_until" ]; do
	sleep 0.2
done
for m in xt_RTPENGINE nft_rtpengine rtpfwd; do
	[ -e "/sys/module/$m" ] || continue
	why="${why:+$why, }module $m cannot be unloaded: leaked reference? (refcnt $(cat "/sys/module/$m/refcnt" 2>/dev/null))"
done
if ! kmemleak_check "module unload"; then
	why="${why:+$why, }memory leaks at unload"
	printf '%s\n' "$mods" | sed 's/^/    modules before unload: /'
fi
if ! dmesg_check "module unload"; then
	why="${why:+$why, }kernel log problems"
fi
[ -z "$setup_why" ] || why="${why:+$why, }the run's setup: $setup_why"
if [ -z "$why" ]; then
	echo "PASS: unload and final kernel log check"
	passed=$((passed + 1))
else
	echo "FAIL: unload: $why"
	failed=$((failed + 1))
	failed_list+=(unload)
fi

[ "$failed" = 0 ] || echo "vm: failed: ${failed_list[*]}"
echo "$passed passed, $failed failed"
if [ "$failed" = 0 ]; then finish 0; else finish 1; fi
