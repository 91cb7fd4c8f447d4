#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 1800
# ab-control.sh: the control plane of two builds side by side in one VM
# boot, for a change's before/after (docs/bench): another build's rtpfwd.ko
# (and optionally its rtpnl) against this tree's, alternating in each round
# so that the guest's warming up favours neither.
#
#   KVER=6.1.0-57-amd64 VM_APPEND=slub_debug=- VM_MEM=4096M \
#   VM_ENV="AB_OLD_KO=/path/rtpfwd.ko AB_OLD_RTPNL=/path/rtpnl AB_ROUNDS=4" \
#     tests/vm/run.sh tests/kernel/00-autoload.sh tests/bench/ab-control.sh
#
# Per round and build: ctl_bench (AB_RULES batched adds and deletes, 50
# single ones); then once per build the kernel memory per rule of AB_RULES
# rules, and the restore of AB_RESTORE_RULES rules (0: none) with that
# build's rtpnl. Lines start with "AB ". Only the modules' own hosts: the
# rules' addresses are documentation ranges, nothing is sent.
. "$(dirname "$0")/../kernel/lib/common.sh"
TOOLS=${BUILD:-$REPO/build}/userspace/userspace/tools
NEW_KO=${BUILD:-$REPO/build}/kmod/$(uname -r)/module/rtpfwd.ko
OLD_KO=${AB_OLD_KO:?set AB_OLD_KO to the other build rtpfwd.ko}
OLD_RTPNL=${AB_OLD_RTPNL:-$RTPNL}
ROUNDS=${AB_ROUNDS:-4}
RULES=${AB_RULES:-20000}
RESTORE_RULES=${AB_RESTORE_RULES:-0}
kmem() { awk '/^(Slab|Percpu):/ { s += $2 } END { print s }' /proc/meminfo; }
# kernel memory once a deleted table's rules are freed (by a worker, after
# a grace period): two readings a second apart within 1 MiB
kmem_settled() {
	local a b
	sync; echo 3 >/proc/sys/vm/drop_caches
	b=$(kmem)
	while :; do
		a=$b
		nap 1
		b=$(kmem)
		[ $(( a - b )) -gt 1024 ] || [ $(( b - a )) -gt 1024 ] || break
	done
	echo "$b"
}

# use BUILD: the given build's module (and rtpnl) in place of the loaded one
no_table_refs() { [ "$(modrefs)" = 0 ]; }
use() {
	# a deleted table's rules are freed by a worker, after a grace period
	wait_until 300 "the deleted tables freed" no_table_refs || return 1
	rmmod rtpfwd || return 1
	if [ "$1" = old ]; then
		insmod "$OLD_KO" && NL=$OLD_RTPNL
	else
		insmod "$NEW_KO" && NL=$RTPNL
	fi
}

for r in $(seq "$ROUNDS"); do
	for v in new old; do
		use $v || { fail "load the $v module"; continue; }
		"$RTPNL" table add 45
		out=$("$TOOLS/ctl_bench" 45 --rules "$RULES" --singles 50) ||
			fail "$v: ctl_bench: some requests failed"
		sed "s/^/AB round=$r build=$v /" <<<"$out"
		"$RTPNL" table del 45
	done
done

# rules_json N FILE: N rules of table 46 as `rtpnl -j rules list` prints them
rules_json() {
	$PYTHON -c 'import sys
n, w = int(sys.argv[1]), open(sys.argv[2], "w").write
w("[\n")
for i in range(n):
    w("%s{\"table\":46,\"local\":\"10.%d.%d.1:%d\",\"outputs\":[{\"src\":\"192.0.2.1:30000\",\"dst\":\"198.51.100.1:4000\"}]}\n"
      % ("," if i else "", i // 15000000, (i // 60000) % 250, 1024 + i % 60000))
w("]\n")' "$1" "$2"
}
json=$(mktemp)
for v in new old; do
	use $v || { fail "load the $v module"; continue; }
	for n in "$RULES" "$RESTORE_RULES"; do
		[ "$n" -gt 0 ] || continue
		rules_json "$n" "$json"
		"$RTPNL" table add 46
		m0=$(kmem_settled)
		t0=$(date +%s%N)
		res=$( { /usr/bin/time -f "maxrss_kb=%M user_s=%U sys_s=%S" "$NL" rules restore <"$json"; } 2>&1) ||
			fail "$v: restore of $n rules: $res"
		t1=$(date +%s%N)
		m1=$(kmem)
		count=$("$RTPNL" rules list table 46 | grep -c local)
		expect_eq "$v: all $n rules restored" "$count" "$n"
		echo "AB restore build=$v rules=$n seconds=$(awk -v d=$(( t1 - t0 )) 'BEGIN { printf "%.2f", d / 1e9 }') kernel_bytes_per_rule=$(( (m1 - m0) * 1024 / n )) ${res##*$'\n'}"
		"$RTPNL" table del 46
	done
done
rm -f "$json"
use new
finish
