#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# IPv4<->IPv6 bridging outputs with real packets: client -> proxy -> server
# over veth (topology.sh). The server receives the payload unchanged, and a
# packet socket there checks what arrived on the wire: the other family's
# header, traffic class / TOS as configured, hop limit / TTL (the received
# one minus one), and a correct UDP checksum (computed from scratch when
# IPv4 sent none).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"
topology_up br 79
genl_serve br-px
px() { ip netns exec br-px "$@"; }
genl req TABLE_NEW table_id=42 >/dev/null
px iptables -I INPUT -p udp -j RTPENGINE --id 42
px ip6tables -I INPUT -p udp -j RTPENGINE --id 42
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
# rule10 local=LOCAL out=SRC,DST,TOS: the same rule as rtpengine 10.5's
# daemon makes it, through table 42's binary control file
rule10() {
	px $PYTHON - "${1#local=}" "${2#out=}" <<'PY'
import errno, os, sys
sys.path.insert(0, os.environ["REPO"] + "/tests/kernel/lib")
import rtpe10 as R
local, (src, dst, tos) = sys.argv[1], sys.argv[2].split(",")
fd = os.open("/proc/rtpengine/42/control", os.O_WRONLY)
try:
    os.write(fd, R.noop())
    os.write(fd, R.msg(R.ADD_TARGET, R.target(local, 1)))
    os.write(fd, R.msg(R.ADD_DESTINATION, R.destination(local, 0, R.output(src, dst, tos=int(tos)))))
    print("errno=0 msg=")
except OSError as e:
    print(f"errno={errno.errorcode[e.errno]} msg=")
finally:
    os.close(fd)
PY
}
ADD=rule

# sniff PORT: the first UDP datagram to PORT on the server's veth, described
sniff() {
	ip netns exec br-sv $PYTHON - "$1" "$(dirname "$0")/lib" <<'PY' &
import socket, struct, sys
sys.path.insert(0, sys.argv[2])
from frame import fold  # noqa: E402
port = int(sys.argv[1])
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(3))   # ETH_P_ALL
s.bind(("sv0", 0))
s.setsockopt(263, 8, 1)     # SOL_PACKET, PACKET_AUXDATA: is the checksum complete?
s.settimeout(60)
print("ready", flush=True)
while True:
    pkt, anc, _, addr = s.recvmsg(65536, 256)
    if addr[4] == socket.PACKET_OUTGOING:
        continue
    # veth hands a locally sent packet over with its checksum to be finished
    # (CHECKSUM_PARTIAL: the field holds the pseudo-header sum): finish it
    # here as a NIC would, which checks that sum
    partial = any(l == 263 and t == 8 and struct.unpack("=I", d[:4])[0] & 8 for l, t, d in anc)
    if pkt[0] >> 4 == 6 and pkt[6] == 17:
        udp, pseudo = pkt[40:], pkt[8:40] + struct.pack("!II", len(pkt) - 40, 17)
        head = f"ipv6 tclass={(struct.unpack('!I', pkt[:4])[0] >> 20) & 0xFF} hop={pkt[7]}"
    elif pkt[0] >> 4 == 4 and pkt[9] == 17:
        udp, pseudo = pkt[20:], pkt[12:20] + struct.pack("!BBH", 0, 17, len(pkt) - 20)
        head = f"ipv4 tos={pkt[1]} ttl={pkt[8]}"
    else:
        continue
    if struct.unpack("!H", udp[2:4])[0] != port:
        continue
    if partial:
        udp = udp[:6] + struct.pack("!H", ~fold(udp) & 0xFFFF) + udp[8:]
    check = struct.unpack("!H", udp[6:8])[0]
    ok = check != 0 and fold(pseudo + udp) == 0xFFFF
    print(f"{head} udp_len={len(udp)} csum={'ok' if ok else f'bad({check:#06x})'}", flush=True)
    break
PY
}

