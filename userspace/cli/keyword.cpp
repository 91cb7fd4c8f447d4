// SPDX-License-Identifier: LGPL-2.1-or-later
// iproute2-style keyword prefix matching (see keyword.hpp).
#include "keyword.hpp"

namespace rtpnl::cli {

bool matches(std::string_view word, std::string_view keyword)
{
	return !word.empty() && keyword.starts_with(word);
}

std::string_view find_word(std::string_view word, std::span<const std::string_view> words)
{
	for (std::string_view w : words)
		if (matches(word, w))
			return w;
	return {};
}

} // namespace rtpnl::cli
