#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Drive the rtpengine family with the kernel's YNL library, from rtpfwd.yaml alone.

  ynl_spec.py YNL-DIR SPEC GENL-PY

YNL-DIR is tools/net/ynl of linux-source-6.12 (tests/spec/check-spec.sh
extracts it). No number of the ABI is written here: every command, attribute,
enum and flag is encoded and decoded by name through the spec, so a wrong
number in the spec fails the caller's checks. Runs one fixed scenario in one
process (python start-up is slow under emulation) and prints one line per
step, "STEP<TAB>RESULT", for 22-ynl-spec.sh to compare with what it
configured: RESULT is "ok", a canonical rendering of the reply, or
"errno=NAME msg=EXTACK [bad-attr=PATH] [miss-type=NAME]". While the rule
exists, the raw client GENL-PY (tests/kernel/lib/genl.py) reads
it too, for the caller to compare.
"""
import contextlib
import errno
import io
import ipaddress
import os
import sys

import yaml  # noqa: E402

# libyaml's parser for the spec: pure-Python PyYAML takes seconds under emulation
if getattr(yaml, "CSafeLoader", None):
    yaml.safe_load = lambda stream: yaml.load(stream, Loader=yaml.CSafeLoader)
sys.path.insert(0, sys.argv[1])
from lib import Netlink, NlError, YnlFamily  # noqa: E402

# schema '': check-spec.sh validated the spec on the host; jsonschema is slow here
ynl = YnlFamily(sys.argv[2], schema="")
CREATE_EXCL = [Netlink.NLM_F_CREATE, Netlink.NLM_F_EXCL]


def ep(text):
    """'1.2.3.4:5' or '[::1]:5' -> endpoint nest values"""
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    family = "addr6" if ":" in host else "addr4"
    return {family: ipaddress.ip_address(host).packed, "port": int(port)}


def ep_text(nest):
    if "addr4" in nest:
        return f"{nest['addr4']}:{nest['port']}"
    return f"[{nest['addr6']}]:{nest['port']}"


def rule_text(msg):
    """A rule reply in genl.py's words (tests/kernel/lib/genl.py rule_text)."""
    rule = msg["rule"]
    words = [f"table {msg['table-id']}", "local " + ep_text(rule["local"])]
    if "expect" in rule:
        words.append("expect " + ep_text(rule["expect"]))
    words.append(f"mismatch {rule['mismatch']}")
    for out in rule.get("output", []):
        words.append(f"out {ep_text(out['src'])},{ep_text(out['dst'])},{out['tos']}")
    if "flags" in rule:
        words.append("flags " + ",".join(sorted(rule["flags"])))
    words += [f"essrc {int(s, 16):x}" for s in rule.get("ssrc", [])]
    words += [f"pt {p['type']}:{p.get('clock-rate', 0)}" for p in rule.get("payload-type", [])]
    words += [f"ptstats {p['type']}:{p['packets']}:{p['bytes']}"
              for p in rule.get("pt-stats", [])]
    words += [f"ssrc {int(s['ssrc'], 16):x}:{s['packets']}:{s['bytes']}:"
              f"{s['ext-seq']}:{s['lost']}:{s['jitter']}" for s in rule.get("ssrc-stats", [])]
    st = rule["stats"]
    words.append(f"stats {st['packets']} {st['bytes']} {st['errors']}")
    return " ".join(words)


def table_text(msg):
    return " ".join(f"{k}={msg[k]}" for k in
                    ("table-id", "table-rules", "table-control-pid", "table-refcnt"))


def error_text(e, miss_set):
    ext = e.nl_msg.extack or {}
    text = f"errno={errno.errorcode.get(e.error, e.error)} msg={ext.get('msg', '')}"
    if "bad-attr" in ext:
        text += f" bad-attr={ext['bad-attr']}"
    if "miss-type" in ext:
        # ynl names a missing attribute only at the top level; in a nest
        # (miss-nest) the caller says which set it is of
        miss = ext["miss-type"]
        if "miss-nest" in ext and miss_set:
            miss = miss_set + "." + ynl.attr_sets[miss_set].attrs_by_val[miss].name
        text += f" miss-type={miss}"
    return text


def step(name, call, show=lambda reply: "ok", miss_set=None):
    try:
        result = show(call())
    except NlError as e:
        result = error_text(e, miss_set)
    print(f"{name}\t{result}", flush=True)


