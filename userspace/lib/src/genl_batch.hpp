// SPDX-License-Identifier: LGPL-2.1-or-later
// The windows of GenlSocket::batch: how many requests go out in one
// sendmsg(), their bytes, and what the answers say about each.
//
// The kernel (netlink_rcv_skb) handles the messages of one sendmsg() in
// order and acks a message only if it failed or carries NLM_F_ACK. A window
// sets NLM_F_ACK on its last message only, so that message's ack comes after
// every error of the window, and a request with no error before it
// succeeded. rtpfwd also waits for the RCU grace period of a window's
// deletions once, at that last message, instead of after each RULE_DEL.
//
// Netlink drops an ack that finds the receive buffer full (the reader gets
// ENOBUFS), and a lost error ack would read as a success. So a window is no
// larger than the receive buffer holds if every request of it fails.
#ifndef RTPNL_GENL_BATCH_HPP
#define RTPNL_GENL_BATCH_HPP

#include "netlink.hpp"
#include "rtpnl/error.hpp"

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace rtpnl {

// How a batch is cut into windows.
struct BatchLimits {
	std::size_t requests = 0; // per window (one sendmsg)
	std::size_t bytes = 0;    // of one sendmsg; a larger request goes alone

	bool operator==(const BatchLimits &) const = default;
};

// Receive buffer per error ack: NLMSG_ERROR, capped, with extack is about
// 100 bytes, whose truesize (data and skb_shared_info rounded to a kmalloc
// size, plus the sk_buff) was ~840 bytes on Linux 6.18 (78 acks of 120
// bytes in 64 KiB), up to 1280 with a long text; 2 KiB leaves room.
inline constexpr std::size_t batch_ack_truesize = 2048;
// Requests per window at most: past ~1000 the syscalls saved are noise.
inline constexpr std::size_t batch_requests_max = 1024;
// Bytes per sendmsg at most (the kernel copies them into one skb).
inline constexpr std::size_t batch_bytes_max = 128 * 1024;
// The buffer sizes asked for (the kernel doubles them, for its overhead).
inline constexpr int batch_rcvbuf_wanted = 4 << 20;
inline constexpr int batch_sndbuf_wanted = 256 << 10;

// The limits a socket with these buffers (getsockopt's SO_RCVBUF and
// SO_SNDBUF: the effective, doubled sizes) allows: every ack of a window
// fits rcvbuf, and a sendmsg stays below the kernel's sndbuf - 32 bound.
BatchLimits batch_limits(int rcvbuf, int sndbuf);

// Raises the buffers of the netlink socket `fd` (SO_RCVBUFFORCE, which
// needs CAP_NET_ADMIN, else SO_RCVBUF up to net.core.rmem_max; the same for
// the send buffer) and returns the limits of what it got. A socket whose
// sizes cannot be read gets one request per window.
BatchLimits size_batch_buffers(int fd);

// How many requests from the front of `reqs` make the next window (at
// least one).
std::size_t window_size(std::span<const Request> reqs, const BatchLimits &limits);

// One window's messages back to back (each at an NLMSG_ALIGN boundary, as
// netlink_rcv_skb steps). The bytes may hold SRTP keys: they are wiped
// before the buffer grows, and when it dies.
class WindowBuffer {
public:
	WindowBuffer() = default;
	WindowBuffer(const WindowBuffer &) = delete;
	WindowBuffer &operator=(const WindowBuffer &) = delete;
	~WindowBuffer();

	// The finished requests of a window, replacing the previous one.
	void pack(std::span<const Request> window);
	std::span<const std::uint8_t> bytes() const { return buf_; }

private:
	void wipe();

	std::vector<std::uint8_t> buf_;
};

// sendmsg(2), or the unit tests' fake kernel.
using SendmsgFn = ssize_t (*)(int fd, const msghdr *msg, int flags);

// One sendmsg() of `bytes` to the kernel (port 0), again after EINTR.
Result<void> send_window(SendmsgFn send, int fd, std::span<const std::uint8_t> bytes);

// Throws away what the socket has queued, without waiting. After a window
// failed (an overrun), the rest of its answers are queued already: the
// kernel handled the whole sendmsg() before it returned. Left there, they
// could leave the next request's answer no room.
void drain_window(int fd);

// The answers of one window: requests first_seq, first_seq + 1, ... get
// their error ack if they failed; the last request's ack ends the window.
class WindowAcks {
public:
	WindowAcks(std::uint32_t first_seq, std::size_t size);

	bool ours(std::uint32_t seq) const;
	// Request seq's ack or error; true once the window's last was answered.
	bool record(std::uint32_t seq, Result<void> outcome);
	bool complete() const { return complete_; }
	// The window's results (results.size() == size): its answer or, once
	// complete, success for each request without one; `unanswered` for
	// those of an incomplete window.
	void deliver(std::span<Result<void>> results, const Error &unanswered) const;

private:
	std::uint32_t first_seq_;
	std::vector<std::optional<Result<void>>> answers_;
	bool complete_ = false;
};

} // namespace rtpnl

#endif
