#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Payload replacement per output (RTPFWD_OUT_A_PT_REPLACE, rtpengine's
# silence media) with real packets through the forwarding topology (client
# -> proxy -> server over veth, `iptables -j RTPENGINE --id 42` in the
# proxy), checked at the server by Debian's libsrtp2 (srtp_peer --fill: a
# packet is intact only if its payload is the pattern over and over, its
# padding as sent, its SSRC the one expected; the receiving stack drops a
# wrong UDP checksum, so every payload byte the kernel changed is covered):
# the replaced type silenced, others as they came; a pattern longer than
# one byte, its last copy cut short; RTP padding kept; a fork where only
# one output replaces; replacement then SSRC rewrite then SRTP out; SRTP in,
# replaced in the clear; IPv6; the reply; refusals that change nothing.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

KB=b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
SB=e1e2e3e4e5e6e7e8e9eaebecedee
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
send_recv() { srtp_20 pr "$@"; }
ALL="received=20 ok=20 failed=0 intact=20"

topology_up pr 78
srtp_serve_up pr
proxy_table_up pr

expect_eq "a rule whose output silences PCMU and PCMA" \
	"$(rule rtp=1 local=10.78.1.1:31000 out=10.78.2.1:31000,10.78.2.2:7000 \
		replace=0:ff replace=8:d5)" "errno=0 msg="
expect_eq "PCMU arrives as 0xff throughout" \
	"$(send_recv 10.78.2.2:7000 "--plain --fill ff" 10.78.1.1:31000 "--plain --pt 0")" "$ALL"
expect_eq "PCMA arrives as 0xd5 throughout" \
	"$(send_recv 10.78.2.2:7000 "--plain --fill d5" 10.78.1.1:31000 "--plain --pt 8")" "$ALL"
expect_eq "another payload type arrives as it came" \
	"$(send_recv 10.78.2.2:7000 "--plain" 10.78.1.1:31000 "--plain --pt 9")" "$ALL"
expect_eq "padding stays, the payload before it is replaced" \
	"$(send_recv 10.78.2.2:7000 "--plain --fill ff" 10.78.1.1:31000 "--plain --pad 5")" "$ALL"
expect_match "the reply carries the replacements" \
	"$(genl rule RULE_GET 42 local=10.78.1.1:31000)" \
	" out 10.78.2.1:31000,10.78.2.2:7000,0,replace 0:ff,replace 8:d5 "

# 160 bytes of a 3-byte pattern: 53 copies and one cut to a byte
rule rtp=1 local=10.78.1.1:31010 out=10.78.2.1:31010,10.78.2.2:7010 \
	replace=96:0a0b0c >/dev/null
expect_eq "a 3-byte pattern, the last copy cut short" \
	"$(send_recv 10.78.2.2:7010 "--plain --fill 0a0b0c" 10.78.1.1:31010 "--plain --pt 96")" \
	"$ALL"

# a fork: output 0 (a copy) silenced, output 1 (the original) as it came
rule rtp=1 local=10.78.1.1:31020 out=10.78.2.1:31020,10.78.2.2:7020 replace=0:ff \
	out=10.78.2.1:31020,10.78.2.2:7021 >/dev/null
expect_eq "fork: the replacing output (a copy) silences" \
	"$(send_recv 10.78.2.2:7020 "--plain --fill ff" 10.78.1.1:31020 "--plain")" "$ALL"
expect_eq "fork: the other output (the original) is as it came" \
	"$(send_recv 10.78.2.2:7021 "--plain" 10.78.1.1:31020 "--plain")" "$ALL"

# replaced, SSRC rewritten, then encrypted: the receiver's libsrtp decrypts
rule rtp=1 local=10.78.1.1:31030 \
	"out=10.78.2.1:31030,10.78.2.2:7030,0,aes128_80/$KB/$SB" replace=0:ff \
	map=11223344:abcd0001 >/dev/null
expect_eq "replace, rewrite, SRTP: decrypted, silenced, the new SSRC" \
	"$(send_recv 10.78.2.2:7030 \
		"--suite aes128_80 --key $KB --salt $SB --ssrc 0xabcd0001 --fill ff" \
		10.78.1.1:31030 "--plain")" "$ALL"

# SRTP in, replaced in the clear (a WebRTC caller silenced towards SIP)
rule rtp=1 local=10.78.1.1:31040 "decrypt=aes128_80/$KB/$SB" \
	out=10.78.2.1:31040,10.78.2.2:7040 replace=0:ff >/dev/null
expect_eq "decrypted, then silenced" \
	"$(send_recv 10.78.2.2:7040 "--plain --fill ff" 10.78.1.1:31040 \
		"--suite aes128_80 --key $KB --salt $SB")" "$ALL"

rule rtp=1 'local=[fd78:1::1]:31050' 'out=[fd78:2::1]:31050,[fd78:2::2]:7050' \
	replace=0:ff >/dev/null
expect_eq "IPv6: silenced (and a checksum the receiver accepts)" \
	"$(send_recv '[fd78:2::2]:7050' "--plain --fill ff" '[fd78:1::1]:31050' "--plain")" "$ALL"

# RTCP of an rtcp-mux port (rtp and rtcp flags) is not touched
rule flagsval=17 local=10.78.1.1:31060 out=10.78.2.1:31060,10.78.2.2:7060 \
	replace=72:ff replace=0:ff >/dev/null
expect_eq "RTCP leaves as it came" \
	"$(send_recv 10.78.2.2:7060 "--plain --rtcp" 10.78.1.1:31060 "--plain --rtcp")" "$ALL"

# refusals: nothing changes
before=$(genl rules 42 | head -1)
R="local=10.78.1.1:31070 out=10.78.2.1:1,10.78.2.2:2"
expect_eq "a replacement without the RTP flag" "$(rule $R replace=0:ff)" \
	"errno=EINVAL msg=an output's payload replacement needs the RTP flag"
expect_eq "one payload type replaced twice" "$(rule rtp=1 $R replace=0:ff replace=0:d5)" \
	"errno=EINVAL msg=an output replaces the same payload type twice"
expect_eq "five replacements" "$(rule rtp=1 $R replace=0:ff replace=8:d5 replace=9:fa \
	replace=18:00 replace=96:00)" \
	"errno=E2BIG msg=too many payload replacements in an output (at most 4)"
expect_eq "a replacement without a pattern" "$(rule rtp=1 $R replace=0:-)" \
	"errno=EINVAL msg=a payload replacement needs a type and a pattern"
expect_eq "an empty pattern" "$(rule rtp=1 $R replace=0:)" \
	"errno=EINVAL msg=an empty replacement pattern"
expect_match "a 17-byte pattern" \
	"$(rule rtp=1 $R replace=0:000102030405060708090a0b0c0d0e0f10)" "^errno=ERANGE "
expect_match "payload type 128" "$(rule rtp=1 $R replace=128:ff)" "^errno=ERANGE "
expect_eq "nothing was created" "$(genl rules 42 | head -1)" "$before"

proxy_table_down pr
topology_down pr
expect_modrefs "nothing left" 0
finish
