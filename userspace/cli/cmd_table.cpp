// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl table" (see cmd_table.hpp).
#include "cmd_table.hpp"

#include "error_text.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"
#include "table_print.hpp"

#include "rtpnl/table.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <string>

namespace rtpnl::cli {

namespace {

struct Action {
	std::string_view name;
	TableCommand::Action action;
	bool takes_id;
};

// Order decides prefix ties: "d" is del, "s" is show.
constexpr std::array<Action, 8> actions{{
	{"add", TableCommand::Action::add, true},
	{"ensure", TableCommand::Action::ensure, true},
	{"del", TableCommand::Action::del, true},
	{"delete", TableCommand::Action::del, true},
	{"get", TableCommand::Action::get, true},
	{"list", TableCommand::Action::list, false},
	{"show", TableCommand::Action::list, false},
	{"help", TableCommand::Action::help, false},
}};

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

} // namespace

Result<std::uint32_t> parse_table_id(std::string_view word)
{
	std::uint64_t value = 0;
	const char *end = word.data() + word.size();
	auto [ptr, ec] = std::from_chars(word.data(), end, value);
	// from_chars takes no sign or space, so only plain decimal digits pass.
	if (word.empty() || ptr != end || (ec != std::errc{} && ec != std::errc::result_out_of_range))
		return usage("invalid table id '" + std::string(word) + "'");
	if (ec == std::errc::result_out_of_range || value > table_id_max)
		return usage("table id " + std::string(word) + " out of range (0.." +
			     std::to_string(table_id_max) + ")");
	return static_cast<std::uint32_t>(value);
}

Result<TableCommand> parse_table_command(Args args)
{
	if (args.empty())
		return TableCommand{TableCommand::Action::list, 0};
	const Action *a = find_keyword(args[0], actions);
	if (!a)
		return usage("unknown table command '" + std::string(args[0]) +
			     "' (try 'rtpnl table help')");
	TableCommand cmd{a->action, 0};
	std::size_t used = 1;
	if (a->takes_id) {
		if (args.size() < 2)
			return usage("table " + std::string(a->name) + ": missing table id");
		auto id = parse_table_id(args[1]);
		if (!id)
			return id.error();
		cmd.id = *id;
		used = 2;
	}
	if (args.size() > used)
		return usage("unexpected argument '" + std::string(args[used]) + "'");
	return cmd;
}

void add_table_grammar(std::vector<GrammarPlace> &places)
{
	places.push_back({"rtpnl table ", {}});
	for (std::string_view name : keyword_names(actions))
		places.back().keywords.emplace_back(name);
}

void print_table_help(std::ostream &out)
{
	out << "Usage: rtpnl table { add | ensure } ID\n"
	       "       rtpnl table { del | delete } ID\n"
	       "       rtpnl table get ID\n"
	       "       rtpnl table [ { list | show } ]\n"
	       "       rtpnl table help\n"
	       "where  ID := 0.."
	    << table_id_max << "\n";
}

int run_table_command(Context &ctx, const TableCommand &cmd)
{
	if (cmd.action == TableCommand::Action::help) {
		print_table_help(ctx.out);
		return exit_ok;
	}
	auto api = ctx.open_table_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	TableApi &tables = **api;
	Printer printer = ctx.printer();

	switch (cmd.action) {
	case TableCommand::Action::add:
		if (auto r = tables.table_add(cmd.id); !r)
			return ctx.failure(table_error_text(r.error(), cmd.id));
		return exit_ok;
	case TableCommand::Action::ensure:
		// EEXIST from the kernel itself: no window between a check and the add.
		if (auto r = tables.table_add(cmd.id); !r && r.error().errnum != EEXIST)
			return ctx.failure(table_error_text(r.error(), cmd.id));
		return exit_ok;
	case TableCommand::Action::del:
		if (auto r = tables.table_del(cmd.id); !r)
			return ctx.failure(table_error_text(r.error(), cmd.id));
		return exit_ok;
	case TableCommand::Action::get: {
		auto t = tables.table_get(cmd.id);
		if (!t)
			return ctx.failure(table_error_text(t.error(), cmd.id));
		print_table(printer, *t);
		return exit_ok;
	}
	case TableCommand::Action::list: {
		auto list = tables.tables();
		if (!list)
			return ctx.failure(table_error_text(list.error(), std::nullopt));
		print_tables(printer, *list);
		return exit_ok;
	}
	case TableCommand::Action::help:
		break;
	}
	return exit_ok;
}

int cmd_table(Context &ctx, Args args)
{
	auto cmd = parse_table_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	return run_table_command(ctx, *cmd);
}

} // namespace rtpnl::cli
