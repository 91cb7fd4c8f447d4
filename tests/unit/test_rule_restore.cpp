// SPDX-License-Identifier: LGPL-2.1-or-later
// `rules restore` input: the JSON of `rtpnl -j rules list` back into rules,
// and every rejection naming the entry.
#include "rule_print.hpp"
#include "rule_restore.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <sstream>
#include <string>
#include <string_view>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

Endpoint ep(std::string_view text) { return *parse_endpoint(text); }

std::string error_of(std::string_view json)
{
	auto r = rules_from_json(json);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EINVAL);
	return r.error().text();
}

// One entry with `extra` members after a valid table / local / outputs.
std::string entry(std::string_view extra, std::string_view outputs =
						   R"([{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002"}])")
{
	return R"([{"table":42,"local":"127.0.0.1:30018","outputs":)" + std::string(outputs) +
	       std::string(extra) + "}]";
}

// `r` printed as JSON restores unchanged.
void check_json_round_trip(const Rule &r)
{
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	print_rules(p, std::vector<Rule>{r}, 0);
	auto back = rules_from_json(s.str());
	REQUIRE(back.ok());
	CHECK(*back == std::vector<Rule>{r});
}

// An RTP rule's entry whose one output has the member "key":json.
std::string with_output_member(std::string_view key, std::string_view json)
{
	return entry(R"(,"rtp":true)", R"([{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002",")" +
					       std::string(key) + "\":" + std::string(json) + "}]");
}

} // namespace

TEST_CASE("the documented list output maps to rules")
{
	auto r = rules_from_json(
		R"([{"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000","mismatch":"ignore",)"
		R"("outputs":[{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","tos":0}],)"
		R"("stats":{"packets":139,"bytes":144004,"errors":0}},)"
		R"( {"table":0,"local":"[::1]:5000","mismatch":"drop","outputs":[)"
		R"({"src":"[::1]:5000","dst":"[2001:db8::1]:6000","tos":184},)"
		R"({"src":"10.0.0.1:1","dst":"10.0.0.2:2"}]}])");
	REQUIRE(r.ok());
	REQUIRE(r->size() == 2);
	const Rule &a = (*r)[0];
	CHECK(a.table == 42);
	CHECK(a.local == ep("127.0.0.1:30018"));
	CHECK(a.expect == ep("127.0.0.1:30000"));
	CHECK(a.mismatch == Mismatch::ignore);
	REQUIRE(a.outputs.size() == 1);
	CHECK(a.outputs[0].src == ep("127.0.0.1:30018"));
	CHECK(a.outputs[0].dst == ep("127.0.0.1:3002"));
	CHECK(a.outputs[0].tos == std::uint8_t{0});
	CHECK_FALSE(a.stats.has_value()); // statistics are not restored
	const Rule &b = (*r)[1];
	CHECK(b.table == 0);
	CHECK(b.local == ep("[::1]:5000"));
	CHECK_FALSE(b.expect.has_value());
	CHECK(b.mismatch == Mismatch::drop);
	REQUIRE(b.outputs.size() == 2);
	CHECK(b.outputs[0].tos == std::uint8_t{184});
	CHECK_FALSE(b.outputs[1].tos.has_value());
	CHECK(b.outputs[1].dst == ep("10.0.0.2:2"));
}

TEST_CASE("what -j rules list prints, restore reads back unchanged")
{
	std::vector<Rule> rules(2);
	rules[0].table = 42;
	rules[0].local = ep("127.0.0.1:30018");
	rules[0].expect = ep("127.0.0.1:30000");
	rules[0].mismatch = Mismatch::pass;
	rules[0].outputs = {{ep("127.0.0.1:30018"), ep("127.0.0.1:3002"), 0},
			    {ep("[::1]:1"), ep("[::2]:2"), 46}};
	rules[0].stats = RuleStats{139, 144004, 1};
	rules[1].table = 63;
	rules[1].local = ep("[2001:db8::1]:65535");
	rules[1].outputs = {{ep("10.0.0.1:1"), ep("10.0.0.2:2"), 0}};
	for (bool pretty : {false, true}) {
		std::ostringstream s;
		Printer p(s, Printer::Format::json, pretty);
		print_rules(p, rules, true);
		auto back = rules_from_json(s.str());
		REQUIRE(back.ok());
		std::vector<Rule> want = rules;
		for (Rule &r : want)
			r.stats.reset();
		CHECK(*back == want);
	}
}

