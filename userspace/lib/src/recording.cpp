// SPDX-License-Identifier: LGPL-2.1-or-later
// Recorded streams: the reader's path and the checks before sending (see
// recording.hpp).
#include "rtpnl/recording.hpp"

#include "rtpnl/table.hpp"

#include <cerrno>

namespace rtpnl {

std::string recording_path(const Recording &rec)
{
	return "/proc/rtpengine/" + std::to_string(rec.table) + "/calls/" + rec.call + "/" +
	       rec.stream;
}

Result<void> validate_recording_name(std::string_view name, std::string_view what)
{
	if (name.size() > recording_name_max)
		return Error::local(EINVAL, std::string(what) + " name of " +
						    std::to_string(name.size()) + " bytes (at most " +
						    std::to_string(recording_name_max) + ")");
	if (name.empty() || name == "." || name == ".." ||
	    name.find_first_of(std::string_view("/\0", 2)) != std::string_view::npos)
		return Error::local(EINVAL, "invalid " + std::string(what) + " '" + std::string(name) +
						    "' (a file name: not empty, '.' or '..', no '/')");
	return {};
}

Result<void> validate_recording(const Recording &rec)
{
	if (rec.table > table_id_max)
		return Error::local(EINVAL, "table id " + std::to_string(rec.table) +
						    " out of range (0.." + std::to_string(table_id_max) +
						    ")");
	if (auto r = validate_recording_name(rec.call, "call"); !r)
		return r;
	if (auto r = validate_recording_name(rec.stream, "stream"); !r)
		return r;
	if (rec.packets && (*rec.packets == 0 || *rec.packets > recording_packets_max))
		return Error::local(EINVAL, "packets " + std::to_string(*rec.packets) +
						    " out of range (1.." +
						    std::to_string(recording_packets_max) + ")");
	return {};
}

} // namespace rtpnl
