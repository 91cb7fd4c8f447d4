// SPDX-License-Identifier: LGPL-2.1-or-later
// A fake kernel behind a libnl socket: libnl's send and receive overridden
// on the socket's nl_cb, and a batch window's sendmsg() replaced through
// the socket's BatchIo, so the bytes sent are checked and hand-built
// datagrams are read back through libnl's own receive loop. Shared by the
// GenlSocket tests and the C API tests.
//
// Like netlink_rcv_skb, the fake takes a sendmsg() buffer apart message by
// message, in order, and a message without NLM_F_ACK gets no success ack
// (only an error); and like a full receive buffer, datagrams past
// `rcvbuf_datagrams` are dropped and the next receive fails with ENOBUFS.
#ifndef RTPFWD_TEST_FAKE_KERNEL_HPP
#define RTPFWD_TEST_FAKE_KERNEL_HPP

#include "bytes.hpp"

#include "genl_socket.hpp"

#include <doctest/doctest.h>

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
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
	std::vector<Bytes> sent;     // every request, one message each
	std::vector<Bytes> sendmsgs; // each batch window's buffer
	std::deque<Datagram> datagrams;
	std::function<void(const Bytes &request)> answer;
	int recv_errno = EAGAIN;
	// errnos the next batch sendmsg() calls fail with, in turn.
	std::deque<int> send_errnos;
	std::size_t rcvbuf_datagrams = std::numeric_limits<std::size_t>::max();
	bool overrun = false; // a datagram was dropped: ENOBUFS is pending
	// What fake_socket() gives the socket in place of its buffer sizes.
	rtpnl::BatchLimits limits{64, 128 * 1024};
};

inline FakeKernel *kernel = nullptr;

inline std::uint16_t request_flags(const Bytes &msg)
{
	return static_cast<std::uint16_t>(msg[6] | msg[7] << 8);
}

// A datagram that is one success ack (NLMSG_ERROR with error 0).
inline bool is_success_ack(const Datagram &d)
{
	if (d.bytes.size() < 20 || d.bytes[4] != NLMSG_ERROR || d.bytes[5] != 0)
		return false;
	std::uint32_t len, err;
	std::memcpy(&len, d.bytes.data(), sizeof len);
	std::memcpy(&err, d.bytes.data() + 16, sizeof err);
	return len == d.bytes.size() && err == 0;
}

// One request reaches the kernel: recorded and answered as the kernel
// would (no success ack without NLM_F_ACK), within the receive buffer.
inline void deliver(Bytes msg)
{
	kernel->sent.push_back(std::move(msg));
	const std::size_t before = kernel->datagrams.size();
	if (kernel->answer)
		kernel->answer(kernel->sent.back());
	if (!(request_flags(kernel->sent.back()) & NLM_F_ACK))
		for (std::size_t i = kernel->datagrams.size(); i-- > before;)
			if (is_success_ack(kernel->datagrams[i]))
				kernel->datagrams.erase(kernel->datagrams.begin() + static_cast<long>(i));
	while (kernel->datagrams.size() > kernel->rcvbuf_datagrams) {
		kernel->datagrams.pop_back();
		kernel->overrun = true;
	}
}

inline int fake_send(nl_sock *, nl_msg *msg)
{
	const nlmsghdr *nlh = nlmsg_hdr(msg);
	const auto *p = reinterpret_cast<const std::uint8_t *>(nlh);
	deliver(Bytes(p, p + nlh->nlmsg_len));
	return static_cast<int>(nlh->nlmsg_len);
}

// A batch window: one buffer of messages, each NLMSG_ALIGNed.
inline ssize_t fake_sendmsg(int, const msghdr *m, int)
{
	const auto *to = static_cast<const sockaddr_nl *>(m->msg_name);
	CHECK(m->msg_namelen == sizeof(sockaddr_nl));
	CHECK(to->nl_family == AF_NETLINK);
	CHECK(to->nl_pid == 0u);
	if (!kernel->send_errnos.empty()) {
		errno = kernel->send_errnos.front();
		kernel->send_errnos.pop_front();
		return -1;
	}
	Bytes buf;
	for (std::size_t i = 0; i < m->msg_iovlen; ++i) {
		const auto *p = static_cast<const std::uint8_t *>(m->msg_iov[i].iov_base);
		buf.insert(buf.end(), p, p + m->msg_iov[i].iov_len);
	}
	kernel->sendmsgs.push_back(buf);
	for (std::size_t at = 0; at + 16 <= buf.size();) {
		std::uint32_t len;
		std::memcpy(&len, buf.data() + at, sizeof len);
		REQUIRE(len >= 16);
		REQUIRE(at + len <= buf.size());
		deliver(Bytes(buf.begin() + static_cast<long>(at), buf.begin() + static_cast<long>(at + len)));
		at += NLMSG_ALIGN(len);
	}
	return static_cast<ssize_t>(buf.size());
}

inline int fake_recv(nl_sock *, sockaddr_nl *from, unsigned char **buf, ucred **)
{
	// As sock_error(): a pending overrun is reported before the queue.
	if (kernel->overrun) {
		kernel->overrun = false;
		errno = ENOBUFS;
		return -NLE_FAILURE;
	}
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
	return rtpnl::GenlSocket(std::move(sk), 0x1c, "rtpengine", {&fake_sendmsg, k.limits});
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
