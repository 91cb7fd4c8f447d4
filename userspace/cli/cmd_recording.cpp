// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl recording" (see cmd_recording.hpp).
#include "cmd_recording.hpp"

#include "cmd_table.hpp"
#include "error_text.hpp"
#include "exit_status.hpp"
#include "grammar.hpp"
#include "keyword.hpp"
#include "recording_print.hpp"

#include "rtpnl/table.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <string>

namespace rtpnl::cli {

namespace {

using Action = RecordingCommand::Action;

// What each command takes after its table: the names it needs, and whether
// the stream may be left out (del: the whole call).
struct ActionWord {
	std::string_view name;
	Action value;
	std::size_t names; // call, stream
	bool stream_optional;
};

// Order decides prefix ties: "d" is del.
constexpr std::array<ActionWord, 7> actions{{
	{"add", Action::add, 2, false},
	{"del", Action::del, 2, true},
	{"delete", Action::del, 2, true},
	{"get", Action::get, 2, false},
	{"list", Action::list, 0, false},
	{"show", Action::list, 0, false},
	{"help", Action::help, 0, false},
}};

// After add's stream.
constexpr std::array<std::string_view, 1> add_keys{"packets"};

Error usage(std::string reason) { return Error::local(EINVAL, std::move(reason)); }

std::string quote(std::string_view word) { return "'" + std::string(word) + "'"; }

// 1..recording_packets_max, decimal.
Result<std::uint32_t> parse_packets(std::string_view word)
{
	std::uint32_t value = 0;
	const char *end = word.data() + word.size();
	auto [ptr, ec] = std::from_chars(word.data(), end, value);
	if (word.empty() || ptr != end || ec != std::errc{} || value == 0 ||
	    value > recording_packets_max)
		return usage("invalid packets " + quote(word) + " (1.." +
			     std::to_string(recording_packets_max) + ")");
	return value;
}

// add's words after its stream: [ packets N ].
Result<void> parse_add_options(Args args, Recording &rec)
{
	for (std::size_t i = 0; i < args.size(); i += 2) {
		if (find_word(args[i], add_keys).empty())
			return usage("unknown argument " + quote(args[i]));
		if (rec.packets)
			return usage("duplicate 'packets'");
		if (i + 1 >= args.size())
			return usage("missing value after 'packets'");
		auto n = parse_packets(args[i + 1]);
		if (!n)
			return n.error();
		rec.packets = *n;
	}
	return {};
}

} // namespace

Result<RecordingCommand> parse_recording_command(Args args)
{
	if (args.empty())
		return usage("missing command (try 'rtpnl recording help')");
	const ActionWord *a = find_keyword(args[0], actions);
	if (!a)
		return usage("unknown recording command " + quote(args[0]) +
			     " (try 'rtpnl recording help')");
	RecordingCommand cmd;
	cmd.action = a->value;
	if (a->value == Action::help) {
		if (args.size() > 1)
			return usage("unexpected argument " + quote(args[1]));
		return cmd;
	}
	const std::string missing = "recording " + std::string(a->name) + ": missing ";
	if (args.size() < 2)
		return usage(missing + "table id");
	auto table = parse_table_id(args[1]);
	if (!table)
		return table.error();
	Recording &rec = cmd.recording;
	rec.table = *table;
	std::size_t used = 2;
	if (a->names > 0) {
		if (args.size() < 3)
			return usage(missing + "call");
		if (auto r = validate_recording_name(args[2], "call"); !r)
			return r.error();
		rec.call = args[2];
		used = 3;
		if (args.size() < 4 && !a->stream_optional)
			return usage(missing + "stream");
		if (args.size() >= 4) {
			if (auto r = validate_recording_name(args[3], "stream"); !r)
				return r.error();
			rec.stream = args[3];
			used = 4;
		}
		cmd.whole_call = used == 3;
	}
	if (a->value == Action::add) {
		if (auto r = parse_add_options(args.subspan(used), rec); !r)
			return r.error();
		return cmd;
	}
	if (args.size() > used)
		return usage("unexpected argument " + quote(args[used]));
	return cmd;
}

void add_recording_grammar(std::vector<GrammarPlace> &places)
{
	places.push_back({"rtpnl recording ", {}});
	for (std::string_view name : keyword_names(actions))
		places.back().keywords.emplace_back(name);
	places.push_back({"rtpnl recording add 42 call-1 caller ", {}});
	for (std::string_view name : add_keys)
		places.back().keywords.emplace_back(name);
}

void print_recording_help(std::ostream &out)
{
	out << "Usage: rtpnl recording add TABLE CALL STREAM [ packets N ]\n"
	       "       rtpnl recording { del | delete } TABLE CALL [ STREAM ]\n"
	       "       rtpnl recording get TABLE CALL STREAM\n"
	       "       rtpnl recording { list | show } TABLE\n"
	       "       rtpnl recording help\n"
	       "where  TABLE := 0.."
	    << table_id_max
	    << "   CALL, STREAM := file names (1.." << recording_name_max
	    << " bytes, not . or .., no /)\n"
	       "       N := 1.."
	    << recording_packets_max
	    << " datagrams the stream holds for its reader (default: the\n"
	       "            module parameter stream_packets_list_limit)\n"
	       "A recorded stream is the file /proc/rtpengine/TABLE/calls/CALL/STREAM, from\n"
	       "which one reader gets one datagram per read(); add makes it (and its call)\n"
	       "and prints its id, which 'rtpnl rule add ... record ID' names. del deletes\n"
	       "a stream, or a call with all its streams. Streams are not configuration:\n"
	       "showconf does not show them, nor the rules' record.\n";
}

int run_recording_command(Context &ctx, const RecordingCommand &cmd)
{
	if (cmd.action == Action::help) {
		print_recording_help(ctx.out);
		return exit_ok;
	}
	const Recording &rec = cmd.recording;
	if (!ctx.open_recording_api)
		return ctx.failure("recorded streams cannot be reached from here");
	auto api = ctx.open_recording_api();
	if (!api)
		return ctx.failure(table_error_text(api.error(), std::nullopt));
	RecordingApi &recordings = **api;
	Printer printer = ctx.printer();
	const auto failed = [&](const Error &e) {
		return ctx.failure(recording_error_text(e, rec, cmd.whole_call));
	};

	switch (cmd.action) {
	case Action::add: {
		auto made = recordings.recording_add(rec);
		if (!made)
			return failed(made.error());
		print_recording(printer, *made);
		return exit_ok;
	}
	case Action::del: {
		const auto stream =
			cmd.whole_call ? std::nullopt : std::optional<std::string_view>(rec.stream);
		if (auto r = recordings.recording_del(rec.table, rec.call, stream); !r)
			return failed(r.error());
		return exit_ok;
	}
	case Action::get: {
		auto got = recordings.recording_get(rec.table, rec.call, rec.stream);
		if (!got)
			return failed(got.error());
		print_recording(printer, *got);
		return exit_ok;
	}
	case Action::list: {
		auto list = recordings.recordings(rec.table);
		if (!list)
			return failed(list.error());
		print_recordings(printer, *list);
		return exit_ok;
	}
	case Action::help:
		break;
	}
	return exit_ok;
}

int cmd_recording(Context &ctx, Args args)
{
	auto cmd = parse_recording_command(args);
	if (!cmd)
		return ctx.usage_error(cmd.error().text());
	return run_recording_command(ctx, *cmd);
}

} // namespace rtpnl::cli
