#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# SRTP set up by rtpnl (not genl.py): SRTP -> RTP in SDP's form (srtp SUITE
# inline:KEY|LIFETIME|MKI:LEN) with a 4-byte MKI and a seeded ROC, RTP ->
# SRTP with a keyfile and with an MKI, Debian's libsrtp2
# (userspace/tools/srtp_peer) at both ends; `rtpnl rules list` (text, -j,
# -s) shows suite, MKI length and ROCs and never a key byte; a bad key or
# an open keyfile is refused with one line and changes nothing.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"

[ -x "$SRTP_PEER" ] || { echo "FAIL: no $SRTP_PEER (make userspace with libsrtp2-dev)"; exit 1; }

# Key A (AES-128) and key B (AES-256) with their salts, in hex for
# srtp_peer and as RFC 4568 inline: base64 (key || salt) for rtpnl.
KA=4a0b1c2d3e4f50617283948596a7b8c9
SA=5a1b2c3d4e5f60718293a4b5c6d7
INLINE_A=inline:SgscLT5PUGFyg5SFlqe4yVobLD1OX2BxgpOktcbX
KB=b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0
SB=e1e2e3e4e5e6e7e8e9eaebecedee
INLINE_B='inline:sbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9Dh4uPk5ebn6Onq6+zt7g==|2^31'
# 29 bytes: a salt byte short
SHORT_A=inline:SgscLT5PUGFyg5SFlqe4yVobLD1OX2BxgpOktcY=

px() { ip netns exec rs-px "$@"; }
rt() { px "$RTPNL" "$@"; }
# The key material in any form: hex (either case), base64, in part.
keys_in() {
	grep -ciE "${KA:0:16}|${KA:16}|$SA|${KB:0:32}|${KB:32}|$SB|SgscLT5PUGFy|sbKztLW2t7i5|ueru8vb6|OktcbX" <<<"$1"
}

topology_up rs 98
srtp_serve_up rs
rt table add 42
px iptables -I INPUT -p udp -j RTPENGINE --id 42
CL=10.98.1.2:5000
SV=10.98.2.2:6000
OUTPUT=(output src 10.98.2.1:31000 dst "$SV")

# SRTP -> RTP, the key as SDP's a=crypto writes it (suite in lower case),
# lifetime (not enforced) and MKI 1 in 4 bytes, which libsrtp sends; ROC
# seeded at 5
expect_eq "srtp (decrypt) with an SDP key, lifetime and MKI accepted" \
	"$(rtpnl_result rs-px rule add table 42 local 10.98.1.1:30000 rtp \
		srtp aes_cm_128_hmac_sha1_80 "$INLINE_A|2^31|1:4" roc 11223344:5 "${OUTPUT[@]}")" \
	"rc=0 out= err="
expect_eq "SRTP -> RTP: libsrtp's packets, MKI and all, arrive plain and intact" \
	"$(srtp_exchange rs-sv $SV "--plain --count 20" rs-cl 10.98.1.1:30000 \
		"--from $CL --count 20 --roc 5 --seq 100 --suite aes128_80 --key $KA --salt $SA --mki 00000001")" \
	"received=20 ok=20 failed=0 intact=20 first=100 last=119"

# RTP -> SRTP, AES-256 from a keyfile (SDES lifetime included)
KEYFILE=$(mktemp)
printf '# key B\n%s\n' "$INLINE_B" >"$KEYFILE"
chmod 600 "$KEYFILE"
expect_eq "encrypt with a keyfile accepted" \
	"$(rtpnl_result rs-px rule add table 42 local 10.98.1.1:30002 rtp "${OUTPUT[@]}" \
		encrypt AES_256_CM_HMAC_SHA1_32 keyfile "$KEYFILE")" "rc=0 out= err="
expect_eq "RTP -> SRTP: libsrtp unprotects all" \
	"$(srtp_exchange rs-sv $SV "--count 20 --suite aes256_32 --key $KB --salt $SB" \
		rs-cl 10.98.1.1:30002 "--from $CL --count 20 --plain")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"

# RTP -> SRTP with an MKI (2 in 2 bytes, as SDP writes it): libsrtp finds
# its MKI in every packet, and with another MKI fails every one
expect_eq "encrypt with an SDP key and MKI accepted" \
	"$(rtpnl_result rs-px rule add table 42 local 10.98.1.1:30008 rtp "${OUTPUT[@]}" \
		encrypt AES_CM_128_HMAC_SHA1_80 "$INLINE_A|2:2")" "rc=0 out= err="
expect_eq "RTP -> SRTP with the kernel's MKI: libsrtp unprotects all" \
	"$(srtp_exchange rs-sv $SV "--count 20 --suite aes128_80 --key $KA --salt $SA --mki 0002" \
		rs-cl 10.98.1.1:30008 "--from $CL --count 20 --plain")" \
	"received=20 ok=20 failed=0 intact=20 first=1000 last=1019"
expect_eq "... and libsrtp expecting MKI 3 unprotects none" \
	"$(srtp_exchange rs-sv $SV "--count 20 --suite aes128_80 --key $KA --salt $SA --mki 0003" \
		rs-cl 10.98.1.1:30008 "--from $CL --count 20 --plain")" \
	"received=20 ok=0 failed=20 intact=0 first=-1 last=-1"

# Listings: suite, MKI length, ROC per SSRC; no key
list=$(rt rule list table 42)
expect_match "list: decrypt suite, MKI length and the seeded ROC" "$list" \
	"local 10.98.1.1:30000 .*rtp decrypt AES_CM_128_HMAC_SHA1_80 mki-len 4 roc 11223344:5 output"
