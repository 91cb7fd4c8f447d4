# Shared helpers for the VM test scripts (sourced, bash). Each script prints
# PASS:/FAIL: lines and ends with `finish`, which exits non-zero on any FAIL.
set -u

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
RTPNL=${RTPNL:-$REPO/build/userspace/userspace/cli/rtpnl}
PROC=/proc/rtpengine
# Our iptables plugin first, then the system's extensions.
XTABLES_LIBDIR="$REPO/build/userspace/userspace/xtables:$(pkg-config --variable=xtlibdir xtables 2>/dev/null || echo /usr/lib/x86_64-linux-gnu/xtables)"
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
GENL="$PYTHON $REPO/tests/kernel/lib/genl.py"

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
modrefs() {
	local holders
	holders=$(find /sys/module/rtpfwd/holders -mindepth 1 -maxdepth 1 | wc -l)
	echo $(($(cat /sys/module/rtpfwd/refcnt) - holders))
}

# expect_modrefs NAME N [TRIES]: the tables' module references drop to N
# within TRIES x 0.2 s (50); tables are freed after an RCU grace period, a
# dead namespace's after its cleanup work
expect_modrefs() {
	local i
	for ((i = 0; i < ${3:-50}; i++)); do
		[ "$(modrefs)" = "$2" ] && break
		sleep 0.2
	done
	expect_eq "$1" "$(modrefs)" "$2"
}

finish() {
	if [ "$FAILS" -eq 0 ]; then exit 0; fi
	echo "$FAILS check(s) failed"
	exit 1
}

# udp_exchange RECV-NS BIND COUNT SEND-NS SRC DST SENT [udp.py send options]:
# a udp.py receiver for COUNT datagrams at BIND in RECV-NS, then SENT
# datagrams from SRC to DST in SEND-NS; prints the receiver's
# "received=N intact=N from=..." line. The receiver waits up to 60 s for a
# sender that starts late on a loaded host, but only DRAIN_SECONDS once the
# sender is done (SIGUSR1), so an expected "received=0" stays quick.
udp_exchange() {
	local rns=$1 bind=$2 count=$3 sns=$4 src=$5 dst=$6 sent=$7 out rpid
	shift 7
	out=$(mktemp)
	ip netns exec "$rns" "$PYTHON" "$REPO/tests/kernel/lib/udp.py" recv "$bind" "$count" 60 >"$out" &
	rpid=$!
	for _ in $(seq 300); do grep -q ready "$out" && break; sleep 0.1; done
	ip netns exec "$sns" "$PYTHON" "$REPO/tests/kernel/lib/udp.py" send "$src" "$dst" "$sent" "$@"
	kill -USR1 "$rpid" 2>/dev/null
	wait "$rpid"
	grep received "$out"
	rm -f "$out"
}
