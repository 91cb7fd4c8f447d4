#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# Recording through generic netlink (RECORDING_NEW, _DEL, _GET and a rule's
# RTPFWD_RULE_A_RECORDING) with real packets through the forwarding
# topology (client -> proxy -> server over veth, iptables -j RTPENGINE
# --id 42 in the proxy): the stream's file appears in the proxy's
# /proc/rtpengine/42/calls/; an SRTP-in rule that silences its output
# records what it forwards decrypted and before the silencing, with the
# headers it came with (lib/rec_read.py); the server gets every packet;
# the dump and the rule's reply name the stream; a full stream drops the
# oldest and counts them; deleting the stream stops the recording (the
# rule forwards on); refusals say what is wrong and change nothing.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

KB=b1b2b3b4b5b6b7b8b9babbbcbdbebfc0
SB=e1e2e3e4e5e6e7e8e9eaebecedee
rec() { genl recording "$@"; }
CALLS=/proc/rtpengine/42/calls
px() { ip netns exec rc-px "$@"; }
recorded() { px $PYTHON "$REPO/tests/kernel/lib/rec_read.py" "$CALLS/$1"; }

topology_up rc 86
srtp_serve_up rc
proxy_table_up rc

expect_eq "RECORDING_NEW: a stream of a new call, its id and defaults" \
	"$(rec RECORDING_NEW 42 call=call-1 stream=caller)" \
	"errno=0 msg=
recording table 42 call call-1 stream caller id 0 packets 10 queued 0 dropped 0"
expect_eq "... its file in the proxy's namespace" "$(px stat -c %a "$CALLS/call-1/caller")" 440
expect_eq "a second stream of that call, holding 3" \
	"$(rec RECORDING_NEW 42 call=call-1 stream=small packets=3 | tail -1)" \
	"recording table 42 call call-1 stream small id 1 packets 3 queued 0 dropped 0"
for bad in "call=call-1 stream=caller|EEXIST|the call has a stream of that name" \
	"call=a/b stream=s|EINVAL|a call or stream name is a file name" \
	"call=.. stream=s|EINVAL|a call or stream name is a file name" \
	"call=c|EINVAL|a recording needs a stream name" \
	"stream=s|EINVAL|a recording needs a call name" \
	"call=c stream=s packets=4097|ERANGE|" \
	"call=c stream=s id=7|EINVAL|the id is the kernel's"; do
	IFS='|' read -r args err msg <<<"$bad"
	# shellcheck disable=SC2086
	expect_match "RECORDING_NEW $args -> $err" "$(rec RECORDING_NEW 42 $args)" \
		"^errno=$err msg=.*$msg"
done
expect_match "RECORDING_NEW in a table that does not exist -> ENOENT" \
	"$(rec RECORDING_NEW 41 call=c stream=s)" "^errno=ENOENT msg=rtpfwd: no such table"
expect_eq "refusals made nothing: two streams, one call" \
	"$(genl recordings 42 | head -1) $(px ls "$CALLS")" "errno=0 msg= count=2 call-1"

expect_match "a rule recording into no such stream -> ENOENT" \
	"$(genl rule RULE_NEW 42 flags=create,excl rtp=1 local=10.86.1.1:31000 \
		out=10.86.2.1:31000,10.86.2.2:7000 record=9)" \
	"^errno=ENOENT msg=.*no such recorded stream in the table"
expect_eq "an SRTP-in rule, silencing its output, recording into caller" \
	"$(genl rule RULE_NEW 42 flags=create,excl rtp=1 local=10.86.1.1:31000 \
		"decrypt=aes128_80/$KB/$SB" out=10.86.2.1:31000,10.86.2.2:7000 replace=0:ff \
		record=0)" "errno=0 msg="
expect_match "its reply names the stream" \
	"$(genl rule RULE_GET 42 local=10.86.1.1:31000)" " record 0 "
