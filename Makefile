# SPDX-License-Identifier: GPL-2.0-only
# rtpfwd top-level Makefile.
#
# Kernel modules go through Kbuild (one pass builds module/, nft-expr/ and
# xt-compat/), user space through CMake, kernel tests through QEMU booting
# Debian's own kernels (tests/vm/). Run `make help` for the targets.

SHELL := /bin/bash
BUILD ?= $(CURDIR)/build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# The kernels the tests boot: the newest installed Debian 6.1 and 6.12
# (bookworm-backports) header sets. Override with VM_KVERS="...".
newest_headers = $(lastword $(sort $(patsubst /usr/src/linux-headers-%,%,\
	$(filter-out %-common %-rt-amd64 %-cloud-amd64,\
	$(wildcard /usr/src/linux-headers-$(1).*-amd64)))))
KVER_61 ?= $(call newest_headers,6.1)
KVER_612 ?= $(call newest_headers,6.12)
VM_KVERS ?= $(strip $(KVER_61) $(KVER_612))
# The kernel `make demo` boots, and which demo: tests/demo/$(DEMO).sh
# (demo: rtpnl and iptables; rtpengine: Debian's rtpengine daemon on rtpfwd).
DEMO ?= demo
DEMO_KVER ?= $(firstword $(VM_KVERS))
# The kernel `make bench` boots.
BENCH_KVER ?= $(DEMO_KVER)

# Host build: the running kernel's build tree if it has one, else the
# headers of the kernel the test VM boots.
KVER ?= $(shell uname -r)
KDIR ?= $(strip $(if $(wildcard /lib/modules/$(KVER)/build),/lib/modules/$(KVER)/build,\
	/usr/src/linux-headers-$(DEMO_KVER)))

