#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""rtpengine 10.5's binary /proc messages, built and parsed in Python.

The layout of include/uapi/linux/rtpengine_compat.h (x86-64), written out
with struct so the tests drive /proc/rtpengine/N/control and read N/blist
the way Debian's rtpengine-daemon 10.5 does.
"""
import socket
import struct

MSG_SIZE = 1232
LIST_ENTRY_SIZE = 15872

NOOP, ADD_TARGET, DEL_TARGET, ADD_DESTINATION, ADD_CALL, DEL_CALL, \
    ADD_STREAM, DEL_STREAM, PACKET, GET_STATS, GET_RESET_STATS, LAST = range(1, 13)

CIPHER_NULL, CIPHER_AES_CM_128, CIPHER_AES_F8, CIPHER_AES_CM_192, CIPHER_AES_CM_256, \
    CIPHER_AEAD_AES_GCM_128, CIPHER_AEAD_AES_GCM_256 = range(1, 8)
HMAC_NULL, HMAC_SHA1 = 1, 2
MSM_IGNORE, MSM_DROP, MSM_PROPAGATE = 0, 1, 2

TF_RTCP_MUX, TF_DTLS, TF_STUN, TF_RTP = 1 << 0, 1 << 1, 1 << 2, 1 << 3
TF_TRACK_SSRC = 1 << 5
TF_DO_INTERCEPT, TF_NON_FORWARDING, TF_BLACKHOLE, TF_RTP_STATS = 1 << 6, 1 << 8, 1 << 9, 1 << 10
OF_RTCP_ONLY, OF_SSRC_SUBST = 1 << 0, 1 << 1


def addr(text=None):
    """'1.2.3.4:5' or '[::1]:5' as a 24-byte address; None: no address."""
    if text is None:
        return bytes(24)
    host, _, port = text.rpartition(":")
    host = host.strip("[]")
    if ":" in host:
        raw = socket.inet_pton(socket.AF_INET6, host)
        family = socket.AF_INET6
    else:
        raw = socket.inet_pton(socket.AF_INET, host).ljust(16, b"\0")
        family = socket.AF_INET
    return struct.pack("<i16sH2x", family, raw, int(port))


def parse_addr(raw):
    family, ip, port = struct.unpack("<i16sH2x", raw)
    if family == socket.AF_INET:
        return "%s:%d" % (socket.inet_ntop(family, ip[:4]), port)
    if family == socket.AF_INET6:
        return "[%s]:%d" % (socket.inet_ntop(family, ip), port)
    return None


def srtp(cipher=CIPHER_NULL, hmac=HMAC_NULL, key=b"", salt=b"", tag_len=0, mki=b"",
         last_index=(), key_len=None, salt_len=None, session_key_len=None,
         session_salt_len=None, mki_len=None):
    """struct rtpe10_srtp; lengths default to those of @key, @salt and
    @mki, the session's to the master's, as the 10.5 daemon fills them."""
    key_len = len(key) if key_len is None else key_len
    salt_len = len(salt) if salt_len is None else salt_len
    index = (list(last_index) + [0] * 4)[:4]
    return struct.pack("<II32sI14s2xIII256s4QII", cipher, hmac, key, key_len, salt, salt_len,
                       key_len if session_key_len is None else session_key_len,
                       salt_len if session_salt_len is None else session_salt_len,
                       mki, *index, tag_len, len(mki) if mki_len is None else mki_len)


SRTP_OFF = 64          # the target's decrypt
OUT_SRTP_OFF = 48      # an output's encrypt


def parse_srtp(raw):
    """The fields of a struct rtpe10_srtp (368 bytes), as a dict."""
    (cipher, hmac, key, key_len, salt, salt_len, skl, ssl, mki, i0, i1, i2, i3,
     tag_len, mki_len) = struct.unpack("<II32sI14s2xIII256s4QII", raw[:368])
    return {"cipher": cipher, "hmac": hmac, "key": key, "key_len": key_len, "salt": salt,
            "salt_len": salt_len, "session_key_len": skl, "session_salt_len": ssl,
            "mki": mki, "last_index": [i0, i1, i2, i3], "tag_len": tag_len, "mki_len": mki_len}


def target(local, outputs, expect=None, mismatch=MSM_IGNORE, flags=0, pts=(),
           decrypt=None, ssrcs=(), intercept=0):
    # (type, clock rate) or (type, clock rate, replacement pattern)
    pt_bytes = b"".join(struct.pack("<BB2xI16s", p[0], len(p[2]) if len(p) > 2 else 0, p[1],
                                    p[2] if len(p) > 2 else b"") for p in pts)
    return (addr(local) + addr(expect) +
            struct.pack("<III4x", mismatch, outputs, intercept) +
            (decrypt or srtp()) +
            b"".join(struct.pack(">I", s) for s in ssrcs).ljust(16, b"\0") +
            pt_bytes.ljust(32 * 24, b"\0") +
            struct.pack("<II", len(pts), flags))


def output(src, dst, tos=0, encrypt=None, flags=0, ssrc_out=()):
    return (addr(src) + addr(dst) + (encrypt or srtp()) +
            b"".join(struct.pack(">I", s) for s in ssrc_out).ljust(16, b"\0") +
            struct.pack("<BB6x", tos, flags))


def destination(local, num, out):
    return addr(local) + struct.pack("<I4x", num) + out


def msg(cmd, body=b""):
    data = struct.pack("<I4x", cmd) + body
    assert len(data) <= MSG_SIZE, len(data)
    return data.ljust(MSG_SIZE, b"\0")


def call_info(name, idx=0):
    """ADD_CALL / DEL_CALL: struct rtpe10_call (name: bytes, up to 256)."""
    return struct.pack("<I", idx) + name.ljust(256, b"\0")[:256]


def stream_info(call_idx, name=b"", idx=0, max_packets=0):
    """ADD_STREAM / DEL_STREAM: struct rtpe10_stream."""
    return struct.pack("<III", call_idx, idx, max_packets) + name.ljust(256, b"\0")[:256]


def packet(stream_idx, data, call_idx=0):
    """PACKET: the message, then the datagram."""
    return msg(PACKET, struct.pack("<II", call_idx, stream_idx)) + data


def noop(size=MSG_SIZE, last_cmd=LAST):
    return msg(NOOP, struct.pack("<Qi4x", size, last_cmd))


def stats_request(cmd, local):
    return msg(cmd, addr(local))


def parse_stats(reply):
    """[(ssrc, packets, bytes, ext_seq, total_lost, timestamp), ...] from a
    stats reply (timestamp: the RTP timestamp of the SSRC's last packet)."""
    body = reply[8:]
    ssrcs = struct.unpack(">4I", body[24:40])
    out = []
    for i, ssrc in enumerate(ssrcs):
        if not ssrc:
            break
        packets, nbytes, ts, ext_seq, _bits, lost, _transit, _jitter = \
            struct.unpack("<QQIIIIII", body[40 + 40 * i:80 + 40 * i])
        out.append((ssrc, packets, nbytes, ext_seq, lost, ts))
    return out


def parse_list_entry(raw):
    """The fields of a blist record the tests look at, as a dict."""
    assert len(raw) == LIST_ENTRY_SIZE
    num_dest = struct.unpack_from("<I", raw, 52)[0]
    cipher, hmac = struct.unpack_from("<II", raw, 64)
    num_pts, flags = struct.unpack_from("<II", raw, 1216)
    packets, nbytes, errors = struct.unpack_from("<QQQ", raw, 1224)
    outputs = []
    for i in range(num_dest):
        base = 1792 + 440 * i
        outputs.append((parse_addr(raw[base:base + 24]), parse_addr(raw[base + 24:base + 48]),
                        raw[base + 432]))
    encrypt = [parse_srtp(raw[1792 + 440 * i + OUT_SRTP_OFF:]) for i in range(num_dest)]
    return {
        "local": parse_addr(raw[0:24]), "expect": parse_addr(raw[24:48]),
        "mismatch": struct.unpack_from("<I", raw, 48)[0], "outputs": outputs,
        "cipher": cipher, "hmac": hmac, "flags": flags,
        "ssrc": [s for s in struct.unpack_from(">4I", raw, 432) if s],
        "pts": [raw[448 + 24 * i] for i in range(num_pts)],
        # (type, replacement pattern) of each listed payload type
        "patterns": [(raw[448 + 24 * i], raw[456 + 24 * i:456 + 24 * i + raw[449 + 24 * i]])
                     for i in range(num_pts)],
        "packets": packets, "bytes": nbytes, "errors": errors, "in_tos": raw[1272],
        "decrypt": parse_srtp(raw[SRTP_OFF:]), "encrypt": encrypt,
        # each output's flags and ssrc_out
        "subst": [(raw[1792 + 440 * i + 433], list(struct.unpack_from(">4I", raw, 1792 + 440 * i + 416)))
                  for i in range(num_dest)],
    }
