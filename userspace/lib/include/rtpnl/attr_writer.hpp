// AttrWriter: builds a stream of netlink attributes (struct nlattr TLVs).
//
// Pure byte-building, no sockets: the output is exactly what goes after the
// genlmsghdr of a request, so unit tests can compare it to golden bytes.
// Layout rules follow the kernel's (include/net/netlink.h): a 4-byte header
// {u16 nla_len, u16 nla_type}, nla_len counting header + payload but not the
// padding, every attribute padded to 4 bytes (NLA_ALIGNTO). Values are in
// host byte order, as netlink expects.
#ifndef RTPNL_ATTR_WRITER_HPP
#define RTPNL_ATTR_WRITER_HPP

#include "rtpnl/error.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace rtpnl {

inline constexpr std::size_t nla_alignto = 4;
inline constexpr std::size_t nla_hdrlen = 4;
inline constexpr std::uint16_t nla_f_nested = 0x8000;
inline constexpr std::uint16_t nla_f_net_byteorder = 0x4000;
inline constexpr std::uint16_t nla_type_mask = 0x3fff;

constexpr std::size_t nla_align(std::size_t len)
{
	return (len + nla_alignto - 1) & ~(nla_alignto - 1);
}

class AttrWriter {
public:
	// An open nest: where its header sits, so end_nest() can patch nla_len.
	struct Nest {
		std::size_t header_offset;
	};

	// base_offset is where this buffer will start inside the final netlink
	// message (nlmsghdr + genlmsghdr = 20 for generic netlink requests).
	// Only put_u64_aligned() looks at it, to pad like nla_put_64bit().
	explicit AttrWriter(std::size_t base_offset = 0) : base_offset_(base_offset) {}

	void put_u8(std::uint16_t type, std::uint8_t value);
	void put_u16(std::uint16_t type, std::uint16_t value);
	void put_u32(std::uint16_t type, std::uint32_t value);
	// A u64 with whatever alignment the stream has (nla_put_u64 style).
	void put_u64(std::uint16_t type, std::uint64_t value);
	// A u64 whose payload is 8-byte aligned in the final message: inserts an
	// empty attribute of pad_type first when needed (nla_put_64bit style).
	void put_u64_aligned(std::uint16_t type, std::uint64_t value, std::uint16_t pad_type);
	// A NUL-terminated string (NLA_NUL_STRING / NLA_STRING both accept it).
	void put_string(std::uint16_t type, std::string_view value);
	void put_binary(std::uint16_t type, std::span<const std::uint8_t> value);
	// A flag: an attribute with no payload; present means true.
	void put_flag(std::uint16_t type);

	// Nested attributes: everything put between begin_nest() and end_nest()
	// becomes the payload of an attribute of `type` with NLA_F_NESTED set.
	Nest begin_nest(std::uint16_t type);
	void end_nest(Nest nest);

	// The attribute bytes, or EMSGSIZE/EINVAL if an attribute could not be
	// represented (payload over 65531 bytes, type over 0x3fff, unclosed nest).
	Result<std::vector<std::uint8_t>> finish() &&;
	// The bytes so far, for inspection (valid only while no error occurred).
	std::span<const std::uint8_t> bytes() const { return buf_; }

private:
	void put(std::uint16_t type, const void *data, std::size_t len);
	std::size_t put_header(std::uint16_t type, std::size_t payload_len);
	void pad();
	void fail(int errnum, std::string description);

	std::vector<std::uint8_t> buf_;
	std::size_t base_offset_;
	std::size_t open_nests_ = 0;
	std::optional<Error> error_;
};

} // namespace rtpnl

#endif
