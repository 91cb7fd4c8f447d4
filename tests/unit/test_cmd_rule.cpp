// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl rule" / "rtpnl rules" argument parsing: actions, keywords in any
// order, outputs, prefixes, and every usage error's words.
#include "cmd_rule.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;
using Action = RuleCommand::Action;

namespace {

Result<RuleCommand> parse(std::vector<std::string_view> args) { return parse_rule_command(args); }
Result<RuleCommand> parse_rules(std::vector<std::string_view> args) { return parse_rules_command(args); }

std::string error_of(std::vector<std::string_view> args)
{
	auto r = parse(std::move(args));
	REQUIRE_FALSE(r.ok());
	return r.error().text();
}

Endpoint ep(std::string_view text) { return *parse_endpoint(text); }

// "rule add" + words
std::string add_error(std::vector<std::string_view> words)
{
	words.insert(words.begin(), "add");
	return error_of(std::move(words));
}

const std::vector<std::string_view> minimal{"table", "42", "local", "127.0.0.1:30018", "output",
					    "src", "127.0.0.1:30018", "dst", "127.0.0.1:3002"};

} // namespace

TEST_CASE("rule add with every keyword")
{
	auto r = parse({"add", "table", "42", "local", "127.0.0.1:30018", "expect", "127.0.0.1:30000",
			"mismatch", "drop", "output", "src", "127.0.0.1:30018", "dst", "127.0.0.1:3002",
			"tos", "184", "output", "src", "[::1]:1", "dst", "[::2]:2"});
	REQUIRE(r.ok());
	CHECK(r->action == Action::add);
	const Rule &rule = r->rule;
	CHECK(rule.table == 42);
	CHECK(rule.local == ep("127.0.0.1:30018"));
	CHECK(rule.expect == ep("127.0.0.1:30000"));
	CHECK(rule.mismatch == Mismatch::drop);
	REQUIRE(rule.outputs.size() == 2);
	CHECK(rule.outputs[0] == Output{ep("127.0.0.1:30018"), ep("127.0.0.1:3002"), 184});
	CHECK(rule.outputs[1] == Output{ep("[::1]:1"), ep("[::2]:2"), std::nullopt});
	CHECK_FALSE(r->table.has_value());
}

TEST_CASE("defaults, any keyword order, prefixes")
{
	auto r = parse({"a", "o", "d", "10.0.0.2:2", "s", "10.0.0.1:1", "t", "0x10", "ta", "7", "l",
			"1.2.3.4:5", "m", "p"});
	REQUIRE(r.ok());
	CHECK(r->action == Action::add);
	CHECK(r->rule.table == 7);
	CHECK(r->rule.local == ep("1.2.3.4:5"));
	CHECK_FALSE(r->rule.expect.has_value());
	CHECK(r->rule.mismatch == Mismatch::pass);
	REQUIRE(r->rule.outputs.size() == 1);
	CHECK(r->rule.outputs[0] == Output{ep("10.0.0.1:1"), ep("10.0.0.2:2"), 0x10});

	auto m = parse(minimal);
	REQUIRE_FALSE(m.ok()); // "table" is not an action
	std::vector<std::string_view> words{"add"};
	words.insert(words.end(), minimal.begin(), minimal.end());
	auto plain = parse(words);
	REQUIRE(plain.ok());
	CHECK(plain->rule.mismatch == Mismatch::ignore);
	CHECK_FALSE(plain->rule.outputs[0].tos.has_value());
}

TEST_CASE("replace / change take the same words; del / get only table and local")
{
	for (auto [word, action] : {std::pair{"replace", Action::replace}, {"r", Action::replace},
				    {"change", Action::change}, {"c", Action::change}}) {
		CAPTURE(word);
		std::vector<std::string_view> words{word};
		words.insert(words.end(), minimal.begin(), minimal.end());
		auto r = parse(words);
		REQUIRE(r.ok());
		CHECK(r->action == action);
		CHECK(r->rule.outputs.size() == 1);
	}
	for (auto [word, action] : {std::pair{"del", Action::del}, {"d", Action::del},
				    {"delete", Action::del}, {"get", Action::get}, {"g", Action::get}}) {
		CAPTURE(word);
		auto r = parse({word, "local", "127.0.0.1:30018", "table", "42"});
		REQUIRE(r.ok());
		CHECK(r->action == action);
		CHECK(r->rule.table == 42);
		CHECK(r->rule.local == ep("127.0.0.1:30018"));
	}
}

