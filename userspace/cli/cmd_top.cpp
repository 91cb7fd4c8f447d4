// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl top" and the rate sampling (see cmd_top.hpp).
#include "cmd_top.hpp"

#include "cmd_table.hpp"
#include "error_text.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"
#include "rate.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

namespace rtpnl::cli {

namespace {

constexpr std::array<std::string_view, 3> keys{"table", "interval", "count"};

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

void print_top_help(std::ostream &out)
{
	out << "Usage: rtpnl top [ table ID ] [ interval SECONDS ] [ count N ]\n"
	       "       rtpnl rules list [ table ID ] rate [ interval SECONDS ]\n"
	       "       rtpnl top help\n"
	       "Samples the rule counters every SECONDS (default 1, 0.1..3600) and shows\n"
	       "packets/s and bits/s (UDP payload) per table and per rule, busiest first;\n"
	       "top repeats until interrupted or N times.\n";
}

using Clock = std::chrono::steady_clock;

} // namespace

Result<double> parse_interval(std::string_view word)
{
	double seconds = 0;
	const char *end = word.data() + word.size();
	auto [ptr, ec] = std::from_chars(word.data(), end, seconds, std::chars_format::fixed);
	if (word.empty() || ptr != end || ec != std::errc{} || !(seconds >= rate_interval_min) ||
	    !(seconds <= rate_interval_max))
		return usage("invalid interval '" + std::string(word) + "' (seconds, 0.1..3600)");
	return seconds;
}

Result<TopCommand> parse_top_command(Args args)
{
	TopCommand cmd;
	if (args.size() == 1 && matches(args[0], "help")) {
		cmd.help = true;
		return cmd;
	}
	bool has_interval = false;
	for (std::size_t i = 0; i < args.size(); i += 2) {
		const std::string_view word = args[i];
		const std::string_view key = find_word(word, keys);
		if (key.empty())
			return usage("unknown argument '" + std::string(word) + "'");
		if ((key == "table" && cmd.table) || (key == "interval" && has_interval) ||
		    (key == "count" && cmd.count))
			return usage("duplicate '" + std::string(key) + "'");
		if (i + 1 >= args.size())
			return usage("missing value after '" + std::string(key) + "'");
		const std::string_view value = args[i + 1];
		if (key == "table") {
			auto id = parse_table_id(value);
			if (!id)
				return id.error();
			cmd.table = *id;
		} else if (key == "interval") {
			auto seconds = parse_interval(value);
			if (!seconds)
				return seconds.error();
			cmd.interval = *seconds;
			has_interval = true;
		} else {
			std::uint64_t n = 0;
			auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
			if (value.empty() || ptr != value.data() + value.size() || ec != std::errc{} ||
			    n == 0)
				return usage("invalid count '" + std::string(value) + "' (1 or more)");
			cmd.count = n;
		}
	}
	return cmd;
}

int show_rates(Context &ctx, RuleApi &api, std::optional<std::uint32_t> table, double interval,
	       std::optional<std::uint64_t> count, bool clear)
{
	auto before = api.rules(table);
	if (!before)
		return ctx.failure(table_error_text(before.error(), table));
	Clock::time_point then = Clock::now();
	for (std::uint64_t n = 0; !count || n < *count; ++n) {
		std::this_thread::sleep_until(then + std::chrono::duration<double>(interval));
		auto after = api.rules(table);
		if (!after)
			return ctx.failure(table_error_text(after.error(), table));
		const Clock::time_point now = Clock::now();
		const double seconds = std::chrono::duration<double>(now - then).count();
		const auto rules = rule_rates(*before, *after, seconds);
		if (clear)
			ctx.out << "\033[H\033[2J" << "rtpnl top: every " << interval
				<< " s, busiest first (Ctrl-C ends)\n";
		print_rates(ctx.out, table_rates(rules), rules, ctx.options.json, ctx.options.pretty);
		ctx.out.flush();
		before = std::move(after);
		then = now;
	}
	return exit_ok;
}

void add_top_grammar(std::vector<GrammarPlace> &places)
{
	places.push_back({"rtpnl top ", {keys.begin(), keys.end()}});
	places.back().keywords.emplace_back("help");
	places.push_back({"rtpnl top table 1 ", {keys.begin(), keys.end()}});
}

int cmd_top(Context &ctx, Args args)
{
	auto cmd = parse_top_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	if (cmd->help) {
		print_top_help(ctx.out);
		return exit_ok;
	}
	auto api = ctx.open_rule_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	// Only a terminal is cleared: a pipe or file gets every sample.
	const bool clear = &ctx.out == &std::cout && ::isatty(STDOUT_FILENO) && !ctx.options.json;
	return show_rates(ctx, **api, cmd->table, cmd->interval, cmd->count, clear);
}

} // namespace rtpnl::cli
