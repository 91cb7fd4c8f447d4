// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl monitor" (see cmd_monitor.hpp).
#include "cmd_monitor.hpp"

#include "error_text.hpp"
#include "exit_status.hpp"
#include "rule_print.hpp"
#include "table_print.hpp"

#include "rtpnl/client.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <string>

namespace rtpnl::cli {

std::string monitor_timestamp(const timeval &tv)
{
	std::tm tm{};
	const std::time_t secs = tv.tv_sec;
	localtime_r(&secs, &tm);
	std::array<char, 64> date{};
	// asctime()'s layout, as ip prints it, without its newline.
	std::strftime(date.data(), date.size(), "%a %b %e %H:%M:%S %Y", &tm);
	return "Timestamp: " + std::string(date.data()) + " " + std::to_string(tv.tv_usec) +
	       " usec";
}

std::string monitor_timestamp_iso(const timeval &tv)
{
	std::tm tm{};
	const std::time_t secs = tv.tv_sec;
	localtime_r(&secs, &tm);
	std::array<char, 32> date{}, zone{}, usec{};
	std::strftime(date.data(), date.size(), "%Y-%m-%dT%H:%M:%S", &tm);
	std::strftime(zone.data(), zone.size(), "%z", &tm);
	std::snprintf(usec.data(), usec.size(), ".%06ld", static_cast<long>(tv.tv_usec));
	return std::string(date.data()) + usec.data() + zone.data();
}

int run_monitor(Context &ctx, const MonitorWait &wait, const WallClock &now)
{
	Printer printer = ctx.printer();
	const bool json = ctx.options.json;
	// The JSON timestamp goes into the event's object; text gets ip's line.
	auto stamp = [&]() -> std::string {
		if (!ctx.options.timestamp)
			return {};
		const timeval tv = now();
		if (json)
			return monitor_timestamp_iso(tv);
		ctx.out << monitor_timestamp(tv) << '\n';
		return {};
	};
	for (;;) {
		auto r = wait(
			[&](const TableEvent &ev) {
				print_table_event(printer, ev, stamp());
				ctx.out.flush(); // a pipe reader wants events as they happen
			},
			[&](const RuleEvent &ev) {
				print_rule_event(printer, ev, stamp());
				ctx.out.flush();
			});
		if (r)
			continue;
		if (r.error().errnum != ENOBUFS)
			return ctx.failure(table_error_text(r.error(), std::nullopt));
		ctx.err << events_lost_warning << '\n';
		ctx.err.flush();
	}
}

int cmd_monitor(Context &ctx, Args args)
{
	if (!args.empty()) {
		if (args[0] == "help" || args[0] == "h") {
			ctx.out << "Usage: rtpnl monitor\n"
				   "       rtpnl monitor help\n"
				   "       (rtpnl -t[imestamp] monitor: the time before each event)\n";
			return exit_ok;
		}
		return ctx.usage_error("unexpected argument '" + std::string(args[0]) + "'");
	}
	auto monitor = Monitor::open();
	if (!monitor)
		return ctx.failure(table_error_text(monitor.error(), std::nullopt));
	return run_monitor(
		ctx,
		[&](const std::function<void(const TableEvent &)> &on_table,
		    const std::function<void(const RuleEvent &)> &on_rule) {
			return monitor->wait(on_table, on_rule);
		},
		[] {
			timeval tv{};
			gettimeofday(&tv, nullptr);
			return tv;
		});
}

} // namespace rtpnl::cli
