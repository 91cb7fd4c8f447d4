// SPDX-License-Identifier: LGPL-2.1-or-later
// The whole CLI (options → object → command → output / error text / exit
// status) against a fake TableApi.
#include "cli_run.hpp"
#include "fake_table_api.hpp"

#include "cli.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl::cli;

namespace {

// Table commands must never reach for the rule API.
rtpnl::Result<std::unique_ptr<rtpnl::RuleApi>> no_rule_api()
{
	FAIL("a table command opened the rule API");
	return rtpnl::Error::local(EINVAL, "unreachable");
}

using Run = CliRun;

// Runs rtpnl with `args`; the fake is prepared by `setup`.
template <typename Setup>
Run run_with(std::vector<std::string_view> args, Setup setup)
{
	Run r;
	FakeTableApi fake;
	setup(fake);
	std::istringstream in;
	std::ostringstream out, err;
	r.status = run(
		args, in, out, err,
		[&]() -> rtpnl::Result<std::unique_ptr<rtpnl::TableApi>> {
			r.opened = true;
			return std::unique_ptr<rtpnl::TableApi>(std::make_unique<ForwardingTableApi>(fake));
		},
		no_rule_api);
	r.calls = fake.calls;
	r.out = out.str();
	r.err = err.str();
	return r;
}

Run run_plain(std::vector<std::string_view> args)
{
	return run_with(std::move(args), [](FakeTableApi &) {});
}

std::vector<rtpnl::Table> two_tables()
{
	return {{1, 0u, 0u, 0u}, {42, 3u, 1234u, 2u}};
}

} // namespace

TEST_CASE("table add/del succeed silently")
{
	auto r = run_plain({"table", "add", "42"});
	CHECK(r.status == exit_ok);
	CHECK(r.out.empty());
	CHECK(r.err.empty());
	CHECK(r.calls == std::vector<std::string>{"add 42"});
	auto del = run_plain({"t", "d", "7"});
	CHECK(del.status == exit_ok);
	CHECK(del.calls == std::vector<std::string>{"del 7"});
}

