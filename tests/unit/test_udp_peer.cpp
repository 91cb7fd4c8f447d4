// SPDX-License-Identifier: LGPL-2.1-or-later
// The kernel tests' datagrams (udp_peer_payload.hpp) are byte for byte
// those of tests/kernel/lib/udp.py: the expected bytes below are what
// udp.py's payload() returns for the same arguments, so a receiver of either
// tool counts the other's datagrams as intact.
#include "tool_args.hpp"
#include "udp_peer_payload.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace rtptools;

namespace {

std::string hex(const std::vector<std::uint8_t> &bytes)
{
	static const char digits[] = "0123456789abcdef";
	std::string out;
	for (const auto b : bytes) {
		out += digits[b >> 4];
		out += digits[b & 15];
	}
	return out;
}

PayloadSpec spec(unsigned pt, unsigned version, std::uint32_t ssrc, PayloadKind kind)
{
	PayloadSpec s;
	s.pt = pt;
	s.version = version;
	s.ssrc = ssrc;
	s.kind = kind;
	return s;
}

} // namespace

TEST_CASE("udp_peer's datagrams are udp.py's, byte for byte")
{
	const auto rtp = PayloadKind::rtp;
	const auto first = hex(payload(0, 172, PayloadSpec{}));
	CHECK(first.size() == 344);
	CHECK(first.substr(0, 40) == "80000000000000005eed5eed0001020304050607");
	CHECK(first.substr(336) == "9c9d9e9f");
	// seq beyond 2^16: the header's sequence number wraps, the timestamp
	// keeps the whole seq
	CHECK(hex(payload(70000, 20, spec(8, 2, 0x1234, rtp))) ==
	      "8008117000aae600000012347071727374757677");
	CHECK(hex(payload(5, 7, PayloadSpec{})) == "80000005000003");
	CHECK(hex(payload(3, 0, PayloadSpec{})) == "80");
	CHECK(hex(payload(1, 16, spec(0x80 | 96, 1, 0xdeadbeef, rtp))) ==
	      "40e00001000000a0deadbeef01020304");
	CHECK(hex(payload(9, 28, spec(0, 2, 0, PayloadKind::stun))) ==
	      "000100082112a4420000000900000009000000090000000000000000");
	CHECK(hex(payload(300, 10, spec(0, 2, 0, PayloadKind::dtls))) == "16fefd2c2d2e2f303132");
}

TEST_CASE("an RTP datagram is intact only as payload() built it")
{
	auto data = payload(70000, 172, spec(0x80 | 96, 2, 0x1234, PayloadKind::rtp));
	CHECK(payload_intact(data));
	data[100] ^= 1;
	CHECK_FALSE(payload_intact(data));
	data[100] ^= 1;
	data[3] ^= 1;	// the sequence number no longer matches the timestamp
	CHECK_FALSE(payload_intact(data));
	CHECK_FALSE(payload_intact(payload(5, 7, PayloadSpec{})));	// no whole header
	CHECK_FALSE(payload_intact(payload(9, 28, spec(0, 2, 0, PayloadKind::stun))));
}

TEST_CASE("a datagram kind is rtp, stun or dtls")
{
	CHECK(payload_kind("stun") == PayloadKind::stun);
	CHECK_THROWS_AS(payload_kind("srtp"), UsageError);
}
