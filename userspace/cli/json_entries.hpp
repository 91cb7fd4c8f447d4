// SPDX-License-Identifier: LGPL-2.1-or-later
// Strict JSON, read one entry of its top-level array at a time: what
// `rtpnl rules restore` parses a listing of a million rules with.
//
// nlohmann's DOM parser with a callback (the way to see duplicate keys and
// the nesting depth) scans the whole parent array at the end of every
// object it builds, looking for discarded values: quadratic in the number of
// entries (1,000,000 rules took 279 s to parse here, 1.7 GB). This reader is
// a SAX handler instead: it builds the DOM of one entry, hands it over as
// soon as it is complete and frees it, so time and memory grow with the
// input's size, not its square.
//
// As strict as before: RFC 8259 (nlohmann's lexer: no comments, trailing
// commas, leading zeros, ill-formed UTF-8, nothing after the value), no key
// twice in one object, at most `max_depth` levels of nesting; the caller
// rejects a byte order mark.
#ifndef RTPNL_CLI_JSON_ENTRIES_HPP
#define RTPNL_CLI_JSON_ENTRIES_HPP

#include "rtpnl/error.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <functional>
#include <string_view>

namespace rtpnl::cli {

// Called with each entry of the top-level array (numbered from 1) in input
// order, as soon as it is complete; the value is freed when it returns.
using JsonEntry = std::function<void(std::size_t number, const nlohmann::ordered_json &value)>;

// Reads all of `text`. Returns the type name of its top-level value
// ("array": every entry went to `entry`; anything else: none did), or
// EINVAL with "invalid JSON at line L, column C: <nlohmann's reason>",
// "invalid JSON in rule N: duplicate key \"K\"", "invalid JSON in rule N:
// nesting deeper than D" ("in rule N" when the error is inside entry N of
// a top-level array). Entries before a syntax error have been handed over.
Result<std::string_view> for_each_json_entry(std::string_view text, std::size_t max_depth,
					      const JsonEntry &entry);

} // namespace rtpnl::cli

#endif
