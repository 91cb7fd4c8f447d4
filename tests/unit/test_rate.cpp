// SPDX-License-Identifier: LGPL-2.1-or-later
// Rates from two counter samples: per rule, per table, the order, resets,
// new rules, and the text and JSON output; the top words.
#include "fake_rule_api.hpp"

#include "cli.hpp"
#include "cmd_rule.hpp"
#include "cmd_top.hpp"
#include "exit_status.hpp"
#include "rate.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

Rule counted(std::uint32_t table, std::string_view local, std::uint64_t packets,
	     std::uint64_t bytes)
{
	Rule r;
	r.table = table;
	r.local = *parse_endpoint(local);
	r.stats = RuleStats{packets, bytes, 0};
	return r;
}

} // namespace

TEST_CASE("rule_rates: growth over the interval, busiest (bits/s) first")
{
	const std::vector<Rule> before{counted(42, "10.0.0.1:1000", 100, 17200),
				       counted(42, "10.0.0.1:1002", 0, 0),
				       counted(43, "10.0.0.1:1004", 1000, 100000)};
	const std::vector<Rule> after{counted(42, "10.0.0.1:1000", 200, 34400),
				      counted(42, "10.0.0.1:1002", 400, 8000),
				      counted(43, "10.0.0.1:1004", 1000, 100000)};
	const auto rates = rule_rates(before, after, 2.0);
	REQUIRE(rates.size() == 3);
	CHECK(format_endpoint(rates[0].local) == "10.0.0.1:1000");
	CHECK(rates[0].packets_per_second == doctest::Approx(50));
	CHECK(rates[0].bits_per_second == doctest::Approx(68800));
	CHECK(format_endpoint(rates[1].local) == "10.0.0.1:1002");
	CHECK(rates[1].packets_per_second == doctest::Approx(200));
	CHECK(rates[1].bits_per_second == doctest::Approx(32000));
	CHECK(rates[2].table == 43);
	CHECK(rates[2].bits_per_second == 0);

	const auto tables = table_rates(rates);
	REQUIRE(tables.size() == 2);
	CHECK(tables[0] == TableRate{42, 2, 250, 100800});
	CHECK(tables[1] == TableRate{43, 1, 0, 0});
}

TEST_CASE("rule_rates: a new rule and a reset counter count from zero, a gone rule is left out")
{
	const std::vector<Rule> before{counted(1, "10.0.0.1:1000", 1000, 100000),
				       counted(1, "10.0.0.1:1002", 5, 5)};
	const std::vector<Rule> after{counted(1, "10.0.0.1:1000", 10, 1000),
				      counted(1, "10.0.0.1:1004", 20, 2000)};
	const auto rates = rule_rates(before, after, 1.0);
	REQUIRE(rates.size() == 2);
	CHECK(format_endpoint(rates[0].local) == "10.0.0.1:1004");
	CHECK(rates[0].bits_per_second == doctest::Approx(16000));
	CHECK(format_endpoint(rates[1].local) == "10.0.0.1:1000");
	CHECK(rates[1].packets_per_second == doctest::Approx(10));
	CHECK(rates[1].bits_per_second == doctest::Approx(8000));
	// Equal rates: by table, then endpoint.
	const std::vector<Rule> idle{counted(2, "10.0.0.1:2", 0, 0), counted(1, "10.0.0.1:9", 0, 0),
				     counted(1, "10.0.0.1:3", 0, 0)};
	const auto order = rule_rates(idle, idle, 1.0);
	CHECK(format_endpoint(order[0].local) == "10.0.0.1:3");
	CHECK(format_endpoint(order[1].local) == "10.0.0.1:9");
	CHECK(order[2].table == 2);
}

