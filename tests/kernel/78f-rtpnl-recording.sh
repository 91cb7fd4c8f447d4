#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# rtpnl's recorded streams (rtpnl recording add / del / get / list, a
# rule's record ID) against the real kernel, through rtpnl only (78e
# drives RECORDING_NEW / _DEL / _GET itself): a stream added with rtpnl is
# the proxy's /proc/rtpengine/42/calls/CALL/STREAM, listed with its id and
# path (text and -j); an RTP rule written with record ID and a silencing
# output records real packets of the forwarding topology as they came,
# unsilenced (lib/rec_read.py reads them back, one datagram per read), the
# server gets every packet silenced; rule get / rules list show the record,
# showconf does not and syncconf leaves it alone, restore ignores it;
# deleting the stream stops the recording (the rule forwards on and no
# longer names it), deleting the call takes its streams; typos are one-line
# errors (exit 255), the kernel's refusals one line with its words (exit
# 1), and neither changes anything.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

px() { ip netns exec rn-px "$@"; }
rt() { px "$RTPNL" "$@"; }
# run ARGS...: "rc=N out=... err=..." of rtpnl ARGS in the proxy
run() { rtpnl_result rn-px "$@"; }
CALLS=/proc/rtpengine/42/calls
recorded() { px $PYTHON "$REPO/tests/kernel/lib/rec_read.py" "$CALLS/$1"; }
# send SEND-OPTIONS: 20 plain RTP packets (PCMU, seq 1000.. unless the
# options say otherwise) from the client to the rule; what the server got
# with its payload 0xff throughout (received, ok, failed, intact)
send() { srtp_20 rn 10.88.2.2:7000 "--plain --fill ff" $L "--plain $1"; }
ALL="received=20 ok=20 failed=0 intact=20"
L=10.88.1.1:31000
OUT=(output src 10.88.2.1:31000 dst 10.88.2.2:7000 pt-replace 0:ff)
stream() { # ID CALL STREAM PACKETS QUEUED DROPPED: a line of recording list
	echo "table 42 id $1 call $2 stream $3 packets $4 queued $5 dropped $6 path $CALLS/$2/$3"
}

topology_up rn 88
srtp_serve_up rn
expect_eq "rtpnl table add" "$(run table add 42)" "rc=0 out= err="
px iptables -I INPUT -p udp -j RTPENGINE --id 42

# streams: made, listed, their files there
expect_eq "recording add: the new stream, its id and its file (the module's 10 packets)" \
	"$(run recording add 42 call-1 caller)" "rc=0 out=$(stream 0 call-1 caller 10 0 0) err="
expect_eq "... its file in the proxy's namespace, for a reader" \
	"$(px stat -c %a "$CALLS/call-1/caller")" 440
expect_eq "recording add of a second stream of the call, holding 3 (-j)" \
	"$(run -j rec a 42 call-1 small packets 3)" \
	'rc=0 out={"table":42,"id":1,"call":"call-1","stream":"small","packets":3,"queued":0,"dropped":0,"path":"'$CALLS'/call-1/small"} err='
expect_eq "recording list: both, in id order" "$(rt recording list 42)" \
	"$(stream 0 call-1 caller 10 0 0)
$(stream 1 call-1 small 3 0 0)"
expect_eq "recording list -j" "$(rt -j recording show 42)" \
	'[{"table":42,"id":0,"call":"call-1","stream":"caller","packets":10,"queued":0,"dropped":0,"path":"'$CALLS'/call-1/caller"},{"table":42,"id":1,"call":"call-1","stream":"small","packets":3,"queued":0,"dropped":0,"path":"'$CALLS'/call-1/small"}]'
expect_eq "recording get of one" "$(run recording get 42 call-1 small)" \
	"rc=0 out=$(stream 1 call-1 small 3 0 0) err="

# a rule recording into caller, its output silenced
want="table 42 local $L mismatch ignore rtp record 0 ${OUT[*]}"
expect_eq "rule add with record 0" "$(run rule add table 42 local $L rtp re 0 "${OUT[@]}")" \
	"rc=0 out= err="
expect_eq "rule get shows the record" "$(rt rule get table 42 local $L)" "$want"
expect_match "rule get -j: \"recording\":0" "$(rt -j rule get table 42 local $L)" \
	'"rtp":true,"payload_types":\[\],"recording":0,"outputs":'
expect_eq "rules list shows it" "$(rt rules list table 42)" "$want"
expect_eq "showconf leaves it out" "$(rt showconf table 42 | grep "^rule ")" \
	"rule replace ${want/ record 0/}"
rt showconf table 42 >/tmp/rn.conf
expect_eq "syncconf of showconf: nothing to do" "$(run syncconf dry-run /tmp/rn.conf)" \
	"rc=0 out= err="

expect_eq "the server gets every packet, silenced" "$(send "")" "$ALL"
expect_eq "recording list: 20 came, caller holds 10 (10 dropped), small none" \
	"$(rt recording list 42)" "$(stream 0 call-1 caller 10 10 10)
$(stream 1 call-1 small 3 0 0)"
got=$(recorded call-1/caller)
expect_eq "the reader gets the newest 10, unsilenced, as they came" \
	"$(sed 's/ seq=[0-9]*//; s/^\([0-9.]*\):[0-9]*>/\1>/' <<<"$got" | sort -u)" \
	"10.88.1.2>$L len=172 ssrc=11223344 payload=intact"
expect_eq "... in order: sequence numbers 1010 to 1019" \
	"$(sed -n 's/.* seq=\([0-9]*\) .*/\1/p' <<<"$got" | tr '\n' ' ')" \
	"1010 1011 1012 1013 1014 1015 1016 1017 1018 1019 "
