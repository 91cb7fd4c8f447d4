#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# check_ctest_cases.sh CTEST TEST-DIR BINARY PREFIX: ctest (as it reads
# TEST-DIR) has exactly one entry per doctest case of BINARY, named PREFIX
# followed by the case's name: none missing, none split, none extra.
# Together with each entry's --rtpfwd-cases=1 (test_main.cpp) this means a
# passing ctest ran every case of BINARY.
set -u
ctest=$1 dir=$2 binary=$3 prefix=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# doctest frames the names with "[doctest] ..." and "=====" lines.
"$binary" --list-test-cases --no-version | grep -v -e '^\[doctest\] ' -e '^====' |
	sort >"$tmp/cases" || { echo "FAIL: $binary --list-test-cases"; exit 1; }
"$ctest" --test-dir "$dir" -N | sed -n 's/^ *Test *#[0-9]*: //p' |
	awk -v p="$prefix" 'index($0, p) == 1 { print substr($0, length(p) + 1) }' |
	sort >"$tmp/entries" || { echo "FAIL: $ctest -N"; exit 1; }
n_cases=$(wc -l <"$tmp/cases")
n_entries=$(wc -l <"$tmp/entries")
if [ "$n_cases" -eq 0 ] || ! diff -u "$tmp/cases" "$tmp/entries" >"$tmp/diff"; then
	echo "FAIL: $binary has $n_cases test cases, ctest has $n_entries entries '$prefix...':"
	echo "(- a case without its entry, + an entry that is no case)"
	tail -n +3 "$tmp/diff"
	exit 1
fi
echo "PASS: $n_cases test cases of ${binary##*/}, one ctest entry each"
