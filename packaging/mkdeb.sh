#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# mkdeb.sh OUTDIR VERSION: build the Debian packages (rtpfwd-dkms, rtpnl,
# librtpnl1, librtpnl-dev, rtpfwd-iptables) with dpkg-buildpackage from a
# copy of the sources (the files git knows, committed or not, else the
# whole tree without build/), packaging/debian as debian/, then run lintian on them. Nothing is
# downloaded. The .debs land in OUTDIR.
set -eu
OUT=$1
VERSION=$2
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

changelog=$(dpkg-parsechangelog -l packaging/debian/changelog -SVersion)
if [ "$changelog" != "$VERSION" ]; then
	echo "mkdeb: packaging/debian/changelog says $changelog, CMakeLists.txt $VERSION" >&2
	exit 1
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
src=$OUT/src/rtpfwd-$VERSION
rm -rf "$OUT/src" "$OUT"/*.deb "$OUT"/*.changes "$OUT"/*.buildinfo
mkdir -p "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		xargs -0 cp --parents -t "$src"
else
	tar -C "$REPO" --exclude=./build --exclude=./.git -cf - . | tar -C "$src" -xf -
fi
cp -a packaging/debian "$src/debian"

t0=$(date +%s)
(cd "$src" && dpkg-buildpackage -us -uc -b -j"$(nproc)") >"$OUT/build.log" 2>&1 || {
	tail -n 40 "$OUT/build.log" >&2
	echo "mkdeb: dpkg-buildpackage failed; log: $OUT/build.log" >&2
	exit 1
}
mv "$OUT"/src/*.deb "$OUT"/src/*.changes "$OUT"/src/*.buildinfo "$OUT"/
echo "mkdeb: built in $(($(date +%s) - t0)) s:" >&2
ls -1 "$OUT"/*.deb >&2

if command -v lintian >/dev/null; then
	lintian --display-info \
		"$OUT"/*.changes >"$OUT/lintian.log" 2>&1 || true
	if [ -s "$OUT/lintian.log" ]; then
		echo "mkdeb: lintian ($OUT/lintian.log):" >&2
		cut -c1-160 "$OUT/lintian.log" | sort -u | head -n 40 >&2
	else
		echo "mkdeb: lintian clean" >&2
	fi
fi