expect_eq "read: none queued any more" "$(rt recording get 42 call-1 caller)" \
	"$(stream 0 call-1 caller 10 0 10)"

# syncconf of a changed rule replaces it recording on; the dry run says so
sed 's/dst 10.88.2.2:7000/dst 10.88.2.2:7001/' /tmp/rn.conf >/tmp/rn-changed.conf
expect_eq "syncconf dry-run of another output: a replace that keeps record 0" \
	"$(run syncconf dry-run /tmp/rn-changed.conf)" \
	"rc=0 out=rule replace ${want/7000/7001} err="
expect_eq "syncconf of it" "$(run syncconf /tmp/rn-changed.conf)" "rc=0 out= err="
expect_eq "... the rule still records" "$(rt rule get table 42 local $L)" "${want/7000/7001}"
expect_eq "syncconf back" "$(run syncconf /tmp/rn.conf)" "rc=0 out= err="
expect_eq "... recording on" "$(rt rule get table 42 local $L)" "$want"
rm -f /tmp/rn.conf /tmp/rn-changed.conf

# refusals: one line, nothing changed
before=$(rt recording list 42)
rules_before=$(rt rules list table 42)
R=(table 42 local 10.88.1.1:31090 rtp output src 10.88.2.1:1 dst 10.88.2.2:2)
expect_match "rule add recording into no such stream: the kernel's words, exit 1" \
	"$(run rule add "${R[@]}" record 9)" "^rc=1 out= err=Error: .*no such recorded stream in the table$"
expect_eq "a record that is no id" "$(run rule add "${R[@]}" record x)" \
	"rc=255 out= err=Error: invalid record 'x' (a recorded stream's id, 0..4294967295)"
expect_eq "a stream the call has" "$(run recording add 42 call-1 small)" \
	"rc=1 out= err=Error: rtpfwd: the call has a stream of that name"
expect_eq "a call that is no file name" "$(run recording add 42 a/b s)" \
	"rc=255 out= err=Error: invalid call 'a/b' (a file name: not empty, '.' or '..', no '/')"
expect_eq "a stream named .." "$(run recording add 42 c ..)" \
	"rc=255 out= err=Error: invalid stream '..' (a file name: not empty, '.' or '..', no '/')"
expect_eq "packets 4097" "$(run recording add 42 c s packets 4097)" \
	"rc=255 out= err=Error: invalid packets '4097' (1..4096)"
expect_eq "no stream" "$(run recording add 42 c)" \
	"rc=255 out= err=Error: recording add: missing stream"
expect_eq "a table that does not exist" "$(run recording add 41 c s)" \
	"rc=1 out= err=Error: rtpfwd: no such table"
# (6.1 drops the extack of a dump's start: rtpnl's words then)
expect_match "recording list of it" "$(run recording list 41)" \
	"^rc=1 out= err=Error: (rtpfwd: no such table|table 41 does not exist)$"
expect_eq "deleting a call there is none of" "$(run recording del 42 nobody)" \
	"rc=1 out= err=Error: rtpfwd: no such recorded call or stream"
echo "rule replace ${R[*]} record 0" >/tmp/rn-bad.conf
expect_eq "a config file with record" "$(run syncconf /tmp/rn-bad.conf)" \
	"rc=255 out= err=Error: /tmp/rn-bad.conf:1: 'record' does not belong in a config file: recorded streams are the running kernel's (syncconf keeps a rule's)"
rm -f /tmp/rn-bad.conf
expect_eq "no rule was installed" "$(run rule get table 42 local 10.88.1.1:31090)" \
	"rc=1 out= err=Error: no rule for local 10.88.1.1:31090 in table 42"
expect_eq "the rules as they were" "$(rt rules list table 42)" "$rules_before"
expect_eq "the streams as they were" "$(rt recording list 42)" "$before"
expect_eq "the calls as they were" "$(px ls "$CALLS")" call-1

# a stream deleted: the rule forwards on, recording nothing, naming none
expect_eq "recording del of the stream" "$(run recording del 42 call-1 caller)" "rc=0 out= err="
expect_eq "... its file is gone" "$(px ls "$CALLS/call-1")" small
expect_eq "... the rule no longer names it" "$(rt rule get table 42 local $L)" "${want/ record 0/}"
expect_eq "the rule forwards on" "$(send "--seq 2000")" "$ALL"
expect_eq "recording get of the deleted stream" "$(run recording get 42 call-1 caller)" \
	"rc=1 out= err=Error: rtpfwd: no such recorded call or stream"

# restore ignores "recording": a rule recording into small, listed, restored
expect_eq "rule replace recording into small" \
	"$(run rule replace table 42 local $L rtp record 1 "${OUT[@]}")" "rc=0 out= err="
json=$(rt -j rules list table 42)
expect_match "rules list -j names it" "$json" '"recording":1,'
expect_eq "rules restore of that listing" "$(echo "$json" | run rules restore)" "rc=0 out= err="
expect_eq "... the rule restored records into nothing" "$(rt rule get table 42 local $L)" \
	"${want/ record 0/}"

expect_eq "recording del of the call takes its streams" "$(run recording del 42 call-1)" \
	"rc=0 out= err="
expect_eq "... none left" "$(run recording list 42)[$(px ls "$CALLS")]" "rc=0 out= err=[]"

px iptables -D INPUT -p udp -j RTPENGINE --id 42
expect_eq "rtpnl table del" "$(run table del 42)" "rc=0 out= err="
topology_down rn
expect_modrefs "nothing left" 0
finish
