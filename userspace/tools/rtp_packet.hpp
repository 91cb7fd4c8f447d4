// SPDX-License-Identifier: LGPL-2.1-or-later
// The RTP packets of the load generator: a 12-byte RTP header (RFC 3550,
// version 2, no CSRC, no extension) and 160 bytes of payload, 20 ms of
// G.711 at 8 kHz: what a media proxy relays most.
//
// Pure functions over byte buffers, no sockets: the unit tests drive them.
#ifndef RTPTOOLS_RTP_PACKET_HPP
#define RTPTOOLS_RTP_PACKET_HPP

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace rtptools {

inline constexpr std::size_t rtp_header_size = 12;
inline constexpr std::size_t rtp_payload_size = 160;
inline constexpr std::size_t rtp_packet_size = rtp_header_size + rtp_payload_size;
// Timestamp units per packet: 160 samples at 8 kHz.
inline constexpr std::uint32_t rtp_samples_per_packet = 160;

struct RtpHeader {
	std::uint8_t payload_type = 0; // 0..127
	std::uint16_t seq = 0;
	std::uint32_t timestamp = 0;
	std::uint32_t ssrc = 0;

	bool operator==(const RtpHeader &) const = default;
};

// Writes one packet (rtp_packet_size bytes) into out, which must hold at
// least that many; returns the size written, 0 if out is too small. The
// payload bytes depend on the sequence number so a receiver could check them.
std::size_t build_rtp(std::span<std::uint8_t> out, const RtpHeader &header);

// The header of an RTP version 2 packet; nullopt for anything shorter than
// a header or of another version.
std::optional<RtpHeader> parse_rtp(std::span<const std::uint8_t> packet);

// A packet exactly as build_rtp() wrote it for its header's sequence
// number: rtp_packet_size bytes, the payload unchanged. What a receiver
// checks behind a forwarder that decrypts or encrypts (an SRTP packet
// forwarded undecrypted, or decrypted wrong, is not intact).
bool rtp_payload_intact(std::span<const std::uint8_t> packet);

// One flow's header sequence: fixed SSRC and payload type, the sequence
// number advancing by one (wrapping at 65536), the timestamp by 160.
class RtpStream {
public:
	explicit RtpStream(std::uint32_t ssrc, std::uint16_t first_seq = 0,
			   std::uint32_t first_timestamp = 0, std::uint8_t payload_type = 0);

	// The header of the next packet, then advances.
	RtpHeader next();

private:
	RtpHeader header_;
};

} // namespace rtptools

#endif
