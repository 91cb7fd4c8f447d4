// SPDX-License-Identifier: LGPL-2.1-or-later
// Rule value types: endpoint text form, mismatch names, validate_rule().
#include "rtpnl/rule.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <string_view>

using namespace rtpnl;

namespace {

Endpoint v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d, std::uint16_t port)
{
	return Endpoint::v4({a, b, c, d}, port);
}

std::string parse_error(std::string_view text)
{
	auto r = parse_endpoint(text);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	return r.error().text();
}

Rule valid_rule()
{
	Rule r;
	r.table = 42;
	r.local = v4(127, 0, 0, 1, 30018);
	r.outputs.push_back({v4(127, 0, 0, 1, 30018), v4(127, 0, 0, 1, 3002), std::nullopt});
	return r;
}

} // namespace

TEST_CASE("IPv4 endpoints parse into address bytes and a host-order port")
{
	auto ep = parse_endpoint("127.0.0.1:30018");
	REQUIRE(ep.ok());
	CHECK(ep->family == Endpoint::Family::v4);
	CHECK(ep->port == 30018);
	CHECK(ep->addr[0] == 127);
	CHECK(ep->addr[3] == 1);
	CHECK(ep->address().size() == 4);
	CHECK(*ep == v4(127, 0, 0, 1, 30018));
	CHECK(*parse_endpoint("255.255.255.255:65535") == v4(255, 255, 255, 255, 65535));
	CHECK(*parse_endpoint("0.0.0.0:1") == v4(0, 0, 0, 0, 1));
	CHECK(parse_endpoint("10.0.0.1:05000")->port == 5000);
}

TEST_CASE("IPv6 endpoints are bracketed")
{
	auto ep = parse_endpoint("[2001:db8::1]:5000");
	REQUIRE(ep.ok());
	CHECK(ep->family == Endpoint::Family::v6);
	CHECK(ep->port == 5000);
	CHECK(ep->address().size() == 16);
	CHECK(ep->addr[0] == 0x20);
	CHECK(ep->addr[1] == 0x01);
	CHECK(ep->addr[2] == 0x0d);
	CHECK(ep->addr[3] == 0xb8);
	CHECK(ep->addr[15] == 0x01);
	std::array<std::uint8_t, 16> loopback{};
	loopback[15] = 1;
	CHECK(*parse_endpoint("[::1]:1") == Endpoint::v6(loopback, 1));
	CHECK(parse_endpoint("[::ffff:1.2.3.4]:9")->family == Endpoint::Family::v6);
}

TEST_CASE("format_endpoint is the inverse of parse_endpoint")
{
	for (std::string_view text : {"127.0.0.1:30018", "1.2.3.4:1", "[2001:db8::1]:5000", "[::1]:65535",
				      "[::]:7", "[::ffff:1.2.3.4]:9", "[fe80::1:2:3:4]:80"}) {
		CAPTURE(text);
		auto ep = parse_endpoint(text);
		REQUIRE(ep.ok());
		CHECK(format_endpoint(*ep) == text);
	}
	// The shortest form, whatever was typed.
	CHECK(format_endpoint(*parse_endpoint("[2001:0db8:0:0:0:0:0:0001]:5")) == "[2001:db8::1]:5");
}

TEST_CASE("bad endpoints are rejected with the text named")
{
	CHECK(parse_error("1.2.3:5") == "invalid endpoint '1.2.3:5'");
	CHECK(parse_error("1.2.3.4.5:5") == "invalid endpoint '1.2.3.4.5:5'");
	CHECK(parse_error("256.1.1.1:5") == "invalid endpoint '256.1.1.1:5'");
	CHECK(parse_error("01.2.3.4:5") == "invalid endpoint '01.2.3.4:5'");
	CHECK(parse_error("host:5") == "invalid endpoint 'host:5'");
	CHECK(parse_error("") == "invalid endpoint ''");
	CHECK(parse_error(":5") == "invalid endpoint ':5'");
	CHECK(parse_error(" 1.2.3.4:5") == "invalid endpoint ' 1.2.3.4:5'");
	CHECK(parse_error("[2001:db8::1:5000") == "invalid endpoint '[2001:db8::1:5000'");
	CHECK(parse_error("[1.2.3.4]:5") == "invalid endpoint '[1.2.3.4]:5'");
	CHECK(parse_error("[fe80::1%eth0]:5") == "invalid endpoint '[fe80::1%eth0]:5'");
	CHECK(parse_error("[::1]5000") == "invalid endpoint '[::1]5000'");
	CHECK(parse_error("1.2.3.4:5:6") == "invalid endpoint '1.2.3.4:5:6'");
	CHECK(parse_error("::1:5000") == "invalid endpoint '::1:5000' (write IPv6 as [ADDRESS]:PORT)");
}

