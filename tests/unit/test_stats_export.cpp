// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl stats prometheus: per table sums, the text format with HELP, TYPE
// and labels, the words, and the atomic file write.
#include "fake_rule_api.hpp"
#include "fake_table_api.hpp"

#include "cli.hpp"
#include "cmd_stats.hpp"
#include "exit_status.hpp"
#include "stats_export.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;

namespace {

Rule counted(std::uint32_t table, std::string_view local, RuleStats stats)
{
	Rule r;
	r.table = table;
	r.local = *parse_endpoint(local);
	r.stats = stats;
	return r;
}

std::string slurp(const std::string &path)
{
	std::ifstream in(path);
	std::ostringstream text;
	text << in.rdbuf();
	return text.str();
}

} // namespace

TEST_CASE("table_totals sums each table's rules, and lists tables without rules")
{
	const std::vector<Table> tables{{42, 2u, 0u, 0u}, {7, 0u, 0u, 0u}};
	const std::vector<Rule> rules{counted(42, "10.0.0.1:1000", {10, 1000, 2, 1, 3}),
				      counted(42, "10.0.0.1:1002", {5, 500, 1, 0, 0}),
				      counted(43, "10.0.0.1:1004", {1, 100, 0, 0, 0})};
	const auto totals = table_totals(tables, rules);
	REQUIRE(totals.size() == 3);
	CHECK(totals[0] == TableTotals{7, 0, 0, 0, 0, 0, 0});
	CHECK(totals[1] == TableTotals{42, 2, 15, 1500, 3, 1, 3});
	CHECK(totals[2] == TableTotals{43, 1, 1, 100, 0, 0, 0});
}

TEST_CASE("table_totals sums the reasons too, each under its own name")
{
	RuleStats a{0, 0, 5};
	a.src_mismatch_dropped = 1;
	a.no_route = 4;
	a.handed_up_dtls = 2;
	RuleStats b{0, 0, 2};
	b.not_rtp = 2;
	b.handed_up_dtls = 1;
	b.handed_up_other = 7;
	a.srtp_auth_failed = 3;
	b.srtp_replayed = 2;
	a.blackholed = 9;
	b.blackholed = 1;
	const std::vector<Rule> rules{counted(42, "10.0.0.1:1000", a), counted(42, "10.0.0.1:1002", b)};
	const auto totals = table_totals({}, rules);
	REQUIRE(totals.size() == 1);
	CHECK(totals[0].error_reasons == std::array<std::uint64_t, 4>{1, 2, 4, 0});
	CHECK(totals[0].handed_up == std::array<std::uint64_t, 4>{0, 3, 0, 7});
	CHECK(totals[0].srtp_auth_failed == 3);
	CHECK(totals[0].srtp_replayed == 2);
	CHECK(totals[0].blackholed == 10);
	std::ostringstream out;
	write_prometheus(out, totals, "");
	CHECK(out.str().find("rtpfwd_errors_by_reason_total{table=\"42\",reason=\"no_route\"} 4\n") !=
	      std::string::npos);
	CHECK(out.str().find("rtpfwd_handed_up_total{table=\"42\",reason=\"other\"} 7\n") != std::string::npos);
	CHECK(out.str().find("rtpfwd_errors_total{table=\"42\"} 7\n") != std::string::npos);
}

