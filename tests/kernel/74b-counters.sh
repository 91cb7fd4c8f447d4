#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Counters an operator can live with, with real packets on loopback: errors
# by reason (source mismatch dropped, not RTP, no route), hand-ups by kind
# (STUN, DTLS, mismatch pass, other), per output counters (an output without
# a route counts its own errors, the other its packets), the age of the last
# packet (present and small after traffic, absent on an untouched rule),
# STATS_RESET of all of them (not of the age), a replace that keeps the rule's
# counters but starts the outputs' from zero. Read with rtpnl -s -s -j (the
# whole path: kernel, librtpnl, the CLI), the text of -s and -s -s, and the
# Prometheus export; a request carrying an output's STATS is refused.
. "$(dirname "$0")/lib/common.sh"
NS=cn-ns
ip netns add $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
r() { n "$RTPNL" "$@"; }

# js LPORT: the stats object of rule 127.0.0.1:LPORT from rtpnl -s -s -j, its
# last_packet_ms replaced by "age": "seen" or "none" (a time: under TCG a
# minute can pass between two checks); ms LPORT: the number itself
js() { r -s -s -j rules list table 42 | $PYTHON -c 'import json, sys
for rule in json.load(sys.stdin):
    if rule["local"] == "127.0.0.1:" + sys.argv[1]:
        st = rule["stats"]
        ms = st.pop("last_packet_ms", None)
        st["age"] = "none" if ms is None else "seen"
        print(json.dumps(st, separators=(",", ":")))' "$1"; }
ms() { r -s -j rule get table 42 local "127.0.0.1:$1" | $PYTHON -c 'import json, sys
print(json.load(sys.stdin)["stats"].get("last_packet_ms", "none"))'; }
Z4='"src_mismatch_dropped":0,"not_rtp":0,"no_route":0,"output_failed":0'
ZH='"stun":0,"dtls":0,"mismatch":0,"other":0'

r table add 42
n iptables -I INPUT -p udp -j RTPENGINE --id 42

# A: expect 5009, mismatch drop, STUN and DTLS handed up
r rule add table 42 local 127.0.0.1:30000 expect 127.0.0.1:5009 mismatch drop stun dtls \
	output src 127.0.0.1:30002 dst 127.0.0.1:6000
loopback_flow "A: RTP from another source dropped" 5000 30000 6000 3 "received=0 from="
loopback_flow "A: STUN handed up" 5000 30000 30000 4 "received=4 from=127.0.0.1:5000" 100 --kind stun
loopback_flow "A: DTLS handed up" 5009 30000 30000 2 "received=2 from=127.0.0.1:5009" 100 --kind dtls
loopback_flow "A: RTP from the expected source forwarded" 5009 30000 6000 5 "received=5 from=127.0.0.1:30002"
expect_eq "A: drops by reason, hand-ups by kind, its output" "$(js 30000)" \
	'{"packets":5,"bytes":860,"errors":3,"errors_by_reason":{"src_mismatch_dropped":3,"not_rtp":0,"no_route":0,"output_failed":0},"handed_up":{"stun":4,"dtls":2,"mismatch":0,"other":0},"outputs":[{"packets":5,"bytes":860,"errors":0}],"age":"seen"}'

# B: mismatch pass: handed up, not an error
r rule add table 42 local 127.0.0.1:30010 expect 127.0.0.1:5009 mismatch pass \
	output src 127.0.0.1:30012 dst 127.0.0.1:6010
loopback_flow "B: another source handed up" 5000 30010 30010 3 "received=3 from=127.0.0.1:5000"
expect_eq "B: handed_up mismatch, no error" "$(js 30010)" \
	"{\"packets\":0,\"bytes\":0,\"errors\":0,\"errors_by_reason\":{$Z4},\"handed_up\":{\"stun\":0,\"dtls\":0,\"mismatch\":3,\"other\":0},\"outputs\":[{\"packets\":0,\"bytes\":0,\"errors\":0}],\"age\":\"seen\"}"

# C: RTP with one payload type: not RTP (an error), another payload type (not)
r rule add table 42 local 127.0.0.1:30020 rtp pt 0/8000 output src 127.0.0.1:30022 dst 127.0.0.1:6020
loopback_flow "C: RTP version 0 handed up" 5000 30020 30020 2 "received=2 from=127.0.0.1:5000" 172 0 --version 0
loopback_flow "C: payload type 8 handed up" 5000 30020 30020 3 "received=3 from=127.0.0.1:5000" 172 0 --pt 8
loopback_flow "C: payload type 0 forwarded" 5000 30020 6020 4 "received=4 from=127.0.0.1:30022"
expect_match "C: not_rtp and handed_up other" "$(js 30020)" \
	'^\{"packets":4,"bytes":688,"errors":2,"errors_by_reason":\{"src_mismatch_dropped":0,"not_rtp":2,"no_route":0,"output_failed":0\},"handed_up":\{"stun":0,"dtls":0,"mismatch":0,"other":3\},"outputs":\[\{"packets":4,"bytes":688,"errors":0\}\],"payload_types":.*"age":"seen"\}$'

# D: two outputs, the second without a route (nothing but lo in the namespace)
r rule add table 42 local 127.0.0.1:30030 output src 127.0.0.1:30032 dst 127.0.0.1:6030 \
	output src 127.0.0.1:30034 dst 10.9.9.9:6031
loopback_flow "D: the routed output gets every packet" 5000 30030 6030 6 "received=6 from=127.0.0.1:30032"
D_AFTER='{"packets":0,"bytes":0,"errors":6,"errors_by_reason":{"src_mismatch_dropped":0,"not_rtp":0,"no_route":6,"output_failed":0},"handed_up":{"stun":0,"dtls":0,"mismatch":0,"other":0},"outputs":[{"packets":6,"bytes":1032,"errors":0},{"packets":0,"bytes":0,"errors":6}],"age":"seen"}'
expect_eq "D: no_route, and each output's own counters" "$(js 30030)" "$D_AFTER"
age=$(ms 30030)
expect_eq "D: its last packet was a moment ago (under 30 s)" \
	"$([[ $age =~ ^[0-9]+$ ]] && ((age < 30000)) && echo small || echo "$age")" small

# E: never saw a packet: no age
r rule add table 42 local 127.0.0.1:30040 output src 127.0.0.1:30042 dst 127.0.0.1:6040
expect_eq "E: no last_packet_ms before the first packet" "$(js 30040)" \
	"{\"packets\":0,\"bytes\":0,\"errors\":0,\"errors_by_reason\":{$Z4},\"handed_up\":{$ZH},\"outputs\":[{\"packets\":0,\"bytes\":0,\"errors\":0}],\"age\":\"none\"}"

# text: -s has the age, -s -s every reason and each output
text=$(r -s -s rule get table 42 local 127.0.0.1:30030)
expect_match "-s: last ... ago" "$(r -s rule get table 42 local 127.0.0.1:30030 | sed -n 2p)" \
	'^    stats packets 0 bytes 0 errors 6 last [0-9.hms]+ ago$'
expect_eq "-s: no age on an untouched rule" "$(r -s rule get table 42 local 127.0.0.1:30040 | sed -n 2p)" \
	'    stats packets 0 bytes 0 errors 0'
expect_eq "-s -s: reasons and outputs" "$(sed -n '3,$p' <<<"$text")" \
	"    errors src-mismatch-dropped 0 not-rtp 0 no-route 6 output-failed 0
    handed-up stun 0 dtls 0 mismatch 0 other 0
    output 1 packets 6 bytes 1032 errors 0
    output 2 packets 0 bytes 0 errors 6"
prom=$(r stats prometheus table 42)
expect_eq "prometheus: errors by reason, summed over the table" \
	"$(grep -E '^rtpfwd_(errors_by_reason|handed_up)_total' <<<"$prom" | grep -v ' 0$')" \
	'rtpfwd_errors_by_reason_total{table="42",reason="src_mismatch_dropped"} 3
rtpfwd_errors_by_reason_total{table="42",reason="not_rtp"} 2
rtpfwd_errors_by_reason_total{table="42",reason="no_route"} 6
rtpfwd_handed_up_total{table="42",reason="stun"} 4
rtpfwd_handed_up_total{table="42",reason="dtls"} 2
rtpfwd_handed_up_total{table="42",reason="mismatch"} 3
rtpfwd_handed_up_total{table="42",reason="other"} 3'
expect_eq "prometheus: the total is not split" "$(grep '^rtpfwd_errors_total' <<<"$prom")" \
	'rtpfwd_errors_total{table="42"} 11'

# a replace keeps the rule's counters, starts its outputs' from zero
r rule replace table 42 local 127.0.0.1:30030 output src 127.0.0.1:30032 dst 127.0.0.1:6030 \
	output src 127.0.0.1:30034 dst 10.9.9.9:6031
expect_eq "replace: rule counters kept, output counters from zero" "$(js 30030)" \
	"$(sed 's/"outputs":\[.*\]/"outputs":[{"packets":0,"bytes":0,"errors":0},{"packets":0,"bytes":0,"errors":0}]/' <<<"$D_AFTER")"
loopback_flow "D: counted again" 5000 30030 6030 2 "received=2 from=127.0.0.1:30032"
expect_eq "D: outputs count from the replace on" "$(js 30030 | grep -o '"outputs":.*\]')" \
	'"outputs":[{"packets":2,"bytes":344,"errors":0},{"packets":0,"bytes":0,"errors":2}]'

# STATS_RESET: one rule, then the table; the age is state and stays
expect_eq "reset rule A" "$(r stats reset table 42 local 127.0.0.1:30000 2>&1; echo "rc=$?")" "rc=0"
expect_eq "A: every counter zero, the age kept" "$(js 30000)" \
	"{\"packets\":0,\"bytes\":0,\"errors\":0,\"errors_by_reason\":{$Z4},\"handed_up\":{$ZH},\"outputs\":[{\"packets\":0,\"bytes\":0,\"errors\":0}],\"age\":\"seen\"}"
expect_eq "D untouched by A's reset" "$(js 30030 | grep -o '"no_route":[0-9]*')" '"no_route":8'
expect_eq "reset the table" "$(r stats reset table 42 2>&1; echo "rc=$?")" "rc=0"
expect_eq "D: every counter zero, its outputs' too, the age kept" "$(js 30030)" \
	"{\"packets\":0,\"bytes\":0,\"errors\":0,\"errors_by_reason\":{$Z4},\"handed_up\":{$ZH},\"outputs\":[{\"packets\":0,\"bytes\":0,\"errors\":0},{\"packets\":0,\"bytes\":0,\"errors\":0}],\"age\":\"seen\"}"
expect_eq "C: zero too" "$(js 30020 | grep -o '"not_rtp":[0-9]*.*"other":[0-9]*')" \
	'"not_rtp":0,"no_route":0,"output_failed":0},"handed_up":{"stun":0,"dtls":0,"mismatch":0,"other":0'
loopback_flow "A: counts again after the reset" 5000 30000 6000 1 "received=0 from="
expect_eq "A: one more mismatch drop" "$(js 30000 | grep -o '"errors":[0-9]*,"errors_by_reason":{"src_mismatch_dropped":[0-9]*')" \
	'"errors":1,"errors_by_reason":{"src_mismatch_dropped":1'

# requests: an output's counters are read-only (as the rule's: as a nest,
# the strict policy refuses the flag before the attribute)
expect_eq "raw: RULE_NEW with an output's STATS refused" \
	"$(n $GENL rule RULE_NEW 42 flags=create local=127.0.0.1:30050 out=127.0.0.1:30052,127.0.0.1:6050,0,,stats)" \
	"errno=EINVAL msg=statistics are read-only"
expect_eq "raw: ... and as a nest" \
	"$(n $GENL rule RULE_NEW 42 flags=create local=127.0.0.1:30050 out=127.0.0.1:30052,127.0.0.1:6050,0,,nstats)" \
	"errno=EINVAL msg=NLA_F_NESTED not expected"
expect_eq "nothing was created" "$(r rule get table 42 local 127.0.0.1:30050 2>&1; echo "rc=$?")" \
	$'Error: no rule for local 127.0.0.1:30050 in table 42\nrc=1'

n iptables -D INPUT -p udp -j RTPENGINE --id 42
r table del 42
ip netns del $NS
expect_modrefs "nothing left" 0
finish
