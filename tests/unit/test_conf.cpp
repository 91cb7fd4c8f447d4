// SPDX-License-Identifier: LGPL-2.1-or-later
// showconf / syncconf without a kernel: the file written and read back, the
// plan between a file and a kernel state, its text, the command words.
#include "cli.hpp"
#include "cmd_conf.hpp"
#include "conf.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

Rule rule(std::uint32_t table, std::string_view local, std::string_view dst)
{
	Rule r;
	r.table = table;
	r.local = *parse_endpoint(local);
	r.outputs.push_back({*parse_endpoint("10.0.0.1:2000"), *parse_endpoint(dst), std::nullopt});
	return r;
}

nft::Rule nft_rule(std::vector<std::string_view> words, std::uint64_t handle = 0)
{
	auto r = nft::parse_rule(words);
	REQUIRE(r.ok());
	if (handle)
		r->handle = handle;
	return *r;
}

Result<Conf> parse(const std::string &text)
{
	std::istringstream in(text);
	return parse_conf(in, "conf");
}

std::string error_of(const std::string &text)
{
	auto r = parse(text);
	REQUIRE_FALSE(r.ok());
	return r.error().text();
}

std::string plan_text(const Plan &plan)
{
	std::ostringstream out;
	print_plan(out, plan);
	return out.str();
}

// `have_rule` (table 42, local 10.0.0.1:1000, an RTP rule with one output
// whose last words are what the test is about) is written by showconf as
// `line` and read back the same, so syncconf changes nothing; each of
// `others`, the output's last words written otherwise, is a replace, both
// ways.
void check_output_words_sync(Rule have_rule, const std::string &line,
			     std::initializer_list<const char *> others)
{
	Conf have;
	have.tables = {42};
	have_rule.stats = RuleStats{10, 1720, 0};
	have.rules = {have_rule};
	std::ostringstream out;
	write_conf(out, have);
	CHECK(out.str().ends_with("table ensure 42\n" + line));
	auto want = parse(out.str());
	REQUIRE(want.ok());
	REQUIRE(want->rules.size() == 1);
	CHECK(want->rules[0].outputs == have_rule.outputs);
	CHECK(plan_sync(*want, have).empty());
	for (const char *words : others) {
		CAPTURE(words);
		auto other = parse("rule replace table 42 local 10.0.0.1:1000 rtp output src 10.0.0.1:2000 dst "
				   "10.0.0.2:6000 " + std::string(words) + "\n");
		REQUIRE(other.ok());
		const Plan plan = plan_sync(*other, have);
		CHECK(plan.replace_rules.size() == 1);
		CHECK(plan.add_rules.empty());
		// And back: the file's words replace the kernel's.
		CHECK(plan_text(plan_sync(*want, *other)) == line);
	}
}

// The kernel as two tables, three rules and two nft rules.
Conf kernel_state()
{
	Conf have;
	have.tables = {42, 43};
	Rule rtp = rule(42, "10.0.0.1:1000", "10.0.0.2:6000");
	rtp.rtp = true;
	rtp.payload_types = {{0, 8000}, {8, std::nullopt}};
	rtp.expect = *parse_endpoint("10.0.0.9:5000");
	rtp.mismatch = Mismatch::drop;
	rtp.outputs[0].tos = 184;
	rtp.stats = RuleStats{139, 144004, 0};
	have.rules = {rtp, rule(42, "[fd00::1]:1010", "[fd00::2]:2010"),
		      rule(43, "10.0.0.1:1030", "10.0.0.3:6000")};
	have.rules[1].outputs[0].src = *parse_endpoint("[fd00::1]:1012");
	have.nft_rules = {nft_rule({"inet", "filter", "input", "udp", "dport", "30000-40000",
				    "counter", "rtpengine", "id", "42"},
				   7),
			  nft_rule({"ip", "filter", "input", "rtpengine", "id", "43"}, 8)};
	return have;
}

} // namespace

