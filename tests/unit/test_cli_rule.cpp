// SPDX-License-Identifier: LGPL-2.1-or-later
// The rule commands end to end (options → object → command → output /
// error text / exit status) against a fake RuleApi, restore from a string
// standing in for stdin.
#include "fake_rule_api.hpp"
#include "fake_table_api.hpp"
#include "rule_cli_run.hpp"

#include "cli.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cerrno>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;
using namespace rule_cli;

namespace {

Endpoint ep(std::string_view text) { return *parse_endpoint(text); }

std::vector<Rule> two_rules()
{
	std::vector<Rule> rules(2);
	rules[0].table = 42;
	rules[0].local = ep("127.0.0.1:30018");
	rules[0].expect = ep("127.0.0.1:30000");
	rules[0].outputs = {{ep("127.0.0.1:30018"), ep("127.0.0.1:3002"), 0}};
	rules[0].stats = RuleStats{139, 144004, 0};
	rules[1].table = 7;
	rules[1].local = ep("[::1]:5000");
	rules[1].mismatch = Mismatch::pass;
	rules[1].outputs = {{ep("[::1]:5000"), ep("[::1]:6000"), 46}};
	rules[1].stats = RuleStats{1, 2, 3};
	return rules;
}

const auto with_rules = [](FakeRuleApi &f) { f.list = two_rules(); };

const std::vector<std::string_view> add_args{"rule", "add", "table", "42", "local", "127.0.0.1:30018",
					     "output", "src", "127.0.0.1:30018", "dst", "127.0.0.1:3002"};

// The rule `rule add` (add_args and `extra`) sends.
Rule added_with(std::initializer_list<std::string_view> extra)
{
	std::vector<std::string_view> a = add_args;
	a.insert(a.end(), extra.begin(), extra.end());
	auto r = run_plain(a);
	CHECK(r.status == exit_ok);
	CHECK(r.err.empty());
	REQUIRE(r.added.size() == 1);
	return r.added[0].first;
}

// Each: `base` (add_args) and its words, refused with its usage error
// before the rule API is opened.
using UsageErrors = std::vector<std::pair<std::vector<std::string_view>, std::string>>;

void check_usage_errors(const UsageErrors &bad, const std::vector<std::string_view> &base = add_args)
{
	for (const auto &[extra, err] : bad) {
		CAPTURE(err);
		std::vector<std::string_view> a = base;
		a.insert(a.end(), extra.begin(), extra.end());
		auto b = run_plain(a);
		CHECK(b.status == exit_usage);
		CHECK(b.err == err);
		CHECK_FALSE(b.opened);
	}
}

std::vector<std::string_view> with_action(std::string_view action)
{
	std::vector<std::string_view> a = add_args;
	a[1] = action;
	return a;
}

const std::string restore_input =
	R"([{"table":42,"local":"127.0.0.1:30018","mismatch":"drop","outputs":[{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","tos":0}],"stats":{"packets":1,"bytes":2,"errors":3}},)"
	R"({"table":42,"local":"127.0.0.1:30020","outputs":[{"src":"127.0.0.1:30020","dst":"127.0.0.1:3004"}]},)"
	R"({"table":42,"local":"127.0.0.1:30022","outputs":[{"src":"127.0.0.1:30022","dst":"127.0.0.1:3006"}]}])";

} // namespace

TEST_CASE("rule add / replace / change send the rule with their mode, silently")
{
	for (auto [action, mode] : {std::pair{"add", RuleMode::add}, {"replace", RuleMode::replace},
				    {"change", RuleMode::change}}) {
		CAPTURE(action);
		auto r = run_plain(with_action(action));
		CHECK(r.status == exit_ok);
		CHECK(r.out.empty());
		CHECK(r.err.empty());
		REQUIRE(r.added.size() == 1);
		CHECK(r.added[0].second == mode);
		CHECK(r.added[0].first.table == 42);
		CHECK(r.added[0].first.outputs.at(0).dst == ep("127.0.0.1:3002"));
	}
	auto del = run_plain({"rule", "d", "table", "42", "local", "127.0.0.1:30018"});
	CHECK(del.status == exit_ok);
	CHECK(del.calls == std::vector<std::string>{"del 42 127.0.0.1:30018"});
}

TEST_CASE("rule usage errors: one line, exit 255, no kernel contact")
{
	struct Case {
		std::vector<std::string_view> args;
		std::string err;
	};
	std::vector<std::string_view> too_many = add_args;	// one output, and 32 more
	for (int i = 0; i < 32; ++i)
		too_many.insert(too_many.end(), {"output", "src", "127.0.0.1:1", "dst", "127.0.0.1:2"});
	const std::vector<Case> cases{
		{{"rule", "add", "table", "42", "output", "src", "1.1.1.1:1", "dst", "1.1.1.1:2"},
		 "Error: missing 'local'\n"},
		{{"rule", "add", "table", "42", "local", "1.2.3:5"}, "Error: invalid endpoint '1.2.3:5'\n"},
		{{"rule", "add", "table", "42", "xyz"}, "Error: unknown argument 'xyz'\n"},
		{{"rule", "get", "table", "64", "local", "1.2.3.4:5"}, "Error: table id 64 out of range (0..63)\n"},
		{{"rules", "list", "table", "64"}, "Error: table id 64 out of range (0..63)\n"},
		{too_many, "Error: at most 32 outputs\n"},
		{{"rule", "frob"}, "Error: unknown rule command 'frob' (try 'rtpnl rule help')\n"},
	};
	for (const auto &c : cases) {
		CAPTURE(c.err);
		auto r = run_plain(c.args);
		CHECK(r.status == exit_usage);
		CHECK(r.err == c.err);
		CHECK(r.out.empty());
		CHECK_FALSE(r.opened);
	}
}

