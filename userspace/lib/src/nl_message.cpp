// Netlink message framing (see nl_message.hpp).
#include "rtpnl/nl_message.hpp"

#include "rtpnl/attr_reader.hpp"

#include <linux/netlink.h>

#include <cerrno>
#include <cstring>
#include <limits>

namespace rtpnl {

static_assert(nlmsg_hdrlen == NLMSG_HDRLEN);
static_assert(sizeof(nlmsghdr) == nlmsg_hdrlen);

namespace {

template <typename T>
void put(std::vector<std::uint8_t> &buf, std::size_t at, T value)
{
	std::memcpy(buf.data() + at, &value, sizeof value);
}

template <typename T>
T get(std::span<const std::uint8_t> bytes, std::size_t at)
{
	T value;
	std::memcpy(&value, bytes.data() + at, sizeof value);
	return value;
}

Error malformed(const std::string &what)
{
	return Error::local(EBADMSG, "malformed netlink message: " + what);
}

// Fills ack's extack fields from NLMSGERR_ATTR_* attributes.
Result<void> parse_ext_ack(std::span<const std::uint8_t> tlvs, Ack &ack)
{
	auto attrs = parse_attrs(tlvs);
	if (!attrs)
		return attrs.error();
	if (const Attr *a = find_attr(*attrs, NLMSGERR_ATTR_MSG)) {
		auto s = a->string();
		if (!s)
			return s.error();
		ack.message = std::move(*s);
	}
	if (const Attr *a = find_attr(*attrs, NLMSGERR_ATTR_OFFS)) {
		auto v = a->u32();
		if (!v)
			return v.error();
		ack.offset = *v;
	}
	if (const Attr *a = find_attr(*attrs, NLMSGERR_ATTR_MISS_TYPE)) {
		auto v = a->u32();
		if (!v)
			return v.error();
		ack.missing_type = *v;
	}
	return {};
}

} // namespace

Error Ack::to_error() const
{
	return Error::kernel(errnum, message, offset);
}

std::vector<std::uint8_t> encode_genl_request(const GenlRequest &req)
{
	const std::size_t len = nlmsg_hdrlen + genl_hdrlen + req.attrs.size();
	std::vector<std::uint8_t> buf(len, 0);
	put(buf, 0, static_cast<std::uint32_t>(len));
	put(buf, 4, req.family);
	put(buf, 6, static_cast<std::uint16_t>(req.flags | NLM_F_REQUEST));
	put(buf, 8, req.seq);
	put(buf, 12, std::uint32_t{0});
	buf[16] = req.cmd;
	buf[17] = req.version;
	// buf[18..19]: genlmsghdr.reserved, zero
	if (!req.attrs.empty()) // memcpy from an empty span's null pointer is UB
		std::memcpy(buf.data() + nlmsg_hdrlen + genl_hdrlen, req.attrs.data(),
			    req.attrs.size());
	return buf;
}

Result<std::vector<NlMessage>> parse_messages(std::span<const std::uint8_t> bytes)
{
	std::vector<NlMessage> msgs;
	std::size_t at = 0;
	while (at < bytes.size()) {
		const std::size_t remaining = bytes.size() - at;
		if (remaining < nlmsg_hdrlen)
			return malformed(std::to_string(remaining) + " stray bytes at offset " +
					 std::to_string(at));
		NlMessage m;
		m.len = get<std::uint32_t>(bytes, at);
		m.type = get<std::uint16_t>(bytes, at + 4);
		m.flags = get<std::uint16_t>(bytes, at + 6);
		m.seq = get<std::uint32_t>(bytes, at + 8);
		m.pid = get<std::uint32_t>(bytes, at + 12);
		if (m.len < nlmsg_hdrlen || m.len > remaining)
			return malformed("bad nlmsg_len " + std::to_string(m.len) + " at offset " +
					 std::to_string(at) + " (" + std::to_string(remaining) +
					 " bytes left)");
		m.payload = bytes.subspan(at + nlmsg_hdrlen, m.len - nlmsg_hdrlen);
		msgs.push_back(m);
		at += std::min<std::size_t>(nlmsg_align(m.len), remaining);
	}
	return msgs;
}

Result<GenlMessage> parse_genl(const NlMessage &msg)
{
	if (msg.payload.size() < genl_hdrlen)
		return malformed("generic netlink message shorter than its header");
	return GenlMessage{msg.payload[0], msg.payload[1], msg.payload.subspan(genl_hdrlen),
			   msg.flags};
}

Result<Ack> parse_error(const NlMessage &msg)
{
	// struct nlmsgerr: int error; struct nlmsghdr msg; then, unless capped,
	// the rest of the request; then, with NLM_F_ACK_TLVS, the extack TLVs.
	constexpr std::size_t nlmsgerr_len = sizeof(int) + nlmsg_hdrlen;
	const auto p = msg.payload;
	if (p.size() < nlmsgerr_len)
		return malformed("NLMSG_ERROR shorter than struct nlmsgerr");
	Ack ack;
	const int err = get<int>(p, 0);
	if (err > 0 || err == std::numeric_limits<int>::min())
		return malformed("NLMSG_ERROR with error " + std::to_string(err));
	ack.errnum = -err;
	const auto orig_len = get<std::uint32_t>(p, 4);
	ack.request_type = get<std::uint16_t>(p, 8);
	ack.request_seq = get<std::uint32_t>(p, 12);

	std::size_t tlv_at = nlmsgerr_len;
	if (!(msg.flags & NLM_F_CAPPED)) {
		if (orig_len < nlmsg_hdrlen || orig_len > p.size() - sizeof(int))
			return malformed("NLMSG_ERROR echoes a request of bad length " +
					 std::to_string(orig_len));
		tlv_at = sizeof(int) + nlmsg_align(orig_len);
	}
	if (msg.flags & NLM_F_ACK_TLVS) {
		if (tlv_at > p.size())
			return malformed("NLMSG_ERROR extended ack starts past the message end");
		if (auto r = parse_ext_ack(p.subspan(tlv_at), ack); !r)
			return r.error();
	}
	return ack;
}

Result<Ack> parse_done(const NlMessage &msg)
{
	Ack ack;
	ack.request_seq = msg.seq;
	const auto p = msg.payload;
	if (p.empty())
		return ack;
	if (p.size() < sizeof(int))
		return malformed("NLMSG_DONE with a truncated error code");
	const int err = get<int>(p, 0);
	if (err > 0 || err == std::numeric_limits<int>::min())
		return malformed("NLMSG_DONE with error " + std::to_string(err));
	ack.errnum = -err;
	if (msg.flags & NLM_F_ACK_TLVS)
		if (auto r = parse_ext_ack(p.subspan(sizeof(int)), ack); !r)
			return r.error();
	return ack;
}

} // namespace rtpnl
