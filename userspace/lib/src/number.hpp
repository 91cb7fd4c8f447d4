// SPDX-License-Identifier: LGPL-2.1-or-later
// Decimal numbers in the library's text forms (nft rule words, SDES key
// parameters): the whole word, or nothing. Internal, not installed.
#ifndef RTPNL_SRC_NUMBER_HPP
#define RTPNL_SRC_NUMBER_HPP

#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>

namespace rtpnl {

// The whole of `word` as a decimal T; nullopt if empty, signed, with other
// characters or out of T's range.
template <typename T>
std::optional<T> parse_number(std::string_view word)
{
	T value{};
	const char *end = word.data() + word.size();
	auto [ptr, ec] = std::from_chars(word.data(), end, value);
	if (word.empty() || ptr != end || ec != std::errc{})
		return std::nullopt;
	return value;
}

} // namespace rtpnl

#endif
