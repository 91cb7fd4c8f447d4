// SPDX-License-Identifier: LGPL-2.1-or-later
// iproute2-style keyword prefix matching.
#include "keyword.hpp"

#include <doctest/doctest.h>

#include <array>
#include <string_view>

using rtpnl::cli::find_keyword;
using rtpnl::cli::matches;

TEST_CASE("a word matches keywords it is a non-empty prefix of")
{
	CHECK(matches("t", "table"));
	CHECK(matches("tab", "table"));
	CHECK(matches("table", "table"));
	CHECK_FALSE(matches("tables", "table"));
	CHECK_FALSE(matches("", "table"));
	CHECK_FALSE(matches("able", "table"));
	CHECK_FALSE(matches("T", "table"));
}

TEST_CASE("ambiguous prefixes resolve to the first entry in table order")
{
	struct Entry {
		std::string_view name;
		int id;
	};
	constexpr std::array<Entry, 4> table{{{"del", 1}, {"delete", 2}, {"list", 3}, {"link", 4}}};
	CHECK(find_keyword("d", table)->id == 1);
	CHECK(find_keyword("del", table)->id == 1);
	CHECK(find_keyword("dele", table)->id == 2);
	CHECK(find_keyword("l", table)->id == 3);
	CHECK(find_keyword("lin", table)->id == 4);
	CHECK(find_keyword("x", table) == nullptr);
	CHECK(find_keyword("", table) == nullptr);
}
