#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 180
# rtpengine 10.5 binary control file fuzzing (tests/fuzz/control_fuzz.py):
# 1,232-byte messages of every command mutated field by field, wrong sizes,
# wrong directions, reopened sessions; every answer predicted, the table's
# rules (genl dump and N/blist) compared with a model. Short run: 10,000
# messages (~12 s) and a staging flood; RTPFWD_FUZZ=long: 50,000.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/fuzz.sh"
modprobe rtpfwd
ip netns add fz-ctl
ip netns exec fz-ctl sh -c 'echo "add 7" >/proc/rtpengine/control'
fuzz_run "control file fuzzing: answers and rules as the model says" \
	ip netns exec fz-ctl $PYTHON "$FUZZ/control_fuzz.py" 7
expect_eq "table deleted after the session" \
	"$(ip netns exec fz-ctl $GENL req TABLE_DEL table_id=7 | head -1)" "errno=0 msg="
ip netns del fz-ctl
fuzz_unload
finish
