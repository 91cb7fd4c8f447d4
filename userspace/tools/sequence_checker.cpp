// SPDX-License-Identifier: LGPL-2.1-or-later
// Sequence checking (see sequence_checker.hpp).
#include "sequence_checker.hpp"

namespace rtptools {

namespace {
constexpr std::uint64_t ext_origin = std::uint64_t{1} << 32;
}

std::uint64_t SequenceChecker::extend(std::uint16_t seq) const
{
	// The signed 16-bit distance to the highest number seen: a step of
	// more than half the number space backwards is a wrap forwards.
	const auto delta = static_cast<std::int16_t>(static_cast<std::uint16_t>(seq - highest_));
	return static_cast<std::uint64_t>(static_cast<std::int64_t>(highest_) + delta);
}

void SequenceChecker::receive(std::uint16_t seq)
{
	received_++;
	if (!started_) {
		started_ = true;
		lowest_ = highest_ = ext_origin + seq;
		distinct_ = 1;
		mark(highest_);
		return;
	}
	const std::uint64_t ext = extend(seq);
	if (ext > highest_) {
		// Forget the numbers the window slides over.
		if (ext - highest_ >= window)
			seen_.reset();
		else
			for (std::uint64_t n = highest_ + 1; n < ext; n++)
				seen_.reset(n % window);
		highest_ = ext;
		mark(ext);
		distinct_++;
		return;
	}
	if (highest_ - ext < window && ext >= lowest_ && marked(ext)) {
		duplicates_++;
		return;
	}
	reordered_++;
	distinct_++;
	if (highest_ - ext < window)
		mark(ext);
	if (ext < lowest_)
		lowest_ = ext;
}

std::uint64_t SequenceChecker::expected() const
{
	return started_ ? highest_ - lowest_ + 1 : 0;
}

std::uint64_t SequenceChecker::lost() const
{
	const std::uint64_t e = expected();
	return e > distinct_ ? e - distinct_ : 0;
}

} // namespace rtptools