TEST_CASE("an empty array is no rules; the top level must be an array")
{
	auto r = rules_from_json(" [ ] \n");
	REQUIRE(r.ok());
	CHECK(r->empty());
	CHECK(error_of("{}") ==
	      "expected a JSON array of rules (as 'rtpnl -j rules list' prints), got an object");
	CHECK(error_of("[1,") == "invalid JSON at line 1, column 4: syntax error while parsing value - "
				 "unexpected end of input; expected '[', '{', or a literal");
}

TEST_CASE("mismatch defaults to ignore, tos stays unset when absent")
{
	auto r = rules_from_json(entry(""));
	REQUIRE(r.ok());
	CHECK((*r)[0].mismatch == Mismatch::ignore);
	CHECK_FALSE((*r)[0].outputs[0].tos.has_value());
}

TEST_CASE("entry errors name the rule by number, table and local endpoint")
{
	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	CHECK(error_of(entry(R"(,"expext":"1.2.3.4:5")")) == at + "unknown key \"expext\"");
	CHECK(error_of(entry(R"(,"mismatch":"dro")")) ==
	      at + "\"mismatch\": invalid value \"dro\" (ignore, drop, pass)");
	CHECK(error_of(entry(R"(,"mismatch":1)")) == at + "\"mismatch\": expected a string, got a number");
	CHECK(error_of(entry(R"(,"expect":"1.2.3:5")")) == at + "\"expect\": invalid endpoint '1.2.3:5'");
	CHECK(error_of(entry(R"(,"expect":"[::1]:5")")) ==
	      at + "expect and local are of different address families");
	CHECK(error_of(entry(R"(,"expect":null)")) == at + "\"expect\": expected a string, got a null");
	CHECK(error_of(entry(R"(,"stats":[])")) == at + "\"stats\": expected an object, got an array");
	CHECK(error_of(entry("", "[]")) == at + "a rule needs at least one output");
	CHECK(error_of(entry("", "{}")) == at + "\"outputs\": expected an array, got an object");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1"}])")) == at + "output 1: missing \"dst\"");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1","dst":"1.1.1.1:2","tos":256}])")) ==
	      at + "output 1: \"tos\": 256 is not an integer 0..255");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1","dst":"1.1.1.1:2","tos":1.5}])")) ==
	      at + "output 1: \"tos\": 1.5 is not an integer 0..255");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1","dst":"1.1.1.1:2","x":1}])")) ==
	      at + "output 1: unknown key \"x\"");
	CHECK(error_of(entry(R"(,"rtp":true,"decrypt":{"suite":"AES_CM_128_HMAC_SHA1_80"})")) ==
	      at + "'decrypt': SRTP keys are write-only, a listing cannot restore them (use "
		   "'rtpnl rule replace' with the keys)");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1","dst":"1.1.1.1:2","encrypt":{}}])")) ==
	      at + "output 1: 'encrypt': SRTP keys are write-only, a listing cannot restore them (use "
		   "'rtpnl rule replace' with the keys)");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1","dst":"[::1]:2"}])")) ==
	      at + "output 1: src and dst are of different address families");
	CHECK(error_of(entry("", R"([{"src":"1.1.1.1:1","dst":"1.1.1.1:2"},"x"])")) ==
	      at + "output 2: expected an object, got a string");
	std::string outputs = "[";
	for (int i = 0; i < 32; ++i)
		outputs += std::string(i ? "," : "") + R"({"src":"1.1.1.1:1","dst":"1.1.1.1:2"})";
	CHECK(error_of(entry("", outputs + R"(,{"src":"1.1.1.1:1","dst":"1.1.1.1:2"}])")) ==
	      at + "at most 32 outputs");
}

