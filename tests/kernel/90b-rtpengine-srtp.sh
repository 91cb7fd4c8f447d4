#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Debian's rtpengine-daemon 10.5, unmodified, kernelizes SDES calls on our
# modules: the caller offers RTP/SAVP with an a=crypto line, the callee
# answers plain RTP/AVP, the daemon bridges SRTP and RTP. Once it has seen
# both parties it hands both directions to the kernel through the 10.5 ABI
# (decrypt on the caller's stream, encrypt on its output to the caller);
# then, with the daemon SIGSTOPped, 100 packets each way still arrive, and
# libsrtp (userspace/tools/srtp_peer) authenticates and decrypts what the
# caller receives. AES_CM_128_HMAC_SHA1_80, _32 and AEAD_AES_128_GCM
# (RFC 7714, a 12-byte salt). The daemon must log no
# "Failed to push relay stream to kernel".
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/rtpengine_call.sh"

KEY=4a0b1c2d3e4f50617283948596a7b8c9
SALT=5a1b2c3d4e5f60718293a4b5c6d7
SSRC_A=0x11223344	# the caller's, SRTP
SSRC_B=0x55667788	# the callee's, plain

# party A|B COUNT GAP-MS FIRST-SEQ IDLE-S (run by parties): the caller (A,
# SRTP) or the callee (B, plain) sends COUNT packets and receives the
# other's on the same port, until COUNT arrived or IDLE-S seconds after its
# last was sent
party() {
	local who=$1 count=$2 gap=$3 seq=$4 idle=$5
	if [ "$who" = A ]; then
		"$SRTP_PEER" duplex "$A" "$CALLER_TO" --count "$count" --gap "$gap" --seq "$seq" \
			--go "$WORK/go" \
			--ssrc $SSRC_A --suite "$PSUITE" --key $KEY --salt "$PSALT" \
			--rx-count "$count" --rx-ssrc $SSRC_B --rx-suite "$PSUITE" \
			--rx-key "$RX_KEY" --rx-salt "$RX_SALT" --timeout "$idle"
	else
		"$SRTP_PEER" duplex "$B" "$CALLEE_TO" --count "$count" --gap "$gap" --seq "$seq" \
			--go "$WORK/go" \
			--ssrc $SSRC_B --plain --rx-count "$count" --rx-ssrc $SSRC_A --rx-plain --timeout "$idle"
	fi
}

T0=$SECONDS
rtpe_call_start || finish

n=0
for SUITE in AES_CM_128_HMAC_SHA1_80 AES_CM_128_HMAC_SHA1_32 AEAD_AES_128_GCM; do
	case $SUITE in
	AEAD_AES_128_GCM) PSUITE=gcm128 PSALT=${SALT:0:24} ;;
	*) PSUITE=aes128_${SUITE##*_} PSALT=$SALT ;;
	esac
	A=127.0.0.1:$((24000 + 4 * n)) B=127.0.0.1:$((24002 + 4 * n))
	n=$((n + 1))
	call=$("$PYTHON" "$REPO/tests/kernel/lib/sdes_call.py" 127.0.0.1:22222 "srtp-$SUITE" \
		"$A" "$B" "$SUITE" $KEY "$PSALT" 2>&1)
	if ! grep -q '^RX_SALT=' <<<"$call"; then
		fail "$SUITE: SDES offer/answer: $call"
		continue
	fi
	eval "$call"
	pass "$SUITE: SDES offer (RTP/SAVP) and plain answer (RTP/AVP) over NG"

	# traffic both ways (10 packets/s) until the daemon kernelized both
	# streams: it does once it has learned both endpoints
	seq=1000 t=$SECONDS
	while ! kernelized && [ $((SECONDS - t)) -lt "$(scaled 60)" ]; do
		parties 5 100 $seq 1
		seq=$((seq + 5))
	done
	if kernelized; then
		pass "$SUITE: both streams kernelized after $((SECONDS - t)) s of traffic"
	else
		fail "$SUITE: not kernelized after $((SECONDS - t)) s: $(grep -i kernel "$WORK/daemon.log" | tail -n 3) $(dmesg | grep 'left to the daemon' | tail -n 2)"
	fi

	kill -STOP "$DPID"
	parties 100 10 $seq 3
	kill -CONT "$DPID"
	expect_eq "$SUITE, daemon stopped: the caller got 100 packets, libsrtp authenticated and decrypted all" \
		"$(grep '^received=' "$WORK/A" | cut -d' ' -f1-4)" "received=100 ok=100 failed=0 intact=100"
	expect_eq "$SUITE, daemon stopped: the callee got the 100 plain and intact" \
		"$(grep '^received=' "$WORK/B" | cut -d' ' -f1-4)" "received=100 ok=100 failed=0 intact=100"
	$NG delete "srtp-$SUITE" >/dev/null 2>&1 || true
done

expect_eq "the daemon never failed to push a stream to the kernel" \
	"$(grep -c 'Failed to push relay stream to kernel' "$WORK/daemon.log")" 0
echo "# 90b: $((SECONDS - T0)) s"
finish
