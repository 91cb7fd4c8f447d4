#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test_portable_awk.sh REPO: the scripts of the tree (tests, packaging,
# Makefile, CI) use no gawk-only awk: Debian's awk is mawk (a fresh install
# has no gawk), where strtonum() & co. fail at run time ("function never
# defined"). Regex intervals (a{2}) do not work in bookworm's mawk either;
# that one is not greppable, keep it in mind.
set -u
cd "$1" || exit 1
hits=$(grep -rnE --exclude="${0##*/}" --exclude='*.cpp' --exclude='*.hpp' \
	'\b(strtonum|gensub|asorti?|patsplit|isarray|typeof|lshift|rshift|compl|xor)\(|\bgawk\b|--re-interval|PROCINFO|IGNORECASE|BEGINFILE|ENDFILE|\bFPAT\b' \
	tests packaging Makefile .ci 2>/dev/null)
if [ -n "$hits" ]; then
	echo "FAIL: gawk-only awk (Debian's awk is mawk):"
	echo "$hits"
	exit 1
fi
echo "PASS: no gawk-only awk"
