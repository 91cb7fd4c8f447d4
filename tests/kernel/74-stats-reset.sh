#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 180
# STATS_RESET through rtpnl: one rule's counters (plain, per payload type,
# per SSRC packets/bytes/loss) or a whole table's; counters read end to end
# with `rtpnl -s -j rules list`; refusals. Real packets on loopback.
. "$(dirname "$0")/lib/common.sh"
NS=sr-ns
ip netns add $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
r() { n "$RTPNL" "$@"; }
run() {
	local out rc
	out=$(n "$RTPNL" "$@" 2>&1)
	rc=$?
	echo "rc=$rc $out"
}

# send LOCAL-PORT DST-PORT COUNT [udp.py send options]: through the rule to a receiver
send() {
	local lport=$1 dport=$2 count=$3
	shift 3
	udp_exchange $NS "127.0.0.1:$dport" "$count" $NS 127.0.0.1:5000 "127.0.0.1:$lport" "$@"
}
# js LPORT: the stats object of the rule of 127.0.0.1:LPORT, from rtpnl -s -j,
# without the age of its last packet (a time; 74b-counters.sh checks it)
js() { r -s -j rules list table 42 | $PYTHON -c 'import json, sys
for rule in json.load(sys.stdin):
    if rule["local"] == "127.0.0.1:" + sys.argv[1]:
        rule["stats"].pop("last_packet_ms", None)
        print(json.dumps(rule["stats"], separators=(",", ":")))' "$1"; }

r table add 42
n iptables -I INPUT -p udp -j RTPENGINE --id 42
r rule add table 42 local 127.0.0.1:30000 rtp pt 0/8000 output src 127.0.0.1:30002 dst 127.0.0.1:6000
r rule add table 42 local 127.0.0.1:30010 output src 127.0.0.1:30012 dst 127.0.0.1:6010

expect_eq "RTP rule forwards" "$(send 30000 6000 18 20 172 0 --skip 3,7)" \
	"received=18 intact=18 from=127.0.0.1:30002"
expect_eq "plain rule forwards" "$(send 30010 6010 5 5)" "received=5 intact=5 from=127.0.0.1:30012"
# jitter depends on the emulator's timing: J stands for any value
expect_eq "rtpnl -s -j: RTP counters end to end" "$(js 30000 | sed 's/"jitter":[0-9]*/"jitter":J/')" \
	'{"packets":18,"bytes":3096,"errors":0,"payload_types":[{"type":0,"packets":18,"bytes":3096}],"ssrcs":[{"ssrc":"5eed5eed","packets":18,"bytes":3096,"ext_seq":19,"lost":2,"jitter":J}]}'
expect_eq "rtpnl -s -j: plain counters" "$(js 30010)" '{"packets":5,"bytes":860,"errors":0}'

expect_eq "reset one rule" "$(run stats reset table 42 local 127.0.0.1:30000)" "rc=0 "
expect_match "its counters are zero, SSRC kept with ext_seq" "$(js 30000)" \
	'^\{"packets":0,"bytes":0,"errors":0,"payload_types":\[\{"type":0,"packets":0,"bytes":0\}\],"ssrcs":\[\{"ssrc":"5eed5eed","packets":0,"bytes":0,"ext_seq":19,"lost":0,'
expect_eq "the other rule's are not" "$(js 30010)" '{"packets":5,"bytes":860,"errors":0}'

# seq 20..29 without 25: loss counts again from the reset on
expect_eq "forwarding goes on" "$(send 30000 6000 9 10 172 20 --skip 25)" \
	"received=9 intact=9 from=127.0.0.1:30002"
expect_match "counted from zero after the reset" "$(js 30000)" \
	'^\{"packets":9,"bytes":1548,"errors":0,"payload_types":\[\{"type":0,"packets":9,"bytes":1548\}\],"ssrcs":\[\{"ssrc":"5eed5eed","packets":9,"bytes":1548,"ext_seq":29,"lost":1,'

expect_eq "reset the table" "$(run stats reset table 42)" "rc=0 "
expect_eq "every rule zero" "$(js 30000 | cut -c1-38) $(js 30010)" \
	'{"packets":0,"bytes":0,"errors":0,"pay {"packets":0,"bytes":0,"errors":0}'
expect_match "/proc list agrees" "$(n cat $PROC/42/list | grep -m1 'stats:')" \
	'^    stats: +0 bytes, +0 packets, +0 errors$'

# refusals: one line, exit 1, nothing changed
send 30010 6010 3 3 >/dev/null
expect_eq "reset of a missing rule" "$(run stats reset table 42 local 127.0.0.1:30020)" \
	"rc=1 Error: no rule for local 127.0.0.1:30020 in table 42"
expect_eq "reset of a missing table" "$(run stats reset table 43)" "rc=1 Error: rtpfwd: no such table"
expect_eq "usage error" "$(run stats reset local 127.0.0.1:30010)" "rc=255 Error: missing 'table'"
expect_eq "counters untouched by refusals" "$(js 30010)" '{"packets":3,"bytes":516,"errors":0}'
expect_eq "raw: reset needs CAP_NET_ADMIN" \
	"$(n setpriv --reuid=65534 --regid=65534 --clear-groups $GENL req STATS_RESET table_id=42)" \
	"errno=EPERM msg="

n iptables -D INPUT -p udp -j RTPENGINE --id 42
r table del 42
ip netns del $NS
expect_modrefs "nothing left" 0
finish
