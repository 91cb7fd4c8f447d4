#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# test_completion.sh RTPNL COMPLETION-FILE: `rtpnl <TAB>` completes objects,
# commands, options, keywords and netns names (ctest; needs Debian's
# bash-completion).
# test_completion.sh RTPNL COMPLETION-FILE --offers: reads lines of
# "COMMAND-LINE<TAB>KEYWORD..." (the grammar's places, from the unit test
# of grammar.hpp) and checks that completing at the end of each command
# line offers every keyword listed.
set -u
RTPNL=$1
COMPLETION=$2
PATH=$(dirname "$RTPNL"):$PATH
# shellcheck source=/dev/null
. /usr/share/bash-completion/bash_completion
# shellcheck source=/dev/null
. "$COMPLETION"

fails=0
# candidates LINE: the completions of the last word of LINE, sorted, on one line
candidates() {
	local line=$1
	read -ra COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_rtpnl rtpnl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort | xargs
}

# complete_line "LINE" EXPECTED: the candidates for the last word of LINE
complete_line() {
	local line=$1 want=$2 got
	got=$(candidates "$line")
	if [ "$got" = "$want" ]; then
		echo "PASS: '$line' -> $got"
	else
		echo "FAIL: '$line': expected '$want', got '$got'"
		fails=$((fails + 1))
	fi
}

if [ "${3:-}" = --offers ]; then
	places=0
	while IFS=$'\t' read -r line keywords; do
		places=$((places + 1))
		got=" $(candidates "$line") "
		for keyword in $keywords; do
			if [[ $got != *" $keyword "* ]]; then
				echo "FAIL: '$line' does not offer '$keyword' (offers:$got)"
				fails=$((fails + 1))
			fi
		done
	done
	echo "$places places checked, $fails keywords missing"
	[ "$places" -gt 0 ] && [ "$fails" = 0 ]
	exit
fi

complete_line "rtpnl " "help monitor nft recording rule rules showconf stats syncconf table top"
complete_line "rtpnl ru" "rule rules"
complete_line "rtpnl -j ta" "table"
complete_line "rtpnl table " "add del delete ensure get help list show"
complete_line "rtpnl rule " "add change del delete get help list replace show"
complete_line "rtpnl rules " "flush help list restore show"
complete_line "rtpnl stats " "help prometheus reset"
complete_line "rtpnl stats reset " "local table"
complete_line "rtpnl syncconf dry" "dry-run"
complete_line "rtpnl nft " "add delete help insert list save show"
complete_line "rtpnl rule add table 42 mismatch " "drop ignore pass"
complete_line "rtpnl rule add table 42 auth-fail " "drop pass"
complete_line "rtpnl rule add table 42 l" "local"
complete_line "rtpnl rule replace table 42 local 1.2.3.4:5 stun b" "blackhole"
complete_line "rtpnl rule replace table 42 local 1.2.3.4:5 stun h" "hand-up"
complete_line "rtpnl rules list b" ""
complete_line "rtpnl -" "-Version -batch -force -help -json -netns -pretty -stats -timestamp"
complete_line "rtpnl -f -" "-Version -batch -force -help -json -netns -pretty -stats -timestamp"
complete_line "rtpnl rule add table 42 " \
	"auth-fail blackhole decrypt dtls expect hand-up local mismatch output pt record rtcp rtp srtp ssrc stun table"
complete_line "rtpnl rule add table 42 local 1.2.3.4:5 output " \
	"auth-fail blackhole decrypt dst dtls encrypt expect hand-up local mismatch output pt pt-replace record rtcp rtp src srtp ssrc ssrc-map stun table tos"
complete_line "rtpnl rule replace table 42 re" "record"
complete_line "rtpnl rule add table 42 record " ""
complete_line "rtpnl rule add table 42 rtp output src 1.2.3.4:5 dst 1.2.3.4:6 ssrc-" "ssrc-map"
complete_line "rtpnl rule add table 42 rtp output src 1.2.3.4:5 dst 1.2.3.4:6 ssrc-map " ""
complete_line "rtpnl rule add table 42 rtp output src 1.2.3.4:5 dst 1.2.3.4:6 pt-" "pt-replace"
complete_line "rtpnl rule add table 42 rtp output src 1.2.3.4:5 dst 1.2.3.4:6 pt-replace " ""
complete_line "rtpnl rule add table 42 rtp decrypt " \
	"AEAD_AES_128_GCM AEAD_AES_256_GCM AES_192_CM_HMAC_SHA1_32 AES_192_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_CM_128_HMAC_SHA1_80 F8_128_HMAC_SHA1_32 F8_128_HMAC_SHA1_80 NULL_HMAC_SHA1_32 NULL_HMAC_SHA1_80"