TEST_CASE("list, show and no words list; a table filter is optional")
{
	CHECK(parse({})->action == Action::list);
	CHECK_FALSE(parse({})->table.has_value());
	CHECK(parse({"list"})->action == Action::list);
	CHECK(parse({"show"})->action == Action::list);
	CHECK(parse({"s", "table", "3"})->table == 3u);
	CHECK(parse_rules({})->action == Action::list);
	CHECK(parse_rules({"l"})->action == Action::list);
	CHECK(parse_rules({"sh", "t", "63"})->table == 63u);
	CHECK(parse_rules({"restore"})->action == Action::restore);
	CHECK(parse_rules({"r"})->action == Action::restore);
	CHECK(parse_rules({"help"})->action == Action::help);
	CHECK(parse({"help"})->action == Action::help);
}

TEST_CASE("missing keywords, values and output parts")
{
	CHECK(add_error({"table", "42", "output", "src", "1.1.1.1:1", "dst", "1.1.1.1:2"}) == "missing 'local'");
	CHECK(add_error({"local", "1.2.3.4:5", "output", "src", "1.1.1.1:1", "dst", "1.1.1.1:2"}) ==
	      "missing 'table'");
	CHECK(add_error({"table", "42", "local", "1.2.3.4:5"}) == "missing 'output'");
	CHECK(add_error({}) == "missing 'table'");
	CHECK(add_error({"table"}) == "missing value after 'table'");
	CHECK(add_error({"table", "1", "local"}) == "missing value after 'local'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output", "src"}) == "missing value after 'src'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output", "src", "1.1.1.1:1", "dst",
			 "1.1.1.1:2", "tos"}) == "missing value after 'tos'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output"}) == "output 1: missing 'src'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output", "src", "1.1.1.1:1"}) ==
	      "output 1: missing 'dst'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output", "src", "1.1.1.1:1", "dst", "1.1.1.1:2",
			 "output", "dst", "1.1.1.1:2"}) == "output 2: missing 'src'");
	CHECK(error_of({"del", "table", "1"}) == "missing 'local'");
	CHECK(error_of({"get", "local", "1.2.3.4:5"}) == "missing 'table'");
}

TEST_CASE("bad values name the word")
{
	CHECK(add_error({"table", "64"}) == "table id 64 out of range (0..63)");
	CHECK(add_error({"table", "x"}) == "invalid table id 'x'");
	CHECK(add_error({"table", "1", "local", "1.2.3:5"}) == "invalid endpoint '1.2.3:5'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "expect", "1.2.3.4"}) ==
	      "invalid endpoint '1.2.3.4' (missing port)");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output", "src", "1.1.1.1:70000"}) ==
	      "invalid endpoint '1.1.1.1:70000' (port must be 1..65535)");
	CHECK(add_error({"mismatch", "reject"}) == "invalid mismatch 'reject' (ignore, drop, pass)");
	for (std::string_view bad : {"256", "-1", "x", "0x", "0x100", "1.5", ""}) {
		CAPTURE(bad);
		CHECK(add_error({"output", "tos", bad}) == "invalid tos '" + std::string(bad) + "' (0..255)");
	}
}

TEST_CASE("tos: decimal or hex, 0..255")
{
	for (auto [word, value] : {std::pair{"0", 0}, {"255", 255}, {"0xb8", 0xb8}, {"0XFF", 255}, {"046", 46}}) {
		CAPTURE(word);
		auto r = parse({"add", "table", "1", "local", "1.2.3.4:5", "output", "src", "1.1.1.1:1", "dst",
				"1.1.1.1:2", "tos", word});
		REQUIRE(r.ok());
		CHECK(r->rule.outputs[0].tos == std::uint8_t(value));
	}
}

TEST_CASE("unknown, misplaced and duplicate words")
{
	std::vector<std::string_view> words{"add"};
	words.insert(words.end(), minimal.begin(), minimal.end());
	words.push_back("xyz");
	CHECK(error_of(words) == "unknown argument 'xyz'");
	CHECK(error_of({"del", "table", "1", "local", "1.2.3.4:5", "expect", "1.2.3.4:6"}) ==
	      "unknown argument 'expect'");
	CHECK(error_of({"get", "table", "1", "local", "1.2.3.4:5", "output"}) == "unknown argument 'output'");
	CHECK(error_of({"list", "local", "1.2.3.4:5"}) == "unknown argument 'local'");
	CHECK(error_of({"help", "me"}) == "unknown argument 'me'");
	CHECK(add_error({"table", "1", "table", "2"}) == "duplicate 'table'");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "l", "1.2.3.4:6"}) == "duplicate 'local'");
	CHECK(add_error({"output", "src", "1.1.1.1:1", "src", "1.1.1.1:2"}) == "output 1: duplicate 'src'");
	CHECK(add_error({"output", "tos", "1", "tos", "1"}) == "output 1: duplicate 'tos'");
	CHECK(error_of({"frob"}) == "unknown rule command 'frob' (try 'rtpnl rule help')");
	CHECK(error_of({"restore"}) == "unknown rule command 'restore' (try 'rtpnl rule help')");
	auto rules = parse_rules({"add"});
	REQUIRE_FALSE(rules.ok());
	CHECK(rules.error().text() == "unknown rules command 'add' (try 'rtpnl rules help')");
	CHECK(parse_rules({"restore", "now"}).error().text() == "unknown argument 'now'");
}

