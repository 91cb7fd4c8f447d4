// SPDX-License-Identifier: LGPL-2.1-or-later
// The load generator's RTP packets: 172 bytes, header fields in network
// order, the stream advancing seq by 1 and the timestamp by 160.
#include "rtp_packet.hpp"

#include <doctest/doctest.h>

#include <array>
#include <vector>

using namespace rtptools;

TEST_CASE("build_rtp writes a 12-byte version 2 header and 160 payload bytes")
{
	std::array<std::uint8_t, 200> buf{};
	const RtpHeader h{8, 0x1234, 0xdeadbeef, 0x5eed0001};
	REQUIRE(build_rtp(buf, h) == 172);
	const std::vector<std::uint8_t> header(buf.begin(), buf.begin() + 12);
	CHECK(header == std::vector<std::uint8_t>{0x80, 0x08, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef,
						  0x5e, 0xed, 0x00, 0x01});
	CHECK(buf[12] == 0x34);	 // payload byte i = seq + i
	CHECK(buf[171] == static_cast<std::uint8_t>(0x34 + 159));
	CHECK(buf[172] == 0);	 // nothing written past the packet
}

TEST_CASE("build_rtp refuses a buffer that is too small")
{
	std::array<std::uint8_t, 171> buf{};
	CHECK(build_rtp(buf, RtpHeader{}) == 0);
	CHECK(buf[0] == 0);
}

TEST_CASE("build_rtp keeps the payload type to 7 bits")
{
	std::array<std::uint8_t, rtp_packet_size> buf{};
	build_rtp(buf, RtpHeader{0xff, 0, 0, 0});
	CHECK(buf[1] == 0x7f);
}

TEST_CASE("parse_rtp reads back what build_rtp wrote")
{
	std::array<std::uint8_t, rtp_packet_size> buf{};
	const RtpHeader h{0, 65535, 160, 42};
	build_rtp(buf, h);
	const auto parsed = parse_rtp(buf);
	REQUIRE(parsed);
	CHECK(*parsed == h);
}

TEST_CASE("parse_rtp rejects short packets and other versions")
{
	std::array<std::uint8_t, rtp_packet_size> buf{};
	build_rtp(buf, RtpHeader{});
	CHECK_FALSE(parse_rtp(std::span<const std::uint8_t>(buf.data(), 11)));
	CHECK(parse_rtp(std::span<const std::uint8_t>(buf.data(), 12)));
	buf[0] = 0x40; // version 1
	CHECK_FALSE(parse_rtp(buf));
}

TEST_CASE("rtp_payload_intact: what build_rtp wrote, nothing else")
{
	std::array<std::uint8_t, rtp_packet_size + 10> buf{};
	build_rtp(buf, RtpHeader{0, 65535, 0, 1});
	const std::span<const std::uint8_t> packet(buf.data(), rtp_packet_size);
	CHECK(rtp_payload_intact(packet));
	CHECK_FALSE(rtp_payload_intact(std::span<const std::uint8_t>(buf)));	// a tag behind it
	CHECK_FALSE(rtp_payload_intact(packet.first(rtp_packet_size - 1)));
	buf[100] ^= 1;	// a payload byte
	CHECK_FALSE(rtp_payload_intact(packet));
	buf[100] ^= 1;
	buf[3] ^= 1;	// the sequence number the payload was made for
	CHECK_FALSE(rtp_payload_intact(packet));
}

TEST_CASE("RtpStream: fixed SSRC, seq +1 wrapping, timestamp +160")
{
	RtpStream stream(7, 65534, 0xffffff00, 0);
	const RtpHeader a = stream.next();
	const RtpHeader b = stream.next();
	const RtpHeader c = stream.next();
	CHECK(a.seq == 65534);
	CHECK(b.seq == 65535);
	CHECK(c.seq == 0);
	CHECK(a.timestamp == 0xffffff00);
	CHECK(b.timestamp == 0xffffffa0);
	CHECK(c.timestamp == 0x40); // wraps too
	CHECK(a.ssrc == 7);
	CHECK(c.ssrc == 7);
}
