// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpload's pacing at a fixed rate: packet k due at k / rate, bursts.
#include "pacer.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

using rtptools::Pacer;

namespace {
// Runs the sender's loop on a simulated clock for `seconds`: sleep until the
// next burst is due, send what is ready, stop at `count` packets as rtpload
// does. Returns the size of every send.
std::vector<std::uint64_t> simulate(const Pacer &pacer, double seconds, std::uint64_t count = 0)
{
	std::vector<std::uint64_t> sends;
	std::uint64_t sent = 0;
	double now = 0;
	while (now < seconds && (!count || sent < count)) {
		const std::uint64_t n = pacer.ready(now, sent);
		if (!n) {
			const double next = pacer.next_due(sent);
			REQUIRE(next > now);	// the loop must make progress
			now = next;
			continue;
		}
		sends.push_back(n);
		sent += n;
	}
	return sends;
}

std::uint64_t total(const std::vector<std::uint64_t> &sends)
{
	std::uint64_t t = 0;
	for (auto n : sends)
		t += n;
	return t;
}
} // namespace

TEST_CASE("burst 1: each packet when it is due")
{
	const Pacer p(3000, 1);
	CHECK(p.ready(0, 0) == 1);
	CHECK(p.ready(0, 1) == 0);
	CHECK(p.next_due(1) == doctest::Approx(1.0 / 3000));
	CHECK(p.ready(1.0 / 3000 + 1e-9, 1) == 1);
	// late by three packets: all three at once
	CHECK(p.ready(3.5 / 3000, 1) == 3);
}

TEST_CASE("bursts of 30 at 3,000 packets/s: one send every 10 ms")
{
	const Pacer p(3000, 30);
	CHECK(p.ready(0, 0) == 0);
	CHECK(p.next_due(0) == doctest::Approx(29.0 / 3000));
	CHECK(p.ready(29.0 / 3000 + 1e-9, 0) == 30);
	CHECK(p.next_due(30) == doctest::Approx(59.0 / 3000));

	const auto sends = simulate(p, 1.0);
	CHECK(sends.size() == 100);
	CHECK(total(sends) == 3000);
	for (auto n : sends)
		CHECK(n == 30);
}

TEST_CASE("a packet count cuts the last burst short and then stops")
{
	const Pacer p(1000, 30, 100);
	const auto sends = simulate(p, 10.0, 100);
	REQUIRE(sends.size() == 4);
	CHECK(sends.back() == 10);
	CHECK(total(sends) == 100);
	CHECK(p.ready(10.0, 100) == 0);
}

TEST_CASE("a sender running late never sends more than the count")
{
	const Pacer p(1000, 10, 25);
	CHECK(p.ready(5.0, 0) == 25);
	CHECK(p.ready(5.0, 20) == 5);
}
