// SPDX-License-Identifier: LGPL-2.1-or-later
// Value type of a recorded stream of the "rtpengine" family
// (RTPFWD_A_RECORDING): the table's file /proc/rtpengine/TABLE/calls/CALL/
// STREAM, from which one reader gets one datagram per read(), and into
// which rules record by the stream's id (Rule::recording).
//
// Plain data, no netlink knowledge (recording_codec.hpp turns it into
// bytes). validate_recording() states the ABI's constraints once, so the
// CLI, the C API and the Client refuse a bad name with the same words
// before any request is sent.
#ifndef RTPNL_RECORDING_HPP
#define RTPNL_RECORDING_HPP

#include "rtpnl/error.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtpnl {

// RTPFWD_RECORDING_PACKETS_MAX: the most datagrams a stream holds for its
// reader; RTPFWD_RECORDING_NAME_MAX: the longest call or stream name, in
// bytes (checked by static_asserts in recording_codec.cpp).
inline constexpr std::uint32_t recording_packets_max = 4096;
inline constexpr std::size_t recording_name_max = 255;

struct Recording {
	std::uint32_t table = 0;
	std::string call;   // a directory of the table's calls/
	std::string stream; // a file in it
	// How many datagrams it holds for its reader, 1..recording_packets_max;
	// absent in a request: the module parameter stream_packets_list_limit.
	// Replies always carry it.
	std::optional<std::uint32_t> packets;
	// Replies only.
	std::uint32_t id = 0;	   // what Rule::recording names
	std::uint32_t queued = 0;  // datagrams waiting for the reader
	std::uint64_t dropped = 0; // datagrams lost (the stream or the module full)

	bool operator==(const Recording &) const = default;
};

// The reader's file: "/proc/rtpengine/42/calls/call-1/caller".
std::string recording_path(const Recording &rec);

// A call or stream name as the kernel takes it: a file name of 1 to
// recording_name_max bytes, not "." or "..", without '/' or NUL. EINVAL
// naming it: "invalid call 'a/b' (a file name: not empty, '.' or '..', no
// '/')", "stream name of 256 bytes (at most 255)".
Result<void> validate_recording_name(std::string_view name, std::string_view what);

// What RECORDING_NEW takes (EINVAL, with the reason): a table id in range,
// a valid call and stream name, packets 1..recording_packets_max when set
// ("packets 0 out of range (1..4096)").
Result<void> validate_recording(const Recording &rec);

} // namespace rtpnl

#endif