TEST_CASE("kernel refusals: context for EEXIST / ENOENT, extack otherwise")
{
	struct Case {
		std::vector<std::string_view> args;
		Error error;
		std::string err;
	};
	const std::vector<std::string_view> del{"rule", "del", "table", "42", "local", "127.0.0.1:30018"};
	const std::vector<std::string_view> get{"rule", "get", "table", "42", "local", "127.0.0.1:30018"};
	const std::vector<Case> cases{
		{add_args, Error::kernel(EEXIST, ""), "Error: a rule for local 127.0.0.1:30018 exists in table 42\n"},
		{add_args, Error::kernel(EEXIST, "rtpfwd: rule exists"),
		 "Error: a rule for local 127.0.0.1:30018 exists in table 42\n"},
		{del, Error::kernel(ENOENT, ""), "Error: no rule for local 127.0.0.1:30018 in table 42\n"},
		{get, Error::kernel(ENOENT, "rtpfwd: no such rule"),
		 "Error: no rule for local 127.0.0.1:30018 in table 42\n"},
		{with_action("change"), Error::kernel(ENOENT, ""),
		 "Error: no rule for local 127.0.0.1:30018 in table 42\n"},
		{del, Error::kernel(ENOENT, "rtpfwd: no such table"), "Error: rtpfwd: no such table\n"},
		// add and replace create: ENOENT can only be the table.
		{add_args, Error::kernel(ENOENT, ""), "Error: table 42 does not exist\n"},
		{with_action("replace"), Error::kernel(ENOENT, ""), "Error: table 42 does not exist\n"},
		{add_args, Error::kernel(EINVAL, "rtpfwd: output src and dst differ in family"),
		 "Error: rtpfwd: output src and dst differ in family\n"},
		{add_args, Error::kernel(ENOSPC, ""), "Error: No space left on device\n"},
		{add_args, Error::kernel(EPERM, ""),
		 "Error: operation not permitted (CAP_NET_ADMIN is required in the user namespace "
		 "owning the network namespace)\n"},
		{{"rules", "list", "table", "9"}, Error::kernel(ENOENT, ""), "Error: table 9 does not exist\n"},
		{{"rules", "list"}, Error::local(EAGAIN, "rule dump kept being interrupted by concurrent changes"),
		 "Error: rule dump kept being interrupted by concurrent changes\n"},
		{add_args, Error::local(EBADMSG, "malformed rule reply: local has no PORT"),
		 "Error: malformed rule reply: local has no PORT\n"},
	};
	for (const auto &c : cases) {
		CAPTURE(c.err);
		auto r = run_with(c.args, [&](FakeRuleApi &f) { f.fail = c.error; });
		CHECK(r.status == exit_failure);
		CHECK(r.err == c.err);
		CHECK(r.out.empty());
	}
}

TEST_CASE("rules list: text, -s, JSON, table filter")
{
	auto text = run_with({"rules", "list"}, with_rules);
	CHECK(text.status == exit_ok);
	CHECK(text.out == "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore "
			  "output src 127.0.0.1:30018 dst 127.0.0.1:3002\n"
			  "table 7 local [::1]:5000 mismatch pass output src [::1]:5000 dst [::1]:6000 tos 46\n");
	CHECK(text.calls == std::vector<std::string>{"list"});

	auto stats = run_with({"-s", "rules", "show", "table", "42"}, with_rules);
	CHECK(stats.out == "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore "
			   "output src 127.0.0.1:30018 dst 127.0.0.1:3002\n"
			   "    stats packets 139 bytes 144004 errors 0\n");
	CHECK(stats.calls == std::vector<std::string>{"list 42"});

	auto json = run_with({"-j", "-s", "rules"}, with_rules);
	CHECK(json.out ==
	      R"([{"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000","mismatch":"ignore",)"
	      R"("outputs":[{"src":"127.0.0.1:30018","dst":"127.0.0.1:3002","tos":0}],)"
	      R"("stats":{"packets":139,"bytes":144004,"errors":0}},)"
	      R"({"table":7,"local":"[::1]:5000","mismatch":"pass",)"
	      R"("outputs":[{"src":"[::1]:5000","dst":"[::1]:6000","tos":46}],)"
	      R"("stats":{"packets":1,"bytes":2,"errors":3}}])"
	      "\n");
	auto no_stats = run_with({"-j", "rule", "list", "table", "7"}, with_rules);
	CHECK(no_stats.out == R"([{"table":7,"local":"[::1]:5000","mismatch":"pass",)"
			      R"("outputs":[{"src":"[::1]:5000","dst":"[::1]:6000","tos":46}]}])"
			      "\n");
	CHECK(run_plain({"-j", "rules"}).out == "[]\n");
	CHECK(run_plain({"rules"}).out.empty());
}

TEST_CASE("rule get: one rule, -s adds stats, JSON object")
{
	auto text = run_with({"-s", "rule", "get", "table", "7", "local", "[::1]:5000"}, with_rules);
	CHECK(text.status == exit_ok);
	CHECK(text.out == "table 7 local [::1]:5000 mismatch pass output src [::1]:5000 dst [::1]:6000 tos 46\n"
			  "    stats packets 1 bytes 2 errors 3\n");
	CHECK(text.calls == std::vector<std::string>{"get 7 [::1]:5000"});
	auto json = run_with({"-j", "rule", "get", "table", "7", "local", "[::1]:5000"}, with_rules);
	CHECK(json.out == R"({"table":7,"local":"[::1]:5000","mismatch":"pass",)"
			  R"("outputs":[{"src":"[::1]:5000","dst":"[::1]:6000","tos":46}]})"
			  "\n");
	auto missing = run_with({"rule", "get", "table", "7", "local", "[::1]:5001"}, with_rules);
	CHECK(missing.status == exit_failure);
	CHECK(missing.err == "Error: no rule for local [::1]:5001 in table 7\n");
}

TEST_CASE("rules restore: every entry replaced, in order, in one batch, stats ignored")
{
	auto r = run_plain({"rules", "restore"}, restore_input);
	CHECK(r.status == exit_ok);
	CHECK(r.out.empty());
	CHECK(r.err.empty());
	CHECK(r.batches == std::vector<std::size_t>{3});
	CHECK(r.calls == std::vector<std::string>{"replace 42 127.0.0.1:30018", "replace 42 127.0.0.1:30020",
						  "replace 42 127.0.0.1:30022"});
	REQUIRE(r.added.size() == 3);
	CHECK(r.added[0].first.mismatch == Mismatch::drop);
	CHECK(r.added[0].first.outputs.at(0).tos == std::uint8_t{0});
	CHECK_FALSE(r.added[0].first.stats.has_value());
	CHECK(r.added[2].first.outputs.at(0).dst == ep("127.0.0.1:3006"));
}

TEST_CASE("rules restore round-trips what -j rules list printed")
{
	auto listed = run_with({"-j", "-s", "rules", "list"}, with_rules);
	REQUIRE(listed.status == exit_ok);
	auto restored = run_plain({"rules", "restore"}, listed.out);
	CHECK(restored.status == exit_ok);
	std::vector<Rule> want = two_rules();
	REQUIRE(restored.added.size() == want.size());
	for (std::size_t i = 0; i < want.size(); ++i) {
		want[i].stats.reset();
		CHECK(restored.added[i].first == want[i]);
		CHECK(restored.added[i].second == RuleMode::replace);
	}
}

