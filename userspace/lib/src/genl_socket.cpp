// GenlSocket: libnl for connect/resolve, raw bytes for everything else.
#include "rtpnl/genl_socket.hpp"

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include <linux/netlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rtpnl {

namespace {

// libnl reports -NLE_* codes; keep errno when the failing call set one.
Error libnl_error(int nl_err, int saved_errno, const std::string &what)
{
	const int errnum = saved_errno != 0 ? saved_errno : EIO;
	return Error::local(errnum, what + ": " + nl_geterror(nl_err));
}

Error errno_error(int errnum, const std::string &what)
{
	return Error::local(errnum, what + ": " + std::strerror(errnum));
}

void enable_option(int fd, int option)
{
	// Best effort: kernels without the option still work, only with less
	// detail in errors.
	const int one = 1;
	(void)setsockopt(fd, SOL_NETLINK, option, &one, sizeof one);
}

} // namespace

void GenlSocket::SockDeleter::operator()(nl_sock *sk) const { nl_socket_free(sk); }

GenlSocket::GenlSocket(std::unique_ptr<nl_sock, SockDeleter> sk, std::uint16_t family_id,
		       std::string family_name)
	: sk_(std::move(sk)), family_id_(family_id), family_name_(std::move(family_name))
{
}

Result<GenlSocket> GenlSocket::open(std::string_view family)
{
	std::unique_ptr<nl_sock, SockDeleter> sk(nl_socket_alloc());
	if (!sk)
		return Error::local(ENOMEM, "cannot allocate a netlink socket");
	errno = 0;
	if (int err = genl_connect(sk.get()); err < 0)
		return libnl_error(err, errno, "cannot open a generic netlink socket");

	const int fd = nl_socket_get_fd(sk.get());
	enable_option(fd, NETLINK_EXT_ACK);
	enable_option(fd, NETLINK_CAP_ACK);

	// Looking the family up by name also makes the kernel try to load the
	// module that provides it (request_module of its genl alias).
	const std::string name(family);
	errno = 0;
	const int id = genl_ctrl_resolve(sk.get(), name.c_str());
	if (id == -NLE_OBJ_NOTFOUND)
		return Error::local(ENOENT, "generic netlink family '" + name +
						    "' not found (is the rtpfwd module available?)");
	if (id < 0)
		return libnl_error(id, errno, "cannot resolve generic netlink family '" + name + "'");
	return GenlSocket(std::move(sk), static_cast<std::uint16_t>(id), name);
}

Result<std::uint32_t> GenlSocket::send(const Request &req)
{
	const std::uint32_t seq = nl_socket_use_seq(sk_.get());
	const auto flags = static_cast<std::uint16_t>((req.dump ? NLM_F_DUMP : NLM_F_ACK) | req.flags);
	const auto bytes = encode_genl_request(
		GenlRequest{family_id_, flags, seq, req.cmd, genl::version, req.attrs});
	sockaddr_nl kernel{};
	kernel.nl_family = AF_NETLINK;
	for (;;) {
		const ssize_t n = ::sendto(nl_socket_get_fd(sk_.get()), bytes.data(), bytes.size(), 0,
					   reinterpret_cast<const sockaddr *>(&kernel), sizeof kernel);
		if (n >= 0)
			return seq;
		if (errno != EINTR)
			return errno_error(errno, "cannot send netlink request");
	}
}

Result<std::vector<std::uint8_t>> GenlSocket::receive_datagram()
{
	// Plain recvfrom rather than nl_recv(): errno stays exact, and peeking
	// with MSG_TRUNC sizes the buffer for any dump message size.
	const int fd = nl_socket_get_fd(sk_.get());
	for (;;) {
		sockaddr_nl from{};
		socklen_t fromlen = sizeof from;
		const ssize_t len = ::recvfrom(fd, nullptr, 0, MSG_PEEK | MSG_TRUNC,
					       reinterpret_cast<sockaddr *>(&from), &fromlen);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS)
				return Error::local(ENOBUFS, "netlink receive buffer overrun: "
							     "messages were lost");
			return errno_error(errno, "cannot receive from netlink");
		}
		std::vector<std::uint8_t> buf(static_cast<std::size_t>(len));
		const ssize_t got = ::recvfrom(fd, buf.data(), buf.size(), 0,
					       reinterpret_cast<sockaddr *>(&from), &fromlen);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return errno_error(errno, "cannot receive from netlink");
		}
		// Only the kernel (port 0) may talk to us; drop anything else.
		if (from.nl_pid != 0)
			continue;
		buf.resize(static_cast<std::size_t>(got));
		return buf;
	}
}

