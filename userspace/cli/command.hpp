// SPDX-License-Identifier: LGPL-2.1-or-later
// What every rtpnl object handler gets: the global options, the output
// streams, and a way to reach the kernel that tests can replace.
// Also the subcommand table entry shared by the object dispatcher.
#ifndef RTPNL_CLI_COMMAND_HPP
#define RTPNL_CLI_COMMAND_HPP

#include "options.hpp"
#include "printer.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/recording_api.hpp"
#include "rtpnl/rule_api.hpp"
#include "rtpnl/table_api.hpp"

#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <span>
#include <string_view>

namespace rtpnl::cli {

using Args = std::span<const std::string_view>;

// Opens the kernel connection lazily, so "help" and argument errors never
// touch netlink (and are testable without the module).
using TableApiFactory = std::function<Result<std::unique_ptr<TableApi>>()>;
using RuleApiFactory = std::function<Result<std::unique_ptr<RuleApi>>()>;
using RecordingApiFactory = std::function<Result<std::unique_ptr<RecordingApi>>()>;

struct Context {
	GlobalOptions options;
	std::istream &in; // "rules restore" reads it
	std::ostream &out;
	std::ostream &err;
	TableApiFactory open_table_api;
	RuleApiFactory open_rule_api;
	// Empty: this rtpnl has no way to reach recorded streams (the tests
	// that never need it).
	RecordingApiFactory open_recording_api = {};

	Printer printer() const
	{
		return Printer(out, options.json ? Printer::Format::json : Printer::Format::text,
			       options.pretty);
	}
	// Prints "Error: <reason>" and returns the exit status to use.
	int usage_error(std::string_view reason) const;
	int failure(std::string_view reason) const;
};

// One entry of a command table: a keyword, its handler, a line of help.
struct Subcommand {
	std::string_view name;
	int (*handler)(Context &, Args);
	std::string_view description;
};

} // namespace rtpnl::cli

#endif
