#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Known-answer tests of the kernel's SRTP and SRTCP, for 89c-srtp-kat.sh.

The reference here is checked against the RFCs' own vectors first
(`srtp_kat.py self`): RFC 3711 B.1 (AES-f8), B.2 (AES-CM keystream) and B.3 (key
derivation), RFC 6188 7.2 and 7.4 (AES-256 and AES-192 key derivation),
RFC 7714 16.1, 16.2, 17.1, 17.2 (AES-GCM SRTP and SRTCP). The kernel then has
to produce, byte for byte, what this reference produces from the same master
keys, which are the RFCs' own where the RFCs give one: RFC 3711 B.3's for
AES-128, f8 and the NULL cipher, RFC 6188's for AES-192 and AES-256.

  srtp_kat.py self
  srtp_kat.py rules FIRST-PORT      one genl RULE_NEW argument line per case
  srtp_kat.py run FIRST-PORT SECONDS
      sends each case's packets to its rule (127.0.0.1:port, from :5000+i)
      and compares what arrives at its output (127.0.0.1:port+1)

Each case is a suite, a direction (enc: plain in, protected out; dec:
protected in, plain out) and a kind (RTP on a plain rule, RTCP on an
rtcp-mux rule), with or without RFC 4568's UNAUTHENTICATED_SRTP (no SRTP
tag; SRTCP keeps its own). RTP runs three packets: RFC 7714's (sequence number 0xf17b),
0xffff, then 0x0000 (the rollover counter becomes 1). RTCP runs three
sender reports; SRTCP indexes 0, 1, 2. Prints PASS:/FAIL: lines; exit
status 1 if any failed.
"""
import hashlib
import hmac
import socket
import struct
import sys

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FAILS = 0


def check(name, got, want):
    global FAILS
    if got == want:
        print(f"PASS: {name}")
    else:
        FAILS += 1
        print(f"FAIL: {name}: {got.hex() if isinstance(got, bytes) else got} "
              f"!= {want.hex() if isinstance(want, bytes) else want}")


# --- the reference --------------------------------------------------------

def aes_ctr(key, iv16, data):
    enc = Cipher(algorithms.AES(key), modes.CTR(iv16)).encryptor()
    return enc.update(data) + enc.finalize()


def kdf(master_key, master_salt, label, length):
    """RFC 3711 4.3.1/4.3.3 with KDR 0 (RFC 6188 for longer keys; a 12-byte
    AEAD master salt is zero-padded to 14, RFC 7714 11)."""
    salt = master_salt.ljust(14, b"\0")
    x = int.from_bytes(salt, "big") ^ (label << 48)
    return aes_ctr(master_key, x.to_bytes(14, "big") + b"\0\0", bytes(length))


def aes_ecb(key, block):
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return enc.update(block) + enc.finalize()


def f8(key, salt, iv, data):
    """RFC 3711 4.1.2: IV' = E(k_e XOR m, IV), m = k_s || 0x55..;
    S(j) = E(k_e, IV' XOR j XOR S(j - 1)), S(-1) = 0."""
    m = salt + b"\x55" * (len(key) - len(salt))
    ivp = int.from_bytes(aes_ecb(bytes(a ^ b for a, b in zip(key, m)), iv), "big")
    out, s = b"", 0
    for j in range((len(data) + 15) // 16):
        s = int.from_bytes(aes_ecb(key, (ivp ^ j ^ s).to_bytes(16, "big")), "big")
        chunk = data[16 * j:16 * j + 16]
        out += bytes(a ^ b for a, b in zip(chunk, s.to_bytes(16, "big")))
    return out


def cm_iv(session_salt, ssrc, index):
    """RFC 3711 4.1.1: (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)"""
    v = (int.from_bytes(session_salt, "big") << 16) ^ (ssrc << 64) ^ (index << 16)
    return v.to_bytes(16, "big")


def gcm_iv(session_salt, ssrc, index):
    """RFC 7714 8.1/9.1: salt XOR (00 00 || SSRC || ROC || SEQ), or for
    SRTCP (00 00 || SSRC || 00 00 || index): the same shape with a 48-bit
    packet index, as the RTP index is ROC || SEQ."""
    v = int.from_bytes(session_salt, "big") ^ (ssrc << 48) ^ index
    return v.to_bytes(12, "big")


SUITES = {  # name: (master key length, cipher, tag length)
    "aes128_80": (16, "cm", 10), "aes128_32": (16, "cm", 4),
    "null_80": (16, None, 10), "null_32": (16, None, 4),
    "aes192_80": (24, "cm", 10), "aes192_32": (24, "cm", 4),
    "aes256_80": (32, "cm", 10), "aes256_32": (32, "cm", 4),
    "gcm128": (16, "gcm", 16), "gcm256": (32, "gcm", 16),
    "f8_80": (16, "f8", 10), "f8_32": (16, "f8", 4),
}


class Context:
    """One direction's session keys, SRTP's (labels 0-2) or SRTCP's (3-5)."""

    def __init__(self, suite, master_key, master_salt, rtcp, noauth=False):
        klen, self.cipher, self.tag_len = SUITES[suite]
        self.cipher_suite = suite
        if noauth and not rtcp:
            self.tag_len = 0  # UNAUTHENTICATED_SRTP: SRTCP keeps its tag (RFC 4568 6.3.5)
        if rtcp and self.cipher != "gcm":
            self.tag_len = 10  # SRTCP's tag is 80 bits in the _32 suites too (RFC 4568 6.2)
        base = 3 if rtcp else 0
        slen = 12 if self.cipher == "gcm" else 14
        self.key = kdf(master_key, master_salt, base, klen)
        self.auth = kdf(master_key, master_salt, base + 1, 20)
        self.salt = kdf(master_key, master_salt, base + 2, slen)


def protect_rtp(ctx, packet, roc):
    hdr_len = 12 + 4 * (packet[0] & 0x0F)
    header, payload = packet[:hdr_len], packet[hdr_len:]
    seq, = struct.unpack("!H", packet[2:4])
    ssrc, = struct.unpack("!I", packet[8:12])
    index = (roc << 16) | seq
    if ctx.cipher == "gcm":
        return header + AESGCM(ctx.key).encrypt(gcm_iv(ctx.salt, ssrc, index), payload, header)
    if ctx.cipher == "cm":
        payload = aes_ctr(ctx.key, cm_iv(ctx.salt, ssrc, index), payload)
    elif ctx.cipher == "f8":  # IV = 0x00 || M || PT || SEQ || TS || SSRC || ROC
        payload = f8(ctx.key, ctx.salt, b"\0" + packet[1:12] + struct.pack("!I", roc), payload)
    if not ctx.tag_len:
        return header + payload
    tag = hmac.new(ctx.auth, header + payload + struct.pack("!I", roc), hashlib.sha1).digest()
    return header + payload + tag[:ctx.tag_len]


def unprotect_rtp(ctx, data, roc):
    """The RTP packet in the SRTP packet @data of index ROC || SEQ, or None
    when it is not authentic (a receiver's view; no MKI, no replay check)."""
    seq, = struct.unpack("!H", data[2:4])
    hdr_len = 12 + 4 * (data[0] & 0x0F)
    if ctx.cipher == "gcm":
        header, sealed = data[:hdr_len], data[hdr_len:]
        ssrc, = struct.unpack("!I", data[8:12])
        try:
            return header + AESGCM(ctx.key).decrypt(gcm_iv(ctx.salt, ssrc, (roc << 16) | seq),
                                                    sealed, header)
        except Exception:  # cryptography's InvalidTag
            return None
    body = data[:len(data) - ctx.tag_len]
    if ctx.tag_len:
        tag = hmac.new(ctx.auth, body + struct.pack("!I", roc), hashlib.sha1).digest()
        if not hmac.compare_digest(tag[:ctx.tag_len], data[len(body):]):
            return None
    # counter mode and f8 are their own inverses
    return protect_rtp(session(ctx.cipher_suite, ctx.key, ctx.salt), body, roc)


def protect_rtcp(ctx, packet, index):
    header, payload = packet[:8], packet[8:]
    ssrc, = struct.unpack("!I", packet[4:8])
    e_index = struct.pack("!I", 0x80000000 | index)
    if ctx.cipher == "gcm":
        sealed = AESGCM(ctx.key).encrypt(gcm_iv(ctx.salt, ssrc, index), payload,
                                         header + e_index)
        return header + sealed + e_index
    if ctx.cipher == "cm":
        payload = aes_ctr(ctx.key, cm_iv(ctx.salt, ssrc, index), payload)
    elif ctx.cipher == "f8":  # IV = 0^32 || E || index || the first 8 bytes
        payload = f8(ctx.key, ctx.salt, bytes(4) + e_index + header, payload)
    else:
        e_index = struct.pack("!I", index)  # the NULL cipher encrypts nothing: E is 0
    tag = hmac.new(ctx.auth, header + payload + e_index, hashlib.sha1).digest()
    return header + payload + e_index + tag[:ctx.tag_len]


# --- the RFCs' vectors ----------------------------------------------------

def h(text):
    return bytes.fromhex("".join(text.split()))


RFC3711_B3 = (h("E1F97A0D3E018BE0D64FA32C06DE4139"), h("0EC675AD498AFEEBB6960B3AABE6"))
RFC6188_72 = (h("f0f04914b513f2763a1b1fa130f10e29 98f6f6e43e4309d1e622a0e332b9f1b6"),
              h("3b04803de51ee7c96423ab5b78d2"))
RFC6188_74 = (h("73edc66c4fa15776fb57f9505c17136550ffda71f3e8e5f1"),
              h("c8522f3acd4ce86d5add78edbb11"))
RFC7714_RTP = h("8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
                "20646976 69736120 696e2070 61727465 73207472 6573")
RFC7714_RTCP = h("81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930"
                 "4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef")
RFC7714_KEY128 = h("000102030405060708090a0b0c0d0e0f")
RFC7714_KEY256 = h("000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f")
RFC7714_SALT = h("517569642070726f2071756f")


def session(suite, key, salt):
    """A context of session keys (an RFC's vectors), no tag unless set."""
    ctx = Context.__new__(Context)
    _, ctx.cipher, ctx.tag_len = SUITES[suite]
    ctx.cipher_suite = suite
    ctx.key, ctx.salt, ctx.auth = key, salt, None
    if ctx.cipher != "gcm":
        ctx.tag_len = 0
    return ctx


def self_test():
    key, salt = h("2B7E151628AED2A6ABF7158809CF4F3C"), h("F0F1F2F3F4F5F6F7F8F9FAFBFCFD")
    check("RFC 3711 B.2: AES-CM keystream, first three blocks",
          aes_ctr(key, cm_iv(salt, 0, 0), bytes(48)),
          h("E03EAD0935C95E80E166B16DD92B4EB4 D23513162B02D0F72A43A2FE4A5F97AB"
            "41E95B3BB0A2E8DD477901E4FCA894C0"))
    check("RFC 3711 B.2: AES-CM keystream, blocks 0xfeff to 0xff01",
          aes_ctr(key, cm_iv(salt, 0, 0), bytes(0xff02 * 16))[0xfeff * 16:],
          h("EC8CDF7398607CB0F2D21675EA9EA1E4 362B7C3C6773516318A077D7FC5073AE"
            "6A2CC3787889374FBEB4C81B17BA6C44"))
    for name, (mk, ms), want in (
            ("RFC 3711 B.3", RFC3711_B3, ("C61E7A93744F39EE10734AFE3FF7A087",
                                          "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4",
                                          "30CBBC08863D8C85D49DB34A9AE1")),
            ("RFC 6188 7.2 (AES-256)", RFC6188_72,
             ("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4",
              "fd9c32d39ed5fbb5a9dc96b30818454d1313dc05", "fa31791685ca444a9e07c6c64e93")),
            ("RFC 6188 7.4 (AES-192)", RFC6188_74,
             ("31874736a8f1143870c26e4857d8a5b2c4a354407faadabb",
              "355b10973cd95b9eacf4061c7e1a7151e7cfbfcb", "2372b82d639b6d8503a47adc0a6c"))):
        for label, what in enumerate(("cipher key", "auth key", "cipher salt")):
            check(f"{name}: {what}", kdf(mk, ms, label, len(h(want[label]))), h(want[label]))
    check("RFC 3711 B.1: AES-f8 of its RTP packet",
          f8(h("234829008467be186c3de14aae72d62c"), h("32f2870d"),
             h("006e5cba50681de55c621599d462564a"),
             h("70736575646f72616e646f6d6e657373 20697320746865206e65787420626573 74207468696e67")),
          h("019ce7a26e7854014a6366aa95d4eefd 1ad4172a14f9faf455b7f1d4b62bd08f 562c0eef7c4802"))
    f8_ctx = session("f8_80", h("234829008467be186c3de14aae72d62c"), h("32f2870d"))
    f8_ctx.auth, f8_ctx.tag_len = b"", 0
    check("RFC 3711 B.1: the IV from the packet and its ROC",
          protect_rtp(f8_ctx, h("806e5cba50681de55c621599") + b"pseudorandomness is the next best thing",
                      0xd462564a)[12:],
          h("019ce7a26e7854014a6366aa95d4eefd 1ad4172a14f9faf455b7f1d4b62bd08f 562c0eef7c4802"))
    rtp_iv = gcm_iv(RFC7714_SALT, 0x5501a0b2, 0xf17b)
    check("RFC 7714 16.1: SRTP IV", rtp_iv, h("51753c6580c2726f20718414"))
    check("RFC 7714 16.1: AEAD_AES_128_GCM SRTP",
          protect_rtp(session("gcm128", RFC7714_KEY128, RFC7714_SALT), RFC7714_RTP, 0),
          h("8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5"
            "0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce"))
    check("RFC 7714 16.2: AEAD_AES_256_GCM SRTP",
          protect_rtp(session("gcm256", RFC7714_KEY256, RFC7714_SALT), RFC7714_RTP, 0),
          h("8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238"
            "9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13"))
    check("RFC 7714 17.1: SRTCP IV", gcm_iv(RFC7714_SALT, 0x4d617273, 0x5d4),
          h("517524055203726f207170bb"))
    check("RFC 7714 17.1: AEAD_AES_128_GCM SRTCP",
          protect_rtcp(session("gcm128", RFC7714_KEY128, RFC7714_SALT), RFC7714_RTCP, 0x5d4),
          h("81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d"
            "c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872"
            "45d9eade 800005d4"))
    check("RFC 7714 17.2: AEAD_AES_256_GCM SRTCP",
          protect_rtcp(session("gcm256", RFC7714_KEY256, RFC7714_SALT), RFC7714_RTCP, 0x5d4),
          h("81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50"
            "a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c"
            "b26ac3be 800005d4"))


# --- the kernel's cases ---------------------------------------------------

def master(suite):
    """The RFCs' master keys: B.3's for 128-bit keys, RFC 6188's for longer
    ones; AEAD suites take the first 12 bytes of the salt."""
    mk, ms = {16: RFC3711_B3, 24: RFC6188_74, 32: RFC6188_72}[SUITES[suite][0]]
    return mk, ms[:12] if SUITES[suite][1] == "gcm" else ms


# unauthenticated SRTP (no tag) on the rules of these suites; SRTCP keeps its tag
NOAUTH = ("aes128_80", "aes192_32", "aes256_80", "f8_32")


def cases():
    """(kind, suite, direction, unauthenticated) of every case"""
    out = []
    for kind in ("rtp", "rtcp"):
        for suite in SUITES:
            for direction in ("enc", "dec"):
                out.append((kind, suite, direction, False))
    for kind in ("rtp", "rtcp"):
        for suite in NOAUTH:
            for direction in ("enc", "dec"):
                out.append((kind, suite, direction, True))
    return out


def rtp_packets():
    """RFC 7714's packet, then the same stream at 0xffff and 0x0000 (the
    rollover counter becomes 1)."""
    pkts = [RFC7714_RTP]
    for seq in (0xffff, 0x0000):
        pkts.append(RFC7714_RTP[:2] + struct.pack("!H", seq) + RFC7714_RTP[4:])
    return [(p, roc) for p, roc in zip(pkts, (0, 0, 1))]


def rtcp_packets():
    """Three sender reports with a report block (RFC 3550 6.4.1), the length
    field right (RFC 7714's own example is one word short of it)."""
    out = []
    for i in range(3):
        body = struct.pack("!IIIII", 0x4e545031, 0x4e545032 + i, 0x52545020, 42 + i, 59696)
        block = struct.pack("!IIIIII", 0xdeadbeef, i, 0x1000 + i, 7, 0, 0)
        pkt = struct.pack("!BBHI", 0x81, 200, (8 + len(body) + len(block)) // 4 - 1,
                          0x4d617273) + body + block
        out.append((pkt, i))
    return out


def rules(first):
    for i, (kind, suite, direction, noauth) in enumerate(cases()):
        mk, ms = master(suite)
        crypto = f"{suite}/{mk.hex()}/{ms.hex()}" + ("/noauth" if noauth else "")
        port = first + 2 * i
        flags = "17" if kind == "rtcp" else "1"
        out = f"out=127.0.0.1:31000,127.0.0.1:{port + 1}"
        if direction == "enc":
            print(f"local=127.0.0.1:{port} flagsval={flags} {out},0,{crypto}")
        else:
            print(f"local=127.0.0.1:{port} flagsval={flags} {out} decrypt={crypto}")


def run(first, seconds):
    for i, (kind, suite, direction, noauth) in enumerate(cases()):
        mk, ms = master(suite)
        ctx = Context(suite, mk, ms, kind == "rtcp", noauth)
        port = first + 2 * i
        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rx.bind(("127.0.0.1", port + 1))
        rx.settimeout(seconds)
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tx.bind(("127.0.0.1", 5000 + i))
        pkts = rtp_packets() if kind == "rtp" else rtcp_packets()
        protect = protect_rtp if kind == "rtp" else protect_rtcp
        got, want = [], []
        for plain, index in pkts:
            sealed = protect(ctx, plain, index)
            sent, expected = (plain, sealed) if direction == "enc" else (sealed, plain)
            tx.sendto(sent, ("127.0.0.1", port))
            want.append(expected)
            try:
                got.append(rx.recv(2048))
            except socket.timeout:
                got.append(b"")
                break
        name = f"{kind} {suite}{' unauthenticated' if noauth else ''} " \
            f"{'plain -> protected' if direction == 'enc' else 'protected -> plain'}"
        check(name, b"|".join(got), b"|".join(want))
        rx.close()
        tx.close()


if __name__ == "__main__":
    if sys.argv[1] == "self":
        self_test()
    elif sys.argv[1] == "rules":
        rules(int(sys.argv[2]))
    elif sys.argv[1] == "run":
        run(int(sys.argv[2]), float(sys.argv[3]))
    else:
        sys.exit(__doc__)
    sys.exit(1 if FAILS else 0)
