// SPDX-License-Identifier: LGPL-2.1-or-later
// The JSON under `rules restore` (nlohmann's parser, with what
// rule_restore adds): malformed input named by line and column, duplicate
// keys, nesting, numbers where an unsigned integer is expected.
#include "rule_restore.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

std::string error_of(std::string_view json)
{
	auto r = rules_from_json(json);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	return r.error().text();
}

// The error's text up to the reason: "invalid JSON at line L, column C".
std::string where(std::string_view json)
{
	const std::string e = error_of(json);
	return e.substr(0, e.find(": "));
}

const std::string outputs = R"("outputs":[{"src":"1.1.1.1:1","dst":"1.1.1.1:2"}])";

// One rule, with `extra` members after table, local and outputs.
std::string rule(std::string_view extra, std::string_view local = "1.2.3.4:5")
{
	return R"({"table":1,"local":")" + std::string(local) + R"(",)" + outputs +
	       std::string(extra) + "}";
}

} // namespace

TEST_CASE("restore JSON: a syntax error says where, one line of text")
{
	CHECK(error_of("") == "invalid JSON at line 1, column 1: syntax error while parsing value - "
			      "unexpected end of input; expected '[', '{', or a literal");
	CHECK(error_of("[1 2]") == "invalid JSON at line 1, column 4: syntax error while parsing "
				   "array - unexpected number literal; expected ']'");
	CHECK(where("   ") == "invalid JSON at line 1, column 4");
	CHECK(where("[1,]") == "invalid JSON at line 1, column 4");
	CHECK(where("[\n  {\"a\":1,}\n]") == "invalid JSON at line 2, column 10");
	CHECK(where("{\"a\" 1}") == "invalid JSON at line 1, column 6");
	CHECK(where("{a:1}") == "invalid JSON at line 1, column 2");
	CHECK(where("[1] x") == "invalid JSON at line 1, column 5");
	CHECK(where("[1][2]") == "invalid JSON at line 1, column 4");
	CHECK(where("[") == "invalid JSON at line 1, column 2");
	CHECK(where("tru") == "invalid JSON at line 1, column 4");
	CHECK(where("True") == "invalid JSON at line 1, column 1");
	CHECK(where("// c\n[]") == "invalid JSON at line 1, column 1"); // no comments
	CHECK(where("[1]\x0b") == "invalid JSON at line 1, column 4");
	CHECK(where("[{},\n {},\n x]") == "invalid JSON at line 3, column 2");
	// the input quoted back is ASCII: control characters and bytes >= 0x80 spelled out
	CHECK(error_of("[\"\xff\"]") == "invalid JSON at line 1, column 3: syntax error while "
					"parsing value - invalid string: ill-formed UTF-8 byte; "
					"last read: '\"<0xff>'");
	CHECK(error_of("[1]\x0b").find("'1]<U+000B>'") != std::string::npos);
	CHECK(error_of("\xef\xbb\xbf[]") == "invalid JSON at line 1, column 1: byte order mark");
}

TEST_CASE("restore JSON: malformed numbers")
{
	for (const char *bad : {"01", "-", "-a", "1.", "1.e5", "1e", "1e+", "+1", ".5", "0x10", "NaN"}) {
		CAPTURE(bad);
		CHECK(where(std::string("[") + bad + "]").starts_with("invalid JSON at line 1, column "));
	}
	CHECK(where("[01]") == "invalid JSON at line 1, column 3");
	CHECK(where("[1.e5]") == "invalid JSON at line 1, column 4");
	CHECK(error_of("[1e400]") == "invalid JSON: number overflow parsing '1e400'");
}

TEST_CASE("restore JSON: malformed strings")
{
	CHECK(where("\"abc") == "invalid JSON at line 1, column 5");
	CHECK(error_of("[\"a\tb\"]").find("control character U+0009 (HT) must be escaped") !=
	      std::string::npos);
	CHECK(where("\"a\nb\"").starts_with("invalid JSON at line 2"));
	CHECK(where(R"("\x")") == "invalid JSON at line 1, column 3");
	CHECK(where(R"("\u12")") == "invalid JSON at line 1, column 6");
	CHECK(where(R"("\uDE00")") == "invalid JSON at line 1, column 7"); // lone low surrogate
	CHECK(where(R"("\uD83D")") == "invalid JSON at line 1, column 8"); // high alone
	CHECK(where(R"("\uD83D\u0041")") == "invalid JSON at line 1, column 13");
	CHECK(where("'a'") == "invalid JSON at line 1, column 1");
}

TEST_CASE("restore JSON: escapes decode, so an escaped endpoint is the same endpoint")
{
	auto r = rules_from_json("[" + rule("", R"(\u0031.2.3.4:5)") + "]");
	REQUIRE(r.ok());
	CHECK((*r)[0].local == *parse_endpoint("1.2.3.4:5"));
	auto m = rules_from_json("[" + rule(R"(,"mismatch":"dr\u006fp")") + "]");
	REQUIRE(m.ok());
	CHECK((*m)[0].mismatch == Mismatch::drop);
}

