// SPDX-License-Identifier: LGPL-2.1-or-later
// Value types of the forwarding rules of the "rtpengine" family: endpoints,
// outputs, rules and their counters, with the text form of an endpoint
// ("1.2.3.4:5000", "[2001:db8::1]:5000") and of the mismatch policy.
//
// Plain data, no netlink knowledge (rule_codec.hpp turns them into bytes).
// validate_rule() states the ABI's constraints once, so the CLI, the JSON
// restore and the Client reject a bad rule with the same words before any
// request is sent.
#ifndef RTPNL_RULE_HPP
#define RTPNL_RULE_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/srtp.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl {

// RTPFWD_OUTPUTS_MAX: a rule forks each packet to at most this many outputs
// (checked by a static_assert in rule_codec.cpp).
inline constexpr std::size_t rule_outputs_max = 32;
// RTPFWD_PAYLOAD_TYPES_MAX: payload types a rule may list; RTP payload
// types are 0..127 (checked in rule_codec.cpp too).
inline constexpr std::size_t rule_payload_types_max = 32;
inline constexpr std::uint8_t payload_type_max = 127;
// RTPFWD_SSRCS_MAX: expected SSRCs a rule may list.
inline constexpr std::size_t rule_expect_ssrcs_max = 4;
// RTPFWD_SSRCS_MAX too: SSRC rewrites an output may carry.
inline constexpr std::size_t output_ssrc_map_max = 4;
// RTPFWD_PT_REPLACE_MAX: payload replacements an output may carry, and
// RTPFWD_PT_PATTERN_MAX: the longest pattern of one, in bytes.
inline constexpr std::size_t output_pt_replace_max = 4;
inline constexpr std::size_t pt_pattern_max = 16;

// An IPv4 or IPv6 address and a UDP port (1..65535).
struct Endpoint {
	enum class Family : std::uint8_t { v4, v6 };

	Family family = Family::v4;
	// Network order; an IPv4 address fills the first 4 bytes, the rest
	// stays zero so == compares only what matters.
	std::array<std::uint8_t, 16> addr{};
	std::uint16_t port = 0; // host order

	static Endpoint v4(std::array<std::uint8_t, 4> a, std::uint16_t port);
	static Endpoint v6(std::array<std::uint8_t, 16> a, std::uint16_t port);

	// The meaningful address bytes: 4 or 16.
	std::span<const std::uint8_t> address() const;

	bool operator==(const Endpoint &) const = default;
};

// "1.2.3.4:5000" or "[2001:db8::1]:5000" (the bracketed IPv6 form is the
// only IPv6 form, so "::1:5000" is not guessed at). Strict: dotted-quad
// IPv4 only, a decimal port 1..65535, nothing before or after. The error
// (EINVAL) names the text: "invalid endpoint '1.2.3:5'", with the reason in
// parentheses for a missing or out-of-range port.
Result<Endpoint> parse_endpoint(std::string_view text);
// The inverse of parse_endpoint (IPv6 in its RFC 5952 shortest form).
std::string format_endpoint(const Endpoint &ep);

// An SSRC as rtpnl writes it: 1..8 hex digits, optionally after "0x".
std::optional<std::uint32_t> parse_ssrc(std::string_view text);

// What the kernel does with a packet whose source is not the rule's
// expected one (enum rtpfwd_mismatch; the values are the ABI's).
enum class Mismatch : std::uint8_t { ignore = 0, drop = 1, pass = 2 };

// "ignore", "drop", "pass"
std::string_view mismatch_name(Mismatch m);
// The exact name (no prefixes; the CLI does its own prefix matching).
std::optional<Mismatch> mismatch_from_name(std::string_view name);
// An ABI value, or nullopt for one this library does not know.
std::optional<Mismatch> mismatch_from_value(std::uint8_t value);

// One SSRC rewrite of an output (RTPFWD_OUT_A_SSRC_MAP): RTP of SSRC
// `from` leaves with SSRC `to`.
struct SsrcMapping {
	std::uint32_t from = 0;
	std::uint32_t to = 0;

	bool operator==(const SsrcMapping &) const = default;
};

// One payload replacement of an output (RTPFWD_OUT_A_PT_REPLACE): the
// payload of RTP of payload type `type` leaves overwritten with `pattern`,
// repeated, the last copy cut short; header, padding and length stay.
// rtpengine's silence media (PCMU 0xff, PCMA 0xd5, G.722 0xfa).
struct PtReplace {
	std::uint8_t type = 0;		   // 0..127
	std::vector<std::uint8_t> pattern; // 1..pt_pattern_max bytes

	bool operator==(const PtReplace &) const = default;
};

