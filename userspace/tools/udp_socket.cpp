// SPDX-License-Identifier: LGPL-2.1-or-later
// Socket helpers of the load tools (see udp_socket.hpp).
#include "udp_socket.hpp"

#include "rtpnl/rule.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace rtptools {

namespace {
// Socket buffer size asked for (SO_RCVBUFFORCE/SO_SNDBUFFORCE as root,
// capped by net.core.*mem_max otherwise).
constexpr int socket_buffer_bytes = 8 << 20;
constexpr unsigned port_max = 65535;
} // namespace

std::optional<SocketAddress> socket_address(std::string_view text, unsigned offset,
					    std::string *error)
{
	auto endpoint = rtpnl::parse_endpoint(text);
	if (!endpoint) {
		*error = endpoint.error().message;
		return std::nullopt;
	}
	const unsigned port = endpoint->port + offset;
	if (port > port_max) {
		*error = "port of '" + std::string(text) + "' + " + std::to_string(offset) +
			 " beyond 65535";
		return std::nullopt;
	}
	SocketAddress address;
	if (endpoint->family == rtpnl::Endpoint::Family::v4) {
		sockaddr_in sin{};
		sin.sin_family = AF_INET;
		sin.sin_port = htons(static_cast<std::uint16_t>(port));
		std::memcpy(&sin.sin_addr, endpoint->addr.data(), 4);
		std::memcpy(&address.storage, &sin, sizeof(sin));
		address.length = sizeof(sin);
	} else {
		sockaddr_in6 sin6{};
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons(static_cast<std::uint16_t>(port));
		std::memcpy(&sin6.sin6_addr, endpoint->addr.data(), 16);
		std::memcpy(&address.storage, &sin6, sizeof(sin6));
		address.length = sizeof(sin6);
	}
	return address;
}

UdpSocket &UdpSocket::operator=(UdpSocket &&other) noexcept
{
	if (this != &other) {
		if (fd_ >= 0)
			::close(fd_);
		fd_ = other.fd_;
		other.fd_ = -1;
	}
	return *this;
}

UdpSocket::~UdpSocket()
{
	if (fd_ >= 0)
		::close(fd_);
}

std::optional<UdpSocket> open_udp(const SocketAddress *local, const SocketAddress *peer,
				  bool nonblocking, std::string *error)
{
	const int family = local ? local->family() : peer ? peer->family() : AF_INET;
	int type = SOCK_DGRAM | SOCK_CLOEXEC;
	if (nonblocking)
		type |= SOCK_NONBLOCK;
	UdpSocket sock(::socket(family, type, 0));
	if (sock.fd() < 0) {
		*error = std::string("socket: ") + std::strerror(errno);
		return std::nullopt;
	}
	for (const auto &[force, plain] : {std::pair{SO_RCVBUFFORCE, SO_RCVBUF},
					   std::pair{SO_SNDBUFFORCE, SO_SNDBUF}}) {
		if (::setsockopt(sock.fd(), SOL_SOCKET, force, &socket_buffer_bytes,
				 sizeof(socket_buffer_bytes)) < 0)
			::setsockopt(sock.fd(), SOL_SOCKET, plain, &socket_buffer_bytes,
				     sizeof(socket_buffer_bytes));
	}
	const int one = 1;
	::setsockopt(sock.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (local && ::bind(sock.fd(), local->get(), local->length) < 0) {
		*error = std::string("bind: ") + std::strerror(errno);
		return std::nullopt;
	}
	if (peer && ::connect(sock.fd(), peer->get(), peer->length) < 0) {
		*error = std::string("connect: ") + std::strerror(errno);
		return std::nullopt;
	}
	return sock;
}

double now_seconds()
{
	timespec ts{};
	::clock_gettime(CLOCK_MONOTONIC, &ts);
	return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

} // namespace rtptools
