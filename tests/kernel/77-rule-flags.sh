#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Hand-up flags with real packets on loopback: STUN (before the source
# check), DTLS, and RTP of SSRCs outside the rule's expected list (counted as
# errors); without the flags the same packets are forwarded. Netlink
# rejections, /proc list "option:" lines, rtpnl words and JSON.
. "$(dirname "$0")/lib/common.sh"
NS=fl-ns
ip netns add $NS
genl_serve $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
r() { n "$RTPNL" "$@"; }
rule() { genl rule RULE_NEW 42 "$@"; }
counters() { genl rule RULE_GET 42 "local=127.0.0.1:$1" | sed -n 's/.* stats //p'; }


genl req TABLE_NEW table_id=42 >/dev/null
n iptables -I INPUT -p udp -j RTPENGINE --id 42

# STUN|DTLS, expecting 127.0.0.1:5009 and dropping other sources
expect_eq "rule with STUN and DTLS flags" \
	"$(rule flags=create,excl local=127.0.0.1:30000 expect=127.0.0.1:5009 mismatch=1 flagsval=6 \
		out=127.0.0.1:30002,127.0.0.1:6000)" "errno=0 msg="
loopback_flow "STUN from an unexpected source: handed up" 5000 30000 30000 5 \
	"received=5 from=127.0.0.1:5000" 100 --kind stun
loopback_flow "DTLS from the expected source: handed up" 5009 30000 30000 4 \
	"received=4 from=127.0.0.1:5009" 100 --kind dtls
loopback_flow "RTP from the expected source: forwarded" 5009 30000 6000 6 \
	"received=6 from=127.0.0.1:30002"
loopback_flow "DTLS from another source: dropped as the policy says" 5000 30000 30000 2 \
	"received=0 from=" 100 --kind dtls
expect_eq "handed-up packets are not counted, drops are errors" "$(counters 30000)" "6 1032 2"
# not STUN: a wrong cookie, or a length that does not match -> dropped like any datagram
loopback_flow "first byte 0 without the cookie: not STUN" 5000 30000 30000 2 "received=0 from=" 100 --version 0

# the same packets without the flag: forwarded
rule flags=create,excl local=127.0.0.1:30010 out=127.0.0.1:30012,127.0.0.1:6010 >/dev/null
loopback_flow "STUN without the flag: forwarded" 5000 30010 6010 3 "received=3 from=127.0.0.1:30012" 100 --kind stun

# SSRC filter: RTP of 5eed5eed and 1234 forwarded, others handed up as errors
expect_eq "rule with the SSRC flag and two SSRCs" \
	"$(rule flags=create,excl local=127.0.0.1:30020 rtp=1 flagsval=9 essrc=5eed5eed essrc=1234 \
		out=127.0.0.1:30022,127.0.0.1:6020)" "errno=0 msg="
loopback_flow "expected SSRC forwarded" 5000 30020 6020 5 "received=5 from=127.0.0.1:30022"
loopback_flow "second expected SSRC forwarded" 5000 30020 6020 2 "received=2 from=127.0.0.1:30022" 172 0 --ssrc 1234
loopback_flow "unknown SSRC handed up" 5000 30020 30020 3 "received=3 from=127.0.0.1:5000" 172 0 --ssrc abcdef
expect_eq "unknown SSRCs are errors" "$(counters 30020)" "7 1204 3"
expect_eq "reply: flags and expected SSRCs" \
	"$(genl rule RULE_GET 42 local=127.0.0.1:30020 | grep -o 'flags 9 essrc 5eed5eed essrc 1234')" \
	"flags 9 essrc 5eed5eed essrc 1234"
rule flags=replace local=127.0.0.1:30020 rtp=1 flagsval=9 out=127.0.0.1:30022,127.0.0.1:6020 >/dev/null
loopback_flow "SSRC flag with an empty list: every RTP packet handed up" 5000 30020 30020 2 \
	"received=2 from=127.0.0.1:5000"

list=$(n cat $PROC/42/list)
expect_match "/proc list: option lines" "$list" $'    option: dtls\n    option: stun\n    output #0'
expect_match "/proc list: SSRC filter" "$list" $'    option: SSRC filter\n    SSRC expected:\n'

# rejections: nothing changes
expect_eq "SSRC flag without RTP" "$(rule flags=create local=127.0.0.1:30030 flagsval=8 out=127.0.0.1:1,127.0.0.1:2)" \
	"errno=EINVAL msg=the SSRC flag needs the RTP flag"
expect_eq "expected SSRC without the flag" \
	"$(rule flags=create local=127.0.0.1:30030 rtp=1 essrc=1 out=127.0.0.1:1,127.0.0.1:2)" \
	"errno=EINVAL msg=expected SSRCs need the SSRC flag"
