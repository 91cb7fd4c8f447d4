#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 360
# Forwarding with real packets: client -> proxy -> server namespaces over veth
# pairs, IPv4 and IPv6, rules added over generic netlink, packets fed to the
# core by `iptables -j RTPENGINE --id 42` in the proxy. Checks payloads,
# counters, unmatched traffic, source-mismatch policies and a two-output fork,
# through iptables-nft and then iptables-legacy.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

setup() {
	topology_up rf 77
	genl_serve rf-px
	genl req TABLE_NEW table_id=42 >/dev/null
	px iptables -I INPUT -p udp -j RTPENGINE --id 42
	px ip6tables -I INPUT -p udp -j RTPENGINE --id 42
}

px() { ip netns exec rf-px "$@"; }

# flow NAME SENDER-NS SRC DST RECEIVER-NS BIND COUNT EXPECTED-RESULT [SENT]
# Sends SENT (default COUNT) 172-byte datagrams, waits for COUNT at BIND.
flow() {
	local name=$1 sns=$2 src=$3 dst=$4 rns=$5 bind=$6 count=$7 want=$8 sent=${9:-$7}
	expect_eq "$name" "$(udp_exchange "$rns" "$bind" "$count" "$sns" "$src" "$dst" "$sent")" "$want"
}

rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
stats() { genl rule RULE_GET 42 "local=$1" | sed -n 's/.* stats //p'; }

setup

# IPv4, both directions
expect_eq "rule client->server" "$(rule local=10.77.1.1:30000 expect=10.77.1.2:5000 \
	out=10.77.2.1:30002,10.77.2.2:6000)" "errno=0 msg="
expect_eq "rule server->client" "$(rule local=10.77.2.1:30002 expect=10.77.2.2:6000 \
	out=10.77.1.1:30000,10.77.1.2:5000)" "errno=0 msg="
flow "IPv4 forwarded, payload intact, from the output source" rf-cl 10.77.1.2:5000 10.77.1.1:30000 \
	rf-sv 10.77.2.2:6000 100 "received=100 intact=100 from=10.77.2.1:30002"
flow "IPv4 reverse direction" rf-sv 10.77.2.2:6000 10.77.2.1:30002 \
	rf-cl 10.77.1.2:5000 40 "received=40 intact=40 from=10.77.1.1:30000"
expect_eq "IPv4 counters exact: packets, UDP payload bytes, errors" "$(stats 10.77.1.1:30000)" "100 17200 0"
expect_eq "reverse counters" "$(stats 10.77.2.1:30002)" "40 6880 0"
expect_eq "status counts the rules" "$(px grep Targets $PROC/42/status)" "Targets:     2"

# What the operator sees in /proc
list=$(px cat $PROC/42/list)
expect_match "list: local" "$list" "local inet4 10.77.1.1:30000"
expect_match "list: expect" "$list" "    expect inet4 10.77.1.2:5000"
expect_match "list: stats columns" "$list" \
	"    stats:                17200 bytes,                  100 packets,                    0 errors"
expect_match "list: output" "$list" $'    output #0\n       src inet4 10.77.2.1:30002\n       dst inet4 10.77.2.2:6000'

# Not ours: untouched, to the local socket
flow "unmatched port reaches the proxy's socket" rf-cl 10.77.1.2:5000 10.77.1.1:30001 \
	rf-px 10.77.1.1:30001 10 "received=10 intact=10 from=10.77.1.2:5000"

# Source mismatch: ignore (the default) forwards
flow "mismatch ignore: forwarded" rf-cl 10.77.1.2:5001 10.77.1.1:30000 \
	rf-sv 10.77.2.2:6000 10 "received=10 intact=10 from=10.77.2.1:30002"
# drop
genl rule RULE_NEW 42 flags=replace local=10.77.1.1:30000 expect=10.77.1.2:5000 \
	mismatch=1 out=10.77.2.1:30002,10.77.2.2:6000 >/dev/null
flow "mismatch drop: nothing at the server" rf-cl 10.77.1.2:5001 10.77.1.1:30000 \
	rf-sv 10.77.2.2:6000 10 "received=0 intact=0 from="
expect_eq "mismatch drop: errors counted, replace kept the counters" "$(stats 10.77.1.1:30000)" "110 18920 10"
flow "mismatch drop: the expected source still forwards" rf-cl 10.77.1.2:5000 10.77.1.1:30000 \
	rf-sv 10.77.2.2:6000 5 "received=5 intact=5 from=10.77.2.1:30002"
# pass (to the local socket)
genl rule RULE_NEW 42 flags=replace local=10.77.1.1:30000 expect=10.77.1.2:5000 \
	mismatch=2 out=10.77.2.1:30002,10.77.2.2:6000 >/dev/null
flow "mismatch pass: handed to the proxy's socket" rf-cl 10.77.1.2:5001 10.77.1.1:30000 \
	rf-px 10.77.1.1:30000 10 "received=10 intact=10 from=10.77.1.2:5001"

