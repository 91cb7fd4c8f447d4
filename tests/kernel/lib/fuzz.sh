# SPDX-License-Identifier: GPL-2.0
# Shared by the fuzz scripts 81-84 (sourced after common.sh): run a fuzzer
# from tests/fuzz/, show what it did, and check the modules unload after it.
#
# RTPFWD_FUZZ=long        the counts of issue 18 (make check-debug); default short
# RTPFWD_FUZZ_SEED=N      replay a run (every fuzzer prints its seed)
# RTPFWD_FUZZ_KNOWN=a,b   finding categories reported as KNOWN, not failing
#                         (kernel bugs reported and not fixed yet); the
#                         default below lists the open ones, set it empty
#                         to see them fail
FUZZ="$REPO/tests/fuzz"
export RTPFWD_FUZZ=${RTPFWD_FUZZ:-short}
# Open kernel bugs the fuzzers found (remove each once fixed): none now.
# Fixed: accepted-invalid:genlmsghdr.reserved (dumps accepted a non-zero
# reserved field: rtpfwd_genl_dump_check()); dump-restart and
# churn-dump-duplicates (a dump resumed after a resize listed rules twice
# without NLM_F_DUMP_INTR: the cursor now uses rhashtable_walk_start_check()).
export RTPFWD_FUZZ_KNOWN=${RTPFWD_FUZZ_KNOWN-}
[ -n "${RTPFWD_FUZZ_SEED:-}" ] && export RTPFWD_FUZZ_SEED

# fuzz_run NAME COMMAND...: run a fuzzer, print its output, PASS if it
# exited 0 (no finding outside RTPFWD_FUZZ_KNOWN)
fuzz_run() {
	local name=$1 out rc seed
	shift
	out=$(mktemp)
	"$@" >"$out" 2>&1
	rc=$?
	sed 's/^/    /' "$out"
	if [ "$rc" = 0 ]; then
		pass "$name"
	else
		seed=$(sed -n 's/.*seed \([0-9]*\) .*/\1/p' "$out" | head -1)
		fail "$name (exit status $rc; replay with RTPFWD_FUZZ_SEED=${seed:-${RTPFWD_FUZZ_SEED:-?}})"
	fi
	grep -q '^KNOWN ' "$out" && echo "NOTE: $name: known findings (RTPFWD_FUZZ_KNOWN=$RTPFWD_FUZZ_KNOWN) were not counted"
	rm -f "$out"
}

# fuzz_unload: nothing holds the modules any more, and they unload (they are
# loaded again by whatever needs them next). A deleted namespace's xtables
# rules let go of xt_RTPENGINE in its cleanup work, after `ip netns del`
# returned: rmmod is retried until then (60 s, scaled: a reference that
# never goes is a leak, and fails).
fuzz_unload() {
	expect_modrefs "no table left" 0 100
	if wait_until 60 "the modules to unload" fuzz_rmmod; then
		pass "modules unload after fuzzing"
	else
		fuzz_rmmod
		fail "modules unload after fuzzing: still loaded:$FUZZ_LOADED"
	fi
}
# fuzz_rmmod: rmmod of whichever of the modules is loaded; false while one
# stays (FUZZ_LOADED names them, with their reference counts)
fuzz_rmmod() {
	local m refcnt
	FUZZ_LOADED=
	for m in xt_RTPENGINE nft_rtpengine rtpfwd; do
		[ -e "/sys/module/$m" ] || continue
		rmmod "$m" 2>/dev/null && continue
		read -r refcnt <"/sys/module/$m/refcnt" 2>/dev/null
		FUZZ_LOADED="$FUZZ_LOADED $m(refcnt ${refcnt:-?})"
	done
	[ -z "$FUZZ_LOADED" ]
}
