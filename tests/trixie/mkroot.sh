#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# mkroot.sh [CACHE_DIR]
# Build (once) a Debian 13 (trixie) root for issue 15: trixie's kernel and
# headers, Debian's rtpengine-daemon 12.5 (without its recommends: never
# Debian's rtpengine-kernel-dkms), the netfilter tools, a DKMS toolchain and
# the libraries rtpfwd's own .debs depend on, so that installing them later
# needs no network. Prints the directory holding it:
#
#   CACHE_DIR/<key>/
#     root/      the trixie root (boot it with tests/vm/run.sh VM_ROOT=...)
#     vmlinux    the ELF kernel extracted from root/boot/vmlinuz-KVER (PVH boot)
#     env        KVER, VM_KERNEL, VM_MODTREE, ROOT (shell/make syntax)
#     versions   the versions of the kernel and rtpengine packages in the root
#     build-seconds, size-mib   how long the build took, how big the root is
#
# The key is a hash of the package list and of this script: a change of
# either builds a new root beside the old ones. The package sources are the
# host's own Debian entries (same mirror, proxy and keyring; only the suite
# becomes trixie; no host name is written here). One build at a time per
# key (flock); built in <key>.tmp and renamed when complete.
# Never touches the host's own system.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${1:-${TRIXIE_ROOT_CACHE:-/var/cache/rtpfwd-trixie-root}}

log() { echo "trixie-root: $*" >&2; }
die() { log "$*"; exit 1; }

# Besides the kernel and the daemon (with rtpengine-utils: rtpengine-ctl
# reads the daemon's statistics, rtpengine-ng-client makes calls over NG):
# what the kernel tests use, what DKMS needs to build rtpfwd-dkms for
# trixie's kernel, and the runtime and -dev
# dependencies of rtpfwd's .debs (see packaging/debian/control: rtpnl,
# librtpnl1 and librtpnl-dev link libnl; the iptables plugin libxtables).
# (A word list, split on purpose where it is used.)
PKGS="apt linux-image-amd64 linux-headers-amd64 rtpengine-daemon rtpengine-utils
dkms gcc make kmod iproute2 iptables nftables python3 procps util-linux
busybox bash man-db libnl-3-200 libnl-genl-3-200 libxtables12 libmnl0
libnftnl11 libc6-dev pkg-config libnl-3-dev libnl-genl-3-dev"
# Packages that must not be in the root (they would shadow rtpfwd's).
FORBIDDEN="rtpengine-kernel-dkms rtpengine-iptables"

command -v mmdebstrap >/dev/null || die "mmdebstrap not installed (make deps)"
# shellcheck disable=SC2086
key=$( (printf '%s\n' $PKGS; cat "$0") | sha256sum | cut -c1-12)
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
DIR=$CACHE/$key

exec 8>>"$CACHE/.lock-$key"
flock 8
if [ -f "$DIR/env" ]; then
	echo "$DIR"
	exit 0
fi

# trixie_sources FILE...: the host's Debian entries with the suite changed
# (bookworm -> trixie, bookworm-updates -> trixie-updates, bookworm-security
# -> trixie-security), as deb822. Other suites (backports, third-party
# repositories) are left out.
trixie_sources() {
	local f
	for f; do
		case $f in
		*.sources)
			awk 'function flush() {
				if (keep) print stanza "\n"
				stanza = ""; keep = 0
			}
			/^[[:space:]]*#/ { next }
			/^[[:space:]]*$/ { flush(); next }
			/^Suites:/ {
				s = ""
				for (i = 2; i <= NF; i++)
					if ($i ~ /^bookworm(-updates|-security)?$/) {
						sub(/^bookworm/, "trixie", $i)
						s = s " " $i
					}
				if (s != "") keep = 1
				$0 = "Suites:" s
			}
			{ stanza = stanza (stanza == "" ? "" : "\n") $0 }
			END { flush() }' "$f"
			;;
		*.list)
			# deb [options] URI SUITE COMPONENT...
			awk '$1 == "deb" {
				i = 2
				if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
				uri = $i; suite = $(i + 1)
				if (suite !~ /^bookworm(-updates|-security)?$/) next
				sub(/^bookworm/, "trixie", suite)
				comps = ""
				for (j = i + 2; j <= NF; j++) comps = comps " " $j
				print "Types: deb\nURIs: " uri "\nSuites: " suite "\nComponents:" comps
				print "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
			}' "$f"
			;;
		esac
	done
}

