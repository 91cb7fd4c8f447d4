#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run.sh DEBDIR KVER...: the Debian packages, tested as an operator gets them.
#
#  1. a clean Debian root (mkroot.sh, cached in $BUILD/pkgroot/base) is
#     copied to $BUILD/pkgroot/root;
#  2. the .debs from DEBDIR are installed into it with dpkg (chroot): the
#     rtpfwd-dkms postinst has DKMS build the modules for every KVER;
#  3. for each KVER the test VM boots that root (tests/vm/run.sh VM_ROOT=)
#     and runs guest-packages.sh (PKG_VM_TESTS), with no module loaded by
#     hand;
#  4. the packages are purged (chroot): modules, sources and DKMS state gone.
#
# Never installs anything on the host and never touches its /lib/modules.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DEBDIR=$(cd "$1" && pwd)
shift
KVERS=("$@")
export BUILD=${BUILD:-$REPO/build}
BASE=$BUILD/pkgroot/base
ROOT=$BUILD/pkgroot/root
PKGS=(rtpfwd-dkms rtpnl librtpnl1 librtpnl-dev rtpfwd-iptables)
# PKG_VM_TESTS: the scripts the VM runs on the package root (guest-packages.sh
# forwards through iptables and nftables; add tests/kernel/70-forward.sh for
# the whole forwarding suite, ~2 min more per kernel).
read -ra VM_TESTS <<<"${PKG_VM_TESTS:-tests/packages/guest-packages.sh}"

fails=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
now() { date +%s; }

# in_root COMMAND...: COMMAND chrooted into ROOT with /proc (dkms needs
# it) mounted only meanwhile, so nothing of the host is ever mounted in ROOT
# when rsync --delete runs over it.
in_root() {
	local rc=0
	mount -t proc proc "$ROOT/proc"
	chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive "$@" || rc=$?
	umount "$ROOT/proc"
	return $rc
}

t0=$(now)
MKROOT_LOG=$BUILD/pkgroot/mkroot.log "$HERE/mkroot.sh" "$BASE" "${KVERS[@]}"
t_base=$(now)

if [ -d "$ROOT/proc" ] && mountpoint -q "$ROOT/proc"; then
	umount "$ROOT/proc"
fi
rsync -a --delete "$BASE/" "$ROOT/"
debs=()
for p in "${PKGS[@]}"; do
	f=$(ls "$DEBDIR/${p}"_*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] || { echo "run.sh: no ${p}_*.deb in $DEBDIR (make deb)" >&2; exit 2; }
	cp "$f" "$ROOT/tmp/"
	debs+=("/tmp/${f##*/}")
done
log=$BUILD/pkgroot/install.log
if in_root dpkg -i "${debs[@]}" >"$log" 2>&1; then
	pass "dpkg -i ${PKGS[*]} in the clean root"
else
	tail -n 30 "$log"
	fail "dpkg -i in the clean root (log: $log)"
	exit 1
fi
t_install=$(now)
for k in "${KVERS[@]}"; do
	built=$(find "$ROOT/lib/modules/$k/updates/dkms" -name '*.ko*' -printf '%f\n' 2>/dev/null | sort | xargs)
	if [ "$(echo "$built" | tr ' ' '\n' | sed 's/\.ko.*//' | sort | xargs)" = "nft_rtpengine rtpfwd xt_RTPENGINE" ]; then
		pass "DKMS built for $k: $built"
	else
		fail "DKMS built for $k: '$built' (log: $log)"
	fi
done

for k in "${KVERS[@]}"; do
	echo "=== the package root booted on $k"
	if VM_ROOT=$ROOT KVER=$k RESULTS=$BUILD/vm-results/packages-$k \
		VM_ENV="RTPNL=/usr/bin/rtpnl" "$REPO/tests/vm/run.sh" "${VM_TESTS[@]}"; then
		pass "VM on the package root, $k"
	else
		fail "VM on the package root, $k"
	fi
done
t_vm=$(now)

if in_root dpkg --purge "${PKGS[@]}" >>"$log" 2>&1; then
	pass "dpkg --purge ${PKGS[*]}"
else
	fail "dpkg --purge (log: $log)"
fi
left=$(cd "$ROOT" && find lib/modules/*/updates usr/src var/lib/dkms usr/bin/rtpnl \
	usr/lib/x86_64-linux-gnu/xtables/libxt_RTPENGINE.so usr/lib/x86_64-linux-gnu \
	usr/include/rtpnl \
	\( -name 'rtpfwd*' -o -name 'xt_RTPENGINE*' -o -name 'nft_rtpengine*' -o -name rtpnl \
	-o -name 'libxt_RTPENGINE*' -o -name 'librtpnl*' -o -name rtpnl.pc -o -name rtpnl.h \) \
	-printf '%p ' 2>/dev/null || true)
if [ -z "$left" ]; then
	pass "after purge no module, source, DKMS state, binary or library is left"
else
	fail "after purge left: $left"
fi
for k in "${KVERS[@]}"; do
	if grep -qE 'rtpfwd|RTPENGINE|rtpengine' "$ROOT/lib/modules/$k/modules.dep"; then
		fail "$k: modules.dep still lists our modules after purge"
	else
		pass "$k: modules.dep no longer lists our modules"
	fi
done

echo "packages: root $((t_base - t0)) s, install + DKMS $((t_install - t_base)) s," \
	"VMs $((t_vm - t_install)) s, purge $(($(now) - t_vm)) s"
[ "$fails" = 0 ]