TEST_CASE("showconf's file read back is the same state, and syncconf of it changes nothing")
{
	const Conf have = kernel_state();
	std::ostringstream out;
	write_conf(out, have);
	CHECK(out.str() ==
	      "# rtpnl showconf: make it so with 'rtpnl syncconf FILE'\n"
	      "table ensure 42\n"
	      "rule replace table 42 local 10.0.0.1:1000 expect 10.0.0.9:5000 mismatch drop rtp "
	      "pt 0/8000 pt 8 output src 10.0.0.1:2000 dst 10.0.0.2:6000 tos 184\n"
	      "rule replace table 42 local [fd00::1]:1010 mismatch ignore output src "
	      "[fd00::1]:1012 dst [fd00::2]:2010\n"
	      "nft add rule inet filter input udp dport 30000-40000 counter rtpengine id 42\n"
	      "table ensure 43\n"
	      "rule replace table 43 local 10.0.0.1:1030 mismatch ignore output src "
	      "10.0.0.1:2000 dst 10.0.0.3:6000\n"
	      "nft add rule ip filter input rtpengine id 43\n");
	auto want = parse(out.str());
	REQUIRE(want.ok());
	CHECK(want->tables == have.tables);
	REQUIRE(want->rules.size() == 3);
	for (std::size_t i = 0; i < 3; ++i)
		CHECK(same_rule(want->rules[i], have.rules[i]));
	CHECK(want->nft_rules.size() == 2);
	const Plan plan = plan_sync(*want, have);
	CHECK(plan.empty());
	CHECK(plan_text(plan).empty());
}

TEST_CASE("syncconf plan: a changed output is replaced, an extra rule deleted, a table created")
{
	const Conf have = kernel_state();
	auto want = parse("table ensure 42\n"
			  "rule replace table 42 local 10.0.0.1:1000 expect 10.0.0.9:5000 mismatch "
			  "drop rtp pt 0/8000 pt 8 output src 10.0.0.1:2000 dst 10.0.0.2:6002 tos 184\n"
			  "# the IPv6 rule is gone; table 43 is not named, so it stays\n"
			  "rule add table 44 local 10.0.0.1:1040 output src 10.0.0.1:2000 dst "
			  "10.0.0.4:6000\n"
			  "nft add rule inet filter input udp dport 30000-40000 counter rtpengine id 42\n");
	REQUIRE(want.ok());
	CHECK(want->tables == std::vector<std::uint32_t>{42, 44});
	const Plan plan = plan_sync(*want, have);
	CHECK(plan.add_tables == std::vector<std::uint32_t>{44});
	REQUIRE(plan.add_rules.size() == 1);
	CHECK(plan.add_rules[0].table == 44);
	REQUIRE(plan.replace_rules.size() == 1);
	CHECK(format_endpoint(plan.replace_rules[0].outputs[0].dst) == "10.0.0.2:6002");
	REQUIRE(plan.delete_rules.size() == 1);
	CHECK(format_endpoint(plan.delete_rules[0].local) == "[fd00::1]:1010");
	CHECK(plan.delete_nft_rules.empty());
	CHECK(plan.add_nft_rules.empty());
	CHECK(plan_text(plan) ==
	      "table add 44\n"
	      "rule add table 44 local 10.0.0.1:1040 mismatch ignore output src 10.0.0.1:2000 dst "
	      "10.0.0.4:6000\n"
	      "rule replace table 42 local 10.0.0.1:1000 expect 10.0.0.9:5000 mismatch drop rtp pt "
	      "0/8000 pt 8 output src 10.0.0.1:2000 dst 10.0.0.2:6002 tos 184\n"
	      "rule del table 42 local [fd00::1]:1010\n");
	CHECK(plan_summary(plan) ==
	      "tables 1 added, rules 1 added 1 replaced 1 deleted, nft rules 0 added 0 deleted");
}

