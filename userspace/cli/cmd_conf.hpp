// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl showconf [ table ID ]" and "rtpnl syncconf [ dry-run ] FILE": the
// kernel's tables, rules and rtpnl's nft rules as a file, and that file
// made true by changing only what differs (conf.hpp has the file and the
// plan; this file reads the kernel and applies).
#ifndef RTPNL_CLI_CMD_CONF_HPP
#define RTPNL_CLI_CMD_CONF_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/nft_client.hpp"
#include "rtpnl/nft_rule.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rtpnl::cli {

struct ShowconfCommand {
	bool help = false;
	std::optional<std::uint32_t> table; // absent: every table

	bool operator==(const ShowconfCommand &) const = default;
};

struct SyncconfCommand {
	bool help = false;
	bool dry_run = false; // print the plan, change nothing
	std::string file;     // "-": standard input

	bool operator==(const SyncconfCommand &) const = default;
};

// Words after "showconf": [ table ID ] | help.
Result<ShowconfCommand> parse_showconf_command(Args args);
// Words after "syncconf": [ dry-run ] FILE | help ("dry-run" spelled out:
// it may not be mistaken for a file name's prefix).
Result<SyncconfCommand> parse_syncconf_command(Args args);

// The nftables side of showconf and syncconf: the kernel's (NftClient) or
// a fake in unit tests. Opened only once the file has been checked.
class NftRuleApi {
public:
	virtual ~NftRuleApi() = default;
	// rtpnl's rules (those holding the rtpengine expression), with handles.
	virtual Result<std::vector<nft::Rule>> rules() = 0;
	// Appends the rule to its chain.
	virtual std::optional<nft::NftClient::AddError> add(const nft::Rule &rule) = 0;
	// Deletes the rule of rule.handle in its chain.
	virtual Result<void> del(const nft::Rule &rule) = 0;
};
using NftRuleApiFactory = std::function<Result<std::unique_ptr<NftRuleApi>>()>;

// The commands once parsed; cmd_showconf / cmd_syncconf pass the kernel's
// nftables. A syncconf error names the command that failed: "rule add:
// a rule for local 10.0.0.1:1000 exists in table 42".
int run_showconf(Context &ctx, const ShowconfCommand &cmd, const NftRuleApiFactory &open_nft);
int run_syncconf(Context &ctx, const SyncconfCommand &cmd, const NftRuleApiFactory &open_nft);

int cmd_showconf(Context &ctx, Args args);
int cmd_syncconf(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