TEST_CASE("rules restore names each refused entry; the others are replaced all the same")
{
	auto r = run_with(
		{"rules", "restore"},
		[](FakeRuleApi &f) {
			f.fail = Error::kernel(ENOENT, "rtpfwd: no such table");
			f.fail_at = 1;
		},
		restore_input);
	CHECK(r.status == exit_failure);
	CHECK(r.err == "Error: rule 2 (table 42 local 127.0.0.1:30020): rtpfwd: no such table\n");
	CHECK(r.calls.size() == 3); // the third was replaced too

	auto all = run_with(
		{"rules", "restore"}, [](FakeRuleApi &f) { f.fail = Error::kernel(EEXIST, ""); },
		restore_input);
	CHECK(all.status == exit_failure);
	CHECK(all.err == "Error: rule 1 (table 42 local 127.0.0.1:30018): a rule for local 127.0.0.1:30018 exists in table 42\n"
			 "Error: rule 2 (table 42 local 127.0.0.1:30020): a rule for local 127.0.0.1:30020 exists in table 42\n"
			 "Error: rule 3 (table 42 local 127.0.0.1:30022): a rule for local 127.0.0.1:30022 exists in table 42\n");

	// Answers lost: the first rule without one is named, with how many.
	auto lost = run_with({"rules", "restore"}, [](FakeRuleApi &f) { f.lost_from = 1; }, restore_input);
	CHECK(lost.status == exit_failure);
	CHECK(lost.err == "Error: rule 2 (table 42 local 127.0.0.1:30020): acks were lost "
			  "(no answer for this and 1 later requests)\n");

	auto einval = run_with(
		{"rules", "restore"},
		[](FakeRuleApi &f) {
			f.fail = Error::kernel(EINVAL, "rtpfwd: bad tos");
			f.fail_at = 2;
		},
		restore_input);
	CHECK(einval.err == "Error: rule 3 (table 42 local 127.0.0.1:30022): rtpfwd: bad tos\n");
}

TEST_CASE("rules restore checks the whole input before sending anything")
{
	const std::string bad_third = restore_input.substr(0, restore_input.size() - 4) + R"(,"tos":300}]}])";
	auto r = run_plain({"rules", "restore"}, bad_third);
	CHECK(r.status == exit_usage);
	CHECK(r.err == "Error: rule 3 (table 42 local 127.0.0.1:30022): output 1: \"tos\": 300 is not an integer "
		       "0..255\n");
	CHECK(r.calls.empty());
	CHECK_FALSE(r.opened);

	auto syntax = run_plain({"rules", "restore"}, "[{\"table\":1,}]");
	CHECK(syntax.status == exit_usage);
	CHECK(syntax.err == "Error: invalid JSON at line 1, column 13: syntax error while parsing object key - "
			    "unexpected '}'; expected string literal\n");
	CHECK_FALSE(syntax.opened);

	auto empty = run_plain({"rules", "restore"}, "");
	CHECK(empty.status == exit_usage);
	CHECK(empty.err == "Error: invalid JSON at line 1, column 1: syntax error while parsing value - "
			   "unexpected end of input; expected '[', '{', or a literal\n");

	auto none = run_plain({"rules", "restore"}, "[]\n");
	CHECK(none.status == exit_ok);
	CHECK(none.calls.empty());
}

TEST_CASE("rule help needs no kernel; the top-level help lists rule and rules")
{
	auto help = run_plain({"rule", "help"});
	CHECK(help.status == exit_ok);
	CHECK(help.out.starts_with("Usage: rtpnl rule { add | replace | change } table ID local ENDPOINT\n"));
	CHECK(help.out.find("rtpnl rules restore < FILE\n") != std::string::npos);
	CHECK_FALSE(help.opened);
	CHECK(run_plain({"rules", "help"}).out == help.out);
	auto top = run_plain({"help"});
	CHECK(top.out.find("\nwhere  OBJECT := { table | rule | rules | recording | stats | monitor | nft | showconf | syncconf | top | help }\n") !=
	      std::string::npos);
	CHECK(top.out.find("\n  rule      forwarding rules") != std::string::npos);
	CHECK(top.out.find("\n  rules     all rules") != std::string::npos);
	// Every object listed has its line and its own help, without a kernel.
	for (std::string object : {"table", "rule", "rules", "recording", "stats", "monitor", "nft"}) {
		CAPTURE(object);
		CHECK(top.out.find("\n  " + object + " ") != std::string::npos);
		auto object_help = run_plain({object, "help"});
		CHECK(object_help.status == exit_ok);
		CHECK(object_help.out.starts_with("Usage: rtpnl "));
		CHECK((object_help.out.find("rtpnl " + object + " ") != std::string::npos ||
		       object_help.out.find("rtpnl " + object + "\n") != std::string::npos));
		CHECK_FALSE(object_help.opened);
	}
}

TEST_CASE("object prefixes: 'r' is rule, 'rules' is rules")
{
	auto r = run_with({"r", "l"}, with_rules);
	CHECK(r.status == exit_ok);
	CHECK(r.calls == std::vector<std::string>{"list"});
	auto restore = run_plain({"rules", "r"}, "[]");
	CHECK(restore.status == exit_ok);
	auto not_restore = run_plain({"rule", "r"});
	CHECK(not_restore.status == exit_usage); // rule replace, with nothing to replace
	CHECK(not_restore.err == "Error: missing 'table'\n");
}

TEST_CASE("stats reset: one rule or a whole table, silently")
{
	auto one = run_plain({"stats", "reset", "table", "42", "local", "127.0.0.1:30018"});
	CHECK(one.status == exit_ok);
	CHECK(one.out.empty());
	CHECK(one.err.empty());
	CHECK(one.calls == std::vector<std::string>{"reset 42 127.0.0.1:30018"});
	auto all = run_plain({"s", "r", "t", "7"});
	CHECK(all.status == exit_ok);
	CHECK(all.calls == std::vector<std::string>{"reset 7"});
	auto v6 = run_plain({"stats", "reset", "local", "[::1]:5000", "table", "7"});
	CHECK(v6.calls == std::vector<std::string>{"reset 7 [::1]:5000"});
}

