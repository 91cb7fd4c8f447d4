// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl table" argument parsing: actions, prefixes, ids, extra words.
#include "cmd_table.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl::cli;
using Action = TableCommand::Action;

namespace {
rtpnl::Result<TableCommand> parse(std::vector<std::string_view> args)
{
	return parse_table_command(args);
}

std::string error_of(std::vector<std::string_view> args)
{
	auto r = parse(std::move(args));
	REQUIRE_FALSE(r.ok());
	return r.error().text();
}
} // namespace

TEST_CASE("actions and their prefixes")
{
	CHECK(*parse({"add", "42"}) == TableCommand{Action::add, 42});
	CHECK(*parse({"a", "42"}) == TableCommand{Action::add, 42});
	CHECK(*parse({"ensure", "42"}) == TableCommand{Action::ensure, 42});
	CHECK(*parse({"e", "42"}) == TableCommand{Action::ensure, 42});
	CHECK(*parse({"del", "1"}) == TableCommand{Action::del, 1});
	CHECK(*parse({"d", "1"}) == TableCommand{Action::del, 1});
	CHECK(*parse({"delete", "1"}) == TableCommand{Action::del, 1});
	CHECK(*parse({"dele", "1"}) == TableCommand{Action::del, 1});
	CHECK(*parse({"get", "0"}) == TableCommand{Action::get, 0});
	CHECK(*parse({"g", "63"}) == TableCommand{Action::get, 63});
	CHECK(parse({"list"})->action == Action::list);
	CHECK(parse({"l"})->action == Action::list);
	CHECK(parse({"show"})->action == Action::list);
	CHECK(parse({"sh"})->action == Action::list);
	CHECK(parse({"help"})->action == Action::help);
	CHECK(parse({})->action == Action::list); // bare "rtpnl table" lists
}

TEST_CASE("table ids: decimal 0..63 only")
{
	CHECK(*parse_table_id("0") == 0);
	CHECK(*parse_table_id("63") == 63);
	CHECK(*parse_table_id("007") == 7);
	CHECK(parse_table_id("64").error().text() == "table id 64 out of range (0..63)");
	CHECK(parse_table_id("4294967296").error().text() ==
	      "table id 4294967296 out of range (0..63)");
	CHECK(parse_table_id("99999999999999999999999").error().text() ==
	      "table id 99999999999999999999999 out of range (0..63)");
	for (std::string_view bad : {"abc", "", "-1", "+1", " 1", "1 ", "0x10", "4a", "1.0"}) {
		CAPTURE(bad);
		auto r = parse_table_id(bad);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().text() == "invalid table id '" + std::string(bad) + "'");
	}
}

TEST_CASE("argument errors name the bad argument")
{
	CHECK(error_of({"add", "64"}) == "table id 64 out of range (0..63)");
	CHECK(error_of({"add", "abc"}) == "invalid table id 'abc'");
	CHECK(error_of({"add"}) == "table add: missing table id");
	CHECK(error_of({"ensure"}) == "table ensure: missing table id");
	CHECK(error_of({"delete"}) == "table delete: missing table id");
	CHECK(error_of({"add", "1", "2"}) == "unexpected argument '2'");
	CHECK(error_of({"list", "now"}) == "unexpected argument 'now'");
	CHECK(error_of({"frob"}) == "unknown table command 'frob' (try 'rtpnl table help')");
	CHECK(error_of({"adds", "1"}) == "unknown table command 'adds' (try 'rtpnl table help')");
}
