// Printer and the table printers: one description, two renderings.
#include "printer.hpp"
#include "rule_print.hpp"
#include "table_print.hpp"

#include <doctest/doctest.h>

#include <sstream>

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
	      "{\"id\":5,\"rules\":2}\n");
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
	      "{\"event\":\"new\",\"object\":\"table\",\"id\":42}\n"
	      "{\"event\":\"del\",\"object\":\"table\",\"id\":7}\n");
}
