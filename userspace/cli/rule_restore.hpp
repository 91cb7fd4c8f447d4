// SPDX-License-Identifier: LGPL-2.1-or-later
// `rtpnl rules restore`: the JSON array `rtpnl -j rules list` prints, read
// back into rules.
//
// Strict: the JSON is RFC 8259 with no duplicate keys, no byte order mark
// and at most json_max_depth levels of nesting; every entry is an object
// with "table" (0..63), "local" and "outputs" (1..32 objects of "src", "dst"
// and an optional "tos" 0..255; empty or absent with "blackhole": true or
// "hand_up": true), optionally "expect" and "mismatch" (exact names; absent
// means ignore), the flags as booleans ("stun", "dtls", "rtcp", "rtp",
// "blackhole", "hand_up"); "stats" and "recording" (a stream id: recorded
// streams are not configuration, and an old id may name another call's
// stream) are accepted and ignored; any other key is an error, so a typo
// cannot silently drop a setting, and so is a second entry for the same
// table and local endpoint. The whole input is checked before
// the caller sends anything.
#ifndef RTPNL_CLI_RULE_RESTORE_HPP
#define RTPNL_CLI_RULE_RESTORE_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// Deeper input is refused, hostile or not.
inline constexpr std::size_t json_max_depth = 64;

// "rule 3 (table 42 local 127.0.0.1:30018)"; `number` counts from 1. The
// parts that are unknown (entry rejected before they were read) are left
// out: "rule 3 (table 42)", "rule 3".
std::string rule_label(std::size_t number, std::optional<std::uint32_t> table,
		       const std::optional<Endpoint> &local);
std::string rule_label(std::size_t number, const Rule &rule);

// Room for as many rules as `text` can hold, up to two million (an entry
// takes 40 bytes at least): what to reserve for them.
std::size_t rules_capacity(std::string_view text);

// The rules, in input order; EINVAL with "invalid JSON at line L, column C:
// <nlohmann's reason>", "invalid JSON in rule N: duplicate key \"K\"" or
// "<rule_label>: <reason>" (e.g. "rule 2 (table 1 local 10.0.0.1:5000):
// output 1: missing \"dst\"").
Result<std::vector<Rule>> rules_from_json(std::string_view text);
// The same rules, each handed to `sink` as soon as it is checked (a
// restore builds its requests from them without a second copy of a
// million rules); on an error, what the sink got must be dropped.
Result<void> rules_from_json(std::string_view text, const std::function<void(Rule &&)> &sink);

} // namespace rtpnl::cli

#endif
