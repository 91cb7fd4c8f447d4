#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian packages rtpfwd needs to build, test and demo.
#
#   deps.sh          what `make check`, `make demo` and `make bench` need
#   deps.sh debug    also what `make check-debug` and `make checkpatch` need
#                    (linux-source-6.1 and the tools to build a kernel: ~200 MB
#                    that a CI run of `make check` would download for nothing)
#
# Idempotent: does nothing when everything is present, so `make check` and
# `make demo` can call it every time. The 6.12 test kernel comes from the
# bookworm-backports suite; its apt source is derived from the system's own
# Debian source entry (same mirror, same keyring, only the suite changes), so no
# mirror host name is ever written here.
set -eu

# Packages for building the modules, the user space and running the VM tests.
PKGS="linux-headers-amd64 linux-image-amd64 qemu-system-x86 busybox-static kmod cpio file
xz-utils zstd cmake g++ make pkg-config libnl-3-dev libnl-genl-3-dev libmnl-dev
libnftnl-dev libxtables-dev nlohmann-json3-dev doctest-dev nftables iptables iproute2 sparse
python3 util-linux procps
debhelper dh-dkms dkms dpkg-dev fakeroot lintian mmdebstrap rsync bash-completion man-db"
# Debian's rtpengine 10.5 daemon and its iptables plugin, run unmodified in the
# VM on our modules (tests/kernel/90-rtpengine-daemon.sh), and its recording
# daemon, which reads the calls the kernel records
# (tests/kernel/90d-rtpengine-recording.sh). Without recommends: never
# Debian's own DKMS module. Never started on this host (neither they nor the
# NFS services the recording daemon depends on: see policy-rc.d below).
PKGS="$PKGS rtpengine-daemon rtpengine-iptables rtpengine-recording-daemon"
# A rootless container runtime for the pod test (tests/kernel/92-containers.sh).
PKGS="$PKGS crun"
# The kernel's YNL tools (tools/net/ynl: ynl-gen-c.py, the python client) and
# netlink spec schemas, from linux-source-6.12, for tests/spec/check-spec.sh
# and tests/kernel/22-ynl-spec.sh; their loader needs PyYAML and jsonschema.
PKGS="$PKGS linux-source-6.12 python3-yaml python3-jsonschema"
# libsrtp2, the independent SRTP peer of tests/kernel/89-srtp.sh (srtp_peer).
PKGS="$PKGS libsrtp2-dev"
# Building the debug kernel of `make check-debug` from linux-source-6.1
# (tests/debug-kernel/), and checkpatch.pl from the same tarball.
case "${1:-}" in
"") ;;
debug) PKGS="$PKGS linux-source-6.1 flex bison bc libelf-dev libssl-dev" ;;
*) echo "Error: deps.sh: unknown profile '$1' (none, or debug)" >&2; exit 2 ;;
esac

BACKPORTS_LIST=/etc/apt/sources.list.d/rtpfwd-backports.sources
KVER_612_PATTERN='^linux-image-6\.12\.[0-9]+\+deb[0-9]+-amd64$'

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# a generic (not -rt, not -cloud) 6.12 image with its headers
have_612=$(dpkg-query -W -f='${Package} ${Status}\n' 'linux-headers-6.12*' 2>/dev/null |
	grep "install ok installed" | awk '{ print $1 }' |
	sed 's/^linux-headers-/linux-image-/' | grep -cE "$KVER_612_PATTERN" || true)

if [ -z "$missing" ] && [ "$have_612" -gt 0 ]; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "Error: missing packages:$missing (and/or a 6.12 kernel); run 'make deps' as root" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# Enable bookworm-backports by copying the system's Debian entry.
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		# deb822: take the first stanza whose Suites contain "bookworm" (the
		# main archive, not -security), change only its Suites line.
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /Suites:[^\n]*bookworm( |\n|$)/ && !/security/ && !done {
			n = split($0, lines, "\n")
			for (i = 1; i <= n; i++) {
				if (lines[i] ~ /^Suites:/) lines[i] = "Suites: bookworm-backports"
				printf "%s\n", lines[i]
			}
			done = 1
		     }' /etc/apt/sources.list.d/debian.sources > "$BACKPORTS_LIST.tmp"
	elif [ -f /etc/apt/sources.list ]; then
		# one-line format: first "deb ... bookworm main..." line, suite swapped
		BACKPORTS_LIST=/etc/apt/sources.list.d/rtpfwd-backports.list
		grep -E '^deb [^#]* bookworm( |$)' /etc/apt/sources.list | head -n 1 |
			sed -E 's/ bookworm( |$)/ bookworm-backports\1/' > "$BACKPORTS_LIST.tmp"
	fi
	if [ -s "$BACKPORTS_LIST.tmp" ]; then
		mv "$BACKPORTS_LIST.tmp" "$BACKPORTS_LIST"
	else
		rm -f "$BACKPORTS_LIST.tmp"
		echo "Error: cannot derive a bookworm-backports apt source from this system's Debian source" >&2
		exit 1
	fi
fi

apt-get update -qq
# No service starts from a package installed here (rtpengine-daemon's and
# rtpengine-recording-daemon's init scripts would, and rpcbind's, which
# nfs-common pulls in for the latter): a policy-rc.d that denies, unless the
# system has its own.
POLICY_RC=/usr/sbin/policy-rc.d
if ! [ -e "$POLICY_RC" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC"
	chmod 755 "$POLICY_RC"
	trap 'rm -f "$POLICY_RC"' EXIT
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $PKGS >/dev/null

# The newest 6.12 image in backports, and its exact headers.
img=$(apt-cache pkgnames linux-image-6.12 | grep -E "$KVER_612_PATTERN" |
	grep -v -- '-dbg' | grep -v unsigned | sort -V | tail -n 1)
if [ -z "$img" ]; then
	echo "Error: no linux-image-6.12.*-amd64 in bookworm-backports" >&2
	exit 1
fi
hdr=$(echo "$img" | sed 's/^linux-image-/linux-headers-/')
apt-get install -y -qq --no-install-recommends -t bookworm-backports "$img" "$hdr" >/dev/null
