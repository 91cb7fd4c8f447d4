#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# Rules per namespace across its tables: module parameter max_netns_rules.
# Filled up over two tables, one more rule fails with ENOSPC and a clear
# message (genl) or ENOSPC (the rtpengine 10.5 /proc path); another
# namespace is not affected; deleting one rule or a whole table gives the
# room back. One Python process does the requests (a process per request
# costs seconds under emulation).
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd
PARAM=/sys/module/rtpfwd/parameters/max_netns_rules
NS=rl-ns
OTHER=rl-other
ip netns add $NS
ip netns add $OTHER

expect_eq "parameter max_netns_rules exists, default 2000000" "$(cat $PARAM 2>&1)" 2000000
old=$(cat $PARAM 2>/dev/null || echo 2000000)
echo 10 >$PARAM

out=$(ip netns exec $NS $PYTHON - "$OTHER" "$PARAM" <<'PY'
import ctypes, errno, os, struct, sys
sys.path.insert(0, os.environ["REPO"] + "/tests/kernel/lib")
import genl as G
import rtpe10 as R

def req(g, cmd, payload, flags=0):
    err, msg, _, _ = g.transact(g.family, flags, G.CMDS[cmd], payload)
    return f"errno={errno.errorcode.get(err, err) if err else 0} msg={msg}"

def table(g, cmd, tid):
    return req(g, cmd, G.nla(1, struct.pack("=I", tid)))

def rule(tid, i, key_only=False):
    local = G.ep(f"127.0.0.1:{30000 + i}")
    out = G.nest(G.OUT_SRC, local) + G.nest(G.OUT_DST, G.ep("127.0.0.1:6000"))
    return G.nla(1, struct.pack("=I", tid)) + G.nest(
        G.A_RULE, G.nest(G.RULE_LOCAL, local) + (b"" if key_only else G.nest(G.RULE_OUTPUT, out)))

def add(g, tid, *numbers):
    return " ".join(req(g, "RULE_NEW", rule(tid, i), G.NLM_F_CREATE | G.NLM_F_EXCL)
                    for i in numbers)

g = G.Genl()
print("tables", table(g, "TABLE_NEW", 1), table(g, "TABLE_NEW", 2))
print("fill", add(g, 1, *range(6)), add(g, 2, *range(6, 10)))
print("over2", add(g, 2, 10))
print("over1", add(g, 1, 10))
fd = os.open("/proc/rtpengine/2/control", os.O_RDWR)
# a staged target holds its port with a placeholder rule: the limit bites
# at ADD_TARGET, as the target would take a rule in rtpengine's module
stage = "target"
try:
    os.write(fd, R.msg(R.ADD_TARGET, R.target("127.0.0.1:31000", 1)))
    stage = "destination"
    os.write(fd, R.msg(R.ADD_DESTINATION, R.destination(
        "127.0.0.1:31000", 0, R.output("127.0.0.1:31000", "127.0.0.1:6000"))))
    print("proc OK")
except OSError as e:
    print("proc", stage, errno.errorcode[e.errno])
os.close(fd)
home = os.open("/proc/self/ns/net", os.O_RDONLY)
other = os.open(f"/run/netns/{sys.argv[1]}", os.O_RDONLY)
libc = ctypes.CDLL(None, use_errno=True)
libc.setns(other, 0x40000000)
o = G.Genl()
print("other", table(o, "TABLE_NEW", 1), add(o, 1, 0))
libc.setns(home, 0x40000000)
print("del1", req(g, "RULE_DEL", rule(1, 0, True)))
print("room1", add(g, 2, 10))
print("only1", add(g, 2, 11))
print("deltable", table(g, "TABLE_DEL", 1))
print("room5", add(g, 2, *range(11, 16)))
print("only5", add(g, 2, 16))
with open(sys.argv[2], "w") as f:
    f.write("0")
print("unlimited", add(g, 2, *range(16, 19)))
PY
)
echo "$out" | sed 's/^/    /'
line() { echo "$out" | sed -n "s/^$1 //p"; }
ok() { local i r=; for ((i = 0; i < $1; i++)); do r+="errno=0 msg= "; done; echo "${r% }"; }
expect_eq "two tables" "$(line tables)" "$(ok 2)"
expect_eq "10 rules over two tables" "$(line fill)" "$(ok 10)"
expect_eq "one more: ENOSPC with a reason" "$(line over2)" \
	"errno=ENOSPC msg=rtpfwd: rule limit of this namespace reached (module parameter max_netns_rules)"
expect_eq "... in the other table as well" "$(line over1 | cut -d' ' -f1)" "errno=ENOSPC"
expect_eq "10.5 /proc target over the limit -> ENOSPC at ADD_TARGET" "$(line proc)" "target ENOSPC"
expect_eq "another namespace has its own count" "$(line other)" "$(ok 2)"
expect_eq "delete one rule" "$(line del1)" "$(ok 1)"
expect_eq "... makes room for one" "$(line room1)" "$(ok 1)"
expect_eq "... and one only" "$(line only1 | cut -d' ' -f1)" "errno=ENOSPC"
expect_eq "delete table 1 (5 rules)" "$(line deltable)" "$(ok 1)"
expect_eq "... gives its 5 rules back" "$(line room5)" "$(ok 5)"
expect_eq "... and no more" "$(line only5 | cut -d' ' -f1)" "errno=ENOSPC"
expect_eq "max_netns_rules=0: unlimited" "$(line unlimited)" "$(ok 3)"
echo "$old" >$PARAM
ip netns del $NS
ip netns del $OTHER
expect_modrefs "nothing left" 0 100
finish