TEST_CASE("restore JSON: a key twice in one object is refused, naming key and rule")
{
	CHECK(error_of(R"({"a":1,"a":2})") == "invalid JSON: duplicate key \"a\"");
	CHECK(error_of("[" + rule("") + "," + rule(R"(,"table":2)", "1.2.3.4:6") + "]") ==
	      "invalid JSON in rule 2: duplicate key \"table\"");
	CHECK(error_of(R"([{"table":1,"local":"1.2.3.4:5","outputs":[{"src":"1.1.1.1:1","dst":"1.1.1.1:2","dst":"1.1.1.1:3"}]}])") ==
	      "invalid JSON in rule 1: duplicate key \"dst\"");
	// the same key in different objects is no duplicate
	CHECK(rules_from_json("[" + rule(R"(,"stats":{"table":1})") + "]").ok());
}

TEST_CASE("restore JSON: nesting is limited")
{
	// json_max_depth levels parse (and the entry is then not an object)
	const std::string ok = std::string(json_max_depth, '[') + std::string(json_max_depth, ']');
	CHECK(error_of(ok) == "rule 1: expected an object, got an array");
	const std::string one_more =
		std::string(json_max_depth + 1, '[') + std::string(json_max_depth + 1, ']');
	CHECK(error_of(one_more) == "invalid JSON in rule 1: nesting deeper than 64");
	CHECK(error_of(std::string(100000, '[')) == "invalid JSON in rule 1: nesting deeper than 64");
	CHECK(error_of(std::string(100000, '{')) ==
	      "invalid JSON at line 1, column 2: syntax error while parsing object key - "
	      "unexpected '{'; expected string literal");
}

TEST_CASE("restore JSON: where an unsigned integer is expected, only one that fits")
{
	const auto clock = [](std::string_view value) {
		return "[" + rule(R"(,"rtp":true,"payload_types":[{"type":0,"clock_rate":)" +
				  std::string(value) + "}]") +
		       "]";
	};
	auto max = rules_from_json(clock("4294967295"));
	REQUIRE(max.ok());
	CHECK((*max)[0].payload_types[0].clock_rate == 4294967295u);
	const std::string at = "rule 1 (table 1 local 1.2.3.4:5): payload type 1: \"clock_rate\": ";
	CHECK(error_of(clock("4294967296")) == at + "4294967296 is not an integer 0..4294967295");
	CHECK(error_of(clock("18446744073709551615")) ==
	      at + "18446744073709551615 is not an integer 0..4294967295"); // u64, not rounded
	CHECK(error_of(clock("-1")) == at + "-1 is not an integer 0..4294967295");
	CHECK(error_of(clock("-0")) == at + "-0 is not an integer 0..4294967295");
	CHECK(error_of(clock("8000.0")) == at + "8000.0 is not an integer 0..4294967295");
	CHECK(error_of(clock("8e3")) == at + "8000.0 is not an integer 0..4294967295");
	CHECK(error_of(clock("18446744073709551616")) ==
	      at + "1.8446744073709552e+19 is not an integer 0..4294967295");
	CHECK(error_of(clock("\"8000\"")) == at + "expected a number, got a string");
}

TEST_CASE("restore JSON: a syntax error anywhere is reported before a refused entry")
{
	// entries are checked as they are read: rule 1's error is known
	// first, yet the input as a whole is no JSON, and that is what is said
	const std::string refused = rule("", "1.2.3.4");
	CHECK(error_of("[" + refused + "]").starts_with("rule 1 (table 1): \"local\": "));
	CHECK(where("[" + refused + ",\n x]") == "invalid JSON at line 2, column 2");
	// and of two refused entries, the first
	CHECK(error_of("[" + rule(R"(,"x":1)") + "," + refused + "]") ==
	      "rule 1 (table 1 local 1.2.3.4:5): unknown key \"x\"");
}

TEST_CASE("restore JSON: many entries, every one in order")
{
	std::string json = "[";
	for (int i = 0; i < 5000; ++i)
		json += (i ? "," : "") + rule("", "10.0." + std::to_string(i / 250) + "." +
						      std::to_string(i % 250) + ":5");
	json += "]";
	auto r = rules_from_json(json);
	REQUIRE(r.ok());
	REQUIRE(r->size() == 5000);
	CHECK((*r)[0].local == *parse_endpoint("10.0.0.0:5"));
	CHECK((*r)[4999].local == *parse_endpoint("10.0.19.249:5"));
}

TEST_CASE("restore JSON: the sink gets each rule in order; an error after some is still the answer")
{
	std::vector<Endpoint> got;
	const auto sink = [&got](Rule &&r) { got.push_back(r.local); };
	const std::string two = "[" + rule("", "10.0.0.1:5") + "," + rule("", "10.0.0.2:5");
	REQUIRE(rules_from_json(two + "]", sink).ok());
	CHECK(got == std::vector<Endpoint>{*parse_endpoint("10.0.0.1:5"), *parse_endpoint("10.0.0.2:5")});
	// the same endpoint in another table is another rule; in the same, a duplicate
	got.clear();
	auto r = rules_from_json(two + "," + rule("", "10.0.0.1:5") + "]", sink);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().text() == "rule 3 (table 1 local 10.0.0.1:5): same table and local endpoint as rule 1");
	CHECK(got.size() == 2);	// handed over before the error was known: the caller drops them
	std::string other = rule("", "10.0.0.1:5");
	other.replace(other.find("\"table\":1"), 9, "\"table\":2");
	CHECK(rules_from_json(two + "," + other + "]").ok());
	got.clear();
	r = rules_from_json(two + ",\n x]", sink);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().text().starts_with("invalid JSON at line 2, column 2"));
}
