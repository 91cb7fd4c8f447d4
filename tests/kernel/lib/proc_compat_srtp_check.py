#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""SRTP through the rtpengine 10.5 binary control ABI (/proc/rtpengine/42/control),
as 85-proc-compat.sh runs it (table 42 exists, an iptables RTPENGINE rule feeds
it): the suites the core does are accepted in a target's decrypt and an output's
encrypt, the others refused (EOPNOTSUPP: the daemon relays them; EINVAL:
malformed); a target seeded with 10.5's last_index (ROC << 16 | seq) decrypts
and re-encrypts real packets across a sequence wrap with those ROCs, drops a
replay, and blist reports the indexes back, per SSRC, with the suite and
never a key or salt (nor does list); plain RTP reports its highest sequence.

SRTP is done here in Python (python3-cryptography's AES, hashlib's HMAC-SHA1,
RFC 3711 4.1.1, 4.2, 4.3 with KDR 0): an implementation of its own, like
libsrtp in 89-srtp.sh. Prints PASS:/FAIL: lines; exit status 1 if any failed.
"""
import errno
import hashlib
import hmac
import os
import socket
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rtpe10 as R  # noqa: E402
from proc_compat_check import PROC, blist, call, expect, status  # noqa: E402
import proc_compat_check as C  # noqa: E402

KEY_A = bytes.fromhex("4a0b1c2d3e4f50617283948596a7b8c9dadbecfd0e1f20314253647586971829")
SALT_A = bytes.fromhex("5a1b2c3d4e5f60718293a4b5c6d7")
KEY_B = bytes.fromhex("b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0")
SALT_B = bytes.fromhex("e1e2e3e4e5e6e7e8e9eaebecedee")
SSRC = 0x1234


def aes_ctr(key, iv, data):
    enc = Cipher(algorithms.AES(key), modes.CTR(iv + b"\0\0")).encryptor()
    return enc.update(data) + enc.finalize()


class Srtp:
    """One direction's SRTP (AES-CM or NULL cipher, HMAC-SHA1) with explicit ROCs."""

    def __init__(self, key, salt, tag_len, cipher=True):
        def derive(label, n):
            x = bytearray(salt)
            x[7] ^= label
            return aes_ctr(key, bytes(x), bytes(n))
        self.enc_key, self.auth_key, self.salt = derive(0, len(key)), derive(1, 20), derive(2, 14)
        self.tag_len, self.cipher = tag_len, cipher

    def _crypt(self, pkt, roc):
        if not self.cipher:
            return pkt
        iv = bytearray(self.salt)
        for i in range(4):
            iv[4 + i] ^= pkt[8 + i]
        index = (roc << 16 | struct.unpack("!H", pkt[2:4])[0]).to_bytes(6, "big")
        for i in range(6):
            iv[8 + i] ^= index[i]
        return pkt[:12] + aes_ctr(self.enc_key, bytes(iv), pkt[12:])

    def _tag(self, data, roc):
        return hmac.new(self.auth_key, data + struct.pack("!I", roc), hashlib.sha1).digest()[:self.tag_len]

    def protect(self, pkt, roc):
        data = self._crypt(pkt, roc)
        return data + self._tag(data, roc)

    def unprotect(self, data, roc):
        """The RTP packet, or None if the tag is wrong for @roc."""
        body, tag = data[:-self.tag_len], data[-self.tag_len:]
        if not hmac.compare_digest(tag, self._tag(body, roc)):
            return None
        return self._crypt(body, roc)


def rtp(seq, ssrc=SSRC):
    return struct.pack("!BBHII", 0x80, 0, seq, seq * 160, ssrc) + bytes((seq + i) & 0xff for i in range(160))


def suite(cipher, tag_len, key=KEY_A, salt=SALT_A, key_len=16, **kw):
    return R.srtp(cipher, R.HMAC_SHA1, key[:key_len], salt, tag_len=tag_len, key_len=key_len, **kw)


def blist_raw():
    """Every blist record, as bytes."""
    raw = b""
    with open(PROC + "/blist", "rb", buffering=0) as f:
        while True:
            rec = f.read(R.LIST_ENTRY_SIZE)
            if len(rec) != R.LIST_ENTRY_SIZE:
                return raw
            raw += rec


