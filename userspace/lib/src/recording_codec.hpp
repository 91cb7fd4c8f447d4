// SPDX-License-Identifier: LGPL-2.1-or-later
// Encoding of recorded-stream requests and decoding of their replies of the
// "rtpengine" generic netlink family, as libnl messages. No sockets:
// unit-tested with golden bytes.
//
// Layout (include/uapi/linux/rtpfwd.h): RTPFWD_A_TABLE_ID (u32) and
// RTPFWD_A_RECORDING, a nest of CALL and STREAM (NUL-terminated strings),
// PACKETS (u32) and, in replies, ID, QUEUED (u32) and DROPPED (u64).
#ifndef RTPNL_RECORDING_CODEC_HPP
#define RTPNL_RECORDING_CODEC_HPP

#include "netlink.hpp"
#include "rtpnl/error.hpp"
#include "rtpnl/recording.hpp"
#include "table_codec.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace rtpnl {

// RECORDING_NEW: TABLE_ID + RECORDING { CALL, STREAM, [PACKETS] }. Runs
// validate_recording() first (EINVAL); the reply-only members are not sent.
Result<Request> encode_recording_new(const Recording &rec);
// RECORDING_DEL: TABLE_ID + RECORDING { CALL, [STREAM] } (without a
// stream: the call and its streams); RECORDING_GET (doit): TABLE_ID +
// RECORDING { CALL, STREAM }. The names are checked first (EINVAL).
Result<Request> encode_recording_del(std::uint32_t table, std::string_view call,
				     std::optional<std::string_view> stream);
Result<Request> encode_recording_get(std::uint32_t table, std::string_view call,
				     std::string_view stream);
// RECORDING_GET dump of one table: TABLE_ID only, with NLM_F_DUMP.
Result<Request> encode_recording_dump(std::uint32_t table);

// A RECORDING_GET reply (RECORDING_NEW's, a doit's or one dump message).
// TABLE_ID and RECORDING with CALL, STREAM (1..255 bytes), ID, PACKETS,
// QUEUED and DROPPED are required; unknown attributes are skipped.
// Errors: EBADMSG.
Result<Recording> decode_recording(const GenlMessage &msg);

} // namespace rtpnl

#endif
