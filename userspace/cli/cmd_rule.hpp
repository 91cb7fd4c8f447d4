// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl rule" (add / replace / change / del / get) and "rtpnl rules"
// (list, restore): the forwarding rules.
//
// Split like cmd_table: parse_rule_command() / parse_rules_command() turn
// words into a RuleCommand (or a usage error), run_rule_command() executes
// it against a RuleApi and prints.
#ifndef RTPNL_CLI_CMD_RULE_HPP
#define RTPNL_CLI_CMD_RULE_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"
#include "rtpnl/rule_api.hpp"

#include <cstdint>
#include <optional>
#include <ostream>

namespace rtpnl::cli {

struct RuleCommand {
	enum class Action { add, replace, change, del, get, list, restore, flush, help };
	Action action = Action::list;
	// add / replace / change: the whole rule; del / get: table and local.
	Rule rule;
	// list: only this table (absent: all tables).
	std::optional<std::uint32_t> table;
	// list ... rate [ interval SECONDS ]: rates over two samples (cmd_top.hpp).
	bool rate = false;
	double interval = 1.0;

	bool operator==(const RuleCommand &) const = default;
};

// Words after "rule":
//   { add | replace | change } table ID local EP [ expect EP ]
//       [ mismatch { ignore | drop | pass } ] [ record ID ]
//       output src EP dst EP [ tos TOS ] [ output ... ]
//   { del | delete | get } table ID local EP
//   [ { list | show } [ table ID ] [ rate [ interval SECONDS ] ] ]   (no words: list)
//   help
// Keywords are matched by prefix and may come in any order; after "output",
// src / dst / tos belong to that output until another word comes. Errors:
// "missing 'local'", "unknown argument 'xyz'", "invalid endpoint '1.2.3:5'",
// "duplicate 'local'", "missing value after 'table'", "at most 32 outputs",
// "output 2: missing 'dst'", the table id errors of parse_table_id().
Result<RuleCommand> parse_rule_command(Args args);

// Words after "rules": [ { list | show } [ table ID ] [ rate ... ] ] | restore |
// flush table ID | help.
Result<RuleCommand> parse_rules_command(Args args);

int run_rule_command(Context &ctx, const RuleCommand &cmd);

// Words after "rule" that make one rule request (add / replace / change /
// del), as run_rule_command would send it; nullopt for the other actions
// and for words with a usage error (cmd_rule reports it).
std::optional<RuleRequest> parse_rule_request(Args args);

// The object handlers: parse + run.
int cmd_rule(Context &ctx, Args args);
int cmd_rules(Context &ctx, Args args);

void print_rule_help(std::ostream &out);

} // namespace rtpnl::cli

#endif