TEST_CASE("stats usage errors: one line, exit 255, no kernel contact")
{
	const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases{
		{{"stats"}, "Error: missing command (try 'rtpnl stats help')\n"},
		{{"stats", "frob"}, "Error: unknown stats command 'frob' (try 'rtpnl stats help')\n"},
		{{"stats", "reset"}, "Error: missing 'table'\n"},
		{{"stats", "reset", "local", "1.2.3.4:5"}, "Error: missing 'table'\n"},
		{{"stats", "reset", "table"}, "Error: missing value after 'table'\n"},
		{{"stats", "reset", "table", "64"}, "Error: table id 64 out of range (0..63)\n"},
		{{"stats", "reset", "table", "1", "table", "2"}, "Error: duplicate 'table'\n"},
		{{"stats", "reset", "table", "1", "local", "1.2.3:5"}, "Error: invalid endpoint '1.2.3:5'\n"},
		{{"stats", "reset", "table", "1", "xyz", "1"}, "Error: unknown argument 'xyz'\n"},
	};
	for (const auto &[args, err] : cases) {
		CAPTURE(err);
		auto r = run_plain(args);
		CHECK(r.status == exit_usage);
		CHECK(r.err == err);
		CHECK(r.out.empty());
		CHECK_FALSE(r.opened);
	}
	auto help = run_plain({"stats", "help"});
	CHECK(help.status == exit_ok);
	CHECK(help.out.starts_with("Usage: rtpnl stats reset table ID [ local ENDPOINT ]\n"));
	CHECK_FALSE(help.opened);
}

TEST_CASE("stats reset refused: the rule's or the table's words, exit 1")
{
	auto rule = run_with({"stats", "reset", "table", "42", "local", "127.0.0.1:30018"},
			     [](FakeRuleApi &f) { f.fail = Error::kernel(ENOENT, ""); });
	CHECK(rule.status == exit_failure);
	CHECK(rule.err.starts_with("Error: "));
	CHECK(rule.err.find("127.0.0.1:30018") != std::string::npos);
	auto table = run_with({"stats", "reset", "table", "42"},
			      [](FakeRuleApi &f) { f.fail = Error::kernel(ENOENT, "no such table"); });
	CHECK(table.status == exit_failure);
	CHECK(table.err == "Error: no such table\n");
}

TEST_CASE("rule add: stun, dtls, ssrc words")
{
	std::vector<std::string_view> args = add_args;
	args.insert(args.end(), {"stun", "dtls", "rtp", "ssrc", "5eed5eed", "ssrc", "0x12"});
	auto r = run_plain(args);
	CHECK(r.status == exit_ok);
	REQUIRE(r.added.size() == 1);
	const Rule &rule = r.added[0].first;
	CHECK(rule.stun);
	CHECK(rule.dtls);
	CHECK(rule.expect_ssrcs == std::vector<std::uint32_t>{0x5eed5eed, 0x12});

	const UsageErrors bad{
		{{"ssrc", "1"}, "Error: 'ssrc' needs 'rtp'\n"},
		{{"rtp", "ssrc", "xyz"}, "Error: invalid ssrc 'xyz' (1..8 hex digits)\n"},
		{{"rtp", "ssrc", "123456789"}, "Error: invalid ssrc '123456789' (1..8 hex digits)\n"},
		{{"rtp", "ssrc", "1", "ssrc", "0x1"}, "Error: duplicate ssrc '0x1'\n"},
		{{"rtp", "ssrc", "1", "ssrc", "2", "ssrc", "3", "ssrc", "4", "ssrc", "5"}, "Error: at most 4 ssrcs\n"},
		{{"stun", "stun"}, "Error: duplicate 'stun'\n"},
	};
	check_usage_errors(bad);
}

TEST_CASE("rule add: rtcp, alone (an RTCP port) or with rtp (rtcp-mux)")
{
	std::vector<std::string_view> args = add_args;
	args.push_back("rtcp");
	auto r = run_plain(args);
	CHECK(r.status == exit_ok);
	REQUIRE(r.added.size() == 1);
	CHECK(r.added[0].first.rtcp);
	CHECK_FALSE(r.added[0].first.rtp);

	args.push_back("rtp");
	r = run_plain(args);
	REQUIRE(r.added.size() == 1);
	CHECK(r.added[0].first.rtcp);
	CHECK(r.added[0].first.rtp);

	args.push_back("rtcp");
	auto dup = run_plain(args);
	CHECK(dup.status == exit_usage);
	CHECK(dup.err == "Error: duplicate 'rtcp'\n");
}

TEST_CASE("rule add: auth-fail drop | pass, with a decrypt")
{
	// Key 00..0f, salt 10..1d.
	const std::vector<std::string_view> srtp{"rtp", "srtp", "AES_CM_128_HMAC_SHA1_80",
						 "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd"};
	for (auto [action, word, drop] :
	     {std::tuple{"add", "drop", true}, {"replace", "d", true}, {"change", "pass", false}}) {
		CAPTURE(action);
		CAPTURE(word);
		std::vector<std::string_view> args = with_action(action);
		args.insert(args.end(), srtp.begin(), srtp.end());
		args.insert(args.end(), {"a", word}); // "a": auth-fail, no other keyword
		auto r = run_plain(args);
		CHECK(r.status == exit_ok);
		CHECK(r.err.empty());
		REQUIRE(r.added.size() == 1);
		CHECK(r.added[0].first.srtp_auth_drop == drop);
		CHECK(r.added[0].first.decrypt.has_value());
	}
	// Before the decrypt, or after the outputs: any place of the rule.
	std::vector<std::string_view> args = add_args;
	args.insert(args.begin() + 6, {"auth-fail", "drop"});
	args.insert(args.end(), srtp.begin(), srtp.end());
	auto before = run_plain(args);
	CHECK(before.status == exit_ok);
	REQUIRE(before.added.size() == 1);
	CHECK(before.added[0].first.srtp_auth_drop);

	const UsageErrors bad{
		{{"auth-fail", "drop"}, "Error: auth-fail drop needs decrypt\n"},
		{{"rtp", "auth-fail", "drop"}, "Error: auth-fail drop needs decrypt\n"},
		{{"auth-fail", "ignore"}, "Error: invalid auth-fail 'ignore' (drop, pass)\n"},
		{{"auth-fail"}, "Error: missing value after 'auth-fail'\n"},
		{{"auth-fail", "pass", "auth-fail", "drop"}, "Error: duplicate 'auth-fail'\n"},
	};
	check_usage_errors(bad);
	// Only where a rule is written.
	auto list = run_plain({"rules", "list", "auth-fail", "drop"});
	CHECK(list.status == exit_usage);
	CHECK(list.err == "Error: unknown argument 'auth-fail'\n");
	// "auth-fail pass" without a decrypt: the default, nothing to refuse.
	std::vector<std::string_view> pass = add_args;
	pass.insert(pass.end(), {"auth-fail", "pass"});
	auto p = run_plain(pass);
	CHECK(p.status == exit_ok);
	REQUIRE(p.added.size() == 1);
	CHECK_FALSE(p.added[0].first.srtp_auth_drop);
}

