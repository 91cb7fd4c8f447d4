# Shared helpers for the VM test scripts (sourced, bash). Each script prints
# PASS:/FAIL: lines and ends with `finish`, which exits non-zero on any FAIL.
set -u

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
RTPNL=${RTPNL:-$REPO/build/userspace/userspace/cli/rtpnl}
GENL="python3 $REPO/tests/kernel/lib/genl.py"
PROC=/proc/rtpengine
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

# procw FILE DATA: one write(2) of DATA (backslash escapes allowed) to FILE;
# prints OK or the errno name (EINVAL, EEXIST, ...).
procw() {
	python3 - "$@" <<'PY'
import errno, os, sys
data = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
try:
    fd = os.open(sys.argv[1], os.O_WRONLY)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])
PY
}

tables() { tr '\n' ' ' <"$PROC/list" | sed 's/ $//'; }

# rtpfwd's module reference count: each table holds one.
modrefs() { cat /sys/module/rtpfwd/refcnt; }

finish() {
	if [ "$FAILS" -eq 0 ]; then exit 0; fi
	echo "$FAILS check(s) failed"
	exit 1
}
