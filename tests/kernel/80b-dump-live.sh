#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Dumps on a live proxy: while another process adds and deletes rules
# without pause, in the dumped table and in another one, a dump of the table
# completes without NLM_F_DUMP_INTR (at the first try, though the churn
# deletes rules reads stop at) and lists each rule present
# throughout exactly once, and `rtpnl rules list` succeeds. The churn keeps the table
# between its resize thresholds (a resize restarts a walk: that dump would
# rightly say it was interrupted).
. "$(dirname "$0")/lib/common.sh"
NS=dl-ns
ip netns add $NS
genl_serve $NS
n() { ip netns exec $NS "$@"; }
STABLE=20000 CHURN=500
D=$(mktemp -d)

genl req TABLE_NEW table_id=42 >/dev/null
genl req TABLE_NEW table_id=43 >/dev/null
out=$(genl bulk-add 42 $STABLE 256 0 errors-only)
expect_match "$STABLE rules present throughout" "$out" "^added=$STABLE errors=OK=$STABLE "

# rules 100000.. of table 42 and 0.. of table 43 come and go, 500 at a time,
# without pause
n $GENL churn $D/stop 42 $CHURN 100000 43 $CHURN 0 >$D/churn.out 2>&1 &
cpid=$!
rounds() { grep -c "^deleted=" $D/churn.out; }
wait_until 120 "a first round of churn" test -s $D/churn.out

rounds0=$(rounds)
for i in $(seq 10); do
	# One try: a change elsewhere, even the deletion of the very rule a
	# read stopped at (rule_cursor.c finds its place again), does not
	# interrupt the dump. Before it could: about one dump in six here (two
	# CI rehearsals on 6.1, 2026-12-04; ten whole dumps in a row had a
	# chance of one in six), and a rehearsal on 6.12 (2026-12-05) saw
	# rtpnl's three tries all interrupted.
	out=$(genl rules-count 42)
	echo "MEASURE: dump $i under churn: $out"
	count=$(sed -n 's/.* count=\([0-9]*\) .*/\1/p' <<<"$out")
	expect_match "dump $i under churn: complete, not interrupted" "$out" "^errno=0 count=[0-9]* intr=0 "
	expect_eq "dump $i: between $STABLE and $((STABLE + CHURN)) rules" \
		"$(( count >= STABLE && count <= STABLE + CHURN ))" 1
done
# every rule present throughout exactly once, through rtpnl (which would
# retry an interrupted dump, and fail after three)
for i in 1 2; do
	n "$RTPNL" -j rules list table 42 >$D/list.json 2>$D/list.err
	expect_eq "rtpnl rules list $i under churn" "$?:$(cat $D/list.err)" "0:"
	expect_eq "rtpnl rules list $i: each of the $STABLE rules once" "$($PYTHON - $D/list.json $STABLE <<'EOF'
import collections, json, sys
rules = json.load(open(sys.argv[1]))
seen = collections.Counter(r["local"] for r in rules)
want = set()
for i in range(int(sys.argv[2])):
    want.add(f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}:{1024 + i % 60000}")
missing = [k for k in want if seen[k] == 0]
twice = [k for k, c in seen.items() if c > 1]
print(f"missing={len(missing)} twice={len(twice)} {missing[:3]} {twice[:3]}")
EOF
)" "missing=0 twice=0 [] []"
done
rounds1=$(rounds)
expect_eq "the churn went on during the dumps" "$(( rounds1 > rounds0 ))" 1
touch $D/stop
wait $cpid
expect_eq "churn process ended well" "$?" 0
grep -v "errors=OK=$CHURN " $D/churn.out | head -5
expect_eq "every churn request succeeded" "$(grep -vc "errors=OK=$CHURN " $D/churn.out)" 0
echo "MEASURE: $(rounds) batches of $CHURN deletes (and as many of adds) during the dumps"

genl req TABLE_DEL table_id=42 >/dev/null
genl req TABLE_DEL table_id=43 >/dev/null
expect_modrefs "dump-live: nothing left" 0
genl_stop
ip netns del $NS
rm -rf "$D"
finish
