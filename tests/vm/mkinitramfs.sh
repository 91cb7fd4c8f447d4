#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# mkinitramfs.sh KVER OUT.cpio [MODTREE]
# Build the tiny busybox initramfs used by run.sh: static busybox, tests/vm/init
# as PID 1, and the kernel modules needed to mount the host's root over
# virtio-9p plus overlayfs (dependencies resolved from modules.dep of KVER,
# .ko.xz/.ko.zst decompressed on the host since busybox insmod can't).
# MODTREE (default /lib/modules/KVER) is where KVER's modules are; a module
# the kernel has built in (modules.builtin) is left out.
# The archive is an uncompressed newc cpio (nothing to decompress under TCG).
set -eu

KVER=$1
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
MODS=${3:-/lib/modules/$KVER}
BUSYBOX=${BUSYBOX:-/bin/busybox}
# Modules wanted; anything built-in (or absent) is skipped.
WANT="virtio_pci 9pnet_virtio 9p overlay"

[ -f "$MODS/modules.dep" ] || { echo "mkinitramfs: no $MODS/modules.dep" >&2; exit 1; }
file -L "$BUSYBOX" | grep -q 'statically linked' ||
	{ echo "mkinitramfs: $BUSYBOX is not a static busybox (apt-get install busybox-static)" >&2; exit 1; }

stage=$(mktemp -d "${OUT}.stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,newroot,lower,upper,modules}
cp "$BUSYBOX" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 755 "$HERE/init" "$stage/init"

# modules.dep: "kernel/a/b.ko.xz: dep1 dep2"; index by module name.
declare -A DEP PATHOF
while IFS= read -r line; do
	path=${line%%:*}
	name=${path##*/}
	name=${name%%.ko*}
	name=${name//-/_}
	PATHOF[$name]=$path
	deps=${line#*:}
	DEP[$name]=$deps
done <"$MODS/modules.dep"

declare -A SEEN
ORDER=()
visit() { # depth-first: dependencies before the module itself
	local n=$1 d dn
	[ -n "${SEEN[$n]:-}" ] && return 0
	SEEN[$n]=1
	for d in ${DEP[$n]}; do
		dn=${d##*/}
		dn=${dn%%.ko*}
		visit "${dn//-/_}"
	done
	ORDER+=("$n")
}
for m in $WANT; do
	if [ -n "${PATHOF[$m]:-}" ]; then
		visit "$m"
	elif ! grep -q "/$m.ko\$" "$MODS/modules.builtin" 2>/dev/null; then
		echo "mkinitramfs: warning: module $m neither in modules.dep nor built-in" >&2
	fi
done

: >"$stage/modules/order"
for n in "${ORDER[@]}"; do
	src=$MODS/${PATHOF[$n]}
	case $src in
	*.ko.xz) xz -dc "$src" >"$stage/modules/$n.ko" ;;
	*.ko.zst) zstd -qdc "$src" >"$stage/modules/$n.ko" ;;
	*.ko.gz) gzip -dc "$src" >"$stage/modules/$n.ko" ;;
	*) cp "$src" "$stage/modules/$n.ko" ;;
	esac
	echo "$n" >>"$stage/modules/order"
done

(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "mkinitramfs: $OUT ($KVER: ${ORDER[*]})" >&2
