#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 240
# A /proc/net/rtpengine/control file held open past its namespace's death:
# "add N" written while the namespace is being dismantled must not publish a
# table there (it would leak, with its module reference, and rmmod would be
# impossible). Each round opens the control file in a fresh namespace, lets
# the namespace die (nothing but the open file is left of it) and writes
# "add 7" until the file is cut off (EIO). At most the first write, before
# the namespace's tables are deleted, may create the table; after that only
# EEXIST (the table still stands), ENODEV (namespace dying) or EIO.
. "$(dirname "$0")/lib/common.sh"
modprobe rtpfwd
ROUNDS=${NETNS_RACE_ROUNDS:-1000}
# namespaces dying at once: cleanup_net() dismantles them in one batch
BATCH=${NETNS_RACE_BATCH:-10}

t0=$SECONDS
out=$($PYTHON - "$ROUNDS" "$BATCH" <<'PY'
import ctypes, errno, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
rounds, batch = int(sys.argv[1]), int(sys.argv[2])
home = os.open("/proc/self/ns/net", os.O_RDONLY)
counts, late_adds, stuck, done = {}, 0, 0, 0
while done < rounds:
    fds = []
    for _ in range(min(batch, rounds - done)):
        if libc.unshare(CLONE_NEWNET):
            sys.exit(f"unshare: {os.strerror(ctypes.get_errno())}")
        fds.append(os.open("/proc/self/net/rtpengine/control", os.O_WRONLY))
        if libc.setns(home, CLONE_NEWNET):
            sys.exit(f"setns: {os.strerror(ctypes.get_errno())}")
    # Only the open files are left of these namespaces: they are being
    # dismantled now. Write into each until its file is cut off.
    oks = [0] * len(fds)
    live = set(range(len(fds)))
    deadline = time.monotonic() + 60
    while live and time.monotonic() < deadline:
        for i in list(live):
            try:
                os.write(fds[i], b"add 7\n")
                res = "OK"
                oks[i] += 1
            except OSError as e:
                res = errno.errorcode[e.errno]
            counts[res] = counts.get(res, 0) + 1
            if res == "EIO":
                live.discard(i)
    stuck += len(live)
    late_adds += sum(max(n - 1, 0) for n in oks)
    for fd in fds:
        os.close(fd)
    done += len(fds)
print(f"rounds={done} late_adds={late_adds} stuck={stuck} "
      + " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
PY
)
echo "MEASURE: $out ($((SECONDS - t0)) s)"
expect_match "$ROUNDS namespaces died with their control file open" "$out" "^rounds=$ROUNDS "
expect_match "every control file was cut off (EIO) in time" "$out" " stuck=0 "
expect_match "no table created in a dying namespace" "$out" " late_adds=0 "
expect_modrefs "every table of the dead namespaces freed" 0 150
finish
