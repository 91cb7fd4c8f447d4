#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# run.sh: host entry point of the in-VM kernel tests.  Boots Debian's kernel
# KVER under QEMU/TCG with the host's root filesystem shared read-only over
# virtio-9p (see README.md), runs the given test scripts inside as root, and
# exits with the guest's status.
#
#   KVER=6.1.0-56-amd64 [MODDIR=build/kmod/$KVER] [BUILD=build]
#   [RESULTS=$BUILD/vm-results/$KVER] tests/vm/run.sh tests/kernel/10-foo.sh ...
#
# Options (environment): VM_MEM (1024M), VM_SMP (2), VM_TEST_TIMEOUT (300 s:
# the limit of a script without a "# timeout: SECONDS" line, see limits.sh),
# VM_TIMEOUT_FACTOR (1: multiplies every limit, for slow or debug kernels),
# VM_TIMEOUT (whole VM; default: the sum of the scripts' limits plus a margin
# for boot and checks), VM_ENV ("NAME=VALUE ..." exported
# to the tests), VM_SHELL=1 (interactive shell on the console after the tests),
# VM_APPEND (extra kernel command line), QEMU (qemu-system-x86_64),
# VM_LOCK (/tmp/rtpfwd-vm.lock: one VM at a time on this host),
# VM_ROOT (a directory to boot as the root filesystem instead of the host's,
# e.g. a clean Debian root with the project's packages: its modules are the
# root's own, MODDIR is not used; the repo is shared read-only at its path
# without its build directory; see tests/packages/),
# VM_KERNEL (a kernel built elsewhere, booted as it is, e.g. the debug
# kernel of tests/debug-kernel/; KVER is then its release; default: the ELF
# vmlinux extracted from /boot/vmlinuz-$KVER, booted via PVH) and VM_MODTREE
# (/lib/modules/$KVER) with that kernel's modules.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
cd "$REPO"

