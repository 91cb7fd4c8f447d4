#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 60
# Garbage in, nothing changed: 1,000 random writes to each /proc control file
# and 1,000 malformed generic netlink requests.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd

"$RTPNL" table add 42
"$RTPNL" table add 3
before=$(tables)

res=$($PYTHON - "$PROC" <<'PY'
import errno, os, random, re, sys
proc = sys.argv[1]
rng = random.Random(20261124)
valid = re.compile(rb"^(add|del) [0-9]+\n?$")
seeds = [b"add 42", b"del 3", b"add 5\n", b"del 42\n", b"add 63"]
def garbage():
    kind = rng.randrange(4)
    if kind == 0:
        return os.urandom(rng.randrange(1, 80))
    if kind == 1:   # printable noise
        return bytes(rng.randrange(32, 127) for _ in range(rng.randrange(1, 40)))
    data = bytearray(rng.choice(seeds))
    for _ in range(rng.randrange(1, 4)):   # mutate a valid command
        op = rng.randrange(3)
        pos = rng.randrange(len(data) + 1)
        if op == 0:
            data.insert(pos, rng.randrange(256))
        elif op == 1 and len(data) > 1:
            del data[min(pos, len(data) - 1)]
        else:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
    return bytes(data)
results = {}
sent = 0
for path in (f"{proc}/control", f"{proc}/42/control"):
    n = 0
    while n < 1000:
        data = garbage()
        if path.endswith("/rtpengine/control") and valid.match(data):
            continue    # a well-formed command is not garbage
        fd = os.open(path, os.O_WRONLY)
        try:
            os.write(fd, data)
            results["accepted"] = results.get("accepted", 0) + 1
        except OSError as e:
            results[errno.errorcode[e.errno]] = results.get(errno.errorcode[e.errno], 0) + 1
        finally:
            os.close(fd)
        n += 1
        sent += 1
print(f"sent={sent} " + " ".join(f"{k}={v}" for k, v in sorted(results.items())))
PY
)
echo "$res"
expect_match "2,000 garbage writes sent" "$res" "^sent=2000 "
expect_eq "none accepted" "$(echo "$res" | grep -c accepted)" "0"
expect_eq "garbage to /proc control files changed nothing" "$(tables)" "$before"

out=$($GENL fuzz 1000 7)
expect_eq "1,000 malformed genl requests all rejected" "$out" "sent=1000 accepted=0"
expect_eq "and changed nothing" "$(tables)" "$before"
"$RTPNL" table del 42
"$RTPNL" table del 3
expect_eq "clean" "$(modrefs)" "0"
finish
