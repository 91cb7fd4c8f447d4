// SPDX-License-Identifier: LGPL-2.1-or-later
// Global options of rtpnl (before OBJECT), iproute2 style: one dash or two,
// any prefix of the option name ("-j", "-json", "--js"), first match in
// table order wins, options end at the first non-option word or "--".
#ifndef RTPNL_CLI_OPTIONS_HPP
#define RTPNL_CLI_OPTIONS_HPP

#include "rtpnl/error.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

struct GlobalOptions {
	bool json = false;
	bool pretty = false;
	int stats = 0; // how many times -s was given (more detail per -s)
	bool version = false;
	bool help = false;
	std::string batch; // -b FILE: commands from FILE ("-": stdin), one per line
	bool force = false; // -force: a batch goes on after a failing line
	std::string netns;  // -n NETNS: work in that network namespace
	bool timestamp = false; // -t: monitor prints when each event came

	bool operator==(const GlobalOptions &) const = default;
};

struct ParsedOptions {
	GlobalOptions options;
	std::size_t consumed = 0; // words taken, including a "--"
};

// The option names, in table order ("json", "pretty", ...).
std::vector<std::string_view> global_option_names();

// An unknown option yields EINVAL with "unknown option '-x'".
Result<ParsedOptions> parse_global_options(std::span<const std::string_view> args);

} // namespace rtpnl::cli

#endif
