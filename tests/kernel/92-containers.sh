#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 420
# Containers as pods run them: two rootless containers of Debian's crun (an
# unprivileged host user, its own user, network, mount, pid namespaces,
# CAP_NET_ADMIN and nothing else of the host's), each with Debian's
# rtpengine-daemon 10.5 driving its own table 42 through /proc/rtpengine and
# rtpnl feeding it through nftables, both inside the container. Neither sees
# nor changes the other's table; the host sees both (rtpnl -n); calls are
# forwarded by the kernel while each daemon is stopped; a forwarding loop
# made inside a container ends (TTL); deleting a container frees its tables.
. "$(dirname "$0")/lib/common.sh"

CRUN=${CRUN:-/usr/bin/crun}
RTPENGINE=${RTPENGINE:-/usr/bin/rtpengine}
RTPCALLS="$PYTHON $REPO/tests/kernel/lib/rtpcalls.py"
WORK=$(mktemp -d /tmp/ctr.XXXXXX)
chmod 755 "$WORK"
if ! [ -x "$CRUN" ] || ! [ -x "$RTPENGINE" ]; then
	fail "crun and rtpengine-daemon not installed (make deps)"
	finish
fi
modprobe rtpfwd
modprobe nft_rtpengine

# Container NAME runs as host uid UID; its bundle and crun's state live in
# $WORK/NAME, owned by that user.
declare -A CUID=([a]=1001 [b]=1002)
as_user() { setpriv --reuid="${CUID[$1]}" --regid="${CUID[$1]}" --clear-groups "${@:2}"; }
crun_as() {
	local name=$1
	shift
	as_user "$name" env XDG_RUNTIME_DIR="$WORK/$name/run" HOME="$WORK/$name" \
		"$CRUN" --root "$WORK/$name/state" --cgroup-manager=disabled "$@"
}
# ctr NAME CMD...: run CMD inside container NAME, as its root
ctr() {
	local name=$1
	shift
	crun_as "$name" exec --env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$name" "$@"
}
ctr_pid() { crun_as "$1" state "$1" 2>/dev/null | $PYTHON -c 'import json, sys; print(json.load(sys.stdin)["pid"])'; }
# in_netns NAME CMD...: CMD as the host's root in container NAME's network namespace
in_netns() {
	local name=$1
	shift
	nsenter --net="/proc/${CPID[$name]}/ns/net" "$@"
}

# The bundle: crun's rootless template with the host's file system (read
# only, $WORK/rootfs: crun cannot move a mount onto / itself) as the container's, CAP_NET_ADMIN added, no cgroup (nothing
# delegated here), a process that only keeps the namespaces alive.
ctr_start() {
	local name=$1 dir=$WORK/$1
	mkdir -p "$dir/run" "$dir/state"
	chown -R "${CUID[$name]}:${CUID[$name]}" "$dir"
	(cd "$dir" && as_user "$name" "$CRUN" spec --rootless) || return 1
	$PYTHON - "$dir/config.json" "$WORK/rootfs" "$dir" <<-'EOF' || return 1
	import json, sys
	path = sys.argv[1]
	c = json.load(open(path))
	c["root"] = {"path": sys.argv[2], "readonly": True}
	c["process"]["args"] = ["sleep", "infinity"]
	c["process"]["terminal"] = False
	for kind in c["process"]["capabilities"]:
	    if kind != "inheritable":
	        c["process"]["capabilities"][kind].append("CAP_NET_ADMIN")
	c["mounts"] = [m for m in c["mounts"] if m["type"] != "cgroup"]
	# the container's own writable directory (the read-only root is so
	# recursively), at the same path as outside
	c["mounts"].append({"destination": sys.argv[3], "type": "bind", "source": sys.argv[3],
	                    "options": ["rbind", "rw"]})
	c["linux"].pop("resources", None)
	c["hostname"] = "ctr"
	json.dump(c, open(path, "w"), indent=1)
	EOF
	# --no-pivot: the guest's root sits on the initramfs, where pivot_root
	# fails (EINVAL); MS_MOVE + chroot then, as on any initramfs system
	crun_as "$name" run --no-pivot --detach --bundle "$dir" "$name" </dev/null >"$dir/crun.log" 2>&1 || {
		echo "# crun run $name: $(tail -n 3 "$dir/crun.log")"
		return 1
	}
}
ctr_delete() {
	crun_as "$1" kill "$1" KILL 2>/dev/null
	crun_as "$1" delete --force "$1" 2>/dev/null
}

