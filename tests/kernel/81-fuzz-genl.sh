#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# Generic netlink fuzzing (tests/fuzz/genl_fuzz.py): requests of every
# command mutated from valid ones, judged against a model of the tables,
# rules and recorded streams; at the end every table is deleted and the
# modules unload. Short run: 7,000 messages (~40 s under emulation);
# RTPFWD_FUZZ=long: 100,000 (see tests/fuzz/README.md).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/fuzz.sh"
modprobe rtpfwd
ip netns add fz-genl
fuzz_run "genl fuzzing: answers, replies and dumps as the model says" \
	ip netns exec fz-genl $PYTHON "$FUZZ/genl_fuzz.py"
ip netns del fz-genl
fuzz_unload
finish
