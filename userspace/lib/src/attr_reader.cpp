// Attribute parsing and typed accessors (see attr_reader.hpp).
#include "rtpnl/attr_reader.hpp"

#include "rtpnl/attr_writer.hpp" // layout constants

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace rtpnl {

namespace {

template <typename T>
Result<T> read_exact(const Attr &attr, std::span<const std::uint8_t> p)
{
	if (p.size() != sizeof(T))
		return Error::local(EBADMSG, "attribute type " + std::to_string(attr.type()) +
						     " has " + std::to_string(p.size()) +
						     " bytes, expected " + std::to_string(sizeof(T)));
	T value;
	std::memcpy(&value, p.data(), sizeof value);
	return value;
}

} // namespace

std::uint16_t Attr::type() const { return raw_type_ & nla_type_mask; }
bool Attr::nested_flag() const { return (raw_type_ & nla_f_nested) != 0; }
bool Attr::net_byteorder() const { return (raw_type_ & nla_f_net_byteorder) != 0; }

Result<std::uint8_t> Attr::u8() const { return read_exact<std::uint8_t>(*this, payload_); }
Result<std::uint16_t> Attr::u16() const { return read_exact<std::uint16_t>(*this, payload_); }
Result<std::uint32_t> Attr::u32() const { return read_exact<std::uint32_t>(*this, payload_); }
Result<std::uint64_t> Attr::u64() const { return read_exact<std::uint64_t>(*this, payload_); }

Result<std::uint64_t> Attr::uint() const
{
	if (payload_.size() == sizeof(std::uint32_t)) {
		auto v = u32();
		if (!v)
			return v.error();
		return std::uint64_t{*v};
	}
	return u64();
}

Result<std::string> Attr::string() const
{
	const auto nul = std::find(payload_.begin(), payload_.end(), std::uint8_t{0});
	if (nul == payload_.end())
		return Error::local(EBADMSG, "string attribute type " + std::to_string(type()) +
						     " is not NUL-terminated");
	return std::string(payload_.begin(), nul);
}

Result<void> Attr::flag() const
{
	if (!payload_.empty())
		return Error::local(EBADMSG, "flag attribute type " + std::to_string(type()) +
						     " has a payload");
	return {};
}

Result<std::vector<Attr>> Attr::nested() const { return parse_attrs(payload_); }

Result<std::vector<Attr>> parse_attrs(std::span<const std::uint8_t> bytes)
{
	std::vector<Attr> attrs;
	std::size_t at = 0;
	while (at < bytes.size()) {
		const std::size_t remaining = bytes.size() - at;
		if (remaining < nla_hdrlen)
			return Error::local(EBADMSG, std::to_string(remaining) +
							     " stray bytes after the attributes at offset " +
							     std::to_string(at));
		std::uint16_t len;
		std::uint16_t type;
		std::memcpy(&len, bytes.data() + at, sizeof len);
		std::memcpy(&type, bytes.data() + at + 2, sizeof type);
		if (len < nla_hdrlen || len > remaining)
			return Error::local(EBADMSG, "attribute at offset " + std::to_string(at) +
							     " has bad length " + std::to_string(len) +
							     " (" + std::to_string(remaining) +
							     " bytes left)");
		attrs.emplace_back(type, bytes.subspan(at + nla_hdrlen, len - nla_hdrlen), at);
		// The last attribute's padding may be cut off by the message end.
		at += std::min<std::size_t>(nla_align(len), remaining);
	}
	return attrs;
}

const Attr *find_attr(const std::vector<Attr> &attrs, std::uint16_t type)
{
	const Attr *found = nullptr;
	for (const Attr &a : attrs)
		if (a.type() == type)
			found = &a;
	return found;
}

} // namespace rtpnl
