// SPDX-License-Identifier: LGPL-2.1-or-later
// Runs of rule lines in batch mode (see batch_rules.hpp).
#include "batch_rules.hpp"

#include "error_text.hpp"
#include "exit_status.hpp"
#include "rule_batch_report.hpp"

#include <optional>

namespace rtpnl::cli {

void RuleRun::add(RuleRequest request, std::string where)
{
	requests_.push_back(std::move(request));
	where_.push_back(std::move(where));
}

int RuleRun::flush(Context &ctx)
{
	if (requests_.empty())
		return exit_ok;
	bool failed = true;
	auto api = ctx.open_rule_api();
	if (!api) {
		// As each line would have said it alone; without -force the first
		// would have stopped the batch.
		for (const std::string &where : where_) {
			ctx.err << "Error: " << where << ": " << table_error_text(api.error(), std::nullopt)
				<< '\n';
			if (!ctx.options.force)
				break;
		}
	} else {
		std::vector<Result<void>> results;
		const auto r = (*api)->rule_batch(requests_, results);
		failed = report_rule_batch(ctx.err, requests_, results, r,
					   [&](std::size_t i) { return where_[i]; });
	}
	requests_.clear();
	where_.clear();
	return failed ? exit_failure : exit_ok;
}

} // namespace rtpnl::cli
