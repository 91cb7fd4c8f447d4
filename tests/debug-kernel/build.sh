#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build.sh: build (once) the debug kernel of `make check-debug` from Debian's
# linux-source-6.1 with tests/debug-kernel/debug.config, cached outside the
# tree, and print the directory holding it:
#
#   $DEBUG_KERNEL_CACHE/<source version>-<hash of debug.config>/
#     obj/        the kernel's O= build tree: `make -C obj M=...` builds modules
#     obj/arch/x86/boot/bzImage   the kernel the VM boots
#     root/lib/modules/<release>/   modules_install output (modules.builtin...)
#     env         KVER, KDIR, VM_KERNEL, VM_MODTREE (shell/make syntax)
#     build.log   the build's output; build-seconds: how long it took
#
# The source is unpacked once per source version into src-<version>/.
# Options (environment): DEBUG_KERNEL_CACHE (/var/cache/rtpfwd-debug-kernel),
# DEBUG_KERNEL_TAR (/usr/src/linux-source-6.1.tar.xz),
# DEBUG_KERNEL_JOBS (2). The build runs under `nice -n 19`: VMs of other work
# trees keep their CPU.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
FRAGMENT=$HERE/debug.config
CACHE=${DEBUG_KERNEL_CACHE:-/var/cache/rtpfwd-debug-kernel}
JOBS=${DEBUG_KERNEL_JOBS:-2}
TAR=${DEBUG_KERNEL_TAR:-$(find /usr/src -maxdepth 1 -name 'linux-source-6.1.tar.xz' | sort -V | tail -n 1)}

log() { echo "debug-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

if [ -z "$TAR" ] || ! [ -f "$TAR" ]; then
	die "no /usr/src/linux-source-6.1.tar.xz (make deps)"
fi
for tool in flex bison bc gcc make; do
	command -v "$tool" >/dev/null || die "$tool not installed (make deps)"
done
# The source version: the Debian package's when the tarball is one, else the
# tarball's size and time.
ver=$(dpkg-query -S "$TAR" 2>/dev/null | cut -d: -f1 | head -n 1)
ver=${ver:+$(dpkg-query -W -f='${Version}' "$ver" 2>/dev/null)}
ver=${ver:-$(stat -c %s-%Y "$TAR")}
hash=$(sha256sum "$FRAGMENT" | cut -c1-12)
SRC=$CACHE/src-$ver
DIR=$CACHE/$ver-$hash
OBJ=$DIR/obj

mkdir -p "$CACHE"
# One build per directory at a time; a second caller waits and reuses it.
exec 8>>"$CACHE/.lock-$ver-$hash"
flock 8

if [ -f "$DIR/env" ]; then
	echo "$DIR"
	exit 0
fi

t0=$(date +%s)
if ! [ -f "$SRC/.unpacked" ]; then
	log "unpacking $TAR into $SRC"
	rm -rf "$SRC"
	mkdir -p "$SRC"
	nice -n 19 tar -xf "$TAR" -C "$SRC" --strip-components=1
	touch "$SRC/.unpacked"
fi

mkdir -p "$OBJ"
kmake() { nice -n 19 make -C "$SRC" O="$OBJ" "$@"; }
log "configuring $DIR (allnoconfig + $FRAGMENT)"
kmake -s KCONFIG_ALLCONFIG="$FRAGMENT" allnoconfig >"$DIR/build.log" 2>&1 ||
	{ tail -n 20 "$DIR/build.log" >&2; die "configuration failed"; }
# Every line of the fragment must have made it: a dependency missing from
# the fragment drops the option silently otherwise.
missing=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) ;;
	"# CONFIG_"*" is not set") ;;
	*) continue ;;
	esac
	if ! grep -qxF -- "$line" "$OBJ/.config"; then
		sym=${line#\# }
		sym=${sym%%[= ]*}
		log "option not in the .config: $line (got: $(grep -E "^(# )?${sym}[= ]" "$OBJ/.config" || echo nothing))"
		missing=1
	fi
done <"$FRAGMENT"
[ "$missing" = 0 ] || die "fix $FRAGMENT: options above are missing (unmet dependencies?)"

log "building with -j$JOBS under nice -n 19 (log: $DIR/build.log; about an hour on 2 cores)"
if ! kmake -j"$JOBS" vmlinux bzImage modules >>"$DIR/build.log" 2>&1; then
	grep -E -m 20 'error|Error' "$DIR/build.log" >&2 || tail -n 20 "$DIR/build.log" >&2
	die "kernel build failed (see $DIR/build.log)"
fi
rel=$(kmake -s kernelrelease)
rm -rf "$DIR/root"
kmake -s INSTALL_MOD_PATH="$DIR/root" modules_install >>"$DIR/build.log" 2>&1 ||
	die "modules_install failed (see $DIR/build.log)"
t1=$(date +%s)
echo "$((t1 - t0))" >"$DIR/build-seconds"
{
	echo "KVER=$rel"
	echo "KDIR=$OBJ"
	# Not the ELF vmlinux through PVH as for Debian's kernels: the PVH
	# entry (arch/x86/platform/pvh/enlighten.c) calls memcmp(), which is
	# KASAN-instrumented, before KASAN's early shadow exists, and the guest
	# resets before its first line of output. The bzImage starts through
	# its decompressor, then startup_64 (a few seconds more per boot).
	echo "VM_KERNEL=$OBJ/arch/x86/boot/bzImage"
	echo "VM_MODTREE=$DIR/root/lib/modules/$rel"
} >"$DIR/env.tmp"
mv "$DIR/env.tmp" "$DIR/env"
log "built $rel in $((t1 - t0)) s: $DIR"
echo "$DIR"
