// SPDX-License-Identifier: LGPL-2.1-or-later
// Bytes as rtpnl's words write them: two hex digits each, "0x" optional
// on input, lower case on output (an MKI, a payload replacement's pattern).
#ifndef RTPNL_CLI_HEX_HPP
#define RTPNL_CLI_HEX_HPP

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// Why parse_hex_bytes() refused a text.
enum class HexError { empty, odd, not_hex };

// "ff", "0xD5", "0102aabb": at least one byte, an even number of digits;
// no upper bound (the caller's limit).
struct HexBytes {
	std::vector<std::uint8_t> bytes;
	std::optional<HexError> error; // set: bytes is empty
};
HexBytes parse_hex_bytes(std::string_view text);

// "0102aabb"
std::string hex_text(std::span<const std::uint8_t> bytes);

} // namespace rtpnl::cli

#endif