TEST_CASE("syncconf plan: nft rules matched by their words, not their handle or place")
{
	Conf have = kernel_state();
	// Not rtpnl's to manage: a rule with an expression rtpnl cannot write.
	nft::Rule foreign = nft_rule({"inet", "filter", "input", "rtpengine", "id", "42"}, 9);
	foreign.items.insert(foreign.items.begin(), nft::Unknown{"limit"});
	have.nft_rules.push_back(foreign);
	auto want = parse("table ensure 42\n"
			  "table ensure 43\n"
			  "nft add rule inet filter input udp dport 30000-40000 counter rtpengine id 42\n"
			  "nft insert rule inet filter input udp dport 5000 rtpengine id 43\n"
			  "nft add rule inet filter input udp dport 5000 rtpengine id 43\n");
	REQUIRE(want.ok());
	const Plan plan = plan_sync(*want, have);
	CHECK(plan.delete_rules.size() == 3); // the file names the tables, not their rules
	REQUIRE(plan.delete_nft_rules.size() == 1);
	CHECK(plan.delete_nft_rules[0].handle == 8u);
	CHECK(plan.add_nft_rules.size() == 2); // the same rule twice: twice
	CHECK(plan_text(plan).find("nft add rule inet filter input udp dport 5000 rtpengine id 43\n"
				   "nft add rule inet filter input udp dport 5000 rtpengine id 43\n"
				   "nft delete rule ip filter input handle 8\n") != std::string::npos);

	std::ostringstream out;
	write_conf(out, have);
	CHECK(out.str().find("# not managed, holds expressions rtpnl cannot write: inet filter "
			     "input [limit] rtpengine id 42\n") != std::string::npos);
}

TEST_CASE("an nft rule names its table: syncconf of it alone is idempotent")
{
	const Conf have = kernel_state();
	auto want = parse("nft add rule ip filter input rtpengine id 43\n");
	REQUIRE(want.ok());
	CHECK(want->tables == std::vector<std::uint32_t>{43});
	const Plan plan = plan_sync(*want, have);
	CHECK(plan.add_nft_rules.empty());
	CHECK(plan.delete_nft_rules.empty());
	CHECK(plan.delete_rules.size() == 1); // table 43's rule, not in the file
}

TEST_CASE("showconf / syncconf: a blackhole rule round-trips; turning it into a forwarding one is a replace")
{
	Conf have;
	have.tables = {42};
	Rule blackhole;
	blackhole.table = 42;
	blackhole.local = *parse_endpoint("10.0.0.1:1000");
	blackhole.expect = *parse_endpoint("10.0.0.9:5000");
	blackhole.stun = true;
	blackhole.blackhole = true;
	blackhole.stats = RuleStats{10, 1720, 0};
	blackhole.stats->blackholed = 10;
	have.rules = {blackhole};
	std::ostringstream out;
	write_conf(out, have);
	const std::string line =
		"rule replace table 42 local 10.0.0.1:1000 expect 10.0.0.9:5000 mismatch ignore stun blackhole\n";
	CHECK(out.str().ends_with("table ensure 42\n" + line));
	auto want = parse(out.str());
	REQUIRE(want.ok());
	REQUIRE(want->rules.size() == 1);
	CHECK(want->rules[0].blackhole);
	CHECK(same_rule(want->rules[0], blackhole));
	CHECK(plan_sync(*want, have).empty());

	// The same key, forwarding now: replaced, in the words of the file.
	auto forward = parse("rule replace table 42 local 10.0.0.1:1000 expect 10.0.0.9:5000 stun "
			     "output src 10.0.0.1:2000 dst 10.0.0.2:6000\n");
	REQUIRE(forward.ok());
	const Plan plan = plan_sync(*forward, have);
	REQUIRE(plan.replace_rules.size() == 1);
	CHECK_FALSE(plan.replace_rules[0].blackhole);
	// And back: the file's blackhole replaces the kernel's forwarding rule.
	const Plan back = plan_sync(*want, *forward);
	CHECK(plan_text(back) == line);
	// A file line with both is refused like the command line.
	CHECK(error_of("rule replace table 42 local 10.0.0.1:1000 blackhole output src 10.0.0.1:2000 dst "
		       "10.0.0.2:6000\n") == "conf:1: 'blackhole' conflicts with 'output'");
}

