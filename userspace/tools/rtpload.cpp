// SPDX-License-Identifier: LGPL-2.1-or-later
// rtpload: RTP load generator and receiver for the benchmark and the demo.
//
//   rtpload send DST [--from SRC] [--flows N] [--step P] [--rate PPS]
//                    [--seconds S] [--count N] [--ssrc X] [--batch B]
//                    [--burst K] [--srtp SUITE:BASE64]
//       N flows (flow i: DST port + i*P, from SRC port + i*P, SSRC X + i) of
//       172-byte RTP packets, sendmmsg B at a time, at PPS packets/s over
//       all flows (0: as fast as possible) for S seconds or N packets. With
//       a rate, the sender sleeps until K packets are due and sends them in
//       one sendmmsg (K <= B; default 1: each packet when it is due).
//       --srtp: each packet is protected with libsrtp2 as it is sent
//       (srtp_session.hpp: "AES_CM_128_HMAC_SHA1_80:BASE64" as in SDP).
//       Prints "sent=N errors=N seconds=S pps=R".
//   rtpload recv BIND [--flows N] [--step P] [--seconds S] [--idle S]
//                     [--srtp SUITE:BASE64]
//       receives on N ports (BIND port + i*P) with recvmmsg, checks each
//       SSRC's sequence numbers; prints "ready", then after S seconds or S
//       idle seconds after the last packet "received=N distinct=N lost=N
//       reordered=N duplicates=N flows=N malformed=N span=S pps=R
//       srtp_failed=N intact=N", where span runs from the first to the last
//       packet and intact counts the packets exactly as rtpload send built
//       them (rtp_payload_intact()).
//       --srtp: every packet is unprotected with libsrtp2 first; one it
//       rejects counts in srtp_failed, and its sequence number as lost.
#include "message_batch.hpp"
#include "pacer.hpp"
#include "rtp_packet.hpp"
#include "sequence_checker.hpp"
#include "srtp_session.hpp"
#include "tool_args.hpp"
#include "udp_socket.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using namespace rtptools;

constexpr unsigned batch_max = 1024;
constexpr unsigned receive_batch = 64;
constexpr std::size_t receive_buffer = 2048;
constexpr std::uint32_t default_ssrc = 0x5eed0000;
constexpr int poll_ms = 50;

SocketAddress address_or_throw(const std::string &text, unsigned offset)
{
	std::string error;
	auto address = socket_address(text, offset, &error);
	if (!address)
		throw UsageError(error);
	return *address;
}

UdpSocket socket_or_throw(const SocketAddress *local, const SocketAddress *peer, bool nonblocking)
{
	std::string error;
	auto sock = open_udp(local, peer, nonblocking, &error);
	if (!sock)
		throw RuntimeError(error);
	return std::move(*sock);
}

void sleep_until(double when)
{
	const double secs = std::floor(when);
	timespec ts{static_cast<time_t>(secs), static_cast<long>((when - secs) * 1e9)};
	while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
	}
}

struct Flow {
	UdpSocket sock;
	RtpStream stream;
};

int run_send(const ToolArgs &args)
{
	if (args.positional().size() != 1)
		throw UsageError("send needs one destination");
	const FlowLayout layout = args.flow_layout();
	const double rate = args.number("rate", 0, 0, 1e9);
	const double seconds = args.number("seconds", 5, 0, 86400);
	const auto count = args.integer("count", 0, 0, ~0UL);
	const auto ssrc = args.integer("ssrc", default_ssrc, 0, 0xffffffffUL);
	const auto batch_size = static_cast<unsigned>(args.integer("batch", 32, 1, batch_max));
	const auto burst = args.integer("burst", 1, 1, batch_max);
	if (burst > batch_size)
		throw UsageError("--burst " + std::to_string(burst) + " is larger than --batch " +
				 std::to_string(batch_size));

	std::vector<Flow> flows;
	for (unsigned long i = 0; i < layout.count; i++) {
		const auto peer = address_or_throw(args.positional()[0], layout.offset(i));
		std::optional<SocketAddress> local;
		if (args.has("from"))
			local = address_or_throw(args.text("from", ""), layout.offset(i));
		flows.push_back({socket_or_throw(local ? &*local : nullptr, &peer, false),
				 RtpStream(static_cast<std::uint32_t>(ssrc + i))});
	}

	std::optional<SrtpSession> srtp;
	if (args.has("srtp"))
		srtp.emplace(args.text("srtp", ""), SrtpSession::Direction::protect);

	const Pacer pacer(rate, burst, count);
	MessageBatch batch(batch_size, rtp_packet_size + (srtp ? srtp_trailer_max : 0));
	std::uint64_t sent = 0, errors = 0;
	std::size_t next_flow = 0;
	const double start = now_seconds();
	double now = start;
	for (;;) {
		now = now_seconds();
		const double elapsed = now - start;
		if ((seconds > 0 && elapsed >= seconds) || (count && sent >= count))
			break;
		std::uint64_t want = batch_size;
		if (rate > 0) {
			const std::uint64_t ready = pacer.ready(elapsed, sent);
			if (!ready) {
				sleep_until(start + pacer.next_due(sent));
				continue;
			}
			want = std::min<std::uint64_t>(want, ready);
		}
		if (count)
			want = std::min<std::uint64_t>(want, count - sent);
		Flow &flow = flows[next_flow];
		next_flow = (next_flow + 1) % flows.size();
		for (unsigned i = 0; i < want; i++) {
			const std::size_t length = build_rtp(batch.buffer(i), flow.stream.next());
			if (srtp)
				batch.set_length(i, srtp->protect(batch.buffer(i), length));
		}
		const int n = ::sendmmsg(flow.sock.fd(), batch.msgs(), static_cast<unsigned>(want), 0);
		sent += want;
		if (n < 0) {
			// ECONNREFUSED: an ICMP error from an earlier packet; ENOBUFS:
			// a full queue. The packets are lost, the run goes on.
			if (errno != ECONNREFUSED && errno != ENOBUFS && errno != EAGAIN)
				throw RuntimeError(std::string("sendmmsg: ") + std::strerror(errno));
			errors += want;
			continue;
		}
		errors += want - static_cast<unsigned>(n);
	}
	const double elapsed = now - start;
	std::printf("sent=%llu errors=%llu seconds=%.3f pps=%.0f\n",
		    static_cast<unsigned long long>(sent), static_cast<unsigned long long>(errors),
		    elapsed, elapsed > 0 ? static_cast<double>(sent) / elapsed : 0.0);
	return 0;
}

