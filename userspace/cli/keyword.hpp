// SPDX-License-Identifier: LGPL-2.1-or-later
// iproute2-style keyword matching: a word selects a keyword when it is a
// non-empty prefix of it ("t" → "table"). When several keywords match, the
// first in the table wins, so the order of a command table is part of the
// user interface ("d" means "del" because "del" comes before "delete").
#ifndef RTPNL_CLI_KEYWORD_HPP
#define RTPNL_CLI_KEYWORD_HPP

#include <cstddef>
#include <optional>
#include <iterator>
#include <span>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// One entry of a command table: the word and what it selects.
template <typename T>
struct Keyword {
	std::string_view name;
	T value;
};

// True if `word` is a non-empty prefix of `keyword` (or equal to it).
bool matches(std::string_view word, std::string_view keyword);

// The first entry of a table (array/span of structs with a `name` member)
// whose name the word matches, or nullptr.
template <typename Table>
auto find_keyword(std::string_view word, const Table &table) -> decltype(std::data(table))
{
	for (const auto &e : table)
		if (matches(word, e.name))
			return &e;
	return nullptr;
}

// The first of `words` that `word` matches, or an empty view (for parsers
// whose keywords select nothing but themselves).
std::string_view find_word(std::string_view word, std::span<const std::string_view> words);

// The names of a command table, in order (for the grammar, grammar.hpp).
template <typename Table>
std::vector<std::string_view> keyword_names(const Table &table)
{
	std::vector<std::string_view> names;
	for (const auto &e : table) {
		if constexpr (requires { e.name; })
			names.push_back(e.name);
		else
			names.push_back(e);
	}
	return names;
}

} // namespace rtpnl::cli

#endif
