// SPDX-License-Identifier: LGPL-2.1-or-later
// Message batches and epoll sets (see message_batch.hpp).
#include "message_batch.hpp"

#include "tool_args.hpp"

#include <cerrno>
#include <cstring>
#include <string>

namespace rtptools {

namespace {
constexpr std::size_t events_max = 64;
}

MessageBatch::MessageBatch(unsigned count, std::size_t buffer_size)
	: buffer_size_(buffer_size), storage_(count * buffer_size), iov_(count), msgs_(count)
{
	reset();
}

std::span<std::uint8_t> MessageBatch::buffer(unsigned i)
{
	return std::span<std::uint8_t>(storage_).subspan(i * buffer_size_, buffer_size_);
}

std::span<const std::uint8_t> MessageBatch::received(unsigned i) const
{
	return std::span<const std::uint8_t>(storage_).subspan(i * buffer_size_, msgs_[i].msg_len);
}

void MessageBatch::reset()
{
	for (unsigned i = 0; i < count(); i++) {
		iov_[i] = {storage_.data() + i * buffer_size_, buffer_size_};
		msgs_[i] = {};
		msgs_[i].msg_hdr.msg_iov = &iov_[i];
		msgs_[i].msg_hdr.msg_iovlen = 1;
	}
}

unsigned MessageBatch::receive(int fd)
{
	const int n = ::recvmmsg(fd, msgs_.data(), count(), MSG_DONTWAIT, nullptr);
	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return 0;
		throw RuntimeError(std::string("recvmmsg: ") + std::strerror(errno));
	}
	return static_cast<unsigned>(n);
}

PollSet::PollSet() : epoll_(::epoll_create1(EPOLL_CLOEXEC)), events_(events_max)
{
	if (epoll_.fd() < 0)
		throw RuntimeError(std::string("epoll_create1: ") + std::strerror(errno));
}

void PollSet::add(int fd, std::uint64_t tag)
{
	epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.u64 = tag;
	if (::epoll_ctl(epoll_.fd(), EPOLL_CTL_ADD, fd, &ev) < 0)
		throw RuntimeError(std::string("epoll_ctl: ") + std::strerror(errno));
}

std::span<const epoll_event> PollSet::wait(int timeout_ms)
{
	const int n = ::epoll_wait(epoll_.fd(), events_.data(), static_cast<int>(events_.size()),
				   timeout_ms);
	if (n < 0) {
		if (errno == EINTR)
			return {};
		throw RuntimeError(std::string("epoll_wait: ") + std::strerror(errno));
	}
	return std::span<const epoll_event>(events_).first(static_cast<unsigned>(n));
}

} // namespace rtptools