LOCAL = "127.0.0.1:30000"
RULE = {
    "local": ep(LOCAL),
    "expect": ep("127.0.0.1:5000"),
    "mismatch": "drop",
    "output": [
        {"src": ep("127.0.0.1:30002"), "dst": ep("127.0.0.1:6000"), "tos": 46},
        {"src": ep("[::1]:30004"), "dst": ep("[::1]:6004")},
    ],
    "flags": ["rtp", "ssrc", "stun"],
    "payload-type": [{"type": 0, "clock-rate": 8000}, {"type": 8}],
    "ssrc": [0x5EED5EED, 0x1234],
}
RULE6 = {"local": ep("[::1]:30010"),
         "output": [{"src": ep("[::1]:30012"), "dst": ep("[::1]:6010")}]}

# The events of everything below, decoded through the spec's *-ntf
# operations, on a socket of their own: 6.12's ynl.py loses track of its
# request (op = None) when an event arrives among the replies.
events = YnlFamily(sys.argv[2], schema="")
events.ntf_subscribe("notify")
step("table-new 42", lambda: ynl.do("table-new", {"table-id": 42}))
step("table-new 43", lambda: ynl.do("table-new", {"table-id": 43}))
step("table-new 42 again", lambda: ynl.do("table-new", {"table-id": 42}))
step("table-get 42", lambda: ynl.do("table-get", {"table-id": 42}), table_text)
step("rule-new", lambda: ynl.do("rule-new", {"table-id": 42, "rule": RULE}, CREATE_EXCL))
step("rule-new 43", lambda: ynl.do("rule-new", {"table-id": 43, "rule": RULE6}, CREATE_EXCL))
step("rule-new excl", lambda: ynl.do("rule-new", {"table-id": 42, "rule": RULE}, CREATE_EXCL))
step("table-dump", lambda: ynl.dump("table-get", {}),
     lambda msgs: " | ".join(table_text(m) for m in msgs))
step("rule-get", lambda: ynl.do("rule-get", {"table-id": 42, "rule": {"local": ep(LOCAL)}}),
     rule_text)
# genl.py in this process: a second interpreter costs seconds under emulation
sys.path.insert(0, os.path.dirname(sys.argv[3]))
import genl  # noqa: E402
genl_out = io.StringIO()
with contextlib.redirect_stdout(genl_out):
    genl.cmd_rule(genl.Genl(), ["RULE_GET", "42", "local=" + LOCAL])
print("genl.py rule-get\t" + genl_out.getvalue().replace("\n", " | ").strip(" |"), flush=True)
step("rule-dump 42", lambda: ynl.dump("rule-get", {"table-id": 42}),
     lambda msgs: " | ".join(rule_text(m) for m in msgs))
step("rule-dump", lambda: ynl.dump("rule-get", {}),
     lambda msgs: " | ".join(sorted(rule_text(m) for m in msgs)))
step("stats-reset rule", lambda: ynl.do("stats-reset",
                                        {"table-id": 42, "rule": {"local": ep(LOCAL)}}))
step("stats-reset table", lambda: ynl.do("stats-reset", {"table-id": 42}))
step("stats-reset missing table", lambda: ynl.do("stats-reset", {"table-id": 44}))
# invalid requests: the kernel's answer must decode through the spec's names
step("invalid: statistics in a request", lambda: ynl.do(
    "rule-new", {"table-id": 42, "rule": dict(
        RULE, **{"payload-type": [{"type": 0, "packets": 1}]})}, CREATE_EXCL))
step("invalid: table-id over its max", lambda: ynl.do("table-new", {"table-id": 64}))
step("invalid: mismatch over its max", lambda: ynl.do(
    "rule-new", {"table-id": 42, "rule": dict(RULE, mismatch=3)}, CREATE_EXCL))
step("invalid: no output", lambda: ynl.do(
    "rule-new", {"table-id": 42, "rule": {"local": ep("127.0.0.1:30020")}}, CREATE_EXCL),
     miss_set="rule")
step("invalid: rule-del with more than the key", lambda: ynl.do(
    "rule-del", {"table-id": 42, "rule": {"local": ep(LOCAL), "mismatch": "drop"}}))
step("rule-del", lambda: ynl.do("rule-del", {"table-id": 42, "rule": {"local": ep(LOCAL)}}))
step("rule-get deleted", lambda: ynl.do("rule-get",
                                        {"table-id": 42, "rule": {"local": ep(LOCAL)}}))
step("table-del 42", lambda: ynl.do("table-del", {"table-id": 42}))
step("table-del 43", lambda: ynl.do("table-del", {"table-id": 43}))
step("table-dump empty", lambda: ynl.dump("table-get", {}), lambda msgs: f"{len(msgs)} tables")


def event_text(ntf):
    words = [ntf["name"], str(ntf["msg"]["table-id"])]
    if "rule" in ntf["msg"]:
        words.append(ep_text(ntf["msg"]["rule"]["local"]))
    return " ".join(words)


events.check_ntf()
print("events\t" + " | ".join(event_text(n) for n in events.async_msg_queue), flush=True)
