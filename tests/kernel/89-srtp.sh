#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 600
# SRTP in the kernel against an independent implementation: Debian's
# libsrtp2 (userspace/tools/srtp_peer) protects and unprotects on the client
# and server of the forwarding topology (client -> proxy -> server, veth,
# `iptables -j RTPENGINE --id 42` in the proxy), rules over generic netlink.
# SRTP -> RTP for every suite, RTP -> SRTP, SRTP -> SRTP with other keys,
# replays, forged tags, a sequence number wrap (ROC), a seeded ROC, IPv6,
# SRTCP (rtcp-mux and RTCP ports; in, out, re-keyed, replay, forgery),
# AES-GCM (RFC 7714) SRTP and SRTCP both ways, a forged GCM packet intact,
# unauthenticated SRTP both ways (and its SRTCP, still authenticated),
# a fork into a plain and an encrypted output, keys absent from every reply,
# dump, event and /proc file, malformed crypto attributes refused.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

# Keys and salts: A and B, long enough for AES-256; never seen in a reply.
KA=4a0b1c2d3e4f50617283948596a7b8c9dadbecfd0e1f20314253647586971829
SA=5a1b2c3d4e5f60718293a4b5c6d7
KB=b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0
SB=e1e2e3e4e5e6e7e8e9eaebecedee

px() { ip netns exec sr-px "$@"; }
rule() { genl rule RULE_NEW 42 flags=create,excl rtp=1 "$@"; }
get() { genl rule RULE_GET 42 "local=$1"; }
key_len() { # key_len SUITE: hex digits of its master key
	case $1 in
	aes192*) echo 48 ;;
	aes256*) echo 64 ;;
	*) echo 32 ;;
	esac
}
ka() { echo "${KA:0:$(key_len "$1")}"; }
kb() { echo "${KB:0:$(key_len "$1")}"; }

topology_up sr 89
srtp_serve_up sr
genl_serve sr-px
genl req TABLE_NEW table_id=42 >/dev/null
px iptables -I INPUT -p udp -j RTPENGINE --id 42
px ip6tables -I INPUT -p udp -j RTPENGINE --id 42
CL=10.89.1.2:5000
SV=10.89.2.2:6000
OUT="10.89.2.1:31000,$SV"

# (a) SRTP -> RTP, every suite: the server gets what libsrtp protected.
# Not AES-192: Debian's libsrtp2 2.5 (built without OpenSSL) derives its
# keys with AES-256, against RFC 6188 (libsrtp issue #763, fixed upstream in
# 2025), so it cannot be the reference; the rule is accepted, that is all.
for suite in aes192_80 aes192_32; do
	expect_eq "$suite: rule with decrypt accepted" \
		"$(rule "local=10.89.1.1:29999" "out=$OUT" "decrypt=$suite/$(ka $suite)/$SA")" "errno=0 msg="
	genl rule RULE_DEL 42 local=10.89.1.1:29999 >/dev/null
done
# The suites run side by side: one rule, one server port and one client
# port each, every exchange in the background, then one dump for the counters.
# The rules of (a) and (b) in one genl process (a process start is dear).
EXD=$(mktemp -d)
port=30000
i=0
for suite in aes128_80 aes128_32 null_80 null_32 aes256_80 aes256_32; do
	port=$((port + 2)) i=$((i + 1))
	echo "rule RULE_NEW 42 flags=create,excl rtp=1 local=10.89.1.1:$port" \
		"out=10.89.2.1:$((31000 + i)),10.89.2.2:$((6000 + i)) decrypt=$suite/$(ka $suite)/$SA"
done >"$EXD/rules"
i=0
for suite in aes128_80 aes256_32 null_32; do
	port=$((port + 2)) i=$((i + 1))
	echo "rule RULE_NEW 42 flags=create,excl rtp=1 local=10.89.1.1:$port" \
		"out=10.89.2.1:$((31010 + i)),10.89.2.2:$((6010 + i)),0,$suite/$(kb $suite)/$SB"
done >>"$EXD/rules"
expect_eq "(a), (b): a rule with decrypt per suite, with encrypt for three" \
	"$(px $GENL batch <"$EXD/rules" | sort | uniq -c | tr -s ' ')" " 9 errno=0 msg="
