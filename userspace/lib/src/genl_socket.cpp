// SPDX-License-Identifier: LGPL-2.1-or-later
// GenlSocket: libnl-genl sockets, nl_send and nl_recvmsgs with callbacks.
#include "genl_socket.hpp"

#include <netlink/genl/ctrl.h>

#include <linux/netlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <optional>
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
	// detail in errors. (libnl 3.7 has no nl_socket_set_ext_ack.)
	const int one = 1;
	(void)setsockopt(fd, SOL_NETLINK, option, &one, sizeof one);
}

// One exchange: a request's answer (only messages with its sequence
// number, until the ack, NLMSG_DONE or error) or one multicast datagram
// (every message). Its callbacks share this object through the nl_cb arg.
class Exchange {
public:
	Exchange(std::uint16_t family, std::optional<std::uint32_t> seq, const ReplyHandler &on_reply)
		: family_(family), seq_(seq), on_reply_(on_reply)
	{
	}
	// A batch window's answers: one ack or error per request of `acks`.
	Exchange(std::uint16_t family, BatchAcks &acks, const ReplyHandler &on_reply)
		: family_(family), seq_(acks.first_seq), on_reply_(on_reply), batch_(&acks)
	{
	}

	// A clone of the socket's nl_cb (so overrides of send / receive carry
	// over) with this exchange's callbacks.
	Result<NlCb> callbacks(nl_sock *sk)
	{
		NlCb sock_cb(nl_socket_get_cb(sk));
		NlCb cb(sock_cb ? nl_cb_clone(sock_cb.get()) : nullptr);
		if (!cb)
			return Error::local(ENOMEM, "cannot allocate netlink callbacks");
		set(cb.get(), NL_CB_MSG_IN, &call<&Exchange::msg_in>);
		set(cb.get(), NL_CB_SEQ_CHECK, &call<&Exchange::seq_check>);
		set(cb.get(), NL_CB_DUMP_INTR, &call<&Exchange::dump_intr>);
		set(cb.get(), NL_CB_VALID, &call<&Exchange::valid>);
		set(cb.get(), NL_CB_FINISH, &call<&Exchange::done_msg>);
		set(cb.get(), NL_CB_ACK, &call<&Exchange::error_msg>);
		set(cb.get(), NL_CB_INVALID, &call<&Exchange::error_msg>); // a truncated NLMSG_ERROR
		set(cb.get(), NL_CB_OVERRUN, &call<&Exchange::overrun>);
		nl_cb_err(cb.get(), NL_CB_CUSTOM, &error_cb, this);
		return cb;
	}

	// One nl_recvmsgs(): one datagram, or more while a multipart answer
	// goes on.
	Result<void> receive(nl_sock *sk, nl_cb *cb)
	{
		errno = 0;
		const int err = nl_recvmsgs(sk, cb);
		const int saved_errno = errno;
		if (exception_)
			std::rethrow_exception(exception_);
		if (finished_ || err >= 0)
			return {};
		// The receive itself failed: libnl kept recvmsg()'s errno.
		if (saved_errno == ENOBUFS)
			return Error::local(ENOBUFS, "netlink receive buffer overrun: messages were lost");
		if (saved_errno != 0)
			return errno_error(saved_errno, "cannot receive from netlink");
		return libnl_error(err, 0, "cannot receive from netlink");
	}

	bool finished() const { return finished_; }

	Result<DumpOutcome> outcome() const
	{
		if (error_)
			return *error_;
		if (handler_error_)
			return *handler_error_;
		return outcome_;
	}

private:
	template <int (Exchange::*Handler)(nl_msg *)>
	static int call(nl_msg *msg, void *arg) noexcept
	{
		auto *ex = static_cast<Exchange *>(arg);
		try {
			return (ex->*Handler)(msg);
		} catch (...) {
			ex->exception_ = std::current_exception();
			return NL_STOP;
		}
	}

	// NLMSG_ERROR with an error: libnl passes only the nlmsgerr; the whole
	// message is the one msg_in() saw last.
	static int error_cb(sockaddr_nl *, nlmsgerr *, void *arg) noexcept
	{
		auto *ex = static_cast<Exchange *>(arg);
		return call<&Exchange::error_msg>(ex->current_, arg);
	}

