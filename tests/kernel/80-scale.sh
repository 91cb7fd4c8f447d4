#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# Scale: 100,000 rules in one table (rate, dump, memory per rule, a table
# delete that frees them). Malformed requests are 81-fuzz-genl's, rule
# churn under traffic (no packet through a deleted rule) 84-churn's.
. "$(dirname "$0")/lib/common.sh"
NS=sf-ns
ip netns add $NS
genl_serve $NS
ip -n $NS link set lo up
n() { ip netns exec $NS "$@"; }
COUNT=${SCALE_RULES:-100000}

# kernel memory in kB: Slab + Percpu
kmem() { awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }

t0=$SECONDS
expect_eq "table" "$(genl req TABLE_NEW table_id=42 | head -1)" "errno=0 msg="
sync; echo 3 >/proc/sys/vm/drop_caches
m0=$(kmem)
# errors-only: the kernel acks failures only (Python reading 100,000 acks
# under emulation took 8 times longer than the kernel adding the rules)
out=$(genl bulk-add 42 "$COUNT" 256 0 errors-only)
echo "MEASURE: bulk-add $out"
expect_match "bulk-add: $COUNT rules" "$out" "^added=$COUNT errors=OK=$COUNT "
m1=$(kmem)
echo "MEASURE: kernel memory (Slab+Percpu) $m0 kB -> $m1 kB: $(( (m1 - m0) * 1024 / COUNT )) bytes/rule (slub_debug=FZP)"
expect_eq "under 4096 bytes/rule" "$(( (m1 - m0) * 1024 / COUNT < 4096 ))" "1"
out=$(genl rules-count 42)
echo "MEASURE: dump $out"
expect_match "dump: all $COUNT rules, not interrupted" "$out" "^errno=0 count=$COUNT intr=0 "
expect_eq "status" "$(n grep Targets $PROC/42/status)" "$(printf 'Targets:     %s' "$COUNT")"
# deletes: 2,000 one per request, each acked (a grace period each), then
# 20,000 pipelined 256 per send(), the kernel answering failures and each
# batch's last request only (one grace period per batch). The first 2,000
# of those are gone already: each is answered ENOENT, the rest not at all.
out=$(genl bulk-del 42 2000 1)
echo "MEASURE: bulk-del, one request per send, each acked: $out"
expect_match "2,000 deletes, each acked" "$out" "^deleted=2000 errors=OK=2000 "
out=$(genl bulk-del 42 20000 256 0 errors-only)
echo "MEASURE: bulk-del, 256 per send, failures and batch ends acked: $out"
expect_match "a pipelined batch: 18,000 deleted, the 2,000 missing answered ENOENT" "$out" \
	"^deleted=18000 errors=OK=18000 ENOENT=2000 "
left=$((COUNT - 20000))
expect_match "dump after the deletes" "$(genl rules-count 42)" "^errno=0 count=$left intr=0 "
expect_eq "status after the deletes" "$(n grep Targets $PROC/42/status)" \
	"$(printf 'Targets:     %s' "$left")"
expect_eq "table del with $COUNT rules" "$(genl req TABLE_DEL table_id=42 | head -1)" "errno=0 msg="
expect_modrefs "scale: nothing left" 0
genl_stop
ip netns del $NS
echo "MEASURE: scale part $((SECONDS - t0)) s"

finish
