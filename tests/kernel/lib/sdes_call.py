#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""An SDES call through the rtpengine daemon (NG): SRTP (RTP/SAVP with an
a=crypto line) on the caller's side, plain RTP/AVP on the callee's: the
daemon bridges the two, with its own key toward the caller.

  sdes_call.py SERVER CALL_ID CALLER CALLEE SUITE KEYHEX SALTHEX

Prints shell assignments: CALLER_TO=IP:PORT (where the caller sends: the
daemon's port in the answer), CALLEE_TO=IP:PORT (where the callee sends: in
the offer), RX_KEY=HEX RX_SALT=HEX (the daemon's key and salt for what the
caller receives, from the answer's a=crypto line of SUITE; a 12-byte salt
for the AEAD suites, else 14). Exits non-zero
when the daemon says no, or offers the callee anything but plain RTP/AVP.
"""
import base64
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ng  # noqa: E402


def savp_sdp(addr, suite, key, salt):
    inline = base64.b64encode(key + salt).decode()
    return ng.sdp(addr).replace("RTP/AVP", "RTP/SAVP") + \
        "a=crypto:1 %s inline:%s\r\n" % (suite, inline)


def sdp_of(reply):
    if reply.get("result") != b"ok":
        sys.exit("ng error: %r" % reply)
    return reply["sdp"].decode()


def main():
    server, call_id, caller, callee, suite, key, salt = sys.argv[1:8]
    key, salt = bytes.fromhex(key), bytes.fromhex(salt)
    tags = {"call-id": call_id, "from-tag": "caller", "replace": ["origin", "session-connection"]}
    offer = ng.request(server, dict(tags, command="offer", sdp=savp_sdp(caller, suite, key, salt),
                                    **{"transport-protocol": "RTP/AVP"}))
    to_callee = sdp_of(offer)
    if "RTP/AVP" not in to_callee or "a=crypto" in to_callee:
        sys.exit("the callee was offered more than plain RTP/AVP:\n" + to_callee)
    answer = ng.request(server, dict(tags, command="answer", sdp=ng.sdp(callee),
                                     **{"to-tag": "callee"}))
    to_caller = sdp_of(answer)
    crypto = [line.split() for line in to_caller.splitlines()
              if line.startswith("a=crypto:") and line.split()[1] == suite]
    if "RTP/SAVP" not in to_caller or not crypto:
        sys.exit("the caller's answer has no %s a=crypto line:\n%s" % (suite, to_caller))
    inline = crypto[0][2].split(":", 1)[1].split("|")[0]
    # the daemon leaves base64's padding out where it has some (28 bytes: AEAD)
    keysalt = base64.b64decode(inline + "=" * (-len(inline) % 4))
    salt_len = 12 if suite.startswith("AEAD_") else 14     # RFC 7714 14.2
    print("CALLER_TO=%s" % ng.media_address(answer))
    print("CALLEE_TO=%s" % ng.media_address(offer))
    print("RX_KEY=%s" % keysalt[:-salt_len].hex())
    print("RX_SALT=%s" % keysalt[-salt_len:].hex())


if __name__ == "__main__":
    main()
