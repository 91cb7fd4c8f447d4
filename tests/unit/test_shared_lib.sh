#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test_shared_lib.sh LIB HEADER: LIB's SONAME is librtpnl.so.1 and it exports
# exactly the functions HEADER (rtpnl.h) declares, all in version RTPNL_1:
# no C++ symbol of the library inside leaks into the ABI.
set -u
lib=$1 header=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

soname=$(objdump -p "$lib" | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = librtpnl.so.1 ] || { echo "FAIL: SONAME is '$soname', not librtpnl.so.1"; exit 1; }
objdump -T "$lib" | awk '$2 == "g" && $4 != "*UND*" { print $(NF - 1), $NF }' | sort >"$tmp/exported"
grep -v '^RTPNL_1 RTPNL_1$' "$tmp/exported" | awk '$1 != "RTPNL_1" { print }' >"$tmp/wrong"
if [ -s "$tmp/wrong" ]; then
	echo "FAIL: exported outside version RTPNL_1:"; cat "$tmp/wrong"; exit 1
fi
awk '$2 != "RTPNL_1" { print $2 }' "$tmp/exported" | sort >"$tmp/symbols"
grep -o '\brtpnl_[a-z0-9_]*(' "$header" | tr -d '(' | sort -u >"$tmp/declared"
if ! diff -u "$tmp/declared" "$tmp/symbols" >"$tmp/diff"; then
	echo "FAIL: rtpnl.h (-) and the exports of $lib (+) differ:"; tail -n +3 "$tmp/diff"; exit 1
fi
echo "PASS: $(wc -l <"$tmp/symbols") functions of rtpnl.h exported, nothing else, SONAME $soname"