TEST_CASE("showconf / syncconf: a hand-up rule round-trips; a blackhole of the same key is a replace")
{
	Conf have;
	have.tables = {42};
	Rule hand_up;
	hand_up.table = 42;
	hand_up.local = *parse_endpoint("10.0.0.1:1001");
	hand_up.expect = *parse_endpoint("10.0.0.9:5001");
	hand_up.mismatch = Mismatch::drop;
	hand_up.stun = true;
	hand_up.hand_up = true;
	hand_up.stats = RuleStats{0, 0, 3};
	hand_up.stats->handed_up_other = 12;
	have.rules = {hand_up};
	std::ostringstream out;
	write_conf(out, have);
	const std::string line =
		"rule replace table 42 local 10.0.0.1:1001 expect 10.0.0.9:5001 mismatch drop stun hand-up\n";
	CHECK(out.str().ends_with("table ensure 42\n" + line));
	auto want = parse(out.str());
	REQUIRE(want.ok());
	REQUIRE(want->rules.size() == 1);
	CHECK(want->rules[0].hand_up);
	CHECK(same_rule(want->rules[0], hand_up));
	CHECK(plan_sync(*want, have).empty());

	// The same key, a blackhole now: replaced, and back.
	auto hole = parse("rule replace table 42 local 10.0.0.1:1001 expect 10.0.0.9:5001 mismatch drop "
			  "stun blackhole\n");
	REQUIRE(hole.ok());
	const Plan plan = plan_sync(*hole, have);
	REQUIRE(plan.replace_rules.size() == 1);
	CHECK(plan.replace_rules[0].blackhole);
	CHECK_FALSE(plan.replace_rules[0].hand_up);
	CHECK(plan_text(plan_sync(*want, *hole)) == line);
	// A file line with both, or with an output, is refused like the command line.
	CHECK(error_of("rule replace table 42 local 10.0.0.1:1001 hand-up blackhole\n") ==
	      "conf:1: 'blackhole' conflicts with 'hand-up'");
	CHECK(error_of("rule replace table 42 local 10.0.0.1:1001 hand-up output src 10.0.0.1:2000 dst "
		       "10.0.0.2:6000\n") == "conf:1: 'hand-up' conflicts with 'output'");
}

TEST_CASE("showconf / syncconf: an output's SSRC map round-trips; a different map is a replace")
{
	Rule mapped = rule(42, "10.0.0.1:1000", "10.0.0.2:6000");
	mapped.rtp = true;
	mapped.outputs[0].ssrc_map = {{0x5eed5eed, 0xabcd0001}, {0x1, 0x2}};
	// Another TO, another order, one less, none: each a replace.
	check_output_words_sync(mapped,
				"rule replace table 42 local 10.0.0.1:1000 mismatch ignore rtp output src "
				"10.0.0.1:2000 dst 10.0.0.2:6000 ssrc-map 5eed5eed:abcd0001 ssrc-map "
				"00000001:00000002\n",
				{"ssrc-map 5eed5eed:abcd0002 ssrc-map 1:2", "ssrc-map 1:2 ssrc-map 5eed5eed:abcd0001",
				 "ssrc-map 5eed5eed:abcd0001", ""});
	CHECK(error_of("rule replace table 42 local 10.0.0.1:1000 output src 10.0.0.1:2000 dst 10.0.0.2:6000 "
		       "ssrc-map 1:2\n") == "conf:1: output 1: 'ssrc-map' needs 'rtp'");
}

TEST_CASE("showconf / syncconf: an output's payload replacements round-trip; different ones are a replace")
{
	Rule silenced = rule(42, "10.0.0.1:1000", "10.0.0.2:6000");
	silenced.rtp = true;
	silenced.outputs[0].pt_replace = {{0, {0xff}}, {96, {0x01, 0x02, 0xaa, 0xbb}}};
	// Another pattern, another order, one less, none: each a replace.
	check_output_words_sync(silenced,
				"rule replace table 42 local 10.0.0.1:1000 mismatch ignore rtp output src "
				"10.0.0.1:2000 dst 10.0.0.2:6000 pt-replace 0:ff pt-replace 96:0102aabb\n",
				{"pt-replace 0:d5 pt-replace 96:0102aabb", "pt-replace 96:0102aabb pt-replace 0:ff",
				 "pt-replace 0:ff", ""});
	CHECK(error_of("rule replace table 42 local 10.0.0.1:1000 output src 10.0.0.1:2000 dst 10.0.0.2:6000 "
		       "pt-replace 0:ff\n") == "conf:1: output 1: 'pt-replace' needs 'rtp'");
	CHECK(error_of("rule replace table 42 local 10.0.0.1:1000 rtp output src 10.0.0.1:2000 dst 10.0.0.2:6000 "
		       "pt-replace 0:f\n") == "conf:1: invalid pt-replace '0:f': pattern 'f' has an odd number of hex digits");
}

