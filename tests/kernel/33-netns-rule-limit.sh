#!/bin/bash
# Rules per namespace across its tables: module parameter max_netns_rules.
# Filled up over two tables, one more rule fails with ENOSPC and a clear
# message (genl) or ENOSPC (the rtpengine 10.5 /proc path); another
# namespace is not affected; deleting one rule or a whole table gives the
# room back.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd
PARAM=/sys/module/rtpfwd/parameters/max_netns_rules
LIMIT=10
NS=rl-ns
OTHER=rl-other
ip netns add $NS
ip netns add $OTHER
n() { ip netns exec $NS "$@"; }

expect_eq "parameter max_netns_rules exists, default 2000000" "$(cat $PARAM 2>&1)" 2000000
old=$(cat $PARAM 2>/dev/null || echo 2000000)
echo $LIMIT >$PARAM

# add TABLE I [NS]: rule number I (local 127.0.0.1:30000+I), "errno=... msg=..."
add() {
	ip netns exec "${3:-$NS}" $GENL rule RULE_NEW "$1" flags=create,excl \
		local=127.0.0.1:$((30000 + $2)) out=127.0.0.1:$((30000 + $2)),127.0.0.1:6000 | head -1
}
del() {
	n $GENL rule RULE_DEL "$1" local=127.0.0.1:$((30000 + $2)) | head -1
}
n $GENL req TABLE_NEW table_id=1 >/dev/null
n $GENL req TABLE_NEW table_id=2 >/dev/null
res=
for i in 0 1 2 3 4 5; do res+="$(add 1 $i) "; done
for i in 6 7 8 9; do res+="$(add 2 $i) "; done
expect_eq "$LIMIT rules over two tables" "$res" "$(for _ in $(seq $LIMIT); do printf 'errno=0 msg= '; done)"
expect_eq "one more: ENOSPC with a reason" "$(add 2 10)" \
	"errno=ENOSPC msg=rtpfwd: rule limit of this namespace reached (module parameter max_netns_rules)"
expect_eq "... in the other table as well" "$(add 1 10 | cut -d' ' -f1)" "errno=ENOSPC"

# the rtpengine 10.5 /proc control path of table 2: ENOSPC when complete
out=$(n $PYTHON - <<'PY'
import errno, os, sys
sys.path.insert(0, os.environ["REPO"] + "/tests/kernel/lib")
import rtpe10 as R
fd = os.open("/proc/rtpengine/2/control", os.O_RDWR)
os.write(fd, R.msg(R.ADD_TARGET, R.target("127.0.0.1:31000", 1)))
try:
    os.write(fd, R.msg(R.ADD_DESTINATION, R.destination(
        "127.0.0.1:31000", 0, R.output("127.0.0.1:31000", "127.0.0.1:6000"))))
    print("OK")
except OSError as e:
    print(errno.errorcode[e.errno])
PY
)
expect_eq "10.5 /proc target over the limit -> ENOSPC" "$out" ENOSPC
expect_eq "another namespace has its own count" "$(ip netns exec $OTHER $GENL req TABLE_NEW table_id=1 | head -1; add 1 0 $OTHER)" \
	"errno=0 msg=
errno=0 msg="

expect_eq "delete one rule" "$(del 1 0)" "errno=0 msg="
expect_eq "... makes room for one" "$(add 2 10)" "errno=0 msg="
expect_eq "... and one only" "$(add 2 11 | cut -d' ' -f1)" "errno=ENOSPC"
expect_eq "delete table 1 (5 rules)" "$(n $GENL req TABLE_DEL table_id=1 | head -1)" "errno=0 msg="
res=
for i in 11 12 13 14 15; do res+="$(add 2 $i) "; done
expect_eq "... gives its 5 rules back" "$res" "$(for _ in $(seq 5); do printf 'errno=0 msg= '; done)"
expect_eq "... and no more" "$(add 2 16 | cut -d' ' -f1)" "errno=ENOSPC"

echo 0 >$PARAM
res=
for i in 16 17 18; do res+="$(add 2 $i) "; done
expect_eq "max_netns_rules=0: unlimited" "$res" "errno=0 msg= errno=0 msg= errno=0 msg= "
echo "$old" >$PARAM
ip netns del $NS
ip netns del $OTHER
expect_modrefs "nothing left" 0 100
finish