port=30000
i=0
for suite in aes128_80 aes128_32 null_80 null_32 aes256_80 aes256_32; do
	port=$((port + 2)) i=$((i + 1))
	srtp_exchange_bg "$EXD/a-$suite" sr-sv "10.89.2.2:$((6000 + i))" "--plain --count 20" sr-cl "10.89.1.1:$port" \
		"--from 10.89.1.2:$((5000 + i)) --count 20 --suite $suite --key $(ka $suite) --salt $SA"
done
i=0
for suite in aes128_80 aes256_32 null_32; do
	port=$((port + 2)) i=$((i + 1))
	srtp_exchange_bg "$EXD/b-$suite" sr-sv "10.89.2.2:$((6010 + i))" "--count 20 --suite $suite --key $(kb $suite) --salt $SB" \
		sr-cl "10.89.1.1:$port" "--from 10.89.1.2:$((5010 + i)) --count 20 --plain"
done
srtp_wait
dump=$(genl rules 42)
port=30000
for suite in aes128_80 aes128_32 null_80 null_32 aes256_80 aes256_32; do
	port=$((port + 2))
	expect_eq "$suite: SRTP -> RTP, plain and intact at the server" "$(cat "$EXD/a-$suite")" \
		"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
	expect_match "$suite: counted, SSRC at ROC 0" "$(grep -F "local 10.89.1.1:$port " <<<"$dump")" \
		"decrypt $suite:0:11223344/0 .*stats 20 3440 0\$"
done

# (b) RTP -> SRTP: the libsrtp receiver accepts all (run with (a) above)
for suite in aes128_80 aes256_32 null_32; do
	expect_eq "$suite: RTP -> SRTP, libsrtp unprotects all" "$(cat "$EXD/b-$suite")" \
		"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
done
rm -rf "$EXD"
port=30018	# the last rule of (b)
expect_match "RTP -> SRTP: counted as received (plain bytes), no key in the reply" "$(get "10.89.1.1:$port")" \
	"out 10.89.2.1:31013,10.89.2.2:6013,0,enc null_32:0:11223344/0 .*stats 20 3440 0\$"

# (c) SRTP -> SRTP, re-keyed (and another suite on the way out)
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=$OUT,0,aes256_80/$KB/$SB" "decrypt=aes128_32/$(ka aes128)/$SA" >/dev/null
expect_eq "SRTP -> SRTP re-keyed: libsrtp unprotects all with key B" \
	"$(srtp_exchange sr-sv $SV "--count 30 --suite aes256_80 --key $KB --salt $SB" \
		sr-cl "10.89.1.1:$port" "--from $CL --count 30 --suite aes128_32 --key $(ka aes128) --salt $SA")" \
	"received=30 ok=30 failed=0 intact=30 first=1000 last=1029"

# (d) a replay is forwarded once, counted, dropped
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
expect_eq "replay: 10 packets + packet 3 again, 10 arrive" \
	"$(srtp_exchange sr-sv $SV "--plain --count 11 --timeout 3" sr-cl "10.89.1.1:$port" \
		"--from $CL --count 10 --replay 3 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=10 ok=10 failed=0 intact=10 first=1000 last=1009"
expect_match "replay: counted as srtp_replayed" "$(get "10.89.1.1:$port")" \
	" srtp_replayed 1 .*stats 10 1720 0\$"

# (e) a forged tag: counted, handed to the proxy's socket, not forwarded
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
expect_eq "forged tag: 5 sent, packet 2 forged, 4 arrive" \
	"$(srtp_exchange sr-sv $SV "--plain --count 5 --timeout 3" sr-cl "10.89.1.1:$port" \
		"--from $CL --count 5 --corrupt 2 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=4 ok=4 failed=0 intact=4 first=1000 last=1004"
expect_eq "forged tag: the packet reaches the proxy's socket, as sent (libsrtp rejects it)" \
	"$(srtp_exchange sr-px "10.89.1.1:$port" "--count 1 --timeout 5 --suite aes128_80 --key $(ka aes128) --salt $SA" \
		sr-cl "10.89.1.1:$port" \
		"--from $CL --count 1 --seq 2000 --corrupt 0 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=1 ok=0 failed=1 intact=0 first=-1 last=-1"
expect_match "forged tag: counted as srtp_auth_failed, not as forwarded" "$(get "10.89.1.1:$port")" \
	" srtp_auth_failed 2 .*stats 4 688 0\$"

