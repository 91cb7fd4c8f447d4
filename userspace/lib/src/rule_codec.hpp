// SPDX-License-Identifier: LGPL-2.1-or-later
// Encoding of rule requests and decoding of rule replies of the "rtpengine"
// generic netlink family, as libnl messages. No sockets: unit-tested with
// golden bytes.
//
// Layout (include/uapi/linux/rtpfwd.h): RTPFWD_A_TABLE_ID (u32) and
// RTPFWD_A_RULE, a nest of LOCAL / EXPECT (endpoint nests), MISMATCH (u8),
// OUTPUT (repeated nests of SRC / DST endpoint nests and TOS u8) and, in
// replies, STATS (PACKETS / BYTES / ERRORS, u64); for RTP rules FLAGS (u32,
// RTPFWD_RULE_F_RTP) and PAYLOAD_TYPE (repeated nests of TYPE u8 and
// CLOCK_RATE u32) and, in replies, PT_STATS (TYPE, PACKETS, BYTES) and
// SSRC_STATS (SSRC, PACKETS, BYTES, EXT_SEQ, LOST, JITTER); SRTP in the
// rule's DECRYPT and an output's ENCRYPT (SUITE u32, MASTER_KEY, MASTER_SALT,
// [MKI], ROC { SSRC, ROC }..., [UNAUTHENTICATED flag] in requests; SUITE,
// MKI_LEN u8, ROC..., [UNAUTHENTICATED] in replies, which never carry keys). Every nest is written with
// NLA_F_NESTED, as the kernel's strict validation demands.
#ifndef RTPNL_RULE_CODEC_HPP
#define RTPNL_RULE_CODEC_HPP

#include "netlink.hpp"
#include "rtpnl/error.hpp"
#include "rtpnl/rule.hpp"
#include "table_codec.hpp"

#include <cstdint>
#include <optional>

namespace rtpnl {

// nlmsg_flags of new-object requests, mirrored from <linux/netlink.h>.
namespace nlm_flags {
inline constexpr std::uint16_t replace = 0x100;
inline constexpr std::uint16_t excl = 0x200;
inline constexpr std::uint16_t create = 0x400;
} // namespace nlm_flags

// add: CREATE|EXCL, replace: CREATE|REPLACE, change: REPLACE.
std::uint16_t rule_mode_flags(RuleMode mode);

// RULE_NEW: TABLE_ID + RULE { LOCAL, [EXPECT], MISMATCH, OUTPUT... (none
// for a blackhole or a hand-up rule), [FLAGS], PAYLOAD_TYPE..., SSRC...,
// [DECRYPT], [RECORDING] }, outputs with [ENCRYPT], SSRC_MAP { FROM, TO
// }... and PT_REPLACE { TYPE, PATTERN }... in order, with FLAGS only when
// the rule has any (rtp, stun, dtls, expected SSRCs, blackhole, hand-up,
// ...), with the mode's flags. Runs validate_rule() first (EINVAL);
// rule.stats is not sent. MISMATCH is always sent, so a replaced rule never keeps an
// old one.
Result<Request> encode_rule_new(const Rule &rule, RuleMode mode);
// RULE_DEL / RULE_GET (doit): TABLE_ID + RULE { LOCAL }. These and the
// two below fail only with ENOMEM.
Result<Request> encode_rule_del(std::uint32_t table, const Endpoint &local);
Result<Request> encode_rule_get(std::uint32_t table, const Endpoint &local);
// STATS_RESET of one rule (TABLE_ID + RULE { LOCAL }) or, without local,
// of every rule of the table (TABLE_ID only).
Result<Request> encode_stats_reset(std::uint32_t table, const std::optional<Endpoint> &local);
// RULE_GET dump of one table, or of all tables without an id.
Result<Request> encode_rule_dump(std::optional<std::uint32_t> table);

// A RULE_GET reply (doit or one dump entry; RULE_NEW is accepted too, for
// notifications). TABLE_ID, RULE, LOCAL and at least one OUTPUT (none with
// the BLACKHOLE or the HAND_UP flag) are required; an endpoint needs exactly one of ADDR4 /
// ADDR6 of the right size and a non-zero PORT; an unknown MISMATCH value is
// an error; a STATS nest must carry all three counters; PT_STATS /
// SSRC_STATS must carry all their fields and land in rule.stats (dropped
// without a STATS nest); an output's SSRC_MAP needs FROM and TO, at most
// 4 of them; its PT_REPLACE needs TYPE and a PATTERN of 1..16 bytes, at
// most 4 of them; a TYPE over 127 is an error. RECORDING (u32), the
// recorded stream, is there while the stream is. Absent FLAGS means no rtp.
// Absent MISMATCH means ignore (the ABI's default), an absent newer counter
// (BLACKHOLED, ...: older kernels) 0. Unknown attributes are skipped (newer
// kernels). Errors: EBADMSG.
Result<Rule> decode_rule(const GenlMessage &msg);

// A notify-group rule event: RULE_NEW (NLM_F_REPLACE in the message's flags:
// replaced, else created) or RULE_DEL, with TABLE_ID and RULE { LOCAL }.
// Other commands: ENOTSUP (so monitors can try the table events); missing
// or malformed attributes: EBADMSG.
Result<RuleEvent> decode_rule_event(const GenlMessage &msg);

} // namespace rtpnl

#endif