TEST_CASE("ports: present, decimal, 1..65535")
{
	CHECK(parse_error("1.2.3.4") == "invalid endpoint '1.2.3.4' (missing port)");
	CHECK(parse_error("1.2.3.4:") == "invalid endpoint '1.2.3.4:' (missing port)");
	CHECK(parse_error("[::1]") == "invalid endpoint '[::1]' (missing port)");
	CHECK(parse_error("[::1]:") == "invalid endpoint '[::1]:' (missing port)");
	CHECK(parse_error("1.2.3.4:0") == "invalid endpoint '1.2.3.4:0' (port must be 1..65535)");
	CHECK(parse_error("1.2.3.4:65536") == "invalid endpoint '1.2.3.4:65536' (port must be 1..65535)");
	CHECK(parse_error("1.2.3.4:99999999999999999999") ==
	      "invalid endpoint '1.2.3.4:99999999999999999999' (port must be 1..65535)");
	CHECK(parse_error("[::1]:0") == "invalid endpoint '[::1]:0' (port must be 1..65535)");
	for (std::string_view bad : {"1.2.3.4:-1", "1.2.3.4:+1", "1.2.3.4:0x10", "1.2.3.4:5 ", "1.2.3.4:a"}) {
		CAPTURE(bad);
		CHECK(parse_error(bad) == "invalid endpoint '" + std::string(bad) + "' (invalid port)");
	}
}

TEST_CASE("mismatch names and ABI values")
{
	CHECK(mismatch_name(Mismatch::ignore) == "ignore");
	CHECK(mismatch_name(Mismatch::drop) == "drop");
	CHECK(mismatch_name(Mismatch::pass) == "pass");
	CHECK(mismatch_from_name("drop") == Mismatch::drop);
	CHECK_FALSE(mismatch_from_name("dro").has_value()); // exact names only
	CHECK_FALSE(mismatch_from_name("DROP").has_value());
	CHECK(mismatch_from_value(0) == Mismatch::ignore);
	CHECK(mismatch_from_value(2) == Mismatch::pass);
	CHECK_FALSE(mismatch_from_value(3).has_value());
	CHECK(mismatch_name(static_cast<Mismatch>(9)) == "unknown");
}

TEST_CASE("validate_rule accepts a minimal and a full rule")
{
	CHECK(validate_rule(valid_rule()).ok());
	Rule full = valid_rule();
	full.expect = v4(127, 0, 0, 1, 30000);
	full.mismatch = Mismatch::pass;
	full.outputs.assign(rule_outputs_max, full.outputs[0]);
	full.outputs[3].tos = 0xb8;
	full.stats = RuleStats{1, 2, 3}; // ignored
	CHECK(validate_rule(full).ok());
	// An output may be of the other family than the local endpoint.
	Rule mixed = valid_rule();
	mixed.outputs[0] = {*parse_endpoint("[::1]:1"), *parse_endpoint("[::2]:2"), std::nullopt};
	CHECK(validate_rule(mixed).ok());
}

TEST_CASE("validate_rule names what is wrong")
{
	const auto error_of = [](const Rule &r) {
		auto v = validate_rule(r);
		REQUIRE_FALSE(v.ok());
		CHECK(v.error().errnum == EINVAL);
		return v.error().text();
	};
	Rule r = valid_rule();
	r.table = 64;
	CHECK(error_of(r) == "table id 64 out of range (0..63)");

	r = valid_rule();
	r.outputs.clear();
	CHECK(error_of(r) == "a rule needs at least one output");

	r = valid_rule();
	r.outputs.assign(32, r.outputs[0]);
	CHECK(validate_rule(r).ok());
	r.outputs.push_back(r.outputs[0]);
	CHECK(error_of(r) == "at most 32 outputs");

	r = valid_rule();
	r.outputs.push_back({v4(1, 1, 1, 1, 1), *parse_endpoint("[::1]:2"), std::nullopt});
	CHECK(error_of(r) == "output 2: src and dst are of different address families");

	r = valid_rule();
	r.outputs[0].dst.port = 0;
	CHECK(error_of(r) == "output 1: endpoint without a port");

	r = valid_rule();
	r.expect = *parse_endpoint("[::1]:2");
	CHECK(error_of(r) == "expect and local are of different address families");

	r = valid_rule();
	r.local.port = 0;
	CHECK(error_of(r) == "local endpoint without a port");

	r = valid_rule();
	r.mismatch = static_cast<Mismatch>(3);
	CHECK(error_of(r) == "unknown mismatch value 3");
}