DAEMON_PID=()
cleanup() {
	local p
	for p in "${DAEMON_PID[@]}"; do kill -CONT "$p" 2>/dev/null; done
	for n in a b; do ctr_delete "$n"; done
	umount -R "$WORK/rootfs" 2>/dev/null
	# never remove through a bind of the whole file system
	if mountpoint -q "$WORK/rootfs"; then
		echo "# $WORK/rootfs still mounted: left in place"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

mkdir "$WORK/rootfs"
mount --rbind / "$WORK/rootfs"
declare -A CPID
for n in a b; do
	if ctr_start "$n" && CPID[$n]=$(ctr_pid "$n") && [ -n "${CPID[$n]}" ]; then
		pass "container $n: rootless crun as uid ${CUID[$n]}, pid ${CPID[$n]}"
	else
		fail "container $n did not start"
		finish
	fi
done
expect_eq "container a: root inside is uid ${CUID[a]} outside" \
	"$(awk '{ print $1, $2 }' "/proc/${CPID[a]}/uid_map")" "0 ${CUID[a]}"
check "containers have network namespaces of their own" \
	test "$(readlink /proc/${CPID[a]}/ns/net)" != "$(readlink /proc/${CPID[b]}/ns/net)" -a \
	"$(readlink /proc/${CPID[a]}/ns/net)" != "$(readlink /proc/self/ns/net)"
expect_eq "container a: only CAP_NET_ADMIN beyond the default three" \
	"$(ctr a awk '/^CapEff/ { print $2 }' /proc/self/status)" 0000000020001420

# --- rtpnl in each container: table 42, the nftables rule ---------------------
for n in a b; do
	ip=127.0.0.1
	out=$(ctr "$n" bash -c "ip link set lo up && \"$RTPNL\" table add 42 && \"$RTPNL\" -j table list" 2>&1)
	expect_eq "container $n: rtpnl table add 42 and list inside" "$out" \
		'[{"table":42,"rules":0,"refcnt":0,"control_pid":0}]'
	out=$(ctr "$n" bash -c "nft add table inet pod && nft add chain inet pod input '{ type filter hook input priority 0; }' &&
		\"$RTPNL\" nft add rule inet pod input udp dport 30000-40000 rtpengine id 42 && \"$RTPNL\" nft list" 2>&1)
	expect_match "container $n: rtpnl nft rule inside" "$out" "rtpengine id 42"
done
expect_eq "host's own namespace: no table" "$(cat "$PROC/list")" ""
for n in a b; do
	expect_eq "host sees container $n's table (rtpnl -n /proc/PID/ns/net)" \
		"$("$RTPNL" -n "/proc/${CPID[$n]}/ns/net" -j table list)" \
		'[{"table":42,"rules":0,"refcnt":0,"control_pid":0}]'
done

# --- Debian's daemon 10.5 in each container, on its own table 42 --------------
# (it deletes and re-creates its table at start)
targets() { in_netns "$1" awk '/^Targets:/ { print $2 }' "$PROC/42/status" 2>/dev/null; }
list_packets() { in_netns "$1" awk '$1 == "stats:" { n += $4 } END { print n + 0 }' "$PROC/42/list"; }
ng_ping() { [ "$(in_netns "$1" $PYTHON "$REPO/tests/kernel/lib/ng.py" 127.0.0.1:22222 ping 2>/dev/null)" = pong ]; }
ng_ping_or_gone() { ! kill -0 "$EXEC_PID" 2>/dev/null || ng_ping "$1"; }
targets_are() { [ "$(targets "$1")" = "$2" ]; }
declare -A CALLS=([a]=3 [b]=2) CALLS_PID
for n in a b; do
	ctr "$n" "$RTPENGINE" --table=42 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222 \
		--pidfile="$WORK/$n/rtpengine.pid" --no-fallback --foreground \
		--log-level=6 --log-stderr --delete-delay=1 --dtls-cert-cipher=prime256v1 \
		>"$WORK/$n/daemon.log" 2>&1 &
	EXEC_PID=$!
	if wait_until 240 "container $n's daemon to answer an NG ping" ng_ping_or_gone "$n" &&
		kill -0 "$EXEC_PID" 2>/dev/null; then
		pass "container $n: rtpengine --no-fallback --table=42 started"
	else
		fail "container $n: daemon did not start: $(tail -n 5 "$WORK/$n/daemon.log")"
		ps -eo pid,stat,wchan:24,etime,time,args | grep -E '[r]tpengine|[c]run' | sed 's/^/# /'
		finish
	fi
	DAEMON_PID+=("$(pgrep -f -- "--pidfile=$WORK/$n/rtpengine.pid" | head -n 1)")
	in_netns "$n" $RTPCALLS --calls "${CALLS[$n]}" --rate 5 --duration 120 --until "$WORK/$n/stop" \
		--ready "$WORK/$n/ready" --progress "$WORK/$n/progress" >"$WORK/$n/calls.json" 2>"$WORK/$n/calls.err" &
	CALLS_PID[$n]=$!
done
for n in a b; do
	if wait_until 180 "container $n: $((2 * CALLS[$n])) targets" targets_are "$n" $((2 * CALLS[$n])); then
		pass "container $n: the daemon kernelized $((2 * CALLS[$n])) streams in its table 42"
	else
		fail "container $n: $(targets "$n") targets, not $((2 * CALLS[$n])): $(cat "$WORK/$n/calls.err")"
	fi
done
expect_eq "container a sees its own table only" "$(ctr a cat "$PROC/list")" 42
expect_eq "container a's rtpnl sees its daemon's rules, not b's" \
	"$(ctr a "$RTPNL" -j rules list table 42 | $PYTHON -c 'import json, sys; print(len(json.load(sys.stdin)))')" \
	$((2 * CALLS[a]))
out=$(ctr a bash -c "echo 'del 42' >$PROC/control" 2>&1)
expect_match "container a cannot delete its table while its daemon holds it" "$out" "busy"
expect_eq "container b's table untouched by a" "$(targets b)" $((2 * CALLS[b]))

# The kernel forwards: with each daemon stopped, the parties keep receiving.
received() { awk '{ print $2 }' "$WORK/$1/progress"; }
both_grew() { [ "$(received "$1")" -ge $(($2 + 2 * CALLS[$1])) ] && [ "$(list_packets "$1")" -ge $(($3 + 2 * CALLS[$1])) ]; }
for i in 0 1; do
	n=$([ "$i" = 0 ] && echo a || echo b)
	r1=$(received "$n") p1=$(list_packets "$n")
	kill -STOP "${DAEMON_PID[$i]}"
	if wait_until 60 "container $n: receipts and counters to grow" both_grew "$n" "$r1" "$p1"; then
		pass "container $n: daemon stopped, the kernel forwards its calls"
	else
		fail "container $n: daemon stopped: received +$(($(received "$n") - r1)), counters +$(($(list_packets "$n") - p1))"
	fi
	kill -CONT "${DAEMON_PID[$i]}"
done
for n in a b; do
	touch "$WORK/$n/stop"
	wait "${CALLS_PID[$n]}"
	expect_match "container $n: zero packets lost" "$(cat "$WORK/$n/calls.json")" '"lost": 0,'
done

# --- a loop made inside a container ends ---------------------------------------
out=$(ctr b bash -c "\"$RTPNL\" table add 43 &&
	\"$RTPNL\" rule add table 43 local 127.0.0.1:5000 output src 127.0.0.1:5000 dst 127.0.0.1:5000 &&
	nft add chain inet pod loop '{ type filter hook input priority 1; }' &&
	\"$RTPNL\" nft add rule inet pod loop udp dport 5000 rtpengine id 43 &&
	$PYTHON $REPO/tests/kernel/lib/udp.py send 127.0.0.1:5001 127.0.0.1:5000 1" 2>&1)
expect_eq "container b: loop rule and one packet" "$out" ""
loop_packets() { "$RTPNL" -n "/proc/${CPID[b]}/ns/net" -j -s rules list table 43 | $PYTHON -c '
import json, sys
print(json.load(sys.stdin)[0]["stats"]["packets"])'; }
settled() { local a b; a=$(loop_packets); sleep 0.5; b=$(loop_packets); [ "$a" = "$b" ]; }
wait_until 60 "the loop's counters to stop" settled
expect_eq "container b: the loop ended after 63 forwards (TTL 64)" "$(loop_packets)" 63

# --- deleting a container frees its tables ------------------------------------
for p in "${DAEMON_PID[@]}"; do kill "$p" 2>/dev/null; done
for n in a b; do ctr_delete "$n"; done
expect_modrefs "every container's tables freed with its network namespace" 0
finish