struct ReceiveTotals {
	std::uint64_t received = 0, distinct = 0, lost = 0, reordered = 0, duplicates = 0;
};

int run_recv(const ToolArgs &args)
{
	if (args.positional().size() != 1)
		throw UsageError("recv needs one address to bind");
	const FlowLayout layout = args.flow_layout();
	const double seconds = args.number("seconds", 10, 0.001, 86400);
	const double idle = args.number("idle", 1, 0.001, 86400);
	std::optional<SrtpSession> srtp;
	if (args.has("srtp"))
		srtp.emplace(args.text("srtp", ""), SrtpSession::Direction::unprotect);

	PollSet poll;
	std::vector<UdpSocket> socks;
	for (unsigned long i = 0; i < (layout.step ? layout.count : 1); i++) {
		const auto local = address_or_throw(args.positional()[0], layout.offset(i));
		socks.push_back(socket_or_throw(&local, nullptr, true));
		poll.add(socks.back().fd(), static_cast<std::uint64_t>(socks.back().fd()));
	}
	std::printf("ready\n");
	std::fflush(stdout);

	MessageBatch batch(receive_batch, receive_buffer);
	std::unordered_map<std::uint32_t, SequenceChecker> streams;
	std::uint64_t received = 0, malformed = 0, srtp_failed = 0, intact = 0;
	double first = 0, last = 0;
	const double start = now_seconds();
	for (;;) {
		const double now = now_seconds();
		if (now - start >= seconds || (received && now - last >= idle))
			break;
		for (const epoll_event &event : poll.wait(poll_ms)) {
			const auto fd = static_cast<int>(event.data.u64);
			for (;;) {
				batch.reset();
				const unsigned n = batch.receive(fd);
				if (!n)
					break;
				last = now_seconds();
				if (!received)
					first = last;
				received += n;
				for (unsigned i = 0; i < n; i++) {
					auto packet = batch.buffer(i).first(batch.received(i).size());
					if (srtp) {
						const auto length = srtp->unprotect(packet);
						if (!length) {
							srtp_failed++;
							continue;
						}
						packet = packet.first(*length);
					}
					const auto header = parse_rtp(packet);
					if (header)
						streams[header->ssrc].receive(header->seq);
					else
						malformed++;
					if (rtp_payload_intact(packet))
						intact++;
				}
			}
		}
	}
	ReceiveTotals totals;
	for (const auto &[ssrc, checker] : streams) {
		totals.distinct += checker.distinct();
		totals.lost += checker.lost();
		totals.reordered += checker.reordered();
		totals.duplicates += checker.duplicates();
	}
	const double span = last - first;
	std::printf("received=%llu distinct=%llu lost=%llu reordered=%llu duplicates=%llu flows=%zu "
		    "malformed=%llu span=%.3f pps=%.0f srtp_failed=%llu "
		    "intact=%llu\n",
		    static_cast<unsigned long long>(received),
		    static_cast<unsigned long long>(totals.distinct),
		    static_cast<unsigned long long>(totals.lost),
		    static_cast<unsigned long long>(totals.reordered),
		    static_cast<unsigned long long>(totals.duplicates), streams.size(),
		    static_cast<unsigned long long>(malformed), span,
		    span > 0 ? static_cast<double>(received) / span : 0.0,
		    static_cast<unsigned long long>(srtp_failed),
		    static_cast<unsigned long long>(intact));
	return 0;
}

void usage()
{
	std::fputs("Usage: rtpload send DST [--from SRC] [--flows N] [--step P] [--rate PPS]\n"
		   "                [--seconds S] [--count N] [--ssrc X] [--batch B] [--burst K]\n"
		   "                [--srtp SUITE:BASE64]\n"
		   "       rtpload recv BIND [--flows N] [--step P] [--seconds S] [--idle S]\n"
		   "                [--srtp SUITE:BASE64]\n",
		   stderr);
}

} // namespace

int main(int argc, char **argv)
{
	try {
		const std::string mode = argc > 1 ? argv[1] : "";
		if (mode == "send")
			return run_send(ToolArgs(argc, argv, 2,
						 {"from", "flows", "step", "rate", "seconds", "count",
						  "ssrc", "batch", "burst", "srtp"}));
		if (mode == "recv")
			return run_recv(ToolArgs(argc, argv, 2, {"flows", "step", "seconds", "idle", "srtp"}));
		usage();
		return 255;
	} catch (const UsageError &e) {
		std::fprintf(stderr, "Error: %s\n", e.what());
		return 255;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "Error: %s\n", e.what());
		return 1;
	}
}