expect_match "list: encrypt suite and ROC" "$list" \
	"local 10.98.1.1:30002 .* encrypt AES_256_CM_HMAC_SHA1_32 mki-len 0 roc 11223344:0"
json=$(rt -j rules list table 42)
expect_match "JSON: decrypt" "$json" \
	'"decrypt":\{"suite":"AES_CM_128_HMAC_SHA1_80","mki_len":4,"rocs":\[\{"ssrc":"11223344","roc":5\}\]\}'
all="$list $json $(rt -s -s rules list) $(rt -j -s rule get table 42 local 10.98.1.1:30002) $(px cat "$PROC/42/list")"
expect_eq "no key byte in any listing" "$(keys_in "$all")" 0

# A batch file (as syncconf files) carries keys the same way: re-keyed to _32
BATCH=$(mktemp)
printf 'rule replace table 42 local 10.98.1.1:30004 rtp decrypt AES_CM_128_HMAC_SHA1_32 %s output src 10.98.2.1:31000 dst %s\n' \
	"$INLINE_A" "$SV" >"$BATCH"
expect_eq "batch: SRTP rule from a file" "$(rtpnl_result rs-px -b "$BATCH")" "rc=0 out= err="
expect_match "batch: listed with its suite" "$(rt rule get table 42 local 10.98.1.1:30004)" \
	" rtp decrypt AES_CM_128_HMAC_SHA1_32 mki-len 0 output "
rm -f "$BATCH"

# auth-fail drop: a forged packet is dropped, not handed to the proxy's
# socket; listed as such (text and JSON)
expect_eq "auth-fail drop accepted" \
	"$(rtpnl_result rs-px rule add table 42 local 10.98.1.1:30006 rtp \
		srtp AES_CM_128_HMAC_SHA1_80 "$INLINE_A" auth-fail drop "${OUTPUT[@]}")" "rc=0 out= err="
expect_match "auth-fail drop: listed" "$(rt rule get table 42 local 10.98.1.1:30006)" \
	" rtp decrypt AES_CM_128_HMAC_SHA1_80 mki-len 0 auth-fail drop output "
expect_match "auth-fail drop: JSON" "$(rt -j rule get table 42 local 10.98.1.1:30006)" '"auth_fail":"drop"'
expect_eq "auth-fail drop: the forged packet does not reach the proxy's socket" \
	"$(srtp_exchange rs-px 10.98.1.1:30006 "--count 1 --timeout 3 --suite aes128_80 --key $KA --salt $SA" \
		rs-cl 10.98.1.1:30006 "--from $CL --count 1 --corrupt 0 --suite aes128_80 --key $KA --salt $SA")" \
	"received=0 ok=0 failed=0 intact=0 first=-1 last=-1"
expect_match "auth-fail drop: counted" "$(rt -s rule get table 42 local 10.98.1.1:30006)" "srtp-auth-failed 1"
expect_eq "auth-fail drop without srtp: refused" \
	"$(rtpnl_result rs-px rule add table 42 local 10.98.1.1:30008 rtp auth-fail drop "${OUTPUT[@]}")" \
	"rc=255 out= err=Error: auth-fail drop needs decrypt"

# Refused: one line, usage status, the rule unchanged
# (the age of the last packet, " last 1.2s ago", is a time)
get_a() { rt -s rule get table 42 local 10.98.1.1:30000 | sed 's/ last [^ ]* ago$//'; }
before=$(get_a)
expect_eq "a key a byte short: refused" \
	"$(rtpnl_result rs-px rule replace table 42 local 10.98.1.1:30000 rtp \
		decrypt AES_CM_128_HMAC_SHA1_80 "$SHORT_A" "${OUTPUT[@]}")" \
	"rc=255 out= err=Error: decrypt: inline: key of 29 bytes, AES_CM_128_HMAC_SHA1_80 needs 30 (16 key + 14 salt)"
expect_eq "an SDP MKI too big for its length: refused" \
	"$(rtpnl_result rs-px rule replace table 42 local 10.98.1.1:30000 rtp \
		srtp AES_CM_128_HMAC_SHA1_80 "$INLINE_A|2^31|256:1" "${OUTPUT[@]}")" \
	"rc=255 out= err=Error: srtp: MKI value of the inline: key does not fit in 1 byte"
chmod 644 "$KEYFILE"
expect_eq "a keyfile readable by others: refused" \
	"$(rtpnl_result rs-px rule replace table 42 local 10.98.1.1:30000 rtp "${OUTPUT[@]}" \
		encrypt AES_256_CM_HMAC_SHA1_32 keyfile "$KEYFILE")" \
	"rc=255 out= err=Error: output 1 encrypt: keyfile '$KEYFILE' is readable by group or others (chmod go-rwx)"
expect_eq "SRTP without rtp: refused" \
	"$(rtpnl_result rs-px rule replace table 42 local 10.98.1.1:30000 \
		decrypt AES_CM_128_HMAC_SHA1_80 "$INLINE_A" "${OUTPUT[@]}")" \
	"rc=255 out= err=Error: 'decrypt' needs 'rtp' or 'rtcp'"
expect_eq "refusals changed nothing" "$(get_a)" "$before"
rm -f "$KEYFILE"

px iptables -D INPUT -p udp -j RTPENGINE --id 42
rt table del 42
topology_down rs
expect_modrefs "nothing left" 0
finish
