// SPDX-License-Identifier: LGPL-2.1-or-later
// A fake kernel behind a libnl socket: libnl's send and receive overridden
// on the socket's nl_cb, so the bytes sent are checked and hand-built
// datagrams are read back through libnl's own receive loop. Shared by the
// GenlSocket tests and the C API tests.
#ifndef RTPFWD_TEST_FAKE_KERNEL_HPP
#define RTPFWD_TEST_FAKE_KERNEL_HPP

#include "bytes.hpp"

#include "genl_socket.hpp"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

namespace fake {

struct Datagram {
	Bytes bytes;
	std::uint32_t from = 0; // sender port: 0 is the kernel
};

// What the socket sent, and what it will read: `answer` sees each request
// and queues datagrams; an empty queue fails the receive with recv_errno.
struct FakeKernel {
	std::vector<Bytes> sent;
	std::deque<Datagram> datagrams;
	std::function<void(const Bytes &request)> answer;
	int recv_errno = EAGAIN;
};

inline FakeKernel *kernel = nullptr;

inline int fake_send(nl_sock *, nl_msg *msg)
{
	const nlmsghdr *nlh = nlmsg_hdr(msg);
	const auto *p = reinterpret_cast<const std::uint8_t *>(nlh);
	kernel->sent.emplace_back(p, p + nlh->nlmsg_len);
	if (kernel->answer)
		kernel->answer(kernel->sent.back());
	return static_cast<int>(nlh->nlmsg_len);
}

inline int fake_recv(nl_sock *, sockaddr_nl *from, unsigned char **buf, ucred **)
{
	if (kernel->datagrams.empty()) {
		errno = kernel->recv_errno;
		return -NLE_FAILURE;
	}
	const Datagram d = kernel->datagrams.front();
	kernel->datagrams.pop_front();
	*buf = static_cast<unsigned char *>(std::malloc(d.bytes.size()));
	std::memcpy(*buf, d.bytes.data(), d.bytes.size());
	from->nl_family = AF_NETLINK;
	from->nl_pid = d.from;
	return static_cast<int>(d.bytes.size());
}

inline rtpnl::GenlSocket fake_socket(FakeKernel &k)
{
	kernel = &k;
	rtpnl::NlSock sk(nl_socket_alloc());
	REQUIRE(sk != nullptr);
	rtpnl::NlCb cb(nl_socket_get_cb(sk.get()));
	nl_cb_overwrite_send(cb.get(), &fake_send);
	nl_cb_overwrite_recv(cb.get(), &fake_recv);
	return rtpnl::GenlSocket(std::move(sk), 0x1c, "rtpengine");
}

inline Bytes le32(std::uint32_t v)
{
	return bytes({int(v & 0xff), int((v >> 8) & 0xff), int((v >> 16) & 0xff), int(v >> 24)});
}

inline std::uint32_t seq_of(const Bytes &msg)
{
	std::uint32_t seq;
	std::memcpy(&seq, msg.data() + 8, sizeof seq);
	return seq;
}

// One message: nlmsghdr + payload, padded to 4 bytes.
inline Bytes nlmsg(int type, int flags, std::uint32_t seq, const Bytes &payload)
{
	const auto len = static_cast<std::uint32_t>(16 + payload.size());
	Bytes b = concat({le32(len), bytes({type & 0xff, type >> 8, flags & 0xff, flags >> 8}), le32(seq),
			  le32(0), payload});
	while (b.size() % 4)
		b.push_back(0);
	return b;
}

// NLMSG_ERROR (err: 0 or a negative errno), capped (the request's header
// only), with extack TLVs if any.
inline Bytes error_msg(const Bytes &request, int err, const Bytes &tlvs = {})
{
	const int flags = 0x100 | (tlvs.empty() ? 0 : 0x200);
	return nlmsg(2, flags, seq_of(request),
		     concat({le32(static_cast<std::uint32_t>(err)),
			     Bytes(request.begin(), request.begin() + 16), tlvs}));
}

inline Bytes done_msg(std::uint32_t seq, int err = 0, const Bytes &tlvs = {})
{
	return nlmsg(3, 0x2 | (tlvs.empty() ? 0 : 0x200), seq,
		     concat({le32(static_cast<std::uint32_t>(err)), tlvs}));
}
} // namespace fake

#endif
