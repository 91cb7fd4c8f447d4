#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 60
# Who may do what: an unprivileged user is denied changes in the initial
# namespace; a user namespace with its own network namespace manages its own
# tables, and only those.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }

"$RTPNL" table add 42
out=$(nobody "$RTPNL" table add 5 2>&1); rc=$?
expect_match "unprivileged genl add -> EPERM" "$out" "^Error: operation not permitted \(CAP_NET_ADMIN"
check "unprivileged add exits non-zero" test "$rc" -ne 0
out=$(nobody "$RTPNL" table del 42 2>&1)
expect_match "unprivileged genl del -> EPERM" "$out" "^Error: operation not permitted"
expect_eq "unprivileged raw TABLE_NEW -> EPERM" "$(nobody $GENL req TABLE_NEW table_id=5)" "errno=EPERM msg="
expect_eq "unprivileged /proc add -> EPERM" "$(nobody bash -c ". $REPO/tests/kernel/lib/common.sh; procw $PROC/control 'add 5'")" EPERM
expect_eq "unprivileged control open denied" "$(nobody bash -c ". $REPO/tests/kernel/lib/common.sh; procw $PROC/42/control 'x'")" EACCES
expect_eq "unprivileged may list" "$(nobody "$RTPNL" -j table list)" \
	'[{"table":42,"rules":0,"refcnt":0,"control_pid":0}]'
expect_eq "unprivileged may read /proc list" "$(nobody cat $PROC/list)" "42"
expect_eq "nothing changed" "$(tables)" "42"

# A user namespace without a network namespace of its own: still the initial
# network namespace, whose owner it is not.
out=$(nobody unshare -Ur "$RTPNL" table add 6 2>&1)
expect_match "userns alone cannot touch the initial netns" "$out" "^Error: operation not permitted"
out=$(nobody unshare -Ur bash -c ". $REPO/tests/kernel/lib/common.sh; procw $PROC/control 'add 6'")
expect_eq "userns alone: /proc add denied" "$out" EPERM

# A user namespace with its own network namespace: its root is in charge.
script='set -e
rtpnl() { "$RTPNL" "$@"; }
. '"$REPO"'/tests/kernel/lib/common.sh
rtpnl table add 7
echo "proc:$(procw /proc/rtpengine/control "add 8")"
echo "list:$(tr "\n" " " </proc/rtpengine/list)"
echo "genl:$(rtpnl -j table list)"
echo "owner:$(stat -c %u:%a /proc/rtpengine/7/control)"
exec 3<>/proc/rtpengine/7/control
echo "busy:$(procw /proc/rtpengine/control "del 7")"
exec 3>&-
echo "del-foreign:$(rtpnl table del 42 2>&1)"
rtpnl table del 7
echo "after:$(tr "\n" " " </proc/rtpengine/list)"'
out=$(nobody env RTPNL="$RTPNL" unshare -Urn bash -c "$script" 2>&1)
expect_match "userns+netns: genl add allowed" "$out" "list:7 8 "
expect_match "userns+netns: /proc add allowed" "$out" "proc:OK"
expect_match "userns+netns: genl list of its own tables" "$out" \
	'genl:\[\{"table":7,"rules":0,"refcnt":0,"control_pid":0\},\{"table":8,'
expect_match "userns+netns: table entries owned by its root" "$out" "owner:0:660"
expect_match "userns+netns: control file works" "$out" "busy:EBUSY"
expect_match "userns+netns: cannot see the initial 42" "$out" "del-foreign:Error: .*(no such table|does not exist)"
expect_match "userns+netns: del allowed" "$out" "after:8 "
expect_eq "initial namespace untouched" "$(tables)" "42"
"$RTPNL" table del 42
expect_modrefs "the user namespace's table went with it" 0
finish
