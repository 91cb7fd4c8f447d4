#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# rtpnl's payload replacements (pt-replace PT:HEX, RTPFWD_OUT_A_PT_REPLACE,
# rtpengine's silence media) against the real kernel, through rtpnl only
# (78c-pt-replace drives the attribute itself): a rule written with
# pt-replace replaces the payload of real RTP at the server (Debian's
# libsrtp2 in userspace/tools/srtp_peer; with --fill a packet is intact
# only if its payload is the pattern over and over), other payload types
# and outputs as they came; rule get / rules list / showconf echo the words,
# -j the JSON; replace without them stops replacing; restore and syncconf
# bring them back; a rule without rtp, and typos, are one-line errors that
# install nothing.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

px() { ip netns exec pd-px "$@"; }
rt() { px "$RTPNL" "$@"; }
# run ARGS...: "rc=N out=... err=..." of rtpnl ARGS in the proxy
run() { rtpnl_result pd-px "$@"; }
# send_recv BIND "RECV-OPTIONS" DST "SEND-OPTIONS": 20 plain RTP packets
# from the client, what the server got (received, ok, failed, intact)
send_recv() { srtp_20 pd "$1" "--plain $2" "$3" "--plain $4"; }
ALL="received=20 ok=20 failed=0 intact=20"
# what a server whose packets are as the client sent them sees with --fill
NONE="received=20 ok=20 failed=0 intact=0"
L=10.78.1.1:32000

topology_up pd 78
srtp_serve_up pd
expect_eq "rtpnl table add" "$(run table add 42)" "rc=0 out= err="
px iptables -I INPUT -p udp -j RTPENGINE --id 42

want="table 42 local $L mismatch ignore rtp output src 10.78.2.1:32000 dst 10.78.2.2:8000 pt-replace 0:ff pt-replace 96:0a0b0c"
wantj='{"table":42,"local":"'$L'","mismatch":"ignore","rtp":true,"payload_types":[],"outputs":[{"src":"10.78.2.1:32000","dst":"10.78.2.2:8000","tos":0,"pt_replace":[{"type":0,"pattern":"ff"},{"type":96,"pattern":"0a0b0c"}]}]}'
expect_eq "rtpnl rule add with two pt-replace" "$(run rule add table 42 local $L rtp \
	output src 10.78.2.1:32000 dst 10.78.2.2:8000 pt-replace 0:ff pt-replace 96:0x0A0B0C)" \
	"rc=0 out= err="
expect_eq "rule get echoes the words" "$(rt rule get table 42 local $L)" "$want"
expect_eq "rule get -j echoes pt_replace" "$(rt -j rule get table 42 local $L)" "$wantj"
expect_eq "rules list shows them" "$(rt rules list table 42 | grep -F "local $L ")" "$want"
expect_eq "rules list -j shows them" "$(rt -j rules list table 42)" "[$wantj]"
expect_eq "showconf writes them" "$(rt showconf table 42 | grep -Fx "rule replace $want")" \
	"rule replace $want"

expect_eq "PCMU arrives as 0xff throughout" \
	"$(send_recv 10.78.2.2:8000 "--fill ff" $L "--pt 0")" "$ALL"
expect_eq "PT 96 arrives as 0a0b0c over and over, the last copy cut short" \
	"$(send_recv 10.78.2.2:8000 "--fill 0a0b0c" $L "--pt 96")" "$ALL"
expect_eq "PCMA (not replaced) arrives as it came" \
	"$(send_recv 10.78.2.2:8000 "" $L "--pt 8")" "$ALL"
expect_eq "... and is not 0xff" "$(send_recv 10.78.2.2:8000 "--fill ff" $L "--pt 8")" "$NONE"

# rule replace without the words: the payload goes through again
expect_eq "rtpnl rule replace without pt-replace" "$(run rule replace table 42 local $L rtp \
	output src 10.78.2.1:32000 dst 10.78.2.2:8000)" "rc=0 out= err="
expect_eq "rule get: no pt-replace left" "$(rt rule get table 42 local $L)" "${want%% pt-replace*}"
expect_eq "PCMU now arrives as it came" "$(send_recv 10.78.2.2:8000 "" $L "--pt 0")" "$ALL"

