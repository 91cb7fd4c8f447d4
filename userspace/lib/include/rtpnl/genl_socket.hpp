// GenlSocket: an RAII generic netlink socket bound to one family.
//
// libnl-genl-3 does what it is good at: allocating and connecting the
// socket and resolving the family and multicast group ids through the
// controller. The requests and replies themselves are raw bytes built and
// parsed by nl_message.hpp / attr_*.hpp, so the parsing that runs here is
// the parsing the unit tests check. No libnl callbacks are registered, so no
// C++ exception can cross a C frame.
#ifndef RTPNL_GENL_SOCKET_HPP
#define RTPNL_GENL_SOCKET_HPP

#include "rtpnl/error.hpp"
#include "rtpnl/nl_message.hpp"
#include "rtpnl/table_codec.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct nl_sock; // libnl's socket, opaque here

namespace rtpnl {

// Called for every reply message of the family; an Error stops delivering
// further replies (the socket still drains the rest of the answer).
using ReplyHandler = std::function<Result<void>(const GenlMessage &)>;

struct DumpOutcome {
	// NLM_F_DUMP_INTR was seen: the kernel's object set changed during the
	// dump, so it may have missed or repeated entries. Retry or report.
	bool interrupted = false;
};

class GenlSocket {
public:
	// Connects and resolves `family`. Enables NETLINK_EXT_ACK (error text)
	// and NETLINK_CAP_ACK (errors don't echo our whole request).
	static Result<GenlSocket> open(std::string_view family);

	std::uint16_t family_id() const { return family_id_; }
	const std::string &family_name() const { return family_name_; }

	// A doit request with NLM_F_ACK: delivers replies, returns at the ack.
	Result<void> transact(const Request &req, const ReplyHandler &on_reply);
	// A dump request: delivers every message until NLMSG_DONE.
	Result<DumpOutcome> dump(const Request &req, const ReplyHandler &on_reply);

	// Multicast: join a group of the family by name.
	Result<void> join_group(std::string_view group);
	// Blocks for one datagram and delivers its messages of the family.
	Result<void> receive(const ReplyHandler &on_message);

private:
	struct SockDeleter {
		void operator()(nl_sock *sk) const;
	};

	GenlSocket(std::unique_ptr<nl_sock, SockDeleter> sk, std::uint16_t family_id,
		   std::string family_name);

	Result<DumpOutcome> run(const Request &req, const ReplyHandler &on_reply);
	Result<std::uint32_t> send(const Request &req);
	Result<std::vector<std::uint8_t>> receive_datagram();
	// One datagram split into messages; they view @buffer, which the caller
	// keeps alive while it uses them.
	Result<std::vector<NlMessage>> receive_messages(std::vector<std::uint8_t> &buffer);

	std::unique_ptr<nl_sock, SockDeleter> sk_;
	std::uint16_t family_id_;
	std::string family_name_;
};

} // namespace rtpnl

#endif