TEST_CASE("print_rates: text rounded, JSON with the snake_case names")
{
	const std::vector<RuleRate> rules{{42, *parse_endpoint("10.0.0.1:1000"), 49.6, 68800.4}};
	const std::vector<TableRate> tables{{42, 1, 49.6, 68800.4}};
	std::ostringstream text;
	print_rates(text, tables, rules, false, false);
	CHECK(text.str() == "table 42 rules 1 packets/s 50 bits/s 68800\n"
			    "table 42 local 10.0.0.1:1000 packets/s 50 bits/s 68800\n");
	std::ostringstream json;
	print_rates(json, tables, rules, true, false);
	CHECK(json.str() == "{\"tables\":[{\"table\":42,\"rules\":1,\"packets_per_second\":49.6,"
			    "\"bits_per_second\":68800.4}],\"rules\":[{\"table\":42,\"local\":"
			    "\"10.0.0.1:1000\",\"packets_per_second\":49.6,\"bits_per_second\":"
			    "68800.4}]}\n");
	std::ostringstream empty;
	print_rates(empty, {}, {}, true, false);
	CHECK(empty.str() == "{\"tables\":[],\"rules\":[]}\n");
}

TEST_CASE("top and rules list rate words")
{
	using Words = std::vector<std::string_view>;
	auto plain = parse_top_command(Words{});
	REQUIRE(plain.ok());
	CHECK(*plain == TopCommand{});
	auto all = parse_top_command(Words{"t", "42", "i", "0.5", "c", "3"});
	REQUIRE(all.ok());
	CHECK(*all == TopCommand{false, 42u, 0.5, 3u});
	CHECK(parse_top_command(Words{"interval", "0"}).error().text() ==
	      "invalid interval '0' (seconds, 0.1..3600)");
	CHECK(parse_top_command(Words{"interval", "1e3"}).error().text() ==
	      "invalid interval '1e3' (seconds, 0.1..3600)");
	CHECK(parse_top_command(Words{"count", "0"}).error().text() == "invalid count '0' (1 or more)");
	CHECK(parse_top_command(Words{"count", "1", "count", "2"}).error().text() ==
	      "duplicate 'count'");
	CHECK(parse_top_command(Words{"local"}).error().text() == "unknown argument 'local'");

	auto rate = parse_rules_command(Words{"list", "table", "42", "rate", "interval", "2"});
	REQUIRE(rate.ok());
	CHECK(rate->rate);
	CHECK(rate->interval == 2.0);
	CHECK(rate->table == 42u);
	auto default_interval = parse_rules_command(Words{"show", "r"});
	REQUIRE(default_interval.ok());
	CHECK(default_interval->rate);
	CHECK(default_interval->interval == 1.0);
	CHECK(parse_rules_command(Words{"list", "interval", "2"}).error().text() ==
	      "'interval' needs 'rate'");
	CHECK(parse_rule_command(Words{"get", "rate"}).error().text() == "unknown argument 'rate'");
}

TEST_CASE("rules list rate and top sample the rules of the table: one more sample than shown")
{
	FakeRuleApi rules;
	rules.list = {counted(42, "10.0.0.1:1000", 5, 500), counted(7, "10.0.0.1:1002", 1, 1)};
	const auto run_args = [&](std::vector<std::string_view> args) {
		std::istringstream in;
		std::ostringstream out, err;
		rules.calls.clear();
		const int status = cli::run(
			args, in, out, err,
			[]() -> Result<std::unique_ptr<TableApi>> {
				return Error::local(EINVAL, "rates need no table API");
			},
			[&]() -> Result<std::unique_ptr<RuleApi>> {
				return std::unique_ptr<RuleApi>(std::make_unique<ForwardingRuleApi>(rules));
			});
		CHECK(status == exit_ok);
		CHECK(err.str().empty());
		return out.str();
	};
	CHECK(run_args({"rules", "list", "table", "42", "rate", "interval", "0.1"}) ==
	      "table 42 rules 1 packets/s 0 bits/s 0\n"
	      "table 42 local 10.0.0.1:1000 packets/s 0 bits/s 0\n");
	CHECK(rules.calls == std::vector<std::string>{"list 42", "list 42"});
	const std::string top = run_args({"-j", "top", "interval", "0.1", "count", "2"});
	CHECK(rules.calls == std::vector<std::string>{"list", "list", "list"});
	CHECK(top.find("{\"tables\":[{\"table\":7,") == 0);
	CHECK(std::count(top.begin(), top.end(), '\n') == 2);
}
