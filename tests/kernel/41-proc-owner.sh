#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# rtpengine's module parameters proc_uid, proc_gid and proc_mask. Debian's
# rtpengine-daemon writes "options xt_RTPENGINE proc_mask=0x7 proc_uid=UID
# proc_gid=GID" to /etc/modprobe.d so that its unit's user (CAP_NET_ADMIN,
# not root) may open N/control. xt_RTPENGINE hands them to rtpfwd, which takes
# them itself too; tables made from then on in the namespaces of the initial
# user namespace get them, a container's namespace keeps its own root, and
# values that mean nothing refuse the load and change nothing.
. "$(dirname "$0")/lib/common.sh"

unload() {
	local m
	for m in xt_RTPENGINE nft_rtpengine rtpfwd; do
		[ ! -e "/sys/module/$m" ] || rmmod "$m" || fail "rmmod $m"
	done
}
param() { echo $(($(cat "/sys/module/$1/parameters/$2"))); }
owner() { stat -c '%u:%g:%a' "$@" | tr '\n' ' ' | sed 's/ $//'; }
# opens UID GID FILE: FILE opened read-write as Debian's unit runs the daemon
# (a user other than root, CAP_NET_ADMIN only): OK or the errno name
opens() {
	setpriv --reuid="$1" --regid="$2" --clear-groups --inh-caps=+net_admin \
		--ambient-caps=+net_admin "$PYTHON" -c 'import errno, os, sys
try:
    os.close(os.open(sys.argv[1], os.O_RDWR))
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])' "$3"
}

unload
check "xt_RTPENGINE loads with Debian's options" \
	modprobe xt_RTPENGINE proc_uid=4242 proc_gid=4343 proc_mask=0x7
expect_eq "rtpfwd took them from xt_RTPENGINE" \
	"$(param rtpfwd proc_uid) $(param rtpfwd proc_gid) $(param rtpfwd proc_mask)" "4242 4343 7"
expect_eq "the daemon's add 42" "$(procw $PROC/control 'add 42')" OK
"$RTPNL" table add 43
expect_eq "table 42 (proc) and its files: owner, group, directory 0555 & ~0x7" \
	"$(owner $PROC/42 $PROC/42/control $PROC/42/list $PROC/42/blist $PROC/42/status)" \
	"4242:4343:550 4242:4343:660 4242:4343:444 4242:4343:444 4242:4343:444"
expect_eq "table 43 (genl): the same" "$(owner $PROC/43 $PROC/43/control)" \
	"4242:4343:550 4242:4343:660"
expect_eq "the owner with CAP_NET_ADMIN opens N/control" "$(opens 4242 4343 $PROC/42/control)" OK
expect_eq "a group member with CAP_NET_ADMIN opens it" "$(opens 4244 4343 $PROC/42/control)" OK
expect_eq "anyone else with CAP_NET_ADMIN does not" "$(opens 4244 4444 $PROC/42/control)" EACCES
expect_eq "the owner without CAP_NET_ADMIN does not" \
	"$(setpriv --reuid=4242 --regid=4343 --clear-groups $PYTHON -c 'import os
try:
    os.open("/proc/rtpengine/42/control", os.O_RDWR); print("OK")
except PermissionError as e:
    print(e.errno)')" 1

# A container's namespace: ids of the initial user namespace mean nothing
# there; its tables stay its root's, unmasked.
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn bash -c \
	". $REPO/tests/kernel/lib/common.sh; procw /proc/rtpengine/control 'add 7' >/dev/null
stat -c '%u:%g:%a' /proc/rtpengine/7 /proc/rtpengine/7/control | tr '\n' ' '")
expect_eq "a container's table: its root's, 0555" "$out" "0:0:555 0:0:660 "

"$RTPNL" table del 42
"$RTPNL" table del 43
expect_modrefs "tables gone" 0

# Values that mean nothing: the load fails, naming the parameter, and
# nothing changed.
unload
out=$(modprobe xt_RTPENGINE proc_uid=4294967295 2>&1); rc=$?
check "xt_RTPENGINE proc_uid=4294967295 (no user) is refused" test "$rc" -ne 0
check "... xt_RTPENGINE is not loaded" test ! -e /sys/module/xt_RTPENGINE
expect_match "... the kernel log names it" "$(dmesg | tail -n 5)" "proc_uid=4294967295 is not a user id"
expect_eq "... rtpfwd's owner unchanged" "$(param rtpfwd proc_uid)" 0
check "xt_RTPENGINE proc_mask=0x1000 is refused" bash -c '! modprobe xt_RTPENGINE proc_mask=0x1000'
expect_match "... the kernel log names it" "$(dmesg | tail -n 5)" "proc_mask=0x1000 has bits beyond 0777"
expect_eq "... rtpfwd's mask unchanged" "$(param rtpfwd proc_mask)" 0
unload
check "rtpfwd proc_gid=4294967295 (no group) is refused" bash -c '! modprobe rtpfwd proc_gid=4294967295'
check "... rtpfwd is not loaded" test ! -e /sys/module/rtpfwd

# rtpfwd's own parameters; xt_RTPENGINE without any keeps them.
check "rtpfwd loads with proc_uid and proc_gid" modprobe rtpfwd proc_uid=4242 proc_gid=4343
check "xt_RTPENGINE without options" modprobe xt_RTPENGINE
expect_eq "add 44" "$(procw $PROC/control 'add 44')" OK
expect_eq "table 44: rtpfwd's owner, no mask" "$(owner $PROC/44 $PROC/44/control)" \
	"4242:4343:555 4242:4343:660"
expect_eq "its owner opens N/control" "$(opens 4242 4343 $PROC/44/control)" OK
expect_eq "del 44" "$(procw $PROC/control 'del 44')" OK

# Back to the defaults for the tests after this one.
unload
check "rtpfwd loads without options" modprobe rtpfwd
expect_eq "add 45" "$(procw $PROC/control 'add 45')" OK
expect_eq "table 45: root's" "$(owner $PROC/45/control)" "0:0:660"
expect_eq "del 45" "$(procw $PROC/control 'del 45')" OK
finish
