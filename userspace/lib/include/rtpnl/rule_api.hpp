// SPDX-License-Identifier: LGPL-2.1-or-later
// RuleApi: the rule operations as an interface, so the CLI can run against
// the kernel (Client) or against a fake in unit tests.
#ifndef RTPNL_RULE_API_HPP
#define RTPNL_RULE_API_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace rtpnl {

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
};

} // namespace rtpnl

#endif
