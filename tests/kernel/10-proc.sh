#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 60
# /proc/rtpengine: add, del, list, per-table files, and every error.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd

expect_eq "add 42" "$(procw $PROC/control 'add 42\n')" OK
expect_eq "list shows 42" "$(tables)" "42"
for f in status list blist control; do
	check "42/$f exists" test -e "$PROC/42/$f"
done
expect_eq "42/control mode" "$(stat -c %a $PROC/42/control)" "660"
# Guarded by CAP_NET_ADMIN over the namespace, not by its owner (see module/control/proc.c)
expect_eq "control mode" "$(stat -c %a $PROC/control)" "222"
expect_eq "add without trailing newline" "$(procw $PROC/control 'add 7')" OK
expect_eq "list is ascending" "$(tables)" "7 42"
expect_eq "add 0 and 63 (range ends)" "$(procw $PROC/control 'add 0'; procw $PROC/control 'add 63')" $'OK\nOK'
expect_eq "tables hold module references" "$(modrefs)" "4"

expect_eq "add existing -> EEXIST" "$(procw $PROC/control 'add 42')" EEXIST
expect_eq "del missing -> ENOENT" "$(procw $PROC/control 'del 43')" ENOENT
expect_eq "add 64 -> ERANGE" "$(procw $PROC/control 'add 64')" ERANGE
expect_eq "del 64 -> ERANGE" "$(procw $PROC/control 'del 64')" ERANGE
expect_eq "add 2^32 -> ERANGE" "$(procw $PROC/control 'add 4294967296')" ERANGE
for bad in 'garbage' 'add' 'add ' 'add x' 'add 4x' 'add -1' 'add +5' 'ADD 5' 'add  5' \
	'add 5\n\n' 'add 5 ' 'del\n' 'add\t5' 'addd 5' 'adds 5' '\n' 'add 5\x00' 'add\n5'; do
	expect_eq "'$bad' -> EINVAL" "$(procw $PROC/control "$bad")" EINVAL
done
expect_eq "errors changed nothing" "$(tables)" "0 7 42 63"

status=$(cat $PROC/42/status)
# As in rtpengine, the reader's own open status file counts.
expect_eq "status with nobody attached" "$status" $'Refcount:    1\nControl PID: 0\nTargets:     0'
expect_eq "empty rule list" "$(cat $PROC/42/list | wc -c)" "0"
expect_eq "empty binary rule list" "$(dd if=$PROC/42/blist bs=15872 count=1 2>/dev/null | wc -c)" "0"

# The control file: one opener; its table cannot be deleted meanwhile.
exec 3<>"$PROC/42/control"
status=$(cat $PROC/42/status)
expect_match "status shows the control PID" "$status" "Control PID: $$"
expect_match "status counts the open control file" "$status" "Refcount:    2"
expect_eq "second opener -> EBUSY" \
	"$($PYTHON -c "import os,errno
try: os.open('$PROC/42/control', os.O_RDWR); print('OK')
except OSError as e: print(errno.errorcode[e.errno])")" EBUSY
expect_eq "del while control is open -> EBUSY" "$(procw $PROC/control 'del 42')" EBUSY
expect_eq "control rejects undefined messages" "$(fdw 3 'xyz')" EINVAL
exec 3>&-
expect_eq "control released on close" "$(grep 'Control PID' $PROC/42/status)" "Control PID: 0"

# A reader holding a per-table file open does not block deletion; the open
# file is cut off, and the table is freed when it is closed.
exec 4<"$PROC/7/status"
expect_eq "del while status is open" "$(procw $PROC/control 'del 7')" OK
exec 4<&-
expect_eq "re-add after delete" "$(procw $PROC/control 'add 7')" OK

for t in 0 7 42 63; do
	expect_eq "del $t" "$(procw $PROC/control "del $t")" OK
done
expect_eq "all deleted" "$(tables)" ""
check "42/ gone" test ! -e $PROC/42
expect_eq "module references dropped" "$(modrefs)" "0"
finish