# Two outputs: each packet duplicated
rule local=10.77.1.1:30010 out=10.77.2.1:30012,10.77.2.2:6010 out=10.77.2.1:30014,10.77.2.2:6010 >/dev/null
flow "two outputs: every packet arrives twice" rf-cl 10.77.1.2:5000 10.77.1.1:30010 \
	rf-sv 10.77.2.2:6010 40 "received=40 intact=40 from=10.77.2.1:30012,10.77.2.1:30014" 20
expect_eq "two outputs: counted once per packet" "$(stats 10.77.1.1:30010)" "20 3440 0"

# IPv6
expect_eq "IPv6 rule" "$(rule 'local=[fd77:1::1]:30000' 'expect=[fd77:1::2]:5000' \
	'out=[fd77:2::1]:30002,[fd77:2::2]:6000')" "errno=0 msg="
flow "IPv6 forwarded, payload intact" rf-cl '[fd77:1::2]:5000' '[fd77:1::1]:30000' \
	rf-sv '[fd77:2::2]:6000' 50 "received=50 intact=50 from=[fd77:2::1]:30002"
expect_eq "IPv6 counters" "$(stats '[fd77:1::1]:30000')" "50 8600 0"

# The rule's key and nothing else: a delete naming an output is refused
# whole (it must not delete the rule to another output), so is a get
for cmd in RULE_DEL RULE_GET; do
	expect_eq "$cmd with an output besides the key: refused" \
		"$(genl rule $cmd 42 local=10.77.1.1:30000 out=10.77.2.1:1,10.77.2.2:2)" \
		"errno=EINVAL msg=only the local endpoint names a rule here"
done
expect_eq "the refused delete deleted nothing" "$(stats 10.77.1.1:30000 | wc -w)" 3

# Deleted: packets go to the local socket again
expect_eq "rule deleted" "$(genl rule RULE_DEL 42 local=10.77.1.1:30000)" "errno=0 msg="
flow "after delete: to the local socket" rf-cl 10.77.1.2:5000 10.77.1.1:30000 \
	rf-px 10.77.1.1:30000 5 "received=5 intact=5 from=10.77.1.2:5000"

# Rejections, in one genl process (one output line per request; a process
# start costs about a second in the VM)
many_outs=$(for i in $(seq 33); do printf ' out=10.77.2.1:%s,10.77.2.2:%s' "$i" "$i"; done)
new="rule RULE_NEW 42 flags=create,excl"
rej=$(px $GENL batch <<EOF
$new local=10.77.1.1:31000 'out=10.77.2.1:1,[fd77:2::2]:2'
$new local=10.77.1.1:31000
$new out=10.77.2.1:1,10.77.2.2:2
$new local=10.77.1.1:0 out=10.77.2.1:1,10.77.2.2:2
$new local=10.77.1.1:30010 out=10.77.2.1:1,10.77.2.2:2
rule RULE_NEW 42 flags=replace local=10.77.1.1:31000 out=10.77.2.1:1,10.77.2.2:2
rule RULE_NEW 42 local=10.77.1.1:31000 out=10.77.2.1:1,10.77.2.2:2
rule RULE_NEW 42 local=10.77.1.1:30010 out=10.77.2.1:30012,10.77.2.2:6010
rule RULE_NEW 41 flags=create local=10.77.1.1:1 out=10.77.2.1:1,10.77.2.2:2
$new local=10.77.1.1:31000$many_outs
rule RULE_GET 42 local=10.77.1.1:31000
EOF
)
r() { sed -n "${1}p" <<<"$rej"; }
expect_eq "rejections: one answer each" "$(wc -l <<<"$rej")" 11
expect_eq "an output of two address families" "$(r 1)" \
	"errno=EINVAL msg=an output's source and destination must be of one address family"
expect_eq "no output" "$(r 2)" "errno=EINVAL msg=rtpfwd: a rule needs at least one output"
expect_eq "no local" "$(r 3)" "errno=EINVAL msg=rtpfwd: a rule needs a local endpoint"
expect_eq "port 0" "$(r 4 | cut -d' ' -f1)" "errno=ERANGE"
expect_eq "exists" "$(r 5)" "errno=EEXIST msg=rtpfwd: a rule for this local endpoint exists"
expect_eq "change of a missing rule" "$(r 6)" "errno=ENOENT msg=rtpfwd: no rule for this local endpoint"
# RULE_NEW with neither NLM_F_CREATE nor NLM_F_REPLACE: replace only, as the uapi says
expect_eq "no flags: a missing rule is not created" "$(r 7)" \
	"errno=ENOENT msg=rtpfwd: no rule for this local endpoint"
