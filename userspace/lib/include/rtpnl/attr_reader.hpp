// Attribute parsing: splits a byte range into netlink attributes and reads
// typed values out of them.
//
// Strict on purpose: a length field that points outside the buffer, a
// header shorter than 4 bytes, trailing garbage, or a value of the wrong size
// is an error (EBADMSG), never a read past the end. Unknown attribute types
// are returned like any other, so decoders can skip them (forward
// compatibility with newer kernels).
#ifndef RTPNL_ATTR_READER_HPP
#define RTPNL_ATTR_READER_HPP

#include "rtpnl/error.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rtpnl {

class Attr {
public:
	Attr(std::uint16_t raw_type, std::span<const std::uint8_t> payload, std::size_t offset)
		: raw_type_(raw_type), payload_(payload), offset_(offset) {}

	// The type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER flag bits.
	std::uint16_t type() const;
	bool nested_flag() const;
	bool net_byteorder() const;
	std::span<const std::uint8_t> payload() const { return payload_; }
	// Where the attribute header starts inside the buffer it was parsed from.
	std::size_t offset() const { return offset_; }

	// Fixed-size readers: the payload must be exactly that size.
	Result<std::uint8_t> u8() const;
	Result<std::uint16_t> u16() const;
	Result<std::uint32_t> u32() const;
	Result<std::uint64_t> u64() const;
	// NLA_UINT style: 4 or 8 bytes (kernels send the smallest that fits).
	Result<std::uint64_t> uint() const;
	// NUL-terminated string; the NUL must be inside the payload.
	Result<std::string> string() const;
	// A flag attribute must have an empty payload.
	Result<void> flag() const;
	// The payload parsed as attributes. NLA_F_NESTED is not required because
	// older kernel code (nla_nest_start_noflag) omits it.
	Result<std::vector<Attr>> nested() const;

private:
	Error size_error(std::size_t expected) const;

	std::uint16_t raw_type_;
	std::span<const std::uint8_t> payload_;
	std::size_t offset_;
};

// Parses the whole buffer as consecutive attributes.
Result<std::vector<Attr>> parse_attrs(std::span<const std::uint8_t> bytes);

// The last attribute of that type (the kernel's nla_parse keeps the last
// duplicate too), or nullptr.
const Attr *find_attr(const std::vector<Attr> &attrs, std::uint16_t type);

} // namespace rtpnl

#endif