expect_eq "five expected SSRCs" "$(rule flags=create local=127.0.0.1:30030 flagsval=9 essrc=1 essrc=2 essrc=3 \
	essrc=4 essrc=5 out=127.0.0.1:1,127.0.0.1:2)" "errno=E2BIG msg=too many expected SSRCs (at most 4)"
expect_eq "duplicate expected SSRC" "$(rule flags=create local=127.0.0.1:30030 flagsval=9 essrc=1 essrc=1 \
	out=127.0.0.1:1,127.0.0.1:2)" "errno=EINVAL msg=duplicate expected SSRC"
expect_eq "unknown flag" "$(rule flags=create local=127.0.0.1:30030 flagsval=32 out=127.0.0.1:1,127.0.0.1:2 | cut -d' ' -f1)" \
	"errno=EINVAL"
expect_eq "nothing was created" "$(genl rules 42 | head -1)" "errno=0 msg= count=3 intr=0"

# blackhole (flag 64): no outputs; what passes STUN, the source policy and
# DTLS is dropped and counted, neither forwarded nor handed up
expect_eq "blackhole rule with STUN, DTLS, an expected source (mismatch pass)" \
	"$(rule flags=create,excl local=127.0.0.1:30060 expect=127.0.0.1:5009 mismatch=2 flagsval=70)" \
	"errno=0 msg="
loopback_flow "RTP from the expected source: dropped" 5009 30060 30060 4 "received=0 from="
loopback_flow "STUN: handed up" 5009 30060 30060 2 "received=2 from=127.0.0.1:5009" 100 --kind stun
loopback_flow "DTLS: handed up" 5009 30060 30060 1 "received=1 from=127.0.0.1:5009" 100 --kind dtls
loopback_flow "another source (mismatch pass): handed up" 5000 30060 30060 3 \
	"received=3 from=127.0.0.1:5000"
expect_match "counted as blackholed, not as forwarded, not as errors" \
	"$(genl rule RULE_GET 42 local=127.0.0.1:30060)" \
"table 42 local 127.0.0.1:30060 expect 127.0.0.1:5009 mismatch 2 blackholed 4 flags 70 stats 0 0 0\$"
expect_match "/proc list: a blackhole as rtpengine shows it" \
	"$(n sed -n '/^local inet4 127.0.0.1:30060$/,/^local/p' $PROC/42/list)" \
	$'    option: dtls\n    option: stun\n    option: non forwarding\n    option: blackhole'
expect_eq "blackhole with an output" \
	"$(rule flags=create local=127.0.0.1:30062 flagsval=64 out=127.0.0.1:1,127.0.0.1:2)" \
	"errno=EINVAL msg=a blackhole rule has no outputs"
expect_eq "blackhole with RTP" "$(rule flags=create local=127.0.0.1:30062 flagsval=65)" \
	"errno=EINVAL msg=a blackhole rule takes no RTP, SSRC, RTCP or SRTP auth-drop options"
expect_eq "blackhole with RTCP" "$(rule flags=create local=127.0.0.1:30062 flagsval=80)" \
	"errno=EINVAL msg=a blackhole rule takes no RTP, SSRC, RTCP or SRTP auth-drop options"
expect_eq "blackhole with decryption" "$(rule flags=create local=127.0.0.1:30062 flagsval=64 \
	decrypt=1/$(printf '%032d' 1)/$(printf '%028d' 2))" \
	"errno=EINVAL msg=a blackhole rule decrypts nothing"
expect_eq "no outputs, no blackhole" "$(rule flags=create local=127.0.0.1:30062)" \
	"errno=EINVAL msg=rtpfwd: a rule needs at least one output"
expect_eq "a blackhole becomes a forwarding rule by replace" \
	"$(rule flags=replace local=127.0.0.1:30060 out=127.0.0.1:30064,127.0.0.1:6060)" "errno=0 msg="
loopback_flow "... and forwards" 5009 30060 6060 2 "received=2 from=127.0.0.1:30064"
expect_match "... keeping its counters" "$(genl rule RULE_GET 42 local=127.0.0.1:30060)" \
	" blackholed 4 stats 2 344 0\$"
genl rule RULE_DEL 42 local=127.0.0.1:30060 >/dev/null

# hand-up (flag 128): no outputs; what passes STUN, the source policy and
# DTLS goes up untouched, nothing is forwarded; the source policy still drops
expect_eq "hand-up rule with STUN, an expected source (mismatch drop)" \
	"$(rule flags=create,excl local=127.0.0.1:30066 expect=127.0.0.1:5009 mismatch=1 flagsval=130)" \
	"errno=0 msg="
