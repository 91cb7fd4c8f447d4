#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# RTP accounting (RTPFWD_RULE_F_RTP): per payload type and per SSRC counters,
# RFC 3550 loss and jitter, payload type filter, malformed RTP and RTCP handed
# up untouched, replace semantics, /proc list format, netlink rejections.
# Topology as 70-forward.sh: client -> proxy -> server over veth pairs.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

setup() {
	topology_up rr 78
	genl_serve rr-px
	genl req TABLE_NEW table_id=42 >/dev/null
	px iptables -I INPUT -p udp -j RTPENGINE --id 42
}

px() { ip netns exec rr-px "$@"; }

# flow NAME DST-PORT RECEIVER-NS BIND COUNT EXPECTED-RESULT SENT [udp.py send options]
flow() {
	local name=$1 dport=$2 rns=$3 bind=$4 count=$5 want=$6 sent=$7
	shift 7
	expect_eq "$name" "$(udp_exchange "$rns" "$bind" "$count" \
		rr-cl 10.78.1.2:5000 "10.78.1.1:$dport" "$sent" "$@")" "$want"
}

rule() { genl rule RULE_NEW 42 "$@"; }
get() { genl rule RULE_GET 42 "local=10.78.1.1:$1" | grep '^table'; }
stats() { get "$1" | sed -n 's/.* stats //p'; }
# snap PORT: fetch the rule's reply once; word NAME: the values of the words
# NAME in it (one python start per fetch: they are slow under emulation)
snap() { R=$(get "$1"); }
word() { tr ' ' '\n' <<<"$R" | awk -v w="$1" 'p { print; p = 0 } $0 == w { p = 1 }' | paste -sd' '; }
rstats() { sed -n 's/.* stats //p' <<<"$R"; }

setup
OUT=out=10.78.2.1:31002,10.78.2.2:6000

expect_eq "RTP rule with a payload type list" \
	"$(rule flags=create,excl local=10.78.1.1:31000 rtp=1 pt=0:8000 pt=8:8000 $OUT)" "errno=0 msg="
snap 31000
expect_eq "reply echoes flags and list" "$(word flags) / $(word pt)" "1 / 0:8000 8:8000"

# 100 packets, seq 0..99, five of them never sent
flow "RTP forwarded, payload intact" 31000 rr-sv 10.78.2.2:6000 95 \
	"received=95 intact=95 from=10.78.2.1:31002" 100 --skip 10,20,30,40,50
snap 31000
expect_eq "rule counters" "$(rstats)" "95 16340 0"
expect_eq "per payload type counters" "$(word ptstats)" "0:95:16340 8:0:0"
ssrc=$(word ssrc)
IFS=: read -r s_id s_pk s_by s_ext s_lost s_jit <<<"$ssrc"
echo "# ssrc $ssrc (jitter $s_jit timestamp units)"
expect_eq "SSRC: id, packets, bytes, extended seq, lost" "$s_id:$s_pk:$s_by:$s_ext:$s_lost" \
	"5eed5eed:95:16340:99:5"
# sent in bursts (20 ms of media each ~0 ms apart): jitter tends to 160
expect_eq "SSRC jitter is small (< 2000 ts units)" "$([ "${s_jit:-99999}" -lt 2000 ] && echo ok)" "ok"

list=$(px cat $PROC/42/list)
expect_match "list: PT 0 line" "$list" \
	"        RTP payload type   0:                16340 bytes,                   95 packets"
expect_match "list: PT 8 line" "$list" \
	"        RTP payload type   8:                    0 bytes,                    0 packets"
expect_match "list: SSRC in" "$list" "    SSRC in: 5eed5eed"

# Payload type not in the list: to the proxy's socket, untouched, not counted
flow "PT 96 handed up untouched" 31000 rr-px 10.78.1.1:31000 10 \
	"received=10 intact=10 from=10.78.1.2:5000" 10 --pt 96
# RTCP (second byte 200): handed up untouched, not counted
flow "RTCP handed up untouched" 31000 rr-px 10.78.1.1:31000 4 \
	"received=4 intact=4 from=10.78.1.2:5000" 4 --pt 200
# Malformed RTP: handed up, counted as an error
flow "version 1 handed up untouched" 31000 rr-px 10.78.1.1:31000 3 \
	"received=3 intact=3 from=10.78.1.2:5000" 3 --version 1
