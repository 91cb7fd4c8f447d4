// SPDX-License-Identifier: LGPL-2.1-or-later
// NftClient: a NETLINK_NETFILTER socket that adds, lists and deletes the
// nftables rules holding the rtpengine expression (messages: nft_codec.hpp).
// Errors carry the kernel's errno (and its extack text when it sends one);
// turning them into operator sentences is the CLI's job.
#ifndef RTPNL_NFT_CLIENT_HPP
#define RTPNL_NFT_CLIENT_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/nft_rule.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct mnl_socket;

namespace rtpnl::nft {

// Which rules to list; empty strings mean all.
struct RuleFilter {
	std::optional<Family> family;
	std::string table;
	std::string chain;
};

class NftClient {
public:
	static Result<NftClient> open();

	// Checks that the table and the chain exist first, so that ENOENT from
	// the rule itself can only be about the rtpengine expression; the
	// returned Error says which with `missing`.
	// (index: the chain has no rule at the rule's "index N").
	enum class Missing { nothing, table, chain, index };
	struct AddError {
		Error error;
		Missing missing = Missing::nothing;
	};
	// append: "add" (end of the chain), else "insert" (start).
	std::optional<AddError> add_rule(const Rule &rule, bool append);
	Result<void> delete_rule(Family family, const std::string &table, const std::string &chain,
				 std::uint64_t handle);
	// Rules holding an rtpengine expression, in chain order, each with its
	// index among all rules of its chain.
	Result<std::vector<Rule>> list_rules(const RuleFilter &filter);

	// Whether the table (chain empty) or chain exists.
	Result<bool> exists(Family family, const std::string &table, const std::string &chain);

private:
	struct Closer {
		void operator()(mnl_socket *s) const;
	};
	explicit NftClient(mnl_socket *sock);
	// Sends bytes, reads replies until the ack (or error) of `last_seq`,
	// or NLMSG_DONE of a dump, handing other messages to on_message.
	template <typename OnMessage>
	Result<void> transact(const std::vector<std::uint8_t> &request, std::uint32_t last_seq,
			      OnMessage on_message);

	// Every rule (of the families rtpnl reads), with its index.
	Result<std::vector<Rule>> all_rules(const RuleFilter &filter);

	std::unique_ptr<mnl_socket, Closer> sock_;
	std::uint32_t portid_ = 0;
	std::uint32_t seq_ = 0;
};

} // namespace rtpnl::nft

#endif
