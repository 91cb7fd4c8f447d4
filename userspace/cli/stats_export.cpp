// SPDX-License-Identifier: LGPL-2.1-or-later
// Prometheus text output of the table counters (see stats_export.hpp).
#include "stats_export.hpp"

#include "rule_print.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>

namespace rtpnl::cli {

namespace {

struct Metric {
	std::string_view name;
	std::string_view type;
	std::string_view help;
	std::uint64_t TableTotals::*value;
};

// The order of the file; names follow Prometheus' conventions (a counter
// ends in _total, the unit is in the name).
constexpr std::array<Metric, 9> metrics{{
	{"rtpfwd_rules", "gauge", "Rules in the rtpfwd table.", &TableTotals::rules},
	{"rtpfwd_packets_total", "counter", "Packets forwarded by the table's rules.",
	 &TableTotals::packets},
	{"rtpfwd_bytes_total", "counter", "UDP payload bytes forwarded by the table's rules.",
	 &TableTotals::bytes},
	{"rtpfwd_errors_total", "counter",
	 "Packets the table's rules did not forward: dropped or handed up (includes ttl_expired).",
	 &TableTotals::errors},
	{"rtpfwd_ttl_expired_total", "counter",
	 "Packets dropped because their TTL or hop limit ran out (a forwarding loop).",
	 &TableTotals::ttl_expired},
	{"rtpfwd_too_big_total", "counter",
	 "Packets handed to the local socket because they exceed an output's path MTU.",
	 &TableTotals::too_big},
	{"rtpfwd_srtp_auth_failed_total", "counter",
	 "SRTP packets handed to the local socket untouched: authentication tag or MKI wrong.",
	 &TableTotals::srtp_auth_failed},
	{"rtpfwd_srtp_replayed_total", "counter",
	 "SRTP packets dropped as replays (seen already, or older than the replay window).",
	 &TableTotals::srtp_replayed},
	{"rtpfwd_blackholed_total", "counter",
	 "Packets dropped by the table's blackhole rules, as they are meant to (not errors).",
	 &TableTotals::blackholed},
}};

// A counter per table and reason: its values, by reason, in TableTotals.
struct ReasonMetric {
	std::string_view name;
	std::string_view help;
	const std::array<ErrorReason, 4> &reasons;
	std::array<std::uint64_t, 4> TableTotals::*values;
};

const std::array<ReasonMetric, 2> reason_metrics{{
	{"rtpfwd_errors_by_reason_total",
	 "Errors of the table's rules by reason (no_route and output_failed count outputs, "
	 "the others packets; errors of other reasons are in rtpfwd_errors_total only).",
	 error_reasons, &TableTotals::error_reasons},
	{"rtpfwd_handed_up_total",
	 "Packets the table's rules handed to the local socket, not as errors, by reason.",
	 handed_up_reasons, &TableTotals::handed_up},
}};

// A label value: backslash, double quote and newline escaped.
std::string label_value(std::string_view value)
{
	std::string escaped;
	for (const char c : value) {
		if (c == '\\' || c == '"')
			escaped += '\\';
		if (c == '\n') {
			escaped += "\\n";
			continue;
		}
		escaped += c;
	}
	return escaped;
}

Error system_error(const std::string &what)
{
	const int err = errno;
	return Error::local(err, what + ": " + std::strerror(err));
}

} // namespace

std::vector<TableTotals> table_totals(std::span<const Table> tables, std::span<const Rule> rules)
{
	std::map<std::uint32_t, TableTotals> by_id;
	for (const Table &t : tables)
		by_id[t.id].table = t.id;
	for (const Rule &rule : rules) {
		TableTotals &sum = by_id[rule.table];
		sum.table = rule.table;
		++sum.rules;
		if (!rule.stats)
			continue;
		sum.packets += rule.stats->packets;
		sum.bytes += rule.stats->bytes;
		sum.errors += rule.stats->errors;
		sum.ttl_expired += rule.stats->ttl_expired;
		sum.too_big += rule.stats->too_big;
		sum.srtp_auth_failed += rule.stats->srtp_auth_failed;
		sum.srtp_replayed += rule.stats->srtp_replayed;
		sum.blackholed += rule.stats->blackholed;
		for (std::size_t i = 0; i < error_reasons.size(); i++)
			sum.error_reasons[i] += *rule.stats.*error_reasons[i].member;
		for (std::size_t i = 0; i < handed_up_reasons.size(); i++)
			sum.handed_up[i] += *rule.stats.*handed_up_reasons[i].member;
	}
	std::vector<TableTotals> totals;
	for (const auto &[id, sum] : by_id)
		totals.push_back(sum);
	return totals;
}

void write_prometheus(std::ostream &out, std::span<const TableTotals> totals,
		      std::string_view netns)
{
	const std::string extra = netns.empty() ? "" : ",netns=\"" + label_value(netns) + "\"";
	for (const Metric &m : metrics) {
		out << "# HELP " << m.name << ' ' << m.help << '\n'
		    << "# TYPE " << m.name << ' ' << m.type << '\n';
		for (const TableTotals &t : totals)
			out << m.name << "{table=\"" << t.table << '"' << extra << "} " << t.*m.value
			    << '\n';
	}
	for (const ReasonMetric &m : reason_metrics) {
		out << "# HELP " << m.name << ' ' << m.help << '\n'
		    << "# TYPE " << m.name << " counter\n";
		for (const TableTotals &t : totals)
			for (std::size_t i = 0; i < m.reasons.size(); i++)
				out << m.name << "{table=\"" << t.table << "\",reason=\""
				    << m.reasons[i].name << '"' << extra << "} " << (t.*m.values)[i]
				    << '\n';
	}
}

Result<void> write_file_atomically(const std::string &path, std::string_view text)
{
	// Next to the target, so rename() stays within one file system; a name
	// without the target's suffix (.prom), which the collector skips.
	std::string temp = path + ".XXXXXX";
	const int fd = ::mkstemp(temp.data());
	if (fd < 0)
		return system_error("cannot create a temporary file for '" + path + "'");
	const auto fail = [&](const std::string &what) {
		Error e = system_error(what);
		::close(fd);
		::unlink(temp.c_str());
		return e;
	};
	for (std::size_t done = 0; done < text.size();) {
		const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail("cannot write '" + temp + "'");
		done += static_cast<std::size_t>(n);
	}
	if (::fchmod(fd, 0644) != 0)
		return fail("cannot chmod '" + temp + "'");
	if (::fsync(fd) != 0)
		return fail("cannot write '" + temp + "'");
	if (::close(fd) != 0) {
		Error e = system_error("cannot write '" + temp + "'");
		::unlink(temp.c_str());
		return e;
	}
	if (::rename(temp.c_str(), path.c_str()) != 0) {
		Error e = system_error("cannot rename '" + temp + "' to '" + path + "'");
		::unlink(temp.c_str());
		return e;
	}
	return {};
}

} // namespace rtpnl::cli
