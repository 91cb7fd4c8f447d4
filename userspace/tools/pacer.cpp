// SPDX-License-Identifier: LGPL-2.1-or-later
#include "pacer.hpp"

#include <algorithm>

namespace rtptools {

Pacer::Pacer(double rate, std::uint64_t burst, std::uint64_t count)
	: rate_(rate), burst_(std::max<std::uint64_t>(burst, 1)), count_(count)
{
}

std::uint64_t Pacer::burst_for(std::uint64_t sent) const
{
	if (count_ && sent >= count_)
		return 0;
	return count_ ? std::min(burst_, count_ - sent) : burst_;
}

std::uint64_t Pacer::ready(double elapsed, std::uint64_t sent) const
{
	const std::uint64_t need = burst_for(sent);
	// the same expression as next_due(): a sender woken at next_due() must
	// find its burst ready, whatever the rounding of rate * elapsed
	if (!need || elapsed < next_due(sent))
		return 0;
	// packets 0 .. due-1 are due by now
	const auto due = std::max(sent + need, static_cast<std::uint64_t>(rate_ * elapsed) + 1);
	const std::uint64_t ready = due - sent;
	return count_ ? std::min(ready, count_ - sent) : ready;
}

double Pacer::next_due(std::uint64_t sent) const
{
	const std::uint64_t need = std::max<std::uint64_t>(burst_for(sent), 1);
	return static_cast<double>(sent + need - 1) / rate_;
}

} // namespace rtptools
