// SPDX-License-Identifier: LGPL-2.1-or-later
// GenlSocket::batch against the fake kernel: windows of one sendmsg() each,
// NLM_F_ACK on a window's last request only, the error acks landing on
// their requests, an overrun failing the batch without a false success;
// and the window limits a socket's buffers give.
#include "bytes.hpp"
#include "fake_kernel.hpp"

#include "genl_batch.hpp"
#include "genl_socket.hpp"
#include "table_codec.hpp"

#include <doctest/doctest.h>

#include <linux/genetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

using namespace rtpnl;
using namespace fake;

namespace {

// A batch of TABLE_NEW 0 .. n-1 (28 bytes each).
Result<void> send_batch(GenlSocket &sock, std::size_t n, std::vector<Result<void>> &results)
{
	std::vector<Request> reqs;
	for (std::size_t i = 0; i < n; ++i) {
		auto req = encode_table_new(static_cast<std::uint32_t>(i));
		REQUIRE(req.ok());
		reqs.push_back(std::move(*req));
	}
	return sock.batch(reqs, results);
}

// The table id of a TABLE_NEW as sent: request i of send_batch().
std::size_t index_of(const Bytes &req) { return req[24]; }

Bytes extack(const std::string &text)
{
	Bytes msg(text.begin(), text.end());
	msg.push_back(0);
	while (msg.size() % 4)
		msg.push_back(0);
	return concat({bytes({static_cast<int>(4 + text.size() + 1), 0, 1, 0}), msg});
}

// Acks every request; refuses those in `refused` with an extack naming them.
void answer_all(FakeKernel &k, std::vector<std::size_t> refused = {})
{
	k.answer = [&k, refused](const Bytes &req) {
		const std::size_t i = index_of(req);
		const bool refuse = std::find(refused.begin(), refused.end(), i) != refused.end();
		k.datagrams.push_back({refuse ? error_msg(req, -EEXIST, extack("table " + std::to_string(i) +
										  " exists"))
					      : error_msg(req, 0)});
	};
}

// How many requests each sendmsg() carried.
std::vector<std::size_t> window_sizes(const FakeKernel &k)
{
	std::vector<std::size_t> sizes;
	for (const Bytes &b : k.sendmsgs)
		sizes.push_back(b.size() / 28);
	return sizes;
}

std::size_t successes(const std::vector<Result<void>> &results)
{
	return static_cast<std::size_t>(std::count_if(results.begin(), results.end(),
						      [](const Result<void> &r) { return r.ok(); }));
}

} // namespace

TEST_CASE("batch: N requests in ceil(N/W) sendmsgs, NLM_F_ACK on each window's last only")
{
	FakeKernel k;
	k.limits = {4, 128 * 1024};
	answer_all(k);
	GenlSocket sock = fake_socket(k);
	std::vector<Result<void>> results;
	REQUIRE(send_batch(sock, 10, results).ok());
	CHECK(window_sizes(k) == std::vector<std::size_t>{4, 4, 2});
	REQUIRE(k.sent.size() == 10);
	for (std::size_t i = 0; i < 10; ++i) {
		CAPTURE(i);
		CHECK(index_of(k.sent[i]) == i);
		const bool last = i == 3 || i == 7 || i == 9;
		CHECK(request_flags(k.sent[i]) == (last ? NLM_F_REQUEST | NLM_F_ACK : NLM_F_REQUEST));
		if (i > 0)
			CHECK(seq_of(k.sent[i]) == seq_of(k.sent[i - 1]) + 1);
	}
	REQUIRE(results.size() == 10);
	CHECK(successes(results) == 10);
	CHECK(k.datagrams.empty());

	std::vector<Request> none;
	REQUIRE(sock.batch(none, results).ok());
	CHECK(results.empty());
	CHECK(k.sendmsgs.size() == 3);
}

TEST_CASE("batch: the error acks before a window's end land on their requests with their extack")
{
	FakeKernel k;
	k.limits = {4, 128 * 1024};
	answer_all(k, {1, 3, 5});
	// A stale error (another exchange's) is not ours.
	const auto answer = k.answer;
	k.answer = [&k, answer](const Bytes &req) {
		if (index_of(req) == 4)
			k.datagrams.push_back({error_msg(concat({Bytes(req.begin(), req.begin() + 8),
								 le32(seq_of(req) - 100), le32(0)}),
							 -ENOENT)});
		answer(req);
	};
	GenlSocket sock = fake_socket(k);
	std::vector<Result<void>> results;
	REQUIRE(send_batch(sock, 10, results).ok());
	REQUIRE(results.size() == 10);
	for (std::size_t i = 0; i < 10; ++i) {
		CAPTURE(i);
		if (i == 1 || i == 3 || i == 5) {
			REQUIRE_FALSE(results[i].ok());
			CHECK(results[i].error().errnum == EEXIST);
			CHECK(results[i].error().origin == Error::Origin::kernel);
			CHECK(results[i].error().text() == "table " + std::to_string(i) + " exists");
		} else {
			CHECK(results[i].ok());
		}
	}
	CHECK(k.sendmsgs.size() == 3);
	CHECK(k.datagrams.empty());
}

