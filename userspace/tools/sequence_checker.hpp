// SPDX-License-Identifier: LGPL-2.1-or-later
// Per-flow sequence checking at the receiver: loss, reordering and
// duplicates from the 16-bit RTP sequence numbers of one SSRC, extended to
// 64 bits across wrap-arounds the way RFC 3550 (appendix A.1) does.
//
// Lost = expected (highest - lowest + 1) - distinct packets seen; a packet
// that arrives after a higher-numbered one is "reordered"; one seen before,
// within the last `window` numbers, is a duplicate and not counted twice.
#ifndef RTPTOOLS_SEQUENCE_CHECKER_HPP
#define RTPTOOLS_SEQUENCE_CHECKER_HPP

#include <bitset>
#include <cstddef>
#include <cstdint>

namespace rtptools {

class SequenceChecker {
public:
	// How far back duplicates are recognised.
	static constexpr std::size_t window = 1024;

	void receive(std::uint16_t seq);

	std::uint64_t received() const { return received_; }	// every arrival
	std::uint64_t distinct() const { return distinct_; }
	std::uint64_t expected() const;
	std::uint64_t lost() const;
	std::uint64_t reordered() const { return reordered_; }
	std::uint64_t duplicates() const { return duplicates_; }

private:
	std::uint64_t extend(std::uint16_t seq) const;
	void mark(std::uint64_t ext) { seen_.set(ext % window); }
	bool marked(std::uint64_t ext) const { return seen_.test(ext % window); }

	bool started_ = false;
	// Extended numbers start at 2^32 so packets from before the first one
	// seen (reordered across the start) stay positive.
	std::uint64_t lowest_ = 0;
	std::uint64_t highest_ = 0;
	std::uint64_t received_ = 0;
	std::uint64_t distinct_ = 0;
	std::uint64_t reordered_ = 0;
	std::uint64_t duplicates_ = 0;
	std::bitset<window> seen_;
};

} // namespace rtptools

#endif
