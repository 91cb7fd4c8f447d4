// SPDX-License-Identifier: LGPL-2.1-or-later
// How recorded streams look in rtpnl's output (text and JSON).
#ifndef RTPNL_CLI_RECORDING_PRINT_HPP
#define RTPNL_CLI_RECORDING_PRINT_HPP

#include "printer.hpp"

#include "rtpnl/recording.hpp"

#include <span>

namespace rtpnl::cli {

// text, one line per stream (names as they are):
//   table 42 id 0 call call-1 stream caller packets 10 queued 3 dropped 0
//   path /proc/rtpengine/42/calls/call-1/caller
// JSON: {"table":42,"id":0,"call":"call-1","stream":"caller","packets":10,
//   "queued":3,"dropped":0,"path":"/proc/rtpengine/42/calls/call-1/caller"}
void print_recording(Printer &p, const Recording &rec);
// A list: text one stream after the other, JSON an array ("[]" when empty).
void print_recordings(Printer &p, std::span<const Recording> recs);

} // namespace rtpnl::cli

#endif
