#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 60
# Rule events on the notify group: RULE_NEW (created: NLM_F_CREATE,
# replaced: NLM_F_REPLACE), RULE_DEL, for the namespace's listeners only;
# refused requests announce nothing; `rtpnl monitor` prints them.
. "$(dirname "$0")/lib/common.sh"
NS=ev-ns
ip netns add $NS
ip netns add ev-other
n() { ip netns exec $NS "$@"; }
r() { n "$RTPNL" "$@"; }

r table add 42
rm -f /tmp/ev-raw /tmp/ev-other
n $GENL listen 60 >/tmp/ev-raw &
raw=$!
n "$RTPNL" monitor >/tmp/ev-mon &
mon=$!
n "$RTPNL" -j monitor >/tmp/ev-json &
json=$!
ip netns exec ev-other $GENL listen 60 >/tmp/ev-other &
other=$!
for _ in $(seq 100); do grep -q listening /tmp/ev-raw 2>/dev/null && grep -q listening /tmp/ev-other 2>/dev/null && break; sleep 0.1; done
sleep 2	# rtpnl monitor joins the group meanwhile

OUT='output src 10.0.0.1:1002 dst 10.0.0.2:2000'
r rule add table 42 local 10.0.0.1:1000 $OUT
r rule add table 42 local 10.0.0.1:1000 $OUT 2>/dev/null	# EEXIST: no event
r rule replace table 42 local 10.0.0.1:1000 $OUT
r rule replace table 42 local '[fd00::1]:1000' output src '[fd00::1]:1002' dst '[fd00::2]:2000'
r rule del table 42 local 10.0.0.1:1000
r rule del table 42 local 10.0.0.1:1000 2>/dev/null	# ENOENT: no event
r stats reset table 42	# not an event
r table del 42
# the table's deletion is the last event: then everything has arrived
for _ in $(seq 100); do grep -q TABLE_DEL /tmp/ev-raw && grep -q 'del table' /tmp/ev-mon && break; sleep 0.1; done
kill $raw $mon $json $other
wait $raw $mon $json $other 2>/dev/null

expect_eq "raw events, in order, with their flags" "$(grep ^event /tmp/ev-raw)" \
"event RULE_NEW flags=0x400 table 42 local 10.0.0.1:1000
event RULE_NEW flags=0x100 table 42 local 10.0.0.1:1000
event RULE_NEW flags=0x400 table 42 local [fd00::1]:1000
event RULE_DEL flags=0x0 table 42 local 10.0.0.1:1000
event TABLE_DEL table_id=42"
expect_eq "rtpnl monitor" "$(cat /tmp/ev-mon)" \
"new rule table 42 local 10.0.0.1:1000
replace rule table 42 local 10.0.0.1:1000
new rule table 42 local [fd00::1]:1000
del rule table 42 local 10.0.0.1:1000
del table 42"
expect_eq "rtpnl -j monitor" "$(sed -n 2p /tmp/ev-json)" \
	'{"event":"replace","object":"rule","table":42,"local":"10.0.0.1:1000"}'
expect_eq "another namespace hears nothing" "$(grep -c ^event /tmp/ev-other)" "0"

ip netns del $NS
ip netns del ev-other
expect_modrefs "nothing left" 0
finish