KBUILD_SRCS := Kbuild module nft-expr xt-compat include
USERSPACE_BUILD := $(BUILD)/userspace
RTPNL := $(USERSPACE_BUILD)/userspace/cli/rtpnl
VM_TESTS ?= $(sort $(wildcard tests/kernel/[0-9]*.sh))
# The fuzzers' settings, passed into the VM when set (tests/fuzz/README.md).
FUZZ_ENV = $(foreach v,RTPFWD_FUZZ RTPFWD_FUZZ_SEED RTPFWD_FUZZ_KNOWN,$(if $($(v)),$(v)=$($(v))))
CHECKPATCH_DIR := $(BUILD)/checkpatch
KERNEL_SOURCES = $(wildcard module/*.[ch] module/core/*.[ch] module/control/*.[ch] module/compat/*.c nft-expr/*.[ch] nft-expr/compat/*.c xt-compat/*.[ch] \
	include/uapi/linux/*.h include/uapi/linux/netfilter/*.h)

.PHONY: all help deps deps-debug modules modules-vm userspace unit check check-vm check-spec spec-ynl demo \
	install clean sparse checkpatch dkms-src dkms-install dkms-remove deb bench \
	check-packages pkgroot-prefetch bench-smoke bench-readers check-debug check-layering \
	trixie-root trixie-prefetch check-trixie deb-nocheck

# The project version (CMake's), shared by DKMS and the Debian packages.
VERSION := $(shell sed -n 's/^[[:space:]]*VERSION \([0-9.]*\)$$/\1/p' CMakeLists.txt)

all: modules userspace

help:
	@echo "make             build the modules (KDIR=$(KDIR)) and user space"
	@echo "make deps        install the Debian packages needed (root)"
	@echo "make deps-debug  also those of check-debug and checkpatch (linux-source-6.1)"
	@echo "make check       layering and spec checks + unit tests + VM tests on: $(VM_KVERS) + bench-smoke"
	@echo "make check-spec  rtpfwd.yaml: kernel schema, generated files, numbers of rtpfwd.h (host)"
	@echo "make check-layering  module/core includes and calls nothing of module/control (host)"
	@echo "make demo        boot a VM and show rtpfwd working ($(DEMO_KVER))"
	@echo "make demo DEMO=rtpengine   the same with Debian's rtpengine daemon"
	@echo "make bench       benchmark against rtpengine 10.5 and user space ($(BENCH_KVER))"
	@echo "make bench-readers  rule delete latency with 8 /proc readers (part of make bench)"
	@echo "make bench-smoke the benchmark pipeline in ~2 min, checked (part of make check)"
	@echo "make install     install modules (depmod), rtpnl, library, headers, man, completion"
	@echo "make dkms-install  register the modules with DKMS (root); dkms-remove undoes it"
	@echo "make deb         Debian packages in $(BUILD)/deb (dpkg-buildpackage)"
	@echo "make check-packages  the .debs in a clean root booted in the VM, both kernels"
	@echo "make sparse      sparse over the kernel code, every test kernel"
	@echo "make checkpatch  checkpatch.pl from Debian's linux-source-6.1"
	@echo "make check-debug VM tests on a KASAN/lockdep/kmemleak/UBSAN kernel (long; not in check)"
	@echo "make trixie-root the cached Debian 13 root with rtpengine 12.5 (issue 15; not in check)"
	@echo "make trixie-prefetch  build that root in the background (CI hides the cold build)"
	@echo "make check-trixie  the .debs in a copy of that root, rtpengine 12.5 on them in the VM (part of check)"

deps:
	@sh packaging/deps.sh

# What check-debug and checkpatch need on top (linux-source-6.1, kernel
# build tools).
deps-debug:
	@sh packaging/deps.sh debug

# In-tree build for installing on this host.
modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

# Out-of-tree builds, one directory per test kernel: $(BUILD)/kmod/<kver>.
# VM_KDIR: a kernel build tree to use instead of /usr/src/linux-headers-<kver>
# (one kernel in VM_KVERS: the debug kernel's).
modules-vm:
	@set -e; for k in $(VM_KVERS); do \
		d=$(BUILD)/kmod/$$k; mkdir -p $$d; \
		cp -a $(KBUILD_SRCS) $$d/; \
		echo "  KBUILD  $$k"; \
		$(MAKE) -s -j$(JOBS) -C $(or $(VM_KDIR),/usr/src/linux-headers-$$k) M=$$d W=1 modules 2>&1 | \
			{ grep -v "Skipping BTF generation" || true; }; \
		test -f $$d/module/rtpfwd.ko; \
	done

userspace:
	cmake -S . -B $(USERSPACE_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(USERSPACE_BUILD) -j $(JOBS)

unit: userspace
	ctest --test-dir $(USERSPACE_BUILD) --output-on-failure

# module/core/ includes and calls nothing of module/control/; no kernel
# source over 500 lines (tests/layering/check.sh).
check-layering:
	@tests/layering/check.sh

# The YAML spec against the kernel's schema, ynl-gen-c.py's output (committed
# in include/uapi/linux/generated/, compiled for SPEC_KVERS), every number of
# rtpfwd.h and the module's policies; host only.
# SPEC_KVERS: the kernels ynl-gen's kernel source is compiled for (the oldest
# VM kernel by default: 6.12's ynl-gen is made for 6.12; each adds ~5 s).
SPEC_KVERS ?= $(firstword $(VM_KVERS))
check-spec:
	@BUILD=$(BUILD) SPEC_KVERS="$(SPEC_KVERS)" sh tests/spec/check-spec.sh

# The kernel's ynl tools extracted into $(BUILD)/spec (22-ynl-spec.sh uses them).
spec-ynl:
	@BUILD=$(BUILD) sh tests/spec/check-spec.sh --extract-only >/dev/null

# One VM boot per kernel runs every tests/kernel/*.sh script.
check-vm: modules-vm userspace spec-ynl
	@set -e; fail=0; for k in $(VM_KVERS); do \
		echo "=== VM tests on $$k"; \
		KVER=$$k MODDIR=$(BUILD)/kmod/$$k BUILD=$(BUILD) \
		RESULTS=$(BUILD)/vm-results/$$k VM_ENV="RTPNL=$(RTPNL) $(FUZZ_ENV)" \
			tests/vm/run.sh $(VM_TESTS) || fail=1; \
	done; exit $$fail

check: deps
	$(MAKE) check-layering
	$(MAKE) check-spec
	$(MAKE) unit
	$(MAKE) check-vm
	$(MAKE) check-trixie
	$(MAKE) bench-smoke

# The benchmark's whole pipeline in ~2 minutes, one short round of a few
# cases (rtpengine 10.5's module built and loaded included): fails unless
# every measurement has its numbers. No performance assertion: those live in
# `make bench`'s report.
bench-smoke: deps
	$(MAKE) modules-vm userspace VM_KVERS="$(BENCH_KVER)"
	KVER=$(BENCH_KVER) BUILD=$(BUILD) OUT=$(BUILD)/bench-smoke BENCH_CHECK=1 \
	BENCH_CASES=direct,stage-nft-miss,rtpfwd-xt-input,rtpengine-10.5,rtprelay \
	BENCH_REPS=1 BENCH_SAT_SECONDS=1 BENCH_RATE_SECONDS=1 BENCH_SCALE_COUNTS=1,1000 \
	BENCH_RE105_SCALE_COUNTS=1 BENCH_CONTROL_RULES=100 BENCH_SCALE_FLOWS=4 \
	BENCH_CONTROL_BATCH_RULES=1000 BENCH_CONTROL_SINGLES=20 BENCH_RESTORE_RULES=1000 \
		tests/bench/run.sh >$(BUILD)/bench-smoke.log 2>&1 || \
		{ tail -n 40 $(BUILD)/bench-smoke.log; exit 1; }
	@tail -n 1 $(BUILD)/bench-smoke.log

demo: deps
	$(MAKE) modules-vm userspace VM_KVERS="$(DEMO_KVER)"
	KVER=$(DEMO_KVER) MODDIR=$(BUILD)/kmod/$(DEMO_KVER) BUILD=$(BUILD) \
	RESULTS=$(BUILD)/demo-results VM_ENV="RTPNL=$(RTPNL)" \
		tests/vm/run.sh tests/demo/$(DEMO).sh

# Forwarding cost side by side with rtpengine 10.5 and user-space relays;
# results in $(BUILD)/bench-results (see tests/bench/run.sh).
bench: deps
	$(MAKE) modules-vm userspace VM_KVERS="$(BENCH_KVER)"
	KVER=$(BENCH_KVER) BUILD=$(BUILD) tests/bench/run.sh
	$(MAKE) bench-readers

# Rule delete latency with and without 8 /proc readers of a large table
# (BENCH_READERS_RULES, default 1,000,000; BENCH_READERS_BEFORE_KO=an older
# rtpfwd.ko to compare with, in the same boot); results in
# $(BUILD)/bench-results/readers/readers-raw.txt.
READERS_OUT := $(BUILD)/bench-results/readers
bench-readers: deps
	$(MAKE) modules-vm userspace VM_KVERS="$(BENCH_KVER)"
	mkdir -p $(READERS_OUT)
	rm -f $(READERS_OUT)/readers-raw.txt
	KVER=$(BENCH_KVER) MODDIR=$(BUILD)/kmod/$(BENCH_KVER) BUILD=$(BUILD) RESULTS=$(READERS_OUT) \
	VM_MEM=$${VM_MEM:-4096M} VM_APPEND="slub_debug=-" VM_TIMEOUT=3000 VM_TEST_TIMEOUT=2900 \
	VM_ENV="RTPNL=$(RTPNL) VM_TRACE=0 BENCH_RAW=$(READERS_OUT)/readers-raw.txt $(foreach v,BENCH_READERS_RULES BENCH_READERS_DELETES BENCH_READERS_BEFORE_KO,$(if $($(v)),$(v)=$($(v))))" \
		tests/vm/run.sh tests/bench/readers.sh

# The debug kernel of tests/debug-kernel/ (KASAN, lockdep, kmemleak, UBSAN...;
# built once, ~55 min on 2 cores shared with other work, cached in
# DEBUG_KERNEL_CACHE), our modules
# built against it with -g, the VM tests on it with time limits for its pace,
# the fuzzers in their long mode (RTPFWD_FUZZ=long unless set: 100,000 genl
# messages, 50,000 control messages, 100,000 datagrams, 120 s of churn; the
# factor 12 makes room for their time budgets). Any report of those checkers
# fails the run. Not part of `make check`.
DEBUG_KERNEL_CACHE ?= /var/cache/rtpfwd-debug-kernel
DEBUG_VM_ENV ?= VM_MEM=2048M VM_TIMEOUT_FACTOR=12 VM_APPEND="printk.time=1 kasan_multi_shot"
DEBUG_FUZZ_ENV = RTPFWD_FUZZ=$(or $(RTPFWD_FUZZ),long) \
	$(foreach v,RTPFWD_FUZZ_SEED RTPFWD_FUZZ_KNOWN,$(if $($(v)),$(v)=$($(v))))
check-debug: deps deps-debug userspace spec-ynl
	@set -e; dk=$$(DEBUG_KERNEL_CACHE=$(DEBUG_KERNEL_CACHE) tests/debug-kernel/build.sh); \
	. $$dk/env; \
	$(MAKE) --no-print-directory modules-vm VM_KVERS=$$KVER VM_KDIR=$$KDIR KCFLAGS=-g; \
	echo "=== VM tests on the debug kernel $$KVER"; \
	env $(DEBUG_VM_ENV) KVER=$$KVER VM_KERNEL=$$VM_KERNEL VM_MODTREE=$$VM_MODTREE \
		MODDIR=$(BUILD)/kmod/$$KVER BUILD=$(BUILD) RESULTS=$(BUILD)/vm-results/$$KVER \
		VM_ENV="RTPNL=$(RTPNL) $(DEBUG_FUZZ_ENV)" tests/vm/run.sh $(VM_TESTS)

# The Debian 13 root (trixie kernel and headers, rtpengine-daemon 12.5) for
# the 12.5 ABI tests (check-trixie, part of make check), cached outside the
# tree (tests/trixie/README.md).
TRIXIE_ROOT_CACHE ?= /var/cache/rtpfwd-trixie-root
trixie-root:
	tests/trixie/mkroot.sh $(TRIXIE_ROOT_CACHE)

# The cold build of that root (~4 to 8 min, mostly apt downloads and dpkg)
# in the background, as pkgroot-prefetch does for the bookworm root:
# mkroot.sh's lock makes check-trixie wait for it.
# The prefetches run at the lowest CPU and I/O priority: what make check
# does meanwhile (the C++ and module builds, then the VMs) is what waits on
# them, and the roots are needed only at its end. At normal priority the
# package root's debootstrap (~9 min) took half the cores from the builds
# for all of their time.
BACKGROUND := nohup nice -n 19 ionice -c 2 -n 7
trixie-prefetch:
	@mkdir -p $(BUILD)/trixie
	@echo "  TRIXIE  $(TRIXIE_ROOT_CACHE) in the background (log: $(BUILD)/trixie/mkroot.log)"
	@$(BACKGROUND) tests/trixie/mkroot.sh $(TRIXIE_ROOT_CACHE) >$(BUILD)/trixie/mkroot.log 2>&1 </dev/null &

# rtpfwd's .debs installed into a copy of that root (DKMS builds the modules
# for trixie's kernel on the host, in a chroot), the VM boots it on trixie's
# kernel and runs Debian 13's rtpengine-daemon 12.5 on them
# (tests/trixie/guest-daemon.sh; RTPE_CALLS=N for a quick run), then purge.
# Not part of `make check` yet (tests/trixie/README.md has its times).
check-trixie: deb-nocheck
	BUILD=$(BUILD) TRIXIE_ROOT_CACHE=$(TRIXIE_ROOT_CACHE) tests/trixie/run.sh $(DEB_DIR)

# DESTDIR stages the whole installation (modules under $(DESTDIR)/lib/modules;
# depmod is then left to whoever installs the staged tree).
install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) modules_install
	$(if $(DESTDIR),,depmod -a $(notdir $(patsubst %/build,%,$(KDIR))) 2>/dev/null || depmod -a)
	DESTDIR=$(DESTDIR) cmake --install $(USERSPACE_BUILD)

# The module sources as DKMS wants them: packaging/dkms/dkms.conf with the
# version filled in, Kbuild and the sources of the three modules (no build
# output of an in-tree `make modules`).
DKMS_SRC := $(BUILD)/dkms/rtpfwd-$(VERSION)
DKMS_FILES = Kbuild $(filter-out %.mod.c,$(shell find module nft-expr xt-compat include \
	-name '*.[ch]' -o -name Kbuild))
dkms-src:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp --parents $(DKMS_FILES) $(DKMS_SRC)/
	sed 's/#MODULE_VERSION#/$(VERSION)/' packaging/dkms/dkms.conf >$(DKMS_SRC)/dkms.conf

# Builds and installs for the running kernel (DKMS_KVER=... for another);
# DKMS rebuilds them for every kernel installed later.
dkms-install: dkms-src
	rm -rf /usr/src/rtpfwd-$(VERSION)
	cp -a $(DKMS_SRC) /usr/src/
	dkms add -m rtpfwd -v $(VERSION)
	dkms install -m rtpfwd -v $(VERSION) $(if $(DKMS_KVER),-k $(DKMS_KVER))

dkms-remove:
	-dkms remove -m rtpfwd -v $(VERSION) --all
	rm -rf /usr/src/rtpfwd-$(VERSION)

# rtpfwd-dkms, rtpnl, librtpnl1, librtpnl-dev and rtpfwd-iptables (unit tests
# run at build time), from a copy of the sources with
# packaging/debian as debian/; nothing is downloaded.
DEB_DIR := $(BUILD)/deb
deb:
	@sh packaging/deps.sh
	packaging/mkdeb.sh $(DEB_DIR) $(VERSION)

# The .debs installed into a clean Debian root (cached in $(BUILD)/pkgroot),
# DKMS building for every test kernel, the VM booting that root: forwarding
# with nothing loaded by hand, then purge (tests/packages/README.md).
# The .debs are built without their unit tests (DEB_BUILD_OPTIONS=nocheck):
# make check has just run the same ones (make unit); `make deb` runs them.
# Its clean root (tests/packages/mkroot.sh, ~4 min of apt downloads and
# dpkg, mostly waiting on I/O) can be built in the background first
# (pkgroot-prefetch), so that .ci/run's `make check` hides it; mkroot.sh
# then waits for that build to end.
check-packages: $(if $(DEB_PREBUILT),,deb-nocheck)
	BUILD=$(BUILD) tests/packages/run.sh $(DEB_DIR) $(VM_KVERS)

# The .debs without their unit tests, for the targets that install them
# (check-packages, check-trixie). DEB_PREBUILT=1: check-packages takes the
# ones in $(DEB_DIR) as they are (.ci/run, after make check built them).
deb-nocheck:
	DEB_BUILD_OPTIONS="nocheck $(DEB_BUILD_OPTIONS)" $(MAKE) deb

pkgroot-prefetch:
	@mkdir -p $(BUILD)/pkgroot
	@echo "  PKGROOT $(BUILD)/pkgroot/base in the background (log: $(BUILD)/pkgroot/mkroot.log)"
	@$(BACKGROUND) tests/packages/mkroot.sh $(BUILD)/pkgroot/base $(VM_KVERS) \
		>$(BUILD)/pkgroot/mkroot.log 2>&1 </dev/null &

sparse:
	@set -e; for k in $(VM_KVERS); do \
		d=$(BUILD)/kmod/$$k; mkdir -p $$d; cp -a $(KBUILD_SRCS) $$d/; \
		echo "  SPARSE  $$k"; \
		$(MAKE) -s -C /usr/src/linux-headers-$$k M=$$d C=2 CHECK=sparse modules 2>&1 | \
			{ grep -v "Skipping BTF generation" || true; } | tee $$d/sparse.log; \
		test ! -s $$d/sparse.log; \
	done

# checkpatch.pl and its data files, taken from Debian's linux-source-6.1.
$(CHECKPATCH_DIR)/scripts/checkpatch.pl:
	@sh packaging/deps.sh debug
	@mkdir -p $(CHECKPATCH_DIR)
	tar -xf $(lastword $(sort $(wildcard /usr/src/linux-source-6.1*.tar.xz))) \
		-C $(CHECKPATCH_DIR) --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'

# EXPORTED_WORLD_WRITABLE: /proc/net/rtpengine/control is 0222 on purpose and
# guarded by CAP_NET_ADMIN over the namespace at open (see module/control/proc.c).
checkpatch: $(CHECKPATCH_DIR)/scripts/checkpatch.pl
	perl $< --no-tree --quiet --strict \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,EXPORTED_WORLD_WRITABLE \
		-f $(KERNEL_SOURCES)

# $(BUILD) goes first: Kbuild's clean deletes every *.ko, *.[aios], ... under
# M=, which would include the package test's root filesystems.
clean:
	rm -rf $(BUILD)
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null