# (e2) the same with the srtp-auth-drop flag (RTP 1 | SRTP_AUTH_DROP 32):
# counted, and dropped: neither forwarded nor at the proxy's socket
ad=10.89.1.1:30500
genl rule RULE_NEW 42 flags=create,excl flagsval=33 "local=$ad" "out=$OUT" \
	"decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
expect_eq "auth-drop: 5 sent, packet 2 forged, 4 arrive" \
	"$(srtp_exchange sr-sv $SV "--plain --count 5 --timeout 3" sr-cl "$ad" \
		"--from $CL --count 5 --corrupt 2 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=4 ok=4 failed=0 intact=4 first=1000 last=1004"
expect_eq "auth-drop: the forged packet does not reach the proxy's socket" \
	"$(srtp_exchange sr-px "$ad" "--count 1 --timeout 3 --suite aes128_80 --key $(ka aes128) --salt $SA" \
		sr-cl "$ad" \
		"--from $CL --count 1 --seq 2000 --corrupt 0 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=0 ok=0 failed=0 intact=0 first=-1 last=-1"
expect_match "auth-drop: counted as srtp_auth_failed, the flag in the reply" "$(get "$ad")" \
	" srtp_auth_failed 2 flags 33 .*stats 4 688 0\$"
expect_match "auth-drop without decrypt: refused, nothing added" \
	"$(genl rule RULE_NEW 42 flags=create,excl flagsval=33 local=10.89.1.1:30502 "out=$OUT")" \
	"^errno=EINVAL msg=the SRTP auth-drop flag needs decryption"
expect_match "... no such rule" "$(get 10.89.1.1:30502)" "^errno=ENOENT"

# (f) sequence numbers wrap (65530 .. 5): the ROC moves on both sides
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=$OUT,0,aes128_80/$(kb aes128)/$SB" \
	"decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
expect_eq "seq wrap: SRTP -> SRTP across 65535 -> 0" \
	"$(srtp_exchange sr-sv $SV "--count 12 --suite aes128_80 --key $(kb aes128) --salt $SB" \
		sr-cl "10.89.1.1:$port" \
		"--from $CL --count 12 --seq 65530 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=12 ok=12 failed=0 intact=12 first=65530 last=5"
expect_match "seq wrap: ROC 1 in and out" "$(get "10.89.1.1:$port")" \
	"enc aes128_80:0:11223344/1 .*decrypt aes128_80:0:11223344/1 "

# (f2) a ROC seeded by the control plane (a stream the daemon handled first)
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA/roc=11223344:5" >/dev/null
expect_eq "seeded ROC 5: accepted" \
	"$(srtp_exchange sr-sv $SV "--plain --count 5" sr-cl "10.89.1.1:$port" \
		"--from $CL --count 5 --roc 5 --seq 100 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=5 ok=5 failed=0 intact=5 first=100 last=104"
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
expect_eq "unseeded ROC: the same stream fails authentication" \
	"$(srtp_exchange sr-sv $SV "--plain --count 5 --timeout 3" sr-cl "10.89.1.1:$port" \
		"--from $CL --count 5 --roc 5 --seq 100 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=0 ok=0 failed=0 intact=0 first=-1 last=-1"
expect_match "unseeded ROC: 5 authentication failures" "$(get "10.89.1.1:$port")" " srtp_auth_failed 5 "

# MKI, kernel to kernel (libsrtp 2.5's MKI API is not used here): rule 1
# re-encrypts with key B and MKI 0a0b0c into the proxy's own rule 2, which
# checks the MKI, decrypts and forwards plain; rule 3 expects another MKI.
rule "local=10.89.1.1:30200" "out=10.89.1.1:30201,10.89.1.1:30202,0,aes128_80/$(kb aes128)/$SB/mki=0a0b0c" \
	"decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
rule "local=10.89.1.1:30202" "out=$OUT" "decrypt=aes128_80/$(kb aes128)/$SB/mki=0a0b0c" >/dev/null
expect_eq "MKI: appended by one rule, checked and stripped by the next" \
	"$(srtp_exchange sr-sv $SV "--plain --count 10" sr-cl 10.89.1.1:30200 \
		"--from $CL --count 10 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=10 ok=10 failed=0 intact=10 first=1000 last=1009"