Result<DumpOutcome> GenlSocket::run(const Request &req, const ReplyHandler &on_reply)
{
	auto seq = send(req);
	if (!seq)
		return seq.error();

	DumpOutcome outcome;
	std::optional<Error> handler_error;
	for (;;) {
		std::vector<std::uint8_t> buffer;
		auto msgs = receive_messages(buffer);
		if (!msgs)
			return msgs.error();
		for (const NlMessage &m : *msgs) {
			if (m.seq != *seq)
				continue; // a stale answer or a notification: not ours
			if (m.flags & NLM_F_DUMP_INTR)
				outcome.interrupted = true;
			if (m.type == NLMSG_ERROR || m.type == NLMSG_DONE) {
				auto ack = m.type == NLMSG_ERROR ? parse_error(m) : parse_done(m);
				if (!ack)
					return ack.error();
				if (ack->errnum != 0)
					return ack->to_error();
				if (handler_error)
					return *handler_error;
				return outcome;
			}
			if (m.type == NLMSG_OVERRUN)
				return Error::local(EOVERFLOW, "netlink overrun: data lost");
			if (m.type != family_id_ || handler_error)
				continue;
			auto genl = parse_genl(m);
			if (!genl) {
				handler_error = genl.error();
				continue;
			}
			if (auto r = on_reply(*genl); !r)
				handler_error = r.error(); // keep draining to the end
		}
	}
}

Result<void> GenlSocket::transact(const Request &req, const ReplyHandler &on_reply)
{
	Request doit = req;
	doit.dump = false;
	auto r = run(doit, on_reply);
	if (!r)
		return r.error();
	return {};
}

Result<DumpOutcome> GenlSocket::dump(const Request &req, const ReplyHandler &on_reply)
{
	Request d = req;
	d.dump = true;
	return run(d, on_reply);
}

Result<void> GenlSocket::join_group(std::string_view group)
{
	const std::string name(group);
	errno = 0;
	const int grp = genl_ctrl_resolve_grp(sk_.get(), family_name_.c_str(), name.c_str());
	if (grp < 0)
		return libnl_error(grp, errno, "cannot resolve multicast group '" + name + "'");
	errno = 0;
	if (int err = nl_socket_add_membership(sk_.get(), grp); err < 0)
		return libnl_error(err, errno, "cannot join multicast group '" + name + "'");
	return {};
}

Result<std::vector<NlMessage>> GenlSocket::receive_messages(std::vector<std::uint8_t> &buffer)
{
	auto datagram = receive_datagram();
	if (!datagram)
		return datagram.error();
	buffer = std::move(*datagram);
	return parse_messages(buffer);
}

Result<void> GenlSocket::receive(const ReplyHandler &on_message)
{
	std::vector<std::uint8_t> buffer;
	auto msgs = receive_messages(buffer);
	if (!msgs)
		return msgs.error();
	for (const NlMessage &m : *msgs) {
		if (m.type != family_id_)
			continue;
		auto genl = parse_genl(m);
		if (!genl)
			return genl.error();
		if (auto r = on_message(*genl); !r)
			return r;
	}
	return {};
}

} // namespace rtpnl
