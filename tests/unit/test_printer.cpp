// SPDX-License-Identifier: LGPL-2.1-or-later
// Printer and the table printers: one description, two renderings.
#include "printer.hpp"
#include "rule_print.hpp"
#include "table_print.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <string_view>

using namespace rtpnl::cli;

namespace {
template <typename F>
std::string render(Printer::Format format, F body, bool pretty = false)
{
	std::ostringstream s;
	Printer p(s, format, pretty);
	body(p);
	return s.str();
}
} // namespace

TEST_CASE("text records are 'key value' pairs, one line per record")
{
	const auto body = [](Printer &p) {
		p.begin_record();
		p.field("id", "table", std::uint64_t{3});
		p.field("name", "name", "x y");
		p.field("bare", "", std::uint64_t{9});
		p.end_record();
	};
	CHECK(render(Printer::Format::text, body) == "table 3 name x y 9\n");
	CHECK(render(Printer::Format::json, body) == "{\"id\":3,\"name\":\"x y\",\"bare\":9}\n");
}

TEST_CASE("absent optional values are left out of both formats")
{
	const rtpnl::Table t{5, 2u, std::nullopt, std::nullopt};
	CHECK(render(Printer::Format::text, [&](Printer &p) { print_table(p, t); }) ==
	      "table 5 rules 2\n");
	CHECK(render(Printer::Format::json, [&](Printer &p) { print_table(p, t); }) ==
	      "{\"table\":5,\"rules\":2}\n");
}

TEST_CASE("rule events: text line and one JSON object per line")
{
	using Kind = rtpnl::RuleEvent::Kind;
	const auto all = [](Printer &p) {
		print_rule_event(p, {Kind::rule_new, 42, *rtpnl::parse_endpoint("127.0.0.1:30000")});
		print_rule_event(p, {Kind::rule_replace, 42, *rtpnl::parse_endpoint("[::1]:5")});
		print_rule_event(p, {Kind::rule_del, 7, *rtpnl::parse_endpoint("127.0.0.1:30000")});
	};
	CHECK(render(Printer::Format::text, all) == "new rule table 42 local 127.0.0.1:30000\n"
						    "replace rule table 42 local [::1]:5\n"
						    "del rule table 7 local 127.0.0.1:30000\n");
	CHECK(render(Printer::Format::json, all) ==
	      "{\"event\":\"new\",\"object\":\"rule\",\"table\":42,\"local\":\"127.0.0.1:30000\"}\n"
	      "{\"event\":\"replace\",\"object\":\"rule\",\"table\":42,\"local\":\"[::1]:5\"}\n"
	      "{\"event\":\"del\",\"object\":\"rule\",\"table\":7,\"local\":\"127.0.0.1:30000\"}\n");
}

TEST_CASE("events: text line and one JSON object per line")
{
	using Kind = rtpnl::TableEvent::Kind;
	const auto both = [](Printer &p) {
		print_table_event(p, {Kind::table_new, 42});
		print_table_event(p, {Kind::table_del, 7});
	};
	CHECK(render(Printer::Format::text, both) == "new table 42\ndel table 7\n");
	CHECK(render(Printer::Format::json, both) ==
	      "{\"event\":\"new\",\"object\":\"table\",\"table\":42}\n"
	      "{\"event\":\"del\",\"object\":\"table\",\"table\":7}\n");
}

namespace {
// The JSON of a record with the one string field "s".
std::string json_of_string(std::string_view value)
{
	return render(Printer::Format::json, [&](Printer &p) {
		p.begin_record();
		p.field("s", "s", value);
		p.end_record();
	});
}
} // namespace

