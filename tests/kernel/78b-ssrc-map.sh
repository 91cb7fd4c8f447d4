#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# SSRC rewrites per output (RTPFWD_OUT_A_SSRC_MAP, rtpengine's SSRC
# substitution: media echo, transcoding calls) with real packets through
# the forwarding topology (client -> proxy -> server over veth, `iptables -j
# RTPENGINE --id 42` in the proxy), checked at the server by Debian's
# libsrtp2 (userspace/tools/srtp_peer, which counts a packet intact only
# with the SSRC it expects): a mapped SSRC arrives rewritten, payload
# intact; another SSRC and RTCP as they came; a fork where only the last
# output (the original skb) rewrites, the first (a copy) not; the rewrite
# before the output's SRTP (the receiver authenticates and decrypts with the
# new SSRC's context); IPv6; the reply; refusals that change nothing; rtpnl's
# ssrc-map words, listing and restore.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

KB=b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
SB=e1e2e3e4e5e6e7e8e9eaebecedee
px() { ip netns exec sm-px "$@"; }
rt() { px "$RTPNL" "$@"; }
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
send_recv() { srtp_20 sm "$@"; }
ALL="received=20 ok=20 failed=0 intact=20"

topology_up sm 78
srtp_serve_up sm
proxy_table_up sm

expect_eq "a rule whose output rewrites two SSRCs" \
	"$(rule rtp=1 local=10.78.1.1:30000 out=10.78.2.1:30000,10.78.2.2:6000 \
		map=5eed5eed:abcd0001 map=1234:4321)" "errno=0 msg="
expect_eq "a mapped SSRC arrives rewritten, its payload intact" \
	"$(send_recv 10.78.2.2:6000 "--plain --ssrc 0xabcd0001" 10.78.1.1:30000 \
		"--plain --ssrc 0x5eed5eed")" "$ALL"
expect_eq "the second mapping too" \
	"$(send_recv 10.78.2.2:6000 "--plain --ssrc 0x4321" 10.78.1.1:30000 "--plain --ssrc 0x1234")" \
	"$ALL"
expect_eq "another SSRC arrives as it came" \
	"$(send_recv 10.78.2.2:6000 "--plain --ssrc 0x77777777" 10.78.1.1:30000 \
		"--plain --ssrc 0x77777777")" "$ALL"
expect_match "the reply carries the map" "$(genl rule RULE_GET 42 local=10.78.1.1:30000)" \
	" out 10.78.2.1:30000,10.78.2.2:6000,0,map 5eed5eed:abcd0001,map 1234:4321 "

# a fork: output 0 (a copy) as it came, output 1 (the original) rewritten
rule rtp=1 local=10.78.1.1:30010 out=10.78.2.1:30010,10.78.2.2:6010 \
	out=10.78.2.1:30010,10.78.2.2:6011 map=5eed5eed:abcd0002 >/dev/null
expect_eq "fork: the unmapped output gets the SSRC as it came" \
	"$(send_recv 10.78.2.2:6010 "--plain --ssrc 0x5eed5eed" 10.78.1.1:30010 \
		"--plain --ssrc 0x5eed5eed")" "$ALL"
expect_eq "fork: the mapped output gets it rewritten" \
	"$(send_recv 10.78.2.2:6011 "--plain --ssrc 0xabcd0002" 10.78.1.1:30010 \
		"--plain --ssrc 0x5eed5eed")" "$ALL"

# rewritten, then encrypted: the receiver's libsrtp uses the new SSRC
rule rtp=1 local=10.78.1.1:30020 "out=10.78.2.1:30020,10.78.2.2:6020,0,aes128_80/$KB/$SB" \
	map=5eed5eed:abcd0003 >/dev/null
expect_eq "rewrite then SRTP: authenticated and decrypted with the new SSRC" \
	"$(send_recv 10.78.2.2:6020 "--suite aes128_80 --key $KB --salt $SB --ssrc 0xabcd0003" \
		10.78.1.1:30020 "--plain --ssrc 0x5eed5eed")" "$ALL"