expect_match "MKI: shown as its length" "$(get 10.89.1.1:30202)" "decrypt aes128_80:3:11223344/0 "
rule "local=10.89.1.1:30204" "out=10.89.1.1:30205,10.89.1.1:30206,0,aes128_32/$(kb aes128)/$SB/mki=01" \
	"decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
rule "local=10.89.1.1:30206" "out=$OUT" "decrypt=aes128_32/$(kb aes128)/$SB/mki=02" >/dev/null
expect_eq "MKI: another MKI is refused" \
	"$(srtp_exchange sr-sv $SV "--plain --count 5 --timeout 2" sr-cl 10.89.1.1:30204 \
		"--from $CL --count 5 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=0 ok=0 failed=0 intact=0 first=-1 last=-1"
expect_match "MKI: counted as authentication failures" "$(get 10.89.1.1:30206)" " srtp_auth_failed 5 "

# IPv6, re-keyed, and bridged IPv6 -> IPv4
expect_eq "IPv6 rule" "$(rule 'local=[fd89:1::1]:30100' \
	"out=[fd89:2::1]:31000,[fd89:2::2]:6000,0,aes128_32/$(kb aes128)/$SB" \
	"decrypt=aes128_80/$(ka aes128)/$SA")" "errno=0 msg="
expect_eq "IPv6: SRTP -> SRTP re-keyed" \
	"$(srtp_exchange sr-sv '[fd89:2::2]:6000' "--count 20 --suite aes128_32 --key $(kb aes128) --salt $SB" \
		sr-cl '[fd89:1::1]:30100' \
		"--from [fd89:1::2]:5000 --count 20 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
rule 'local=[fd89:1::1]:30102' "out=$OUT,0,aes128_80/$(kb aes128)/$SB" \
	"decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
expect_eq "IPv6 -> IPv4 bridged: SRTP -> SRTP re-keyed" \
	"$(srtp_exchange sr-sv $SV "--count 20 --suite aes128_80 --key $(kb aes128) --salt $SB" \
		sr-cl '[fd89:1::1]:30102' \
		"--from [fd89:1::2]:5000 --count 20 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"

# A fork: decrypted once, one plain output, one encrypted output (a copy)
port=$((port + 2))
rule "local=10.89.1.1:$port" "out=10.89.2.1:31002,10.89.2.2:6002,0,aes128_80/$(kb aes128)/$SB" \
	"out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA" >/dev/null
enc_out=$(mktemp)
ip netns exec sr-sv "$SRTP_PEER" recv 10.89.2.2:6002 --count 20 --suite aes128_80 \
	--key "$(kb aes128)" --salt "$SB" >"$enc_out" 2>&1 &
enc_pid=$!
wait_until 60 "the encrypted output's receiver" file_has "$enc_out" ready
expect_eq "fork: the plain output" \
	"$(srtp_exchange sr-sv $SV "--plain --count 20" sr-cl "10.89.1.1:$port" \
		"--from $CL --count 20 --suite aes128_80 --key $(ka aes128) --salt $SA")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
kill -USR1 "$enc_pid" 2>/dev/null
wait "$enc_pid"
expect_eq "fork: the encrypted output" "$(grep '^received=' "$enc_out")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
rm -f "$enc_out"

# (i) SRTCP (the rtcp flag, 16; with rtp, 17: rtcp-mux), side by side:
# SRTCP -> RTCP on an rtcp-mux rule, RTP -> SRTP on the same kind of rule
# (RTP unchanged by the flag), RTCP -> SRTCP on an RTCP port (_32 suite:
# SRTCP's tag is 80 bits all the same), SRTCP -> SRTCP re-keyed from the
# NULL cipher, a replay and a forged tag, and RTP sent to an RTCP port.
# The rules in one genl process.
new="rule RULE_NEW 42 flags=create,excl"
expect_eq "SRTCP: five rules" "$(px $GENL batch <<EOF | sort | uniq -c | tr -s ' '
$new local=10.89.1.1:30300 out=10.89.2.1:31030,10.89.2.2:6030 flagsval=17 decrypt=aes128_80/$(ka aes128)/$SA
$new local=10.89.1.1:30302 out=10.89.2.1:31031,10.89.2.2:6031,0,aes128_32/$(kb aes128)/$SB flagsval=17
$new local=10.89.1.1:30304 out=10.89.2.1:31032,10.89.2.2:6032,0,aes256_32/$(kb aes256)/$SB flagsval=16
$new local=10.89.1.1:30306 out=10.89.2.1:31033,10.89.2.2:6033,0,aes128_32/$(kb aes128)/$SB flagsval=17 decrypt=null_80/$(ka null_80)/$SA
$new local=10.89.1.1:30308 out=10.89.2.1:31034,10.89.2.2:6034 flagsval=16 decrypt=aes128_80/$(ka aes128)/$SA
EOF
)" " 5 errno=0 msg="
EXD=$(mktemp -d)
srtp_exchange_bg "$EXD/srtcp-in" sr-sv 10.89.2.2:6030 "--plain --rtcp --count 20" sr-cl 10.89.1.1:30300 \
	"--from 10.89.1.2:5030 --rtcp --count 20 --suite aes128_80 --key $(ka aes128) --salt $SA"
