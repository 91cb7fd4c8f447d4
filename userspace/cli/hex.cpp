// SPDX-License-Identifier: LGPL-2.1-or-later
// Hex bytes (see hex.hpp).
#include "hex.hpp"

namespace rtpnl::cli {

namespace {

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

} // namespace

HexBytes parse_hex_bytes(std::string_view text)
{
	if (text.starts_with("0x") || text.starts_with("0X"))
		text.remove_prefix(2);
	if (text.empty())
		return {{}, HexError::empty};
	std::vector<std::uint8_t> bytes;
	for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
		const int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
		if (hi < 0 || lo < 0)
			return {{}, HexError::not_hex};
		bytes.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
	}
	if (text.size() % 2 != 0)
		return {{}, hex_digit(text.back()) < 0 ? HexError::not_hex : HexError::odd};
	return {std::move(bytes), std::nullopt};
}

std::string hex_text(std::span<const std::uint8_t> bytes)
{
	static constexpr std::string_view digits = "0123456789abcdef";
	std::string text;
	text.reserve(2 * bytes.size());
	for (const std::uint8_t b : bytes)
		text.append(1, digits[b >> 4]).append(1, digits[b & 0xf]);
	return text;
}

} // namespace rtpnl::cli
