// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -b FILE: line splitting, stopping at the first failing line, errors
// that name the line, through the whole CLI against a fake TableApi.
#include "fake_table_api.hpp"

#include "batch.hpp"
#include "cli.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl::cli;

namespace {

// Refuses to add a table that exists, as the kernel does.
struct ExistingTables final : rtpnl::TableApi {
	FakeTableApi &fake;
	explicit ExistingTables(FakeTableApi &f) : fake(f) {}

	rtpnl::Result<void> table_add(std::uint32_t id) override
	{
		for (const auto &t : fake.list)
			if (t.id == id) {
				fake.calls.push_back("add " + std::to_string(id));
				return rtpnl::Error::kernel(EEXIST, "rtpfwd: table exists");
			}
		return fake.table_add(id);
	}
	rtpnl::Result<void> table_del(std::uint32_t id) override { return fake.table_del(id); }
	rtpnl::Result<rtpnl::Table> table_get(std::uint32_t id) override { return fake.table_get(id); }
	rtpnl::Result<std::vector<rtpnl::Table>> tables() override { return fake.tables(); }
};

struct Run {
	int status = -1;
	std::string out;
	std::string err;
	std::vector<std::string> calls;
};

// rtpnl ARGS with `input` on stdin; tables in the fake: `existing`.
Run run_batch_cli(std::vector<std::string_view> args, const std::string &input,
		  std::vector<rtpnl::Table> existing = {})
{
	Run r;
	FakeTableApi fake;
	fake.list = std::move(existing);
	std::istringstream in(input);
	std::ostringstream out, err;
	r.status = run(
		args, in, out, err,
		[&]() -> rtpnl::Result<std::unique_ptr<rtpnl::TableApi>> {
			return std::unique_ptr<rtpnl::TableApi>(std::make_unique<ExistingTables>(fake));
		},
		[]() -> rtpnl::Result<std::unique_ptr<rtpnl::RuleApi>> {
			return rtpnl::Error::local(ENOSYS, "no rule API in this test");
		});
	r.calls = fake.calls;
	r.out = out.str();
	r.err = err.str();
	return r;
}

std::vector<std::string> words(std::string_view line)
{
	auto r = split_batch_line(line);
	REQUIRE(r.ok());
	return *r;
}

} // namespace

TEST_CASE("batch lines split at blanks, quotes group, comments and blank lines are empty")
{
	CHECK(words("table add 42") == std::vector<std::string>{"table", "add", "42"});
	CHECK(words("  \ttable   list \r") == std::vector<std::string>{"table", "list"});
	CHECK(words("rule add 'a b' \"c d\"e") == std::vector<std::string>{"rule", "add", "a b", "c de"});
	CHECK(words("").empty());
	CHECK(words("   ").empty());
	CHECK(words("# table add 1").empty());
	CHECK(words("  # indented comment").empty());
	CHECK(words("table add 1 #x") == std::vector<std::string>{"table", "add", "1", "#x"});
	auto bad = split_batch_line("table add 'x");
	REQUIRE_FALSE(bad.ok());
	CHECK(bad.error().text() == "unterminated ' quote");
}

TEST_CASE("every line runs in order")
{
	auto r = run_batch_cli({"-b", "-"}, "# boot tables\ntable add 1\n\ntable add 2\ntable del 1\n");
	CHECK(r.status == exit_ok);
	CHECK(r.err.empty());
	CHECK(r.calls == std::vector<std::string>{"add 1", "add 2", "del 1"});
}

