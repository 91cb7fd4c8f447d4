# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# limits.sh: the time limits of the VM test scripts, sourced by run.sh (the
# whole VM's limit on the host) and guest-run.sh (each script's limit in the
# guest). A script declares its own limit in its first 30 lines:
#     # timeout: SECONDS
# A script without one gets VM_TEST_TIMEOUT (300). VM_TIMEOUT_FACTOR (1; any
# positive number, e.g. 3 for a debug kernel) multiplies every limit.

# limits_check: VM_TIMEOUT_FACTOR and VM_TEST_TIMEOUT are usable numbers
limits_check() {
	[[ ${VM_TIMEOUT_FACTOR:-1} =~ ^[0-9]*\.?[0-9]+$ && ${VM_TIMEOUT_FACTOR:-1} =~ [1-9] ]] || {
		echo "VM_TIMEOUT_FACTOR=$VM_TIMEOUT_FACTOR: not a positive number" >&2
		return 1
	}
	[[ ${VM_TEST_TIMEOUT:-300} =~ ^[0-9]+$ ]] || {
		echo "VM_TEST_TIMEOUT=$VM_TEST_TIMEOUT: not a number of seconds" >&2
		return 1
	}
}

# scale_limit SECONDS: SECONDS times VM_TIMEOUT_FACTOR, rounded up
scale_limit() {
	awk -v n="$1" -v f="${VM_TIMEOUT_FACTOR:-1}" \
		'BEGIN { v = n * f; i = int(v); print (v > i) ? i + 1 : i }'
}

# test_limit SCRIPT: the script's limit in seconds, VM_TIMEOUT_FACTOR applied
test_limit() {
	local n
	n=$(sed -n '1,30s/^# timeout: *\([0-9][0-9]*\).*/\1/p' "$1" | head -n 1)
	scale_limit "${n:-${VM_TEST_TIMEOUT:-300}}"
}
