// SPDX-License-Identifier: LGPL-2.1-or-later
// RuleApi's default rule_batch: one request after the other (see rule_api.hpp).
#include "rtpnl/rule_api.hpp"

namespace rtpnl {

Result<void> RuleApi::rule_batch(std::span<const RuleRequest> requests,
				 std::vector<Result<void>> &results)
{
	results.clear();
	results.reserve(requests.size());
	for (const RuleRequest &req : requests)
		results.push_back(req.mode ? rule_add(req.rule, *req.mode)
					   : rule_del(req.rule.table, req.rule.local));
	return {};
}

} // namespace rtpnl