# RTCP of an rtcp-mux port (rtp and rtcp flags) is not rewritten
rule flagsval=17 local=10.78.1.1:30030 out=10.78.2.1:30030,10.78.2.2:6030 \
	map=5eed5eed:abcd0004 >/dev/null
expect_eq "RTCP leaves as it came" \
	"$(send_recv 10.78.2.2:6030 "--plain --rtcp --ssrc 0x5eed5eed" 10.78.1.1:30030 \
		"--plain --rtcp --ssrc 0x5eed5eed")" "$ALL"

rule rtp=1 'local=[fd78:1::1]:30040' 'out=[fd78:2::1]:30040,[fd78:2::2]:6040' \
	map=5eed5eed:abcd0005 >/dev/null
expect_eq "IPv6: rewritten" \
	"$(send_recv '[fd78:2::2]:6040' "--plain --ssrc 0xabcd0005" '[fd78:1::1]:30040' \
		"--plain --ssrc 0x5eed5eed")" "$ALL"

# refusals: nothing changes
before=$(genl rules 42 | head -1)
expect_eq "an SSRC map without the RTP flag" \
	"$(rule local=10.78.1.1:30050 out=10.78.2.1:1,10.78.2.2:2 map=1:2)" \
	"errno=EINVAL msg=an output's SSRC map needs the RTP flag"
expect_eq "the same SSRC rewritten twice" \
	"$(rule rtp=1 local=10.78.1.1:30050 out=10.78.2.1:1,10.78.2.2:2 map=1:2 map=1:3)" \
	"errno=EINVAL msg=an output rewrites the same SSRC twice"
expect_eq "five rewrites" "$(rule rtp=1 local=10.78.1.1:30050 out=10.78.2.1:1,10.78.2.2:2 \
	map=1:2 map=3:4 map=5:6 map=7:8 map=9:a)" \
	"errno=E2BIG msg=too many SSRC rewrites in an output (at most 4)"
expect_eq "a rewrite without its new SSRC" \
	"$(rule rtp=1 local=10.78.1.1:30050 out=10.78.2.1:1,10.78.2.2:2 map=1)" \
	"errno=EINVAL msg=an SSRC rewrite needs from and to"
expect_eq "nothing was created" "$(genl rules 42 | head -1)" "$before"

# rtpnl writes, shows and restores the same
want="table 42 local 10.78.1.1:30060 mismatch ignore rtp output src 10.78.2.1:30060 dst 10.78.2.2:6060 ssrc-map 5eed5eed:abcd0006"
expect_eq "rtpnl: a rule with an ssrc-map" "$(rt rule add table 42 local 10.78.1.1:30060 rtp \
	output src 10.78.2.1:30060 dst 10.78.2.2:6060 ssrc-map 5eed5eed:abcd0006 2>&1; echo "rc=$?")" "rc=0"
expect_eq "rtpnl's map rewrites" \
	"$(send_recv 10.78.2.2:6060 "--plain --ssrc 0xabcd0006" 10.78.1.1:30060 \
		"--plain --ssrc 0x5eed5eed")" "$ALL"
expect_eq "rtpnl rule get: the words" "$(rt rule get table 42 local 10.78.1.1:30060)" "$want"
json=$(rt -j rule get table 42 local 10.78.1.1:30060)
rt rule del table 42 local 10.78.1.1:30060
expect_eq "rtpnl rules restore brings the map back" \
	"$(echo "[$json]" | rt rules restore 2>&1; rt rule get table 42 local 10.78.1.1:30060)" "$want"
expect_eq "rtpnl: a map without rtp" "$(rt rule add table 42 local 10.78.1.1:30062 \
	output src 10.78.2.1:1 dst 10.78.2.2:2 ssrc-map 1:2 2>&1; echo "rc=$?")" \
	$'Error: output 1: \'ssrc-map\' needs \'rtp\'\nrc=255'

proxy_table_down sm
topology_down sm
expect_modrefs "nothing left" 0
finish