TEST_CASE("same_rule: statistics, tos 0 and an empty SSRC list do not count")
{
	Rule a = rule(1, "10.0.0.1:1000", "10.0.0.2:6000");
	Rule b = a;
	b.outputs[0].tos = 0;
	b.stats = RuleStats{1, 2, 3};
	b.expect_ssrcs.emplace();
	CHECK(same_rule(a, b));
	b.outputs[0].tos = 1;
	CHECK_FALSE(same_rule(a, b));
	b = a;
	b.mismatch = Mismatch::pass;
	CHECK_FALSE(same_rule(a, b));
}

TEST_CASE("a bad config file: one error naming the file, the line and the word")
{
	CHECK(error_of("table ensure 42\n\nrule replace table 42 local 10.0.0.1:1 outptu src "
		       "10.0.0.1:2 dst 10.0.0.2:3\n") == "conf:3: unknown argument 'outptu'");
	CHECK(error_of("table ensure 64\n") == "conf:1: table id 64 out of range (0..63)");
	CHECK(error_of("rule del table 1 local 10.0.0.1:1\n") ==
	      "conf:1: only table ensure, rule replace and nft add rule lines belong in a config file");
	CHECK(error_of("table list\n") ==
	      "conf:1: only table ensure, rule replace and nft add rule lines belong in a config file");
	CHECK(error_of("monitor\n") == "conf:1: unknown object 'monitor' (a config file has table "
				       "ensure, rule replace and nft add rule lines)");
	CHECK(error_of("rule replace table 1 local 10.0.0.1:1 output src 10.0.0.1:2 dst 10.0.0.2:3\n"
		       "rule add table 1 local 10.0.0.1:1 output src 10.0.0.1:2 dst 10.0.0.2:4\n") ==
	      "conf:2: a second rule for table 1 local 10.0.0.1:1 (first on line 1)");
	CHECK(error_of("nft add rule inet t c index 2 rtpengine id 1\n") ==
	      "conf:1: 'index' has no meaning here: syncconf appends the nft rules it adds");
	CHECK(error_of("table ensure \"42\n") == "conf:1: unterminated \" quote");
	CHECK(error_of("nft add rule inet t c udp dport 5000\n").starts_with("conf:1: "));
}

TEST_CASE("an empty config file names no table and changes nothing")
{
	auto want = parse("# nothing\n\n");
	REQUIRE(want.ok());
	CHECK(plan_sync(*want, kernel_state()).empty());
}

TEST_CASE("showconf and syncconf words")
{
	using Words = std::vector<std::string_view>;
	auto all = parse_showconf_command(Words{});
	REQUIRE(all.ok());
	CHECK_FALSE(all->table);
	auto one = parse_showconf_command(Words{"t", "42"});
	REQUIRE(one.ok());
	CHECK(one->table == 42u);
	CHECK(parse_showconf_command(Words{"table"}).error().text() == "missing value after 'table'");
	CHECK(parse_showconf_command(Words{"x"}).error().text() == "unknown argument 'x'");

	auto file = parse_syncconf_command(Words{"rtpfwd.conf"});
	REQUIRE(file.ok());
	CHECK(*file == SyncconfCommand{false, false, "rtpfwd.conf"});
	auto dry = parse_syncconf_command(Words{"dry-run", "-"});
	REQUIRE(dry.ok());
	CHECK(*dry == SyncconfCommand{false, true, "-"});
	CHECK(parse_syncconf_command(Words{}).error().text() ==
	      "missing FILE (\"-\" for the standard input)");
	CHECK(parse_syncconf_command(Words{"dry-run"}).error().text() ==
	      "missing FILE (\"-\" for the standard input)");
	CHECK(parse_syncconf_command(Words{"a", "b"}).error().text() == "unknown argument 'b'");
	CHECK(parse_syncconf_command(Words{"help"})->help);
}

