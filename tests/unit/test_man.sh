#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test_man.sh PAGE...: each man page renders with man(1) (as `man rtpnl`
# would show it) without a groff warning, and has NAME and SYNOPSIS (ctest).
set -u
fails=0
for page; do
	err=$(mktemp)
	out=$(MANWIDTH=80 man --warnings -l "$page" 2>"$err" | col -b)
	if [ -s "$err" ]; then
		echo "FAIL: $page: $(head -3 "$err")"
		fails=$((fails + 1))
	elif ! grep -q '^NAME' <<<"$out" || ! grep -q '^SYNOPSIS' <<<"$out"; then
		echo "FAIL: $page: no NAME or SYNOPSIS section"
		fails=$((fails + 1))
	else
		echo "PASS: $page renders ($(wc -l <<<"$out") lines)"
	fi
	rm -f "$err"
done
[ "$fails" = 0 ]
