// SPDX-License-Identifier: LGPL-2.1-or-later
// GenlSocket: libnl-genl sockets, nl_send and nl_recvmsgs with callbacks;
// a batch window's sendmsg() and acks.
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
	// A batch window's answers: the errors of its requests, then the ack
	// or error of its last.
	Exchange(std::uint16_t family, WindowAcks &acks, const ReplyHandler &on_reply)
		: family_(family), on_reply_(on_reply), batch_(&acks)
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

	bool multicast() const { return !seq_ && !batch_; }

	// Whether seq is one of this exchange's requests.
	bool ours(std::uint32_t seq) const
	{
		if (batch_)
			return batch_->ours(seq);
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
		if (!multicast() && !ours(nlmsg_hdr(msg)->nlmsg_seq))
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

	// What an ack, error or NLMSG_DONE says about its request.
	static Result<void> outcome_of(const Result<Ack> &ack)
	{
		if (!ack)
			return ack.error();
		if (ack->errnum != 0)
			return ack->to_error();
		return {};
	}

	// The end of an answer: an ack or error (NLMSG_ERROR) or NLMSG_DONE.
	int end(const Result<Ack> &ack)
	{
		if (multicast())
			return NL_SKIP;
		if (auto r = outcome_of(ack); !r)
			error_ = r.error();
		finished_ = true;
		return NL_STOP;
	}

	// One request of a batch window answered; the window ends with its last.
	int batch_end(std::uint32_t seq, const Result<Ack> &ack)
	{
		finished_ = batch_->record(seq, outcome_of(ack));
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
	WindowAcks *batch_ = nullptr;
};

// A batch's requests the exchange failed before they were sent, and those
// sent whose answer never came (the kernel may have applied them).
Error not_sent() { return Error::local(ECANCELED, "not sent: the batch stopped before this request"); }
Error unanswered()
{
	return Error::local(ECANCELED, "not answered: the batch failed after sending this request "
				       "(it may have been applied)");
}

} // namespace

GenlSocket::GenlSocket(NlSock sk, std::uint16_t family_id, std::string family_name, BatchIo io)
	: sk_(std::move(sk)), family_id_(family_id), family_name_(std::move(family_name)),
	  io_(io)
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

std::uint32_t GenlSocket::finish_window(std::span<Request> window)
{
	std::uint32_t first = 0;
	for (std::size_t i = 0; i < window.size(); ++i) {
		const std::uint32_t seq = nl_socket_use_seq(sk_.get());
		if (i == 0)
			first = seq;
		window[i].dump = false;
		finish_request(window[i], family_id_, seq, i + 1 == window.size());
	}
	return first;
}

Result<void> GenlSocket::receive_window(WindowAcks &acks)
{
	const ReplyHandler ignore_replies = [](const GenlMessage &) { return Result<void>{}; };
	Exchange ex(family_id_, acks, ignore_replies);
	auto cb = ex.callbacks(sk_.get());
	if (!cb)
		return cb.error();
	std::optional<Error> failed;
	while (!ex.finished() && !failed)
		if (auto r = ex.receive(sk_.get(), cb->get()); !r)
			failed = r.error();
	// An NLMSG_OVERRUN ends the exchange too, before the window's end.
	if (auto o = ex.outcome(); !o && !failed)
		failed = o.error();
	if (!failed && !acks.complete())
		failed = Error::local(EBADMSG, "malformed netlink answer: NLMSG_DONE in a batch");
	if (!failed)
		return {};
	drain_window(fd());
	if (failed->errnum == ENOBUFS || failed->errnum == EOVERFLOW)
		return Error::local(failed->errnum,
				    "netlink receive buffer overrun: acks of the batch were lost, so "
				    "requests without an answer may or may not have been applied; "
				    "re-read the kernel's state");
	return *failed;
}

Result<void> GenlSocket::batch(std::span<Request> reqs, std::vector<Result<void>> &results)
{
	results.assign(reqs.size(), not_sent());
	if (reqs.empty())
		return {};
	if (!io_.limits)
		io_.limits = size_batch_buffers(fd());
	const BatchLimits limits = *io_.limits;
	WindowBuffer buf;
	for (std::size_t start = 0; start < reqs.size();) {
		const auto window = reqs.subspan(start, window_size(reqs.subspan(start), limits));
		WindowAcks acks(finish_window(window), window.size());
		buf.pack(window);
		if (auto r = send_window(io_.sendmsg, fd(), buf.bytes()); !r)
			return r.error();
		auto r = receive_window(acks);
		acks.deliver(std::span(results).subspan(start, window.size()), unanswered());
		if (!r)
			return r.error();
		start += window.size();
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
