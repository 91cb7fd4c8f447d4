#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run.sh DEBDIR: rtpfwd's own .debs on Debian 13 with rtpengine 12.5
# (issue 15's proof harness, `make check-trixie`).
#
#  1. the cached trixie root (mkroot.sh, built once per key outside the tree)
#     is copied to $BUILD/trixie/root;
#  2. the .debs from DEBDIR are installed into the copy with dpkg, natively
#     on the host (chroot): rtpfwd-dkms's postinst has DKMS build the
#     modules for trixie's kernel (KVER from the root's env file), never in
#     the emulated VM;
#  3. the VM boots that root on trixie's kernel and runs guest-daemon.sh
#     (TRIXIE_VM_TESTS), Debian 13's rtpengine-daemon 12.5 on our modules;
#  4. the packages are purged (chroot).
#
# Never installs anything on the host and never touches its /lib/modules.
# Environment: BUILD (build), TRIXIE_ROOT_CACHE (mkroot.sh's cache),
# RTPE_CALLS (calls in the guest, default 300), TRIXIE_VM_TESTS.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DEBDIR=$(cd "$1" && pwd)
export BUILD=${BUILD:-$REPO/build}
ROOT=$BUILD/trixie/root
PKGS=(rtpfwd-dkms rtpnl librtpnl1 librtpnl-dev rtpfwd-iptables)
read -ra VM_TESTS <<<"${TRIXIE_VM_TESTS:-tests/trixie/guest-daemon.sh}"

fails=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
now() { date +%s; }

# in_root COMMAND...: COMMAND chrooted into ROOT with /proc (dkms needs it)
# mounted only meanwhile, so nothing of the host is ever mounted in ROOT
# when rsync --delete runs over it.
in_root() {
	local rc=0
	mount -t proc proc "$ROOT/proc"
	chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
	umount "$ROOT/proc"
	return $rc
}
installed() { dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'; }

t0=$(now)
CACHED=$("$HERE/mkroot.sh")
# KVER, VM_KERNEL, VM_MODTREE from its env file; not its ROOT (the cached
# root itself, never installed into: ROOT here is the copy).
KVER='' VM_KERNEL='' VM_MODTREE=''
while IFS='=' read -r k v; do
	case $k in KVER | VM_KERNEL | VM_MODTREE) printf -v "$k" '%s' "$v" ;; esac
done <"$CACHED/env"
[ -n "$KVER" ] && [ -n "$VM_KERNEL" ] && [ -n "$VM_MODTREE" ] || { echo "run.sh: incomplete $CACHED/env" >&2; exit 2; }
case $ROOT/ in "$CACHED"/*) echo "run.sh: $ROOT is inside the cache $CACHED" >&2; exit 2 ;; esac
t_base=$(now)
echo "trixie: cached root $CACHED ($KVER; $(tr '\n' ' ' <"$CACHED/versions"))"

mkdir -p "$BUILD/trixie"
if [ -d "$ROOT/proc" ] && mountpoint -q "$ROOT/proc"; then
	umount "$ROOT/proc"
fi
rsync -a --delete "$CACHED/root/" "$ROOT/"
t_copy=$(now)
debs=()
for p in "${PKGS[@]}"; do
	f=$(ls "$DEBDIR/${p}"_*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] || { echo "run.sh: no ${p}_*.deb in $DEBDIR (make deb)" >&2; exit 2; }
	cp "$f" "$ROOT/tmp/"
	debs+=("/tmp/${f##*/}")
done
log=$BUILD/trixie/install.log
# dkms builds for the kernels whose headers are in the root: trixie's only
# (the chroot's uname -r is the host's, and its headers are not there).
if in_root dpkg -i "${debs[@]}" >"$log" 2>&1; then
	pass "dpkg -i ${PKGS[*]} in a copy of the trixie root"
else
	tail -n 30 "$log"
	fail "dpkg -i in the trixie root (log: $log)"
	exit 1
fi
t_install=$(now)
built=$(find "$ROOT/lib/modules/$KVER/updates/dkms" -name '*.ko*' -printf '%f\n' 2>/dev/null | sort | xargs)
if [ "$(echo "$built" | tr ' ' '\n' | sed 's/\.ko.*//' | sort | xargs)" = "nft_rtpengine rtpfwd xt_RTPENGINE" ]; then
	pass "DKMS built for trixie's $KVER: $built"
else
	fail "DKMS built for $KVER: '$built' (log: $log)"
fi
for p in rtpengine-kernel-dkms rtpengine-iptables; do
	if installed "$p"; then fail "$p is installed in the root"; else pass "$p not installed"; fi
done
echo "# install + DKMS: $((t_install - t_copy)) s (copy of the root: $((t_copy - t_base)) s)"

echo "=== the trixie root booted on $KVER"
export KVER VM_KERNEL VM_MODTREE
if VM_ROOT=$ROOT RESULTS=$BUILD/vm-results/trixie-$KVER \
	VM_ENV="RTPNL=/usr/bin/rtpnl RTPE_CALLS=${RTPE_CALLS:-300} ${TRIXIE_VM_ENV:-}" \
	"$REPO/tests/vm/run.sh" "${VM_TESTS[@]}"; then
	pass "VM on the trixie root, $KVER"
else
	fail "VM on the trixie root, $KVER (console: $BUILD/vm-results/trixie-$KVER/console.log)"
fi
t_vm=$(now)

if in_root dpkg --purge "${PKGS[@]}" >>"$log" 2>&1; then
	pass "dpkg --purge ${PKGS[*]}"
else
	fail "dpkg --purge (log: $log)"
fi
left=$(cd "$ROOT" && find lib/modules/*/updates usr/src var/lib/dkms \
	\( -name 'rtpfwd*' -o -name 'xt_RTPENGINE*' -o -name 'nft_rtpengine*' \) -printf '%p ' 2>/dev/null || true)
if [ -z "$left" ]; then
	pass "after purge no module, source or DKMS state is left"
else
	fail "after purge left: $left"
fi

echo "trixie: root $((t_base - t0)) s, copy $((t_copy - t_base)) s, install + DKMS" \
	"$((t_install - t_copy)) s, VM $((t_vm - t_install)) s, purge $(($(now) - t_vm)) s"
[ "$fails" = 0 ]
