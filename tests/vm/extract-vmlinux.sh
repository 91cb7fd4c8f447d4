#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# extract-vmlinux.sh BZIMAGE OUT
# Extract the uncompressed ELF vmlinux from a bzImage (for a fast PVH boot
# under TCG: no in-guest decompression).  Same idea as the kernel's
# scripts/extract-vmlinux: find the magic of every supported compressor in
# the image and try to decompress from each offset until an ELF appears.
set -eu

img=$1
out=$2
tmp=$(mktemp "${out}.XXXXXX")
trap 'rm -f "$tmp"' EXIT

is_elf() {
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ]
}

try() {
	# try MAGIC(printf octal escapes, no NUL) DECOMPRESS-CMD...
	pmagic=$1
	shift
	# shellcheck disable=SC2059,SC2013 # the magic is a printf format; offsets are words
	for pos in $(LC_ALL=C grep -aboF "$(printf "$pmagic")" "$img" | cut -d: -f1); do
		tail -c "+$((pos + 1))" "$img" | "$@" >"$tmp" 2>/dev/null || true
		if [ -s "$tmp" ] && is_elf "$tmp"; then
			chmod 644 "$tmp"
			mv "$tmp" "$out"
			trap - EXIT
			exit 0
		fi
	done
}

try '\3757zXZ' xz -dc
try '\050\265\057\375' zstd -dc
try '\037\213\010' gzip -dc
try 'BZh' bzip2 -dc
try '\002!L\030' lz4 -dc
echo "extract-vmlinux: no compressed ELF kernel found in $img" >&2
exit 1
