// SPDX-License-Identifier: LGPL-2.1-or-later
// Rates from two samples of the rule counters ("rtpnl rules list rate",
// "rtpnl top"): packets/s and bits/s per rule and per table, busiest first.
//
// Pure (unit-tested): the caller takes the samples and measures the time
// between them; printing is here too, text and JSON.
#ifndef RTPNL_CLI_RATE_HPP
#define RTPNL_CLI_RATE_HPP

#include "rtpnl/rule.hpp"

#include <cstdint>
#include <ostream>
#include <span>
#include <vector>

namespace rtpnl::cli {

struct RuleRate {
	std::uint32_t table = 0;
	Endpoint local;
	double packets_per_second = 0;
	double bits_per_second = 0; // of UDP payload, as the byte counters count

	bool operator==(const RuleRate &) const = default;
};

struct TableRate {
	std::uint32_t table = 0;
	std::uint64_t rules = 0; // rules with a rate
	double packets_per_second = 0;
	double bits_per_second = 0;

	bool operator==(const TableRate &) const = default;
};

// The rate of each rule of `after` over `seconds` (> 0) since `before`,
// matched by table and local endpoint. A rule missing from `before` (new)
// or whose counters went down (stats reset) counts from zero. Sorted by
// bits/s, then packets/s, busiest first; ties by table and endpoint.
std::vector<RuleRate> rule_rates(std::span<const Rule> before, std::span<const Rule> after,
				 double seconds);

// The rates of each table: the sums of its rules', sorted like rule_rates.
std::vector<TableRate> table_rates(std::span<const RuleRate> rules);

// Text, one line each, tables first, rates rounded to whole numbers:
//   table 42 rules 2 packets/s 100 bits/s 137600
//   table 42 local 10.0.0.1:1000 packets/s 50 bits/s 68800
// JSON: {"tables":[{"table":42,"rules":2,"packets_per_second":100.0,
//   "bits_per_second":137600.0}],"rules":[{"table":42,"local":"...",...}]}
void print_rates(std::ostream &out, std::span<const TableRate> tables,
		 std::span<const RuleRate> rules, bool json, bool pretty);

} // namespace rtpnl::cli

#endif