TEST_CASE("outputs: at most 32, each of one address family")
{
	std::vector<std::string_view> words{"add", "table", "1", "local", "1.2.3.4:5"};
	for (int i = 0; i < 32; ++i)
		words.insert(words.end(), {"output", "src", "1.1.1.1:1", "dst", "1.1.1.1:2"});
	auto most = parse(words);
	REQUIRE(most.ok());
	CHECK(most->rule.outputs.size() == 32);
	words.insert(words.end(), {"output", "src", "1.1.1.1:1", "dst", "1.1.1.1:2"});
	CHECK(error_of(words) == "at most 32 outputs");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "output", "src", "1.1.1.1:1", "dst", "[::1]:2"}) ==
	      "output 1: src and dst are of different address families");
	CHECK(add_error({"table", "1", "local", "1.2.3.4:5", "expect", "[::1]:2", "output", "src", "1.1.1.1:1",
			 "dst", "1.1.1.1:2"}) == "expect and local are of different address families");
}

TEST_CASE("rtp and payload types")
{
	std::vector<std::string_view> words{"add", "table", "42", "local", "127.0.0.1:31000", "rtp", "pt", "0/8000",
					    "pt", "8", "output", "src", "127.0.0.1:31002", "dst", "127.0.0.1:6100",
					    "pt", "127/90000"};
	auto r = parse(words);
	REQUIRE(r.ok());
	CHECK(r->rule.rtp);
	REQUIRE(r->rule.payload_types.size() == 3);
	CHECK(r->rule.payload_types[0] == PayloadType{0, 8000});
	CHECK(r->rule.payload_types[1] == PayloadType{8, std::nullopt});
	CHECK(r->rule.payload_types[2] == PayloadType{127, 90000});
	// rtp alone: any payload type.
	std::vector<std::string_view> plain = minimal;
	plain.insert(plain.begin(), "add");
	plain.push_back("rtp");
	auto p = parse(plain);
	REQUIRE(p.ok());
	CHECK(p->rule.rtp);
	CHECK(p->rule.payload_types.empty());
	plain.pop_back();
	CHECK_FALSE(parse(plain)->rule.rtp);
}

TEST_CASE("rtp / pt usage errors name the argument")
{
	auto with = [](std::vector<std::string_view> extra) {
		std::vector<std::string_view> w = minimal;
		w.insert(w.end(), extra.begin(), extra.end());
		return add_error(w);
	};
	CHECK(with({"pt", "0"}) == "'pt' needs 'rtp'");
	CHECK(with({"rtp", "pt", "0/8000", "pt", "0/16000"}) == "duplicate payload type in 'pt 0/16000'");
	CHECK(with({"rtp", "rtp"}) == "duplicate 'rtp'");
	CHECK(with({"rtp", "pt"}) == "missing value after 'pt'");
	for (std::string_view bad : {"128", "-1", "x", "", "0/0", "0/", "/8000", "0/x", "0/4294967296", "0/8000/1"}) {
		CAPTURE(bad);
		CHECK(with({"rtp", "pt", bad}) ==
		      "invalid pt '" + std::string(bad) + "' (TYPE[/CLOCK], TYPE 0..127, CLOCK > 0)");
	}
	std::vector<std::string> many;
	for (int i = 0; i < 33; ++i)
		many.push_back(std::to_string(i));
	std::vector<std::string_view> w{"rtp"};
	for (const std::string &m : many) {
		w.push_back("pt");
		w.push_back(m);
	}
	CHECK(with(w) == "at most 32 payload types");
	// del / get take no rtp.
	CHECK(error_of({"del", "table", "1", "local", "1.2.3.4:5", "rtp"}) == "unknown argument 'rtp'");
}
