#!/bin/bash
# timeout: 180
# SPDX-License-Identifier: GPL-2.0
# rtpnl showconf / syncconf against the real kernel: the round trip changes
# nothing (no rule event, the counters go on), a changed output is
# replaced, an extra rule and an extra rtpnl nft rule deleted, a missing
# table created, tables the file does not name left alone, a bad file
# changes nothing; dry-run and -s; then rules flush, stats prometheus,
# rules list rate and top.
. "$(dirname "$0")/lib/common.sh"
NS=sc-ns
ip netns add $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
r() { n "$RTPNL" "$@"; }
run() { rtpnl_result $NS "$@"; }

# Table 42: a rule fed by an rtpnl nft rule, with traffic counted.
n nft add table inet filter
n nft add chain inet filter input '{ type filter hook input priority 0; }'
r table add 42
r rule add table 42 local 127.0.0.1:30000 expect 127.0.0.1:5000 \
	output src 127.0.0.1:30002 dst 127.0.0.1:6000
r nft add rule inet filter input udp dport 30000-30100 rtpengine id 42
expect_eq "forwarded through the rule" \
	"$(udp_exchange $NS 127.0.0.1:6000 20 $NS 127.0.0.1:5000 127.0.0.1:30000 20)" \
	"received=20 intact=20 from=127.0.0.1:30002"
STATS='    stats packets 20 bytes 3440 errors 0'
NOAGE='s/ last [^ ]* ago$//'	# the age of the last packet: a time
RULE='table 42 local 127.0.0.1:30000 expect 127.0.0.1:5000 mismatch ignore output src 127.0.0.1:30002'
expect_eq "counted" "$(r -s rule get table 42 local 127.0.0.1:30000 | sed "$NOAGE")" "$RULE dst 127.0.0.1:6000"$'\n'"$STATS"

CONF="# rtpnl showconf: make it so with 'rtpnl syncconf FILE'
table ensure 42
rule replace $RULE dst 127.0.0.1:6000
nft add rule inet filter input udp dport 30000-30100 rtpengine id 42"
r showconf >/tmp/sc.conf
expect_eq "showconf" "$(cat /tmp/sc.conf)" "$CONF"
expect_eq "showconf table 42" "$(r showconf table 42)" "$CONF"
expect_eq "showconf of a missing table: one line" "$(run showconf table 43)" \
	"rc=1 out= err=Error: table 43 does not exist"

# A monitor sees every rule change syncconf makes. It appends to its file,
# which mon_events empties after each look. mon_up: it has joined the
# group (it printed a probe table's event). mon_events: what it printed
# before a marker table's events, the probe and marker events left out.
# (rtpnl itself in the background, so that $! is the one to kill)
rm -f /tmp/sc-mon
"$RTPNL" -n $NS monitor >>/tmp/sc-mon 2>&1 &
mon=$!
mon_up() { r table add 60 2>/dev/null; r table del 60 2>/dev/null; grep -q 'table 60$' /tmp/sc-mon; }
wait_until 30 "rtpnl monitor to join the notify group" mon_up
mon_events() {
	r table add 61
	r table del 61
	wait_until 30 "the marker events" grep -q 'del table 61$' /tmp/sc-mon
	grep -v 'table 6[01]$' /tmp/sc-mon
	: >/tmp/sc-mon
}
mon_events >/dev/null

# The round trip: nothing to do, nothing printed, nothing re-created.
expect_eq "syncconf of showconf: silent" "$(run syncconf /tmp/sc.conf)" "rc=0 out= err="
expect_eq "showconf | syncconf -: silent" \
	"$(r showconf | n "$RTPNL" syncconf - 2>&1; echo "rc=$?")" "rc=0"
expect_eq "... no rule event" "$(mon_events)" ""
expect_eq "... counters not reset" "$(r -s rule get table 42 local 127.0.0.1:30000 | sed -n 2p | sed "$NOAGE")" "$STATS"
expect_eq "-s: a summary" "$(run -s syncconf /tmp/sc.conf)" \
	"rc=0 out=changed: tables 0 added, rules 0 added 0 replaced 0 deleted, nft rules 0 added 0 deleted err="
expect_eq "dry-run of no change prints nothing" "$(run syncconf dry-run /tmp/sc.conf)" "rc=0 out= err="

# A changed output: dry-run shows the replace and does nothing, then it is done.
sed 's/dst 127.0.0.1:6000/dst 127.0.0.1:6002/' /tmp/sc.conf >/tmp/sc-changed.conf
expect_eq "dry-run shows the replace" "$(run syncconf dry-run /tmp/sc-changed.conf)" \
	"rc=0 out=rule replace $RULE dst 127.0.0.1:6002 err="
expect_eq "... and changes nothing" "$(r showconf)" "$CONF"
expect_eq "syncconf replaces the changed rule" "$(run syncconf /tmp/sc-changed.conf)" "rc=0 out= err="
expect_eq "... the new output" "$(r rule get table 42 local 127.0.0.1:30000)" "$RULE dst 127.0.0.1:6002"
expect_eq "... one replace event, nothing else" "$(mon_events)" \
	"replace rule table 42 local 127.0.0.1:30000"
expect_eq "... replaced in place: the counters stay" \
	"$(r -s rule get table 42 local 127.0.0.1:30000 | sed -n 2p | sed "$NOAGE")" "$STATS"

