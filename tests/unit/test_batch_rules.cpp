// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -b with rule lines: runs of them go out as one rule batch, a line
// of another kind ends a run, each failure is reported at its line, and
// without -force a failure stops the batch after its run.
#include "batch_rules.hpp"
#include "exit_status.hpp"
#include "rule_cli_run.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl;
using namespace rtpnl::cli;
using namespace rule_cli;

namespace {

// "rule ACTION table 1 local 127.0.0.1:PORT ..." with an output for add /
// replace / change.
std::string rule_line(std::string_view action, int port)
{
	const std::string local = "127.0.0.1:" + std::to_string(port);
	std::string line = "rule " + std::string(action) + " table 1 local " + local;
	if (action != "del" && action != "d")
		line += " output src " + local + " dst 127.0.0.2:" + std::to_string(port);
	return line + "\n";
}

const std::string three_adds = rule_line("add", 5000) + rule_line("add", 5002) + rule_line("add", 5004);

} // namespace

TEST_CASE("-b: consecutive rule lines go out as one batch; another kind of line ends the run")
{
	const std::string file = rule_line("add", 5000) + "# a comment\n\n" + rule_line("replace", 5002) +
				 rule_line("d", 5000) + "stats reset table 1\n" + rule_line("change", 5004) +
				 "rules flush table 1\n" + rule_line("del", 5002);
	auto r = run_plain({"-b", "-"}, file);
	CHECK(r.status == exit_ok);
	CHECK(r.out.empty());
	CHECK(r.err.empty());
	CHECK(r.batches == std::vector<std::size_t>{3, 1, 1});
	CHECK(r.opens == 5); // a run opens the rule API once, as a line of its own does
	CHECK(r.calls == std::vector<std::string>{"add 1 127.0.0.1:5000", "replace 1 127.0.0.1:5002",
						  "del 1 127.0.0.1:5000", "reset 1", "change 1 127.0.0.1:5004",
						  "list 1", "del 1 127.0.0.1:5002"});
}

TEST_CASE("-b: a refused rule line is reported at its line; without -force the batch stops after its run")
{
	const auto refuse_second = [](FakeRuleApi &f) {
		f.fail = Error::kernel(EEXIST, "");
		f.fail_at = 1;
	};
	auto r = run_with({"-b", "-"}, refuse_second, three_adds + "stats reset table 1\n");
	CHECK(r.status == exit_failure);
	CHECK(r.err == "Error: -:2: a rule for local 127.0.0.1:5002 exists in table 1\n");
	CHECK(r.calls.size() == 3); // its run had gone out whole, the next line not

	auto forced = run_with({"-force", "-b", "-"}, refuse_second, three_adds + "stats reset table 1\n");
	CHECK(forced.status == exit_failure);
	CHECK(forced.err == r.err);
	CHECK(forced.calls.back() == "reset 1");

	// Every failure of the run is reported, each at its line.
	auto all = run_with(
		{"-b", "-"}, [](FakeRuleApi &f) { f.fail = Error::kernel(ENOENT, "rtpfwd: no such table"); },
		three_adds);
	CHECK(all.err == "Error: -:1: rtpfwd: no such table\n"
			 "Error: -:2: rtpfwd: no such table\n"
			 "Error: -:3: rtpfwd: no such table\n");
}

TEST_CASE("-b: a rule line with a usage error ends the run and is reported as before")
{
	const std::string file =
		rule_line("add", 5000) + "rule add table 1 local 1.2.3:5\n" + rule_line("add", 5002);
	auto r = run_plain({"-b", "-"}, file);
	CHECK(r.status == exit_usage);
	CHECK(r.err == "Error: -:2: invalid endpoint '1.2.3:5'\n");
	CHECK(r.batches == std::vector<std::size_t>{1});

	auto forced = run_plain({"-f", "-b", "-"}, file);
	CHECK(forced.status == exit_usage);
	CHECK(forced.batches == std::vector<std::size_t>{1, 1});
	CHECK(forced.calls.size() == 2);
}

TEST_CASE("-b: a blackhole line joins the run of rule lines; one with an output is a usage error at its line")
{
	const std::string blackhole = "rule replace table 1 local 127.0.0.1:5002 stun blackhole\n";
	auto r = run_plain({"-b", "-"}, rule_line("add", 5000) + blackhole + rule_line("add", 5004));
	CHECK(r.status == exit_ok);
	CHECK(r.err.empty());
	CHECK(r.batches == std::vector<std::size_t>{3});
	REQUIRE(r.added.size() == 3);
	CHECK(r.added[1].first.blackhole);
	CHECK(r.added[1].first.outputs.empty());
	CHECK(r.added[1].second == RuleMode::replace);

	auto bad = run_plain({"-b", "-"}, rule_line("add", 5000) +
					      "rule add table 1 local 127.0.0.1:5002 blackhole rtp\n");
	CHECK(bad.status == exit_usage);
	CHECK(bad.err == "Error: -:2: 'blackhole' conflicts with 'rtp'\n");
}

TEST_CASE("-b: a hand-up line joins the run of rule lines; one with blackhole is a usage error at its line")
{
	const std::string hand_up = "rule replace table 1 local 127.0.0.1:5002 stun hand-up\n";
	auto r = run_plain({"-b", "-"}, rule_line("add", 5000) + hand_up + rule_line("add", 5004));
	CHECK(r.status == exit_ok);
	CHECK(r.err.empty());
	CHECK(r.batches == std::vector<std::size_t>{3});
	REQUIRE(r.added.size() == 3);
	CHECK(r.added[1].first.hand_up);
	CHECK(r.added[1].first.outputs.empty());

	auto bad = run_plain({"-b", "-"}, rule_line("add", 5000) +
					      "rule add table 1 local 127.0.0.1:5002 hand-up blackhole\n");
	CHECK(bad.status == exit_usage);
	CHECK(bad.err == "Error: -:2: 'blackhole' conflicts with 'hand-up'\n");
}

TEST_CASE("-b: a failed exchange names the first line without an answer; a rule API that cannot open, each line")
{
	auto lost = run_with({"-b", "-"}, [](FakeRuleApi &f) { f.lost_from = 1; }, three_adds);
	CHECK(lost.status == exit_failure);
	CHECK(lost.err == "Error: -:2: acks were lost (no answer for this and 1 later requests)\n");

	const std::string missing = "generic netlink family 'rtpengine' not found";
	const auto none = [](FakeRuleApi &) {};
	auto closed = run_with({"-b", "-"}, none, three_adds, Error::local(ENOENT, missing));
	CHECK(closed.status == exit_failure);
	CHECK(closed.err == "Error: -:1: " + missing + "\n");
	auto forced = run_with({"-force", "-b", "-"}, none, three_adds, Error::local(ENOENT, missing));
	CHECK(forced.err == "Error: -:1: " + missing + "\nError: -:2: " + missing + "\nError: -:3: " + missing + "\n");
}

TEST_CASE("-b: a long run of rule lines goes out every batch_rule_run_max lines")
{
	std::string file;
	for (std::size_t i = 0; i < batch_rule_run_max + 4; ++i)
		file += rule_line("del", static_cast<int>(1000 + i));
	auto r = run_plain({"-b", "-"}, file);
	CHECK(r.status == exit_ok);
	CHECK(r.batches == std::vector<std::size_t>{batch_rule_run_max, 4});
	CHECK(r.opens == 2);
}
