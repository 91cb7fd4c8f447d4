#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# The packet path in process context: an NFQUEUE rule ahead of the rtpengine
# rule sends every other packet to a user-space verdict loop; an accepted
# packet resumes in the next hook from that process's sendmsg (nf_reinject),
# with BHs enabled, while the other half arrives in softirq, on both vCPUs,
# on the same RTP rules (per-SSRC lock, per-CPU counters and route caches).
# The core turns BHs off itself. Every packet arrives and is counted; the
# VM harness fails the test on any kernel warning (on a lockdep kernel,
# make check-debug, the unfixed core reports an inconsistent lock state).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/topology.sh"
topology_up nq 69
genl_serve nq-px
px() { ip netns exec nq-px "$@"; }
genl req TABLE_NEW table_id=42 >/dev/null
# mangle INPUT (priority -150) queues, filter INPUT (0) forwards: the
# verdict resumes at the filter hook
check "queue rule (xt statistic, NFQUEUE)" \
	px iptables -t mangle -I INPUT -p udp -m statistic --mode nth --every 2 --packet 0 -j NFQUEUE --queue-num 3
check "rtpengine rule" px iptables -I INPUT -p udp -j RTPENGINE --id 42
rule() { genl rule RULE_NEW 42 flags=create,excl "$@"; }
stats() { genl rule RULE_GET 42 "local=$1" | sed -n 's/.* stats //p'; }

verdicts=$(mktemp)
# not through px(): $! must be the verdict loop itself, to signal it
ip netns exec nq-px $PYTHON "$REPO/tests/kernel/lib/nfq_accept.py" 3 30 >"$verdicts" &
vpid=$!
for _ in $(seq 600); do grep -q ready "$verdicts" && break; sleep 0.1; done
expect_eq "verdict loop bound to queue 3" "$(head -1 "$verdicts")" "ready"

expect_eq "RTP rule A" "$(rule local=10.69.1.1:30000 rtp=1 \
	out=10.69.2.1:30002,10.69.2.2:6000,0)" "errno=0 msg="
expect_eq "RTP rule B" "$(rule local=10.69.1.1:30010 rtp=1 \
	out=10.69.2.1:30012,10.69.2.2:6010,0)" "errno=0 msg="

# udp_rcvbuf_errors NS: datagrams NS's UDP dropped for a full receive buffer
udp_rcvbuf_errors() {
	ip netns exec "$1" $PYTHON -c 'rows = [l.split() for l in open("/proc/net/snmp") if l.startswith("Udp:")]
print(rows[1][rows[0].index("RcvbufErrors")])'
}

# two flows at once (two senders, two receivers: both vCPUs busy)
a=$(mktemp) b=$(mktemp)
drops0=$(udp_rcvbuf_errors nq-sv)
udp_exchange nq-sv 10.69.2.2:6000 500 nq-cl 10.69.1.2:5000 10.69.1.1:30000 500 >"$a" &
p1=$!
udp_exchange nq-sv 10.69.2.2:6010 500 nq-cl 10.69.1.2:5010 10.69.1.1:30010 500 >"$b" &
p2=$!
wait $p1 $p2
# Under emulation a receiver may fall behind: what its socket dropped is
# counted there, so received + dropped must be every datagram sent.
drops=$(($(udp_rcvbuf_errors nq-sv) - drops0))
got=$(($(sed -n 's/^received=\([0-9]*\) .*/\1/p' "$a") + $(sed -n 's/^received=\([0-9]*\) .*/\1/p' "$b")))
expect_eq "both flows: every datagram received or dropped by a full socket buffer ($drops)" \
	"$((got + drops))" "1000"
# whole FILE SOURCE: "yes" when every datagram received was intact, from SOURCE
whole() { sed -n "s/^received=\([0-9]*\) intact=\1 from=${2//./\\.}\$/yes/p" "$1"; }
expect_eq "flow A: intact, from the output's source" "$(whole "$a" 10.69.2.1:30002)" "yes"
expect_eq "flow B: intact, from the output's source" "$(whole "$b" 10.69.2.1:30012)" "yes"
expect_eq "flow A: all 500 forwarded and counted" "$(stats 10.69.1.1:30000)" "500 86000 0"
expect_eq "flow B: all 500 forwarded and counted" "$(stats 10.69.1.1:30010)" "500 86000 0"
kill "$vpid" 2>/dev/null	# it prints its count on SIGTERM
wait "$vpid"
expect_eq "the verdict loop accepted every other one" "$(tail -1 "$verdicts")" "accepted=500"
rm -f "$a" "$b" "$verdicts"
genl_stop
topology_down nq
finish
