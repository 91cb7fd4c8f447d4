// SPDX-License-Identifier: LGPL-2.1-or-later
// The datagrams of the kernel tests' UDP endpoints (udp_peer, and
// tests/kernel/lib/udp.py, which builds the same bytes): datagram i is fully
// determined by i, so a receiver can tell an intact datagram from a damaged
// one without knowing what was sent.
#ifndef RTPTOOLS_UDP_PEER_PAYLOAD_HPP
#define RTPTOOLS_UDP_PEER_PAYLOAD_HPP

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rtptools {

enum class PayloadKind { rtp, stun, dtls };

struct PayloadSpec {
	unsigned pt = 0;	  // the second byte (marker bit included)
	unsigned version = 2;	  // RTP version, the first byte's top 2 bits
	std::uint32_t ssrc = 0x5EED5EED;
	PayloadKind kind = PayloadKind::rtp;
};

// "rtp", "stun" or "dtls"; a UsageError otherwise.
PayloadKind payload_kind(const std::string &name);

// Datagram seq of size bytes:
//  rtp:  a 12-byte RTP header (sequence number seq mod 2^16, timestamp
//        seq * 160, so the full seq is in it), then bytes (seq + i) & 0xff;
//        fewer than 12 bytes: the header cut short (at least 1 byte);
//  stun: an RFC 5389 binding request header, seq three times, zeros
//        (size - 20 should be a multiple of 4);
//  dtls: a DTLS 1.2 handshake record's first 3 bytes, then (seq + i) & 0xff.
std::vector<std::uint8_t> payload(std::uint64_t seq, std::size_t size, const PayloadSpec &spec);

// An RTP datagram equal to what payload() builds for the seq, pt, version
// and ssrc its header carries.
bool payload_intact(std::span<const std::uint8_t> data);

} // namespace rtptools

#endif
