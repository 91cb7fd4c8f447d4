// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl: option parsing, the object table and dispatch (see cli.hpp).
#include "cli.hpp"

#include "batch.hpp"
#include "cmd_conf.hpp"
#include "cmd_monitor.hpp"
#include "cmd_nft.hpp"
#include "cmd_recording.hpp"
#include "cmd_rule.hpp"
#include "cmd_stats.hpp"
#include "cmd_table.hpp"
#include "cmd_top.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"

#include <array>
#include <string>

#ifndef RTPNL_VERSION
#error "RTPNL_VERSION must come from the build (CMake project version)"
#endif

namespace rtpnl::cli {

namespace {

int cmd_help(Context &ctx, Args)
{
	print_help(ctx.out);
	return exit_ok;
}

// One file per object; order decides prefix ties ("t" is table, "r" is
// rule, "re" recording). New objects (nft, ...) go here.
constexpr std::array<Subcommand, 11> objects{{
	{"table", cmd_table, "forwarding tables: add, del, get, list"},
	{"rule", cmd_rule, "forwarding rules: add, replace, change, del, get"},
	{"rules", cmd_rules, "all rules: list [ table ID ] [ rate ], restore (JSON on stdin), flush"},
	{"recording", cmd_recording, "recorded streams of a table: add, del, get, list"},
	{"stats", cmd_stats, "rule counters: reset table ID [ local ENDPOINT ], prometheus"},
	{"monitor", cmd_monitor, "print table and rule events as they happen"},
	{"nft", cmd_nft, "nftables rules with the rtpengine expression: add, list, delete, save"},
	{"showconf", cmd_showconf, "tables, rules and nft rules as a file for syncconf"},
	{"syncconf", cmd_syncconf, "make a showconf file true, changing only what differs"},
	{"top", cmd_top, "packets/s and bits/s per table and rule, busiest first, refreshed"},
	{"help", cmd_help, "show this help"},
}};

// OBJECT COMMAND ...: a command line, or one line of a batch file.
int run_object(Context &ctx, Args args)
{
	const Subcommand *object = find_keyword(args[0], objects);
	if (!object)
		return ctx.usage_error("unknown object '" + std::string(args[0]) +
				       "' (try 'rtpnl help')");
	return object->handler(ctx, args.subspan(1));
}

// A batch line of the rule object that is one request: batched.
std::optional<RuleRequest> rule_request_of(Args args)
{
	const Subcommand *object = find_keyword(args[0], objects);
	if (!object || object->handler != &cmd_rule)
		return std::nullopt;
	return parse_rule_request(args.subspan(1));
}

} // namespace

int Context::usage_error(std::string_view reason) const
{
	err << "Error: " << reason << '\n';
	return exit_usage;
}

int Context::failure(std::string_view reason) const
{
	err << "Error: " << reason << '\n';
	return exit_failure;
}

void print_help(std::ostream &out)
{
	out << "Usage: rtpnl [ OPTIONS ] OBJECT { COMMAND | help }\n"
	       "       rtpnl [ OPTIONS ] -b[atch] FILE\n"
	       "       rtpnl -V[ersion] | -h[elp]\n"
	       "where  OBJECT := { ";
	for (std::size_t i = 0; i < objects.size(); ++i)
		out << (i ? " | " : "") << objects[i].name;
	out << " }\n"
	       "       OPTIONS := { -j[son] | -p[retty] | -s[tats] | -n[etns] NETNS |\n"
	       "                    -f[orce] | -t[imestamp] }\n"
	       "\n";
	for (const Subcommand &o : objects)
		out << "  " << o.name << std::string(10 - o.name.size(), ' ') << o.description << '\n';
	out << "\n"
	       "Exit status: 0 success, 1 refused by the kernel or a system error,\n"
	       "255 bad usage.\n";
}

void add_object_grammar(std::vector<GrammarPlace> &places)
{
	places.push_back({"rtpnl ", {}});
	for (std::string_view name : keyword_names(objects))
		places.back().keywords.emplace_back(name);
	places.push_back({"rtpnl -", {}});
	for (std::string_view name : global_option_names())
		places.back().keywords.push_back("-" + std::string(name));
	places.push_back({"rtpnl monitor ", {"help"}});
}

void print_version(std::ostream &out) { out << "rtpnl " RTPNL_VERSION "\n"; }

int run(Args args, std::istream &in, std::ostream &out, std::ostream &err,
	TableApiFactory open_table_api, RuleApiFactory open_rule_api,
	const NetnsSwitch &switch_netns, RecordingApiFactory open_recording_api)
{
	Context ctx{{},
		    in,
		    out,
		    err,
		    std::move(open_table_api),
		    std::move(open_rule_api),
		    std::move(open_recording_api)};
	auto parsed = parse_global_options(args);
	if (!parsed)
		return ctx.usage_error(parsed.error().text());
	ctx.options = parsed->options;
	args = args.subspan(parsed->consumed);

	if (ctx.options.help) {
		print_help(out);
		return exit_ok;
	}
	if (ctx.options.version) {
		print_version(out);
		return exit_ok;
	}
	if (!ctx.options.batch.empty() && !args.empty())
		return ctx.usage_error("-batch takes no command ('" + std::string(args[0]) +
				       "'): put commands in the file");
	if (ctx.options.batch.empty() && args.empty()) {
		print_help(err);
		return exit_usage;
	}
	// Before any socket: a socket stays in the namespace it was opened in.
	if (!ctx.options.netns.empty())
		if (auto r = switch_netns(ctx.options.netns); !r)
			return ctx.failure(r.error().text());
	if (!ctx.options.batch.empty())
		return run_batch_file(ctx, run_object, rule_request_of);
	return run_object(ctx, args);
}

} // namespace rtpnl::cli
