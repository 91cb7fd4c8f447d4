#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The VM tests' raw netlink client (tests/kernel/lib/genl.py) numbers the
ABI by hand; every one of its numbers must equal include/uapi/linux/rtpfwd.h's
(which check-spec.sh proves equal to rtpfwd.yaml). Prints one line: what was
compared, or the first difference (exit status 1)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "fuzz"))
sys.path.insert(0, os.path.join(REPO, "tests", "kernel", "lib"))
import fuzzlib  # noqa: E402  (the fuzzers' parser of rtpfwd.h)
import genl  # noqa: E402

abi = fuzzlib.rtpfwd_abi()
pairs = [(f"CMDS[{k}]", v, f"RTPFWD_CMD_{k}") for k, v in genl.CMDS.items()]
pairs += [(f"ATTRS[{k}]", v, f"RTPFWD_A_{k.upper()}") for k, v in genl.ATTRS.items()]
pairs.append(("A_RULE", genl.A_RULE, "RTPFWD_A_RULE"))
prefixes = {"RULE_F_": "RTPFWD_RULE_F_", "RULE_": "RTPFWD_RULE_A_", "EP_": "RTPFWD_EP_A_",
            "OUT_": "RTPFWD_OUT_A_", "STATS_": "RTPFWD_STATS_A_", "PT_": "RTPFWD_PT_A_",
            "SSRC_": "RTPFWD_SSRC_A_"}
for name in dir(genl):
    for short, full in prefixes.items():
        if name.startswith(short) and isinstance(getattr(genl, name), int):
            pairs.append((name, getattr(genl, name), full + name[len(short):]))
            break
bad = [f"genl.py {n} = {v}, rtpfwd.h {h} = {abi.get(h, 'missing')}"
       for n, v, h in pairs if abi.get(h) != v]
if bad:
    print("check-spec: " + bad[0], file=sys.stderr)
    sys.exit(1)
print(f"genl.py: {len(pairs)} numbers equal to rtpfwd.h")
