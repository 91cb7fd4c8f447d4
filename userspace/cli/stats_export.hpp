// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl stats prometheus": the counters of each table, summed over its
// rules, in the Prometheus text format that node_exporter's textfile
// collector reads, and the atomic file write the collector needs (it must
// never read a half-written file).
//
// The formatting is pure (unit-tested); only write_file_atomically()
// touches the file system.
#ifndef RTPNL_CLI_STATS_EXPORT_HPP
#define RTPNL_CLI_STATS_EXPORT_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"
#include "rtpnl/table.hpp"

#include <array>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// One table's rules and the sums of their counters (RTPFWD_STATS_A_*).
struct TableTotals {
	std::uint32_t table = 0;
	std::uint64_t rules = 0;
	std::uint64_t packets = 0;
	std::uint64_t bytes = 0;
	std::uint64_t errors = 0;
	std::uint64_t ttl_expired = 0;
	std::uint64_t too_big = 0;
	// By reason, in the order of error_reasons and handed_up_reasons
	// (rule_print.hpp).
	std::array<std::uint64_t, 4> error_reasons = {};
	std::array<std::uint64_t, 4> handed_up = {};
	std::uint64_t srtp_auth_failed = 0;
	std::uint64_t srtp_replayed = 0;
	std::uint64_t blackholed = 0;

	bool operator==(const TableTotals &) const = default;
};

// Every table of `tables` (by id; a table without rules has zeros), its
// rules' counters summed; rules without statistics count as rules only.
std::vector<TableTotals> table_totals(std::span<const Table> tables, std::span<const Rule> rules);

// The metrics, each with # HELP and # TYPE, one sample per table:
//   rtpfwd_rules{table="42"} 3
//   rtpfwd_packets_total{table="42"} 139
// (also bytes, errors, ttl_expired, too_big, srtp_auth_failed, srtp_replayed,
// blackholed), then one sample per table and reason (the JSON names of
// rtpnl -j -s -s):
//   rtpfwd_errors_by_reason_total{table="42",reason="no_route"} 1
//   rtpfwd_handed_up_total{table="42",reason="stun"} 4
// Own metrics, not a reason label on rtpfwd_errors_total: summing a metric
// over its labels must not count twice. A non-empty netns adds a
// netns="NAME" label (escaped as the format wants).
void write_prometheus(std::ostream &out, std::span<const TableTotals> totals,
		      std::string_view netns);

// Writes `text` to a temporary file next to `path`, then renames it over
// `path` (mode 0644): readers see the old file or the new one.
Result<void> write_file_atomically(const std::string &path, std::string_view text);

} // namespace rtpnl::cli

#endif
