#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run.sh: host side of `make bench`. Installs what the benchmark needs
# (gnuplot, Debian's rtpengine daemon and the rtpengine-kernel-dkms source,
# which is only unpacked under $BUILD, never installed), builds rtpengine
# 10.5's module against the VM kernel's headers and the helper that speaks
# its /proc control ABI, and the bare forwarder (tests/bench/barefwd, the
# ceiling), boots the VM with 2 vCPUs to run tests/bench/bench.sh, and
# turns the raw results into $OUT/results.md, $OUT/bench.png and the
# ratios (tests/bench/report.py).
#
#   KVER=6.1.0-56-amd64 [BUILD=build] [OUT=$BUILD/bench-results] tests/bench/run.sh
# Options (environment): BENCH_REPS, BENCH_SAT_SECONDS, BENCH_RATE,
# BENCH_RATE_SECONDS, BENCH_BURST, BENCH_SCALE_COUNTS, BENCH_RE105_SCALE_COUNTS,
# BENCH_CONTROL_RULES, BENCH_CONTROL_BATCH_RULES, BENCH_CONTROL_SINGLES,
# BENCH_SCALE_FLOWS, BENCH_CASES (see bench.sh),
# VM_MEM (4096M), BENCH_CHECK=1 (fail unless every measurement has its
# numbers: report.py --check).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$REPO"
: "${KVER:?set KVER (the kernel the VM boots)}"
BUILD=${BUILD:-$REPO/build}
OUT=${OUT:-$BUILD/bench-results}
RE105_PKG=rtpengine-kernel-dkms
RE105_DIR=$BUILD/bench/rtpengine-kernel-dkms
BENCH_PKGS="gnuplot-nox rtpengine-daemon"

# --- dependencies ----------------------------------------------------------
missing=
for p in $BENCH_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "Error: missing packages:$missing; run 'make bench' as root" >&2
		exit 1
	fi
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# --- rtpengine 10.5's module and control helper ------------------------------
if ! [ -d "$RE105_DIR/src" ]; then
	rm -rf "$RE105_DIR"
	mkdir -p "$RE105_DIR/deb"
	(cd "$RE105_DIR/deb" && apt-get download -q "$RE105_PKG" >/dev/null)
	dpkg -x "$RE105_DIR"/deb/"$RE105_PKG"_*.deb "$RE105_DIR/root"
	src=$(find "$RE105_DIR/root/usr/src" -mindepth 1 -maxdepth 1 -name 'rtpengine-*' | head -n 1)
	[ -n "$src" ] || { echo "Error: no rtpengine source in $RE105_PKG" >&2; exit 1; }
	mv "$src" "$RE105_DIR/src"
fi
re105_version=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}/\1/p' "$RE105_DIR/src/dkms.conf")
kbuild=$RE105_DIR/kmod/$KVER
if ! [ -f "$kbuild/xt_RTPENGINE.ko" ]; then
	rm -rf "$kbuild"
	mkdir -p "$kbuild"
	cp -a "$RE105_DIR/src/." "$kbuild/"
	echo "  KBUILD  rtpengine $re105_version ($KVER)"
	make -s -C "/usr/src/linux-headers-$KVER" M="$kbuild" RTPENGINE_VERSION="$re105_version" \
		modules 2>&1 | { grep -v "Skipping BTF generation" || true; }
fi
gcc -O2 -Wall -Wextra -Werror -I "$RE105_DIR/src" -o "$BUILD/bench/re105ctl" "$HERE/re105ctl.c"

# --- the bare forwarder: the ceiling (tests/bench/barefwd, never packaged) ---
barefwd=$BUILD/bench/barefwd/$KVER
mkdir -p "$barefwd"
cp -p "$HERE/barefwd/barefwd.c" "$HERE/barefwd/Kbuild" "$barefwd/"
# a failed build leaves no module: its cases are skipped with a note
{ make -s -C "/usr/src/linux-headers-$KVER" M="$barefwd" W=1 modules 2>&1 || rm -f "$barefwd/barefwd.ko"; } |
	{ grep -v "Skipping BTF generation" || true; }

# --- the VM ------------------------------------------------------------------
mkdir -p "$OUT/vm"
rm -f "$OUT/vm/bench-raw.txt"
env_list="RTPNL=$BUILD/userspace/userspace/cli/rtpnl RE105_KO=$kbuild/xt_RTPENGINE.ko"
env_list+=" RE105CTL=$BUILD/bench/re105ctl BENCH_RAW=$OUT/vm/bench-raw.txt"
env_list+=" BAREFWD_KO=$barefwd/barefwd.ko"
for v in BENCH_REPS BENCH_SAT_SECONDS BENCH_RATE BENCH_RATE_SECONDS BENCH_BURST BENCH_CONTROL_RULES \
	BENCH_CONTROL_BATCH_RULES BENCH_CONTROL_SINGLES BENCH_SCALE_FLOWS BENCH_RESTORE_RULES BENCH_RESTORE_RATE; do
	[ -z "${!v:-}" ] || env_list+=" $v=${!v}"
done
# no bash -x trace of bench.sh (tests/vm/guest-run.sh): its CPU counts
env_list+=" VM_TRACE=0"
# lists travel with commas (VM_ENV splits at spaces)
for v in BENCH_SCALE_COUNTS BENCH_RE105_SCALE_COUNTS BENCH_CASES; do
	[ -z "${!v:-}" ] || env_list+=" $v=$(echo "${!v}" | tr ' ' ,)"
done
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# slub_debug off (the harness turns it on for the tests): it would inflate
# every slab object and cost cycles on every allocation.
rc=0
KVER=$KVER MODDIR=$BUILD/kmod/$KVER BUILD=$BUILD RESULTS=$OUT/vm VM_SMP=2 \
	VM_MEM=${VM_MEM:-4096M} VM_APPEND="slub_debug=-" VM_TIMEOUT=3000 VM_TEST_TIMEOUT=2900 \
	VM_ENV="$env_list" tests/vm/run.sh tests/bench/bench.sh || rc=$?

{
	echo "date=$started"
	echo "machine=$(nproc) CPUs, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "host_load=$load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	echo "rtpengine=$re105_version"
} >"$OUT/host.txt"
/usr/bin/python3 "$HERE/report.py" "$OUT" ${BENCH_CHECK:+--check} || rc=1
exit "$rc"