loopback_flow "RTP from the expected source: handed up" 5009 30066 30066 4 \
	"received=4 from=127.0.0.1:5009"
loopback_flow "another source (mismatch drop): dropped" 5000 30066 30066 3 "received=0 from="
loopback_flow "STUN from another source: handed up" 5000 30066 30066 2 \
	"received=2 from=127.0.0.1:5000" 100 --kind stun
expect_match "nothing forwarded, the drops errors" "$(genl rule RULE_GET 42 local=127.0.0.1:30066)" \
"table 42 local 127.0.0.1:30066 expect 127.0.0.1:5009 mismatch 1 flags 130 stats 0 0 3\$"
expect_match "/proc list: a hand-up rule as rtpengine shows a non-forwarding target" \
	"$(n sed -n '/^local inet4 127.0.0.1:30066$/,/^local/p' $PROC/42/list)" \
	$'    option: stun\n    option: non forwarding(\nlocal |$)'
expect_eq "hand-up with an output" \
	"$(rule flags=create local=127.0.0.1:30068 flagsval=128 out=127.0.0.1:1,127.0.0.1:2)" \
	"errno=EINVAL msg=a hand-up rule has no outputs"
expect_eq "hand-up with RTP" "$(rule flags=create local=127.0.0.1:30068 flagsval=129)" \
	"errno=EINVAL msg=a hand-up rule takes no RTP, SSRC, RTCP or SRTP auth-drop options"
expect_eq "hand-up with decryption" "$(rule flags=create local=127.0.0.1:30068 flagsval=128 \
	decrypt=1/$(printf '%032d' 1)/$(printf '%028d' 2))" \
	"errno=EINVAL msg=a hand-up rule decrypts nothing"
expect_eq "hand-up and blackhole" "$(rule flags=create local=127.0.0.1:30068 flagsval=192)" \
	"errno=EINVAL msg=a rule is a blackhole or a hand-up rule, not both"
expect_eq "a hand-up rule becomes a forwarding rule by replace" \
	"$(rule flags=replace local=127.0.0.1:30066 expect=127.0.0.1:5009 mismatch=1 \
		out=127.0.0.1:30064,127.0.0.1:6066)" "errno=0 msg="
loopback_flow "... and forwards" 5009 30066 6066 2 "received=2 from=127.0.0.1:30064"
genl rule RULE_DEL 42 local=127.0.0.1:30066 >/dev/null

# rtpnl: the blackhole word, its listing and counter, a round trip through restore
expect_eq "rtpnl rule add ... blackhole" "$(r rule add table 42 local 127.0.0.1:30070 stun blackhole 2>&1; \
	echo "rc=$?")" "rc=0"
loopback_flow "rtpnl's blackhole drops" 5000 30070 30070 3 "received=0 from="
expect_eq "rtpnl -s rule get: the word and the counter" \
	"$(r -s rule get table 42 local 127.0.0.1:30070 | grep -o 'stun blackhole\|blackholed 3')" \
	$'stun blackhole\nblackholed 3'
json=$(r -j rule get table 42 local 127.0.0.1:30070)
r rule del table 42 local 127.0.0.1:30070
expect_eq "restore recreates it" "$(echo "[$json]" | r rules restore 2>&1; \
	r rule get table 42 local 127.0.0.1:30070)" "table 42 local 127.0.0.1:30070 mismatch ignore stun blackhole"
expect_eq "rtpnl: blackhole with an output" "$(r rule add table 42 local 127.0.0.1:30072 blackhole \
	output src 127.0.0.1:1 dst 127.0.0.1:2 2>&1; echo "rc=$?")" \
	$'Error: \'blackhole\' conflicts with \'output\'\nrc=255'
r rule del table 42 local 127.0.0.1:30070

# rtpnl: the hand-up word, its listing and counter (the source policy still
# drops), JSON, round trips through restore and showconf / syncconf, and
# hand-up with blackhole
HU="table 42 local 127.0.0.1:30074 expect 127.0.0.1:5009 mismatch drop stun hand-up"
expect_eq "rtpnl rule add ... hand-up" "$(r rule add table 42 local 127.0.0.1:30074 expect 127.0.0.1:5009 \
	mismatch drop stun hand-up 2>&1; echo "rc=$?")" "rc=0"
