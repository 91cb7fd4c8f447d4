#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# Known answers: the kernel's SRTP and SRTCP, every suite, both directions,
# byte for byte against a reference (lib/srtp_kat.py) that first passes the
# RFCs' own vectors: RFC 3711 B.1 (AES-f8), B.2 and B.3, RFC 6188 7.2 and 7.4, RFC 7714
# 16.1, 16.2, 17.1 and 17.2. The master keys are the RFCs' own (B.3 for
# 128-bit keys, RFC 6188 for 192 and 256), so AES-192, which libsrtp2 in
# Debian cannot check (89-srtp.sh), is checked here against RFC 6188.
# Unauthenticated SRTP (RFC 4568's UNAUTHENTICATED_SRTP) the same way.
# Loopback in a namespace, iptables -j RTPENGINE, rules over genl.
. "$(dirname "$0")/lib/common.sh"
NS=kat-ns
KAT="$PYTHON $(dirname "$0")/lib/srtp_kat.py"
ip netns add $NS
ip -n $NS link set lo up
genl_serve $NS
n() { ip netns exec $NS "$@"; }
# relay: the reference's PASS:/FAIL: lines (and anything else, as failures)
relay() {
	local line
	while IFS= read -r line; do
		case $line in
		PASS:*) pass "${line#PASS: }" ;;
		*) fail "${line#FAIL: }" ;;
		esac
	done
}

relay < <($KAT self 2>&1)

genl req TABLE_NEW table_id=42 >/dev/null
n iptables -I INPUT -p udp -j RTPENGINE --id 42
nrules=0
while read -r -a args; do
	r=$(genl rule RULE_NEW 42 flags=create,excl "${args[@]}")
	[ "$r" = "errno=0 msg=" ] || fail "rule ${args[*]}: $r"
	nrules=$((nrules + 1))
done < <($KAT rules 32000)
expect_eq "64 cases: 12 suites and 4 unauthenticated, 2 directions, RTP and RTCP" "$nrules" 64
expect_eq "one rule per case" "$(genl rules 42 | grep -c '^table 42 ')" "$nrules"

relay < <(n $KAT run 32000 "$(scaled 30)" 2>&1)
expect_eq "no rule counted a failed authentication or a replay" \
	"$(genl rules 42 | grep -cE 'srtp_(auth_failed|replayed) [1-9]')" 0
# Unauthenticated SRTP: the flag comes back in replies (never a key); only
# AES-CM suites take it (AEAD always authenticates, NULL would leave nothing)
expect_eq "unauthenticated: 8 decrypting rules say so" \
	"$(genl rules 42 | grep -cE 'decrypt (aes[0-9]*|f8)_[0-9]*:0:noauth')" 8
expect_eq "unauthenticated: 8 encrypting outputs say so" \
	"$(genl rules 42 | grep -cE ',enc (aes[0-9]*|f8)_[0-9]*:0:noauth[: ]')" 8
for suite in gcm128/$(printf '%024d' 2) null_80/$(printf '%028d' 2); do
	expect_eq "unauthenticated ${suite%%/*} refused" \
		"$(genl rule RULE_NEW 42 flags=create,excl local=127.0.0.1:32200 flagsval=1 \
			out=127.0.0.1:31000,127.0.0.1:32201 "decrypt=${suite%%/*}/$(printf '%032d' 1)/${suite#*/}/noauth")" \
		"errno=EINVAL msg=unauthenticated SRTP needs an AES-CM or F8 suite"
done

n iptables -D INPUT -p udp -j RTPENGINE --id 42
genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
ip netns del $NS
expect_modrefs "nothing left" 0
finish