namespace {

std::string quoted(std::string_view word) { return "'" + std::string(word) + "'"; }

// A rule without outputs, `word` (blackhole or hand-up; `flag` its member
// of the rule): any of `prefixes` after each action, in the place of the
// outputs or before the other words; what it cannot have refused, naming
// it; only where a rule is written.
void check_no_outputs_word(std::string_view word, std::array<std::string_view, 3> prefixes,
			   bool Rule::*flag)
{
	const std::array<std::string_view, 3> actions{"add", "replace", "change"};
	for (std::size_t i = 0; i < actions.size(); i++) {
		CAPTURE(actions[i]);
		auto r = run_plain({"rule", actions[i], "table", "42", "local", "127.0.0.1:30018", "stun", "expect",
				    "127.0.0.1:30000", "mismatch", "drop", "dtls", prefixes[i]});
		CHECK(r.status == exit_ok);
		CHECK(r.err.empty());
		REQUIRE(r.added.size() == 1);
		const Rule &rule = r.added[0].first;
		CHECK(rule.*flag);
		CHECK(rule.blackhole != rule.hand_up); // the one asked for only
		CHECK(rule.outputs.empty());
		CHECK((rule.stun && rule.dtls && rule.mismatch == Mismatch::drop));
	}
	// Before the other words too.
	auto first = run_plain({"rule", "add", word, "table", "42", "local", "127.0.0.1:30018"});
	CHECK(first.status == exit_ok);
	REQUIRE(first.added.size() == 1);
	CHECK(first.added[0].first.*flag);

	const std::string conflicts = "Error: " + quoted(word) + " conflicts with ";
	const std::string_view key = "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd";
	const UsageErrors bad{
		{{"output", "src", "127.0.0.1:1", "dst", "127.0.0.1:2"}, conflicts + "'output'\n"},
		{{"rtp"}, conflicts + "'rtp'\n"},
		{{"pt", "8"}, conflicts + "'pt'\n"}, // not "'pt' needs 'rtp'"
		{{"rtp", "pt", "8"}, conflicts + "'rtp'\n"},
		{{"ssrc", "1"}, conflicts + "'ssrc'\n"},
		{{"rtcp"}, conflicts + "'rtcp'\n"},
		{{"decrypt", "AES_CM_128_HMAC_SHA1_80", key}, conflicts + "'decrypt'\n"},
		{{"srtp", "AES_CM_128_HMAC_SHA1_80", key}, conflicts + "'srtp'\n"},
		{{"auth-fail", "drop"}, conflicts + "'auth-fail'\n"},
		{{"auth-fail", "pass"}, conflicts + "'auth-fail'\n"},
		{{prefixes[1]}, "Error: duplicate " + quoted(word) + "\n"},
	};
	check_usage_errors(bad, {"rule", "add", "table", "42", "local", "127.0.0.1:30018", word});
	// After the outputs, as well.
	check_usage_errors({{{word}, conflicts + "'output'\n"}});
	// Only where a rule is written.
	auto list = run_plain({"rules", "list", word});
	CHECK(list.status == exit_usage);
	CHECK(list.err == "Error: unknown argument " + quoted(word) + "\n");
	auto del = run_plain({"rule", "del", "table", "42", "local", "127.0.0.1:30018", prefixes[1]});
	CHECK(del.status == exit_usage);
	CHECK(del.err == "Error: unknown argument " + quoted(prefixes[1]) + "\n");
}

} // namespace

TEST_CASE("rule add: blackhole in the place of the outputs; what it cannot have refused")
{
	// Any prefix: no other keyword of a rule starts with "b".
	check_no_outputs_word("blackhole", {"blackhole", "b", "bl"}, &Rule::blackhole);
	// Neither outputs nor blackhole: the error it always was.
	check_usage_errors({{{}, "Error: missing 'output'\n"}}, {"rule", "add", "table", "42", "local",
								 "127.0.0.1:30018", "stun"});
}

TEST_CASE("rule add: hand-up in the place of the outputs; what it cannot have refused, blackhole too")
{
	// Any prefix: no other keyword of a rule starts with "h".
	check_no_outputs_word("hand-up", {"hand-up", "h", "hand"}, &Rule::hand_up);
	// With a recording (the kernel takes both).
	auto recorded = run_plain({"rule", "add", "hand-up", "table", "42", "local", "127.0.0.1:30018",
				   "record", "2"});
	REQUIRE(recorded.added.size() == 1);
	CHECK(recorded.added[0].first.recording == 2u);
	// Both: one line naming both, in either order, before anything else.
	const std::string both = "Error: 'blackhole' conflicts with 'hand-up'\n";
	check_usage_errors({{{"blackhole"}, both},
			    {{"b", "rtp", "output", "src", "127.0.0.1:1", "dst", "127.0.0.1:2"}, both}},
			   {"rule", "add", "table", "42", "local", "127.0.0.1:30018", "hand-up"});
	check_usage_errors({{{"hand-up"}, both}},
			   {"rule", "replace", "table", "42", "local", "127.0.0.1:30018", "blackhole"});
}