TEST_CASE("the label holds what is known of a bad entry")
{
	CHECK(error_of(R"([{"local":"1.2.3.4:5","outputs":[]}])") ==
	      "rule 1 (local 1.2.3.4:5): missing \"table\"");
	CHECK(error_of(R"([{"table":7,"outputs":[]}])") == "rule 1 (table 7): missing \"local\"");
	CHECK(error_of(R"([{"table":64,"local":"1.2.3.4:5"}])") ==
	      "rule 1 (local 1.2.3.4:5): \"table\": 64 is not an integer 0..63");
	CHECK(error_of(R"([{"table":"1","local":"1.2.3.4:5"}])") ==
	      "rule 1 (local 1.2.3.4:5): \"table\": expected a number, got a string");
	CHECK(error_of(R"([{"table":1,"local":"1.2.3.4:0"}])") ==
	      "rule 1 (table 1): \"local\": invalid endpoint '1.2.3.4:0' (port must be 1..65535)");
	CHECK(error_of(R"([{"table":1,"local":"1.2.3.4:5"}])") ==
	      "rule 1 (table 1 local 1.2.3.4:5): missing \"outputs\"");
	CHECK(error_of("[[]]") == "rule 1: expected an object, got an array");
	CHECK(error_of(R"([{"table":1,"local":"1.2.3.4:5","outputs":[{"src":"1.1.1.1:1","dst":"1.1.1.1:2"}]},)"
		       R"( {"table":1,"local":"1.2.3.4:6","outputs":[{"src":"1.1.1.1:1","dst":"1.1.1.1:2"}]},)"
		       R"( {"table":2,"local":"[::1]:7"}])") ==
	      "rule 3 (table 2 local [::1]:7): missing \"outputs\"");
}

TEST_CASE("a second entry for the same table and local endpoint is refused")
{
	const std::string r = R"({"table":1,"local":"1.2.3.4:5","outputs":[{"src":"1.1.1.1:1","dst":"1.1.1.1:2"}]})";
	const std::string other = R"({"table":2,"local":"1.2.3.4:5","outputs":[{"src":"1.1.1.1:1","dst":"1.1.1.1:2"}]})";
	CHECK(rules_from_json("[" + r + "," + other + "]").ok()); // another table: fine
	CHECK(error_of("[" + r + "," + other + "," + r + "]") ==
	      "rule 3 (table 1 local 1.2.3.4:5): same table and local endpoint as rule 1");
}

TEST_CASE("rule_label")
{
	CHECK(rule_label(3, 42u, ep("127.0.0.1:30018")) == "rule 3 (table 42 local 127.0.0.1:30018)");
	CHECK(rule_label(1, std::nullopt, std::nullopt) == "rule 1");
	Rule r;
	r.table = 5;
	r.local = ep("[::1]:9");
	CHECK(rule_label(12, r) == "rule 12 (table 5 local [::1]:9)");
}

TEST_CASE("rtp rules: printed JSON restores with rtp and payload types, stats dropped")
{
	std::vector<Rule> rules(2);
	rules[0].table = 42;
	rules[0].local = ep("127.0.0.1:31000");
	rules[0].outputs = {{ep("127.0.0.1:31002"), ep("127.0.0.1:6100"), 0}};
	rules[0].rtp = true;
	rules[0].payload_types = {{0, 8000}, {8, std::nullopt}, {127, 90000}};
	RuleStats st{100, 17200, 0};
	st.payload_types = {{0, 95, 16340}};
	st.ssrcs = {{0x5eed5eed, 95, 16340, 99, 5, 158}};
	rules[0].stats = st;
	rules[1].table = 1;
	rules[1].local = ep("127.0.0.1:31004");
	rules[1].outputs = {{ep("10.0.0.1:1"), ep("10.0.0.2:2"), 0}};
	rules[1].rtp = true; // any payload type
	for (bool pretty : {false, true}) {
		std::ostringstream s;
		Printer p(s, Printer::Format::json, pretty);
		print_rules(p, rules, true);
		auto back = rules_from_json(s.str());
		REQUIRE(back.ok());
		std::vector<Rule> want = rules;
		for (Rule &r : want)
			r.stats.reset();
		CHECK(*back == want);
	}
}

