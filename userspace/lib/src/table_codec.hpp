// SPDX-License-Identifier: LGPL-2.1-or-later
// Encoding of table requests and decoding of table replies/events of the
// "rtpengine" generic netlink family, as libnl messages. No sockets:
// unit-tested with golden bytes.
#ifndef RTPNL_TABLE_CODEC_HPP
#define RTPNL_TABLE_CODEC_HPP

#include "netlink.hpp"
#include "rtpnl/error.hpp"
#include "rtpnl/table.hpp"

#include <cstdint>
#include <string_view>

namespace rtpnl {

// The generic netlink command numbers and family constants, mirrored from
// the uapi header (checked by static_asserts in the codecs).
namespace genl {
inline constexpr const char *family_name = "rtpengine";
inline constexpr const char *notify_group = "notify";
inline constexpr std::uint8_t version = 1;
inline constexpr std::uint8_t cmd_table_new = 1;
inline constexpr std::uint8_t cmd_table_del = 2;
inline constexpr std::uint8_t cmd_table_get = 3;
inline constexpr std::uint8_t cmd_rule_new = 4;
inline constexpr std::uint8_t cmd_rule_del = 5;
inline constexpr std::uint8_t cmd_rule_get = 6;
inline constexpr std::uint8_t cmd_stats_reset = 7;
inline constexpr std::uint8_t cmd_recording_new = 8;
inline constexpr std::uint8_t cmd_recording_del = 9;
inline constexpr std::uint8_t cmd_recording_get = 10;
} // namespace genl

// TABLE_NEW / DEL / GET: RTPFWD_A_TABLE_ID. Errors: only ENOMEM.
Result<Request> encode_table_new(std::uint32_t id);
Result<Request> encode_table_del(std::uint32_t id);
Result<Request> encode_table_get(std::uint32_t id);
// TABLE_GET with NLM_F_DUMP and no attributes.
Result<Request> encode_table_dump();

// A TABLE_GET reply (doit or one dump message). RTPFWD_A_TABLE_ID is
// required; unknown attributes are ignored.
Result<Table> decode_table(const GenlMessage &msg);

// What a reply of an object of a table starts with: RTPFWD_A_TABLE_ID and
// the object's nest (`nest_type`: RTPFWD_A_RULE, RTPFWD_A_RECORDING),
// parsed with `policy`. EBADMSG through malformed_reply(kind, ...): "no
// RTPFWD_A_TABLE_ID", "no RTPFWD_A_RULE", the nest's policy error.
struct TableObject {
	std::uint32_t table = 0;
	Attrs attrs; // the nest's
};
Result<TableObject> decode_table_object(const GenlMessage &msg, int nest_type,
					const Policy &policy, std::string_view kind);

// A notify-group message (TABLE_NEW / TABLE_DEL with RTPFWD_A_TABLE_ID).
// Unknown commands yield ENOTSUP so monitors can skip them.
Result<TableEvent> decode_table_event(const GenlMessage &msg);

} // namespace rtpnl

#endif
