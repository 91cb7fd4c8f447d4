// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl monitor: -t timestamps in ip's style (text) or in the event (JSON),
// and an overrun socket (ENOBUFS) that warns and goes on.
#include "cmd_monitor.hpp"
#include "exit_status.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <sstream>
#include <string>

using namespace rtpnl::cli;

namespace {

// Local time is UTC in these tests.
struct Utc {
	Utc()
	{
		setenv("TZ", "UTC", 1);
		tzset();
	}
};

// A wait() that plays one step per call: an event or an error; after the
// last step it fails with EBADF, which ends the monitor.
struct Script {
	std::deque<rtpnl::Result<void>> results;
	int calls = 0;

	rtpnl::Result<void> step(const std::function<void(const rtpnl::TableEvent &)> &on_table,
				 const std::function<void(const rtpnl::RuleEvent &)> &on_rule)
	{
		++calls;
		if (results.empty())
			return rtpnl::Error::local(EBADF, "socket closed");
		auto r = results.front();
		results.pop_front();
		if (r) {
			on_table({rtpnl::TableEvent::Kind::table_new, 42});
			rtpnl::RuleEvent ev{};
			ev.kind = rtpnl::RuleEvent::Kind::rule_del;
			ev.table = 42;
			ev.local = *rtpnl::parse_endpoint("10.0.0.1:1000");
			on_rule(ev);
		}
		return r;
	}
};

struct Out {
	int status;
	std::string out, err;
	int calls;
};

Out monitor(GlobalOptions options, std::deque<rtpnl::Result<void>> steps)
{
	Utc utc;
	Script script{std::move(steps)};
	std::istringstream in;
	std::ostringstream out, err;
	Context ctx{options, in, out, err, nullptr, nullptr};
	long usec = 5;
	const int status = run_monitor(
		ctx,
		[&](const auto &t, const auto &r) { return script.step(t, r); },
		[&] { return timeval{1796237041, usec++}; }); // Wed Dec  2 18:44:01 2026 UTC
	return {status, out.str(), err.str(), script.calls};
}

} // namespace

TEST_CASE("monitor -t: ip's timestamp line, local time with microseconds")
{
	Utc utc;
	CHECK(monitor_timestamp({1796237041, 123456}) ==
	      "Timestamp: Wed Dec  2 18:44:01 2026 123456 usec");
	CHECK(monitor_timestamp({1796237041, 7}) == "Timestamp: Wed Dec  2 18:44:01 2026 7 usec");
	CHECK(monitor_timestamp_iso({1796237041, 7}) == "2026-12-02T18:44:01.000007+0000");

	GlobalOptions opts;
	opts.timestamp = true;
	auto text = monitor(opts, {rtpnl::Result<void>{}});
	CHECK(text.out == "Timestamp: Wed Dec  2 18:44:01 2026 5 usec\n"
			  "new table 42\n"
			  "Timestamp: Wed Dec  2 18:44:01 2026 6 usec\n"
			  "del rule table 42 local 10.0.0.1:1000\n");

	opts.json = true;
	auto json = monitor(opts, {rtpnl::Result<void>{}});
	CHECK(json.out == "{\"event\":\"new\",\"object\":\"table\",\"table\":42,"
			  "\"timestamp\":\"2026-12-02T18:44:01.000005+0000\"}\n"
			  "{\"event\":\"del\",\"object\":\"rule\",\"table\":42,\"local\":\"10.0.0.1:1000\","
			  "\"timestamp\":\"2026-12-02T18:44:01.000006+0000\"}\n");

	auto plain = monitor({}, {rtpnl::Result<void>{}});
	CHECK(plain.out == "new table 42\ndel rule table 42 local 10.0.0.1:1000\n");
}

TEST_CASE("monitor goes on after ENOBUFS with one warning, stops on other errors")
{
	const auto lost = rtpnl::Error::local(ENOBUFS, "netlink receive buffer overrun: messages were lost");
	auto r = monitor({}, {lost, rtpnl::Result<void>{}, lost});
	CHECK(r.calls == 4); // lost, events, lost, EBADF
	CHECK(r.out == "new table 42\ndel rule table 42 local 10.0.0.1:1000\n");
	CHECK(r.err == std::string(events_lost_warning) + "\n" + std::string(events_lost_warning) +
			       "\nError: socket closed\n");
	CHECK(r.status == exit_failure);
}
