// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl stats" (see cmd_stats.hpp).
#include "cmd_stats.hpp"

#include "cmd_table.hpp"
#include "error_text.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"
#include "stats_export.hpp"

#include <array>
#include <cerrno>
#include <sstream>
#include <string>

namespace rtpnl::cli {

namespace {

// In the order the parser tries them (prefix ties).
constexpr std::array<std::string_view, 3> commands{"help", "prometheus", "reset"};
constexpr std::array<std::string_view, 2> reset_keys{"table", "local"};
constexpr std::array<std::string_view, 2> prometheus_keys{"table", "file"};

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

std::string quote(std::string_view word) { return "'" + std::string(word) + "'"; }

void print_stats_help(std::ostream &out)
{
	out << "Usage: rtpnl stats reset table ID [ local ENDPOINT ]\n"
	       "       rtpnl stats prometheus [ table ID ] [ file PATH ]\n"
	       "       rtpnl stats help\n"
	       "where  ENDPOINT := { IPV4:PORT | [IPV6]:PORT }\n"
	       "reset zeroes the counters (packets, bytes, errors, ttl-expired, too-big, per\n"
	       "payload type, per SSRC) of the rule of ENDPOINT, or of every rule of table ID.\n"
	       "prometheus prints each table's counters for node_exporter's textfile\n"
	       "collector, or replaces PATH with them atomically.\n";
}

// prometheus [ table ID ] [ file PATH ]
Result<StatsCommand> parse_prometheus(Args args)
{
	StatsCommand cmd;
	cmd.prometheus = true;
	for (std::size_t i = 0; i < args.size(); i += 2) {
		const std::string_view word = args[i];
		const std::string_view key = find_word(word, prometheus_keys);
		if (key.empty())
			return usage("unknown argument " + quote(word));
		const bool table = key == "table", file = key == "file";
		if ((table && cmd.only_table) || (file && !cmd.file.empty()))
			return usage("duplicate " + quote(key));
		if (i + 1 >= args.size())
			return usage("missing value after " + quote(key));
		if (file) {
			if (args[i + 1].empty())
				return usage("empty file name");
			cmd.file = args[i + 1];
			continue;
		}
		auto id = parse_table_id(args[i + 1]);
		if (!id)
			return id.error();
		cmd.only_table = *id;
	}
	return cmd;
}

int prometheus(Context &ctx, const StatsCommand &cmd)
{
	auto tables_api = ctx.open_table_api();
	if (!tables_api)
		return ctx.failure(table_error_text(tables_api.error(), std::nullopt));
	auto tables = (*tables_api)->tables();
	if (!tables)
		return ctx.failure(table_error_text(tables.error(), std::nullopt));
	if (cmd.only_table) {
		std::erase_if(*tables, [&](const Table &t) { return t.id != *cmd.only_table; });
		if (tables->empty())
			return ctx.failure(table_error_text(Error::kernel(ENOENT, ""), cmd.only_table));
	}
	auto api = ctx.open_rule_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	auto rules = (*api)->rules(cmd.only_table);
	if (!rules)
		return ctx.failure(table_error_text(rules.error(), cmd.only_table));
	const auto totals = table_totals(*tables, *rules);
	if (cmd.file.empty()) {
		write_prometheus(ctx.out, totals, ctx.options.netns);
		return exit_ok;
	}
	std::ostringstream text;
	write_prometheus(text, totals, ctx.options.netns);
	if (auto r = write_file_atomically(cmd.file, text.str()); !r)
		return ctx.failure(r.error().text());
	return exit_ok;
}

} // namespace

Result<StatsCommand> parse_stats_command(Args args)
{
	StatsCommand cmd;
	if (args.empty())
		return usage("missing command (try 'rtpnl stats help')");
	const std::string_view command = find_word(args[0], commands);
	if (command == "help") {
		cmd.help = true;
		return cmd;
	}
	if (command == "prometheus")
		return parse_prometheus(args.subspan(1));
	if (command != "reset")
		return usage("unknown stats command " + quote(args[0]) + " (try 'rtpnl stats help')");
	bool has_table = false;
	for (std::size_t i = 1; i < args.size(); i += 2) {
		const std::string_view word = args[i];
		const std::string_view key = find_word(word, reset_keys);
		if (key.empty())
			return usage("unknown argument " + quote(word));
		const bool table = key == "table", local = key == "local";
		if ((table && has_table) || (local && cmd.local))
			return usage("duplicate " + quote(key));
		if (i + 1 >= args.size())
			return usage("missing value after " + quote(key));
		if (table) {
			auto id = parse_table_id(args[i + 1]);
			if (!id)
				return id.error();
			cmd.table = *id;
			has_table = true;
		} else {
			auto ep = parse_endpoint(args[i + 1]);
			if (!ep)
				return ep.error();
			cmd.local = *ep;
		}
	}
	if (!has_table)
		return usage("missing 'table'");
	return cmd;
}

void add_stats_grammar(std::vector<GrammarPlace> &places)
{
	const auto place = [&](std::string line, std::span<const std::string_view> words) {
		places.push_back({std::move(line), {words.begin(), words.end()}});
	};
	place("rtpnl stats ", commands);
	place("rtpnl stats reset ", reset_keys);
	place("rtpnl stats prometheus ", prometheus_keys);
}

int cmd_stats(Context &ctx, Args args)
{
	auto cmd = parse_stats_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	if (cmd->help) {
		print_stats_help(ctx.out);
		return exit_ok;
	}
	if (cmd->prometheus)
		return prometheus(ctx, *cmd);
	auto api = ctx.open_rule_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	if (auto r = (*api)->stats_reset(cmd->table, cmd->local); !r)
		return ctx.failure(cmd->local ? rule_error_text(r.error(), cmd->table, *cmd->local)
					      : table_error_text(r.error(), cmd->table));
	return exit_ok;
}

} // namespace rtpnl::cli
