// SPDX-License-Identifier: LGPL-2.1-or-later
// Batch windows: buffer sizes, packing, sendmsg, acks (see genl_batch.hpp).
#include "genl_batch.hpp"

#include <linux/netlink.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace rtpnl {

namespace {

// The kernel refuses a sendmsg() larger than this (netlink_sendmsg).
constexpr int sndbuf_overhead = 32;

// Best effort: the forced size (CAP_NET_ADMIN) or the capped one.
void raise_buffer(int fd, int force_option, int option, int size)
{
	if (setsockopt(fd, SOL_SOCKET, force_option, &size, sizeof size) != 0)
		(void)setsockopt(fd, SOL_SOCKET, option, &size, sizeof size);
}

// The effective size (what the kernel compares against), or 0.
int buffer_size(int fd, int option)
{
	int size = 0;
	socklen_t len = sizeof size;
	if (getsockopt(fd, SOL_SOCKET, option, &size, &len) != 0)
		return 0;
	return size;
}

std::size_t message_bytes(const Request &req)
{
	return NLMSG_ALIGN(nlmsg_hdr(req.msg.get())->nlmsg_len);
}

} // namespace

BatchLimits batch_limits(int rcvbuf, int sndbuf)
{
	const std::size_t acks = static_cast<std::size_t>(std::max(rcvbuf, 0)) / batch_ack_truesize;
	const std::size_t sendable = static_cast<std::size_t>(std::max(sndbuf - sndbuf_overhead, 0));
	return BatchLimits{std::clamp<std::size_t>(acks, 1, batch_requests_max),
			   std::min(sendable, batch_bytes_max)};
}

BatchLimits size_batch_buffers(int fd)
{
	raise_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, batch_rcvbuf_wanted);
	raise_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, batch_sndbuf_wanted);
	return batch_limits(buffer_size(fd, SO_RCVBUF), buffer_size(fd, SO_SNDBUF));
}

std::size_t window_size(std::span<const Request> reqs, const BatchLimits &limits)
{
	const std::size_t most = std::min(reqs.size(), limits.requests);
	std::size_t n = 0;
	std::size_t bytes = 0;
	while (n < most) {
		bytes += message_bytes(reqs[n]);
		if (n > 0 && bytes > limits.bytes)
			break;
		++n;
	}
	return std::max<std::size_t>(n, 1);
}

WindowBuffer::~WindowBuffer() { wipe(); }

void WindowBuffer::wipe()
{
	// The whole allocation, not only what the last window used.
	buf_.resize(buf_.capacity());
	explicit_bzero(buf_.data(), buf_.size());
	buf_.clear();
}

void WindowBuffer::pack(std::span<const Request> window)
{
	std::size_t total = 0;
	for (const Request &req : window)
		total += message_bytes(req);
	wipe();
	if (buf_.capacity() < total) {
		// A new allocation, so that no growth copies the keys unwiped.
		std::vector<std::uint8_t> larger;
		larger.reserve(total);
		buf_.swap(larger);
	}
	for (const Request &req : window) {
		const auto *p = reinterpret_cast<const std::uint8_t *>(nlmsg_hdr(req.msg.get()));
		const std::size_t len = nlmsg_hdr(req.msg.get())->nlmsg_len;
		buf_.insert(buf_.end(), p, p + len);
		buf_.resize(buf_.size() + message_bytes(req) - len); // zero padding
	}
}

Result<void> send_window(SendmsgFn send, int fd, std::span<const std::uint8_t> bytes)
{
	sockaddr_nl kernel{};
	kernel.nl_family = AF_NETLINK; // nl_pid 0: the kernel
	iovec iov{const_cast<std::uint8_t *>(bytes.data()), bytes.size()};
	msghdr msg{};
	msg.msg_name = &kernel;
	msg.msg_namelen = sizeof kernel;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	for (;;) {
		const ssize_t sent = send(fd, &msg, 0);
		if (sent == static_cast<ssize_t>(bytes.size()))
			return {};
		if (sent >= 0)
			return Error::local(EIO, "netlink batch sent short: " + std::to_string(sent) +
							 " of " + std::to_string(bytes.size()) + " bytes");
		const int err = errno;
		if (err != EINTR)
			return Error::local(err, std::string("cannot send netlink batch: ") +
							 std::strerror(err));
	}
}

void drain_window(int fd)
{
	for (;;) {
		// A zero-length read takes a whole datagram off the queue.
		if (recv(fd, nullptr, 0, MSG_DONTWAIT | MSG_TRUNC) >= 0)
			continue;
		if (errno != EINTR && errno != ENOBUFS) // EAGAIN: empty
			return;
	}
}

WindowAcks::WindowAcks(std::uint32_t first_seq, std::size_t size)
	: first_seq_(first_seq), answers_(size)
{
}

bool WindowAcks::ours(std::uint32_t seq) const
{
	return seq - first_seq_ < answers_.size(); // wraps safely
}

bool WindowAcks::record(std::uint32_t seq, Result<void> outcome)
{
	auto &slot = answers_[seq - first_seq_];
	if (!slot) // a second answer to one request is not the kernel's way
		slot = std::move(outcome);
	complete_ = complete_ || seq - first_seq_ == answers_.size() - 1;
	return complete_;
}

void WindowAcks::deliver(std::span<Result<void>> results, const Error &unanswered) const
{
	for (std::size_t i = 0; i < answers_.size(); ++i) {
		if (answers_[i])
			results[i] = *answers_[i];
		else
			results[i] = complete_ ? Result<void>{} : Result<void>(unanswered);
	}
}

} // namespace rtpnl
