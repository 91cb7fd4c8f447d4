// SPDX-License-Identifier: LGPL-2.1-or-later
// The kernel tests' datagrams (see udp_peer_payload.hpp).
#include "udp_peer_payload.hpp"
#include "tool_args.hpp"

#include <algorithm>

namespace rtptools {

namespace {

constexpr std::size_t rtp_header = 12;
constexpr std::uint32_t stun_magic = 0x2112A442;

void put16(std::vector<std::uint8_t> &out, std::uint32_t v)
{
	out.push_back(static_cast<std::uint8_t>(v >> 8));
	out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t> &out, std::uint32_t v)
{
	put16(out, v >> 16);
	put16(out, v & 0xffff);
}

std::uint32_t get32(std::span<const std::uint8_t> d, std::size_t at)
{
	return static_cast<std::uint32_t>(d[at]) << 24 | static_cast<std::uint32_t>(d[at + 1]) << 16 |
	       static_cast<std::uint32_t>(d[at + 2]) << 8 | d[at + 3];
}

} // namespace

PayloadKind payload_kind(const std::string &name)
{
	if (name == "rtp")
		return PayloadKind::rtp;
	if (name == "stun")
		return PayloadKind::stun;
	if (name == "dtls")
		return PayloadKind::dtls;
	throw UsageError("unknown kind '" + name + "' (rtp, stun or dtls)");
}

std::vector<std::uint8_t> payload(std::uint64_t seq, std::size_t size, const PayloadSpec &spec)
{
	std::vector<std::uint8_t> out;
	out.reserve(std::max<std::size_t>(size, rtp_header));
	const auto s32 = static_cast<std::uint32_t>(seq);
	switch (spec.kind) {
	case PayloadKind::stun:
		put16(out, 0x0001);
		put16(out, static_cast<std::uint32_t>(size - 20));
		put32(out, stun_magic);
		for (int i = 0; i < 3; ++i)
			put32(out, s32);
		out.resize(size, 0);
		return out;
	case PayloadKind::dtls:
		out = {22, 0xFE, 0xFD};
		for (std::size_t i = 0; i + 3 < size; ++i)
			out.push_back(static_cast<std::uint8_t>(seq + i));
		return out;
	case PayloadKind::rtp:
		break;
	}
	out.push_back(static_cast<std::uint8_t>((spec.version & 3) << 6));
	out.push_back(static_cast<std::uint8_t>(spec.pt));
	put16(out, s32 & 0xffff);
	put32(out, static_cast<std::uint32_t>(seq * 160));
	put32(out, spec.ssrc);
	for (std::size_t i = 0; i + rtp_header < size; ++i)
		out.push_back(static_cast<std::uint8_t>(seq + i));
	out.resize(std::max<std::size_t>(size, 1));
	return out;
}

bool payload_intact(std::span<const std::uint8_t> data)
{
	if (data.size() < rtp_header)
		return false;
	PayloadSpec spec;
	spec.pt = data[1];
	spec.version = data[0] >> 6;
	spec.ssrc = get32(data, 8);
	const std::uint64_t full = get32(data, 4) / 160;
	const auto want = payload(full, data.size(), spec);
	return std::equal(want.begin(), want.end(), data.begin(), data.end());
}

} // namespace rtptools
