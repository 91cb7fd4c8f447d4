// SPDX-License-Identifier: LGPL-2.1-or-later
// Helpers for golden-byte tests: byte vectors from integer lists, and a
// readable dump for failure messages.
#ifndef RTPFWD_TEST_BYTES_HPP
#define RTPFWD_TEST_BYTES_HPP

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <sstream>
#include <string>
#include <vector>

// Netlink is host-endian; the golden bytes in these tests are little-endian.
static_assert(std::endian::native == std::endian::little,
	      "golden netlink bytes in the unit tests assume a little-endian host");

using Bytes = std::vector<std::uint8_t>;

inline Bytes bytes(std::initializer_list<int> list)
{
	Bytes b;
	for (int v : list)
		b.push_back(static_cast<std::uint8_t>(v));
	return b;
}

inline Bytes concat(std::initializer_list<Bytes> parts)
{
	Bytes b;
	for (const Bytes &p : parts)
		b.insert(b.end(), p.begin(), p.end());
	return b;
}

inline Bytes to_vector(std::span<const std::uint8_t> s) { return Bytes(s.begin(), s.end()); }

// "08 00 01 00 ..." so a mismatch shows where it is.
inline std::string hex(std::span<const std::uint8_t> b)
{
	static const char digits[] = "0123456789abcdef";
	std::string s;
	for (std::size_t i = 0; i < b.size(); ++i) {
		if (i)
			s += ' ';
		s += digits[b[i] >> 4];
		s += digits[b[i] & 0xf];
	}
	return s;
}

#endif
