#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# check-spec.sh [--update | --extract-only]: proves include/uapi/linux/rtpfwd.yaml
# the complete description of the generic netlink ABI, on the host (no VM).
#
#  1. extracts tools/net/ynl and Documentation/netlink from Debian's
#     linux-source-6.12 into $BUILD/spec/linux (once per tarball);
#  2. validates the spec against the kernel's schema (ynl's loader, with
#     python3-jsonschema);
#  3. regenerates the uapi header and the kernel policy/op table with the
#     kernel's ynl-gen-c.py and fails when include/uapi/linux/generated/
#     differs (--update rewrites it instead);
#  4. compiles a _Static_assert per constant of rtpfwd.h against the generated
#     header: every command, attribute, enum value, flag bit, limit and *_MAX
#     of the hand-written header must exist in the spec with the same value,
#     and the spec must define nothing rtpfwd.h lacks (but the notification
#     numbers, asserted equal to their commands');
#  5. compiles the module's genl_ops table and nla_policy arrays beside the
#     generated ones (tests/spec/compare_policies.c) and compares them:
#     commands, do/dump, flags, maxattr, per attribute type and checks;
#  6. compiles the generated kernel source with Kbuild for each kernel in
#     SPEC_KVERS (make check-spec: the VM test kernels).
# The VM tests' own netlink client and the fuzzers take every number from
# rtpfwd.h at run time (tests/kernel/lib/uapi.py), so step 4 covers them.
# Any difference ends it with one "check-spec: ..." line and exit status 1.
# --extract-only does step 1 and prints the ynl directory (for the VM test).
#
# POSIX sh and mawk: no bash, no GNU awk extensions.
set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$REPO/build}
CC=${CC:-gcc}
PYTHON=${PYTHON:-/usr/bin/python3}
SPEC=$REPO/include/uapi/linux/rtpfwd.yaml
HAND=$REPO/include/uapi/linux/rtpfwd.h
GEN_DIR=$REPO/include/uapi/linux/generated
CACHE=$BUILD/spec/linux
WORK=$BUILD/spec/work

die() {
	echo "check-spec: $*" >&2
	exit 1
}

mode=check
case ${1:-} in
--update) mode=update ;;
--extract-only) mode=extract ;;
"") ;;
*) die "usage: $0 [--update | --extract-only]" ;;
esac

# ---- 1. the kernel's ynl tools and schemas, extracted once ---------------
tarball=${LINUX_SOURCE_TAR:-}
if [ -z "$tarball" ]; then
	for f in /usr/src/linux-source-6.12*.tar.xz; do tarball=$f; done	# the last in order
fi
if ! [ -f "$tarball" ]; then
	die "no /usr/src/linux-source-6.12*.tar.xz (apt-get install linux-source-6.12, or make deps)"
