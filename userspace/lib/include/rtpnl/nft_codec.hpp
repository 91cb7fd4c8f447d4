// SPDX-License-Identifier: LGPL-2.1-or-later
// The nf_tables netlink messages rtpnl sends and reads for rules with the
// rtpengine expression: pure functions between nft::Rule and bytes, so unit
// tests check them without a kernel.
//
// Stock expressions (meta, cmp, payload, range, bitwise, counter) are built
// and read back by libnftnl; the rtpengine expression, which libnftnl does
// not know, is written and read with libmnl (nft_codec.cpp says why).
#ifndef RTPNL_NFT_CODEC_HPP
#define RTPNL_NFT_CODEC_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/nft_rule.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace rtpnl::nft {

using Bytes = std::vector<std::uint8_t>;

// NFT_MSG_NEWRULE (NLM_F_CREATE | NLM_F_ACK): appended to the chain
// ("add") or put first ("insert"); after/before the rule with handle
// `position` when given.
Result<Bytes> encode_new_rule(const Rule &rule, bool append, std::uint32_t seq,
			      std::optional<std::uint64_t> position = std::nullopt);
// NFT_MSG_DELRULE of a rule by handle (NLM_F_ACK).
Bytes encode_del_rule(Family family, const std::string &table, const std::string &chain,
		      std::uint64_t handle, std::uint32_t seq);
// NFT_MSG_GETRULE dump, optionally of one family / table / chain.
Bytes encode_get_rules(std::optional<Family> family, const std::string &table,
		       const std::string &chain, std::uint32_t seq);
// NFT_MSG_GETTABLE / NFT_MSG_GETCHAIN of one object (NLM_F_ACK): ENOENT
// tells that it does not exist.
Bytes encode_get_table(Family family, const std::string &table, std::uint32_t seq);
Bytes encode_get_chain(Family family, const std::string &table, const std::string &chain,
		       std::uint32_t seq);
// Wraps messages in one nfnetlink batch (begin, the messages, end), so the
// kernel applies them all or none. Begin gets seq, end seq + count + 1.
Bytes encode_batch(std::span<const Bytes> messages, std::uint32_t seq);

// One NFT_MSG_NEWRULE message, as a rule dump sends it. Expressions rtpnl
// does not build become nft::Unknown items. EBADMSG for malformed bytes.
Result<Rule> decode_rule(std::span<const std::uint8_t> message);

} // namespace rtpnl::nft

#endif