TEST_CASE("write_prometheus: HELP and TYPE once per metric, a sample per table")
{
	const std::vector<TableTotals> totals{{7, 0, 0, 0, 0, 0, 0},
					      {42, 2, 15, 1500, 3, 1, 3, {1, 2, 3, 4}, {10, 20, 30, 40}, 5, 6, 8}};
	std::ostringstream out;
	write_prometheus(out, totals, "");
	CHECK(out.str() ==
	      "# HELP rtpfwd_rules Rules in the rtpfwd table.\n"
	      "# TYPE rtpfwd_rules gauge\n"
	      "rtpfwd_rules{table=\"7\"} 0\n"
	      "rtpfwd_rules{table=\"42\"} 2\n"
	      "# HELP rtpfwd_packets_total Packets forwarded by the table's rules.\n"
	      "# TYPE rtpfwd_packets_total counter\n"
	      "rtpfwd_packets_total{table=\"7\"} 0\n"
	      "rtpfwd_packets_total{table=\"42\"} 15\n"
	      "# HELP rtpfwd_bytes_total UDP payload bytes forwarded by the table's rules.\n"
	      "# TYPE rtpfwd_bytes_total counter\n"
	      "rtpfwd_bytes_total{table=\"7\"} 0\n"
	      "rtpfwd_bytes_total{table=\"42\"} 1500\n"
	      "# HELP rtpfwd_errors_total Packets the table's rules did not forward: dropped or "
	      "handed up (includes ttl_expired).\n"
	      "# TYPE rtpfwd_errors_total counter\n"
	      "rtpfwd_errors_total{table=\"7\"} 0\n"
	      "rtpfwd_errors_total{table=\"42\"} 3\n"
	      "# HELP rtpfwd_ttl_expired_total Packets dropped because their TTL or hop limit ran "
	      "out (a forwarding loop).\n"
	      "# TYPE rtpfwd_ttl_expired_total counter\n"
	      "rtpfwd_ttl_expired_total{table=\"7\"} 0\n"
	      "rtpfwd_ttl_expired_total{table=\"42\"} 1\n"
	      "# HELP rtpfwd_too_big_total Packets handed to the local socket because they exceed "
	      "an output's path MTU.\n"
	      "# TYPE rtpfwd_too_big_total counter\n"
	      "rtpfwd_too_big_total{table=\"7\"} 0\n"
	      "rtpfwd_too_big_total{table=\"42\"} 3\n"
	      "# HELP rtpfwd_srtp_auth_failed_total SRTP packets handed to the local socket "
	      "untouched: authentication tag or MKI wrong.\n"
	      "# TYPE rtpfwd_srtp_auth_failed_total counter\n"
	      "rtpfwd_srtp_auth_failed_total{table=\"7\"} 0\n"
	      "rtpfwd_srtp_auth_failed_total{table=\"42\"} 5\n"
	      "# HELP rtpfwd_srtp_replayed_total SRTP packets dropped as replays (seen already, or "
	      "older than the replay window).\n"
	      "# TYPE rtpfwd_srtp_replayed_total counter\n"
	      "rtpfwd_srtp_replayed_total{table=\"7\"} 0\n"
	      "rtpfwd_srtp_replayed_total{table=\"42\"} 6\n"
	      "# HELP rtpfwd_blackholed_total Packets dropped by the table's blackhole rules, as "
	      "they are meant to (not errors).\n"
	      "# TYPE rtpfwd_blackholed_total counter\n"
	      "rtpfwd_blackholed_total{table=\"7\"} 0\n"
	      "rtpfwd_blackholed_total{table=\"42\"} 8\n"
	      "# HELP rtpfwd_errors_by_reason_total Errors of the table's rules by reason (no_route "
	      "and output_failed count outputs, the others packets; errors of other reasons are in "
	      "rtpfwd_errors_total only).\n"
	      "# TYPE rtpfwd_errors_by_reason_total counter\n"
	      "rtpfwd_errors_by_reason_total{table=\"7\",reason=\"src_mismatch_dropped\"} 0\n"
	      "rtpfwd_errors_by_reason_total{table=\"7\",reason=\"not_rtp\"} 0\n"
	      "rtpfwd_errors_by_reason_total{table=\"7\",reason=\"no_route\"} 0\n"
	      "rtpfwd_errors_by_reason_total{table=\"7\",reason=\"output_failed\"} 0\n"
	      "rtpfwd_errors_by_reason_total{table=\"42\",reason=\"src_mismatch_dropped\"} 1\n"
	      "rtpfwd_errors_by_reason_total{table=\"42\",reason=\"not_rtp\"} 2\n"
	      "rtpfwd_errors_by_reason_total{table=\"42\",reason=\"no_route\"} 3\n"
	      "rtpfwd_errors_by_reason_total{table=\"42\",reason=\"output_failed\"} 4\n"
	      "# HELP rtpfwd_handed_up_total Packets the table's rules handed to the local socket, "
	      "not as errors, by reason.\n"
	      "# TYPE rtpfwd_handed_up_total counter\n"
	      "rtpfwd_handed_up_total{table=\"7\",reason=\"stun\"} 0\n"
	      "rtpfwd_handed_up_total{table=\"7\",reason=\"dtls\"} 0\n"
	      "rtpfwd_handed_up_total{table=\"7\",reason=\"mismatch\"} 0\n"
	      "rtpfwd_handed_up_total{table=\"7\",reason=\"other\"} 0\n"
	      "rtpfwd_handed_up_total{table=\"42\",reason=\"stun\"} 10\n"
	      "rtpfwd_handed_up_total{table=\"42\",reason=\"dtls\"} 20\n"
	      "rtpfwd_handed_up_total{table=\"42\",reason=\"mismatch\"} 30\n"
	      "rtpfwd_handed_up_total{table=\"42\",reason=\"other\"} 40\n");
}

