// SPDX-License-Identifier: LGPL-2.1-or-later
// Golden bytes as libnl messages: received messages made from hand-written
// bytes (nlmsg_convert, as libnl's receive loop does), and the bytes of the
// requests the codec builds.
#ifndef RTPFWD_TEST_GENL_BYTES_HPP
#define RTPFWD_TEST_GENL_BYTES_HPP

#include "bytes.hpp"

#include "netlink.hpp"

#include <doctest/doctest.h>

#include <cstdint>

// An attribute: nla_len, nla_type, payload, padding to 4. Written out here
// rather than through RequestBuilder so the tests do not trust the code they test.
inline Bytes nla(int type, const Bytes &payload)
{
	const int len = 4 + static_cast<int>(payload.size());
	Bytes b = bytes({len & 0xff, len >> 8, type & 0xff, type >> 8});
	b.insert(b.end(), payload.begin(), payload.end());
	while (b.size() % 4)
		b.push_back(0);
	return b;
}

inline Bytes nest(int type, std::initializer_list<Bytes> children) { return nla(type | 0x8000, concat(children)); }

inline Bytes addr4(int a, int b, int c, int d) { return nla(1, bytes({a, b, c, d})); }
inline Bytes port(int p) { return nla(3, bytes({p & 0xff, p >> 8})); }
inline Bytes u64(std::uint64_t v)
{
	Bytes b;
	for (int i = 0; i < 8; ++i)
		b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
	return b;
}

// A received message: a copy of `b`, which holds one message (nlmsg_len
// may be unaligned: the copy is padded).
inline rtpnl::NlMsg received(Bytes b)
{
	REQUIRE(b.size() >= 16);
	while (b.size() % 4)
		b.push_back(0);
	rtpnl::NlMsg msg(nlmsg_convert(reinterpret_cast<nlmsghdr *>(b.data())));
	REQUIRE(msg != nullptr);
	return msg;
}

// A message of family 0x1c with genlmsghdr {cmd, version 1} and `attrs`.
inline Bytes genl_bytes(std::uint8_t cmd, const Bytes &attrs, std::uint16_t flags = 0,
			std::uint32_t seq = 0)
{
	const auto len = static_cast<std::uint32_t>(20 + attrs.size());
	return concat({bytes({int(len & 0xff), int(len >> 8), 0, 0, 0x1c, 0x00, flags & 0xff, flags >> 8,
			      int(seq & 0xff), int((seq >> 8) & 0xff), int((seq >> 16) & 0xff),
			      int(seq >> 24), 0, 0, 0, 0, cmd, 1, 0, 0}),
		       attrs});
}

// A received generic netlink message, as the socket hands it to decoders.
struct GenlReply {
	rtpnl::NlMsg msg;
	rtpnl::GenlMessage genl;

	operator const rtpnl::GenlMessage &() const { return genl; }
};

inline GenlReply reply(std::uint8_t cmd, const Bytes &attrs, std::uint16_t flags = 0)
{
	GenlReply r{received(genl_bytes(cmd, attrs, flags)), {}};
	auto g = rtpnl::genl_message(nlmsg_hdr(r.msg.get()));
	REQUIRE(g.ok());
	r.genl = *g;
	return r;
}

// The whole request as it stands, and its parts.
inline Bytes message_bytes(const rtpnl::Request &req)
{
	const nlmsghdr *nlh = nlmsg_hdr(req.msg.get());
	const auto *p = reinterpret_cast<const std::uint8_t *>(nlh);
	return Bytes(p, p + nlh->nlmsg_len);
}

inline Bytes attrs_of(const rtpnl::Request &req)
{
	const Bytes all = message_bytes(req);
	REQUIRE(all.size() >= 20);
	return Bytes(all.begin() + 20, all.end());
}

inline std::uint8_t cmd_of(const rtpnl::Request &req) { return genlmsg_hdr(nlmsg_hdr(req.msg.get()))->cmd; }
inline std::uint16_t flags_of(const rtpnl::Request &req) { return nlmsg_hdr(req.msg.get())->nlmsg_flags; }

#endif