TEST_CASE("rule add: ssrc-map FROM:TO in an output, up to 4, in order; 'ssrc' after an output stays the rule's")
{
	const Rule rule = added_with({"ssrc-map", "5eed5eed:0xabcd0001", "ssrc-", "0X1:2", "rtp", "output", "src",
				      "127.0.0.1:1", "dst", "127.0.0.1:2", "ssrc-m", "1:3"});
	REQUIRE(rule.outputs.size() == 2);
	CHECK(rule.outputs[0].ssrc_map == std::vector<SsrcMapping>{{0x5eed5eed, 0xabcd0001}, {1, 2}});
	CHECK(rule.outputs[1].ssrc_map == std::vector<SsrcMapping>{{1, 3}});
	CHECK_FALSE(rule.expect_ssrcs.has_value());

	// "ss" .. "ssrc" end the output and expect an SSRC, as before.
	for (std::string_view word : {"ss", "ssr", "ssrc"}) {
		CAPTURE(word);
		const Rule e = added_with({word, "1234", "rtp"});
		CHECK(e.expect_ssrcs == std::vector<std::uint32_t>{0x1234});
		CHECK(e.outputs[0].ssrc_map.empty());
	}

	const UsageErrors bad{
		{{"ssrc-map", "xyz", "rtp"}, "Error: 'ssrc-map' needs FROM:TO, got 'xyz'\n"},
		{{"ssrc-map", "1:", "rtp"}, "Error: 'ssrc-map' needs FROM:TO, got '1:'\n"},
		{{"ssrc-map", ":1", "rtp"}, "Error: 'ssrc-map' needs FROM:TO, got ':1'\n"},
		{{"ssrc-map", "1:123456789", "rtp"}, "Error: 'ssrc-map' needs FROM:TO, got '1:123456789'\n"},
		{{"ssrc-map", "1:2:3", "rtp"}, "Error: 'ssrc-map' needs FROM:TO, got '1:2:3'\n"},
		{{"ssrc-map"}, "Error: missing value after 'ssrc-map'\n"},
		{{"ssrc-map", "1:2", "ssrc-map", "0x1:3", "rtp"},
		 "Error: output 1: duplicate ssrc-map FROM in '0x1:3'\n"},
		{{"ssrc-map", "1:9", "ssrc-map", "2:9", "ssrc-map", "3:9", "ssrc-map", "4:9", "ssrc-map", "5:9", "rtp"},
		 "Error: output 1: at most 4 'ssrc-map'\n"},
		{{"ssrc-map", "1:2"}, "Error: output 1: 'ssrc-map' needs 'rtp'\n"},
		{{"ssrc-map", "1:2", "rtcp"}, "Error: output 1: 'ssrc-map' needs 'rtp'\n"},
	};
	check_usage_errors(bad);
	// Only in an output.
	check_usage_errors({{{"rtp", "ssrc-map", "1:2"}, "Error: unknown argument 'ssrc-map'\n"}});
}

TEST_CASE("rule add: pt-replace PT:HEX in an output, up to 4, in order; 'p' and 'pt' after an output stay the rule's")
{
	const Rule rule = added_with({"pt-replace", "0:ff", "pt-", "8:D5", "ssrc-map", "1:2", "pt-r", "96:0x0102aabb",
				      "rtp", "pt", "0/8000", "output", "src", "127.0.0.1:1", "dst", "127.0.0.1:2",
				      "pt-replace", "9:000102030405060708090a0b0c0d0e0f"});
	REQUIRE(rule.outputs.size() == 2);
	CHECK(rule.outputs[0].pt_replace ==
	      std::vector<PtReplace>{{0, {0xff}}, {8, {0xd5}}, {96, {0x01, 0x02, 0xaa, 0xbb}}});
	CHECK(rule.outputs[0].ssrc_map == std::vector<SsrcMapping>{{1, 2}});
	REQUIRE(rule.outputs[1].pt_replace.size() == 1);
	CHECK(rule.outputs[1].pt_replace[0].pattern.size() == 16);
	CHECK(rule.payload_types == std::vector<PayloadType>{{0, 8000}});

	// "p" and "pt" end the output and are the rule's payload types, as before.
	for (std::string_view word : {"p", "pt"}) {
		CAPTURE(word);
		const Rule e = added_with({word, "8", "rtp"});
		CHECK(e.payload_types == std::vector<PayloadType>{{8, std::nullopt}});
		CHECK(e.outputs[0].pt_replace.empty());
	}

	const std::string seventeen = "0:" + std::string(34, 'a');
	const UsageErrors bad{
		{{"pt-replace", "ff", "rtp"}, "Error: invalid pt-replace 'ff' (PT:HEX)\n"},
		{{"pt-replace", "128:ff", "rtp"}, "Error: invalid pt-replace '128:ff': payload type '128' (0..127)\n"},
		{{"pt-replace", "x:ff", "rtp"}, "Error: invalid pt-replace 'x:ff': payload type 'x' (0..127)\n"},
		{{"pt-replace", ":ff", "rtp"}, "Error: invalid pt-replace ':ff': payload type '' (0..127)\n"},
		{{"pt-replace", "-1:ff", "rtp"}, "Error: invalid pt-replace '-1:ff': payload type '-1' (0..127)\n"},
		{{"pt-replace", "0:", "rtp"}, "Error: invalid pt-replace '0:': empty pattern\n"},
		{{"pt-replace", "0:0x", "rtp"}, "Error: invalid pt-replace '0:0x': empty pattern\n"},
		{{"pt-replace", "0:fff", "rtp"},
		 "Error: invalid pt-replace '0:fff': pattern 'fff' has an odd number of hex digits\n"},
		{{"pt-replace", "0:fg", "rtp"}, "Error: invalid pt-replace '0:fg': pattern 'fg' is not hex\n"},
		{{"pt-replace", "0:ff:d5", "rtp"}, "Error: invalid pt-replace '0:ff:d5': pattern 'ff:d5' is not hex\n"},
		{{"pt-replace", seventeen, "rtp"},
		 "Error: invalid pt-replace '" + seventeen + "': pattern of 17 bytes (at most 16)\n"},
		{{"pt-replace"}, "Error: missing value after 'pt-replace'\n"},
		{{"pt-replace", "0:ff", "pt-replace", "0:d5", "rtp"},
		 "Error: output 1: duplicate pt-replace PT in '0:d5'\n"},
		{{"pt-replace", "0:ff", "pt-replace", "8:d5", "pt-replace", "9:fa", "pt-replace", "96:00",
		  "pt-replace", "97:00", "rtp"},
		 "Error: output 1: at most 4 'pt-replace'\n"},
		{{"pt-replace", "0:ff"}, "Error: output 1: 'pt-replace' needs 'rtp'\n"},
		{{"pt-replace", "0:ff", "rtcp"}, "Error: output 1: 'pt-replace' needs 'rtp'\n"},
	};
	check_usage_errors(bad);
	// Only in an output.
	check_usage_errors({{{"rtp", "pt-replace", "0:ff"}, "Error: unknown argument 'pt-replace'\n"}});
}