// One destination of a rule: packets leave from src to dst.
struct Output {
	Endpoint src;
	Endpoint dst;
	std::optional<std::uint8_t> tos; // absent: the kernel uses 0
	// RTPFWD_OUT_A_ENCRYPT (only with rtp): SRTP on the way out. Replies
	// carry no key (srtp.hpp).
	std::optional<Srtp> encrypt = {};
	// RTPFWD_OUT_A_SSRC_MAP (only with rtp): 0..4 rewrites, in order, each
	// `from` once; applied before encrypt, so RTCP and other SSRCs leave
	// as they came.
	std::vector<SsrcMapping> ssrc_map = {};
	// RTPFWD_OUT_A_PT_REPLACE (only with rtp): 0..4 replacements, each
	// type once; applied before ssrc_map and encrypt.
	std::vector<PtReplace> pt_replace = {};

	bool operator==(const Output &) const = default;
};

// An RTP payload type a rule accepts (RTPFWD_RULE_A_PAYLOAD_TYPE), with its
// clock rate in Hz when known (needed for jitter).
struct PayloadType {
	std::uint8_t type = 0; // 0..127
	std::optional<std::uint32_t> clock_rate; // > 0 when set

	bool operator==(const PayloadType &) const = default;
};

// Counters of one payload type (RTPFWD_RULE_A_PT_STATS; bytes: UDP payload).
struct PtStats {
	std::uint8_t type = 0;
	std::uint64_t packets = 0;
	std::uint64_t bytes = 0;

	bool operator==(const PtStats &) const = default;
};

// Receiver statistics of one SSRC (RTPFWD_RULE_A_SSRC_STATS).
struct SsrcStats {
	std::uint32_t ssrc = 0;
	std::uint64_t packets = 0;
	std::uint64_t bytes = 0;
	std::uint32_t ext_seq = 0; // highest extended sequence number
	std::uint32_t lost = 0;	   // cumulative packets lost
	std::uint32_t jitter = 0;  // interarrival jitter, timestamp units

	bool operator==(const SsrcStats &) const = default;
};

// Counters of one output (RTPFWD_OUT_A_STATS; bytes: UDP payload as sent).
// They belong to the installed rule: a replace starts them from zero.
struct OutputStats {
	std::uint64_t packets = 0;
	std::uint64_t bytes = 0;
	std::uint64_t errors = 0; // no route, or copy, SRTP or send failed

	bool operator==(const OutputStats &) const = default;
};

// Counters of a rule, as rtpengine counts them (bytes: UDP payload), and
// for RTP rules the per payload type and per SSRC ones, in kernel order.
// Kernels without the breakdown report 0 for it.
struct RuleStats {
	std::uint64_t packets = 0;
	std::uint64_t bytes = 0;
	std::uint64_t errors = 0;
	std::uint64_t ttl_expired = 0;	// dropped: TTL / hop limit ran out (also in errors)
	std::uint64_t too_big = 0;	// handed up: larger than an output's path MTU
	std::vector<PtStats> payload_types = {};
	std::vector<SsrcStats> ssrcs = {};
	// (Newer members last: aggregate initialisation keeps working.)
	// Errors by reason: packets, also in errors ...
	std::uint64_t src_mismatch_dropped = 0; // dropped: wrong source (mismatch drop)
	std::uint64_t not_rtp = 0;		// handed up: failed the RTP checks
	// ... and outputs (a packet with failed outputs counts once in errors).
	std::uint64_t no_route = 0;
	std::uint64_t output_failed = 0; // copy, SRTP or send failed
	// Handed up, not errors.
	std::uint64_t handed_up_stun = 0;
	std::uint64_t handed_up_dtls = 0;
	std::uint64_t handed_up_mismatch = 0; // wrong source, mismatch pass
	std::uint64_t handed_up_other = 0;    // RTCP, payload type not listed, hand_up's
	// Milliseconds since the rule's last packet; nullopt: none yet.
	std::optional<std::uint64_t> last_packet_ms = {};
	std::vector<OutputStats> outputs = {}; // in output order
	// SRTP (a rule's decrypt): not errors.
	std::uint64_t srtp_auth_failed = 0; // handed up untouched: wrong tag or MKI
	std::uint64_t srtp_replayed = 0;    // dropped: the replay window
	// Dropped by a blackhole rule: what it is for, not an error.
	std::uint64_t blackholed = 0;

	bool operator==(const RuleStats &) const = default;
};

