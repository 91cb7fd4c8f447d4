# SPDX-License-Identifier: GPL-2.0
"""The ABI's numbers for the test tools, parsed from include/uapi/linux/*.h at
run time (enum members and integer #defines): the raw netlink client
(genl.py) and the fuzzers number nothing by hand, so a renumbered or grown
ABI is tested as it is. check-spec.sh proves rtpfwd.h equal to rtpfwd.yaml.

Standard library only: the VM guest runs the host's /usr/bin/python3.
"""
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
UAPI = os.path.join(REPO, "include", "uapi", "linux")


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _c_eval(expr, names):
    """An integer constant expression of the header: numbers (U/L suffixes),
    names already known, + - * / << >> | & ~ and parentheses."""
    expr = expr.strip()
    if not expr:
        raise ValueError("empty")

    def name(m):
        word = m.group(0)
        if word in names:
            return f"({names[word]})"
        if re.fullmatch(r"0[xX][0-9a-fA-F]+[uUlL]*|[0-9]+[uUlL]*", word):
            return word.rstrip("uUlL")
        raise ValueError(word)
    py = re.sub(r"\b[A-Za-z_0-9]+\b", name, expr).replace("/", "//")
    if not re.fullmatch(r"[0-9a-fA-FxX()+\-*/<>|&~ \t]*", py):
        raise ValueError(expr)
    return int(eval(py, {"__builtins__": {}}))  # noqa: S307 - checked above


def parse_header(*files):
    """{NAME: value} of every enum member and integer #define in the headers."""
    names = {}
    for path in files:
        text = _strip_comments(open(path).read()).replace("\\\n", " ")
        for m in re.finditer(r"^\s*#define\s+([A-Za-z_0-9]+)[ \t]+(.+?)\s*$", text, re.M):
            try:
                names[m.group(1)] = _c_eval(m.group(2), names)
            except (ValueError, SyntaxError):
                pass    # strings ("rtpengine"), include guards
        for body in re.findall(r"\benum\s+\w*\s*\{(.*?)\}", text, re.S):
            value = -1
            for member in body.split(","):
                member = member.strip()
                if not member:
                    continue
                key, _, expr = member.partition("=")
                key = key.strip()
                value = _c_eval(expr, names) if expr.strip() else value + 1
                names[key] = value
    return names


def enum_members(names, prefix):
    """{suffix: value} of the names with @prefix, without the __X_MAX/X_MAX
    and UNSPEC bookkeeping members."""
    out = {}
    for key, value in names.items():
        if key.startswith(prefix):
            suffix = key[len(prefix):]
            if suffix in ("MAX", "UNSPEC") or key.startswith("__"):
                continue
            out[suffix] = value
    return out


def rtpfwd_abi():
    return parse_header(os.path.join(UAPI, "rtpfwd.h"))
