// SPDX-License-Identifier: LGPL-2.1-or-later
// Per-flow sequence checking: loss, reordering, duplicates, wrap-around.
#include "sequence_checker.hpp"

#include <doctest/doctest.h>

#include <initializer_list>

using rtptools::SequenceChecker;

namespace {
SequenceChecker feed(std::initializer_list<unsigned> seqs)
{
	SequenceChecker c;
	for (unsigned s : seqs)
		c.receive(static_cast<std::uint16_t>(s));
	return c;
}
} // namespace

TEST_CASE("an unbroken run: nothing lost, nothing reordered")
{
	SequenceChecker c;
	for (unsigned s = 100; s < 1100; s++)
		c.receive(static_cast<std::uint16_t>(s));
	CHECK(c.received() == 1000);
	CHECK(c.expected() == 1000);
	CHECK(c.lost() == 0);
	CHECK(c.reordered() == 0);
	CHECK(c.duplicates() == 0);
}

TEST_CASE("nothing received: nothing expected")
{
	const SequenceChecker c;
	CHECK(c.expected() == 0);
	CHECK(c.lost() == 0);
}

TEST_CASE("gaps are lost packets")
{
	const auto c = feed({1, 2, 5, 6, 10});
	CHECK(c.expected() == 10);
	CHECK(c.lost() == 5);
	CHECK(c.reordered() == 0);
}

TEST_CASE("a late packet is reordered, and not lost")
{
	const auto c = feed({1, 2, 4, 3, 5});
	CHECK(c.lost() == 0);
	CHECK(c.reordered() == 1);
	CHECK(c.distinct() == 5);
}

TEST_CASE("a packet from before the first one extends the expected range")
{
	const auto c = feed({10, 11, 9, 12});
	CHECK(c.expected() == 4);
	CHECK(c.lost() == 0);
	CHECK(c.reordered() == 1);
}

TEST_CASE("duplicates are counted once and do not hide a loss")
{
	const auto c = feed({1, 2, 2, 4, 2});
	CHECK(c.received() == 5);
	CHECK(c.duplicates() == 2);
	CHECK(c.distinct() == 3);
	CHECK(c.lost() == 1);
}

TEST_CASE("the sequence number wraps from 65535 to 0")
{
	const auto c = feed({65533, 65534, 65535, 0, 1, 2});
	CHECK(c.expected() == 6);
	CHECK(c.lost() == 0);
	CHECK(c.reordered() == 0);
}

TEST_CASE("reordering across the wrap")
{
	const auto c = feed({65534, 0, 65535, 1});
	CHECK(c.lost() == 0);
	CHECK(c.reordered() == 1);
	CHECK(c.duplicates() == 0);
}

TEST_CASE("many wraps: 200,000 packets with every 1000th lost")
{
	SequenceChecker c;
	for (unsigned i = 0; i < 200000; i++)
		if (i % 1000 != 500)
			c.receive(static_cast<std::uint16_t>(i));
	CHECK(c.expected() == 200000);
	CHECK(c.lost() == 200);
}

TEST_CASE("a jump larger than the window forgets old numbers but keeps counting")
{
	const auto c = feed({1, 2, 3000, 2});
	CHECK(c.expected() == 3000);
	CHECK(c.duplicates() == 0); // too old to tell: counted as reordered
	CHECK(c.reordered() == 1);
}
