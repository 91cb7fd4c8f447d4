// "rtpnl stats" (see cmd_stats.hpp).
#include "cmd_stats.hpp"

#include "cmd_table.hpp"
#include "error_text.hpp"
#include "exit_status.hpp"
#include "keyword.hpp"

#include <cerrno>
#include <string>

namespace rtpnl::cli {

namespace {

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

std::string quote(std::string_view word) { return "'" + std::string(word) + "'"; }

void print_stats_help(std::ostream &out)
{
	out << "Usage: rtpnl stats reset table ID [ local ENDPOINT ]\n"
	       "       rtpnl stats help\n"
	       "where  ENDPOINT := { IPV4:PORT | [IPV6]:PORT }\n"
	       "Zeroes the counters (packets, bytes, errors, ttl-expired, too-big, per\n"
	       "payload type, per SSRC) of the rule of ENDPOINT, or of every rule of table ID.\n";
}

} // namespace

Result<StatsCommand> parse_stats_command(Args args)
{
	StatsCommand cmd;
	if (args.empty())
		return usage("missing command (try 'rtpnl stats help')");
	if (matches(args[0], "help")) {
		cmd.help = true;
		return cmd;
	}
	if (!matches(args[0], "reset"))
		return usage("unknown stats command " + quote(args[0]) + " (try 'rtpnl stats help')");
	bool has_table = false;
	for (std::size_t i = 1; i < args.size(); i += 2) {
		const std::string_view word = args[i];
		const bool table = matches(word, "table"), local = matches(word, "local");
		if (!table && !local)
			return usage("unknown argument " + quote(word));
		const std::string_view key = table ? "table" : "local";
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

int cmd_stats(Context &ctx, Args args)
{
	auto cmd = parse_stats_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	if (cmd->help) {
		print_stats_help(ctx.out);
		return exit_ok;
	}
	auto api = ctx.open_rule_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	if (auto r = (*api)->stats_reset(cmd->table, cmd->local); !r)
		return ctx.failure(cmd->local ? rule_error_text(r.error(), cmd->table, *cmd->local)
					      : table_error_text(r.error(), cmd->table));
	return exit_ok;
}

} // namespace rtpnl::cli
