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
	auto open_client = []() -> rtpnl::Result<std::unique_ptr<rtpnl::TableApi>> {
		auto client = rtpnl::Client::open();
		if (!client)
			return client.error();
		return std::unique_ptr<rtpnl::TableApi>(
			std::make_unique<rtpnl::Client>(std::move(*client)));
	};
	auto open_rules = []() -> rtpnl::Result<std::unique_ptr<rtpnl::RuleApi>> {
		auto client = rtpnl::Client::open();
		if (!client)
			return client.error();
		return std::unique_ptr<rtpnl::RuleApi>(
			std::make_unique<rtpnl::Client>(std::move(*client)));
	};
	const int status = rtpnl::cli::run(args, std::cin, std::cout, std::cerr, open_client,
					   open_rules);
	std::cout.flush();
	if (!std::cout) {
		std::cerr << "Error: cannot write output\n";
		return rtpnl::cli::exit_failure;
	}
	return status;
}