	void set(nl_cb *cb, nl_cb_type type, nl_recvmsg_msg_cb_t fn)
	{
		nl_cb_set(cb, type, NL_CB_CUSTOM, fn, this);
	}

	bool multicast() const { return !seq_; }

	// Whether seq is one of this exchange's requests.
	bool ours(std::uint32_t seq) const
	{
		if (batch_)
			return seq - batch_->first_seq < batch_->results.size(); // wraps safely
		return seq == *seq_;
	}

	int msg_in(nl_msg *msg)
	{
		// Only the kernel (port 0) may talk to us; drop anything else.
		if (nlmsg_get_src(msg)->nl_pid != 0)
			return NL_SKIP;
		current_ = msg;
		return NL_OK;
	}

	int seq_check(nl_msg *msg)
	{
		// A stale answer or a notification is not ours.
		if (seq_ && !ours(nlmsg_hdr(msg)->nlmsg_seq))
			return NL_SKIP;
		return NL_OK;
	}

	int dump_intr(nl_msg *)
	{
		// The kernel's object set changed during the dump.
		outcome_.interrupted = true;
		return NL_OK;
	}

	int valid(nl_msg *msg)
	{
		nlmsghdr *nlh = nlmsg_hdr(msg);
		if (nlh->nlmsg_type != family_ || handler_error_)
			return NL_OK;
		auto genl = genl_message(nlh);
		auto r = genl ? on_reply_(*genl) : Result<void>(genl.error());
		if (r)
			return NL_OK;
		handler_error_ = r.error();
		// A request's answer is drained to its end; a datagram of events
		// stops at the first bad one.
		return multicast() ? NL_STOP : NL_OK;
	}

	// The end of an answer: an ack or error (NLMSG_ERROR) or NLMSG_DONE.
	int end(const Result<Ack> &ack)
	{
		if (multicast())
			return NL_SKIP;
		if (!ack)
			error_ = ack.error();
		else if (ack->errnum != 0)
			error_ = ack->to_error();
		finished_ = true;
		return NL_STOP;
	}

	// One request of a batch answered; the exchange ends with the last.
	int batch_end(std::uint32_t seq, const Result<Ack> &ack)
	{
		auto &slot = batch_->results[seq - batch_->first_seq];
		if (slot)
			return NL_OK; // a second answer to one request: not the kernel's way
		if (!ack)
			slot = ack.error();
		else if (ack->errnum != 0)
			slot = ack->to_error();
		else
			slot = Result<void>{};
		finished_ = ++batch_->answered == batch_->results.size();
		return finished_ ? NL_STOP : NL_OK;
	}

	int error_msg(nl_msg *msg)
	{
		if (batch_)
			return batch_end(nlmsg_hdr(msg)->nlmsg_seq, parse_error(nlmsg_hdr(msg)));
		return end(parse_error(nlmsg_hdr(msg)));
	}
	int done_msg(nl_msg *msg) { return end(parse_done(nlmsg_hdr(msg))); }

	int overrun(nl_msg *)
	{
		return end(Error::local(EOVERFLOW, "netlink overrun: data lost"));
	}

	std::uint16_t family_;
	std::optional<std::uint32_t> seq_;
	const ReplyHandler &on_reply_;
	nl_msg *current_ = nullptr;
	bool finished_ = false;
	DumpOutcome outcome_;
	std::optional<Error> error_;
	std::optional<Error> handler_error_;
	std::exception_ptr exception_;
	BatchAcks *batch_ = nullptr;
};

} // namespace

GenlSocket::GenlSocket(NlSock sk, std::uint16_t family_id, std::string family_name)
	: sk_(std::move(sk)), family_id_(family_id), family_name_(std::move(family_name))
{
}