expect_eq "the server gets every packet, decrypted and silenced" \
	"$(srtp_20 rc 10.86.2.2:7000 "--plain --fill ff" 10.86.1.1:31000 \
		"--suite aes128_80 --key $KB --salt $SB")" "received=20 ok=20 failed=0 intact=20"
expect_match "the dump: 20 queued for the reader (10 kept, 10 dropped)" \
	"$(genl recordings 42)" "call call-1 stream caller id 0 packets 10 queued 10 dropped 10"
got=$(recorded call-1/caller)
expect_eq "the reader gets the newest 10, decrypted, not silenced, as they came" \
	"$(sed 's/ seq=[0-9]*//; s/^\([0-9.]*\):[0-9]*>/\1>/' <<<"$got" | sort -u)" \
	"10.86.1.2>10.86.1.1:31000 len=172 ssrc=11223344 payload=intact"
expect_eq "... in order: sequence numbers 1010 to 1019 (srtp_peer starts at 1000)" \
	"$(sed -n 's/.* seq=\([0-9]*\) .*/\1/p' <<<"$got" | tr '\n' ' ')" \
	"1010 1011 1012 1013 1014 1015 1016 1017 1018 1019 "

expect_eq "RECORDING_DEL of the stream" "$(rec RECORDING_DEL 42 call=call-1 stream=caller)" \
	"errno=0 msg="
expect_eq "... its file is gone" "$(px ls "$CALLS/call-1")" small
# new sequence numbers: the replay window has seen 1000..1019
expect_eq "the rule forwards on, recording nothing" \
	"$(srtp_20 rc 10.86.2.2:7000 "--plain --fill ff" 10.86.1.1:31000 \
		"--suite aes128_80 --key $KB --salt $SB --seq 2000")" \
	"received=20 ok=20 failed=0 intact=20"
if genl rule RULE_GET 42 local=10.86.1.1:31000 | grep -q " record "; then
	fail "the rule's reply names a deleted stream"
else
	pass "the rule's reply names no deleted stream"
fi
expect_match "RECORDING_GET of the deleted stream -> ENOENT" \
	"$(rec RECORDING_GET 42 call=call-1 stream=caller)" \
	"^errno=ENOENT msg=rtpfwd: no such recorded call or stream"
expect_eq "RECORDING_GET of the other" "$(rec RECORDING_GET 42 call=call-1 stream=small)" \
	"errno=0 msg=
recording table 42 call call-1 stream small id 1 packets 3 queued 0 dropped 0"
expect_eq "RECORDING_DEL of the call takes its streams" "$(rec RECORDING_DEL 42 call=call-1)" \
	"errno=0 msg="
expect_eq "... nothing left" "$(genl recordings 42 | head -1) [$(px ls "$CALLS")]" \
	"errno=0 msg= count=0 []"
expect_match "RECORDING_DEL again -> ENOENT" "$(rec RECORDING_DEL 42 call=call-1)" \
	"^errno=ENOENT msg=rtpfwd: no such recorded call or stream"

# a dump of several rounds resumes at the next stream id: unchanged, it
# tells every stream unmarked; a stream gone and one added (taking the id
# the dump has passed) between rounds mark it NLM_F_DUMP_INTR
expect_match "a dump of 1000 streams in several rounds, nothing changing: all, unmarked" \
	"$(genl recordings-intr 42 quiet 1000)" "^told=1000 intr=0 late=0 rounds=([3-9]|[1-9][0-9])$"
expect_eq "RECORDING_DEL of that call" "$(rec RECORDING_DEL 42 call=quiet)" "errno=0 msg="
expect_match "... a stream gone and one added after the first round (missed): marked interrupted" \
	"$(genl recordings-intr 42 busy 1000 change)" "^told=1000 intr=1 late=0 "
expect_eq "RECORDING_DEL of that call" "$(rec RECORDING_DEL 42 call=busy)" "errno=0 msg="

proxy_table_down rc
topology_down rc
finish
