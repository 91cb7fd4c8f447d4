# SPDX-License-Identifier: GPL-2.0-only
# Debian's rtpengine-daemon 10.5 in a test: started the way operators start
# it, on table 42, its NG socket on 127.0.0.1:22222. Sourced after
# common.sh; sets DPID, logs to $WORK/daemon.log ($WORK: the test's directory).
#
#   start_rtpengine [extra daemon options]   0 once its NG socket answers a ping
#   stop_daemon                              SIGTERM, waited for
#
# RTPE_USER=NAME: as Debian's unit runs it (User= and Group= NAME,
# AmbientCapabilities=CAP_NET_ADMIN CAP_SYS_NICE, its pid file in a
# directory of its own like RuntimeDirectory=); root otherwise.
RTPENGINE=${RTPENGINE:-/usr/bin/rtpengine}
RTPE_USER=${RTPE_USER:-}
NG="$PYTHON $REPO/tests/kernel/lib/ng.py 127.0.0.1:22222"
DPID=

rtpe_now() { date +%s.%N; }
rtpe_elapsed() { awk -v a="$1" -v b="$(rtpe_now)" 'BEGIN { printf "%.1f", b - a }'; }
# The daemon is gone, or its NG socket is bound / it answers a ping.
daemon_gone() { ! kill -0 "$DPID" 2>/dev/null; }
ng_bound() { daemon_gone || [ -n "$(ss -Hlun 'sport = :22222')" ]; }
ng_ping() { daemon_gone || [ "$($NG ping 2>/dev/null)" = pong ]; }

# Generous ceilings: the daemon once took 45 s to start under a loaded host.
start_rtpengine() {
	local t
	local as=() run=$WORK
	t=$(rtpe_now)
	if [ -n "$RTPE_USER" ]; then
		run=$WORK/run
		chmod go+x "$WORK"
		install -d -o "$RTPE_USER" -g "$RTPE_USER" "$run"
		as=(setpriv --reuid="$RTPE_USER" --regid="$RTPE_USER" --init-groups
			--inh-caps=+net_admin,+sys_nice --ambient-caps=+net_admin,+sys_nice)
	fi
	"${as[@]}" "$RTPENGINE" --table=42 --interface=127.0.0.1 --listen-ng=127.0.0.1:22222 \
		--pidfile="$run/rtpengine.pid" --no-fallback --foreground \
		--log-level=6 --log-stderr "$@" >>"$WORK/daemon.log" 2>&1 &
	DPID=$!
	if ! wait_until 240 "rtpengine to bind its NG port 127.0.0.1:22222" ng_bound ||
		daemon_gone; then
		echo "# rtpengine exited or never bound its NG port"
		return 1
	fi
	echo "# rtpengine: NG port bound after $(rtpe_elapsed "$t") s"
	if ! wait_until 120 "rtpengine to answer an NG ping" ng_ping || daemon_gone; then
		echo "# rtpengine exited or did not answer"
		return 1
	fi
	echo "# rtpengine: NG ping answered after $(rtpe_elapsed "$t") s"
}

stop_daemon() {
	[ -n "$DPID" ] || return 0
	kill -CONT "$DPID" 2>/dev/null
	kill "$DPID" 2>/dev/null
	wait "$DPID" 2>/dev/null
	DPID=
}