abspath() { case $1 in /*) echo "$1" ;; *) echo "$REPO/$1" ;; esac; }

if [ -z "${KVER:-}" ]; then
	kvers=(/boot/vmlinuz-*)
	echo "run.sh: set KVER (one of: ${kvers[*]#/boot/vmlinuz-})" >&2
	exit 2
fi
BUILD=$(abspath "${BUILD:-build}")
MODDIR=$(abspath "${MODDIR:-$BUILD/kmod/$KVER}")
RESULTS=$(abspath "${RESULTS:-$BUILD/vm-results/$KVER}")
VM_MEM=${VM_MEM:-1024M}
VM_SMP=${VM_SMP:-2}
VM_TEST_TIMEOUT=${VM_TEST_TIMEOUT:-300}
VM_TIMEOUT_FACTOR=${VM_TIMEOUT_FACTOR:-1}
VM_SHELL=${VM_SHELL:-0}
VM_ROOT=${VM_ROOT:+$(abspath "$VM_ROOT")}
QEMU=${QEMU:-qemu-system-x86_64}
KERNEL=${VM_KERNEL:+$(abspath "$VM_KERNEL")}
KERNEL=${KERNEL:-/boot/vmlinuz-$KVER}
MODTREE=$(abspath "${VM_MODTREE:-/lib/modules/$KVER}")

for p in "$REPO" "$RESULTS" "$HERE"; do
	case $p in *[[:space:]]*) echo "run.sh: paths with spaces are not supported: $p" >&2; exit 2 ;; esac
done
[ -f "$KERNEL" ] || { echo "run.sh: no $KERNEL" >&2; exit 2; }
[ -d "$MODTREE" ] || { echo "run.sh: no $MODTREE" >&2; exit 2; }
if [ -n "$VM_ROOT" ]; then
	[ -d "$VM_ROOT/lib/modules/$KVER" ] || { echo "run.sh: no $VM_ROOT/lib/modules/$KVER" >&2; exit 2; }
	MODDIR=
elif ! [ -d "$MODDIR" ]; then
	echo "run.sh: warning: MODDIR $MODDIR does not exist" >&2
fi
tests=()
for t in "$@"; do
	[ -f "$t" ] || { echo "run.sh: no such test script: $t" >&2; exit 2; }
	tests+=("$t")
done
[ ${#tests[@]} -gt 0 ] || [ "$VM_SHELL" = 1 ] || { echo "run.sh: no test scripts given" >&2; exit 2; }

# --- time limits: each script's own, the VM's from their sum -----------------
# shellcheck source=tests/vm/limits.sh
. "$HERE/limits.sh"
limits_check || exit 2
if [ -z "${VM_TIMEOUT:-}" ]; then
	# Boot, depmod, module install and unload: 120 s; per script the
	# kernel-log check and the kill grace of a script that hit its limit.
	VM_TIMEOUT=$(scale_limit $((120 + 15 * ${#tests[@]})))
	for t in "${tests[@]}"; do
		VM_TIMEOUT=$((VM_TIMEOUT + $(test_limit "$t")))
	done
	[ "$VM_SHELL" != 1 ] || VM_TIMEOUT=$((VM_TIMEOUT + 3600))
fi
[[ $VM_TIMEOUT =~ ^[0-9]+$ ]] || { echo "run.sh: VM_TIMEOUT=$VM_TIMEOUT: not a number of seconds" >&2; exit 2; }

# --- cached boot artefacts: $BUILD/vm/$KVER/{vmlinux,initramfs.cpio} ----------
cache=$BUILD/vm/$KVER
mkdir -p "$cache"
stale() { # stale OUT IN... : OUT missing or older than an input
	local out=$1 f
	shift
	[ -e "$out" ] || return 0
	for f; do [ "$f" -nt "$out" ] && return 0; done
	return 1
}
vmlinux=$cache/vmlinux
if [ -n "${VM_KERNEL:-}" ]; then
	vmlinux=$KERNEL
elif stale "$vmlinux" "$KERNEL" "$HERE/extract-vmlinux.sh"; then
	"$HERE/extract-vmlinux.sh" "$KERNEL" "$vmlinux"
fi
if stale "$cache/initramfs.cpio" "$HERE/init" "$HERE/mkinitramfs.sh" "$MODTREE/modules.dep"; then
	"$HERE/mkinitramfs.sh" "$KVER" "$cache/initramfs.cpio" "$MODTREE"
fi

# --- per-run settings for the guest -------------------------------------------
mkdir -p "$RESULTS/.vm"
rm -f "$RESULTS/.vm/status" "$RESULTS/.vm/current"
klog=$RESULTS/kernel-$KVER.log
{
	for v in REPO KVER MODDIR RESULTS BUILD VM_TEST_TIMEOUT VM_TIMEOUT_FACTOR VM_SHELL VM_ROOT MODTREE; do
		printf 'export %s=%q\n' "$v" "${!v}"
	done
	printf 'export %s=%q\n' TERM "${TERM:-dumb}"
	# User tools live at the same paths in the guest (e.g. pyenv shims).
	# shellcheck disable=SC2016 # $PATH is expanded in the guest
	printf 'export PATH=%q:"$PATH"\n' "$PATH"
	for kv in ${VM_ENV:-}; do
		case $kv in
		[A-Za-z_]*=*) printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}" ;;
		*) echo "run.sh: bad VM_ENV entry: $kv" >&2; exit 2 ;;
		esac
	done
	printf 'VM_TESTS=('
	[ ${#tests[@]} -eq 0 ] || printf '%q ' "${tests[@]}"
	printf ')\n'
} >"$RESULTS/.vm/env"

# --- modules.dep & co. for KVER + our modules --------------------------------
# depmod over the whole module tree takes ~40 s under TCG (reading every
# module over 9p), so it runs here on the host (0.5 s for 6.1, ~6 s for 6.12
# with its .ko.xz), in the background while the VM boots, on a tree made of
# symlinks to /lib/modules/$KVER (MODTREE) plus a copy of MODDIR/*.ko in
# updates/rtpfwd/.  The guest waits for .vm/depmod.done and copies the
# generated modules.* files over /lib/modules/$KVER (see guest-run.sh).
# Skipped when the modules are unchanged since the last run.
dm=$RESULTS/.vm/modules
dmk=$dm/lib/modules/$KVER
dmpid=
kos=()
[ -z "$MODDIR" ] || mapfile -t kos < <(find "$MODDIR" -name '*.ko' 2>/dev/null | sort)
if [ ${#kos[@]} -gt 0 ]; then
	sum=$( (echo "$KVER $MODTREE"; stat -c %Y "$MODTREE/modules.dep"; sha256sum "${kos[@]}") | sha256sum)
	if [ -f "$RESULTS/.vm/depmod.done" ] && [ "$(cat "$RESULTS/.vm/depmod.done")" = "$sum" ]; then
		: # up to date
	else
		rm -rf "$dm" "$RESULTS/.vm/depmod.done" "$RESULTS/.vm/depmod.failed"
		mkdir -p "$dmk/updates/rtpfwd"
		for e in "$MODTREE"/*; do
			b=${e##*/}
			case $b in
			build | source | updates) ;;
			modules.order | modules.builtin | modules.builtin.modinfo) cp "$e" "$dmk/" ;;
			*) [ -d "$e" ] && ln -s "$e" "$dmk/$b" ;;
			esac
		done
		for e in "$MODTREE/updates"/*; do
			[ -e "$e" ] && ln -s "$e" "$dmk/updates/"
		done
		cp "${kos[@]}" "$dmk/updates/rtpfwd/"
		(
			if depmod -b "$dm" "$KVER"; then
				echo "$sum" >"$RESULTS/.vm/depmod.tmp"
				mv "$RESULTS/.vm/depmod.tmp" "$RESULTS/.vm/depmod.done"
			else
				echo "run.sh: depmod failed" >&2
				touch "$RESULTS/.vm/depmod.failed"
			fi
		) &
		dmpid=$!
	fi
fi

# slub_debug=FZP: sanity checks, red zones and poisoning, which turn an
# overrun or a use after free into a report that fails the script. Not U
# (the stacks of each object's last allocation and free): it saves a stack
# trace on every kmalloc and kfree, ~10 % of the suite's time under TCG
# (60-xt-target, 65-nft, 70-forward, 89-srtp on 6.12: 210 s with FZPU,
# 189 s with FZP, 187 s without slub_debug); make check-debug's KASAN
# kernel gives the stacks of whatever this finds.
append="console=ttyS1,115200 ignore_loglevel log_buf_len=16M slub_debug=FZP"
append+=" panic=-1 mitigations=off rdinit=/init"
# The guest's clock must not follow the host's TSC: under TCG a guest TSC
# read is the host's, and a host whose TSC jumps (a migrated or paused
# cloud VM) jumped a 6.12 guest two hours ahead in one CI run, which fired
# its test timeout and the RCU stall detector. 6.1 guests already find the
# TSC unsynchronized and use the HPET (QEMU's monotonic clock); tell 6.12
# the same.
append+=" tsc=unstable"
append+=" vm.stage2=$HERE/guest-run.sh vm.results=$RESULTS vm.repo=$REPO ${VM_APPEND:-}"
# The root to boot, and with VM_ROOT the repo as a share of its own.
# shellcheck disable=SC2054 # QEMU's options are comma-separated
rootfs=(-fsdev "local,id=r,path=${VM_ROOT:-/},security_model=none,readonly=on,multidevs=remap"
	-device virtio-9p-pci,fsdev=r,mount_tag=root)
# shellcheck disable=SC2054
if [ -n "$VM_ROOT" ]; then
	rootfs+=(-fsdev "local,id=repo,path=$REPO,security_model=none,readonly=on,multidevs=remap"
		-device virtio-9p-pci,fsdev=repo,mount_tag=repo)
	append+=" vm.reposhare=1"
fi

if [ "$VM_SHELL" = 1 ]; then
	console=(-serial mon:stdio)   # Ctrl-A x quits QEMU
else
	# The test output, also kept in $RESULTS/console.log.
	console=(-chardev "stdio,id=console,logfile=$RESULTS/console.log" -serial chardev:console)
fi

# One VM at a time on this machine (2 host CPUs run 2 vCPUs of TCG each):
# parallel work trees queue here instead of starving each other's guests,
# whose tests would then time out.
VM_LOCK=${VM_LOCK:-/tmp/rtpfwd-vm.lock}
exec 9>>"$VM_LOCK"
if ! flock -n 9; then
	echo "run.sh: waiting for another VM run to finish ($VM_LOCK)" >&2
	flock 9
fi
echo "run.sh: booting $KVER ($VM_SMP CPUs, $VM_MEM, TCG, limit $VM_TIMEOUT s); kernel log: $klog" >&2
rc=0
timeout --foreground -k 10 "$VM_TIMEOUT" "$QEMU" \
	-machine "${VM_MACHINE:-q35}" -accel tcg -cpu max -smp "$VM_SMP" -m "$VM_MEM" \
	-nodefaults -no-user-config -display none -vga none -nic none -no-reboot \
	-kernel "$vmlinux" -initrd "$cache/initramfs.cpio" -append "$append" \
	"${rootfs[@]}" \
	-fsdev "local,id=res,path=$RESULTS,security_model=none,multidevs=remap" \
	-device virtio-9p-pci,fsdev=res,mount_tag=results \
	"${console[@]}" -serial "file:$klog" || rc=$?
[ -z "$dmpid" ] || wait "$dmpid" || true

# .vm/current: the script the guest was running ("SCRIPT LIMIT START").
running=
if read -r cur_test cur_limit cur_start 2>/dev/null <"$RESULTS/.vm/current"; then
	running=" while running $cur_test ($(($(date +%s) - cur_start)) s of its $cur_limit s)"
fi
if [ "$rc" = 124 ]; then
	echo "run.sh: FAIL: VM timed out after $VM_TIMEOUT s (VM_TIMEOUT)$running" >&2
	exit 124
fi
if ! status=$(cat "$RESULTS/.vm/status" 2>/dev/null) || [ -z "$status" ]; then
	echo "run.sh: FAIL: the guest did not report a status (crash/panic? qemu exit $rc)$running; see $klog" >&2
	grep -E -m 20 'Kernel panic|BUG|Oops|WARNING' "$klog" >&2 || true
	exit 1
fi
echo "run.sh: kernel log saved to $klog" >&2
exit "$status"
