// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl -b: consecutive rule lines (rule add / replace / change / del) go
// to the kernel together, as one RuleApi::rule_batch, instead of a socket
// and a round trip each; a run ends at a line of another kind, at the end
// of the file, or at batch_rule_run_max lines. Each failure is reported at
// its line as if the line had run alone ("Error: NAME:LINE: reason").
#ifndef RTPNL_CLI_BATCH_RULES_HPP
#define RTPNL_CLI_BATCH_RULES_HPP

#include "command.hpp"

#include "rtpnl/rule_api.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace rtpnl::cli {

// Lines per run at most: the kernel sees them in windows of up to 1024
// anyway; this bounds the rules held in memory.
inline constexpr std::size_t batch_rule_run_max = 4096;

class RuleRun {
public:
	void add(RuleRequest request, std::string where);
	bool full() const { return requests_.size() >= batch_rule_run_max; }

	// Sends the run (if any) and reports each failure at its line; returns
	// exit_failure if a line failed, else exit_ok. Every line of the run
	// has run even when an earlier one failed: one sendmsg() carries many.
	int flush(Context &ctx);

private:
	std::vector<RuleRequest> requests_;
	std::vector<std::string> where_; // "NAME:LINE" of each
};

} // namespace rtpnl::cli

#endif