expect_eq "no flags: an existing rule is replaced" "$(r 8)" "errno=0 msg="
expect_eq "missing table" "$(r 9)" "errno=ENOENT msg=rtpfwd: no such table"
expect_match "33 outputs: refused" "$(r 10)" '^errno=E2BIG msg=.*too many outputs \(at most 32\)$'
expect_eq "33 outputs: nothing added" "$(r 11 | cut -d' ' -f1)" "errno=ENOENT"
expect_eq "rules dump" "$(genl rules 42 | head -1)" "errno=0 msg= count=3 intr=0"

# 32 outputs, rtpengine 10.5's limit: one datagram becomes 32 copies, one
# from each output's source port to one receiver. 32 received from 32
# distinct sources: each output's copy arrived exactly once.
expect_eq "32 outputs: accepted" "$(rule local=10.77.1.1:30020 \
	$(for i in $(seq 0 31); do echo out=10.77.2.1:$((30100 + i)),10.77.2.2:6020; done))" "errno=0 msg="
flow "32 outputs: one datagram arrives 32 times, once from each output" rf-cl 10.77.1.2:5000 \
	10.77.1.1:30020 rf-sv 10.77.2.2:6020 32 \
	"received=32 intact=32 from=$(seq -s, -f '10.77.2.1:%g' 30100 30131)" 1
expect_eq "32 outputs: counted once" "$(stats 10.77.1.1:30020)" "1 172 0"
expect_match "32 outputs: /proc lists the last" "$(px cat $PROC/42/list)" \
	$'    output #31\n       src inet4 10.77.2.1:30131\n       dst inet4 10.77.2.2:6020'
# The largest rule message (IPv6, 32 outputs, 32 payload types, SSRC
# statistics) is larger than NLMSG_GOODSIZE: RULE_GET and a fresh dump
# (whose first message the kernel sizes before any recvmsg) carry it whole.
expect_eq "32 outputs, IPv6, RTP with 32 payload types: accepted" "$(rule 'local=[fd77:1::1]:30020' rtp=1 \
	$(for i in $(seq 0 31); do echo "pt=$i:8000 out=[fd77:2::1]:$((30100 + i)),[fd77:2::2]:6020"; done))" \
	"errno=0 msg="
flow "32 outputs, IPv6: 32 copies" rf-cl '[fd77:1::2]:5000' '[fd77:1::1]:30020' \
	rf-sv '[fd77:2::2]:6020' 32 "received=32 intact=32 from=$(seq -s, -f '[fd77:2::1]:%g' 30100 30131)" 1
get=$(genl rule RULE_GET 42 'local=[fd77:1::1]:30020')
expect_eq "largest rule: RULE_GET answers with all 32 outputs" "$(grep -o ' out ' <<<"$get" | wc -l)" 32
expect_match "largest rule: RULE_GET has the RTP statistics and counters" "$(sed -n 2p <<<"$get")" \
	'^table 42 local \[fd77:1::1\]:30020 .* pt 31:8000 .* ssrc 5eed5eed:1:[0-9]+:[^ ]+ stats 1 172 0$'
dump=$(genl rules 42)
expect_eq "largest rule: the dump lists every rule" "$(head -1 <<<"$dump")" "errno=0 msg= count=5 intr=0"
expect_eq "largest rule: dumped with all 32 outputs" \
	"$(grep -F 'local [fd77:1::1]:30020' <<<"$dump" | grep -o ' out ' | wc -l)" 32
for l in 10.77.1.1:30020 '[fd77:1::1]:30020'; do
	genl rule RULE_DEL 42 "local=$l" >/dev/null
done

# The same forwarding through iptables-legacy instead of iptables-nft
px iptables -D INPUT -p udp -j RTPENGINE --id 42
px ip6tables -D INPUT -p udp -j RTPENGINE --id 42
px iptables-legacy -I INPUT -p udp -j RTPENGINE --id 42
px ip6tables-legacy -I INPUT -p udp -j RTPENGINE --id 42
flow "iptables-legacy: IPv4 forwarded" rf-sv 10.77.2.2:6000 10.77.2.1:30002 \
	rf-cl 10.77.1.2:5000 20 "received=20 intact=20 from=10.77.1.1:30000"
expect_eq "iptables-legacy: IPv4 counted" "$(stats 10.77.2.1:30002)" "60 10320 0"
flow "iptables-legacy: IPv6 forwarded" rf-cl '[fd77:1::2]:5000' '[fd77:1::1]:30000' \
	rf-sv '[fd77:2::2]:6000' 20 "received=20 intact=20 from=[fd77:2::1]:30002"
expect_eq "iptables-legacy: IPv6 counted" "$(stats '[fd77:1::1]:30000')" "70 12040 0"

# Cleanup: the table goes with its rules; nothing may leak
px iptables-legacy -D INPUT -p udp -j RTPENGINE --id 42
px ip6tables-legacy -D INPUT -p udp -j RTPENGINE --id 42
genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
topology_down rf
expect_modrefs "nothing left" 0
finish