# bridge NAME LOCAL OUT-SRC OUT-DST TOS SRC RECV-BIND PORT WANT-WIRE [udp.py send options]
bridge() {
	local name=$1 local=$2 osrc=$3 odst=$4 tos=$5 src=$6 bind=$7 port=$8 want=$9
	shift 9
	expect_eq "$name: rule" "$($ADD "local=$local" "out=$osrc,$odst,$tos")" "errno=0 msg="
	sniff "$port" >/tmp/br-sniff
	local spid=$!
	wait_until 120 "the sniffer on br-sv's sv0 to start" file_has /tmp/br-sniff ready
	expect_eq "$name: payload identical" \
		"$(udp_exchange br-sv "$bind" 10 br-cl "$src" "$local" 10 "$@")" \
		"received=10 intact=10 from=$osrc"
	wait $spid
	expect_eq "$name: on the wire" "$(grep -v ready /tmp/br-sniff)" "$want"
	expect_eq "$name: counted" "$(genl rule RULE_GET 42 "local=$local" | sed -n 's/.* stats //p')" \
		"10 1720 0"
}

bridge "IPv4 -> IPv6" 10.79.1.1:32000 '[fd79:2::1]:32002' '[fd79:2::2]:7000' 184 \
	10.79.1.2:5000 '[fd79:2::2]:7000' 7000 "ipv6 tclass=184 hop=63 udp_len=180 csum=ok"
bridge "IPv4 without UDP checksum -> IPv6" 10.79.1.1:32020 '[fd79:2::1]:32022' '[fd79:2::2]:7020' 0 \
	10.79.1.2:5020 '[fd79:2::2]:7020' 7020 "ipv6 tclass=0 hop=63 udp_len=180 csum=ok" --no-check
bridge "IPv6 -> IPv4" '[fd79:1::1]:32010' 10.79.2.1:32012 10.79.2.2:7010 46 \
	'[fd79:1::2]:5010' 10.79.2.2:7010 7010 "ipv4 tos=46 ttl=63 udp_len=180 csum=ok"

# the same through rtpengine 10.5's ABI: its daemon's bridged streams stay
# in the kernel
ADD=rule10
bridge "rtpengine 10.5 ABI: IPv4 -> IPv6" 10.79.1.1:32040 '[fd79:2::1]:32042' '[fd79:2::2]:7040' 184 \
	10.79.1.2:5040 '[fd79:2::2]:7040' 7040 "ipv6 tclass=184 hop=63 udp_len=180 csum=ok"
bridge "rtpengine 10.5 ABI: IPv6 -> IPv4" '[fd79:1::1]:32050' 10.79.2.1:32052 10.79.2.2:7050 46 \
	'[fd79:1::2]:5050' 10.79.2.2:7050 7050 "ipv4 tos=46 ttl=63 udp_len=180 csum=ok"
ADD=rule

# a two-output rule of both families: each gets its own copy
expect_eq "fork to IPv4 and IPv6: rule" "$(rule local=10.79.1.1:32030 out=10.79.2.1:32032,10.79.2.2:7030 \
	'out=[fd79:2::1]:32034,[fd79:2::2]:7031')" "errno=0 msg="
: >/tmp/br-v4
ip netns exec br-sv $UDP recv 10.79.2.2:7030 5 120 >/tmp/br-v4 &
v4=$!
wait_until 120 "the IPv4 receiver at 10.79.2.2:7030 to bind" file_has /tmp/br-v4 ready
expect_eq "fork: IPv6 copy" "$(udp_exchange br-sv '[fd79:2::2]:7031' 5 br-cl 10.79.1.2:5030 10.79.1.1:32030 5)" \
	"received=5 intact=5 from=[fd79:2::1]:32034"
wait $v4
expect_eq "fork: IPv4 copy" "$(grep received /tmp/br-v4)" "received=5 intact=5 from=10.79.2.1:32032"

px iptables -D INPUT -p udp -j RTPENGINE --id 42
px ip6tables -D INPUT -p udp -j RTPENGINE --id 42
genl req TABLE_DEL table_id=42 >/dev/null
genl_stop
topology_down br
expect_modrefs "nothing left" 0
finish
