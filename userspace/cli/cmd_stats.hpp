// "rtpnl stats reset table ID [ local ENDPOINT ]": zero the counters of one
// rule, or of every rule of a table (STATS_RESET).
#ifndef RTPNL_CLI_CMD_STATS_HPP
#define RTPNL_CLI_CMD_STATS_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <optional>

namespace rtpnl::cli {

struct StatsCommand {
	bool help = false;
	std::uint32_t table = 0;
	std::optional<Endpoint> local; // absent: the whole table

	bool operator==(const StatsCommand &) const = default;
};

// Words after "stats": reset table ID [ local ENDPOINT ] | help. Keywords
// by prefix, in any order; "table" is required. Errors as for rules
// ("missing 'table'", "unknown argument 'x'", "invalid endpoint '...'").
Result<StatsCommand> parse_stats_command(Args args);

int cmd_stats(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
