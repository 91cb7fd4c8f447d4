// SPDX-License-Identifier: LGPL-2.1-or-later
// How rules look in rtpnl's output (text and JSON).
#ifndef RTPNL_CLI_RULE_PRINT_HPP
#define RTPNL_CLI_RULE_PRINT_HPP

#include "printer.hpp"

#include "rtpnl/rule.hpp"

#include <span>

namespace rtpnl::cli {

// text, one line per rule (expect only when set, tos only when non-zero):
//   table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore
//   output src 127.0.0.1:30018 dst 127.0.0.1:3002 [output ...]
// and with `stats` (if the rule has statistics) a second, indented line:
//       stats packets 139 bytes 144004 errors 0
//   (then "ttl-expired N" and "too-big N" when not 0, in JSON too)
// JSON (tos always, 0 when unset; "stats" only with `stats`):
//   {"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000",
//    "mismatch":"ignore","outputs":[{"src":"...","dst":"...","tos":0}],
//    "stats":{"packets":139,"bytes":144004,"errors":0}}
// IPv6 endpoints are "[2001:db8::1]:5000" in both.
void print_rule(Printer &p, const Rule &rule, bool stats);
// A list: text one rule after the other, JSON an array ("[]" when empty).
void print_rules(Printer &p, std::span<const Rule> rules, bool stats);

// A notify-group rule event: "new rule table 42 local 1.2.3.4:5" (also
// "replace", "del"); JSON {"event":"new","object":"rule","table":42,"local":"..."}.
// A non-empty json_timestamp (monitor -t) is added in JSON as "timestamp".
void print_rule_event(Printer &p, const RuleEvent &event, std::string_view json_timestamp = {});

} // namespace rtpnl::cli

#endif