TEST_CASE("-s shows the counters; -s -s adds the reasons and each output's counters")
{
	const auto with_rtp_stats = [](FakeRuleApi &f) {
		f.list = two_rules();
		f.list[0].rtp = true;
		f.list[0].stats = RuleStats{139, 144004, 2, 1, 3, {{8, 139, 144004}},
					    {{0x5eed5eed, 139, 144004, 70000, 4, 12}}};
	};
	const std::vector<std::string_view> get{"rule", "get", "table", "42", "local", "127.0.0.1:30018"};
	auto with = [&](std::vector<std::string_view> options) {
		options.insert(options.end(), get.begin(), get.end());
		return run_with(options, with_rtp_stats);
	};
	auto once = with({"-s"});
	CHECK(once.status == exit_ok);
	CHECK(once.out.find("stats packets 139 bytes 144004 errors 2 ttl-expired 1 too-big 3") !=
	      std::string::npos);
	CHECK(once.out.find("pt 8 packets 139 bytes 144004") != std::string::npos);
	CHECK(once.out.find("ssrc 5eed5eed packets 139 bytes 144004 ext-seq 70000 lost 4 jitter 12") !=
	      std::string::npos);
	auto twice = with({"-s", "-s"});
	CHECK(twice.out.find("\n    errors src-mismatch-dropped 0 not-rtp 0 no-route 0 output-failed 0\n"
			     "    handed-up stun 0 dtls 0 mismatch 0 other 0\n    pt 8") != std::string::npos);
	CHECK(once.out.find("handed-up") == std::string::npos);

	// JSON keys are snake_case like every other JSON key, text words kebab-case.
	auto json = with({"-j", "-s"});
	CHECK(json.out.find(R"("errors":2,"ttl_expired":1,"too_big":3,"payload_types":[)") !=
	      std::string::npos);
	CHECK(with({"-j", "-s", "-s"}).out.find(
		      R"("too_big":3,"errors_by_reason":{"src_mismatch_dropped":0,"not_rtp":0,"no_route":0,)"
		      R"("output_failed":0},"handed_up":{"stun":0,"dtls":0,"mismatch":0,"other":0},)"
		      R"("payload_types":[)") != std::string::npos);
	CHECK(json.out.find("errors_by_reason") == std::string::npos);
}

TEST_CASE("-s shows the SRTP counters when they counted, in text and JSON")
{
	const auto with_srtp = [](FakeRuleApi &f) {
		f.list = two_rules();
		f.list[0].stats = RuleStats{20, 3440, 0};
		f.list[0].stats->srtp_auth_failed = 5;
		f.list[0].stats->srtp_replayed = 1;
		f.list[1].stats = RuleStats{7, 700, 0};
	};
	auto r = run_with({"-s", "rules", "list", "table", "42"}, with_srtp);
	CHECK(r.status == exit_ok);
	CHECK(r.out.find("stats packets 20 bytes 3440 errors 0 srtp-auth-failed 5 srtp-replayed 1") !=
	      std::string::npos);
	// only where they counted: once, not on the other rule
	CHECK(r.out.find("srtp-auth-failed") == r.out.rfind("srtp-auth-failed"));
	auto j = run_with({"-j", "-s", "rules", "list", "table", "42"}, with_srtp);
	CHECK(j.out.find(R"("errors":0,"srtp_auth_failed":5,"srtp_replayed":1)") != std::string::npos);
}

TEST_CASE("a blackhole rule lists as blackhole; -s shows blackholed when it counted")
{
	const auto with_blackhole = [](FakeRuleApi &f) {
		f.list = two_rules();
		f.list[0].outputs.clear();
		f.list[0].blackhole = true;
		f.list[0].stun = true;
		f.list[0].stats = RuleStats{100, 17200, 0};
		f.list[0].stats->blackholed = 98;
		f.list[0].stats->handed_up_stun = 2;
	};
	auto text = run_with({"-s", "rules", "list"}, with_blackhole);
	CHECK(text.status == exit_ok);
	CHECK(text.out == "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore stun blackhole\n"
			  "    stats packets 100 bytes 17200 errors 0 blackholed 98\n"
			  "table 7 local [::1]:5000 mismatch pass output src [::1]:5000 dst [::1]:6000 tos 46\n"
			  "    stats packets 1 bytes 2 errors 3\n");
	auto json = run_with({"-j", "-s", "rules", "list"}, with_blackhole);
	CHECK(json.out.find(R"("mismatch":"ignore","stun":true,"blackhole":true,"outputs":[],)"
			    R"("stats":{"packets":100,"bytes":17200,"errors":0,"blackholed":98}})") !=
	      std::string::npos);
	// Only the blackhole has the flag and the counter.
	CHECK(json.out.substr(json.out.find(R"("table":7)")).find("blackhole") == std::string::npos);
	auto twice = run_with({"-s", "-s", "rule", "get", "table", "42", "local", "127.0.0.1:30018"},
			      with_blackhole);
	CHECK(twice.out.find("blackholed 98\n    errors src-mismatch-dropped 0") != std::string::npos);
	CHECK(twice.out.find("handed-up stun 2") != std::string::npos);
}

TEST_CASE("a hand-up rule lists as hand-up; -s shows handed-up-other when it counted, for it only")
{
	const auto with_hand_up = [](FakeRuleApi &f) {
		f.list = two_rules();
		f.list[0].outputs.clear();
		f.list[0].hand_up = true;
		f.list[0].mismatch = Mismatch::drop;
		f.list[0].stun = true;
		f.list[0].stats = RuleStats{0, 0, 3};
		f.list[0].stats->src_mismatch_dropped = 3;
		f.list[0].stats->handed_up_stun = 2;
		f.list[0].stats->handed_up_other = 40;
		// The other rule counts RTCP in the same counter: not shown by -s.
		f.list[1].stats->handed_up_other = 9;
	};
	auto text = run_with({"-s", "rules", "list"}, with_hand_up);
	CHECK(text.status == exit_ok);
	CHECK(text.out == "table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch drop stun hand-up\n"
			  "    stats packets 0 bytes 0 errors 3 handed-up-other 40\n"
			  "table 7 local [::1]:5000 mismatch pass output src [::1]:5000 dst [::1]:6000 tos 46\n"
			  "    stats packets 1 bytes 2 errors 3\n");
	auto plain = run_with({"rules", "list"}, with_hand_up);
	CHECK(plain.out.starts_with("table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch drop stun hand-up\n"
				    "table 7 "));
	auto json = run_with({"-j", "-s", "rules", "list"}, with_hand_up);
	CHECK(json.out.find(R"("mismatch":"drop","stun":true,"hand_up":true,"outputs":[],)"
			    R"("stats":{"packets":0,"bytes":0,"errors":3,"handed_up_other":40}})") !=
	      std::string::npos);
	CHECK(json.out.find("blackhole") == std::string::npos);
	CHECK(json.out.substr(json.out.find(R"("table":7)")).find("hand") == std::string::npos);
	// -s -s: the counter among the hand-ups too, JSON keys of their own.
	auto twice = run_with({"-s", "-s", "rule", "get", "table", "42", "local", "127.0.0.1:30018"},
			      with_hand_up);
	CHECK(twice.out.find("errors 3 handed-up-other 40\n    errors src-mismatch-dropped 3") !=
	      std::string::npos);
	CHECK(twice.out.find("handed-up stun 2 dtls 0 mismatch 0 other 40") != std::string::npos);
	auto twice_json = run_with({"-j", "-s", "-s", "rule", "get", "table", "42", "local", "127.0.0.1:30018"},
				   with_hand_up);
	CHECK(twice_json.out.find(R"("handed_up_other":40,)") != std::string::npos);
	CHECK(twice_json.out.find(R"("handed_up":{"stun":2,"dtls":0,"mismatch":0,"other":40})") !=
	      std::string::npos);
	// Not counted yet: nothing extra.
	auto quiet = run_with({"-s", "rule", "get", "table", "42", "local", "127.0.0.1:30018"},
			      [&](FakeRuleApi &f) {
				      with_hand_up(f);
				      f.list[0].stats->handed_up_other = 0;
			      });
	CHECK(quiet.out.find("handed-up-other") == std::string::npos);
}

