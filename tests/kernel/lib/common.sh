# SPDX-License-Identifier: GPL-2.0-only
# Shared helpers for the VM test scripts (sourced, bash). Each script prints
# PASS:/FAIL: lines and ends with `finish`, which exits non-zero on any FAIL.
set -u

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
RTPNL=${RTPNL:-${BUILD:-$REPO/build}/userspace/userspace/cli/rtpnl}
PROC=/proc/rtpengine
# Our iptables plugin first, then the system's extensions.
XTABLES_LIBDIR="${BUILD:-$REPO/build}/userspace/userspace/xtables:$(pkg-config --variable=xtlibdir xtables 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/xtables)"
export XTABLES_LIBDIR
FAILS=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

# check DESCRIPTION COMMAND...: pass when the command succeeds
check() {
	local desc=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$desc"; else fail "$desc"; fi
}

# expect_eq DESCRIPTION ACTUAL EXPECTED
expect_eq() {
	if [ "$2" == "$3" ]; then
		pass "$1"
	else
		fail "$1: expected '$3', got '$2'"
	fi
}

# expect_match DESCRIPTION ACTUAL EXTENDED-REGEX
expect_match() {
	if [[ $2 =~ $3 ]]; then
		pass "$1"
	else
		fail "$1: '$2' does not match '$3'"
	fi
}

# The Debian interpreter, not a version-manager shim: start-up time matters
# under emulation.
PYTHON=/usr/bin/python3
# The test tools run as modules (python3 -m): their byte code is cached after
# the first start. A script named by its path is compiled on every start,
# about a quarter of a genl.py call under emulation (0.4 of 1.7 s).
export PYTHONPATH="$REPO/tests/kernel/lib${PYTHONPATH:+:$PYTHONPATH}"
GENL="$PYTHON -m genl"
# The UDP endpoints: the compiled udp_peer (userspace/tools/udp_peer.cpp)
# starts ~10x faster than udp.py under emulation and behaves the same; udp.py
# where the build tree is not there (a root booted without it).
UDP_PEER=${BUILD:-$REPO/build}/userspace/userspace/tools/udp_peer
if [ -x "$UDP_PEER" ]; then
	UDP=$UDP_PEER
else
	UDP="$PYTHON -m udp"
fi
# genl_serve [NS]: one genl.py for the rest of the script, in namespace NS
# (none: the script's own)
# ("genl batch --serve" on two FIFOs); genl WORDS... then runs the genl.py
# command WORDS there and prints its output, as "ip netns exec NS $GENL
# WORDS" would, without a Python start each time (~1.5 s under emulation).
# genl_stop ends it: before the namespace goes, as the process holds it.
# Not a coprocess: the server is disowned, so a script's bare `wait` (for
# its own background jobs) does not wait for it too.
genl_serve() {
	local d in=()
	[ -z "${1:-}" ] || in=(ip netns exec "$1")
	d=$(mktemp -d)
	mkfifo "$d/to" "$d/from"
	"${in[@]}" $PYTHON -m genl batch --serve <"$d/to" >"$d/from" &
	GENL_PID=$!
	disown "$GENL_PID"
	exec {GENL_TO}>"$d/to" {GENL_FROM}<"$d/from"
	rm -r "$d"
}
# The whole answer is read before any of it is printed: a reader that stops
# early (genl ... | head -1) must not leave the rest for the next command.
genl() {
	local line lines=()
	[ -n "${GENL_TO:-}" ] || { echo "genl: no genl_serve"; return 1; }
	printf '%q ' "$@" >&"$GENL_TO"
	echo >&"$GENL_TO"
	while IFS= read -r -u "$GENL_FROM" line; do
		if [ "$line" = "--- genl done" ]; then
			[ ${#lines[@]} -eq 0 ] || printf '%s\n' "${lines[@]}"
			return 0
		fi
		lines+=("$line")
	done
	[ ${#lines[@]} -eq 0 ] || printf '%s\n' "${lines[@]}"
	echo "genl: the server ended"
	return 1
}
# An explicit stop line, not end of input: background jobs started since
# genl_serve hold copies of the pipe.
genl_stop() {
	[ -n "${GENL_TO:-}" ] || return 0
	echo "--- genl stop" >&"$GENL_TO"
	exec {GENL_TO}>&- {GENL_FROM}<&-
	GENL_TO= GENL_FROM=
	wait_until 60 "the genl server to end" genl_server_gone
}
genl_server_gone() { ! kill -0 "$GENL_PID" 2>/dev/null; }
# libsrtp2's side of the SRTP tests (userspace/tools/srtp_peer.cpp)
SRTP_PEER=${BUILD:-$REPO/build}/userspace/userspace/tools/srtp_peer

# errno_name MESSAGE: the errno name for a strerror text in MESSAGE
errno_name() {
	case $1 in
	*"Invalid argument"*) echo EINVAL ;;
	*"File exists"*) echo EEXIST ;;
	*"No such file or directory"*) echo ENOENT ;;
	*"Numerical result out of range"*) echo ERANGE ;;
	*"Device or resource busy"*) echo EBUSY ;;
	*"Operation not permitted"*) echo EPERM ;;
	*"Permission denied"*) echo EACCES ;;
	*) echo "unknown($1)" ;;
	esac
}

