// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl top" and "rtpnl rules list ... rate": the counters sampled twice,
// shown as packets/s and bits/s per table and per rule, busiest first
// (rate.hpp computes; this file samples, waits and prints). top repeats
// until interrupted (or COUNT times), clearing a terminal between samples.
#ifndef RTPNL_CLI_CMD_TOP_HPP
#define RTPNL_CLI_CMD_TOP_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/rule_api.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace rtpnl::cli {

inline constexpr double rate_interval_default = 1.0;
inline constexpr double rate_interval_min = 0.1;
inline constexpr double rate_interval_max = 3600;

struct TopCommand {
	bool help = false;
	std::optional<std::uint32_t> table; // absent: every table
	double interval = rate_interval_default; // seconds
	std::optional<std::uint64_t> count;      // absent: until interrupted

	bool operator==(const TopCommand &) const = default;
};

// "0.5", "2": seconds, rate_interval_min..rate_interval_max; errors:
// "invalid interval 'x' (seconds, 0.1..3600)".
Result<double> parse_interval(std::string_view word);

// Words after "top": [ table ID ] [ interval SECONDS ] [ count N ] | help.
Result<TopCommand> parse_top_command(Args args);

// `count` samples (each `interval` after the one before) of the rules of
// `table` (every table when absent), their rates printed after each; on a
// terminal top clears the screen first.
int show_rates(Context &ctx, RuleApi &api, std::optional<std::uint32_t> table, double interval,
	       std::optional<std::uint64_t> count, bool clear);

int cmd_top(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
