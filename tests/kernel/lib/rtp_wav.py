#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""The WAV files of rtpengine's recording daemon against the RTP a party
sent (tests/kernel/90d-rtpengine-recording.sh). The parties are srtp_peer:
PCMU (payload type 0), 160 bytes a packet, byte i of the packet of sequence
number SEQ is (SEQ * 7 + i) & 0xff (srtp_peer.cpp's pattern()), so what a
recording must hold is known from the sequence numbers alone.

  rtp_wav.py wait SECONDS FILE...
        until every FILE is a finished WAV (the daemon wrote its trailer:
        the RIFF size is the file's); exit 1 and say which is not, after
        SECONDS
  rtp_wav.py check FILE FIRST STOPPED LAST
        FILE against the G.711 mu-law decoding of the packets FIRST.. on;
        STOPPED..STOPPED+99 (the 100 sent with the daemon stopped) and all
        before must be there, of those after (up to LAST) the first ones
        may be (the recording daemon may not have read the last ones by
        the time the call went: see 90d). One line each:
          format=PCM rate=8000 channels=1 bits=16
          prefix=exact last=SEQ         FILE is exactly packets FIRST..SEQ,
                                        in order, nothing else
                | prefix=differs at sample K (packet SEQ, byte B): got X,
                                        expected Y
          stopped=K of 100              how many of the 100 packets from
                                        STOPPED on are in FILE (their 160
                                        samples at a packet boundary)
          missing=SEQS                  sequence numbers FIRST..STOPPED+99
                                        not in FILE (ranges), or none
          unread=N                      packets after the last in FILE, up
                                        to LAST
Decodes mu-law itself (no audioop: gone from Python 3.13).
"""
import os
import struct
import sys
import time

PAYLOAD_LEN = 160


def ulaw_decode(u):
    """G.711 mu-law to 16-bit linear, as ffmpeg's pcm_mulaw and the ITU's
    reference (BIAS 0x84)."""
    u = ~u & 0xff
    t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)
    return 0x84 - t if u & 0x80 else t - 0x84


ULAW = [ulaw_decode(u) for u in range(256)]


def payload(seq):
    return bytes(((seq * 7 + i) & 0xff) for i in range(PAYLOAD_LEN))


def samples(seq):
    return [ULAW[b] for b in payload(seq)]


def riff_chunks(data):
    """{chunk id: (offset of its data, declared size)} of a RIFF/WAVE file."""
    if len(data) < 12 or data[0:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a RIFF/WAVE file: %d bytes" % len(data))
    chunks, off = {}, 12
    while off + 8 <= len(data):
        cid, size = data[off:off + 4], struct.unpack_from("<I", data, off + 4)[0]
        chunks.setdefault(cid, (off + 8, size))
        if size == 0xffffffff:	# not finished: the size is still ffmpeg's placeholder
            break
        off += 8 + size + (size & 1)
    return chunks


def finished(path):
    """The daemon has written the trailer: the RIFF size is the file's and
    the data chunk's size is set."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        riff = struct.unpack_from("<I", data, 4)[0]
        chunks = riff_chunks(data)
    except (OSError, ValueError, struct.error):
        return False
    return riff == len(data) - 8 and b"data" in chunks and chunks[b"data"][1] != 0xffffffff


def wait(seconds, paths):
    deadline = time.monotonic() + seconds
    while True:
        pending = [p for p in paths if not finished(p)]
        if not pending:
            return 0
        if time.monotonic() >= deadline:
            for p in pending:
                size = os.path.getsize(p) if os.path.exists(p) else None
                print("rtp_wav: %s not finished after %g s (%s)" %
                      (p, seconds, "missing" if size is None else "%d bytes" % size))
            return 1
        time.sleep(0.1)


def ranges(seqs):
    out, seqs = [], sorted(seqs)
    i = 0
    while i < len(seqs):
        j = i
        while j + 1 < len(seqs) and seqs[j + 1] == seqs[j] + 1:
            j += 1
        out.append(str(seqs[i]) if i == j else "%d-%d" % (seqs[i], seqs[j]))
        i = j + 1
    return ",".join(out) or "none"


def check(path, first, stopped, last):
    try:
        with open(path, "rb") as f:
            data = f.read()
        chunks = riff_chunks(data)
        if b"fmt " not in chunks or b"data" not in chunks:
            raise ValueError("no fmt or data chunk")
    except (OSError, ValueError) as e:
        print("format=unreadable (%s)" % e)
        return 1
    off, size = chunks[b"fmt "]
    tag, channels, rate, _, _, bits = struct.unpack_from("<HHIIHH", data, off)
    print("format=%s rate=%d channels=%d bits=%d" %
          ("PCM" if tag == 1 else "tag-%#x" % tag, rate, channels, bits))
    off, size = chunks[b"data"]
    pcm = data[off:off + size]
    got = list(struct.unpack("<%dh" % (len(pcm) // 2), pcm[:len(pcm) // 2 * 2]))
    # the packets FIRST.. that many samples make, whole or not
    end = first + (len(got) + PAYLOAD_LEN - 1) // PAYLOAD_LEN
    want = []
    for seq in range(first, max(end, first + 1)):
        want += samples(seq)
    if got and got == want:
        print("prefix=exact last=%d" % (end - 1))
    else:
        k = next((k for k in range(min(len(got), len(want))) if got[k] != want[k]),
                 min(len(got), len(want)))
        print("prefix=differs at sample %d (packet %d, byte %d): got %s, expected %s" %
              (k, first + k // PAYLOAD_LEN, k % PAYLOAD_LEN,
               got[k] if k < len(got) else "end", want[k] if k < len(want) else "end"))
    # which packets are there at all, wherever they are (at packet
    # boundaries; the pattern repeats every 256 packets, more are not sent)
    blocks = {tuple(got[k:k + PAYLOAD_LEN]) for k in range(0, len(got), PAYLOAD_LEN)}
    present = {seq for seq in range(first, last + 1) if tuple(samples(seq)) in blocks}
    print("stopped=%d of 100" % len(present & set(range(stopped, stopped + 100))))
    print("missing=%s" % ranges(set(range(first, stopped + 100)) - present))
    print("unread=%d" % (last - max(present, default=first - 1)))
    return 0


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "wait":
        return wait(float(sys.argv[2]), sys.argv[3:])
    if len(sys.argv) == 6 and sys.argv[1] == "check":
        return check(sys.argv[2], *(int(a) for a in sys.argv[3:6]))
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
