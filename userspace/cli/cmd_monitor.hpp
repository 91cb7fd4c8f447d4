// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl monitor": prints table and rule events from the "notify" multicast group
// until interrupted (one line, or one JSON object per line, per event).
// -t (ip -t monitor) puts the time before each event. An overrun socket
// (ENOBUFS: events came faster than they were read) loses events but not
// the monitor: one warning on stderr, and it goes on.
#ifndef RTPNL_CLI_CMD_MONITOR_HPP
#define RTPNL_CLI_CMD_MONITOR_HPP

#include "command.hpp"

#include "rtpnl/rule.hpp"
#include "rtpnl/table.hpp"

#include <sys/time.h>

#include <functional>
#include <string>

namespace rtpnl::cli {

// One Monitor::wait(): blocks for the next datagram, delivers its events.
using MonitorWait = std::function<Result<void>(const std::function<void(const TableEvent &)> &,
					       const std::function<void(const RuleEvent &)> &)>;
using WallClock = std::function<timeval()>;

inline constexpr std::string_view events_lost_warning =
	"Warning: events lost (netlink receive buffer overrun), continuing";

// ip's: "Timestamp: Wed Dec  2 18:44:01 2026 123456 usec" (local time).
std::string monitor_timestamp(const timeval &tv);
// In JSON: "2026-12-02T18:44:01.123456+0000" (local time).
std::string monitor_timestamp_iso(const timeval &tv);

// The loop, on any source of events; returns when `wait` fails with
// anything but ENOBUFS.
int run_monitor(Context &ctx, const MonitorWait &wait, const WallClock &now);

int cmd_monitor(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
