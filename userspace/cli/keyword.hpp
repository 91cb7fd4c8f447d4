// iproute2-style keyword matching: a word selects a keyword when it is a
// non-empty prefix of it ("t" → "table"). When several keywords match, the
// first in the table wins, so the order of a command table is part of the
// user interface ("d" means "del" because "del" comes before "delete").
#ifndef RTPNL_CLI_KEYWORD_HPP
#define RTPNL_CLI_KEYWORD_HPP

#include <cstddef>
#include <optional>
#include <iterator>
#include <string_view>

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

} // namespace rtpnl::cli

#endif