srtp_exchange_bg "$EXD/mux-rtp" sr-sv 10.89.2.2:6031 "--count 20 --suite aes128_32 --key $(kb aes128) --salt $SB" \
	sr-cl 10.89.1.1:30302 "--from 10.89.1.2:5031 --count 20 --plain"
srtp_exchange_bg "$EXD/srtcp-out" sr-sv 10.89.2.2:6032 "--rtcp --count 20 --suite aes256_32 --key $(kb aes256) --salt $SB" \
	sr-cl 10.89.1.1:30304 "--from 10.89.1.2:5032 --rtcp --count 20 --plain"
srtp_exchange_bg "$EXD/srtcp-rekey" sr-sv 10.89.2.2:6033 "--rtcp --count 20 --suite aes128_32 --key $(kb aes128) --salt $SB" \
	sr-cl 10.89.1.1:30306 "--from 10.89.1.2:5033 --rtcp --count 20 --suite null_80 --key $(ka null_80) --salt $SA"
srtp_exchange_bg "$EXD/srtcp-attack" sr-sv 10.89.2.2:6034 "--plain --rtcp --count 11 --timeout 3" sr-cl 10.89.1.1:30308 \
	"--from 10.89.1.2:5034 --rtcp --count 10 --replay 3 --corrupt 5 --suite aes128_80 --key $(ka aes128) --salt $SA"
# RTP into the RTCP port: its receiver (above) would count it as a failure
ip netns exec sr-cl "$SRTP_PEER" send 10.89.1.1:30308 --from 10.89.1.2:5035 --count 3 --plain \
	>/dev/null &
srtp_wait
dump=$(genl rules 42)
expect_eq "SRTCP -> RTCP (rtcp-mux rule): plain and intact" "$(cat "$EXD/srtcp-in")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_match "SRTCP -> RTCP: forwarded (20 x 188 bytes), no RTP accounting (no ssrc words)" \
	"$(grep -F "local 10.89.1.1:30300 " <<<"$dump")" \
	"decrypt aes128_80:0 flags 17 stats 20 3760 0\$"
expect_eq "rtcp-mux rule: RTP -> SRTP as before" "$(cat "$EXD/mux-rtp")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_match "rtcp-mux rule: RTP accounted" "$(grep -F "local 10.89.1.1:30302 " <<<"$dump")" \
	"ssrc 11223344:20:"
expect_eq "RTCP -> SRTCP (RTCP port, aes256_32: an 80-bit SRTCP tag): libsrtp unprotects all" \
	"$(cat "$EXD/srtcp-out")" "received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_eq "SRTCP (NULL cipher) -> SRTCP (AES) re-keyed" "$(cat "$EXD/srtcp-rekey")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_eq "SRTCP: a replay dropped, a forged tag handed up, RTP into the RTCP port handed up; 9 arrive" "$(cat "$EXD/srtcp-attack")" \
	"received=9 ok=9 failed=0 intact=9 first=1000 last=1009"
expect_match "SRTCP: counted as srtp_replayed, srtp_auth_failed; the RTP as 3 errors" \
	"$(grep -F "local 10.89.1.1:30308 " <<<"$dump")" " srtp_auth_failed 1 srtp_replayed 1 .*stats 9 [0-9]+ 3\$"
rm -rf "$EXD"

