// SPDX-License-Identifier: LGPL-2.1-or-later
// GenlSocket: an RAII generic netlink socket bound to one family.
//
// libnl-genl-3 all the way: genl_connect and the controller resolve the
// family and its multicast groups, requests go out with nl_send and the
// answers come back through nl_recvmsgs with one nl_cb per exchange, whose
// callbacks check the sequence number, hand each message of the family to
// a ReplyHandler and read the ack, NLMSG_DONE or error (with its extended
// ack) with netlink.hpp's parsers. No C++ exception crosses a libnl frame:
// the callbacks catch and the socket rethrows after nl_recvmsgs returned.
// A batch sends a window of requests in one sendmsg() (genl_batch.hpp).
#ifndef RTPNL_GENL_SOCKET_HPP
#define RTPNL_GENL_SOCKET_HPP

#include "genl_batch.hpp"
#include "netlink.hpp"
#include "rtpnl/client.hpp"
#include "rtpnl/error.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rtpnl {

// Called for every reply message of the family; an Error stops delivering
// further replies (the socket still drains the rest of the answer).
using ReplyHandler = std::function<Result<void>(const GenlMessage &)>;

// What the unit tests' fake kernel replaces: a batch window's sendmsg()
// (libnl's nl_cb send override sees only nl_send), and the limits (an
// unconnected socket has no buffers to size).
struct BatchIo {
	SendmsgFn sendmsg = ::sendmsg;
	// nullopt: sized from the socket's buffers at the first batch.
	std::optional<BatchLimits> limits;
};

class GenlSocket {
public:
	// Connects and resolves `family`. Enables NETLINK_EXT_ACK (error text)
	// and NETLINK_CAP_ACK (errors don't echo our whole request).
	static Result<GenlSocket> open(std::string_view family);
	// A socket the caller set up (the unit tests: an unconnected nl_sock
	// whose nl_cb overrides sending and receiving, and their BatchIo).
	GenlSocket(NlSock sk, std::uint16_t family_id, std::string family_name, BatchIo io = {});

	std::uint16_t family_id() const { return family_id_; }
	const std::string &family_name() const { return family_name_; }

	// A doit request with NLM_F_ACK: delivers replies, returns at the ack.
	Result<void> transact(Request req, const ReplyHandler &on_reply);
	// A dump request: delivers every message until NLMSG_DONE.
	Result<DumpOutcome> dump(Request req, const ReplyHandler &on_reply);

	// Many doit requests (acks only, no replies wanted), a window of them
	// per sendmsg(), only the window's last with NLM_F_ACK: the kernel acks
	// the others only if they fail. A window is as large as the receive
	// buffer (raised for it at the first batch) holds if all its requests
	// fail, so no error ack is lost. results[i] is request i's. On an Error
	// (the exchange itself failed) the requests without an answer have
	// ECANCELED; an overrun (ENOBUFS: acks lost) says to re-read the kernel's
	// state, as the requests it left unanswered may have been applied.
	Result<void> batch(std::span<Request> reqs, std::vector<Result<void>> &results);

	// Multicast: join a group of the family by name.
	Result<void> join_group(std::string_view group);
	// Blocks for one datagram and delivers its messages of the family.
	Result<void> receive(const ReplyHandler &on_message);

	// The socket's file descriptor (for poll), and non-blocking receives:
	// receive() then fails with EAGAIN when nothing is waiting.
	int fd() const;
	Result<void> set_nonblocking();

private:
	Result<DumpOutcome> run(Request req, const ReplyHandler &on_reply);
	Result<std::uint32_t> send(Request &req);
	// Sequence numbers and flags of a window; returns the first seq.
	std::uint32_t finish_window(std::span<Request> window);
	Result<void> receive_window(WindowAcks &acks);

	NlSock sk_;
	std::uint16_t family_id_;
	std::string family_name_;
	BatchIo io_;
};

} // namespace rtpnl

#endif
