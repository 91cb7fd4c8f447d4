// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpnl: command line tool for the rtpfwd kernel module's generic netlink
// family. Adapts argv and plugs the real kernel Client into cli::run().
#include "cli.hpp"
#include "exit_status.hpp"
#include "srtp_args.hpp"

#include "rtpnl/client.hpp"

#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// Each interface of the Client (tables, rules, recordings) on a socket of
// its own, opened when a command first needs it.
template <typename Api>
static rtpnl::Result<std::unique_ptr<Api>> open_client()
{
	auto client = rtpnl::Client::open();
	if (!client)
		return client.error();
	return std::unique_ptr<Api>(std::make_unique<rtpnl::Client>(std::move(*client)));
}

int main(int argc, char **argv)
{
	// SRTP keys leave argv (other users' /proc/PID/cmdline) at once; the
	// copies are wiped on the way out.
	std::vector<std::string> keys;
	const std::vector<std::string_view> args = rtpnl::cli::hide_command_line_keys(argc, argv, keys);
	struct Wipe {
		std::vector<std::string> &keys;
		~Wipe() { rtpnl::cli::wipe_strings(keys); }
	} wipe{keys};
	const int status = rtpnl::cli::run(args, std::cin, std::cout, std::cerr,
					   &open_client<rtpnl::TableApi>, &open_client<rtpnl::RuleApi>,
					   rtpnl::cli::enter_netns, &open_client<rtpnl::RecordingApi>);
	std::cout.flush();
	if (!std::cout) {
		std::cerr << "Error: cannot write output\n";
		return rtpnl::cli::exit_failure;
	}
	return status;
}