# procw FILE DATA: one write(2) of DATA (printf %b escapes: \n, \t, \x00)
# to FILE; prints OK or the errno name (EINVAL, EEXIST, ...). Bash when it
# can (a process per write dominates the run time under emulation), Python
# when bash would split the write: bash line-buffers its output, and its
# printf may stop at a NUL.
procw() {
	local err data
	printf -v data '%b' "$2"
	if [[ $2 == *'\x00'* || ${data%$'\n'} == *$'\n'* ]]; then
		$PYTHON -c 'import errno, os, sys
fd = os.open(sys.argv[1], os.O_WRONLY)
try:
    os.write(fd, sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])' "$1" "$2"
		return
	fi
	if err=$({ printf '%s' "$data" >"$1"; } 2>&1); then
		echo OK
	else
		errno_name "$err"
	fi
}

# fdw FD DATA: like procw, through an already open descriptor
fdw() {
	local err
	if err=$({ printf '%b' "$2" >&"$1"; } 2>&1); then
		echo OK
	else
		errno_name "$err"
	fi
}

tables() { tr '\n' ' ' <"$PROC/list" | sed 's/ $//'; }

# rtpfwd's module references held by tables (one each): the reference
# count minus the modules that use rtpfwd's symbols (xt_RTPENGINE, ...).
# Builtins only: expect_modrefs polls it.
modrefs() {
	local h holders=0 refcnt
	for h in /sys/module/rtpfwd/holders/*; do
		[ -e "$h" ] && holders=$((holders + 1))
	done
	read -r refcnt </sys/module/rtpfwd/refcnt
	echo $((refcnt - holders))
}

# expect_modrefs NAME N [SECONDS]: the tables' module references drop to N
# within SECONDS (60, scaled: a ceiling, not a wait); tables are freed after
# an RCU grace period, a dead namespace's after its cleanup work
expect_modrefs() {
	local until=$((SECONDS + $(scaled "${3:-60}")))
	# tables are freed after a grace period, from a workqueue: a table of
	# 100,000 rules takes seconds there on a debug kernel
	while [ "$(modrefs)" != "$2" ] && [ "$SECONDS" -lt "$until" ]; do
		nap 0.2
	done
	expect_eq "$1" "$(modrefs)" "$2"
}

finish() {
	if [ "$FAILS" -eq 0 ]; then exit 0; fi
	echo "$FAILS check(s) failed"
	exit 1
}

# rtpnl_result NS ARGS...: "rc=N out=STDOUT err=STDERR" of rtpnl ARGS run
# in network namespace NS (newlines kept), for one expect_eq on all three
rtpnl_result() {
	local ns=$1 out err rc errfile=/tmp/rtpnl-result.$BASHPID
	shift
	# this shell's own file, overwritten next time: no mktemp, cat or rm
	# (a process start costs ~0.1 s under emulation)
	out=$(ip netns exec "$ns" "$RTPNL" "$@" 2>"$errfile")
	rc=$?
	err=$(<"$errfile")
	echo "rc=$rc out=$out err=$err"
}

# scaled SECONDS: SECONDS times VM_TIMEOUT_FACTOR (slow or debug kernels),
# rounded up
scaled() {
	case ${VM_TIMEOUT_FACTOR:-1} in
	1) echo "$1" ;;
	*) awk -v n="$1" -v f="$VM_TIMEOUT_FACTOR" 'BEGIN { v = n * f; i = int(v); print (v > i) ? i + 1 : i }' ;;
	esac
}

# nap SECONDS: sleep without starting a process (a start costs ~0.1 s under
# emulation, and the polls below nap hundreds of times a script): a read with
# a timeout on a pipe that nobody writes to and that never ends, as this
# shell holds its write end too.
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

# wait_until SECONDS WHAT COMMAND...: poll COMMAND until it succeeds (every
# 0.05 s for the first quarter second, then every 0.2 s). After SECONDS
# (scaled) say on stderr what was not seen in time, and return 1.
# Ceilings are generous: on a loaded host the awaited thing is only late.
wait_until() {
	local limit what=$2 deadline polls=0
	limit=$(scaled "$1")
	deadline=$((SECONDS + limit))
	shift 2
	until "$@"; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "wait_until: gave up after $limit s waiting for $what" >&2
			return 1
		fi
		if [ $((polls += 1)) -le 5 ]; then nap 0.05; else nap 0.2; fi
	done
}

# loopback_flow NAME SRC-PORT LOCAL-PORT RECV-PORT COUNT WANT [udp.py send
# options]: in namespace $NS, COUNT datagrams from 127.0.0.1:SRC-PORT to the
# rule of 127.0.0.1:LOCAL-PORT, received on RECV-PORT (the rule's output, or
# LOCAL-PORT itself when handed up); checks "received=N from=..." is WANT
loopback_flow() {
	local name=$1 sport=$2 lport=$3 rport=$4 count=$5 want=$6
	shift 6
	expect_eq "$name" "$(udp_exchange $NS "127.0.0.1:$rport" "$count" $NS "127.0.0.1:$sport" \
		"127.0.0.1:$lport" "$count" "$@" | cut -d' ' -f1,3)" "$want"
}

# file_has FILE PREFIX: a line of FILE (missing: none) starts with PREFIX;
# it is in $line. Builtins only, for polls: a grep per poll is a process
# start (~0.1 s under emulation), taken from what is being waited for.
file_has() {
	while IFS= read -r line; do
		[ "${line#"$2"}" != "$line" ] && return 0
	done 2>/dev/null <"$1"
	return 1
}
# receiver_up: the receiver writing to $out (pid $rpid) said "ready", or is gone
receiver_up() { file_has "$out" ready || ! kill -0 "$rpid" 2>/dev/null; }

# udp_exchange RECV-NS BIND COUNT SEND-NS SRC DST SENT [udp.py send options]:
# a udp.py receiver for COUNT datagrams at BIND in RECV-NS, then SENT
# datagrams from SRC to DST in SEND-NS; prints the receiver's
# "received=N intact=N from=..." line, or what went wrong instead. The
# sender starts only once the receiver has bound its socket (its "ready"),
# and the result is read only after the receiver has reported. The receiver
# waits up to 120 s for the sender, but only DRAIN_SECONDS once the sender
# is done (SIGUSR1), so an expected "received=0" stays quick.
# Only shell builtins between the two tools' starts: a process start costs
# ~0.1 s under emulation. $out is this shell's own file ($BASHPID: exchanges
# may run side by side in subshells), overwritten by the next exchange.
udp_exchange() {
	local rns=$1 bind=$2 count=$3 sns=$4 src=$5 dst=$6 sent=$7 out rpid rc line all
	shift 7
	out=/tmp/udp-exchange.$BASHPID
	: >"$out"
	ip netns exec "$rns" $UDP recv "$bind" "$count" \
		"$(scaled 120)" >"$out" 2>&1 &
	rpid=$!
	wait_until 120 "the receiver at $bind in $rns to bind" receiver_up
	if ! file_has "$out" ready; then
		kill "$rpid" 2>/dev/null
		wait "$rpid"
		mapfile -t all <"$out"
		echo "receiver at $bind in $rns not ready: ${all[*]}"
		return
	fi
	ip netns exec "$sns" $UDP send "$src" "$dst" "$sent" "$@"
	kill -USR1 "$rpid" 2>/dev/null
	wait "$rpid"
	rc=$?
	if file_has "$out" received=; then
		echo "$line"
	else
		mapfile -t all <"$out"
		echo "receiver at $bind in $rns reported nothing (exit $rc): ${all[*]}"
	fi
}