hostsources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -s "$f" ] && hostsources+=("$f")
done
aptopts=()
for f in /etc/apt/apt.conf /etc/apt/apt.conf.d/*; do
	[ -f "$f" ] && aptopts+=("--aptopt=$f")
done

rm -rf "$DIR.tmp"
mkdir -p "$DIR.tmp"
trixie_sources "${hostsources[@]}" >"$DIR.tmp/trixie.sources"
grep -q '^Suites: .*trixie' "$DIR.tmp/trixie.sources" ||
	die "no Debian bookworm entry in the host's apt sources to derive trixie's from"

t0=$(date +%s)
log "building $DIR (mmdebstrap trixie; log: $DIR.tmp/build.log)"
# shellcheck disable=SC2086
if ! mmdebstrap --variant=minbase --mode=root --format=directory \
	--include="$(echo $PKGS | tr ' ' ',')" \
	--aptopt='APT::Install-Recommends "false"' \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
	--dpkgopt='path-include=/usr/share/doc/*/examples/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	"${aptopts[@]}" trixie "$DIR.tmp/root" "$DIR.tmp/trixie.sources" >"$DIR.tmp/build.log" 2>&1; then
	tail -n 20 "$DIR.tmp/build.log" >&2
	die "mmdebstrap failed (see $DIR.tmp/build.log)"
fi
ROOT=$DIR.tmp/root

installed() { dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | grep -q '^ii'; }
for p in $FORBIDDEN; do
	! installed "$p" || die "$p got installed in the root; it must not be"
done
for p in $PKGS; do
	installed "$p" || die "$p is not installed in the root"
done

# The kernel: the one linux-image-amd64 depends on.
kvers=()
for v in "$ROOT"/boot/vmlinuz-*; do
	[ -f "$v" ] && kvers+=("${v#"$ROOT"/boot/vmlinuz-}")
done
[ ${#kvers[@]} = 1 ] || die "expected one kernel in $ROOT/boot, found: ${kvers[*]:-none}"
kver=${kvers[0]}
[ -d "$ROOT/lib/modules/$kver/kernel" ] || die "no $ROOT/lib/modules/$kver"
[ -d "$ROOT/usr/src/linux-headers-$kver" ] || die "no headers for $kver in the root"
# The VM boots the kernel itself: the initramfs Debian made is not used.
rm -f "$ROOT/boot/initrd.img-$kver"
"$HERE/../vm/extract-vmlinux.sh" "$ROOT/boot/vmlinuz-$kver" "$DIR.tmp/vmlinux"
# The VM harness mounts its shares here and needs them to exist.
mkdir -p "$ROOT/lower" "$ROOT/upper"
# apt's downloaded .debs are not needed any more.
rm -rf "$ROOT"/var/cache/apt/archives/*.deb

dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f='${Package} ${Version}\n' \
	"linux-image-$kver" "linux-headers-$kver" linux-image-amd64 rtpengine-daemon rtpengine-utils \
	dkms iptables nftables >"$DIR.tmp/versions"
t1=$(date +%s)
echo "$((t1 - t0))" >"$DIR.tmp/build-seconds"
du -sm "$ROOT" | cut -f1 >"$DIR.tmp/size-mib"
# shellcheck disable=SC2086
printf '%s\n' $PKGS >"$DIR.tmp/packages"
{
	echo "KVER=$kver"
	echo "VM_KERNEL=$DIR/vmlinux"
	echo "VM_MODTREE=$DIR/root/lib/modules/$kver"
	echo "ROOT=$DIR/root"
} >"$DIR.tmp/env"
rm -rf "$DIR"
mv "$DIR.tmp" "$DIR"
log "built $kver root in $((t1 - t0)) s, $(cat "$DIR/size-mib") MiB: $DIR"
echo "$DIR"
