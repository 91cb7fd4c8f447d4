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

	bool operator==(const TableTotals &) const = default;
};

// Every table of `tables` (by id; a table without rules has zeros), its
// rules' counters summed; rules without statistics count as rules only.
std::vector<TableTotals> table_totals(std::span<const Table> tables, std::span<const Rule> rules);

// The metrics, each with # HELP and # TYPE, one sample per table:
//   rtpfwd_rules{table="42"} 3
//   rtpfwd_packets_total{table="42"} 139
// (also bytes, errors, ttl_expired, too_big). A non-empty netns adds a
// netns="NAME" label (escaped as the format wants).
void write_prometheus(std::ostream &out, std::span<const TableTotals> totals,
		      std::string_view netns);

// Writes `text` to a temporary file next to `path`, then renames it over
// `path` (mode 0644): readers see the old file or the new one.
Result<void> write_file_atomically(const std::string &path, std::string_view text);

} // namespace rtpnl::cli

#endif