TEST_CASE("rtp / payload_types errors name the entry")
{
	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	auto r = rules_from_json(entry(R"(,"rtp":false)"));
	REQUIRE(r.ok());
	CHECK_FALSE((*r)[0].rtp);
	CHECK(error_of(entry(R"(,"rtp":1)")) == at + "\"rtp\": expected a boolean, got a number");
	CHECK(error_of(entry(R"(,"payload_types":[{"type":0}])")) == at + "payload types need rtp");
	CHECK(error_of(entry(R"(,"rtp":true,"payload_types":{})")) ==
	      at + "\"payload_types\": expected an array, got an object");
	CHECK(error_of(entry(R"(,"rtp":true,"payload_types":[{"type":128}])")) ==
	      at + "payload type 1: \"type\": 128 is not an integer 0..127");
	CHECK(error_of(entry(R"(,"rtp":true,"payload_types":[{"clock_rate":8000}])")) ==
	      at + "payload type 1: missing \"type\"");
	CHECK(error_of(entry(R"(,"rtp":true,"payload_types":[{"type":0,"clock":1}])")) ==
	      at + "payload type 1: unknown key \"clock\"");
	CHECK(error_of(entry(R"(,"rtp":true,"payload_types":[{"type":0,"clock_rate":0}])")) ==
	      at + "payload type 0: clock rate must be > 0");
	CHECK(error_of(entry(R"(,"rtp":true,"payload_types":[{"type":0},{"type":0}])")) ==
	      at + "duplicate payload type 0");
}

TEST_CASE("stun / dtls / rtcp / expected SSRCs: printed JSON restores unchanged")
{
	std::vector<Rule> rules(3);
	for (Rule &r : rules) {
		r.table = 42;
		r.outputs = {{ep("127.0.0.1:31002"), ep("127.0.0.1:6100"), 0}};
	}
	rules[0].local = ep("127.0.0.1:31000");
	rules[0].stun = true;
	rules[0].dtls = true;
	rules[0].rtcp = true;
	rules[1].local = ep("127.0.0.1:31010");
	rules[1].rtp = true;
	rules[1].expect_ssrcs = std::vector<std::uint32_t>{0x5eed5eed, 0x1234};
	rules[2].local = ep("127.0.0.1:31020");
	rules[2].rtp = true;
	rules[2].expect_ssrcs.emplace(); // the flag with an empty list
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	print_rules(p, rules, false);
	CHECK(s.str().find(R"("stun":true,"dtls":true,"rtcp":true)") != std::string::npos);
	CHECK(s.str().find(R"("expect_ssrcs":["5eed5eed","00001234"])") != std::string::npos);
	CHECK(s.str().find(R"("expect_ssrcs":[])") != std::string::npos);
	auto back = rules_from_json(s.str());
	REQUIRE(back.ok());
	CHECK(*back == rules);

	auto bad = rules_from_json(
		R"([{"table":1,"local":"1.1.1.1:1","rtp":true,"expect_ssrcs":["xyz"],"outputs":[{"src":"1.1.1.1:2","dst":"1.1.1.1:3"}]}])");
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().text().find("expected SSRCs in hex") != std::string::npos);
	auto no_rtp = rules_from_json(
		R"([{"table":1,"local":"1.1.1.1:1","expect_ssrcs":["1"],"outputs":[{"src":"1.1.1.1:2","dst":"1.1.1.1:3"}]}])");
	REQUIRE_FALSE(no_rtp.ok());
	CHECK(no_rtp.error().text().find("expected SSRCs need rtp") != std::string::npos);
}

