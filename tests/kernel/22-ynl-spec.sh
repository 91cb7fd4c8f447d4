#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# The spec proves itself against the running module: the kernel's own YNL
# library (tools/net/ynl of linux-source-6.12, extracted by `make spec-ynl`)
# drives the family from include/uapi/linux/rtpfwd.yaml alone (no number of
# ours), through tables, a rule with two outputs, RTP flags, payload types
# and SSRCs, dumps, stats reset, deletes and refused requests whose extack
# must decode through the spec's names; the notify group's events decode
# through its *-ntf operations. genl.py (numbers from rtpfwd.h) reads the
# same rule, as a second opinion.
. "$(dirname "$0")/lib/common.sh"

YNL=${BUILD:-$REPO/build}/spec/linux/tools/net/ynl
# RTPFWD_SPEC (in VM_ENV): another spec, e.g. a broken copy to see this fail
SPEC=${RTPFWD_SPEC:-$REPO/include/uapi/linux/rtpfwd.yaml}
if ! [ -f "$YNL/lib/ynl.py" ]; then
	fail "no YNL library in $YNL (make spec-ynl extracts it)"
	finish
fi
# ynl resolves the family from a dump of the controller's families, which
# loads no module (a GETFAMILY by name would): load it first.
check "modprobe rtpfwd" modprobe rtpfwd
out=$($PYTHON "$REPO/tests/kernel/lib/ynl_spec.py" "$YNL" "$SPEC" \
	"$REPO/tests/kernel/lib/genl.py" 2>&1)
rc=$?
expect_eq "ynl_spec.py ran its scenario" "$rc" 0
[ "$rc" = 0 ] || echo "$out"
# got STEP: the result of one step
got() { awk -F '\t' -v s="$1" '$1 == s { print $2 }' <<<"$out"; }

T0='table-rules=0 table-control-pid=0 table-refcnt=0'
T1='table-rules=1 table-control-pid=0 table-refcnt=0'
OUTS='out 127.0.0.1:30002,127.0.0.1:6000,46 out [::1]:30004,[::1]:6004,0'
RTP='essrc 5eed5eed essrc 1234 pt 0:8000 pt 8:0 ptstats 0:0:0 ptstats 8:0:0 stats 0 0 0'
RULE="table 42 local 127.0.0.1:30000 expect 127.0.0.1:5000 mismatch drop $OUTS flags rtp,ssrc,stun $RTP"
RULE6='table 43 local [::1]:30010 mismatch ignore out [::1]:30012,[::1]:6010,0 stats 0 0 0'

expect_eq "table-new" "$(got 'table-new 42') $(got 'table-new 43')" "ok ok"
expect_eq "table-new of an existing table: EEXIST" "$(got 'table-new 42 again')" \
	"errno=EEXIST msg=rtpfwd: table exists"
expect_eq "table-get" "$(got 'table-get 42')" "table-id=42 $T0"
expect_eq "rule-new, two outputs, RTP flags, payload types, SSRCs" "$(got rule-new)" ok
expect_eq "rule-new IPv6 in another table" "$(got 'rule-new 43')" ok
expect_eq "rule-new NLM_F_EXCL of an existing rule: EEXIST" "$(got 'rule-new excl')" \
	"errno=EEXIST msg=rtpfwd: a rule for this local endpoint exists"
expect_eq "table-get dump" "$(got table-dump)" "table-id=42 $T1 | table-id=43 $T1"
expect_eq "rule-get: what was configured" "$(got rule-get)" "$RULE"
# genl.py's numbers: mismatch drop = 1, flags rtp|stun|ssrc = 1 + 2 + 8
expect_eq "genl.py reads the same rule" "$(got 'genl.py rule-get')" \
	"errno=0 msg= | table 42 local 127.0.0.1:30000 expect 127.0.0.1:5000 mismatch 1 $OUTS flags 11 $RTP"
expect_eq "rule-get dump of one table" "$(got 'rule-dump 42')" "$RULE"
expect_eq "rule-get dump of every table" "$(got rule-dump)" "$RULE | $RULE6"
expect_eq "stats-reset of a rule, of a table" "$(got 'stats-reset rule') $(got 'stats-reset table')" "ok ok"
expect_eq "stats-reset of a missing table: ENOENT" "$(got 'stats-reset missing table')" \
	"errno=ENOENT msg=rtpfwd: no such table"
expect_eq "a reply-only attribute in a request: rejected, extack names it" \
	"$(got 'invalid: statistics in a request')" \
	"errno=EINVAL msg=statistics are read-only bad-attr=.rule.payload-type.packets"
expect_eq "table-id over its max: rejected by the policy" "$(got 'invalid: table-id over its max')" \
	"errno=ERANGE msg=integer out of range bad-attr=.table-id"
expect_eq "mismatch over its max: rejected by the policy" "$(got 'invalid: mismatch over its max')" \
	"errno=ERANGE msg=integer out of range bad-attr=.rule.mismatch"
expect_eq "a rule without output: the missing attribute named" "$(got 'invalid: no output')" \
	"errno=EINVAL msg=rtpfwd: a rule needs at least one output miss-type=rule.output"
expect_eq "rule-del with an attribute besides the key: refused, extack names it" \
	"$(got 'invalid: rule-del with more than the key')" \
	"errno=EINVAL msg=only the local endpoint names a rule here bad-attr=.rule.mismatch"
expect_eq "rule-del (the refused one above deleted nothing)" "$(got rule-del)" ok
expect_eq "rule-get of the deleted rule: ENOENT" "$(got 'rule-get deleted')" \
	"errno=ENOENT msg=rtpfwd: no rule for this local endpoint"
expect_eq "table-del" "$(got 'table-del 42') $(got 'table-del 43')" "ok ok"
expect_eq "table-get dump after the deletes" "$(got 'table-dump empty')" "0 tables"
expect_eq "notify group: the events of the successful changes, in order" "$(got events)" \
	"table-new-ntf 42 | table-new-ntf 43 | rule-new-ntf 42 127.0.0.1:30000 | rule-new-ntf 43 [::1]:30010 | rule-del-ntf 42 127.0.0.1:30000 | table-del-ntf 42 | table-del-ntf 43"
expect_eq "no table left" "$(tables)" ""
for table in $(tables); do "$RTPNL" table del "$table"; done	# after a failure
expect_modrefs "no module reference left" 0
finish