// A rule: "UDP for `local` in table `table` is rewritten and sent out".
struct Rule {
	std::uint32_t table = 0;
	Endpoint local; // the lookup key within the table
	std::optional<Endpoint> expect;
	Mismatch mismatch = Mismatch::ignore;
	std::vector<Output> outputs; // 1 .. rule_outputs_max, in order (none: blackhole, hand_up)
	bool rtp = false; // RTPFWD_RULE_F_RTP: parse and account RTP
	// Accepted payload types (only with rtp; empty: any), distinct.
	std::vector<PayloadType> payload_types;
	bool stun = false; // RTPFWD_RULE_F_STUN: hand STUN to user space
	bool dtls = false; // RTPFWD_RULE_F_DTLS: hand DTLS to user space
	// RTPFWD_RULE_F_RTCP: forward RTCP (with rtp: rtcp-mux; without: an
	// RTCP port); with SRTP, RTCP is SRTCP of the same keys.
	bool rtcp = false;
	// RTPFWD_RULE_F_SSRC (only with rtp): forward only RTP of these SSRCs
	// (0..4, distinct; empty: none), hand the others up as errors.
	std::optional<std::vector<std::uint32_t>> expect_ssrcs;
	std::optional<RuleStats> stats; // replies only; ignored in requests
	// RTPFWD_RULE_A_DECRYPT (only with rtp or rtcp): SRTP in, checked and decrypted
	// before the outputs. Replies carry no key (srtp.hpp).
	std::optional<Srtp> decrypt = {};
	// RTPFWD_RULE_F_SRTP_AUTH_DROP (only with decrypt): drop SRTP / SRTCP
	// that fails authentication instead of handing it up untouched (still
	// counted in srtp_auth_failed).
	bool srtp_auth_drop = false;
	// RTPFWD_RULE_F_BLACKHOLE: no outputs; what passes the hand-up checks
	// (stun, expect and mismatch, dtls) is dropped, counted in blackholed.
	// Nothing of RTP or SRTP with it (no rtp, rtcp, payload types, SSRCs,
	// decrypt or srtp_auth_drop).
	bool blackhole = false;
	// RTPFWD_RULE_F_HAND_UP: no outputs; what passes the hand-up checks
	// goes to the local socket untouched, counted in handed_up_other (the
	// wrong source still dropped if mismatch says drop). Takes what a
	// blackhole takes, and is not one. rtpengine's non-forwarding target.
	bool hand_up = false;
	// RTPFWD_RULE_A_RECORDING: the id of a recorded stream of the table
	// (recording.hpp), into which a copy of every packet the rule forwards
	// is queued, as it arrived but decrypted. Replies carry it while the
	// stream exists.
	std::optional<std::uint32_t> recording = {};

	bool operator==(const Rule &) const = default;
};

// A rule notification from the "notify" multicast group: which rule of
// which table was created, replaced or deleted (listeners get the rule
// itself with RULE_GET if they want it).
struct RuleEvent {
	enum class Kind { rule_new, rule_replace, rule_del };
	Kind kind = Kind::rule_new;
	std::uint32_t table = 0;
	Endpoint local;

	bool operator==(const RuleEvent &) const = default;
};

// How RULE_NEW treats an existing rule for the same local endpoint.
enum class RuleMode {
	add,     // NLM_F_CREATE | NLM_F_EXCL: EEXIST if there is one
	replace, // NLM_F_CREATE | NLM_F_REPLACE: create or replace
	change,  // NLM_F_REPLACE: replace only, ENOENT if there is none
};

// The ABI's constraints on a rule to be sent (EINVAL, with the reason):
// table id in range, ports 1..65535, 1..32 outputs, each output's src and
// dst of one address family, expect of the local endpoint's family, a known
// mismatch value, payload types only with rtp, at most 32 of them, each
// 0..127 and listed once, clock rates > 0; expected SSRCs only with rtp, at
// most 4, distinct; decrypt / encrypt only with rtp ("decrypt needs rtp",
// "output 2: encrypt needs rtp") and each valid (validate_srtp()); an
// output's SSRC map only with rtp, at most 4, each from once ("output 2:
// SSRC map needs rtp", "output 2: at most 4 SSRC rewrites", "output 2:
// rewrites the same SSRC twice"); an output's payload replacements only
// with rtp, at most 4, each type 0..127 and once, each pattern 1..16 bytes
// ("output 2: payload replacement needs rtp", "output 2: at most 4 payload
// replacements", "output 2: payload replacement type 128 out of range
// (0..127)", "output 2: replaces payload type 0 twice", "output 2: payload
// replacement of type 0: empty pattern", "output 2: payload replacement of
// type 0: pattern of 17 bytes (at most 16)");
// srtp_auth_drop only with decrypt ("auth-fail drop needs decrypt"). A
// blackhole has no outputs and none of rtp, rtcp, payload types, expected
// SSRCs, decrypt, srtp_auth_drop ("a blackhole rule cannot have outputs",
// "a blackhole rule cannot have rtp", ...); nor has a hand-up rule ("a
// hand-up rule cannot have outputs", ...), and no rule is both ("a rule is
// a blackhole or a hand-up rule, not both", the kernel's words).
Result<void> validate_rule(const Rule &rule);

} // namespace rtpnl

#endif