# restore brings the replacements back, and they replace again
expect_eq "rtpnl rules restore of the JSON" \
	"$(echo "[$wantj]" | run rules restore)" "rc=0 out= err="
expect_eq "restored: rule get" "$(rt rule get table 42 local $L)" "$want"
expect_eq "restored: PCMU silenced again" \
	"$(send_recv 10.78.2.2:8000 "--fill ff" $L "--pt 0")" "$ALL"

# syncconf: showconf's file changes nothing; another pattern is a replace
rt showconf table 42 >/tmp/pd.conf
expect_eq "syncconf of showconf: nothing to do" "$(run syncconf dry-run /tmp/pd.conf)" \
	"rc=0 out= err="
sed 's/pt-replace 0:ff/pt-replace 0:7f/' /tmp/pd.conf >/tmp/pd-changed.conf
expect_eq "syncconf: another pattern" "$(run syncconf /tmp/pd-changed.conf)" "rc=0 out= err="
expect_eq "... is the kernel's now" "$(rt rule get table 42 local $L)" \
	"${want/pt-replace 0:ff/pt-replace 0:7f}"
expect_eq "... and what PCMU arrives as" \
	"$(send_recv 10.78.2.2:8000 "--fill 7f" $L "--pt 0")" "$ALL"
rm -f /tmp/pd.conf /tmp/pd-changed.conf

# a fork: the first output (a copy) silences PCMA, the second as it came
expect_eq "rtpnl: two outputs, one with pt-replace" "$(run rule add table 42 local 10.78.1.1:32010 \
	rtp output src 10.78.2.1:32010 dst 10.78.2.2:8010 pt-replace 8:d5 \
	output src 10.78.2.1:32010 dst 10.78.2.2:8011)" "rc=0 out= err="
expect_eq "fork: the replacing output silences" \
	"$(send_recv 10.78.2.2:8010 "--fill d5" 10.78.1.1:32010 "--pt 8")" "$ALL"
expect_eq "fork: the other output is as it came" \
	"$(send_recv 10.78.2.2:8011 "" 10.78.1.1:32010 "--pt 8")" "$ALL"

# refusals: one line, exit 255, nothing installed
before=$(rt rules list table 42)
R=(table 42 local 10.78.1.1:32090 output src 10.78.2.1:1 dst 10.78.2.2:2)
expect_eq "a pt-replace without rtp" "$(run rule add "${R[@]}" pt-replace 0:ff)" \
	"rc=255 out= err=Error: output 1: 'pt-replace' needs 'rtp'"
expect_eq "an odd pattern" "$(run rule add "${R[@]}" pt-replace 0:f rtp)" \
	"rc=255 out= err=Error: invalid pt-replace '0:f': pattern 'f' has an odd number of hex digits"
expect_eq "payload type 128" "$(run rule add "${R[@]}" pt-replace 128:ff rtp)" \
	"rc=255 out= err=Error: invalid pt-replace '128:ff': payload type '128' (0..127)"
expect_eq "one type twice" "$(run rule add "${R[@]}" pt-replace 0:ff pt-replace 0:d5 rtp)" \
	"rc=255 out= err=Error: output 1: duplicate pt-replace PT in '0:d5'"
expect_eq "restore of a pt_replace without rtp" "$(echo '[{"table":42,"local":"10.78.1.1:32090",
	"outputs":[{"src":"10.78.2.1:1","dst":"10.78.2.2:2","pt_replace":[{"type":0,"pattern":"ff"}]}]}]' |
	run rules restore)" \
	"rc=255 out= err=Error: rule 1 (table 42 local 10.78.1.1:32090): output 1: payload replacement needs rtp"
expect_eq "nothing was installed" "$(run rule get table 42 local 10.78.1.1:32090)" \
	"rc=1 out= err=Error: no rule for local 10.78.1.1:32090 in table 42"
expect_eq "the other rules as they were" "$(rt rules list table 42)" "$before"

px iptables -D INPUT -p udp -j RTPENGINE --id 42
expect_eq "rtpnl table del" "$(run table del 42)" "rc=0 out= err="
topology_down pd
expect_modrefs "nothing left" 0
finish