def main():
    fd = os.open(PROC + "/control", os.O_RDWR)
    base = int(status("Targets"))		# what the other checks left

    def targets():
        return str(int(status("Targets")) - base)
    w = lambda data: os.write(fd, data)  # noqa: E731
    src, dst, peer = "127.0.0.1:31030", "127.0.0.1:31130", "127.0.0.1:31230"
    local = src
    rtp_flags = R.TF_RTP | R.TF_TRACK_SSRC

    def add(decrypt=None, encrypt=None, ssrcs=(SSRC,), flags=rtp_flags, where=local):
        """ADD_TARGET and its one ADD_DESTINATION: (target result, destination result)."""
        got = call(w, R.msg(R.ADD_TARGET, R.target(where, 1, flags=flags, pts=[(0, 8000)],
                                                   decrypt=decrypt, ssrcs=ssrcs)))
        if got != "OK":
            return got, None
        return got, call(w, R.msg(R.ADD_DESTINATION, R.destination(where, 0, R.output(
            src, dst, encrypt=encrypt))))

    def delete(where=local):
        return call(w, R.msg(R.DEL_TARGET, R.target(where, 0)))

    # every suite the core does, both ways
    accepted = [("AES_CM_128_HMAC_SHA1_80", R.CIPHER_AES_CM_128, 10, 16),
                ("AES_CM_128_HMAC_SHA1_32", R.CIPHER_AES_CM_128, 4, 16),
                ("AES_192_CM_HMAC_SHA1_80", R.CIPHER_AES_CM_192, 10, 24),
                ("AES_192_CM_HMAC_SHA1_32", R.CIPHER_AES_CM_192, 4, 24),
                ("AES_256_CM_HMAC_SHA1_80", R.CIPHER_AES_CM_256, 10, 32),
                ("AES_256_CM_HMAC_SHA1_32", R.CIPHER_AES_CM_256, 4, 32),
                ("F8_128_HMAC_SHA1_80", R.CIPHER_AES_F8, 10, 16),
                ("F8_128_HMAC_SHA1_32", R.CIPHER_AES_F8, 4, 16)]
    for name, cipher, tag, klen in accepted:
        srtp = suite(cipher, tag, key_len=klen)
        got = add(decrypt=srtp, encrypt=srtp)
        expect(name + ": decrypt and encrypt accepted and installed",
               (got, targets()), (("OK", "OK"), "1"))
        delete()
    for name, tag in (("NULL_HMAC_SHA1_80", 10), ("NULL_HMAC_SHA1_32", 4)):
        srtp = suite(R.CIPHER_NULL, tag, session_key_len=0, session_salt_len=0)
        expect(name + " (as the daemon fills it: no session key) accepted", add(decrypt=srtp, encrypt=srtp),
               ("OK", "OK"))
        delete()
    # AES-GCM as the daemon fills it: HMAC NULL, tag length 0, 12-byte salts
    for name, cipher, klen in (("AEAD_AES_128_GCM", R.CIPHER_AEAD_AES_GCM_128, 16),
                               ("AEAD_AES_256_GCM", R.CIPHER_AEAD_AES_GCM_256, 32)):
        srtp = R.srtp(cipher, R.HMAC_NULL, KEY_A[:klen], SALT_A[:12])
        expect(name + ": decrypt and encrypt accepted and installed",
               (add(decrypt=srtp, encrypt=srtp), targets()), (("OK", "OK"), "1"))
        raw = blist_raw()
        rec = [e for e in (R.parse_list_entry(raw[i:i + R.LIST_ENTRY_SIZE])
                           for i in range(0, len(raw), R.LIST_ENTRY_SIZE)) if e["local"] == local]
        expect(name + ": blist gives the cipher back, HMAC NULL",
               [(e["cipher"], e["hmac"]) for e in rec], [(cipher, R.HMAC_NULL)])
        delete()
    srtp = suite(R.CIPHER_NULL, 10)
    expect("unencrypted AES_CM_128_HMAC_SHA1_80 (cipher NULL, the suite's session lengths) accepted",
           add(decrypt=srtp), ("OK", "OK"))
    delete()
    expect("a 4-byte MKI accepted", add(decrypt=suite(R.CIPHER_AES_CM_128, 10, mki=b"\1\2\3\4")),
           ("OK", "OK"))
    delete()
    # unauthenticated SRTP (RFC 4568 UNAUTHENTICATED_SRTP): tag length 0, the
    # daemon keeps HMAC-SHA1 in the record; HMAC NULL means the same
    for name, srtp in (("as 10.5 sends it: HMAC-SHA1, tag length 0", suite(R.CIPHER_AES_CM_256, 0, key_len=32)),
                       ("HMAC NULL", R.srtp(R.CIPHER_AES_CM_128, R.HMAC_NULL, KEY_A[:16], SALT_A))):
        expect("unauthenticated SRTP (%s): decrypt and encrypt accepted" % name,
               add(decrypt=srtp, encrypt=srtp), ("OK", "OK"))
        e = [x for x in blist() if x["local"] == local]
        expect("unauthenticated SRTP (%s): blist gives tag length 0 back" % name,
               [(x["decrypt"]["tag_len"], x["encrypt"][0]["tag_len"]) for x in e], [(0, 0)])
        delete()

    # refused: the daemon keeps these streams (EOPNOTSUPP), or malformed (EINVAL)
    refused = [
        ("a 12-byte tag", suite(R.CIPHER_AES_CM_128, 12), "EOPNOTSUPP"),
        ("AEAD_AES_128_GCM with an HMAC tag", R.srtp(R.CIPHER_AEAD_AES_GCM_128, R.HMAC_SHA1,
                                                     KEY_A[:16], SALT_A[:12], tag_len=10),
         "EOPNOTSUPP"),
        ("AEAD_AES_256_GCM with a 14-byte salt", R.srtp(R.CIPHER_AEAD_AES_GCM_256, R.HMAC_NULL,
                                                        KEY_A, SALT_A), "EOPNOTSUPP"),
        ("neither encrypted nor authenticated (cipher NULL, tag length 0)", suite(R.CIPHER_NULL, 0),
         "EOPNOTSUPP"),
        ("an 80-bit tag of HMAC NULL", R.srtp(R.CIPHER_AES_CM_128, R.HMAC_NULL, KEY_A[:16], SALT_A,
                                              tag_len=10), "EOPNOTSUPP"),
        ("a 5-byte MKI", suite(R.CIPHER_AES_CM_128, 10, mki=b"\1\2\3\4\5"), "EOPNOTSUPP"),
        ("an 8-byte tag", suite(R.CIPHER_AES_CM_128, 8), "EOPNOTSUPP"),
        ("NULL cipher over an AES-256 master key", suite(R.CIPHER_NULL, 10, key_len=32), "EOPNOTSUPP"),
        ("a 24-byte session key with AES-128", suite(R.CIPHER_AES_CM_128, 10, session_key_len=24),
         "EOPNOTSUPP"),
        ("a 12-byte master salt with AES-CM", suite(R.CIPHER_AES_CM_128, 10, salt=SALT_A[:12]),
         "EOPNOTSUPP"),
        ("AES-128 with a 32-byte key", suite(R.CIPHER_AES_CM_128, 10, key_len=32), "EINVAL"),
        ("AES-256 with a 16-byte key", suite(R.CIPHER_AES_CM_256, 10, key_len=16), "EINVAL"),
        ("AES-128 without a key", suite(R.CIPHER_AES_CM_128, 10, key_len=0), "EINVAL"),
        ("a master key length beyond the message", suite(R.CIPHER_AES_CM_128, 10, key_len=33),
         "EINVAL"),
        ("a master salt length beyond the message", suite(R.CIPHER_AES_CM_128, 10, salt_len=15),
         "EINVAL"),
        ("an index beyond 48 bits", suite(R.CIPHER_AES_CM_128, 10, last_index=[1 << 48]), "EINVAL"),
        ("cipher 8 (unknown)", suite(8, 10), "EINVAL"),
        ("an MKI length beyond the message", suite(R.CIPHER_AES_CM_128, 10, mki_len=257), "EINVAL"),
    ]
    for what, srtp, err in refused:
        expect("decrypt with %s -> %s" % (what, err), add(decrypt=srtp)[0], err)
    expect("SRTP decryption without RTP parsing -> EOPNOTSUPP",
           add(decrypt=suite(R.CIPHER_AES_CM_128, 10), flags=0)[0], "EOPNOTSUPP")
    expect("SRTP decryption with a duplicate SSRC -> EINVAL",
           add(decrypt=suite(R.CIPHER_AES_CM_128, 10), ssrcs=(SSRC, SSRC))[0], "EINVAL")
    for what, srtp, err in refused[:3] + refused[10:11]:
        expect("encrypt with %s -> %s" % (what, err), add(encrypt=srtp)[1], err)
        delete()
    expect("refusals installed nothing", targets(), "0")

    # real packets: the daemon has processed index ROC 3, seq 65530 of SSRC
    # 1234 on input, and index ROC 9, seq 65530 on output: both continue
    # from there, across the wrap (ROC 4 and 10)
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 31130))
    rx.settimeout(2)
    tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    tx.bind(("127.0.0.1", 31230))
    dec = suite(R.CIPHER_AES_CM_128, 10, last_index=[3 << 16 | 65530])
    enc = suite(R.CIPHER_AES_CM_128, 4, key=KEY_B, salt=SALT_B, mki=b"\xa5\x5a",
                last_index=[9 << 16 | 65530])
    expect("SRTP -> SRTP target, indexes seeded", add(decrypt=dec, encrypt=enc), ("OK", "OK"))
    inbound = Srtp(KEY_A[:16], SALT_A, 10)
    outbound = Srtp(KEY_B[:16], SALT_B, 4)
    seqs = list(range(65531, 65536)) + list(range(5))
    sent = {}
    for seq in seqs:
        roc = 3 if seq > 0x8000 else 4
        sent[seq] = inbound.protect(rtp(seq), roc)
        tx.sendto(sent[seq], ("127.0.0.1", 31030))
    tx.sendto(sent[2], ("127.0.0.1", 31030))		# a replay
    got = []
    try:
        while True:
            data = rx.recv(2048)
            seq = struct.unpack("!H", data[2:4])[0]
            roc = 9 if seq > 0x8000 else 10
            plain = data[-6:-4] == b"\xa5\x5a" and outbound.unprotect(data[:-6] + data[-4:], roc)
            got.append(seq if plain == rtp(seq) else "bad %d" % seq)
    except socket.timeout:
        pass
    expect("10 packets decrypted with ROC 3/4 and re-encrypted with ROC 9/10 (MKI, 32-bit tag), "
           "the replay dropped", got, seqs)

    e = [x for x in blist() if x["local"] == local]
    if e:
        d, o = e[0]["decrypt"], e[0]["encrypt"][0]
        expect("blist: decrypt AES_CM_128 HMAC_SHA1 80, lengths",
               (d["cipher"], d["hmac"], d["tag_len"], d["key_len"], d["salt_len"], d["mki_len"]),
               (R.CIPHER_AES_CM_128, R.HMAC_SHA1, 10, 16, 14, 0))
        expect("blist: decrypt last_index of SSRC 1234: ROC 4, seq 4", (e[0]["ssrc"], d["last_index"]),
               ([SSRC], [4 << 16 | 4, 0, 0, 0]))
        expect("blist: encrypt AES_CM_128 HMAC_SHA1 32, 2-byte MKI",
               (o["cipher"], o["hmac"], o["tag_len"], o["mki_len"]), (R.CIPHER_AES_CM_128, R.HMAC_SHA1, 4, 2))
        expect("blist: encrypt last_index: ROC 10, seq 4", o["last_index"], [10 << 16 | 4, 0, 0, 0])
        expect("blist: no key, salt or MKI bytes",
               [x for s in (d, o) for x in (s["key"], s["salt"], s["mki"]) if any(x)], [])
    else:
        expect("blist: the SRTP target", None, local)
    raw = blist_raw()
    with open(PROC + "/list", "rb") as f:
        text = f.read()
    secrets = [KEY_A[:16], SALT_A, KEY_B[:16], SALT_B]
    expect("no key or salt in blist or list, raw or in hex",
           [s.hex() for s in secrets if s in raw or s in text or s.hex().encode() in text.lower()], [])
    expect("delete the SRTP target", delete(), "OK")

    # an unseeded target: the first packet starts at ROC 0, whatever its seq
    expect("SRTP -> RTP target, SSRC known, index 0 (nothing seen)",
           add(decrypt=suite(R.CIPHER_AES_CM_128, 4)), ("OK", "OK"))
    inbound = Srtp(KEY_A[:16], SALT_A, 4)
    for seq in (40000, 40001):
        tx.sendto(inbound.protect(rtp(seq), 0), ("127.0.0.1", 31030))
    got = []
    try:
        while len(got) < 2:
            got.append(rx.recv(2048) == rtp(len(got) + 40000))
    except socket.timeout:
        pass
    expect("SRTP -> RTP: 2 packets plain and intact", got, [True, True])
    e = [x for x in blist() if x["local"] == local]
    expect("blist: its index, ROC 0, seq 40001; a plain output reports none",
           e and (e[0]["decrypt"]["last_index"][0], e[0]["encrypt"][0]["cipher"],
                  e[0]["encrypt"][0]["last_index"][0]), (40001, R.CIPHER_NULL, 0))
    delete()

    # plain RTP: last_index is the extended highest sequence number
    expect("plain RTP target", add(), ("OK", "OK"))
    for seq in (10, 11, 12):
        tx.sendto(rtp(seq), ("127.0.0.1", 31030))
    n = 0
    try:
        while n < 3:
            n += bool(rx.recv(2048))
    except socket.timeout:
        pass
    e = [x for x in blist() if x["local"] == local]
    expect("plain RTP: 3 forwarded, blist last_index 12 (null cipher and HMAC)",
           (n, e and (e[0]["decrypt"]["last_index"][0], e[0]["decrypt"]["cipher"])),
           (3, (12, R.CIPHER_NULL)))
    delete()
    expect("no SRTP check targets left", targets(), "0")
    os.close(fd)
    return 1 if C.FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
