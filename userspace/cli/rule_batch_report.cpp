// SPDX-License-Identifier: LGPL-2.1-or-later
// Reporting a rule batch's results (see rule_batch_report.hpp).
#include "rule_batch_report.hpp"

#include "error_text.hpp"

#include <algorithm>
#include <cerrno>

namespace rtpnl::cli {

namespace {

// A request the failed exchange left without an answer (RuleApi::rule_batch).
bool unanswered(const Result<void> &result, const Result<void> &exchange)
{
	return !exchange && !result && result.error().errnum == ECANCELED &&
	       result.error().origin == Error::Origin::local;
}

std::string no_answer_text(std::size_t count)
{
	if (count == 1)
		return " (no answer for this request)";
	return " (no answer for this and " + std::to_string(count - 1) + " later requests)";
}

} // namespace

std::string rule_request_error_text(const Error &error, const RuleRequest &req)
{
	const bool creates = req.mode && *req.mode != RuleMode::change;
	return rule_error_text(error, req.rule.table, req.rule.local, creates);
}

bool report_rule_batch(std::ostream &err, std::span<const RuleRequest> requests,
		       const std::vector<Result<void>> &results, const Result<void> &exchange,
		       const std::function<std::string(std::size_t)> &where)
{
	const auto count = static_cast<std::size_t>(std::count_if(
		results.begin(), results.end(),
		[&](const Result<void> &r) { return unanswered(r, exchange); }));
	bool failed = false;
	bool exchange_told = false;
	for (std::size_t i = 0; i < results.size(); ++i) {
		if (results[i])
			continue;
		failed = true;
		if (!unanswered(results[i], exchange)) {
			err << "Error: " << where(i) << ": "
			    << rule_request_error_text(results[i].error(), requests[i]) << '\n';
		} else if (!exchange_told) {
			err << "Error: " << where(i) << ": " << exchange.error().text()
			    << no_answer_text(count) << '\n';
			exchange_told = true;
		}
	}
	// A failed exchange that left no request to name.
	if (!exchange && !exchange_told) {
		err << "Error: ";
		if (!results.empty())
			err << where(results.size() - 1) << ": ";
		err << exchange.error().text() << '\n';
		failed = true;
	}
	return failed;
}

} // namespace rtpnl::cli