TEST_CASE("auth_fail: printed only when drop, read back as drop or pass")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.outputs = {{ep("127.0.0.1:30018"), ep("127.0.0.1:3002"), 0}};
	r.rtp = true;
	r.decrypt.emplace(); // as the kernel reports it: no key
	std::ostringstream plain;
	Printer pp(plain, Printer::Format::json);
	print_rule(pp, r, 0);
	CHECK(plain.str().find("auth_fail") == std::string::npos);
	r.srtp_auth_drop = true;
	std::ostringstream drop;
	Printer dp(drop, Printer::Format::json);
	print_rule(dp, r, 0);
	CHECK(drop.str().find(R"("rocs":[]},"auth_fail":"drop","outputs":)") != std::string::npos);
	// A listing with decrypt is refused (no keys), before auth_fail is read.
	CHECK(error_of("[" + drop.str() + "]").ends_with(
		"'decrypt': SRTP keys are write-only, a listing cannot restore them "
		"(use 'rtpnl rule replace' with the keys)"));

	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	auto pass = rules_from_json(entry(R"(,"auth_fail":"pass")"));
	REQUIRE(pass.ok());
	CHECK_FALSE((*pass)[0].srtp_auth_drop);
	CHECK(*pass == *rules_from_json(entry("")));
	// "drop" is read as the flag: the rule then needs a decrypt.
	CHECK(error_of(entry(R"(,"rtp":true,"auth_fail":"drop")")) ==
	      at + "auth-fail drop needs decrypt");
	CHECK(error_of(entry(R"(,"auth_fail":"ignore")")) ==
	      at + "\"auth_fail\": invalid value \"ignore\" (drop, pass)");
	CHECK(error_of(entry(R"(,"auth_fail":true)")) ==
	      at + "\"auth_fail\": expected a string, got a boolean");
}

TEST_CASE("blackhole: printed JSON restores unchanged; outputs may be left out, not a boolean refused")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.expect = ep("127.0.0.1:30000");
	r.stun = true;
	r.blackhole = true;
	r.stats = RuleStats{100, 17200, 0};
	r.stats->blackholed = 98;
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	print_rules(p, std::vector<Rule>{r}, 1);
	CHECK(s.str().find(R"("stun":true,"blackhole":true,"outputs":[],"stats":{)") != std::string::npos);
	auto back = rules_from_json(s.str());
	REQUIRE(back.ok());
	r.stats.reset(); // statistics are not restored
	CHECK(*back == std::vector<Rule>{r});

	// Hand-written: no "outputs" at all, or false (a forwarding rule, which needs them).
	auto bare = rules_from_json(R"([{"table":42,"local":"127.0.0.1:30018","blackhole":true}])");
	REQUIRE(bare.ok());
	CHECK((*bare)[0].blackhole);
	CHECK((*bare)[0].outputs.empty());
	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	CHECK(error_of(R"([{"table":42,"local":"127.0.0.1:30018","blackhole":false}])") ==
	      at + "missing \"outputs\"");
	auto plain = rules_from_json(entry(R"(,"blackhole":false)"));
	REQUIRE(plain.ok());
	CHECK_FALSE((*plain)[0].blackhole);

	CHECK(error_of(entry(R"(,"blackhole":"yes")")) == at + "\"blackhole\": expected a boolean, got a string");
	CHECK(error_of(entry(R"(,"blackhole":1)")) == at + "\"blackhole\": expected a boolean, got a number");
	// With outputs, or what a blackhole cannot have: refused as the library words it.
	CHECK(error_of(entry(R"(,"blackhole":true)")) == at + "a blackhole rule cannot have outputs");
	CHECK(error_of(entry(R"(,"blackhole":true,"rtp":true)", "[]")) ==
	      at + "a blackhole rule cannot have rtp");
}

TEST_CASE("hand_up: printed JSON restores unchanged; outputs may be left out; not a boolean, or with blackhole, refused")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.expect = ep("127.0.0.1:30000");
	r.mismatch = Mismatch::drop;
	r.stun = true;
	r.dtls = true;
	r.hand_up = true;
	r.stats = RuleStats{0, 0, 4};
	r.stats->handed_up_other = 98;
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	print_rules(p, std::vector<Rule>{r}, 2);
	CHECK(s.str().find(R"("stun":true,"dtls":true,"hand_up":true,"outputs":[],"stats":{)") !=
	      std::string::npos);
	auto back = rules_from_json(s.str());
	REQUIRE(back.ok());
	r.stats.reset(); // statistics are not restored
	CHECK(*back == std::vector<Rule>{r});

	// Hand-written: no "outputs" at all, or false (a forwarding rule, which needs them).
	auto bare = rules_from_json(R"([{"table":42,"local":"127.0.0.1:30018","hand_up":true}])");
	REQUIRE(bare.ok());
	CHECK((*bare)[0].hand_up);
	CHECK_FALSE((*bare)[0].blackhole);
	CHECK((*bare)[0].outputs.empty());
	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	CHECK(error_of(R"([{"table":42,"local":"127.0.0.1:30018","hand_up":false}])") ==
	      at + "missing \"outputs\"");
	auto plain = rules_from_json(entry(R"(,"hand_up":false)"));
	REQUIRE(plain.ok());
	CHECK_FALSE((*plain)[0].hand_up);

	CHECK(error_of(entry(R"(,"hand_up":"yes")")) == at + "\"hand_up\": expected a boolean, got a string");
	// The text word is not a JSON key.
	CHECK(error_of(entry(R"(,"hand-up":true)")).find("\"hand-up\"") != std::string::npos);
	// With outputs, what it cannot have, or a blackhole: refused as the library words it.
	CHECK(error_of(entry(R"(,"hand_up":true)")) == at + "a hand-up rule cannot have outputs");
	CHECK(error_of(entry(R"(,"hand_up":true,"rtcp":true)", "[]")) ==
	      at + "a hand-up rule cannot have rtcp");
	CHECK(error_of(R"([{"table":42,"local":"127.0.0.1:30018","hand_up":true,"blackhole":true}])") ==
	      at + "a rule is a blackhole or a hand-up rule, not both");
}

