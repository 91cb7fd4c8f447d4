// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl's entry point as a function: global options, the object table and
// dispatch. main() only adapts argv and wires in the real kernel Client.
#ifndef RTPNL_CLI_CLI_HPP
#define RTPNL_CLI_CLI_HPP

#include "command.hpp"
#include "netns.hpp"

#include <istream>
#include <ostream>
#include <span>
#include <string_view>

namespace rtpnl::cli {

// args: the words after the program name. Returns the exit status.
// switch_netns enters -n NETNS before anything opens a socket.
int run(Args args, std::istream &in, std::ostream &out, std::ostream &err,
	TableApiFactory open_table_api, RuleApiFactory open_rule_api,
	const NetnsSwitch &switch_netns = enter_netns,
	RecordingApiFactory open_recording_api = {});

void print_help(std::ostream &out);

// "rtpnl <version>"
void print_version(std::ostream &out);

} // namespace rtpnl::cli

#endif
