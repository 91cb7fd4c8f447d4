// SPDX-License-Identifier: LGPL-2.1-or-later
// rtprelay: the user-space RTP relay of the benchmark, the cheapest
// forwarder user space can be: one thread, epoll, recvmmsg a batch from a
// port, sendmmsg the same buffers to that port's destination, no parsing.
//
//   rtprelay LISTEN DEST [--flows N] [--step P] [--seconds S] [--batch B]
//       relays LISTEN port + i*P to DEST port + i*P (i < N), sending from the
//       listening socket, until SIGTERM/SIGINT or S seconds (0: no limit);
//       prints "ready", and at the end "received=N relayed=N errors=N".
#include "message_batch.hpp"
#include "tool_args.hpp"
#include "udp_socket.hpp"

#include <csignal>
#include <cstdio>
#include <vector>

namespace {

using namespace rtptools;

constexpr unsigned batch_max = 1024;
constexpr std::size_t datagram_max = 2048;
constexpr int poll_ms = 100;

volatile std::sig_atomic_t stop_requested = 0;

void request_stop(int)
{
	stop_requested = 1;
}

struct Leg {
	UdpSocket sock;
	SocketAddress dest;
};

std::vector<Leg> open_legs(const ToolArgs &args, PollSet &poll)
{
	const FlowLayout layout = args.flow_layout();
	std::vector<Leg> legs;
	legs.reserve(layout.count);
	for (unsigned long i = 0; i < layout.count; i++) {
		std::string error;
		const auto local = socket_address(args.positional()[0], layout.offset(i), &error);
		const auto dest = local ? socket_address(args.positional()[1], layout.offset(i), &error)
					: std::nullopt;
		if (!dest)
			throw UsageError(error);
		auto sock = open_udp(&*local, nullptr, true, &error);
		if (!sock)
			throw RuntimeError(error);
		legs.push_back({std::move(*sock), *dest});
		poll.add(legs.back().sock.fd(), i);
	}
	return legs;
}

int run(const ToolArgs &args)
{
	if (args.positional().size() != 2)
		throw UsageError("need LISTEN and DEST");
	const double seconds = args.number("seconds", 0, 0, 86400);
	const auto batch_size = static_cast<unsigned>(args.integer("batch", 64, 1, batch_max));
	PollSet poll;
	std::vector<Leg> legs = open_legs(args, poll);

	struct sigaction sa{};
	sa.sa_handler = request_stop;
	::sigaction(SIGTERM, &sa, nullptr);
	::sigaction(SIGINT, &sa, nullptr);
	std::printf("ready\n");
	std::fflush(stdout);

	MessageBatch batch(batch_size, datagram_max);
	std::uint64_t received = 0, relayed = 0, errors = 0;
	const double start = now_seconds();
	while (!stop_requested && (seconds <= 0 || now_seconds() - start < seconds)) {
		for (const epoll_event &event : poll.wait(poll_ms)) {
			Leg &leg = legs[event.data.u64];
			for (;;) {
				batch.reset();
				const unsigned got = batch.receive(leg.sock.fd());
				if (!got)
					break;
				received += got;
				for (unsigned i = 0; i < got; i++) {
					batch.set_length(i, batch.msgs()[i].msg_len);
					batch.msgs()[i].msg_hdr.msg_name = &leg.dest.storage;
					batch.msgs()[i].msg_hdr.msg_namelen = leg.dest.length;
				}
				const int sent = ::sendmmsg(leg.sock.fd(), batch.msgs(), got, 0);
				const unsigned ok = sent > 0 ? static_cast<unsigned>(sent) : 0;
				relayed += ok;
				errors += got - ok;
				if (got < batch_size)
					break;
			}
		}
	}
	std::printf("received=%llu relayed=%llu errors=%llu\n",
		    static_cast<unsigned long long>(received), static_cast<unsigned long long>(relayed),
		    static_cast<unsigned long long>(errors));
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	try {
		return run(ToolArgs(argc, argv, 1, {"flows", "step", "seconds", "batch"}));
	} catch (const UsageError &e) {
		std::fprintf(stderr, "Error: %s\n", e.what());
		std::fputs("Usage: rtprelay LISTEN DEST [--flows N] [--step P] [--seconds S] [--batch B]\n",
			   stderr);
		return 255;
	} catch (const std::exception &e) {
		std::fprintf(stderr, "Error: %s\n", e.what());
		return 1;
	}
}
