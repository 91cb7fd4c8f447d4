// SPDX-License-Identifier: LGPL-2.1-or-later
// A batch of datagram buffers for recvmmsg/sendmmsg, and an epoll set of
// sockets: the two pieces rtpload and rtprelay share.
#ifndef RTPTOOLS_MESSAGE_BATCH_HPP
#define RTPTOOLS_MESSAGE_BATCH_HPP

#include "udp_socket.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rtptools {

class MessageBatch {
public:
	MessageBatch(unsigned count, std::size_t buffer_size);

	unsigned count() const { return static_cast<unsigned>(msgs_.size()); }
	mmsghdr *msgs() { return msgs_.data(); }
	std::span<std::uint8_t> buffer(unsigned i);
	// Datagram i as received (its msg_len bytes).
	std::span<const std::uint8_t> received(unsigned i) const;
	// Every buffer back to full size, no address: ready for recvmmsg.
	void reset();
	// Sets datagram i's length (for sending what was received or built).
	void set_length(unsigned i, std::size_t length) { iov_[i].iov_len = length; }

	// recvmmsg(MSG_DONTWAIT) into the whole batch after a reset(): the
	// number received, 0 when nothing is queued.
	unsigned receive(int fd);

private:
	std::size_t buffer_size_;
	std::vector<std::uint8_t> storage_;
	std::vector<iovec> iov_;
	std::vector<mmsghdr> msgs_;
};

// An epoll set; each socket carries a caller-chosen 64-bit tag.
class PollSet {
public:
	PollSet();
	void add(int fd, std::uint64_t tag);
	// Tags of the readable sockets, waiting at most timeout_ms.
	std::span<const epoll_event> wait(int timeout_ms);

private:
	UdpSocket epoll_; // an owning descriptor, closed like a socket
	std::vector<epoll_event> events_;
};

} // namespace rtptools

#endif
