// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -b FILE: one command per line (iproute2's batch mode), e.g. the
// tables and rules a system creates at boot. Without -force it must not run
// a line after a failing one: the operator fixes the file and runs it again.
// With -force (ip -force -b) every line runs and each failure is reported.
// Consecutive rule lines go out together (batch_rules.hpp), so a failing
// rule line stops the batch only after the run of rule lines it is in.
#ifndef RTPNL_CLI_BATCH_HPP
#define RTPNL_CLI_BATCH_HPP

#include "command.hpp"

#include "rtpnl/rule_api.hpp"

#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// Runs one line's words (OBJECT COMMAND ...): the object dispatcher.
using LineRunner = int (*)(Context &, Args);
// The request of a line that is one rule request (rule add / replace /
// change / del), sent with its neighbours; nullopt for any other line, and
// for one with a usage error (the LineRunner reports it).
using LineRequest = std::optional<RuleRequest> (*)(Args);

// Splits a line into words at blanks; "..." and '...' quote a word with
// blanks. Blank lines and lines whose first word starts with '#' give no
// words. An unterminated quote is EINVAL.
Result<std::vector<std::string>> split_batch_line(std::string_view line);

// A file line and its words may hold SRTP keys: wiped (their whole
// buffers) when the scope ends, before the memory is reused or freed.
struct LineWiper {
	std::string &line;
	std::vector<std::string> *words = nullptr;
	~LineWiper();
};

// Runs every line of `input` (named `name` in errors) through `run_line`,
// the runs of lines `request_of` knows as rule batches, and stops at the
// first failure (after its run), or with ctx.options.force goes on to the
// end. A failing line's "Error: reason" becomes "Error: NAME:LINE: reason";
// the exit status is the first failing line's (0 if none failed).
int run_batch(Context &ctx, std::istream &input, std::string_view name, LineRunner run_line,
	      LineRequest request_of = nullptr);

// Opens ctx.options.batch ("-": ctx.in) and runs it.
int run_batch_file(Context &ctx, LineRunner run_line, LineRequest request_of = nullptr);

} // namespace rtpnl::cli

#endif