TEST_CASE("a batch stops at the first failing line and names it")
{
	auto r = run_batch_cli({"-b", "-"}, "table add 1\ntable add 42\ntable add 3\n", {{42, 0u, 0u, 0u}});
	CHECK(r.status == exit_failure);
	CHECK(r.calls == std::vector<std::string>{"add 1", "add 42"});
	CHECK(r.err.starts_with("Error: -:2: "));
	CHECK(r.err.find('\n') == r.err.size() - 1); // one line

	auto usage = run_batch_cli({"-b", "-"}, "table add 1\ntable add 64\ntable add 2\n");
	CHECK(usage.status == exit_usage);
	CHECK(usage.calls == std::vector<std::string>{"add 1"});
	CHECK(usage.err == "Error: -:2: table id 64 out of range (0..63)\n");

	auto object = run_batch_cli({"-b", "-"}, "\n\nbogus add 1\n");
	CHECK(object.status == exit_usage);
	CHECK(object.err == "Error: -:3: unknown object 'bogus' (try 'rtpnl help')\n");

	auto quote = run_batch_cli({"-b", "-"}, "table add 1\ntable add \"2\n");
	CHECK(quote.status == exit_usage);
	CHECK(quote.calls == std::vector<std::string>{"add 1"});
	CHECK(quote.err == "Error: -:2: unterminated \" quote\n");
}

TEST_CASE("global options apply to every line of a batch")
{
	auto r = run_batch_cli({"-j", "-b", "-"}, "table list\n", {{7, 0u, 0u, 0u}});
	CHECK(r.status == exit_ok);
	CHECK(r.out == "[{\"table\":7,\"rules\":0,\"refcnt\":0,\"control_pid\":0}]\n");
}

TEST_CASE("a batch file by name, a missing file and extra words")
{
	const std::string path = "test_batch_tables.conf";
	{
		std::ofstream f(path);
		f << "table add 5\ntable add 64\n";
	}
	auto r = run_batch_cli({"-b", path}, "");
	std::remove(path.c_str());
	CHECK(r.calls == std::vector<std::string>{"add 5"});
	CHECK(r.err == "Error: " + path + ":2: table id 64 out of range (0..63)\n");

	auto missing = run_batch_cli({"-b", "/nonexistent/tables.conf"}, "");
	CHECK(missing.status == exit_failure);
	CHECK(missing.err == "Error: cannot open '/nonexistent/tables.conf': No such file or directory\n");

	auto extra = run_batch_cli({"-b", "-", "table", "list"}, "");
	CHECK(extra.status == exit_usage);
	CHECK(extra.calls.empty());
	CHECK(extra.err == "Error: -batch takes no command ('table'): put commands in the file\n");
}

TEST_CASE("-force runs every line, reports each failure and fails at the end")
{
	auto r = run_batch_cli({"-force", "-b", "-"},
			       "table add 1\ntable add 42\n  # comment\n\ntable add 64\ntable add 3\n",
			       {{42, 0u, 0u, 0u}});
	CHECK(r.status == exit_failure); // the first failing line's status
	CHECK(r.calls == std::vector<std::string>{"add 1", "add 42", "add 3"});
	CHECK(r.err == "Error: -:2: rtpfwd: table exists\n"
		       "Error: -:5: table id 64 out of range (0..63)\n");

	auto quote = run_batch_cli({"-f", "-b", "-"}, "table add 'x\ntable add 2\n");
	CHECK(quote.status == exit_usage);
	CHECK(quote.calls == std::vector<std::string>{"add 2"});
	CHECK(quote.err == "Error: -:1: unterminated ' quote\n");

	auto clean = run_batch_cli({"-force", "-b", "-"}, "table add 1\ntable add 2\n");
	CHECK(clean.status == exit_ok);
	CHECK(clean.err.empty());
}

TEST_CASE("table ensure makes a boot file idempotent: an existing table is fine")
{
	const std::string boot = "table ensure 42\ntable ensure 7\n";
	auto first = run_batch_cli({"-b", "-"}, boot);
	CHECK(first.status == exit_ok);
	CHECK(first.calls == std::vector<std::string>{"add 42", "add 7"});

	auto again = run_batch_cli({"-b", "-"}, boot, {{42, 3u, 0u, 0u}, {7, 0u, 0u, 0u}});
	CHECK(again.status == exit_ok);
	CHECK(again.err.empty());
	CHECK(again.calls == std::vector<std::string>{"add 42", "add 7"});

	// Only EEXIST is forgiven.
	auto bad = run_batch_cli({"-b", "-"}, "table ensure 64\n");
	CHECK(bad.status == exit_usage);
	CHECK(bad.err == "Error: -:1: table id 64 out of range (0..63)\n");
}
