#!/bin/bash
# test_completion.sh RTPNL COMPLETION-FILE: `rtpnl <TAB>` completes objects
# and commands (ctest; needs Debian's bash-completion).
set -u
RTPNL=$1
COMPLETION=$2
PATH=$(dirname "$RTPNL"):$PATH
# shellcheck source=/dev/null
. /usr/share/bash-completion/bash_completion
# shellcheck source=/dev/null
. "$COMPLETION"

fails=0
# complete "LINE" EXPECTED: the candidates for the last word of LINE
complete_line() {
	local line=$1 want=$2 got
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_rtpnl rtpnl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | xargs)
	if [ "$got" = "$want" ]; then
		echo "PASS: '$line' -> $got"
	else
		echo "FAIL: '$line': expected '$want', got '$got'"
		fails=$((fails + 1))
	fi
}

complete_line "rtpnl " "help monitor nft rule rules stats table"
complete_line "rtpnl ru" "rule rules"
complete_line "rtpnl -j ta" "table"
complete_line "rtpnl table " "add del delete ensure get help list show"
complete_line "rtpnl rule " "add change del delete get help replace"
complete_line "rtpnl rules " "list restore show"
complete_line "rtpnl stats " "help reset"
complete_line "rtpnl stats reset " "local table"
complete_line "rtpnl nft " "add delete help insert list save show"
complete_line "rtpnl rule add table 42 mismatch " "drop ignore pass"
complete_line "rtpnl rule add table 42 l" "local"
complete_line "rtpnl -" "-Version -batch -help -json -pretty -stats"
[ "$fails" = 0 ]