TEST_CASE("syncconf of a bad file: one error line, exit 255, the kernel never asked")
{
	std::istringstream in("table ensure 42\nrule replace table 42 local 10.0.0.1:1 output src "
			      "10.0.0.1:2 dst 10.0.0.2:3\nrule replace table 42 local 10.0.0.1:4 "
			      "output src 10.0.0.1:5 dst 10.0.0.2:6 tos 256\n");
	std::ostringstream out, err;
	bool opened = false;
	const std::vector<std::string_view> args{"-s", "syncconf", "-"};
	const int status = run(
		args, in, out, err,
		[&]() -> Result<std::unique_ptr<TableApi>> {
			opened = true;
			return Error::local(EPERM, "no kernel here");
		},
		[&]() -> Result<std::unique_ptr<RuleApi>> {
			opened = true;
			return Error::local(EPERM, "no kernel here");
		});
	CHECK(status == exit_usage);
	CHECK(out.str().empty());
	CHECK(err.str() == "Error: -:3: invalid tos '256' (0..255)\n");
	CHECK_FALSE(opened);
}

TEST_CASE("plan_sync of a table of 100,000 rules: one replace and one delete found")
{
	Conf have;
	have.tables = {7};
	for (std::uint32_t i = 0; i < 100000; ++i) {
		Rule r;
		r.table = 7;
		r.local = Endpoint::v4({10, static_cast<std::uint8_t>(i >> 16),
					static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)},
				       5000);
		r.outputs.push_back({*parse_endpoint("10.0.0.1:2000"), *parse_endpoint("10.0.0.2:3000"),
				     std::nullopt});
		have.rules.push_back(std::move(r));
	}
	Conf want = have;
	want.rules.pop_back();
	want.rules[123].outputs[0].tos = 46;
	const Plan plan = plan_sync(want, have);
	CHECK(plan.add_rules.empty());
	REQUIRE(plan.replace_rules.size() == 1);
	CHECK(plan.replace_rules[0].local == have.rules[123].local);
	REQUIRE(plan.delete_rules.size() == 1);
	CHECK(plan.delete_rules[0].local == have.rules.back().local);
}

TEST_CASE("showconf / syncconf: a rule's recording is not configuration: not shown, kept by a replace, refused in a file")
{
	Conf have;
	have.tables = {42};
	Rule recorded = rule(42, "10.0.0.1:1000", "10.0.0.2:6000");
	recorded.recording = 3;
	have.rules = {recorded};
	std::ostringstream out;
	write_conf(out, have);
	const std::string line = "rule replace table 42 local 10.0.0.1:1000 mismatch ignore output src 10.0.0.1:2000 "
				 "dst 10.0.0.2:6000\n";
	CHECK(out.str().ends_with("table ensure 42\n" + line));
	// Read back: the same rule as far as syncconf cares, nothing to do.
	auto want = parse(out.str());
	REQUIRE(want.ok());
	CHECK(plan_sync(*want, have).empty());
	CHECK(same_rule(recorded, rule(42, "10.0.0.1:1000", "10.0.0.2:6000")));

	// A changed rule is replaced recording on; the dry run says so.
	auto changed = parse("rule replace table 42 local 10.0.0.1:1000 output src 10.0.0.1:2000 dst 10.0.0.2:6001\n");
	REQUIRE(changed.ok());
	const Plan plan = plan_sync(*changed, have);
	REQUIRE(plan.replace_rules.size() == 1);
	CHECK(plan.replace_rules[0].recording == 3u);
	CHECK(plan_text(plan) == "rule replace table 42 local 10.0.0.1:1000 mismatch ignore record 3 output src "
				 "10.0.0.1:2000 dst 10.0.0.2:6001\n");
	// A new rule records into nothing.
	auto added = parse("rule replace table 42 local 10.0.0.1:1001 output src 10.0.0.1:2000 dst 10.0.0.2:6001\n");
	REQUIRE(added.ok());
	REQUIRE(plan_sync(*added, have).add_rules.size() == 1);
	CHECK_FALSE(plan_sync(*added, have).add_rules[0].recording.has_value());

	CHECK(error_of("table ensure 42\nrule replace table 42 local 10.0.0.1:1000 record 3 output src 10.0.0.1:2000 "
		       "dst 10.0.0.2:6000\n") ==
	      "conf:2: 'record' does not belong in a config file: recorded streams are the running "
	      "kernel's (syncconf keeps a rule's)");
}
