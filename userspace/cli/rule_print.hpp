// SPDX-License-Identifier: LGPL-2.1-or-later
// How rules look in rtpnl's output (text and JSON).
#ifndef RTPNL_CLI_RULE_PRINT_HPP
#define RTPNL_CLI_RULE_PRINT_HPP

#include "printer.hpp"

#include "rtpnl/rule.hpp"

#include <array>
#include <cstdint>
#include <span>

namespace rtpnl::cli {

// text, one line per rule (expect only when set, tos only when non-zero):
//   table 42 local 127.0.0.1:30018 expect 127.0.0.1:30000 mismatch ignore
//   output src 127.0.0.1:30018 dst 127.0.0.1:3002 [output ...]
// and with `stats` >= 1 (-s; if the rule has statistics) a second, indented line:
//       stats packets 139 bytes 144004 errors 0 last 1.2s ago
//   (then "ttl-expired N", "too-big N", "srtp-auth-failed N",
//   "srtp-replayed N", "blackholed N" and, for a hand-up rule,
//   "handed-up-other N" when not 0, in JSON too; "last" only once the rule
//   saw a packet, JSON "last_packet_ms")
// with `stats` >= 2 (-s -s) every reason, and each output's counters:
//       errors src-mismatch-dropped 0 not-rtp 0 no-route 0 output-failed 0
//       handed-up stun 0 dtls 0 mismatch 0 other 0
//       output 1 packets 139 bytes 144004 errors 0
//   (JSON, in "stats": "errors_by_reason":{"src_mismatch_dropped":0,...},
//   "handed_up":{"stun":0,...}, "outputs":[{"packets":...},...])
// JSON (tos always, 0 when unset; "stats" only with `stats`):
//   {"table":42,"local":"127.0.0.1:30018","expect":"127.0.0.1:30000",
//    "mismatch":"ignore","outputs":[{"src":"...","dst":"...","tos":0}],
//    "stats":{"packets":139,"bytes":144004,"errors":0}}
// SRTP (never a key, the kernel reports none): the rule's after its rtp
// and ssrc words, "decrypt AES_CM_128_HMAC_SHA1_80 mki-len 0 roc
// 11223344:0", an output's after its tos, "encrypt SUITE mki-len N roc
// SSRC:ROC ..."; JSON "decrypt" / an output's "encrypt":
// {"suite":"...","mki_len":0,"rocs":[{"ssrc":"11223344","roc":0}]}.
// After the decrypt, "auth-fail drop" / "auth_fail":"drop" when set, then
// "record 3" / "recording":3 when the rule records into a stream. A
// blackhole rule (no outputs) shows "blackhole" where the outputs would be,
// JSON "blackhole":true (then "outputs":[]); a hand-up rule "hand-up",
// JSON "hand_up":true.
// IPv6 endpoints are "[2001:db8::1]:5000" in both.
void print_rule(Printer &p, const Rule &rule, int stats);
// A list: text one rule after the other, JSON an array ("[]" when empty).
void print_rules(Printer &p, std::span<const Rule> rules, int stats);

// The reasons of the breakdown: JSON name (also the prometheus "reason"
// label), text word, counter. Errors first, then hand-ups (not errors).
struct ErrorReason {
	const char *name;
	const char *text;
	std::uint64_t RuleStats::*member;
};
extern const std::array<ErrorReason, 4> error_reasons;
extern const std::array<ErrorReason, 4> handed_up_reasons;

// A notify-group rule event: "new rule table 42 local 1.2.3.4:5" (also
// "replace", "del"); JSON {"event":"new","object":"rule","table":42,"local":"..."}.
// A non-empty json_timestamp (monitor -t) is added in JSON as "timestamp".
void print_rule_event(Printer &p, const RuleEvent &event, std::string_view json_timestamp = {});

} // namespace rtpnl::cli

#endif