loopback_flow "rtpnl's hand-up hands up" 5009 30074 30074 3 "received=3 from=127.0.0.1:5009"
loopback_flow "... and drops another source (mismatch drop)" 5000 30074 30074 2 "received=0 from="
expect_eq "rtpnl -s rule get: the word and the counter" \
	"$(r -s rule get table 42 local 127.0.0.1:30074 | grep -o 'stun hand-up\|errors 2 handed-up-other 3')" \
	$'stun hand-up\nerrors 2 handed-up-other 3'
expect_eq "rtpnl -s -s: among the hand-ups" \
	"$(r -s -s rule get table 42 local 127.0.0.1:30074 | grep -o 'handed-up stun 0 dtls 0 mismatch 0 other 3')" \
	"handed-up stun 0 dtls 0 mismatch 0 other 3"
json=$(r -j -s rule get table 42 local 127.0.0.1:30074)
expect_eq "rtpnl -j: the flag, no outputs, the counter" \
	"$(grep -o '"stun":true,"hand_up":true,"outputs":\[\]\|"errors":2,"handed_up_other":3' <<<"$json")" \
	$'"stun":true,"hand_up":true,"outputs":[]\n"errors":2,"handed_up_other":3'
r rule del table 42 local 127.0.0.1:30074
expect_eq "restore recreates it" "$(echo "[$json]" | r rules restore 2>&1; \
	r rule get table 42 local 127.0.0.1:30074)" "$HU"
r showconf table 42 >/tmp/hand-up.conf
expect_eq "showconf writes the word" "$(grep -x "rule replace $HU" /tmp/hand-up.conf)" "rule replace $HU"
expect_eq "syncconf of showconf: nothing to do" "$(r syncconf dry-run /tmp/hand-up.conf 2>&1; echo "rc=$?")" \
	"rc=0"
r rule del table 42 local 127.0.0.1:30074
expect_eq "syncconf recreates it" "$(r syncconf /tmp/hand-up.conf 2>&1; \
	r rule get table 42 local 127.0.0.1:30074)" "$HU"
loopback_flow "... and it hands up again" 5009 30074 30074 1 "received=1 from=127.0.0.1:5009"
expect_eq "rtpnl: hand-up with blackhole" "$(r rule add table 42 local 127.0.0.1:30076 hand-up blackhole \
	2>&1; echo "rc=$?")" $'Error: \'blackhole\' conflicts with \'hand-up\'\nrc=255'
expect_eq "rtpnl: hand-up with an output" "$(r rule add table 42 local 127.0.0.1:30076 hand-up \
	output src 127.0.0.1:1 dst 127.0.0.1:2 2>&1; echo "rc=$?")" \
	$'Error: \'hand-up\' conflicts with \'output\'\nrc=255'
r rule del table 42 local 127.0.0.1:30074
rm -f /tmp/hand-up.conf

# rtpnl: words, text and JSON, and a round trip through restore
expect_eq "rtpnl rule add with stun dtls rtp ssrc" "$(r rule add table 42 local 127.0.0.1:30040 stun dtls rtp \
	ssrc 5eed5eed ssrc 0x1234 output src 127.0.0.1:30042 dst 127.0.0.1:6040 2>&1; echo "rc=$?")" "rc=0"
expect_eq "rtpnl rule get: the words" "$(r rule get table 42 local 127.0.0.1:30040)" \
	"table 42 local 127.0.0.1:30040 mismatch ignore stun dtls rtp ssrc 5eed5eed ssrc 00001234 output src 127.0.0.1:30042 dst 127.0.0.1:6040"
json=$(r -j rule get table 42 local 127.0.0.1:30040)
expect_eq "rtpnl -j: the flags" "$(grep -o '"stun":true,"dtls":true,"rtp":true,"payload_types":\[\],"expect_ssrcs":\["5eed5eed","00001234"\]' <<<"$json")" \
	'"stun":true,"dtls":true,"rtp":true,"payload_types":[],"expect_ssrcs":["5eed5eed","00001234"]'
r rule del table 42 local 127.0.0.1:30040
expect_eq "restore recreates it" "$(echo "[$json]" | r rules restore 2>&1; r rule get table 42 local 127.0.0.1:30040)" \
	"table 42 local 127.0.0.1:30040 mismatch ignore stun dtls rtp ssrc 5eed5eed ssrc 00001234 output src 127.0.0.1:30042 dst 127.0.0.1:6040"
expect_eq "rtpnl: ssrc needs rtp" "$(r rule add table 42 local 127.0.0.1:30050 ssrc 1 output src 127.0.0.1:1 dst 127.0.0.1:2 2>&1; echo "rc=$?")" \
	$'Error: \'ssrc\' needs \'rtp\'\nrc=255'

n iptables -D INPUT -p udp -j RTPENGINE --id 42
genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
ip netns del $NS
expect_modrefs "nothing left" 0
finish
