// SPDX-License-Identifier: LGPL-2.1-or-later
// The text form of an output's payload replacement: the word "pt-replace
// PT:HEX" ("pt-replace 0:ff", "pt-replace 96:0102aabb") as cmd_rule.cpp
// reads it and rule_print writes it, and the pattern alone as JSON has it
// ("pattern":"ff", rule_restore). The rule-wide checks (rtp, the same as
// the kernel's) stay validate_rule()'s; these name the word as written.
#ifndef RTPNL_CLI_PT_REPLACE_ARGS_HPP
#define RTPNL_CLI_PT_REPLACE_ARGS_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl::cli {

// A pattern in hex: 1..pt_pattern_max bytes, two digits each, "0x"
// optional. Errors (EINVAL) say what is wrong, without the text: "empty
// pattern", "pattern 'f' has an odd number of hex digits", "pattern 'zz'
// is not hex", "pattern of 17 bytes (at most 16)".
Result<std::vector<std::uint8_t>> parse_pt_pattern(std::string_view hex);

// "PT:HEX", PT 0..127 in decimal: "invalid pt-replace '128:ff': payload
// type '128' (0..127)", "invalid pt-replace '0:f': pattern 'f' has an odd
// number of hex digits", "invalid pt-replace 'ff' (PT:HEX)".
Result<PtReplace> parse_pt_replace(std::string_view word);

// Appends the replacement `word` stands for to output `o` (`which` names
// it: "output 1"): "output 1: duplicate pt-replace PT in '0:d5'", "output
// 1: at most 4 'pt-replace'".
Result<void> add_pt_replace(Output &o, std::string_view word, const std::string &which);

// "0:ff", what parse_pt_replace() reads back.
std::string pt_replace_text(const PtReplace &replace);

} // namespace rtpnl::cli

#endif