# (j) AES-GCM (RFC 7714; 12-byte salts), side by side: SRTP -> RTP with
# AEAD_AES_128_GCM, RTP -> SRTP with AEAD_AES_256_GCM, a replay and a forged
# tag, SRTCP -> RTCP on an rtcp-mux rule and RTCP -> SRTCP on an RTCP port.
SA12=${SA:0:24} SB12=${SB:0:24}
expect_eq "GCM: five rules" "$(px $GENL batch <<EOF | sort | uniq -c | tr -s ' '
$new local=10.89.1.1:30400 out=10.89.2.1:31040,10.89.2.2:6040 rtp=1 decrypt=gcm128/$(ka aes128)/$SA12
$new local=10.89.1.1:30402 out=10.89.2.1:31041,10.89.2.2:6041,0,gcm256/$KB/$SB12 rtp=1
$new local=10.89.1.1:30404 out=10.89.2.1:31042,10.89.2.2:6042 rtp=1 decrypt=gcm256/$KA/$SA12
$new local=10.89.1.1:30406 out=10.89.2.1:31043,10.89.2.2:6043 flagsval=17 decrypt=gcm128/$(ka aes128)/$SA12
$new local=10.89.1.1:30408 out=10.89.2.1:31044,10.89.2.2:6044,0,gcm256/$KB/$SB12 flagsval=16
EOF
)" " 5 errno=0 msg="
EXD=$(mktemp -d)
srtp_exchange_bg "$EXD/in" sr-sv 10.89.2.2:6040 "--plain --count 20" sr-cl 10.89.1.1:30400 \
	"--from 10.89.1.2:5040 --count 20 --suite gcm128 --key $(ka aes128) --salt $SA12"
srtp_exchange_bg "$EXD/out" sr-sv 10.89.2.2:6041 "--count 20 --suite gcm256 --key $KB --salt $SB12" \
	sr-cl 10.89.1.1:30402 "--from 10.89.1.2:5041 --count 20 --plain"
srtp_exchange_bg "$EXD/attack" sr-sv 10.89.2.2:6042 "--plain --count 11 --timeout 3" sr-cl 10.89.1.1:30404 \
	"--from 10.89.1.2:5042 --count 10 --replay 3 --corrupt 5 --suite gcm256 --key $KA --salt $SA12"
srtp_exchange_bg "$EXD/srtcp-in" sr-sv 10.89.2.2:6043 "--plain --rtcp --count 20" sr-cl 10.89.1.1:30406 \
	"--from 10.89.1.2:5043 --rtcp --count 20 --suite gcm128 --key $(ka aes128) --salt $SA12"
srtp_exchange_bg "$EXD/srtcp-out" sr-sv 10.89.2.2:6044 "--rtcp --count 20 --suite gcm256 --key $KB --salt $SB12" \
	sr-cl 10.89.1.1:30408 "--from 10.89.1.2:5044 --rtcp --count 20 --plain"
srtp_wait
dump=$(genl rules 42)
expect_eq "GCM: SRTP -> RTP (AEAD_AES_128_GCM), plain and intact" "$(cat "$EXD/in")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_match "GCM: counted, SSRC at ROC 0" "$(grep -F "local 10.89.1.1:30400 " <<<"$dump")" \
	"decrypt gcm128:0:11223344/0 .*stats 20 3440 0\$"
expect_eq "GCM: RTP -> SRTP (AEAD_AES_256_GCM), libsrtp unprotects all" "$(cat "$EXD/out")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_eq "GCM: a replay dropped, a forged tag handed up; 9 arrive" "$(cat "$EXD/attack")" \
	"received=9 ok=9 failed=0 intact=9 first=1000 last=1009"
expect_match "GCM: counted as srtp_auth_failed, srtp_replayed" \
	"$(grep -F "local 10.89.1.1:30404 " <<<"$dump")" " srtp_auth_failed 1 srtp_replayed 1 .*stats 9 "
expect_eq "GCM: SRTCP -> RTCP (rtcp-mux rule), plain and intact" "$(cat "$EXD/srtcp-in")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_eq "GCM: RTCP -> SRTCP (RTCP port), libsrtp unprotects all" "$(cat "$EXD/srtcp-out")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
rm -rf "$EXD"
# A GCM packet that fails authentication reaches the proxy's socket byte for
# byte as it was sent: the AEAD decrypts in place before it checks the tag,
# and the kernel must undo that. Any bytes will do: no key opens them.
raw=$(mktemp)
px python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.89.1.1", 30404))
s.settimeout(30)
print("ready", flush=True)
print(s.recv(2048).hex(), flush=True)
' >"$raw" &
rpid=$!
wait_until 60 "the raw receiver" file_has "$raw" ready
# sequence number 1280: after the stream's, not a replay; authentication fails
forged=800005000000ab0011223344$(printf '%0320x' 0)$(printf 'a5%.0s' $(seq 1 16))
ip netns exec sr-cl python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.89.1.2", 5045))
s.sendto(bytes.fromhex(sys.argv[1]), ("10.89.1.1", 30404))
' "$forged"
wait "$rpid"
expect_eq "GCM: a forged packet at the proxy's socket, as sent" "$(sed -n 2p "$raw")" "$forged"
rm -f "$raw"
expect_match "GCM: ... counted" "$(get 10.89.1.1:30404)" " srtp_auth_failed 2 "