flow "too short for RTP: handed up" 31000 rr-px 10.78.1.1:31000 2 \
	"received=2 intact=0 from=10.78.1.2:5000" 2 8
snap 31000
expect_eq "PT 96 and RTCP not counted, malformed counted as errors" "$(rstats)" "95 16340 5"
expect_eq "SSRC untouched by them" "$(word ssrc | cut -d: -f1-5)" "5eed5eed:95:16340:99:5"

# PT 8 packets later in the stream (seq 100..109): counted under PT 8
flow "PT 8 forwarded" 31000 rr-sv 10.78.2.2:6000 10 \
	"received=10 intact=10 from=10.78.2.1:31002" 10 172 100 --pt 8
snap 31000
expect_eq "PT 8 counters" "$(word ptstats)" "0:95:16340 8:10:1720"
expect_eq "same SSRC continues" "$(word ssrc | cut -d: -f1-5)" "5eed5eed:105:18060:109:5"

# Replace: the same list keeps the RTP state, another list starts over
rule flags=replace local=10.78.1.1:31000 rtp=1 pt=0:8000 pt=8:8000 $OUT >/dev/null
snap 31000
expect_eq "replace, same list: RTP stats kept" "$(word ptstats) $(word ssrc | cut -d: -f1-2)" \
	"0:95:16340 8:10:1720 5eed5eed:105"
rule flags=replace local=10.78.1.1:31000 rtp=1 pt=8:8000 $OUT >/dev/null
snap 31000
expect_eq "replace, other list: RTP stats reset" "$(word ptstats)|$(word ssrc)" "8:0:0|"
expect_eq "replace keeps the rule counters" "$(rstats)" "105 18060 5"

# Without a list: every payload type forwarded, SSRC accounted without jitter
rule flags=create,excl local=10.78.1.1:31010 rtp=1 out=10.78.2.1:31012,10.78.2.2:6010 >/dev/null
flow "no list: PT 96 forwarded" 31010 rr-sv 10.78.2.2:6010 20 \
	"received=20 intact=20 from=10.78.2.1:31012" 20 --pt 96
snap 31010
expect_eq "no list: no PT stats, SSRC stats, jitter 0" "$(word ptstats)|$(word ssrc)" \
	"|5eed5eed:20:3440:19:0:0"

# Without the RTP flag: as before, anything UDP is forwarded, no RTP stats
rule flags=create,excl local=10.78.1.1:31020 out=10.78.2.1:31022,10.78.2.2:6020 >/dev/null
flow "no RTP flag: version 1 forwarded as before" 31020 rr-sv 10.78.2.2:6020 5 \
	"received=5 intact=5 from=10.78.2.1:31022" 5 --version 1
expect_eq "no RTP flag: plain counters, no RTP words" "$(get 31020 | sed 's/^table 42 local [^ ]* //')" \
	"mismatch 0 out 10.78.2.1:31022,10.78.2.2:6020,0 stats 5 860 0"

# Rejections
expect_eq "payload type without the RTP flag" "$(rule flags=create local=10.78.1.1:31030 pt=0:8000 $OUT)" \
	"errno=EINVAL msg=payload types need the RTP flag"
expect_eq "duplicate payload type" "$(rule flags=create local=10.78.1.1:31030 rtp=1 pt=0:8000 pt=0:16000 $OUT)" \
	"errno=EINVAL msg=duplicate payload type"
expect_eq "payload type 128" "$(rule flags=create local=10.78.1.1:31030 rtp=1 pt=128:8000 $OUT | cut -d' ' -f1)" \
	"errno=ERANGE"
expect_eq "clock rate 0" "$(rule flags=create local=10.78.1.1:31030 rtp=1 pt=0:0 $OUT | cut -d' ' -f1)" \
	"errno=ERANGE"
expect_eq "unknown flag" "$(rule flags=create local=10.78.1.1:31030 flagsval=32 $OUT | cut -d' ' -f1)" \
	"errno=EINVAL"
expect_eq "33 payload types" "$(rule flags=create local=10.78.1.1:31030 rtp=1 $(for i in $(seq 0 32); do echo pt=$i:8000; done) $OUT)" \
	"errno=E2BIG msg=too many payload types (at most 32)"
expect_eq "nothing was created" "$(genl rules 42 | head -1)" "errno=0 msg= count=3 intr=0"

px iptables -D INPUT -p udp -j RTPENGINE --id 42
genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
topology_down rr
expect_modrefs "nothing left" 0
finish
