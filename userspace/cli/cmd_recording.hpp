// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl recording": the recorded streams of a table, the files
// /proc/rtpengine/TABLE/calls/CALL/STREAM a recording daemon reads one
// datagram per read() from, and which rules record into by id ("rtpnl rule
// add ... record ID").
//
// Split like cmd_table: parse_recording_command() turns words into a
// RecordingCommand (or a usage error), run_recording_command() executes it
// against a RecordingApi and prints.
#ifndef RTPNL_CLI_CMD_RECORDING_HPP
#define RTPNL_CLI_CMD_RECORDING_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/recording.hpp"

#include <ostream>

namespace rtpnl::cli {

struct RecordingCommand {
	enum class Action { add, del, get, list, help };
	Action action = Action::list;
	// The table (every action but help), call and stream (add, del, get),
	// packets (add, when given).
	Recording recording;
	// del without a stream: the call and all its streams.
	bool whole_call = false;

	bool operator==(const RecordingCommand &) const = default;
};

// Words after "recording":
//   add TABLE CALL STREAM [ packets N ]
//   { del | delete } TABLE CALL [ STREAM ]
//   get TABLE CALL STREAM
//   { list | show } TABLE
//   help
// Commands and "packets" by prefix. Errors name the argument: "recording
// add: missing stream", "invalid call 'a/b' (a file name: not empty, '.'
// or '..', no '/')", "invalid packets '0' (1..4096)", "unexpected argument
// 'x'", the table id errors of parse_table_id().
Result<RecordingCommand> parse_recording_command(Args args);

int run_recording_command(Context &ctx, const RecordingCommand &cmd);

// The object handler: parse + run.
int cmd_recording(Context &ctx, Args args);

void print_recording_help(std::ostream &out);

} // namespace rtpnl::cli

#endif