TEST_CASE("rules flush table ID deletes every rule of that table, in one batch")
{
	auto r = run_with({"rules", "flush", "table", "42"}, [](FakeRuleApi &f) {
		f.list = two_rules();
		Rule other = f.list[0];
		other.local = ep("127.0.0.1:30020");
		f.list.push_back(other);
	});
	CHECK(r.status == exit_ok);
	CHECK(r.out.empty());
	CHECK(r.err.empty());
	CHECK(r.calls == std::vector<std::string>{"list 42", "del 42 127.0.0.1:30018",
						  "del 42 127.0.0.1:30020"});
	CHECK(r.batches == std::vector<std::size_t>{2});

	auto empty = run_plain({"rules", "f", "t", "3"});
	CHECK(empty.status == exit_ok);
	CHECK(empty.calls == std::vector<std::string>{"list 3"});

	// A rule deleted meanwhile by someone else is no failure.
	auto gone = run_with({"rules", "flush", "table", "42"}, [](FakeRuleApi &f) {
		f.list = two_rules();
		f.fail = Error::kernel(ENOENT, "rtpfwd: no such rule");
		f.fail_at = 1;
	});
	CHECK(gone.status == exit_ok);
	CHECK(gone.err.empty());

	auto missing = run_with({"rules", "flush", "table", "43"}, [](FakeRuleApi &f) {
		f.fail = Error::kernel(ENOENT, "rtpfwd: no such table");
	});
	CHECK(missing.status == exit_failure);
	CHECK(missing.err == "Error: rtpfwd: no such table\n");

	auto refused = run_with({"rules", "flush", "table", "42"}, [](FakeRuleApi &f) {
		f.list = two_rules();
		f.fail = Error::kernel(EPERM, "");
		f.fail_at = 1;
	});
	CHECK(refused.status == exit_failure);
	CHECK(refused.err == "Error: operation not permitted (CAP_NET_ADMIN is required in the user "
			     "namespace owning the network namespace)\n");

	// Every rule is tried; the first refusal speaks for all of them.
	auto all_refused = run_with({"rules", "flush", "table", "42"}, [](FakeRuleApi &f) {
		f.list = two_rules();
		f.list.push_back(f.list[0]);
		f.list.back().local = ep("127.0.0.1:30020");
		f.fail = Error::kernel(EPERM, "");
		f.fail_from = 1;
	});
	CHECK(all_refused.status == exit_failure);
	CHECK(all_refused.calls == std::vector<std::string>{"list 42", "del 42 127.0.0.1:30018",
							    "del 42 127.0.0.1:30020"});
	CHECK(all_refused.err == "Error: operation not permitted (CAP_NET_ADMIN is required in the "
				 "user namespace owning the network namespace) (2 of 2 deletes "
				 "refused)\n");
	auto dels_refused = run_with({"rules", "flush", "table", "42"}, [](FakeRuleApi &f) {
		f.list = two_rules();
		f.list.push_back(f.list[0]);
		f.list.back().local = ep("127.0.0.1:30020");
		f.lost_from = 1;
	});
	CHECK(dels_refused.status == exit_failure);
	CHECK(dels_refused.calls == std::vector<std::string>{"list 42", "del 42 127.0.0.1:30018"});
	CHECK(dels_refused.err == "Error: acks were lost (1 of 2 deletes refused or without an answer)\n");

	auto no_table = run_plain({"rules", "flush"});
	CHECK(no_table.status == exit_usage);
	CHECK(no_table.err == "Error: missing 'table'\n");
	CHECK_FALSE(no_table.opened);
	CHECK(run_plain({"rules", "flush", "table", "1", "local", "1.2.3.4:5"}).err ==
	      "Error: unknown argument 'local'\n");
}

TEST_CASE("rule add: record ID, the recorded stream the rule records into; 're' is record")
{
	CHECK(added_with({"record", "3"}).recording == 3u);
	CHECK(added_with({"re", "0"}).recording == 0u);
	CHECK(added_with({"reco", "4294967295"}).recording == 4294967295u);
	CHECK_FALSE(added_with({}).recording.has_value());
	// Before the outputs, and with a blackhole too (the kernel takes both).
	std::vector<std::string_view> a{"rule", "replace", "table", "42", "local", "127.0.0.1:30018",
					"record", "5", "blackhole"};
	auto r = run_plain(a);
	REQUIRE(r.added.size() == 1);
	CHECK(r.added[0].first.recording == 5u);
	CHECK(r.added[0].second == RuleMode::replace);
	// "r" stays rtp.
	CHECK(added_with({"r"}).rtp);

	check_usage_errors({
		{{"record"}, "Error: missing value after 'record'\n"},
		{{"record", "x"}, "Error: invalid record 'x' (a recorded stream's id, 0..4294967295)\n"},
		{{"record", "-1"}, "Error: invalid record '-1' (a recorded stream's id, 0..4294967295)\n"},
		{{"record", "4294967296"},
		 "Error: invalid record '4294967296' (a recorded stream's id, 0..4294967295)\n"},
		{{"record", "0x1"}, "Error: invalid record '0x1' (a recorded stream's id, 0..4294967295)\n"},
		{{"record", "1", "record", "2"}, "Error: duplicate 'record'\n"},
	});
	// Only where a rule is written.
	check_usage_errors({{{"record", "1"}, "Error: unknown argument 'record'\n"}},
			   {"rule", "del", "table", "42", "local", "127.0.0.1:30018"});
	check_usage_errors({{{"record", "1"}, "Error: unknown argument 'record'\n"}}, {"rules", "list"});
}
