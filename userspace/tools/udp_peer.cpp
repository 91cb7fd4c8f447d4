// SPDX-License-Identifier: LGPL-2.1-or-later
// udp_peer: the UDP endpoints of the kernel tests (tests/kernel/lib/common.sh
// udp_exchange and the scripts), the compiled twin of tests/kernel/lib/udp.py
// with the same command line, datagrams and output. Why twice: under the
// test VM's emulation a Python start costs ~1.5 s and every exchange starts
// two; this starts in a tenth of that. udp.py stays for the roots without
// the build tree (the package test, the demo), and the unit tests check
// that both build the same datagrams (test_udp_peer.cpp).
//
//   udp_peer send SRC DST COUNT [SIZE] [FIRST_SEQ] [--skip N,..] [--pt PT]
//            [--version V] [--ssrc HEX] [--kind rtp|stun|dtls] [--no-check]
//            [--gso N]
//   udp_peer recv BIND COUNT SECONDS [EXPECTED_SOURCE (ignored)]
//   udp_peer call LOCAL REMOTE COUNT [SECONDS]
//
// See udp.py for what each does; a bad argument is "Error: ..." and exit 255,
// a failing system call "Error: ..." and exit 1.
#include "tool_args.hpp"
#include "udp_peer_payload.hpp"
#include "udp_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace rtptools;

