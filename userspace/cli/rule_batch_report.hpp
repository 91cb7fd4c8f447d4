// SPDX-License-Identifier: LGPL-2.1-or-later
// The results of RuleApi::rule_batch reported as rtpnl reports a rule
// command run alone: one "Error: WHERE: reason" line per refused request,
// in the words `rule add / replace / change / del` would use. A failed
// exchange adds one line, at the first request it left without an answer,
// saying how many have none: those may or may not have been applied.
#ifndef RTPNL_CLI_RULE_BATCH_REPORT_HPP
#define RTPNL_CLI_RULE_BATCH_REPORT_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/rule_api.hpp"

#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

namespace rtpnl::cli {

// What a rule command says about this request's error (rule_error_text).
std::string rule_request_error_text(const Error &error, const RuleRequest &req);

// Prints the failures to `err`, in request order; where(i) names request i
// ("rule 3 (table 42 local 10.0.0.1:5000)", "rules.conf:7"). `exchange` is
// rule_batch's own result. Returns whether anything failed.
bool report_rule_batch(std::ostream &err, std::span<const RuleRequest> requests,
		       const std::vector<Result<void>> &results, const Result<void> &exchange,
		       const std::function<std::string(std::size_t)> &where);

} // namespace rtpnl::cli

#endif
