// Encoding of table requests and decoding of table replies/events of the
// "rtpengine" generic netlink family, as attribute bytes (what follows the
// genlmsghdr). Pure: no sockets, unit-tested with golden bytes.
#ifndef RTPNL_TABLE_CODEC_HPP
#define RTPNL_TABLE_CODEC_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/nl_message.hpp"
#include "rtpnl/table.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace rtpnl {

// The generic netlink command numbers and family constants, mirrored from
// the uapi header so users of librtpnl need not have it installed.
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
} // namespace genl

// A request ready for the socket: command, dump or not, attribute bytes.
struct Request {
	std::uint8_t cmd = 0;
	bool dump = false;
	std::vector<std::uint8_t> attrs;
	// nlmsg_flags besides NLM_F_REQUEST and NLM_F_ACK / NLM_F_DUMP, which
	// the socket sets (RULE_NEW: NLM_F_CREATE, NLM_F_EXCL, NLM_F_REPLACE).
	std::uint16_t flags = 0;
};

Request encode_table_new(std::uint32_t id);
Request encode_table_del(std::uint32_t id);
Request encode_table_get(std::uint32_t id);
Request encode_table_dump();

// A TABLE_GET reply (doit or one dump message). RTPFWD_A_TABLE_ID is
// required; unknown attributes are ignored.
Result<Table> decode_table(const GenlMessage &msg);

// A notify-group message (TABLE_NEW / TABLE_DEL with RTPFWD_A_TABLE_ID).
// Unknown commands yield ENOTSUP so monitors can skip them.
Result<TableEvent> decode_table_event(const GenlMessage &msg);

} // namespace rtpnl

#endif