namespace {

#ifndef UDP_SEGMENT
constexpr int UDP_SEGMENT = 103;
#endif

// After "the sender is done" (SIGUSR1) the receiver waits this much more.
constexpr double drain_seconds = 1.5;

volatile std::sig_atomic_t sender_done;

void on_sigusr1(int) { sender_done = 1; }

[[noreturn]] void sys_fail(const std::string &what)
{
	throw RuntimeError(what + ": " + std::strerror(errno));
}

SocketAddress address(const std::string &text)
{
	std::string error;
	auto a = socket_address(text, 0, &error);
	if (!a)
		throw UsageError("bad address '" + text + "': " + error);
	return *a;
}

unsigned long number(const std::string &text, unsigned long max, int base = 10)
{
	std::size_t used = 0;
	unsigned long value = 0;
	try {
		value = std::stoul(text, &used, base);
	} catch (const std::exception &) {
		used = 0;
	}
	if (used != text.size() || text.empty() || text[0] == '-' || value > max)
		throw UsageError("bad number '" + text + "'");
	return value;
}

double seconds(const std::string &text)
{
	std::size_t used = 0;
	double value = -1;
	try {
		value = std::stod(text, &used);
	} catch (const std::exception &) {
		used = 0;
	}
	if (used != text.size() || !(value >= 0))
		throw UsageError("bad seconds '" + text + "'");
	return value;
}

int udp_socket(const SocketAddress &bind_to)
{
	const int fd = ::socket(bind_to.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		sys_fail("socket");
	const int one = 1;
	::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return fd;
}

void bind_socket(int fd, const SocketAddress &to, const std::string &text)
{
	if (::bind(fd, to.get(), to.length) < 0)
		sys_fail("bind " + text);
}

void send_one(int fd, const std::vector<std::uint8_t> &data, const SocketAddress &dst)
{
	if (::sendto(fd, data.data(), data.size(), 0, dst.get(), dst.length) < 0)
		sys_fail("sendto");
}

// Every 50 datagrams a 10 ms pause: the emulated receiver's limits.
void pace(unsigned long seq)
{
	if (seq % 50 == 49)
		::usleep(10000);
}

int cmd_send(std::vector<std::string> args)
{
	PayloadSpec spec;
	std::set<unsigned long> skip;
	unsigned long gso = 0;
	bool no_check = false;
	std::vector<std::string> pos;
	for (std::size_t i = 0; i < args.size(); ++i) {
		const std::string &a = args[i];
		auto value = [&]() -> const std::string & {
			if (i + 1 >= args.size())
				throw UsageError(a + " needs a value");
			return args[++i];
		};
		if (a == "--skip") {
			const std::string list = value();
			std::size_t at = 0;
			while (at <= list.size()) {
				const std::size_t comma = std::min(list.find(',', at), list.size());
				if (comma > at)
					skip.insert(number(list.substr(at, comma - at), 0xffffffffUL));
				at = comma + 1;
			}
		} else if (a == "--pt") {
			spec.pt = static_cast<unsigned>(number(value(), 0xffffffffUL));
		} else if (a == "--version") {
			spec.version = static_cast<unsigned>(number(value(), 0xffffffffUL));
		} else if (a == "--ssrc") {
			spec.ssrc = static_cast<std::uint32_t>(number(value(), 0xffffffffUL, 16));
		} else if (a == "--kind") {
			spec.kind = payload_kind(value());
		} else if (a == "--no-check") {
			no_check = true;
		} else if (a == "--gso") {
			gso = number(value(), 64);
		} else if (a.rfind("--", 0) == 0) {
			throw UsageError("unknown option '" + a + "'");
		} else {
			pos.push_back(a);
		}
	}
	if (pos.size() < 3 || pos.size() > 5)
		throw UsageError("send SRC DST COUNT [SIZE] [FIRST_SEQ]");
	const SocketAddress src = address(pos[0]);
	const SocketAddress dst = address(pos[1]);
	const unsigned long count = number(pos[2], 100000000UL);
	const std::size_t size = pos.size() > 3 ? number(pos[3], 65507) : 172;
	const unsigned long first = pos.size() > 4 ? number(pos[4], 0xffffffffUL) : 0;

	const int fd = udp_socket(src);
	if (no_check) {
		const int one = 1;
		if (::setsockopt(fd, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one)) < 0)
			sys_fail("SO_NO_CHECK");
	}
	bind_socket(fd, src, pos[0]);
	if (gso) {
		std::vector<unsigned long> seqs;
		for (unsigned long q = first; q < first + count; ++q)
			if (!skip.count(q))
				seqs.push_back(q);
		for (std::size_t at = 0; at < seqs.size(); at += gso) {
			std::vector<std::uint8_t> batch;
			for (std::size_t q = at; q < std::min(seqs.size(), at + gso); ++q) {
				const auto one = payload(seqs[q], size, spec);
				batch.insert(batch.end(), one.begin(), one.end());
			}
			const std::uint16_t segment = static_cast<std::uint16_t>(size);
			alignas(cmsghdr) char control[CMSG_SPACE(sizeof(segment))] = {};
			iovec iov{batch.data(), batch.size()};
			msghdr msg{};
			msg.msg_name = const_cast<sockaddr *>(dst.get());
			msg.msg_namelen = dst.length;
			msg.msg_iov = &iov;
			msg.msg_iovlen = 1;
			msg.msg_control = control;
			msg.msg_controllen = sizeof(control);
			cmsghdr *c = CMSG_FIRSTHDR(&msg);
			c->cmsg_level = SOL_UDP;
			c->cmsg_type = UDP_SEGMENT;
			c->cmsg_len = CMSG_LEN(sizeof(segment));
			std::memcpy(CMSG_DATA(c), &segment, sizeof(segment));
			if (::sendmsg(fd, &msg, 0) < 0)
				sys_fail("sendmsg (UDP_SEGMENT)");
		}
	} else {
		for (unsigned long seq = first; seq < first + count; ++seq) {
			if (skip.count(seq))
				continue;
			send_one(fd, payload(seq, size, spec), dst);
			pace(seq);
		}
	}
	::close(fd);
	return 0;
}

std::string peer_text(const sockaddr_storage &peer)
{
	char host[INET6_ADDRSTRLEN] = "";
	if (peer.ss_family == AF_INET) {
		const auto *sin = reinterpret_cast<const sockaddr_in *>(&peer);
		::inet_ntop(AF_INET, &sin->sin_addr, host, sizeof(host));
		return std::string(host) + ":" + std::to_string(ntohs(sin->sin_port));
	}
	const auto *sin6 = reinterpret_cast<const sockaddr_in6 *>(&peer);
	::inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof(host));
	return "[" + std::string(host) + "]:" + std::to_string(ntohs(sin6->sin6_port));
}

