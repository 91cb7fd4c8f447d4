#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The kernel module's layering, checked (make check-layering, part of make
# check). module/core/ (tables, rules, the packet path) is below its control
# planes (module/control/: generic netlink, /proc, rtpengine 10.5's ABI):
#   1. no core file includes a control-plane header, or netlink-family or
#      /proc machinery (genetlink.h, proc_fs.h, seq_file.h);
#   2. no core file names a control-plane function (rtpfwd_genl_*,
#      rtpfwd_proc_*, rtpfwd_compat_*): changes leave the core as events;
#   3. no kernel source file is over 500 lines, and each says what it is in
#      its first comment (line 2 opens it, after the SPDX line).
# Exit status 0 when all hold; otherwise one line per breach, naming it.
set -eu
cd "$(dirname "$0")/../.."

fail=0
breach() {
	echo "layering: $*" >&2
	fail=1
}

core=$(find module/core -name '*.[ch]' | sort)
[ -n "$core" ] || { echo "layering: no module/core sources" >&2; exit 2; }

# scan PATTERN WHAT: every line of a core file matching PATTERN is a breach
scan() {
	hits=$(grep -nE "$1" $core || true)
	[ -z "$hits" ] || {
		echo "$hits" | sed "s/\$/: the core $2/; s/^/layering: /" >&2
		fail=1
	}
}
scan '^[[:space:]]*#[[:space:]]*include[[:space:]]*("(\.\./)?control/|"(genl|proc|proc_compat|compat)\.h"|<net/genetlink\.h>|<linux/proc_fs\.h>|<linux/seq_file\.h>)' \
	"includes a control-plane header"
scan '\brtpfwd_(genl|proc|compat)_[a-z0-9_]+' "names a control-plane function"

for f in $(find module nft-expr xt-compat -name '*.[ch]' ! -name '*.mod.c' | sort); do
	n=$(wc -l <"$f")
	[ "$n" -le 500 ] || breach "$f: $n lines (at most 500: split it by concern)"
	second=$(sed -n 2p "$f")
	case "$second" in "/*"*) ;; *) breach "$f: line 2 does not open the comment that says what the file is" ;; esac
done

[ "$fail" = 0 ] && echo "layering: module/core includes and calls nothing of module/control; $(echo "$core" | wc -l) core files, every kernel source <= 500 lines"
exit "$fail"
