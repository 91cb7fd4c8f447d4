#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 120
# In the VM booted from the Debian 13 root (tests/trixie/mkroot.sh) on its
# own kernel: the kernel, the rtpengine 12.5 daemon and the netfilter tools
# are trixie's, DKMS has the headers it needs, and rtpengine's own kernel
# module is not there. A smoke test of the root only; issue 15's daemon test
# builds on it.
set -eu

fail() { echo "FAIL: $*"; exit 1; }

echo "kernel: $(uname -r)"
[ "$(uname -r)" = "$KVER" ] || fail "booted $(uname -r), expected $KVER"
# shellcheck source=/dev/null # the guest's, not the host's
. /etc/os-release
echo "system: $PRETTY_NAME"
[ "${VERSION_CODENAME:-}" = trixie ] || fail "not a trixie root: ${VERSION_CODENAME:-?}"
echo "rtpengine: $(rtpengine --version 2>&1 | head -n 1)"
rtpengine --version 2>&1 | grep -q '12\.5\.' || fail "rtpengine is not 12.5"
for tool in rtpengine-ctl rtpengine-ng-client; do
	command -v "$tool" >/dev/null || fail "$tool missing (rtpengine-utils)"
done
echo "nft: $(nft --version)"
echo "iptables: $(iptables --version)"
echo "dkms: $(dkms --version)"
[ -e "/lib/modules/$KVER/build/Makefile" ] || fail "no headers at /lib/modules/$KVER/build"
! dpkg-query -W -f='${db:Status-Abbrev}' rtpengine-kernel-dkms 2>/dev/null | grep -q '^ii' ||
	fail "rtpengine-kernel-dkms is installed"
! modinfo xt_RTPENGINE >/dev/null 2>&1 || fail "an xt_RTPENGINE module is in the root"
# The netfilter stack the 12.5 daemon uses: nft_compat under iptables-nft.
iptables -N rtpengine-smoke
iptables -X rtpengine-smoke
nft list ruleset >/dev/null
echo "trixie root: ok"
