// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl showconf [ table ID ]" and "rtpnl syncconf [ dry-run ] FILE": the
// kernel's tables, rules and rtpnl's nft rules as a file, and that file
// made true by changing only what differs (conf.hpp has the file and the
// plan; this file reads the kernel and applies).
#ifndef RTPNL_CLI_CMD_CONF_HPP
#define RTPNL_CLI_CMD_CONF_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace rtpnl::cli {

struct ShowconfCommand {
	bool help = false;
	std::optional<std::uint32_t> table; // absent: every table

	bool operator==(const ShowconfCommand &) const = default;
};

struct SyncconfCommand {
	bool help = false;
	bool dry_run = false; // print the plan, change nothing
	std::string file;     // "-": standard input

	bool operator==(const SyncconfCommand &) const = default;
};

// Words after "showconf": [ table ID ] | help.
Result<ShowconfCommand> parse_showconf_command(Args args);
// Words after "syncconf": [ dry-run ] FILE | help ("dry-run" spelled out:
// it may not be mistaken for a file name's prefix).
Result<SyncconfCommand> parse_syncconf_command(Args args);

int cmd_showconf(Context &ctx, Args args);
int cmd_syncconf(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
