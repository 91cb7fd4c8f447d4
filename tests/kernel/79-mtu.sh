#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 180
# Datagrams too big for an output: an IPv4 datagram of 1,481..1,500 bytes
# bridged to IPv6 grows by 20 bytes past the 1,500-byte path MTU, and nobody
# on the way may fragment IPv6 (nor IPv4 with DF). Such a datagram is handed
# to the local socket (the daemon can fragment it or send it elsewhere) and
# counted as too_big; before, it was dropped and counted as an error, never
# seen by anyone. A datagram that fits is still bridged. Also: an IPv4
# datagram whose UDP length is shorter than its IP payload is handed up, not
# forwarded with bytes nobody vouched for.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"
topology_up mt 74
genl_serve mt-px
px() { ip netns exec mt-px "$@"; }
genl req TABLE_NEW table_id=42 >/dev/null
px iptables -I INPUT -p udp -j RTPENGINE --id 42
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
counters() { genl rule RULE_GET 42 "local=$1" | sed -n 's/.* out [^ ]* //p'; }

expect_eq "rule IPv4 -> IPv6" "$(rule local=10.74.1.1:30000 'out=[fd74:2::1]:30002,[fd74:2::2]:6000,0')" \
	"errno=0 msg="
# Linux sets DF on UDP by default (path MTU discovery): 1,472 bytes of
# payload make a 1,500-byte IPv4 datagram, 1,520 bytes as IPv6.
expect_eq "1,500-byte IPv4 datagrams: handed to the proxy's socket" \
	"$(udp_exchange mt-px 10.74.1.1:30000 3 mt-cl 10.74.1.2:5000 10.74.1.1:30000 3 1472)" \
	"received=3 intact=3 from=10.74.1.2:5000"
expect_eq "... counted as too_big, not as errors" "$(counters 10.74.1.1:30000)" \
	"too_big 3 stats 0 0 0"
expect_eq "1,480-byte IPv4 datagrams still fit as IPv6" \
	"$(udp_exchange mt-sv '[fd74:2::2]:6000' 3 mt-cl 10.74.1.2:5000 10.74.1.1:30000 3 1452)" \
	"received=3 intact=3 from=[fd74:2::1]:30002"
expect_eq "... forwarded" "$(counters 10.74.1.1:30000)" "too_big 3 stats 3 4356 0"

# A UDP length 10 bytes short of the IP payload: handed up, the socket gets
# the datagram the UDP header describes.
expect_eq "rule IPv4" "$(rule local=10.74.1.1:30010 out=10.74.2.1:30012,10.74.2.2:6010,0)" "errno=0 msg="
out=$(mktemp)
ip netns exec mt-px $UDP recv 10.74.1.1:30010 1 60 >"$out" &
rpid=$!
for _ in $(seq 300); do grep -q ready "$out" && break; sleep 0.1; done
ip netns exec mt-cl $PYTHON - <<'PY'
import socket, struct
# IPv4 header (the kernel fills the checksum and id), UDP length 8 + 50
# while 60 bytes of payload follow, UDP checksum 0 (none)
payload = bytes(range(60))
udp = struct.pack("!HHHH", 5010, 30010, 8 + 50, 0) + payload
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0,
                 socket.inet_aton("10.74.1.2"), socket.inet_aton("10.74.1.1"))
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
s.sendto(ip + udp, ("10.74.1.1", 0))
PY
kill -USR1 $rpid 2>/dev/null
wait $rpid
expect_eq "short UDP length: handed up, the socket gets the 50 bytes" "$(grep received "$out")" \
	"received=1 intact=0 from=10.74.1.2:5010"
rm -f "$out"
expect_eq "... not forwarded" "$(counters 10.74.1.1:30010)" "stats 0 0 0"
genl_stop
topology_down mt
finish
