// AttrWriter: netlink attribute encoding (see attr_writer.hpp for the layout).
#include "rtpnl/attr_writer.hpp"

#include <cerrno>
#include <cstring>
#include <limits>
#include <string>

namespace rtpnl {

namespace {
constexpr std::size_t max_nla_len = std::numeric_limits<std::uint16_t>::max();
}

void AttrWriter::fail(int errnum, std::string description)
{
	if (!error_) // keep the first error: later ones are usually consequences
		error_ = Error::local(errnum, std::move(description));
}

std::size_t AttrWriter::put_header(std::uint16_t type, std::size_t payload_len)
{
	if (type & ~nla_type_mask)
		fail(EINVAL, "attribute type " + std::to_string(type) + " out of range");
	if (nla_hdrlen + payload_len > max_nla_len)
		fail(EMSGSIZE, "attribute type " + std::to_string(type) + " too long (" +
				       std::to_string(payload_len) + " bytes)");
	const std::size_t at = buf_.size();
	const auto len = static_cast<std::uint16_t>(nla_hdrlen + payload_len);
	buf_.resize(at + nla_hdrlen);
	std::memcpy(buf_.data() + at, &len, sizeof len);
	std::memcpy(buf_.data() + at + 2, &type, sizeof type);
	return at;
}

void AttrWriter::pad()
{
	buf_.resize(nla_align(buf_.size()), 0);
}

void AttrWriter::put(std::uint16_t type, const void *data, std::size_t len)
{
	put_header(type, len);
	const auto *bytes = static_cast<const std::uint8_t *>(data);
	buf_.insert(buf_.end(), bytes, bytes + len);
	pad();
}

void AttrWriter::put_u8(std::uint16_t type, std::uint8_t value) { put(type, &value, sizeof value); }
void AttrWriter::put_u16(std::uint16_t type, std::uint16_t value) { put(type, &value, sizeof value); }
void AttrWriter::put_u32(std::uint16_t type, std::uint32_t value) { put(type, &value, sizeof value); }
void AttrWriter::put_u64(std::uint16_t type, std::uint64_t value) { put(type, &value, sizeof value); }

void AttrWriter::put_u64_aligned(std::uint16_t type, std::uint64_t value, std::uint16_t pad_type)
{
	// The payload starts after this attribute's header; if that is not on an
	// 8-byte boundary, a 4-byte empty pad attribute shifts it there.
	if ((base_offset_ + buf_.size() + nla_hdrlen) % 8 != 0)
		put(pad_type, nullptr, 0);
	put(type, &value, sizeof value);
}

void AttrWriter::put_string(std::uint16_t type, std::string_view value)
{
	put_header(type, value.size() + 1);
	buf_.insert(buf_.end(), value.begin(), value.end());
	buf_.push_back(0);
	pad();
}

void AttrWriter::put_binary(std::uint16_t type, std::span<const std::uint8_t> value)
{
	put(type, value.data(), value.size());
}

void AttrWriter::put_flag(std::uint16_t type) { put(type, nullptr, 0); }

AttrWriter::Nest AttrWriter::begin_nest(std::uint16_t type)
{
	++open_nests_;
	const std::size_t at = put_header(type, 0);
	const std::uint16_t flagged = type | nla_f_nested;
	std::memcpy(buf_.data() + at + 2, &flagged, sizeof flagged);
	return Nest{at};
}

void AttrWriter::end_nest(Nest nest)
{
	if (open_nests_ == 0 || nest.header_offset >= buf_.size()) {
		fail(EINVAL, "end_nest() without a matching begin_nest()");
		return;
	}
	--open_nests_;
	// Nested payloads are already padded, so the nest's length is aligned.
	const std::size_t len = buf_.size() - nest.header_offset;
	if (len > max_nla_len) {
		fail(EMSGSIZE, "nested attribute too long (" + std::to_string(len) + " bytes)");
		return;
	}
	const auto len16 = static_cast<std::uint16_t>(len);
	std::memcpy(buf_.data() + nest.header_offset, &len16, sizeof len16);
}

Result<std::vector<std::uint8_t>> AttrWriter::finish() &&
{
	if (open_nests_ != 0)
		fail(EINVAL, "nested attribute left open");
	if (error_)
		return *error_;
	return std::move(buf_);
}

} // namespace rtpnl
