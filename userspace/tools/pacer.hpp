// SPDX-License-Identifier: LGPL-2.1-or-later
// Send pacing of rtpload at a fixed rate: packet k (from 0) is due k / rate
// seconds after the start, and packets leave in bursts of up to `burst`:
// the sender sleeps until the last packet of the next burst is due, then
// sends every packet due by then. Burst 1 sends each packet when it is due.
#ifndef RTPTOOLS_PACER_HPP
#define RTPTOOLS_PACER_HPP

#include <cstdint>

namespace rtptools {

class Pacer {
public:
	// count: stop after that many packets (0: no limit), so that the last
	// burst may be short
	Pacer(double rate, std::uint64_t burst, std::uint64_t count = 0);

	// Packets to send now, `elapsed` seconds after the start with `sent`
	// packets gone: 0 when the next burst is not due yet.
	std::uint64_t ready(double elapsed, std::uint64_t sent) const;
	// Seconds after the start at which the next burst is due.
	double next_due(std::uint64_t sent) const;

private:
	std::uint64_t burst_for(std::uint64_t sent) const;

	double rate_;
	std::uint64_t burst_;
	std::uint64_t count_;
};

} // namespace rtptools

#endif