TEST_CASE("ssrc_map: printed JSON restores unchanged; a malformed one refused, naming the member")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.rtp = true;
	r.outputs = {{ep("127.0.0.1:1"), ep("127.0.0.1:2"), 0}, {ep("127.0.0.1:3"), ep("127.0.0.1:4"), 0}};
	r.outputs[1].ssrc_map = {{0x5eed5eed, 0xabcd0001}, {0x1, 0x2}};
	check_json_round_trip(r);

	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): output 1: ";
	const auto with_map = [](std::string_view json) { return with_output_member("ssrc_map", json); };
	auto empty = rules_from_json(with_map("[]"));
	REQUIRE(empty.ok());
	CHECK((*empty)[0].outputs[0].ssrc_map.empty());
	auto plain = rules_from_json(with_map(R"([{"from":"0x1","to":"ABCD0001"}])"));
	REQUIRE(plain.ok());
	CHECK((*plain)[0].outputs[0].ssrc_map == std::vector<SsrcMapping>{{1, 0xabcd0001}});

	CHECK(error_of(with_map(R"({"from":"1","to":"2"})")) ==
	      at + "\"ssrc_map\": expected an array, got an object");
	CHECK(error_of(with_map(R"(["1:2"])")) == at + "\"ssrc_map\" 1: expected an object, got a string");
	CHECK(error_of(with_map(R"([{"from":"1","to":"2"},{"to":"2"}])")) ==
	      at + "\"ssrc_map\" 2: missing \"from\"");
	CHECK(error_of(with_map(R"([{"from":"1"}])")) == at + "\"ssrc_map\" 1: missing \"to\"");
	CHECK(error_of(with_map(R"([{"from":1,"to":"2"}])")) ==
	      at + "\"ssrc_map\" 1: \"from\": expected a string, got a number");
	CHECK(error_of(with_map(R"([{"from":"1","to":"xyz"}])")) ==
	      at + "\"ssrc_map\" 1: \"to\": expected an SSRC in hex (\"5eed5eed\")");
	CHECK(error_of(with_map(R"([{"from":"1","to":"2","too":"3"}])")) ==
	      at + "\"ssrc_map\" 1: unknown key \"too\"");
	// What the library checks, in its words.
	const std::string rule_at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	CHECK(error_of(with_map(R"([{"from":"1","to":"2"},{"from":"1","to":"3"}])")) ==
	      rule_at + "output 1: rewrites the same SSRC twice");
	CHECK(error_of(entry("", R"([{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","ssrc_map":[{"from":"1","to":"2"}]}])")) ==
	      rule_at + "output 1: SSRC map needs rtp");
}

