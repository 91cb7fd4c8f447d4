// The strict JSON parser of `rules restore`: values, escapes, and every
// kind of malformed input with its position.
#include "json_reader.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <string_view>

using namespace rtpnl::cli;
using Kind = JsonValue::Kind;

namespace {

JsonValue parse_ok(std::string_view text)
{
	auto r = parse_json(text);
	if (!r.ok())
		FAIL_CHECK(r.error().text());
	REQUIRE(r.ok());
	return *r;
}

std::string error_of(std::string_view text)
{
	auto r = parse_json(text);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	return r.error().text();
}

} // namespace

TEST_CASE("scalars")
{
	CHECK(parse_ok("null").kind == Kind::null);
	CHECK(parse_ok("true").boolean);
	CHECK(parse_ok(" false ").kind == Kind::boolean);
	CHECK_FALSE(parse_ok("false").boolean);
	CHECK(parse_ok("\"x\"").text == "x");
	const JsonValue n = parse_ok("-12.5e+3");
	CHECK(n.kind == Kind::number);
	CHECK(n.text == "-12.5e+3");
	CHECK(parse_ok("0").as_uint() == 0u);
}

TEST_CASE("as_uint: plain non-negative integers that fit 64 bits")
{
	CHECK(parse_ok("42").as_uint() == 42u);
	CHECK(parse_ok("18446744073709551615").as_uint() == 18446744073709551615ULL);
	CHECK_FALSE(parse_ok("18446744073709551616").as_uint().has_value());
	CHECK_FALSE(parse_ok("-1").as_uint().has_value());
	CHECK_FALSE(parse_ok("-0").as_uint().has_value());
	CHECK_FALSE(parse_ok("1.0").as_uint().has_value());
	CHECK_FALSE(parse_ok("1e2").as_uint().has_value());
	CHECK_FALSE(parse_ok("\"1\"").as_uint().has_value());
}

TEST_CASE("arrays and objects keep their order")
{
	const JsonValue v = parse_ok(" [ {\"a\" : 1, \"b\":[true, null,\"s\"]} , [] , {} ]\n");
	REQUIRE(v.kind == Kind::array);
	REQUIRE(v.items.size() == 3);
	const JsonValue &o = v.items[0];
	REQUIRE(o.kind == Kind::object);
	REQUIRE(o.members.size() == 2);
	CHECK(o.members[0].key == "a");
	CHECK(o.members[1].key == "b");
	CHECK(o.find("a")->as_uint() == 1u);
	CHECK(o.find("b")->items.size() == 3);
	CHECK(o.find("b")->items[2].text == "s");
	CHECK(o.find("c") == nullptr);
	CHECK(v.items[1].kind == Kind::array);
	CHECK(v.items[1].items.empty());
	CHECK(v.items[2].kind == Kind::object);
	CHECK(v.find("a") == nullptr); // not an object
}

TEST_CASE("string escapes, \\u with surrogate pairs, UTF-8 passes through")
{
	CHECK(parse_ok(R"("a\"b\\c\/d\b\f\n\r\t")").text == "a\"b\\c/d\b\f\n\r\t");
	CHECK(parse_ok(R"("\u0041\u00e9\u20ac")").text == "A\xc3\xa9\xe2\x82\xac");
	CHECK(parse_ok(R"("\uD83D\uDE00")").text == "\xf0\x9f\x98\x80");
	CHECK(parse_ok(R"("\u0000")").text == std::string(1, '\0'));
	CHECK(parse_ok("\"h\xc3\xa9\"").text == "h\xc3\xa9");
}

