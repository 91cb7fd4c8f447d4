#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test_shared_lib.sh LIB HEADER MAP: LIB's SONAME is librtpnl.so.1 and it
# exports exactly the functions HEADER (rtpnl.h) declares, each in its
# version node: the one of MAP (librtpnl.map) that names it exactly, else
# RTPNL_1. No C++ symbol of the library inside leaks into the ABI, and a
# function added later never lands in RTPNL_1, which is not to change.
set -u
lib=$1 header=$2 map=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = librtpnl.so.1 ] || { echo "FAIL: SONAME is '$soname', not librtpnl.so.1"; exit 1; }
# "NODE FUNCTION" per export, "NODE NODE" per version node
objdump -T "$lib" | awk '$2 == "g" && $4 != "*UND*" { print $(NF - 1), $NF }' | sort >"$tmp/exported"
# "FUNCTION NODE" for the names the map's later nodes list
awk '/^[A-Za-z0-9_.]+ *\{/ { node = $1 }
	node != "RTPNL_1" && $1 ~ /^rtpnl_[a-z0-9_]*;$/ { sub(/;$/, "", $1); print $1, node }' \
	"$map" >"$tmp/later"
grep -o '\brtpnl_[a-z0-9_]*(' "$header" | tr -d '(' | sort -u >"$tmp/declared"
{
	echo "RTPNL_1 RTPNL_1"
	awk '{ print $2, $2 }' "$tmp/later" | sort -u
	awk 'FILENAME == ARGV[1] { node[$1] = $2; next }
		{ print ($1 in node ? node[$1] : "RTPNL_1"), $1 }' "$tmp/later" "$tmp/declared"
} | sort >"$tmp/expected"
if ! diff -u "$tmp/expected" "$tmp/exported" >"$tmp/diff"; then
	echo "FAIL: rtpnl.h and $map (-) and the exports of $lib (+) differ (NODE NAME):"
	tail -n +3 "$tmp/diff"; exit 1
fi
echo "PASS: $(wc -l <"$tmp/declared") functions of rtpnl.h exported, nothing else," \
	"$(wc -l <"$tmp/later") of them in later nodes, SONAME $soname"