fi
stamp="$tarball $(stat -c %s:%Y "$tarball")"
if [ "$(cat "$CACHE/.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -rf "$CACHE" "$CACHE.tmp"
	mkdir -p "$CACHE.tmp"
	tar -xf "$tarball" -C "$CACHE.tmp" --strip-components=1 --wildcards \
		'*/Documentation/netlink/*' '*/tools/net/ynl/*' ||
		die "cannot extract the ynl tools from $tarball"
	# compiled once here: the VM test would compile them at every boot
	"$PYTHON" -m compileall -q "$CACHE.tmp/tools/net/ynl/lib" >/dev/null ||
		die "cannot byte-compile $CACHE.tmp/tools/net/ynl/lib"
	echo "$stamp" >"$CACHE.tmp/.stamp"
	mv "$CACHE.tmp" "$CACHE"
fi
YNL=$CACHE/tools/net/ynl
if ! [ -f "$YNL/ynl-gen-c.py" ] || ! [ -f "$YNL/lib/ynl.py" ]; then
	die "$YNL lacks ynl-gen-c.py or lib/ynl.py"
fi
if [ "$mode" = extract ]; then
	echo "$YNL"
	exit 0
fi

# ---- 2. schema validation --------------------------------------------------
# ynl-gen-c.py wants a kernel tree around its spec (it walks up to MAINTAINERS
# and names the spec relative to it in its output) and reads the schema from
# the spec's grandparent directory: a tree of three files mimics that, so the
# generated files name include/uapi/linux/rtpfwd.yaml, as in this repository.
rm -rf "$WORK"
mkdir -p "$WORK/tree/include/uapi/linux" "$WORK/gen"
: >"$WORK/tree/MAINTAINERS"
proto=$(sed -n 's/^protocol:[[:space:]]*\([a-z-]*\).*/\1/p' "$SPEC")
[ -n "$proto" ] || die "rtpfwd.yaml names no protocol"
schema=$CACHE/Documentation/netlink/$proto.yaml
[ -f "$schema" ] || die "the kernel has no schema $proto.yaml"
cp "$schema" "$WORK/tree/include/uapi/"
cp "$SPEC" "$WORK/tree/include/uapi/linux/rtpfwd.yaml"
spec=$WORK/tree/include/uapi/linux/rtpfwd.yaml

"$PYTHON" - "$YNL/lib" "$spec" "$schema" <<'EOF' || exit 1
import sys
sys.path.insert(0, sys.argv[1])
import jsonschema  # python3-jsonschema: the validation must not be skipped
from nlspec import SpecFamily
try:
    SpecFamily(sys.argv[2], sys.argv[3])
except jsonschema.ValidationError as e:
    where = "/".join(str(p) for p in e.absolute_path) or "top level"
    sys.exit(f"check-spec: rtpfwd.yaml breaks the kernel's schema at {where}: "
             f"{e.message.splitlines()[0]}")
except Exception as e:
    sys.exit(f"check-spec: rtpfwd.yaml does not load: {type(e).__name__}: {e}")
EOF

# ---- 3. generated files, committed and regenerated identically -----------
gen() { # gen MODE header|source FILE
	"$PYTHON" "$YNL/ynl-gen-c.py" --mode "$1" "--$2" --spec "$spec" \
		-o "$WORK/gen/$3" >"$WORK/gen/$3.log" 2>&1 ||
		die "ynl-gen-c.py --mode $1 --$2 failed: $(tail -n 1 "$WORK/gen/$3.log")"
}
gen uapi header rtpfwd.h
gen kernel header rtpfwd-nl.h
gen kernel source rtpfwd-nl.c
for f in rtpfwd.h rtpfwd-nl.h rtpfwd-nl.c; do
	if [ "$mode" = update ]; then
		mkdir -p "$GEN_DIR"
		cp "$WORK/gen/$f" "$GEN_DIR/$f"
	elif ! cmp -s "$WORK/gen/$f" "$GEN_DIR/$f"; then
		die "include/uapi/linux/generated/$f differs from what ynl-gen-c.py makes of rtpfwd.yaml (tests/spec/check-spec.sh --update rewrites it)"
	fi
done

# ---- 4. every constant of rtpfwd.h equals the spec's ----------------------
# The generated header with every RTPFWD_/RTPENGINE_/rtpfwd_ name prefixed
# GEN_, so that one file can include both headers.
sed -E -e 's/_UAPI_LINUX_RTPFWD_H/GEN_UAPI_LINUX_RTPFWD_H/g' \
	-e 's/(^|[^A-Za-z0-9_])(_*(RTPFWD_|RTPENGINE_|rtpfwd_))/\1GEN_\2/g' \
	"$WORK/gen/rtpfwd.h" >"$WORK/gen-renamed.h"

# names HEADER: every macro (but the include guard) and enum constant
names() {
	{
		"$CC" -E -dM -x c "$1" | awk '$1 == "#define" && $2 !~ /^_UAPI_|^__STDC|^__GNUC|^__[a-z]/ &&
			$2 ~ /^_*(RTPFWD|RTPENGINE)_/ { print $2 }'
		"$CC" -E -P -x c "$1" | awk '
			/^[ \t]*enum[ \t]/ { inside = 1; next }
			inside && /}/ { inside = 0; next }
			inside && match($0, /^[ \t]*[A-Za-z_][A-Za-z0-9_]*/) {
				s = substr($0, RSTART, RLENGTH); gsub(/[ \t]/, "", s); print s
			}'
	} | sort -u
}
names "$HAND" >"$WORK/hand.names"
names "$WORK/gen/rtpfwd.h" >"$WORK/gen.names"
[ -s "$WORK/hand.names" ] || die "no constants found in rtpfwd.h"

# Names ynl-gen cannot spell as rtpfwd.h does: HAND-NAME GENERATED-EXPRESSION.
# Definitions (consts) are always prefixed with the family's name; a flags
# set renders its union as _MASK; commands are numbered from 1 (0 unused).
cat >"$WORK/map" <<'EOF'
RTPFWD_CMD_UNSPEC 0
RTPFWD_TABLES RTPENGINE_TABLES
RTPFWD_TABLE_ID_MAX RTPENGINE_TABLE_ID_MAX
RTPFWD_OUTPUTS_MAX RTPENGINE_OUTPUTS_MAX
RTPFWD_PAYLOAD_TYPES_MAX RTPENGINE_PAYLOAD_TYPES_MAX
RTPFWD_SSRCS_MAX RTPENGINE_SSRCS_MAX
RTPFWD_PT_REPLACE_MAX RTPENGINE_PT_REPLACE_MAX
RTPFWD_PT_PATTERN_MAX RTPENGINE_PT_PATTERN_MAX
RTPFWD_RECORDING_PACKETS_MAX RTPENGINE_RECORDING_PACKETS_MAX
RTPFWD_RECORDING_NAME_MAX RTPENGINE_RECORDING_NAME_MAX
RTPFWD_RULE_F_ALL RTPFWD_RULE_F_MASK
EOF

