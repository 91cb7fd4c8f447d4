#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# mkroot.sh BASE KVER...
# Build (once) the clean root filesystem the package test boots: a Debian
# bookworm made by mmdebstrap from Debian's packages with what DKMS needs to
# build for each KVER (compiler, the matching linux-headers packages) and what
# the kernel tests need (iproute2, iptables, nftables, python3). The package
# sources and apt options are the host's own (its mirror, proxy, keyring; no
# host name is written here). The kernels' module trees are copied from the
# host's /lib/modules/KVER, as the VM boots the host's /boot/vmlinuz-KVER.
#
# The result is cached in BASE and rebuilt only when a package (or a
# kernel's headers) is missing from it. Never touches the host's own system.
# One build at a time per BASE (BASE.lock): a call made while another builds
# (`make pkgroot-prefetch` in the background, see .ci/run) waits for it and
# then finds the root up to date.
set -eu

BASE=$1
shift
mkdir -p "$(dirname "$BASE")"
BASE=$(cd "$(dirname "$BASE")" && pwd)/$(basename "$BASE")
KVERS=("$@")
[ ${#KVERS[@]} -gt 0 ] || { echo "usage: mkroot.sh BASE KVER..." >&2; exit 2; }

# What the package test needs in the root besides the .debs; the .debs'
# own dependencies are here too, so installing them needs no network
# (librtpnl-dev's -dev packages; libc6-dev and pkg-config build a C program
# against it).
PKGS="apt dkms gcc make kmod iproute2 iptables nftables python3 procps
util-linux busybox bash man-db libnl-3-200 libnl-genl-3-200 libxtables12
libmnl0 libnftnl11 libc6-dev pkg-config libnl-3-dev libnl-genl-3-dev"
for k in "${KVERS[@]}"; do
	[ -d "/lib/modules/$k/kernel" ] || { echo "mkroot: no /lib/modules/$k on the host" >&2; exit 2; }
	PKGS+=" linux-headers-$k"
done
# Up to date when it has every package wanted now (BASE/.packages): a run
# on one kernel reuses the root made for two.
exec 8>>"$BASE.lock"
if ! flock -n 8; then
	echo "mkroot: waiting for the build of $BASE under way (${MKROOT_LOG:-its log})" >&2
	flock 8
fi
missing=$(for p in $PKGS; do grep -qxF "$p" "$BASE/.packages" 2>/dev/null || echo "$p"; done)
if [ -z "$missing" ]; then
	echo "mkroot: $BASE is up to date" >&2
	exit 0
fi

# The host's apt sources (deb822 and one-line files) and its apt options
# (proxy and the like): mmdebstrap does not read the host's apt.conf.d.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -s "$f" ] && sources+=("$f")
done
aptopts=()
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] && aptopts+=("--aptopt=$f")
done

rm -rf "$BASE.tmp"
t0=$(date +%s)
mmdebstrap --variant=minbase --mode=root --format=directory \
	--include="$(echo $PKGS | tr ' ' ',')" \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-include=/usr/share/doc/*/examples/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	"${aptopts[@]}" bookworm "$BASE.tmp" "${sources[@]}"
for k in "${KVERS[@]}"; do
	# the modules of the host's kernel image (not its build/source links,
	# which the linux-headers package in the root provides)
	rsync -a --exclude=/build --exclude=/source --exclude=/updates \
		"/lib/modules/$k/" "$BASE.tmp/lib/modules/$k/"
done
# The harness mounts its shares here and needs them to exist.
mkdir -p "$BASE.tmp/lower" "$BASE.tmp/upper"
rm -rf "$BASE"
mv "$BASE.tmp" "$BASE"
printf '%s\n' $PKGS >"$BASE/.packages"
echo "mkroot: $BASE built in $(($(date +%s) - t0)) s" >&2
