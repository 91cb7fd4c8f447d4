// SPDX-License-Identifier: LGPL-2.1-or-later
// "rtpnl nft": the nftables rules that hold the rtpengine expression, which
// stock nft can neither write nor show (it omits such rules from every
// listing, silently). add / insert / list / delete / save.
//
// Split like the other objects: parse_nft_command() turns words into an
// NftCommand without touching the kernel; the texts and listings are
// separate functions so unit tests drive them with values.
#ifndef RTPNL_CLI_CMD_NFT_HPP
#define RTPNL_CLI_CMD_NFT_HPP

#include "command.hpp"

#include "rtpnl/error.hpp"
#include "rtpnl/nft_client.hpp"
#include "rtpnl/nft_rule.hpp"

#include <cstdint>
#include <ostream>
#include <span>
#include <string>

namespace rtpnl::cli {

struct NftCommand {
	enum class Action { add, insert, list, del, save, help };
	Action action = Action::list;
	nft::Rule rule;          // add, insert; del: family, table, chain
	nft::RuleFilter filter;  // list
	std::uint64_t handle = 0; // del
};

Result<NftCommand> parse_nft_command(Args args);

// "Error: " texts for a refused add/insert or delete.
std::string nft_add_error_text(const nft::NftClient::AddError &error, const nft::Rule &rule,
			       bool expression_loaded);
std::string nft_delete_error_text(const Error &error, const NftCommand &cmd);
// Whether nft_rtpengine.ko is loaded (nft_add_error_text's expression_loaded).
bool nft_expression_loaded();

// "inet filter input udp dport 5000 rtpengine id 42 # handle 7" per rule,
// or JSON through the Printer.
void print_nft_rules(Printer &printer, std::ostream &out, std::span<const nft::Rule> rules);
// A shell script of "rtpnl nft add rule ..." lines restoring the rules.
void print_nft_save(std::ostream &out, std::span<const nft::Rule> rules);
void print_nft_help(std::ostream &out);

int cmd_nft(Context &ctx, Args args);

} // namespace rtpnl::cli

#endif
