#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# timeout: 300
# Readers of a large table's N/list and N/blist must not hurt the host: every
# rule is listed, and 8 readers at once (4 of list, 4 of blist, each read to
# its end) make the kernel's unreclaimable slab plus vmalloc grow by less than
# 1 MB: no per-open copy of the table's keys, no buffer as large as the list.
# RTPFWD_READERS_RULES sets the table size. 20,000 by default: ~22 s on an
# idle host (50,000 took 85 s beside another VM). The issue's 1,000,000 does
# not fit a CI run. Measured on 6.1 with VM_MEM=3072M VM_TIMEOUT_FACTOR=6:
# adding them took 168 s (and Python 112 s to build the messages), one list
# read 21 s, the 8 readers 865 s; memory grew 232 kB; 1,231 s in all.
. "$(dirname "$0")/lib/common.sh"
NS=pr-ns
ip netns add $NS
genl_serve $NS
n() { ip netns exec $NS "$@"; }
COUNT=${RTPFWD_READERS_RULES:-20000}
RECORD=15872	# struct rtpe10_list_entry
LIMIT_KB=1024

t0=$SECONDS
expect_eq "table" "$(genl req TABLE_NEW table_id=42 | head -1)" "errno=0 msg="
out=$(genl bulk-add 42 "$COUNT" 256 0 errors-only)
echo "MEASURE: bulk-add $out"
expect_match "bulk-add: $COUNT rules" "$out" "^added=$COUNT errors=OK=$COUNT "

t1=$SECONDS
expect_eq "N/list lists every rule" "$(n grep -c '^local ' $PROC/42/list)" "$COUNT"
echo "MEASURE: one list read $((SECONDS - t1)) s"

sync
echo 3 >/proc/sys/vm/drop_caches
out=$(n $PYTHON - "$COUNT" "$RECORD" <<'PY'
import os, sys, time
count, record = int(sys.argv[1]), int(sys.argv[2])

def kmem():
    """kB of unreclaimable slab + vmalloc: where per-open buffers go."""
    total = 0
    with open("/proc/meminfo") as f:
        for line in f:
            key, value = line.split(":", 1)
            if key in ("SUnreclaim", "VmallocUsed"):
                total += int(value.split()[0])
    return total

base = min(kmem() for _ in range(5))
t0 = time.time()
files = [("list", os.open("/proc/rtpengine/42/list", os.O_RDONLY), 65536) for _ in range(4)] + \
        [("blist", os.open("/proc/rtpengine/42/blist", os.O_RDONLY), record) for _ in range(4)]
peak, got, live, rounds = kmem(), {i: 0 for i in range(8)}, set(range(8)), 0
tail = {i: b"\n" for i in range(4)}   # "\nlocal " split between two reads
while live:
    for i in list(live):
        kind, fd, size = files[i]
        data = os.read(fd, size)
        if not data:
            live.discard(i)
        elif kind == "list":
            data = tail[i] + data
            got[i] += data.count(b"\nlocal ")
            tail[i] = data[-6:]
        else:
            got[i] += len(data) == record
    rounds += 1
    if rounds % 64 == 0:    # per-open memory lasts until close: no need to look often
        peak = max(peak, kmem())
peak = max(peak, kmem())
for _, fd, _ in files:
    os.close(fd)
print(f"readers=8 seconds={time.time() - t0:.1f} growth_kb={peak - base} "
      f"list={','.join(str(got[i]) for i in range(4))} "
      f"blist={','.join(str(got[i]) for i in range(4, 8))}")
PY
)
echo "MEASURE: $out"
all4="$COUNT,$COUNT,$COUNT,$COUNT"
expect_match "8 concurrent readers: each read every rule" "$out" " list=$all4 blist=$all4\$"
growth=$(echo "$out" | sed -n 's/.*growth_kb=\(-*[0-9]*\).*/\1/p')
# Not on a KASAN kernel (make check-debug): its quarantine keeps every freed
# object unreclaimable for a while (up to 1/32 of RAM), so any reading at
# all grows the slab; the debug run measured 2,404 kB there.
if dmesg | grep -q 'KernelAddressSanitizer initialized'; then
	echo "SKIP: 8 concurrent readers: growth ${growth:-?} kB not judged under KASAN's quarantine"
else
	expect_eq "8 concurrent readers: kernel memory grew ${growth:-?} kB < $LIMIT_KB kB" \
		"$([ "${growth:-99999}" -lt $LIMIT_KB ] && echo yes)" yes
fi

expect_eq "table del" "$(genl req TABLE_DEL table_id=42 | head -1)" "errno=0 msg="
genl_stop
ip netns del $NS
expect_modrefs "nothing left" 0 100
echo "MEASURE: total $((SECONDS - t0)) s"
finish
