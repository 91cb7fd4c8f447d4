// SPDX-License-Identifier: LGPL-2.1-or-later
// RuleApi: the rule operations as an interface, so the CLI can run against
// the kernel (Client) or against a fake in unit tests.
#ifndef RTPNL_RULE_API_HPP
#define RTPNL_RULE_API_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace rtpnl {

// One request of rule_batch(): RULE_NEW of `rule` with `mode`, or without a
// mode RULE_DEL of rule.table / rule.local.
struct RuleRequest {
	Rule rule;
	std::optional<RuleMode> mode;
};

class RuleApi {
public:
	virtual ~RuleApi() = default;

	// RULE_NEW with the mode's flags (see RuleMode); rule.stats is ignored.
	virtual Result<void> rule_add(const Rule &rule, RuleMode mode) = 0;
	virtual Result<void> rule_del(std::uint32_t table, const Endpoint &local) = 0;
	// The rule with its statistics.
	virtual Result<Rule> rule_get(std::uint32_t table, const Endpoint &local) = 0;
	// Zeroes the counters of the rule of `local`, or of every rule of the
	// table without it (STATS_RESET).
	virtual Result<void> stats_reset(std::uint32_t table, const std::optional<Endpoint> &local) = 0;
	// The rules of one table, or of all tables, with their statistics.
	virtual Result<std::vector<Rule>> rules(std::optional<std::uint32_t> table) = 0;
	// Many rule_add / rule_del, results[i] request i's. An Error: the
	// exchange itself failed, and the requests it left without an answer
	// have ECANCELED (Error::Origin::local). This default sends them one at
	// a time (every result known, never an Error); the Client batches.
	virtual Result<void> rule_batch(std::span<const RuleRequest> requests,
					std::vector<Result<void>> &results);
};

} // namespace rtpnl

#endif
