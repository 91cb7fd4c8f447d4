#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""trace-profile.py TRACE... [--top N]: where a VM test's time goes.

Reads the bash -x traces that tests/vm/guest-run.sh keeps with
VM_TRACE_KEEP=1 ("+ EPOCHREALTIME FILE:LINE: command") and charges the time
from one traced line to the next to the first one, summed by FILE:LINE over
every trace given: the lines that cost the most, with how often they ran.
Lines of background jobs interleave with the foreground's, so a line's time
is approximate; the totals per script are exact.
"""
import re
import sys
from collections import defaultdict

LINE = re.compile(r"^\++ (\d+\.\d+) (\S+:\d+): ?(.*)$")


def main(argv):
    top = 25
    files = []
    it = iter(argv)
    for a in it:
        if a == "--top":
            top = int(next(it))
        else:
            files.append(a)
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    cost = defaultdict(float)
    count = defaultdict(int)
    text = {}
    for f in files:
        prev = None
        first = last = None
        with open(f, errors="replace") as fh:
            for line in fh:
                m = LINE.match(line)
                if not m:
                    continue
                t, where, cmd = float(m.group(1)), m.group(2), m.group(3)
                first = t if first is None else first
                last = t
                if prev is not None:
                    cost[prev[1]] += t - prev[0]
                count[where] += 1
                text.setdefault(where, cmd[:90])
                prev = (t, where)
        if first is not None:
            print(f"{f}: {last - first:.1f} s traced")
    print(f"\n{'seconds':>8} {'runs':>5}  line")
    for where, c in sorted(cost.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{c:8.1f} {count[where]:5d}  {where}: {text[where]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