# Names only the spec has, each equal to a constant of rtpfwd.h: GENERATED-NAME
# HAND-NAME. Notifications repeat the number of the command causing them.
cat >"$WORK/aliases" <<'EOF'
RTPFWD_CMD_TABLE_NEW_NTF RTPFWD_CMD_TABLE_NEW
RTPFWD_CMD_TABLE_DEL_NTF RTPFWD_CMD_TABLE_DEL
RTPFWD_CMD_RULE_NEW_NTF RTPFWD_CMD_RULE_NEW
RTPFWD_CMD_RULE_DEL_NTF RTPFWD_CMD_RULE_DEL
EOF

# pairs: HAND-NAME GENERATED-NAME-or-EXPRESSION, or "HAND-NAME -" when unmatched
awk 'FILENAME == ARGV[1] { map[$1] = $2; next }
     FILENAME == ARGV[2] { gen[$1] = 1; next }
     {
	if ($1 in map) g = map[$1]; else if ($1 in gen) g = $1; else g = "-"
	print $1, g
     }' "$WORK/map" "$WORK/gen.names" "$WORK/hand.names" >"$WORK/pairs"
unmatched=$(awk '$2 == "-" { print $1 }' "$WORK/pairs" | tr '\n' ' ' | sed 's/ $//')
[ -z "$unmatched" ] || die "rtpfwd.h defines what rtpfwd.yaml lacks: $unmatched"
extra=$(awk 'FILENAME == ARGV[1] { used[$1] = 1; next }
	FILENAME == ARGV[2] { used[$2] = 1; next }
	!($1 in used) { print $1 }' \
	"$WORK/aliases" "$WORK/pairs" "$WORK/gen.names" | tr '\n' ' ' | sed 's/ $//')
[ -z "$extra" ] || die "rtpfwd.yaml defines what rtpfwd.h lacks: $extra"

# String macros compare as text, everything else as an integer constant.
"$CC" -E -dM -x c "$HAND" | sort >"$WORK/hand.macros"
"$CC" -E -dM -x c "$WORK/gen/rtpfwd.h" | sort >"$WORK/gen.macros"
awk 'FILENAME == ARGV[1] { if ($3 ~ /^"/) gen[$2] = $3; next }
     FILENAME == ARGV[2] { if ($3 ~ /^"/) hand[$2] = $3; next }
     ($1 in hand) {
	if (!($2 in gen)) { print "S", $1, "is a string in rtpfwd.h but not in the spec"; next }
	print (hand[$1] == gen[$2] ? "S" : "X"), $1, hand[$1], gen[$2]
	next
     }
     { print "N", $1, $2 }' "$WORK/gen.macros" "$WORK/hand.macros" "$WORK/pairs" >"$WORK/kinds"
bad=$(awk '$1 == "X" { print $2 " is " $3 " in rtpfwd.h, " $4 " in the spec"; exit }' "$WORK/kinds")
[ -z "$bad" ] || die "$bad"
bad=$(awk '$1 == "S" && NF > 4 { $1 = ""; print; exit }' "$WORK/kinds")
[ -z "$bad" ] || die "$bad"

{
	echo "#include \"$HAND\""
	echo "#include \"$WORK/gen-renamed.h\""
	awk 'FILENAME == ARGV[1] {
		printf "_Static_assert((long long)(GEN_%s) == (long long)(%s), \"%s\");\n", $1, $2, $1
		next
	}
	$1 == "N" {
		g = ($3 ~ /^[0-9]+$/) ? $3 : "GEN_" $3
		printf "_Static_assert((long long)(%s) == (long long)(%s), \"%s\");\n", $2, g, $2
	}' "$WORK/aliases" "$WORK/kinds"
} >"$WORK/asserts.c"
if ! "$CC" -std=c11 -fsyntax-only -Werror "$WORK/asserts.c" >"$WORK/asserts.log" 2>&1; then
	name=$(sed -n 's/.*static assertion failed: "\([A-Za-z0-9_]*\)".*/\1/p' "$WORK/asserts.log" | head -n 1)
	[ -n "$name" ] || die "the assertions do not compile: $(grep -m1 error "$WORK/asserts.log")"
	die "$name differs between rtpfwd.h and rtpfwd.yaml (see $WORK/asserts.log)"
fi

# ---- 5. the kernel's op table and policies equal the generated ones -------
# extract_policies SIDE FILE...: the nla_policy and genl_ops arrays of FILEs,
# "static" dropped, function pointers replaced by 1, the op table last.
extract_policies() {
	side=$1
	shift
	awk -v side="$side" '
	/(nla_policy|genl_ops)[ \t]+[A-Za-z0-9_]+\[[^=]*\][ \t]*=[ \t]*\{[ \t]*$/ {
		grab = 1; ops = ($0 ~ /genl_ops/); buf = ""
		name = $0; sub(/\[.*/, "", name); sub(/.*[ \t]/, "", name)
		sub(/^static[ \t]+/, "")
	}
	grab {
		if (ops) {
			sub(/\.doit[ \t]*=[ \t]*[A-Za-z0-9_]+/, ".doit = 1")
			sub(/\.dumpit[ \t]*=[ \t]*[A-Za-z0-9_]+/, ".dumpit = 1")
			sub(/\.start[ \t]*=[ \t]*[A-Za-z0-9_]+/, ".start = 1")
			sub(/\.done[ \t]*=[ \t]*[A-Za-z0-9_]+/, ".done = 1")
		}
		buf = buf $0 "\n"
		if ($0 ~ /^};/) {
			grab = 0
			if (ops) { opsbuf = opsbuf buf; nops++; opsname = name }
			else { printf "%s", buf; names = names "\t{ " name ", \"" name "\" },\n" }
		}
	}
	END {
		if (nops != 1) { print "#error " side ": " nops + 0 " genl_ops tables"; exit }
		printf "%s#define %s_OPS %s\n", opsbuf, toupper(side), opsname
		printf "#define %s_NAMES \\\n", toupper(side)
		n = split(names, lines, "\n")
		for (i = 1; i < n; i++) printf "%s \\\n", lines[i]
		print ""
	}' "$@"
}
{
	grep '^#define RTPENGINE_' "$WORK/gen/rtpfwd.h"
	grep '^extern const struct nla_policy' "$WORK/gen/rtpfwd-nl.h"
	# shellcheck disable=SC2046
	extract_policies hand $(find "$REPO/module" -name '*.c' | sort)
	extract_policies gen "$WORK/gen/rtpfwd-nl.c"
	echo "static const struct named_policy named_policies[] = { HAND_NAMES GEN_NAMES };"
} >"$WORK/policies.inc"
"$CC" -std=gnu11 -Wall -Werror -I "$REPO/include/uapi" -I "$WORK" \
	-o "$WORK/compare_policies" "$REPO/tests/spec/compare_policies.c" >"$WORK/compare.log" 2>&1 ||
	die "the op tables and policies do not compile for comparison: $(grep -m1 error "$WORK/compare.log")"
policies=$("$WORK/compare_policies") || { echo "$policies" | tail -n 1 >&2; exit 1; }

# ---- 6. the generated kernel source compiles for each kernel of SPEC_KVERS
# (Kbuild and the kernel's own flags, warnings are errors; nothing is linked;
# the kernels in parallel)
jobs=""
for kver in ${SPEC_KVERS:-}; do
	kdir=/usr/src/linux-headers-$kver
	[ -d "$kdir" ] || die "no $kdir (SPEC_KVERS)"
	dir=$WORK/kbuild-$kver
	mkdir -p "$dir/include/uapi/linux"
	cp "$WORK/gen/rtpfwd-nl.c" "$WORK/gen/rtpfwd-nl.h" "$dir/"
	cp "$WORK/gen/rtpfwd.h" "$dir/include/uapi/linux/"
	# shellcheck disable=SC2016 # $(src) is Kbuild's
	printf 'obj-m := rtpfwd-nl.o\nccflags-y := -I$(src)/include -Werror\n' >"$dir/Kbuild"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$kdir" M="$dir" rtpfwd-nl.o \
		>"$dir/build.log" 2>&1 &
	jobs="$jobs $!:$kver"
done
for job in $jobs; do
	wait "${job%%:*}" || die "ynl-gen's kernel source does not compile for ${job#*:}: $(grep -m1 -e error "$WORK/kbuild-${job#*:}/build.log")"
done

aliases=$(wc -l <"$WORK/aliases")
numeric=$(($(grep -c '^_Static_assert' "$WORK/asserts.c") - aliases))
strings=$(awk '$1 == "S"' "$WORK/kinds" | wc -l)
total=$(wc -l <"$WORK/hand.names")
[ $((numeric + strings)) -eq "$total" ] || die "checked $((numeric + strings)) of $total constants"

echo "check-spec: rtpfwd.yaml valid ($proto), generated files $([ "$mode" = update ] && echo rewritten || echo unchanged), $total constants of rtpfwd.h equal to the spec ($numeric asserted, $strings strings; $aliases notification numbers), kernel op table and policies equal to the generated ones ($policies)${SPEC_KVERS:+, generated kernel source compiles for $SPEC_KVERS}"