// Receives on fd until count datagrams or the deadline (shortened by
// SIGUSR1); prints "received=N intact=N from=A,B" (sources sorted as text).
void receive(int fd, unsigned long count, double limit)
{
	unsigned long received = 0, intact = 0;
	std::set<std::string> sources;
	std::vector<std::uint8_t> buffer(65536);
	double end = now_seconds() + limit;
	bool draining = false;
	std::cout << "ready" << std::endl;
	while (received < count) {
		const double now = now_seconds();
		if (sender_done && !draining) {
			end = std::min(end, now + drain_seconds);
			draining = true;
		}
		if (now >= end)
			break;
		pollfd p{fd, POLLIN, 0};
		const double wait = std::min(0.2, std::max(0.01, end - now));
		const int ready = ::poll(&p, 1, static_cast<int>(wait * 1000));
		if (ready < 0 && errno != EINTR)
			sys_fail("poll");
		if (ready <= 0)
			continue;
		sockaddr_storage peer{};
		socklen_t peer_len = sizeof(peer);
		const ssize_t n = ::recvfrom(fd, buffer.data(), buffer.size(), MSG_DONTWAIT,
					     reinterpret_cast<sockaddr *>(&peer), &peer_len);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			sys_fail("recvfrom");
		}
		++received;
		sources.insert(peer_text(peer));
		if (payload_intact({buffer.data(), static_cast<std::size_t>(n)}))
			++intact;
	}
	std::string from;
	for (const auto &s : sources)
		from += (from.empty() ? "" : ",") + s;
	std::cout << "received=" << received << " intact=" << intact << " from=" << from
		  << std::endl;
}

int cmd_recv(const std::vector<std::string> &args)
{
	if (args.size() < 3 || args.size() > 4)
		throw UsageError("recv BIND COUNT SECONDS [EXPECTED_SOURCE]");
	const SocketAddress bind_to = address(args[0]);
	const unsigned long count = number(args[1], 100000000UL);
	const double limit = seconds(args[2]);
	const int fd = udp_socket(bind_to);
	bind_socket(fd, bind_to, args[0]);
	receive(fd, count, limit);
	::close(fd);
	return 0;
}

// One socket at LOCAL sends COUNT datagrams to REMOTE (after 1 s: the
// other side binds meanwhile) while receiving, as a phone does.
int cmd_call(const std::vector<std::string> &args)
{
	if (args.size() < 3 || args.size() > 4)
		throw UsageError("call LOCAL REMOTE COUNT [SECONDS]");
	const SocketAddress local = address(args[0]);
	const SocketAddress remote = address(args[1]);
	const unsigned long count = number(args[2], 100000000UL);
	const double limit = args.size() > 3 ? seconds(args[3]) : 10.0;
	const int fd = udp_socket(local);
	bind_socket(fd, local, args[0]);
	std::thread talk([&] {
		::usleep(1000000);
		for (unsigned long seq = 0; seq < count; ++seq) {
			const auto data = payload(seq, 172, PayloadSpec{});
			::sendto(fd, data.data(), data.size(), 0, remote.get(), remote.length);
			pace(seq);
		}
	});
	receive(fd, count, limit);
	talk.join();
	::close(fd);
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	struct sigaction sa{};
	sa.sa_handler = on_sigusr1;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, nullptr);	// no SA_RESTART: poll() returns
	try {
		if (argc < 2)
			throw UsageError("send|recv|call ... (see udp.py)");
		const std::string cmd = argv[1];
		const std::vector<std::string> args(argv + 2, argv + argc);
		if (cmd == "send")
			return cmd_send(args);
		if (cmd == "recv")
			return cmd_recv(args);
		if (cmd == "call")
			return cmd_call(args);
		throw UsageError("unknown command '" + cmd + "' (send, recv or call)");
	} catch (const UsageError &e) {
		std::cerr << "Error: udp_peer: " << e.what() << "\n";
		return 255;
	} catch (const RuntimeError &e) {
		std::cerr << "Error: udp_peer: " << e.what() << "\n";
		return 1;
	}
}