TEST_CASE("pt_replace: printed JSON restores unchanged; a malformed one refused, naming the member")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.rtp = true;
	r.outputs = {{ep("127.0.0.1:1"), ep("127.0.0.1:2"), 0}, {ep("127.0.0.1:3"), ep("127.0.0.1:4"), 0}};
	r.outputs[1].ssrc_map = {{1, 2}};
	r.outputs[1].pt_replace = {{0, {0xff}}, {127, std::vector<std::uint8_t>(16, 0xd5)}};
	check_json_round_trip(r);

	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): output 1: ";
	const auto with_replace = [](std::string_view json) { return with_output_member("pt_replace", json); };
	auto empty = rules_from_json(with_replace("[]"));
	REQUIRE(empty.ok());
	CHECK((*empty)[0].outputs[0].pt_replace.empty());
	auto upper = rules_from_json(with_replace(R"([{"type":8,"pattern":"0xD5"}])"));
	REQUIRE(upper.ok());
	CHECK((*upper)[0].outputs[0].pt_replace == std::vector<PtReplace>{{8, {0xd5}}});

	CHECK(error_of(with_replace(R"({"type":0,"pattern":"ff"})")) ==
	      at + "\"pt_replace\": expected an array, got an object");
	CHECK(error_of(with_replace(R"(["0:ff"])")) == at + "\"pt_replace\" 1: expected an object, got a string");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":"ff"},{"pattern":"ff"}])")) ==
	      at + "\"pt_replace\" 2: missing \"type\"");
	CHECK(error_of(with_replace(R"([{"type":0}])")) == at + "\"pt_replace\" 1: missing \"pattern\"");
	CHECK(error_of(with_replace(R"([{"type":128,"pattern":"ff"}])")) ==
	      at + "\"pt_replace\" 1: \"type\": 128 is not an integer 0..127");
	CHECK(error_of(with_replace(R"([{"type":"0","pattern":"ff"}])")) ==
	      at + "\"pt_replace\" 1: \"type\": expected a number, got a string");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":255}])")) ==
	      at + "\"pt_replace\" 1: \"pattern\": expected a string, got a number");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":"f"}])")) ==
	      at + "\"pt_replace\" 1: \"pattern\": pattern 'f' has an odd number of hex digits");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":""}])")) ==
	      at + "\"pt_replace\" 1: \"pattern\": empty pattern");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":"zz"}])")) ==
	      at + "\"pt_replace\" 1: \"pattern\": pattern 'zz' is not hex");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":")" + std::string(34, '0') + R"("}])")) ==
	      at + "\"pt_replace\" 1: \"pattern\": pattern of 17 bytes (at most 16)");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":"ff","mask":"00"}])")) ==
	      at + "\"pt_replace\" 1: unknown key \"mask\"");
	// What the library checks, in its words.
	const std::string rule_at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":"ff"},{"type":0,"pattern":"d5"}])")) ==
	      rule_at + "output 1: replaces payload type 0 twice");
	CHECK(error_of(with_replace(R"([{"type":0,"pattern":"00"},{"type":1,"pattern":"00"},{"type":2,"pattern":"00"},)"
				    R"({"type":3,"pattern":"00"},{"type":4,"pattern":"00"}])")) ==
	      rule_at + "output 1: at most 4 payload replacements");
	CHECK(error_of(entry("", R"([{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","pt_replace":[{"type":0,"pattern":"ff"}]}])")) ==
	      rule_at + "output 1: payload replacement needs rtp");
}

TEST_CASE("recording: accepted and ignored, as the stream ids are the running kernel's; a stream id or refused")
{
	Rule r;
	r.table = 42;
	r.local = ep("127.0.0.1:30018");
	r.outputs = {{ep("127.0.0.1:1"), ep("127.0.0.1:2"), 0}};
	r.recording = 3;
	std::ostringstream s;
	Printer p(s, Printer::Format::json);
	print_rules(p, std::vector<Rule>{r}, 0);
	CHECK(s.str().find(R"("recording":3,)") != std::string::npos);
	auto back = rules_from_json(s.str());
	REQUIRE(back.ok());
	r.recording.reset();
	CHECK(*back == std::vector<Rule>{r});

	const std::string at = "rule 1 (table 42 local 127.0.0.1:30018): ";
	CHECK(error_of(entry(R"(,"recording":"3")")) == at + "\"recording\": expected a number, got a string");
	CHECK(error_of(entry(R"(,"recording":-1)")) == at + "\"recording\": -1 is not an integer 0..4294967295");
	CHECK(error_of(entry(R"(,"recording":4294967296)")) ==
	      at + "\"recording\": 4294967296 is not an integer 0..4294967295");
}