TEST_CASE("JSON strings are quoted and escaped per RFC 8259")
{
	CHECK(json_of_string("plain") == "{\"s\":\"plain\"}\n");
	CHECK(json_of_string("") == "{\"s\":\"\"}\n");
	CHECK(json_of_string("a\"b") == "{\"s\":\"a\\\"b\"}\n");
	CHECK(json_of_string("back\\slash") == "{\"s\":\"back\\\\slash\"}\n");
	CHECK(json_of_string("\n\r\t\b\f") == "{\"s\":\"\\n\\r\\t\\b\\f\"}\n");
	CHECK(json_of_string(std::string("nul\0x", 5)) == "{\"s\":\"nul\\u0000x\"}\n");
	CHECK(json_of_string("\x01\x1f") == "{\"s\":\"\\u0001\\u001f\"}\n");
	CHECK(json_of_string("/") == "{\"s\":\"/\"}\n");
	CHECK(json_of_string("h\xc3\xa9") == "{\"s\":\"h\xc3\xa9\"}\n"); // UTF-8 passes through
}

TEST_CASE("JSON: a byte that is not UTF-8 becomes U+FFFD, never invalid JSON or an exception")
{
	// an interface name from the kernel need not be UTF-8
	CHECK(json_of_string("eth\xff") == "{\"s\":\"eth\xef\xbf\xbd\"}\n");
	CHECK(json_of_string("\xc3") == "{\"s\":\"\xef\xbf\xbd\"}\n"); // truncated sequence
	CHECK(render(Printer::Format::json,
		     [](Printer &p) {
			     p.begin_list();
			     p.begin_record();
			     p.field("name", "name", "a\x80z");
			     p.end_record();
			     p.end_list();
		     },
		     true) == "[\n    {\n        \"name\": \"a\xef\xbf\xbdz\"\n    }\n]\n");
	CHECK(render(Printer::Format::text, [](Printer &p) {
		      p.begin_record();
		      p.field("name", "name", "eth\xff");
		      p.end_record();
	      }) == "name eth\xff\n"); // text passes bytes through as they are
}

TEST_CASE("JSON compact: keys in print order, u64 exact, no spaces, empty containers")
{
	const auto body = [](Printer &p) {
		p.begin_record();
		p.field("z", "", std::uint64_t{18446744073709551615ULL});
		p.field("a", "", std::uint64_t{0});
		p.flag("ok", "ok");
		p.begin_group_list("list");
		p.item("x", "a");
		p.begin_group("", "g");
		p.end_group();
		p.end_group_list();
		p.begin_group_list("none");
		p.end_group_list();
		p.field("we\"ird", "", "x");
		p.end_record();
	};
	CHECK(render(Printer::Format::json, body) ==
	      "{\"z\":18446744073709551615,\"a\":0,\"ok\":true,\"list\":[\"a\",{}],\"none\":[],"
	      "\"we\\\"ird\":\"x\"}\n");
}

TEST_CASE("JSON pretty: four spaces per level, empty containers stay short")
{
	const auto body = [](Printer &p) {
		p.begin_list();
		p.begin_record();
		p.field("a", "", std::uint64_t{1});
		p.begin_group_list("b");
		p.item("", "c");
		p.end_group_list();
		p.begin_group("e", "", false);
		p.end_group();
		p.end_record();
		p.end_list();
	};
	CHECK(render(Printer::Format::json, body, true) == "[\n"
							   "    {\n"
							   "        \"a\": 1,\n"
							   "        \"b\": [\n"
							   "            \"c\"\n"
							   "        ],\n"
							   "        \"e\": {}\n"
							   "    }\n"
							   "]\n");
	CHECK(render(Printer::Format::json, [](Printer &p) {
		      p.begin_list();
		      p.end_list();
	      }, true) == "[]\n");
}

TEST_CASE("JSON: a top-level list is written record by record, not held whole")
{
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	p.begin_list();
	for (std::uint64_t i = 0; i < 2; ++i) {
		p.begin_record();
		p.field("n", "", i);
		p.end_record();
	}
	CHECK(s.str() == "[{\"n\":0},{\"n\":1}");
	p.end_list();
	CHECK(s.str() == "[{\"n\":0},{\"n\":1}]\n");
}
