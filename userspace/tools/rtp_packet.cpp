// SPDX-License-Identifier: LGPL-2.1-or-later
// RTP packet building and parsing (see rtp_packet.hpp).
#include "rtp_packet.hpp"

namespace rtptools {

namespace {

constexpr std::uint8_t rtp_version_bits = 2 << 6;

void put16(std::uint8_t *p, std::uint16_t v)
{
	p[0] = static_cast<std::uint8_t>(v >> 8);
	p[1] = static_cast<std::uint8_t>(v);
}

void put32(std::uint8_t *p, std::uint32_t v)
{
	put16(p, static_cast<std::uint16_t>(v >> 16));
	put16(p + 2, static_cast<std::uint16_t>(v));
}

std::uint16_t get16(const std::uint8_t *p)
{
	return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

std::uint32_t get32(const std::uint8_t *p)
{
	return static_cast<std::uint32_t>(get16(p)) << 16 | get16(p + 2);
}

// Payload byte i of the packet with sequence number seq.
std::uint8_t payload_byte(std::uint16_t seq, std::size_t i)
{
	return static_cast<std::uint8_t>(seq + i);
}

} // namespace

std::size_t build_rtp(std::span<std::uint8_t> out, const RtpHeader &header)
{
	if (out.size() < rtp_packet_size)
		return 0;
	std::uint8_t *p = out.data();
	p[0] = rtp_version_bits;
	p[1] = header.payload_type & 0x7f;
	put16(p + 2, header.seq);
	put32(p + 4, header.timestamp);
	put32(p + 8, header.ssrc);
	for (std::size_t i = 0; i < rtp_payload_size; i++)
		p[rtp_header_size + i] = payload_byte(header.seq, i);
	return rtp_packet_size;
}

std::optional<RtpHeader> parse_rtp(std::span<const std::uint8_t> packet)
{
	if (packet.size() < rtp_header_size || (packet[0] & 0xc0) != rtp_version_bits)
		return std::nullopt;
	const std::uint8_t *p = packet.data();
	return RtpHeader{static_cast<std::uint8_t>(p[1] & 0x7f), get16(p + 2), get32(p + 4),
			 get32(p + 8)};
}

bool rtp_payload_intact(std::span<const std::uint8_t> packet)
{
	const auto header = parse_rtp(packet);
	if (!header || packet.size() != rtp_packet_size)
		return false;
	for (std::size_t i = 0; i < rtp_payload_size; i++)
		if (packet[rtp_header_size + i] != payload_byte(header->seq, i))
			return false;
	return true;
}

RtpStream::RtpStream(std::uint32_t ssrc, std::uint16_t first_seq, std::uint32_t first_timestamp,
		     std::uint8_t payload_type)
	: header_{payload_type, first_seq, first_timestamp, ssrc}
{
}

RtpHeader RtpStream::next()
{
	const RtpHeader current = header_;
	header_.seq = static_cast<std::uint16_t>(header_.seq + 1);
	header_.timestamp += rtp_samples_per_packet;
	return current;
}

} // namespace rtptools
