// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl table": add / ensure / del / get / list forwarding tables.
//
// Split in two so tests need no kernel: parse_table_command() turns words
// into a TableCommand (or a usage error), run_table_command() executes it
// against a TableApi and prints.
#ifndef RTPNL_CLI_CMD_TABLE_HPP
#define RTPNL_CLI_CMD_TABLE_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"

#include <cstdint>
#include <string_view>

namespace rtpnl::cli {

struct TableCommand {
	// ensure: add, and an existing table is success (boot files run twice).
	enum class Action { add, ensure, del, get, list, help };
	Action action = Action::list;
	std::uint32_t id = 0; // add, ensure, del, get

	bool operator==(const TableCommand &) const = default;
};

// "42" → 42; errors: "invalid table id 'abc'", "table id 64 out of range (0..63)".
Result<std::uint32_t> parse_table_id(std::string_view word);

// Words after "table"; no words means "list" (like "ip link").
Result<TableCommand> parse_table_command(Args args);

int run_table_command(Context &ctx, const TableCommand &cmd);

// The object handler: parse + run.
int cmd_table(Context &ctx, Args args);

void print_table_help(std::ostream &out);

} // namespace rtpnl::cli

#endif
