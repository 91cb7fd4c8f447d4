// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl stats reset table ID [ local ENDPOINT ]": zero the counters of one
// rule, or of every rule of a table (STATS_RESET).
// "rtpnl stats prometheus [ table ID ] [ file PATH ]": the table counters
// for node_exporter's textfile collector (stats_export.hpp).
#ifndef RTPNL_CLI_CMD_STATS_HPP
#define RTPNL_CLI_CMD_STATS_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace rtpnl::cli {

struct StatsCommand {
	bool help = false;
	std::uint32_t table = 0;
	std::optional<Endpoint> local; // absent: the whole table
	// prometheus: only_table (absent: every table), file (empty: stdout).
	bool prometheus = false;
	std::optional<std::uint32_t> only_table;
	std::string file;

	bool operator==(const StatsCommand &) const = default;
};

// Words after "stats": reset table ID [ local ENDPOINT ] |
// prometheus [ table ID ] [ file PATH ] | help. Keywords
// by prefix, in any order; "table" is required. Errors as for rules
// ("missing 'table'", "unknown argument 'x'", "invalid endpoint '...'").
Result<StatsCommand> parse_stats_command(Args args);

int cmd_stats(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