# Extra rules and nft rules of table 42 go; table 44, not in the file, stays.
r rule add table 42 local 127.0.0.1:30010 output src 127.0.0.1:30012 dst 127.0.0.1:6010
r nft add rule inet filter input udp dport 40000 rtpengine id 42
r table add 44
r nft add rule inet filter input udp dport 44000 rtpengine id 44
r rule add table 44 local 127.0.0.1:44000 output src 127.0.0.1:44002 dst 127.0.0.1:6044
expect_eq "-s syncconf deletes the extras" "$(run -s syncconf /tmp/sc.conf)" \
	"rc=0 out=changed: tables 0 added, rules 0 added 1 replaced 1 deleted, nft rules 0 added 1 deleted err="
expect_eq "... table 42 as the file says" "$(r showconf table 42)" "$CONF"
expect_eq "... table 44 untouched" "$(r rules list table 44)" \
	"table 44 local 127.0.0.1:44000 mismatch ignore output src 127.0.0.1:44002 dst 127.0.0.1:6044"
expect_eq "... its nft rule too" "$(r nft list | sed 's/ # handle .*//' | grep 'id 44')" \
	"inet filter input udp dport 44000 rtpengine id 44"

# A missing table is created, with its rules and nft rule.
cp /tmp/sc.conf /tmp/sc-more.conf
cat >>/tmp/sc-more.conf <<'CONF'
table ensure 43
rule replace table 43 local 10.0.0.1:1000 output src 10.0.0.1:1002 dst 10.0.0.2:2000
nft add rule inet filter input udp dport 43000 rtpengine id 43
CONF
expect_eq "syncconf creates table 43" "$(run syncconf /tmp/sc-more.conf)" "rc=0 out= err="
expect_eq "... the tables" "$(n cat $PROC/list | tr '\n' ' ')" "42 43 44 "
expect_eq "... its rule" "$(r rules list table 43)" \
	"table 43 local 10.0.0.1:1000 mismatch ignore output src 10.0.0.1:1002 dst 10.0.0.2:2000"
expect_eq "... its nft rule" "$(r nft list | sed 's/ # handle .*//' | grep 'id 43')" \
	"inet filter input udp dport 43000 rtpengine id 43"
expect_eq "... and then nothing more to do" "$(run syncconf dry-run /tmp/sc-more.conf)" "rc=0 out= err="

# A bad file: one line naming file, line and word; nothing changed.
sed '3s/ output / outptu /' /tmp/sc-more.conf >/tmp/sc-bad.conf
printf 'rule replace table 42 local 127.0.0.1:30020 output src 127.0.0.1:30022 dst 127.0.0.1:6020\n' \
	>>/tmp/sc-bad.conf
before=$(r showconf)
mon_events >/dev/null
expect_eq "bad file: exit 255, one line" "$(run syncconf /tmp/sc-bad.conf)" \
	"rc=255 out= err=Error: /tmp/sc-bad.conf:3: unknown argument 'outptu'"
expect_eq "... nothing changed" "$(r showconf)" "$before"
expect_eq "... no event" "$(mon_events)" ""
expect_eq "a missing file" "$(run syncconf /tmp/sc-nope.conf)" \
	"rc=1 out= err=Error: cannot open '/tmp/sc-nope.conf': No such file or directory"
kill $mon
wait $mon 2>/dev/null

# rules flush
r rule add table 43 local 10.0.0.1:1010 output src 10.0.0.1:1012 dst 10.0.0.2:2010
expect_eq "rules flush table 43" "$(run rules flush table 43)" "rc=0 out= err="
expect_eq "... empty" "$(run -j rules list table 43)" "rc=0 out=[] err="
expect_eq "... table 42 untouched" "$(r rules list table 42 | wc -l)" "1"
expect_match "rules flush of a missing table: one line, exit 1" "$(run rules flush table 45)" \
	"^rc=1 out= err=Error: (rtpfwd: no such table|table 45 does not exist)$"

# stats prometheus, to a file, with the netns label of -n
expect_eq "stats prometheus file" "$(run stats prometheus file /tmp/sc.prom)" "rc=0 out= err="
expect_eq "... table 42's packets" "$(grep '^rtpfwd_packets_total{table="42"}' /tmp/sc.prom)" \
	'rtpfwd_packets_total{table="42"} 20'
expect_eq "... HELP and TYPE of each of the 11 metrics" "$(grep -c '^# \(HELP\|TYPE\) rtpfwd_' /tmp/sc.prom)" "22"
expect_eq "... blackholed among them" "$(grep -c '^# TYPE rtpfwd_blackholed_total counter$' /tmp/sc.prom)" "1"
expect_eq "... no temporary file left" "$(ls /tmp/sc.prom.* 2>/dev/null)" ""
expect_eq "-n: the netns label" \
	"$("$RTPNL" -n $NS stats prometheus table 42 | grep '^rtpfwd_rules')" \
	"rtpfwd_rules{table=\"42\",netns=\"$NS\"} 1"

# rates: a line per table and per rule
expect_match "rules list rate" "$(r rules list table 42 rate interval 0.2)" \
	$'^table 42 rules 1 packets/s 0 bits/s 0\ntable 42 local 127.0.0.1:30000 packets/s 0 bits/s 0$'
expect_eq "top count 2: two samples" "$(r top table 42 interval 0.2 count 2 | grep -c '^table 42 rules')" "2"
expect_match "-j top" "$(r -j top table 42 interval 0.2 count 1)" \
	'^\{"tables":\[\{"table":42,"rules":1,"packets_per_second":0(\.0)?,"bits_per_second":0(\.0)?\}\],"rules":\[\{"table":42,"local":"127.0.0.1:30000",'

n nft delete table inet filter
for t in 42 43 44; do r table del $t; done
rm -f /tmp/sc.conf /tmp/sc-*.conf /tmp/sc-mon /tmp/sc.prom
ip netns del $NS
expect_modrefs "nothing left" 0
finish