Result<GenlSocket> GenlSocket::open(std::string_view family)
{
	NlSock sk(nl_socket_alloc());
	if (!sk)
		return Error::local(ENOMEM, "cannot allocate a netlink socket");
	errno = 0;
	if (int err = genl_connect(sk.get()); err < 0)
		return libnl_error(err, errno, "cannot open a generic netlink socket");
	// Peeking sizes the receive buffer for any dump message.
	nl_socket_enable_msg_peek(sk.get());

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

Result<std::uint32_t> GenlSocket::send(Request &req)
{
	const std::uint32_t seq = nl_socket_use_seq(sk_.get());
	finish_request(req, family_id_, seq);
	// nl_send, not nl_send_auto: the message is complete as built, and
	// nl_complete_msg would put our port into nlmsg_pid.
	for (;;) {
		errno = 0;
		const int err = nl_send(sk_.get(), req.msg.get());
		if (err >= 0)
			return seq;
		if (errno != EINTR)
			return errno != 0 ? errno_error(errno, "cannot send netlink request")
					  : libnl_error(err, 0, "cannot send netlink request");
	}
}

Result<DumpOutcome> GenlSocket::run(Request req, const ReplyHandler &on_reply)
{
	auto seq = send(req);
	if (!seq)
		return seq.error();
	Exchange ex(family_id_, *seq, on_reply);
	auto cb = ex.callbacks(sk_.get());
	if (!cb)
		return cb.error();
	while (!ex.finished())
		if (auto r = ex.receive(sk_.get(), cb->get()); !r)
			return r.error();
	return ex.outcome();
}

Result<void> GenlSocket::transact(Request req, const ReplyHandler &on_reply)
{
	req.dump = false;
	auto r = run(std::move(req), on_reply);
	if (!r)
		return r.error();
	return {};
}

Result<DumpOutcome> GenlSocket::dump(Request req, const ReplyHandler &on_reply)
{
	req.dump = true;
	return run(std::move(req), on_reply);
}

Result<void> GenlSocket::batch(std::span<Request> reqs, std::vector<Result<void>> &results)
{
	results.assign(reqs.size(),
		       Error::local(ECANCELED, "not answered: the batch stopped before this request"));
	const ReplyHandler ignore_replies = [](const GenlMessage &) { return Result<void>{}; };
	for (std::size_t start = 0; start < reqs.size(); start += batch_window) {
		const std::size_t n = std::min(batch_window, reqs.size() - start);
		BatchAcks acks;
		std::optional<Error> send_error;
		for (std::size_t i = 0; i < n; ++i) {
			reqs[start + i].dump = false;
			auto seq = send(reqs[start + i]);
			if (!seq) {
				send_error = seq.error();
				break;
			}
			if (i == 0)
				acks.first_seq = *seq;
			acks.results.emplace_back();
		}
		std::optional<Error> receive_error;
		if (!acks.results.empty()) {
			Exchange ex(family_id_, acks, ignore_replies);
			auto cb = ex.callbacks(sk_.get());
			if (!cb)
				return cb.error();
			while (!ex.finished() && !receive_error)
				if (auto r = ex.receive(sk_.get(), cb->get()); !r)
					receive_error = r.error();
			// An overrun (or an NLMSG_DONE) ended it before every ack.
			if (auto o = ex.outcome(); !o && !receive_error)
				receive_error = o.error();
		}
		for (std::size_t i = 0; i < acks.results.size(); ++i)
			if (acks.results[i])
				results[start + i] = *acks.results[i];
		if (receive_error)
			return *receive_error;
		if (send_error) {
			results[start + acks.results.size()] = *send_error;
			return *send_error;
		}
	}
	return {};
}

int GenlSocket::fd() const { return nl_socket_get_fd(sk_.get()); }

Result<void> GenlSocket::set_nonblocking()
{
	errno = 0;
	if (int err = nl_socket_set_nonblocking(sk_.get()); err < 0)
		return libnl_error(err, errno, "cannot make the netlink socket non-blocking");
	return {};
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

Result<void> GenlSocket::receive(const ReplyHandler &on_message)
{
	Exchange ex(family_id_, std::nullopt, on_message);
	auto cb = ex.callbacks(sk_.get());
	if (!cb)
		return cb.error();
	if (auto r = ex.receive(sk_.get(), cb->get()); !r)
		return r.error();
	auto r = ex.outcome();
	if (!r)
		return r.error();
	return {};
}

} // namespace rtpnl
