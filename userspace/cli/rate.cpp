// SPDX-License-Identifier: LGPL-2.1-or-later
// Rates from two counter samples (see rate.hpp).
#include "rate.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace rtpnl::cli {

namespace {

// The growth of a counter; one that went down was reset and counts from 0.
std::uint64_t growth(std::uint64_t before, std::uint64_t after)
{
	return after >= before ? after - before : after;
}

template <typename Rate>
bool busier(const Rate &a, const Rate &b)
{
	if (a.bits_per_second != b.bits_per_second)
		return a.bits_per_second > b.bits_per_second;
	if (a.packets_per_second != b.packets_per_second)
		return a.packets_per_second > b.packets_per_second;
	return a.table < b.table;
}

bool rule_busier(const RuleRate &a, const RuleRate &b)
{
	if (busier(a, b) || busier(b, a))
		return busier(a, b);
	// The same rates in the same table.
	return std::tie(a.local.family, a.local.addr, a.local.port) <
	       std::tie(b.local.family, b.local.addr, b.local.port);
}

long long whole(double rate) { return std::llround(rate); }

} // namespace

std::vector<RuleRate> rule_rates(std::span<const Rule> before, std::span<const Rule> after,
				 double seconds)
{
	std::vector<RuleRate> rates;
	for (const Rule &rule : after) {
		const RuleStats now = rule.stats.value_or(RuleStats{});
		RuleStats then;
		for (const Rule &old : before)
			if (old.table == rule.table && old.local == rule.local && old.stats)
				then = *old.stats;
		RuleRate rate;
		rate.table = rule.table;
		rate.local = rule.local;
		rate.packets_per_second =
			static_cast<double>(growth(then.packets, now.packets)) / seconds;
		rate.bits_per_second =
			static_cast<double>(growth(then.bytes, now.bytes)) * 8 / seconds;
		rates.push_back(rate);
	}
	std::sort(rates.begin(), rates.end(), rule_busier);
	return rates;
}

std::vector<TableRate> table_rates(std::span<const RuleRate> rules)
{
	std::map<std::uint32_t, TableRate> by_id;
	for (const RuleRate &r : rules) {
		TableRate &t = by_id[r.table];
		t.table = r.table;
		++t.rules;
		t.packets_per_second += r.packets_per_second;
		t.bits_per_second += r.bits_per_second;
	}
	std::vector<TableRate> tables;
	for (const auto &[id, t] : by_id)
		tables.push_back(t);
	std::sort(tables.begin(), tables.end(), busier<TableRate>);
	return tables;
}

void print_rates(std::ostream &out, std::span<const TableRate> tables,
		 std::span<const RuleRate> rules, bool json, bool pretty)
{
	if (!json) {
		for (const TableRate &t : tables)
			out << "table " << t.table << " rules " << t.rules << " packets/s "
			    << whole(t.packets_per_second) << " bits/s " << whole(t.bits_per_second)
			    << '\n';
		for (const RuleRate &r : rules)
			out << "table " << r.table << " local " << format_endpoint(r.local)
			    << " packets/s " << whole(r.packets_per_second) << " bits/s "
			    << whole(r.bits_per_second) << '\n';
		return;
	}
	using Json = nlohmann::ordered_json;
	Json doc{{"tables", Json::array()}, {"rules", Json::array()}};
	for (const TableRate &t : tables)
		doc["tables"].push_back({{"table", t.table},
					 {"rules", t.rules},
					 {"packets_per_second", t.packets_per_second},
					 {"bits_per_second", t.bits_per_second}});
	for (const RuleRate &r : rules)
		doc["rules"].push_back({{"table", r.table},
					{"local", format_endpoint(r.local)},
					{"packets_per_second", r.packets_per_second},
					{"bits_per_second", r.bits_per_second}});
	out << doc.dump(pretty ? 4 : -1) << '\n';
}

} // namespace rtpnl::cli