TEST_CASE("usage errors: one line on stderr, exit 255, no kernel contact")
{
	struct Case {
		std::vector<std::string_view> args;
		std::string err;
	};
	const std::vector<Case> cases{
		{{"table", "add", "64"}, "Error: table id 64 out of range (0..63)\n"},
		{{"table", "add", "abc"}, "Error: invalid table id 'abc'\n"},
		{{"xyz"}, "Error: unknown object 'xyz' (try 'rtpnl help')\n"},
		{{"-q", "table"}, "Error: unknown option '-q' (try 'rtpnl help')\n"},
		{{"table", "get"}, "Error: table get: missing table id\n"},
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

TEST_CASE("kernel errors without extack get context naming the table")
{
	struct Case {
		std::vector<std::string_view> args;
		int errnum;
		std::string err;
	};
	const std::vector<Case> cases{
		{{"table", "add", "42"}, EEXIST, "Error: table 42 exists\n"},
		{{"table", "del", "42"}, ENOENT, "Error: table 42 does not exist\n"},
		{{"table", "get", "9"}, ENOENT, "Error: table 9 does not exist\n"},
		{{"table", "delete", "3"}, EBUSY, "Error: table 3 is busy (its control file is open)\n"},
		{{"table", "add", "1"}, EPERM,
		 "Error: operation not permitted (CAP_NET_ADMIN is required in the user namespace "
		 "owning the network namespace)\n"},
		{{"table", "add", "1"}, ENOMEM, "Error: Cannot allocate memory\n"},
		{{"table", "list"}, EINVAL, "Error: Invalid argument\n"},
	};
	for (const auto &c : cases) {
		CAPTURE(c.err);
		auto r = run_with(c.args, [&](FakeTableApi &f) { f.fail = rtpnl::Error::kernel(c.errnum, ""); });
		CHECK(r.status == exit_failure);
		CHECK(r.err == c.err);
		CHECK(r.out.empty());
	}
}

TEST_CASE("the kernel's extack message wins over generic context")
{
	auto r = run_with({"table", "add", "42"}, [](FakeTableApi &f) {
		f.fail = rtpnl::Error::kernel(EEXIST, "table already exists in this netns");
	});
	CHECK(r.status == exit_failure);
	CHECK(r.err == "Error: table already exists in this netns\n");
}

TEST_CASE("a missing family is reported as the library words it, exit 1")
{
	std::istringstream in;
	std::ostringstream out, err;
	const std::vector<std::string_view> args{"table", "list"};
	const int status = run(
		args, in, out, err,
		[]() -> rtpnl::Result<std::unique_ptr<rtpnl::TableApi>> {
			return rtpnl::Error::local(ENOENT, "generic netlink family 'rtpengine' not found "
							   "(is the rtpfwd module available?)");
		},
		no_rule_api);
	CHECK(status == exit_failure);
	CHECK(err.str() ==
	      "Error: generic netlink family 'rtpengine' not found (is the rtpfwd module available?)\n");
}

TEST_CASE("table list: text and JSON from the same data")
{
	const auto with_tables = [](FakeTableApi &f) { f.list = two_tables(); };
	auto text = run_with({"table", "list"}, with_tables);
	CHECK(text.status == exit_ok);
	CHECK(text.out == "table 1 rules 0 refcnt 0 control-pid 0\n"
			  "table 42 rules 3 refcnt 2 control-pid 1234\n");

	CHECK(text.calls == std::vector<std::string>{"list"});

	auto json = run_with({"-j", "tab", "sh"}, with_tables);
	CHECK(json.status == exit_ok);
	CHECK(json.out == "[{\"table\":1,\"rules\":0,\"refcnt\":0,\"control_pid\":0},"
			  "{\"table\":42,\"rules\":3,\"refcnt\":2,\"control_pid\":1234}]\n");

	auto pretty = run_with({"-j", "-p", "table"}, with_tables);
	CHECK(pretty.out == "[\n"
			    "    {\n"
			    "        \"table\": 1,\n"
			    "        \"rules\": 0,\n"
			    "        \"refcnt\": 0,\n"
			    "        \"control_pid\": 0\n"
			    "    },\n"
			    "    {\n"
			    "        \"table\": 42,\n"
			    "        \"rules\": 3,\n"
			    "        \"refcnt\": 2,\n"
			    "        \"control_pid\": 1234\n"
			    "    }\n"
			    "]\n");
}

TEST_CASE("empty table list: nothing in text, [] in JSON")
{
	CHECK(run_plain({"table", "list"}).out.empty());
	CHECK(run_plain({"-j", "table", "list"}).out == "[]\n");
	CHECK(run_plain({"-j", "-p", "table", "list"}).out == "[]\n");
}

TEST_CASE("table get prints one table (a JSON object)")
{
	const auto with_tables = [](FakeTableApi &f) { f.list = two_tables(); };
	CHECK(run_with({"table", "get", "42"}, with_tables).out ==
	      "table 42 rules 3 refcnt 2 control-pid 1234\n");
	auto json = run_with({"-j", "t", "g", "42"}, with_tables);
	CHECK(json.out == "{\"table\":42,\"rules\":3,\"refcnt\":2,\"control_pid\":1234}\n");
	CHECK(json.calls == std::vector<std::string>{"get 42"});
}

TEST_CASE("help and version need no kernel")
{
	auto help = run_plain({"help"});
	CHECK(help.status == exit_ok);
	CHECK(help.out.starts_with("Usage: rtpnl [ OPTIONS ] OBJECT"));
	CHECK_FALSE(help.opened);

	CHECK(run_plain({"-h"}).out == help.out);

	auto table_help = run_plain({"table", "help"});
	CHECK(table_help.status == exit_ok);
	CHECK(table_help.out.starts_with("Usage: rtpnl table { add | ensure } ID\n"));
	CHECK_FALSE(table_help.opened);

	auto version = run_plain({"-V"});
	CHECK(version.status == exit_ok);
	CHECK(version.out == "rtpnl " RTPNL_VERSION "\n");

	auto none = run_plain({});
	CHECK(none.status == exit_usage);
	CHECK(none.out.empty());
	CHECK(none.err.starts_with("Usage: rtpnl"));
}
