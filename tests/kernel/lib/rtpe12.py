#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""rtpengine 12.5's binary /proc messages and shared memory, in Python.

The layout of include/uapi/linux/rtpengine12_compat.h (x86-64), written out
with struct, and the daemon's side of the shared memory: mappings of the
control file made with libc's mmap (so that a test can also unmap part of
one), blocks allocated in them as the daemon's allocator does, counters
read back from them.
"""
import ctypes
import ctypes.util
import os
import struct

from rtpe10 import addr  # noqa: F401 (unchanged in 12.5)

(INIT, ADD_TARGET, ADD_DESTINATION, ADD_CALL, DEL_CALL, ADD_STREAM, DEL_STREAM, PACKET,
 DEL_TARGET, INIT_PLAY_STREAMS, GET_PACKET_STREAM, PLAY_STREAM_PACKET, PLAY_STREAM,
 STOP_STREAM, FREE_PACKET_STREAM, LAST) = range(1, 17)
SIZES = [0, 152, 752, 1288, 264, 8, 272, 12, 12, 28, 12, 8, 32, 456, 8, 8]

CIPHER_NULL, CIPHER_AES_CM_128 = 1, 2
HMAC_NULL, HMAC_SHA1 = 1, 2
MSM_IGNORE, MSM_DROP, MSM_PROPAGATE = 0, 1, 2

TF_RTCP_MUX, TF_DTLS, TF_STUN, TF_RTP = 1 << 0, 1 << 1, 1 << 2, 1 << 3
TF_SSRC_REQ, TF_RTP_ONLY, TF_TRACK_SSRC, TF_RTCP = 1 << 4, 1 << 5, 1 << 6, 1 << 7
TF_DO_INTERCEPT, TF_PT_FILTER, TF_NON_FORWARDING, TF_BLACKHOLE = 1 << 10, 1 << 11, 1 << 12, 1 << 13
TF_RTP_STATS = 1 << 14
OF_SSRC_SUBST = 1 << 0

# block sizes and the offsets of the counters the kernel writes
GLOBAL, IFACE, STREAM, PT, SSRC = 32, 208, 40, 40, 64
G_PACKETS, G_BYTES, G_ERRORS = 0, 8, 16
I_IN_PACKETS, I_IN_BYTES, I_IN_ERRORS, I_OUT_PACKETS, I_OUT_BYTES = 0, 8, 16, 24, 32
S_PACKETS, S_BYTES, S_ERRORS, S_LAST_PACKET = 0, 8, 16, 24
P_PACKETS, P_BYTES = 8, 16
X_PACKETS, X_BYTES, X_TIMESTAMP, X_EXT_SEQ, X_LAST_PACKET, X_LAST_PT = 0, 8, 16, 20, 48, 56

PROT_READ, PROT_WRITE, PROT_EXEC = 1, 2, 4
MAP_SHARED, MAP_PRIVATE = 1, 2
MAP_FAILED = ctypes.c_void_p(-1).value

_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_long]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]


def mmap(fd, size, prot=PROT_READ | PROT_WRITE, flags=MAP_SHARED, offset=0):
    """The address of a new mapping of @fd; OSError as mmap(2) fails."""
    p = _libc.mmap(None, size, prot, flags, fd, offset)
    if p in (None, MAP_FAILED):
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return p


def munmap(address, size):
    if _libc.munmap(address, size):
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def u64(address):
    return ctypes.c_uint64.from_address(address).value


def u32(address):
    return ctypes.c_uint32.from_address(address).value


def put_u32(address, value):
    ctypes.c_uint32.from_address(address).value = value


class Chunk:
    """A mapping of the control file with a bump allocator, as the daemon's."""

    def __init__(self, fd, size=65536):
        self.size = size
        self.base = mmap(fd, size)
        self.used = 0

    def alloc(self, size):
        p = self.base + self.used
        self.used += (size + 7) & ~7
        assert self.used <= self.size
        return p

    def unmap(self):
        munmap(self.base, self.size)


def init(global_stats, last_cmd=LAST, sizes=None):
    return struct.pack("<I4xi4x16QQ", INIT, last_cmd, *(sizes or SIZES), global_stats)


def srtp(cipher=CIPHER_NULL, hmac=HMAC_NULL, key=b"", salt=b"", tag_len=0, rtcp_tag_len=0,
         mki=b""):
    return struct.pack("<II32sI14s2xIII256sIII", cipher, hmac, key, len(key), salt, len(salt),
                       len(key), len(salt), mki, tag_len, rtcp_tag_len, len(mki))


def ssrcs(values):
    return b"".join(struct.pack("!I", v) for v in (list(values) + [0] * 4)[:4])


def target(local, num_dests, iface, stream, expect=None, mismatch=MSM_IGNORE, num_rtcp=0,
           flags=0, ssrc=(), ssrc_stats=(), pt_stats=(), decrypt=None):
    """struct rtpe12_target: @pt_stats and @ssrc_stats are block addresses."""
    return (addr(local) + addr(expect) +
            struct.pack("<IIII", mismatch, num_dests, num_rtcp, 0) +
            (decrypt or srtp()) + ssrcs(ssrc) + struct.pack("<4x") +
            struct.pack("<4Q", *(list(ssrc_stats) + [0] * 4)[:4]) +
            struct.pack("<32Q", *(list(pt_stats) + [0] * 32)[:32]) +
            struct.pack("<I4xQQI4x", len(pt_stats), iface, stream, flags))


def add_target(*args, **kw):
    return struct.pack("<I4x", ADD_TARGET) + target(*args, **kw)


def output(src, dst, iface, stream, ssrc_stats=(), tos=0, flags=0, seq_offset=(),
           encrypt=None, pt_out=()):
    """struct rtpe12_output; @pt_out: (min_payload_len, pattern) by PT index."""
    pts = b"".join(struct.pack("<I16sB3x", m, p, len(p)) for m, p in pt_out)
    return (addr(src) + addr(dst) + (encrypt or srtp()) + ssrcs(()) +
            struct.pack("<4I", *(list(seq_offset) + [0] * 4)[:4]) +
            pts.ljust(32 * 24, b"\0") + struct.pack("<4xQQ", iface, stream) +
            struct.pack("<4Q", *(list(ssrc_stats) + [0] * 4)[:4]) +
            struct.pack("<BB6x", tos, flags))


def destination(local, num, out):
    return struct.pack("<I4x", ADD_DESTINATION) + addr(local) + struct.pack("<I4x", num) + out


def del_target(local):
    return struct.pack("<I", DEL_TARGET) + addr(local)


def command(cmd, size=None):
    """A message of command @cmd, zero-filled, its own size unless told."""
    return struct.pack("<I", cmd).ljust(SIZES[cmd] if size is None else size, b"\0")