# (k) unauthenticated SRTP (RFC 4568 UNAUTHENTICATED_SRTP; libsrtp2's
# null-auth policies): no SRTP tag either way; SRTCP keeps its 80-bit tag;
# with nothing to authenticate, a wrong key's packets pass, decrypted wrong.
expect_eq "unauthenticated: four rules" "$(px $GENL batch <<EOF | sort | uniq -c | tr -s ' '
$new local=10.89.1.1:30600 out=10.89.2.1:31060,10.89.2.2:6060 rtp=1 decrypt=aes128_80/$(ka aes128)/$SA/noauth
$new local=10.89.1.1:30602 out=10.89.2.1:31061,10.89.2.2:6061,0,aes256_32/$KB/$SB/noauth rtp=1
$new local=10.89.1.1:30604 out=10.89.2.1:31062,10.89.2.2:6062 flagsval=17 decrypt=aes128_32/$(ka aes128)/$SA/noauth
$new local=10.89.1.1:30606 out=10.89.2.1:31063,10.89.2.2:6063 rtp=1 decrypt=aes128_80/$(kb aes128)/$SB/noauth
EOF
)" " 4 errno=0 msg="
EXD=$(mktemp -d)
srtp_exchange_bg "$EXD/in" sr-sv 10.89.2.2:6060 "--plain --count 20" sr-cl 10.89.1.1:30600 \
	"--from 10.89.1.2:5060 --count 20 --suite aes128_80 --key $(ka aes128) --salt $SA --unauthenticated"
srtp_exchange_bg "$EXD/out" sr-sv 10.89.2.2:6061 "--count 20 --suite aes256_32 --key $KB --salt $SB --unauthenticated" \
	sr-cl 10.89.1.1:30602 "--from 10.89.1.2:5061 --count 20 --plain"
srtp_exchange_bg "$EXD/srtcp" sr-sv 10.89.2.2:6062 "--plain --rtcp --count 20" sr-cl 10.89.1.1:30604 \
	"--from 10.89.1.2:5062 --rtcp --count 20 --suite aes128_32 --key $(ka aes128) --salt $SA --unauthenticated"
srtp_exchange_bg "$EXD/wrong" sr-sv 10.89.2.2:6063 "--plain --count 20" sr-cl 10.89.1.1:30606 \
	"--from 10.89.1.2:5063 --count 20 --suite aes128_80 --key $(ka aes128) --salt $SA --unauthenticated"
srtp_wait
expect_eq "unauthenticated: SRTP -> RTP, plain and intact" "$(cut -d' ' -f1-4 "$EXD/in")" \
	"received=20 ok=20 failed=0 intact=20"
expect_eq "unauthenticated: RTP -> SRTP, libsrtp unprotects all" "$(cut -d' ' -f1-4 "$EXD/out")" \
	"received=20 ok=20 failed=0 intact=20"
expect_eq "unauthenticated: SRTCP (authenticated) -> RTCP" "$(cut -d' ' -f1-4 "$EXD/srtcp")" \
	"received=20 ok=20 failed=0 intact=20"
expect_eq "unauthenticated: another key's packets pass, decrypted wrong" "$(cut -d' ' -f1-4 "$EXD/wrong")" \
	"received=20 ok=20 failed=0 intact=0"
expect_match "unauthenticated: the rule says so" "$(get 10.89.1.1:30600)" "decrypt aes128_80:0:noauth:"
rm -rf "$EXD"

# (g) keys are write-only: not in RULE_GET, the dump, events, /proc
keys_in() { grep -ciE "${KA:0:32}|${KB:0:32}|${KA:32:32}|${KB:32:32}|${SA:0:24}|${SB:0:24}" <<<"$1"; }
expect_eq "keys: not in a RULE_GET reply" \
	"$(keys_in "$(genl rule RULE_GET 42 "local=10.89.1.1:$port" hex=1)")" 0
