// SPDX-License-Identifier: LGPL-2.1-or-later
// RecordingApi: the recorded-stream operations as an interface, so the CLI
// can run against the kernel (Client) or against a fake in unit tests.
#ifndef RTPNL_RECORDING_API_HPP
#define RTPNL_RECORDING_API_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/recording.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace rtpnl {

class RecordingApi {
public:
	virtual ~RecordingApi() = default;

	// RECORDING_NEW of rec.table / call / stream / packets (its call too if
	// new; validate_recording() first): the stream as the kernel made it,
	// with its id. EEXIST if the call has such a stream.
	virtual Result<Recording> recording_add(const Recording &rec) = 0;
	// RECORDING_DEL of one stream, or without one of the call and all its
	// streams. ENOENT if there is no such call or stream.
	virtual Result<void> recording_del(std::uint32_t table, std::string_view call,
					   std::optional<std::string_view> stream) = 0;
	virtual Result<Recording> recording_get(std::uint32_t table, std::string_view call,
						std::string_view stream) = 0;
	// Every recorded stream of the table, in id order (those rtpengine's
	// daemon made through /proc too).
	virtual Result<std::vector<Recording>> recordings(std::uint32_t table) = 0;
};

} // namespace rtpnl

#endif