TEST_CASE("batch: a receive buffer overrun fails the batch, and no unanswered request counts as done")
{
	FakeKernel k;
	k.limits = {4, 128 * 1024};
	k.rcvbuf_datagrams = 2;
	SUBCASE("every request of the second window fails: two of its four error acks are dropped")
	{
		answer_all(k, {4, 5, 6, 7});
	}
	SUBCASE("all but the second window's last fail")
	{
		answer_all(k, {4, 5, 6});
	}
	GenlSocket sock = fake_socket(k);
	std::vector<Result<void>> results;
	auto r = send_batch(sock, 12, results);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == ENOBUFS);
	CHECK(r.error().text() == "netlink receive buffer overrun: acks of the batch were lost, so requests "
				  "without an answer may or may not have been applied; re-read the kernel's state");
	REQUIRE(results.size() == 12);
	CHECK(successes(results) == 4); // the first window's
	for (std::size_t i = 4; i < 12; ++i) {
		CAPTURE(i);
		REQUIRE_FALSE(results[i].ok());
		CHECK(results[i].error().errnum == ECANCELED);
	}
	CHECK(results[4].error().text() ==
	      "not answered: the batch failed after sending this request (it may have been applied)");
	CHECK(results[8].error().text() == "not sent: the batch stopped before this request");
	CHECK(k.sendmsgs.size() == 2);
}

TEST_CASE("batch: a failed sendmsg leaves ECANCELED on the unsent requests; EINTR is retried")
{
	FakeKernel k;
	k.limits = {4, 128 * 1024};
	answer_all(k);
	k.send_errnos = {EINTR};
	GenlSocket sock = fake_socket(k);
	std::vector<Result<void>> results;
	REQUIRE(send_batch(sock, 10, results).ok());
	CHECK(successes(results) == 10);
	CHECK(k.sendmsgs.size() == 3);

	// The second window's sendmsg fails.
	k.sendmsgs.clear();
	k.sent.clear();
	const auto answer = k.answer;
	k.answer = [&k, answer](const Bytes &req) {
		answer(req);
		if (k.sent.size() == 4)
			k.send_errnos.push_back(EPERM);
	};
	auto r = send_batch(sock, 10, results);
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EPERM);
	CHECK(r.error().text() == std::string("cannot send netlink batch: ") + std::strerror(EPERM));
	CHECK(successes(results) == 4);
	for (std::size_t i = 4; i < 10; ++i) {
		CAPTURE(i);
		REQUIRE_FALSE(results[i].ok());
		CHECK(results[i].error().errnum == ECANCELED);
	}
	CHECK(k.sendmsgs.size() == 1);
}

TEST_CASE("batch: windows are cut by bytes too; a request over the limit goes alone")
{
	FakeKernel k;
	k.limits = {64, 100}; // three 28-byte requests
	answer_all(k);
	GenlSocket sock = fake_socket(k);
	std::vector<Result<void>> results;
	REQUIRE(send_batch(sock, 7, results).ok());
	CHECK(window_sizes(k) == std::vector<std::size_t>{3, 3, 1});
	CHECK(successes(results) == 7);

	FakeKernel tiny;
	tiny.limits = {64, 10};
	answer_all(tiny);
	GenlSocket alone = fake_socket(tiny);
	REQUIRE(send_batch(alone, 3, results).ok());
	CHECK(window_sizes(tiny) == std::vector<std::size_t>{1, 1, 1});
	for (const Bytes &req : tiny.sent)
		CHECK(request_flags(req) == (NLM_F_REQUEST | NLM_F_ACK));
}

TEST_CASE("batch limits: every error ack of a window fits the receive buffer, a sendmsg the send buffer")
{
	// SO_RCVBUFFORCE 4 MiB (doubled by the kernel) and 256 KiB to send.
	CHECK(batch_limits(8 << 20, 512 << 10) == BatchLimits{1024, 128 * 1024});
	// SO_RCVBUF capped by the default net.core.rmem_max / wmem_max (212992).
	CHECK(batch_limits(425984, 425984) == BatchLimits{208, 128 * 1024});
	// libnl's own 32 KiB (doubled): the kernel takes sndbuf - 32 bytes at most.
	CHECK(batch_limits(65536, 65536) == BatchLimits{32, 65504});
	CHECK(batch_limits(1000, 0) == BatchLimits{1, 0});
	CHECK(batch_limits(-1, -1) == BatchLimits{1, 0});
	// A socket that is none: one request at a time.
	CHECK(size_batch_buffers(-1) == BatchLimits{1, 0});

	// A real netlink socket (no privilege needed): what getsockopt reads
	// back after the raise, at least the unprivileged SO_RCVBUF's share.
	const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	REQUIRE(fd >= 0);
	const BatchLimits got = size_batch_buffers(fd);
	int rcvbuf = 0, sndbuf = 0;
	socklen_t len = sizeof rcvbuf;
	REQUIRE(getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, &len) == 0);
	len = sizeof sndbuf;
	REQUIRE(getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, &len) == 0);
	close(fd);
	CHECK(got == batch_limits(rcvbuf, sndbuf));
	CHECK(got.requests >= 1);
	CHECK(got.bytes <= 128 * 1024);
}

TEST_CASE("drain_window empties a netlink socket's queue without waiting")
{
	const int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	REQUIRE(fd >= 0);
	// Two TABLE_NEWs to the controller, which refuses them: two error acks.
	WindowBuffer buf;
	std::vector<Request> window;
	for (std::uint32_t seq = 1; seq <= 2; ++seq) {
		auto r = encode_table_new(seq);
		REQUIRE(r.ok());
		finish_request(*r, GENL_ID_CTRL, seq);
		window.push_back(std::move(*r));
	}
	buf.pack(window);
	REQUIRE(send_window(&::sendmsg, fd, buf.bytes()).ok());
	char byte;
	REQUIRE(recv(fd, &byte, 1, MSG_DONTWAIT | MSG_PEEK) >= 0);
	drain_window(fd);
	CHECK(recv(fd, &byte, 1, MSG_DONTWAIT) < 0);
	CHECK(errno == EAGAIN);
	close(fd);
}