dump=$(genl rules 42 hex)
expect_match "keys: the dump has the SRTP rules" "$dump" "decrypt aes256_32:0:11223344/0"
expect_eq "keys: not in the dump" "$(keys_in "$dump")" 0
events=$(mktemp)
# one event (the replace), or a scaled minute on a slow machine
px $GENL listen "$(scaled 60)" 1 hex >"$events" &
lpid=$!
wait_until 30 "the listener" grep -q '^listening$' "$events"
genl rule RULE_NEW 42 flags=create,replace rtp=1 "local=10.89.1.1:$port" \
	"out=$OUT,0,aes256_80/$KB/$SB" "decrypt=aes256_80/$KA/$SA" >/dev/null
wait "$lpid"
expect_match "keys: the replace was announced" "$(cat "$events")" "event RULE_NEW flags=0x100"
expect_eq "keys: not in events" "$(keys_in "$(cat "$events")")" 0
rm -f "$events"
expect_eq "keys: not in /proc list" "$(keys_in "$(px cat $PROC/42/list)")" 0

# (h) malformed crypto attributes: EINVAL with a reason (ERANGE for what the
# policy's bounds refuse, as the kernel's netlink layer answers), the rule
# unchanged
before=$(get "10.89.1.1:$port")
bad() { # bad DESCRIPTION EXPECTED-MSG-REGEX RULE-ARGS...
	local desc=$1 want=$2
	shift 2
	expect_match "malformed: $desc" \
		"$(genl rule RULE_NEW 42 flags=replace rtp=1 "local=10.89.1.1:$port" "$@" | head -1)" \
		"^errno=(EINVAL|ERANGE) msg=.*$want"
}
bad "AES-128 key of 15 bytes" "wrong length for its suite" "out=$OUT" \
	"decrypt=aes128_80/${KA:0:30}/$SA"
bad "AES-256 suite with a 16-byte key" "wrong length for its suite" \
	"out=$OUT,0,aes256_80/${KB:0:32}/$SB"
bad "key of 33 bytes" "." "out=$OUT" "decrypt=aes256_80/${KA}ff/$SA"
bad "unknown suite 99" "." "out=$OUT" "decrypt=99/$(ka aes128)/$SA"
bad "salt of 13 bytes" "master salt of the wrong length" "out=$OUT" \
	"decrypt=aes128_80/$(ka aes128)/${SA:0:26}"
bad "salt of 15 bytes" "." "out=$OUT" "decrypt=aes128_80/$(ka aes128)/${SA}ff"
bad "AES-CM with a 12-byte (GCM) salt" "master salt of the wrong length" "out=$OUT" \
	"decrypt=aes128_80/$(ka aes128)/${SA:0:24}"
bad "GCM with a 14-byte salt" "master salt of the wrong length" "out=$OUT" \
	"decrypt=gcm128/$(ka aes128)/$SA"
bad "no salt" "master key and a master salt" "out=$OUT" "decrypt=aes128_80/$(ka aes128)/"
bad "MKI of 5 bytes" "." "out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA/mki=0102030405"
bad "reply-only MKI length" "read-only" "out=$OUT" "decrypt=aes128_80/$(ka aes128)/$SA/raw=0500060001000000"
bad "duplicate SSRC ROC" "duplicate SSRC" "out=$OUT" \
	"decrypt=aes128_80/$(ka aes128)/$SA/roc=1:1/roc=1:2"
expect_match "malformed: SRTP without the RTP flag" \
	"$(genl rule RULE_NEW 42 flags=replace "local=10.89.1.1:$port" "out=$OUT" \
		"decrypt=aes128_80/$(ka aes128)/$SA" | head -1)" "^errno=EINVAL msg=.*needs the RTP or the RTCP flag"
expect_eq "malformed: the rule is unchanged" "$(get "10.89.1.1:$port")" "$before"

# Cleanup: the table goes with its rules (and their crypto); nothing leaks
px iptables -D INPUT -p udp -j RTPENGINE --id 42
px ip6tables -D INPUT -p udp -j RTPENGINE --id 42
genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
topology_down sr
expect_modrefs "nothing left" 0
finish
