// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -n NETNS: the namespace file a name or path means, errors that name
// NETNS, and that run() enters it before any socket (a fake switch).
#include "fake_table_api.hpp"

#include "cli.hpp"
#include "exit_status.hpp"
#include "netns.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace rtpnl::cli;

namespace {

struct Run {
	int status = -1;
	std::string out;
	std::string err;
	std::vector<std::string> events; // "netns X", "open", then the fake's calls
};

Run run_netns(std::vector<std::string_view> args, rtpnl::Result<void> switch_result = {})
{
	Run r;
	FakeTableApi fake;
	std::istringstream in("table add 1\n");
	std::ostringstream out, err;
	r.status = run(
		args, in, out, err,
		[&]() -> rtpnl::Result<std::unique_ptr<rtpnl::TableApi>> {
			r.events.push_back("open");
			return std::unique_ptr<rtpnl::TableApi>(std::make_unique<ForwardingTableApi>(fake));
		},
		[]() -> rtpnl::Result<std::unique_ptr<rtpnl::RuleApi>> {
			return rtpnl::Error::local(ENOSYS, "no rule API in this test");
		},
		[&](std::string_view ns) -> rtpnl::Result<void> {
			r.events.push_back("netns " + std::string(ns));
			return switch_result;
		});
	r.events.insert(r.events.end(), fake.calls.begin(), fake.calls.end());
	r.out = out.str();
	r.err = err.str();
	return r;
}

std::string enter_error(std::string_view netns)
{
	auto r = enter_netns(netns);
	REQUIRE_FALSE(r.ok());
	return r.error().text();
}

} // namespace

TEST_CASE("a netns name is /run/netns/NAME, an argument with a slash is a path")
{
	CHECK(*netns_path("blue") == "/run/netns/blue");
	CHECK(*netns_path("/proc/1/ns/net") == "/proc/1/ns/net");
	CHECK(*netns_path("./ns") == "./ns");
	for (std::string_view bad : {"", ".", ".."}) {
		CAPTURE(bad);
		auto r = netns_path(bad);
		REQUIRE_FALSE(r.ok());
		CHECK(r.error().errnum == EINVAL);
		CHECK(r.error().text() == "invalid network namespace name '" + std::string(bad) + "'");
	}
}

TEST_CASE("entering a namespace that is not there names it in one line")
{
	CHECK(enter_error("rtpnl-unit-no-such-ns") ==
	      "network namespace 'rtpnl-unit-no-such-ns' does not exist "
	      "(no /run/netns/rtpnl-unit-no-such-ns)");
	CHECK(enter_error("/nonexistent/ns/net") ==
	      "network namespace '/nonexistent/ns/net' does not exist");
	CHECK(enter_error("..") == "invalid network namespace name '..'");
	// A file that is no namespace: setns() says EINVAL (EPERM unprivileged).
	const std::string not_ns = enter_error("/proc/self/status");
	CHECK((not_ns == "'/proc/self/status' is not a network namespace" ||
	       not_ns == "cannot enter network namespace '/proc/self/status': Operation not "
			 "permitted (CAP_SYS_ADMIN is required)"));
}

TEST_CASE("-n NETNS is entered before the kernel is reached, for a command and a batch")
{
	auto r = run_netns({"-n", "blue", "table", "add", "1"});
	CHECK(r.status == exit_ok);
	CHECK(r.events == std::vector<std::string>{"netns blue", "open", "add 1"});

	auto batch = run_netns({"-netns", "/proc/42/ns/net", "-b", "-"});
	CHECK(batch.status == exit_ok);
	CHECK(batch.events == std::vector<std::string>{"netns /proc/42/ns/net", "open", "add 1"});
}

TEST_CASE("a namespace that cannot be entered stops rtpnl before the kernel")
{
	auto r = run_netns({"-n", "blue", "table", "list"},
			   rtpnl::Error::local(ENOENT, "network namespace 'blue' does not exist "
							"(no /run/netns/blue)"));
	CHECK(r.status == exit_failure);
	CHECK(r.events == std::vector<std::string>{"netns blue"});
	CHECK(r.err == "Error: network namespace 'blue' does not exist (no /run/netns/blue)\n");

	auto missing = run_netns({"-n"});
	CHECK(missing.status == exit_usage);
	CHECK(missing.err == "Error: option '-n' needs a value\n");

	// help, -V and usage errors never enter it.
	CHECK(run_netns({"-n", "blue", "-V"}).events.empty());
	CHECK(run_netns({"-n", "blue"}).events.empty());
	CHECK(run_netns({"-n", "blue", "-b", "-", "table"}).events.empty());
}
