// SPDX-License-Identifier: LGPL-2.1-or-later
// UDP sockets for the load tools: endpoint text to socket address (with a
// port offset, for "flow i uses port base + i * step"), an owning socket,
// the monotonic clock. Errors are one line of text for the tool to print.
#ifndef RTPTOOLS_UDP_SOCKET_HPP
#define RTPTOOLS_UDP_SOCKET_HPP

#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtptools {

struct SocketAddress {
	sockaddr_storage storage{};
	socklen_t length = 0;

	int family() const { return storage.ss_family; }
	const sockaddr *get() const { return reinterpret_cast<const sockaddr *>(&storage); }
};

// "1.2.3.4:5000" or "[::1]:5000" with offset added to the port; nullopt
// and a reason in *error for bad text or a port beyond 65535.
std::optional<SocketAddress> socket_address(std::string_view text, unsigned offset,
					    std::string *error);

// An owning UDP socket descriptor.
class UdpSocket {
public:
	UdpSocket() = default;
	explicit UdpSocket(int fd) : fd_(fd) {}
	UdpSocket(UdpSocket &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
	UdpSocket &operator=(UdpSocket &&other) noexcept;
	UdpSocket(const UdpSocket &) = delete;
	UdpSocket &operator=(const UdpSocket &) = delete;
	~UdpSocket();

	int fd() const { return fd_; }

private:
	int fd_ = -1;
};

// A non-blocking UDP socket of the family of local (or peer), bound to
// local if given, connected to peer if given, with large socket buffers
// (a flood must not be limited by the default 208 KiB). nullopt and
// *error on failure.
std::optional<UdpSocket> open_udp(const SocketAddress *local, const SocketAddress *peer,
				  bool nonblocking, std::string *error);

// CLOCK_MONOTONIC in seconds.
double now_seconds();

} // namespace rtptools

#endif