TEST_CASE("write_prometheus: the netns label, escaped; no tables, only HELP and TYPE")
{
	const std::vector<TableTotals> one{{1, 1, 2, 3, 0, 0, 0}};
	std::ostringstream out;
	write_prometheus(out, one, "pod\"a\\b\nc");
	CHECK(out.str().find("rtpfwd_bytes_total{table=\"1\",netns=\"pod\\\"a\\\\b\\nc\"} 3\n") !=
	      std::string::npos);
	std::ostringstream none;
	write_prometheus(none, {}, "blue");
	CHECK(none.str().find("{") == std::string::npos);
	CHECK(none.str().starts_with("# HELP rtpfwd_rules "));
}

TEST_CASE("stats prometheus words")
{
	using Words = std::vector<std::string_view>;
	auto all = parse_stats_command(Words{"prometheus"});
	REQUIRE(all.ok());
	CHECK(all->prometheus);
	CHECK_FALSE(all->only_table);
	CHECK(all->file.empty());
	auto both = parse_stats_command(Words{"p", "f", "/run/x.prom", "t", "42"});
	REQUIRE(both.ok());
	CHECK(both->only_table == 42u);
	CHECK(both->file == "/run/x.prom");
	CHECK(parse_stats_command(Words{"prometheus", "table"}).error().text() ==
	      "missing value after 'table'");
	CHECK(parse_stats_command(Words{"prometheus", "table", "1", "table", "2"}).error().text() ==
	      "duplicate 'table'");
	CHECK(parse_stats_command(Words{"prometheus", "local", "1.2.3.4:5"}).error().text() ==
	      "unknown argument 'local'");
	CHECK(parse_stats_command(Words{"prometheus", "file", ""}).error().text() == "empty file name");
}

TEST_CASE("write_file_atomically replaces the file whole and leaves no temporary behind")
{
	char dir_template[] = "/tmp/rtpnl-prom-XXXXXX";
	REQUIRE(::mkdtemp(dir_template) != nullptr);
	const std::filesystem::path dir = dir_template;
	const std::string path = (dir / "rtpfwd.prom").string();
	REQUIRE(write_file_atomically(path, "old\n").ok());
	REQUIRE(write_file_atomically(path, "new\n").ok());
	CHECK(slurp(path) == "new\n");
	CHECK((std::filesystem::status(path).permissions() & std::filesystem::perms::all) ==
	      (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
	       std::filesystem::perms::group_read | std::filesystem::perms::others_read));
	CHECK(std::distance(std::filesystem::directory_iterator(dir),
			    std::filesystem::directory_iterator()) == 1);
	auto missing = write_file_atomically((dir / "no" / "such.prom").string(), "x");
	REQUIRE_FALSE(missing.ok());
	CHECK(missing.error().text().starts_with("cannot create a temporary file for '"));
	std::filesystem::remove_all(dir);
}

TEST_CASE("rtpnl -n NETNS stats prometheus: the tables' sums with the netns label, on stdout")
{
	FakeTableApi tables;
	tables.list = {Table{42, 1u, 0u, 0u}, Table{43, 0u, 0u, 0u}};
	FakeRuleApi rules;
	rules.list = {counted(42, "10.0.0.1:1000", {10, 1000, 2, 1, 3})};
	const auto run_args = [&](std::vector<std::string_view> args, std::string &out,
				  std::string &err) {
		std::istringstream in;
		std::ostringstream o, e;
		const int status = run(
			args, in, o, e,
			[&]() -> Result<std::unique_ptr<TableApi>> {
				return std::unique_ptr<TableApi>(std::make_unique<ForwardingTableApi>(tables));
			},
			[&]() -> Result<std::unique_ptr<RuleApi>> {
				return std::unique_ptr<RuleApi>(std::make_unique<ForwardingRuleApi>(rules));
			},
			[](std::string_view) -> Result<void> { return {}; });
		out = o.str();
		err = e.str();
		return status;
	};
	std::string out, err;
	CHECK(run_args({"-n", "blue", "stats", "prometheus"}, out, err) == exit_ok);
	CHECK(err.empty());
	CHECK(out.find("rtpfwd_packets_total{table=\"42\",netns=\"blue\"} 10\n"
		       "rtpfwd_packets_total{table=\"43\",netns=\"blue\"} 0\n") != std::string::npos);
	CHECK(rules.calls == std::vector<std::string>{"list"});

	CHECK(run_args({"stats", "prometheus", "table", "42"}, out, err) == exit_ok);
	CHECK(out.find("rtpfwd_rules{table=\"42\"} 1\n# HELP") != std::string::npos);
	CHECK(out.find("table=\"43\"") == std::string::npos);

	CHECK(run_args({"stats", "prometheus", "table", "44"}, out, err) == exit_failure);
	CHECK(out.empty());
	CHECK(err == "Error: table 44 does not exist\n");
}
