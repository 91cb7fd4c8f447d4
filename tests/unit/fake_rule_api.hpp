// SPDX-License-Identifier: LGPL-2.1-or-later
// A RuleApi that records calls and returns scripted results, so the rule
// commands can be run end to end without a kernel.
#ifndef RTPFWD_TEST_FAKE_RULE_API_HPP
#define RTPFWD_TEST_FAKE_RULE_API_HPP

#include "rtpnl/rule_api.hpp"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

struct FakeRuleApi final : rtpnl::RuleApi {
	std::vector<std::string> calls;
	std::vector<std::pair<rtpnl::Rule, rtpnl::RuleMode>> added; // rule_add arguments
	std::optional<rtpnl::Error> fail; // returned by every operation if set...
	std::optional<std::size_t> fail_at; // ...or only by the call with this index (0-based)
	std::optional<std::size_t> fail_from; // ...or by every call from this index on
	std::vector<rtpnl::Rule> list;
	std::vector<std::size_t> batches; // the size of each rule_batch
	// rule_batch's exchange fails at this request: it and those after it
	// are not run and get ECANCELED, the batch ENOBUFS.
	std::optional<std::size_t> lost_from;

	static std::string mode_name(rtpnl::RuleMode m)
	{
		switch (m) {
		case rtpnl::RuleMode::add: return "add";
		case rtpnl::RuleMode::replace: return "replace";
		case rtpnl::RuleMode::change: return "change";
		}
		return "?";
	}

	std::optional<rtpnl::Error> scripted()
	{
		const std::size_t n = calls.size() - 1;
		if (!fail || (fail_at && *fail_at != n) || (fail_from && n < *fail_from))
			return std::nullopt;
		return fail;
	}

	rtpnl::Result<void> rule_add(const rtpnl::Rule &rule, rtpnl::RuleMode mode) override
	{
		calls.push_back(mode_name(mode) + " " + std::to_string(rule.table) + " " +
				rtpnl::format_endpoint(rule.local));
		added.emplace_back(rule, mode);
		if (auto e = scripted())
			return *e;
		return {};
	}
	rtpnl::Result<void> rule_del(std::uint32_t table, const rtpnl::Endpoint &local) override
	{
		calls.push_back("del " + std::to_string(table) + " " + rtpnl::format_endpoint(local));
		if (auto e = scripted())
			return *e;
		return {};
	}
	rtpnl::Result<rtpnl::Rule> rule_get(std::uint32_t table, const rtpnl::Endpoint &local) override
	{
		calls.push_back("get " + std::to_string(table) + " " + rtpnl::format_endpoint(local));
		if (auto e = scripted())
			return *e;
		for (const auto &r : list)
			if (r.table == table && r.local == local)
				return r;
		return rtpnl::Error::kernel(ENOENT, "");
	}
	rtpnl::Result<void> stats_reset(std::uint32_t table,
					const std::optional<rtpnl::Endpoint> &local) override
	{
		calls.push_back("reset " + std::to_string(table) +
				(local ? " " + rtpnl::format_endpoint(*local) : std::string()));
		if (auto e = scripted())
			return *e;
		return {};
	}
	rtpnl::Result<std::vector<rtpnl::Rule>> rules(std::optional<std::uint32_t> table) override
	{
		calls.push_back(table ? "list " + std::to_string(*table) : std::string("list"));
		if (auto e = scripted())
			return *e;
		std::vector<rtpnl::Rule> out;
		for (const auto &r : list)
			if (!table || r.table == *table)
				out.push_back(r);
		return out;
	}
	// One call after the other (RuleApi's own), recorded as such.
	rtpnl::Result<void> rule_batch(std::span<const rtpnl::RuleRequest> requests,
				       std::vector<rtpnl::Result<void>> &results) override
	{
		batches.push_back(requests.size());
		const std::size_t run = std::min(lost_from.value_or(requests.size()), requests.size());
		auto r = RuleApi::rule_batch(requests.first(run), results);
		if (!lost_from)
			return r;
		results.resize(requests.size(), rtpnl::Error::local(ECANCELED, "not answered"));
		return rtpnl::Error::local(ENOBUFS, "acks were lost");
	}
};

// Hands a FakeRuleApi owned by the test to code that wants ownership.
struct ForwardingRuleApi final : rtpnl::RuleApi {
	explicit ForwardingRuleApi(rtpnl::RuleApi &target) : to(target) {}
	rtpnl::RuleApi &to;

	rtpnl::Result<void> rule_add(const rtpnl::Rule &r, rtpnl::RuleMode m) override
	{
		return to.rule_add(r, m);
	}
	rtpnl::Result<void> rule_del(std::uint32_t t, const rtpnl::Endpoint &l) override
	{
		return to.rule_del(t, l);
	}
	rtpnl::Result<rtpnl::Rule> rule_get(std::uint32_t t, const rtpnl::Endpoint &l) override
	{
		return to.rule_get(t, l);
	}
	rtpnl::Result<void> stats_reset(std::uint32_t t,
					const std::optional<rtpnl::Endpoint> &l) override
	{
		return to.stats_reset(t, l);
	}
	rtpnl::Result<std::vector<rtpnl::Rule>> rules(std::optional<std::uint32_t> t) override
	{
		return to.rules(t);
	}
	rtpnl::Result<void> rule_batch(std::span<const rtpnl::RuleRequest> r,
				       std::vector<rtpnl::Result<void>> &results) override
	{
		return to.rule_batch(r, results);
	}
};

#endif