complete_line "rtpnl rule add table 42 rtp decrypt F" "F8_128_HMAC_SHA1_32 F8_128_HMAC_SHA1_80"
complete_line "rtpnl rule add table 42 rtp decrypt F8_128_HMAC_SHA1_32 inline:K " \
	"UNAUTHENTICATED_SRTP auth-fail blackhole decrypt dtls expect hand-up keyfile local mismatch mki output pt record roc rtcp rtp srtp ssrc stun table"
complete_line "rtpnl rule add table 42 rtp decrypt AES_CM_128_HMAC_SHA1_80 inline:K " \
	"UNAUTHENTICATED_SRTP auth-fail blackhole decrypt dtls expect hand-up keyfile local mismatch mki output pt record roc rtcp rtp srtp ssrc stun table"
complete_line "rtpnl rule add table 42 rtp srtp " \
	"AEAD_AES_128_GCM AEAD_AES_256_GCM AES_192_CM_HMAC_SHA1_32 AES_192_CM_HMAC_SHA1_80 AES_256_CM_HMAC_SHA1_32 AES_256_CM_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AES_CM_128_HMAC_SHA1_80 F8_128_HMAC_SHA1_32 F8_128_HMAC_SHA1_80 NULL_HMAC_SHA1_32 NULL_HMAC_SHA1_80"
complete_line "rtpnl rule add table 42 rtp srtp AES_CM_128_HMAC_SHA1_80 inline:K|2^31|1:4 " \
	"UNAUTHENTICATED_SRTP auth-fail blackhole decrypt dtls expect hand-up keyfile local mismatch mki output pt record roc rtcp rtp srtp ssrc stun table"
complete_line "rtpnl rule del " "local table"
complete_line "rtpnl rule get table 1 " "local table"
complete_line "rtpnl rules list " "interval rate table"
complete_line "rtpnl rules flush " "table"
complete_line "rtpnl stats prometheus " "file table"
complete_line "rtpnl showconf " "help table"
complete_line "rtpnl top " "count help interval table"
complete_line "rtpnl top table 1 " "count interval table"
complete_line "rtpnl top interval " ""
complete_line "rtpnl rules restore " ""
complete_line "rtpnl rec" "recording"
complete_line "rtpnl recording " "add del delete get help list show"
complete_line "rtpnl recording add 42 call-1 caller " "packets"
complete_line "rtpnl recording add 42 call-1 caller p" "packets"
complete_line "rtpnl recording add 42 call-1 caller packets " ""
complete_line "rtpnl recording del 42 call-1 caller " ""
complete_line "rtpnl recording list 42 " ""
complete_line "rtpnl recording help " ""
complete_line "rtpnl monitor " "help"
complete_line "rtpnl nft add " "rule"
complete_line "rtpnl nft add rule " "inet ip ip6 netdev"
complete_line "rtpnl nft add rule n" "netdev"
complete_line "rtpnl nft add rule netdev t c " "counter iifname index ip ip6 meta rtpengine udp"
complete_line "rtpnl nft delete rule " "inet ip ip6 netdev"
complete_line "rtpnl nft add rule inet t c " "counter iifname index ip ip6 meta rtpengine udp"
complete_line "rtpnl nft insert rule inet t c udp rtpengine " "id"
complete_line "rtpnl nft add rule inet t c rtpengine id 42 " "create exclusive"
complete_line "rtpnl nft delete rule inet t c " "handle"
complete_line "rtpnl nft list " "inet ip ip6 netdev"
complete_line "rtpnl -n ns1 -j " "help monitor nft recording rule rules showconf stats syncconf table top"
complete_line "rtpnl -n ns1 table " "add del delete ensure get help list show"
complete_line "rtpnl -t mon" "monitor"

# -n NAME: the namespaces `ip netns list` shows (a stub ip(8) here).
stub=$(mktemp -d)
trap 'rm -rf "$stub"' EXIT
cat >"$stub/ip" <<'STUB'
#!/bin/sh
[ "$1 $2" = "netns list" ] && printf 'blue (id: 0)\nblack\nred (id: 1)\n'
STUB
chmod +x "$stub/ip"
PATH=$stub:$PATH
complete_line "rtpnl -n " "black blue red"
complete_line "rtpnl -netns bl" "black blue"
complete_line "rtpnl -force -n r" "red"
[ "$fails" = 0 ]