TEST_CASE("malformed documents: what and where")
{
	CHECK(error_of("") == "invalid JSON at line 1 column 1: unexpected end of input");
	CHECK(error_of("   ") == "invalid JSON at line 1 column 4: unexpected end of input");
	CHECK(error_of("[1,]") == "invalid JSON at line 1 column 4: unexpected character ']'");
	CHECK(error_of("[1 2]") == "invalid JSON at line 1 column 4: expected ',' or ']'");
	CHECK(error_of("[\n  {\"a\":1,}\n]") == "invalid JSON at line 2 column 10: expected a string key");
	CHECK(error_of("{\"a\" 1}") == "invalid JSON at line 1 column 6: expected ':'");
	CHECK(error_of("{\"a\":1 \"b\":2}") == "invalid JSON at line 1 column 8: expected ',' or '}'");
	CHECK(error_of("{\"a\":1,\"a\":2}") == "invalid JSON at line 1 column 8: duplicate key \"a\"");
	CHECK(error_of("{a:1}") == "invalid JSON at line 1 column 2: expected a string key");
	CHECK(error_of("[1] x") == "invalid JSON at line 1 column 5: unexpected text after the JSON value");
	CHECK(error_of("[1][2]") == "invalid JSON at line 1 column 4: unexpected text after the JSON value");
	CHECK(error_of("[") == "invalid JSON at line 1 column 2: unexpected end of input");
	CHECK(error_of("{\"a\":1") == "invalid JSON at line 1 column 7: expected ',' or '}'");
	CHECK(error_of("tru") == "invalid JSON at line 1 column 1: unexpected character 't'");
	CHECK(error_of("nul") == "invalid JSON at line 1 column 1: unexpected character 'n'");
	CHECK(error_of("True") == "invalid JSON at line 1 column 1: unexpected character 'T'");
	CHECK(error_of("// c\n[]") == "invalid JSON at line 1 column 1: unexpected character '/'");
	CHECK(error_of("\xef\xbb\xbf[]") == "invalid JSON at line 1 column 1: unexpected character 0xef");
	CHECK(error_of("[1]\x0b") == "invalid JSON at line 1 column 4: unexpected text after the JSON value");
}

TEST_CASE("malformed numbers")
{
	CHECK(error_of("01") == "invalid JSON at line 1 column 2: leading zero in a number");
	CHECK(error_of("-") == "invalid JSON at line 1 column 2: expected a digit");
	CHECK(error_of("-a") == "invalid JSON at line 1 column 2: expected a digit");
	CHECK(error_of("1.") == "invalid JSON at line 1 column 3: expected a digit after '.'");
	CHECK(error_of("1.e5") == "invalid JSON at line 1 column 3: expected a digit after '.'");
	CHECK(error_of("1e") == "invalid JSON at line 1 column 3: expected a digit in the exponent");
	CHECK(error_of("1e+") == "invalid JSON at line 1 column 4: expected a digit in the exponent");
	CHECK(error_of("+1") == "invalid JSON at line 1 column 1: unexpected character '+'");
	CHECK(error_of(".5") == "invalid JSON at line 1 column 1: unexpected character '.'");
	CHECK(error_of("0x10") == "invalid JSON at line 1 column 2: unexpected text after the JSON value");
	CHECK(error_of("NaN") == "invalid JSON at line 1 column 1: unexpected character 'N'");
}

TEST_CASE("malformed strings")
{
	CHECK(error_of("\"abc") == "invalid JSON at line 1 column 5: unterminated string");
	CHECK(error_of("\"a\nb\"") == "invalid JSON at line 1 column 3: control character 0x0a in a string");
	CHECK(error_of("\"a\tb\"") == "invalid JSON at line 1 column 3: control character 0x09 in a string");
	CHECK(error_of(R"("\x")") == "invalid JSON at line 1 column 3: invalid escape '\\x'");
	CHECK(error_of(R"("\u12")") == "invalid JSON at line 1 column 4: invalid \\u escape");
	CHECK(error_of(R"("\u12)") == "invalid JSON at line 1 column 4: truncated \\u escape");
	CHECK(error_of(R"("\uDE00")") == "invalid JSON at line 1 column 8: lone low surrogate in \\u escape");
	CHECK(error_of(R"("\uD83D")") == "invalid JSON at line 1 column 8: high surrogate without a low surrogate");
	CHECK(error_of(R"("\uD83Dx")") == "invalid JSON at line 1 column 8: high surrogate without a low surrogate");
	CHECK(error_of(R"("\uD83D\u0041")") ==
	      "invalid JSON at line 1 column 14: high surrogate without a low surrogate");
	CHECK(error_of("'a'") == "invalid JSON at line 1 column 1: unexpected character '''");
}

TEST_CASE("nesting is limited, so hostile input cannot exhaust the stack")
{
	const std::string ok = std::string(json_max_depth, '[') + std::string(json_max_depth, ']');
	CHECK(parse_json(ok).ok());
	const std::string deep(100000, '[');
	CHECK(error_of(deep) == "invalid JSON at line 1 column 65: nesting deeper than 64");
}
