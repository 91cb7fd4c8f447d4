// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's handles (see rtpnl.h): the thread's error message, opening in
// a network namespace, tables and events. Everything below extern "C" runs
// through guarded().
#include "capi.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace rtpnl::capi {

namespace {

thread_local std::string message;
// A message that needs no allocation (when storing one ran out of memory).
thread_local const char *fixed_message = nullptr;

Error errno_error(int errnum, const std::string &what)
{
	return Error::local(errnum, what + ": " + std::strerror(errnum));
}

// Closes an fd on every way out.
class Fd {
public:
	explicit Fd(int fd) : fd_(fd) {}
	Fd(const Fd &) = delete;
	Fd &operator=(const Fd &) = delete;
	~Fd()
	{
		if (fd_ >= 0)
			::close(fd_);
	}
	int get() const { return fd_; }
	int release() { return std::exchange(fd_, -1); }

private:
	int fd_;
};

// make() with the calling thread in the namespace of netns_fd (when >= 0),
// back in its own before this returns: sockets belong to the namespace
// they were created in, the thread must not stay there.
template <typename T, typename Make>
Result<T> in_netns(int netns_fd, Make make)
{
	if (netns_fd < 0)
		return make();
	Fd own(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
	if (own.get() < 0)
		return errno_error(errno, "cannot open the caller's network namespace");
	if (::setns(netns_fd, CLONE_NEWNET) < 0) {
		const int err = errno;
		if (err == EINVAL)
			return Error::local(err, "the file descriptor is not a network namespace");
		std::string text = "cannot enter the network namespace: " + std::string(std::strerror(err));
		if (err == EPERM)
			text += " (CAP_SYS_ADMIN is required)";
		return Error::local(err, text);
	}
	Result<T> made = make();
	if (::setns(own.get(), CLONE_NEWNET) < 0)
		return errno_error(errno, "cannot return to the caller's network namespace");
	return made;
}

int open_in(rtpnl_handle **out, int netns_fd)
{
	*out = nullptr;
	auto client = in_netns<Client>(netns_fd, [] { return Client::open(); });
	if (!client)
		return fail(client.error());
	rtpnl_handle *h = adopt(std::move(*client), std::nullopt);
	if (netns_fd >= 0) {
		h->netns_fd = ::fcntl(netns_fd, F_DUPFD_CLOEXEC, 0);
		if (h->netns_fd < 0) {
			const int err = errno;
			rtpnl_close(h);
			return fail(errno_error(err, "cannot keep the network namespace"));
		}
	}
	*out = h;
	return succeed();
}

rtpnl_table_info table_to_c(const Table &table)
{
	rtpnl_table_info info{};
	info.id = table.id;
	if (table.rules) {
		info.present |= RTPNL_TABLE_HAS_RULES;
		info.rules = *table.rules;
	}
	if (table.refcnt) {
		info.present |= RTPNL_TABLE_HAS_REFCNT;
		info.refcnt = *table.refcnt;
	}
	if (table.control_pid) {
		info.present |= RTPNL_TABLE_HAS_CONTROL_PID;
		info.control_pid = *table.control_pid;
	}
	return info;
}

rtpnl_event rule_event_to_c(const RuleEvent &ev)
{
	rtpnl_event out{};
	switch (ev.kind) {
	case RuleEvent::Kind::rule_new:
		out.type = RTPNL_EVENT_RULE_NEW;
		break;
	case RuleEvent::Kind::rule_replace:
		out.type = RTPNL_EVENT_RULE_REPLACE;
		break;
	case RuleEvent::Kind::rule_del:
		out.type = RTPNL_EVENT_RULE_DEL;
		break;
	}
	out.table = ev.table;
	out.local = to_c(ev.local);
	return out;
}

} // namespace

int fail(const Error &error)
{
	try {
		message = error.text();
		fixed_message = nullptr;
	} catch (...) {
		fixed_message = "out of memory (while reporting an error)";
	}
	return -error.errnum;
}

int fail(int errnum, const char *description)
{
	message.clear();
	fixed_message = description;
	return -errnum;
}

int succeed()
{
	message.clear();
	fixed_message = nullptr;
	return 0;
}

rtpnl_handle *adopt(Client client, std::optional<Monitor> monitor)
{
	return new rtpnl_handle{std::move(client), std::move(monitor)};
}

} // namespace rtpnl::capi

using namespace rtpnl;
using capi::fail;
using capi::guarded;
using capi::status;
using capi::succeed;

extern "C" {

const char *rtpnl_errmsg(void)
{
	if (capi::fixed_message)
		return capi::fixed_message;
	return capi::message.c_str();
}

int rtpnl_open(struct rtpnl_handle **out)
{
	return guarded([&] { return capi::open_in(out, -1); });
}

int rtpnl_open_netns(struct rtpnl_handle **out, int netns_fd)
{
	return guarded([&] {
		if (netns_fd < 0) {
			*out = nullptr;
			return fail(EBADF, "invalid network namespace file descriptor");
		}
		return capi::open_in(out, netns_fd);
	});
}

int rtpnl_open_pid(struct rtpnl_handle **out, pid_t pid)
{
	return guarded([&] {
		*out = nullptr;
		const std::string path = "/proc/" + std::to_string(pid) + "/ns/net";
		capi::Fd ns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
		if (ns.get() < 0)
			return fail(capi::errno_error(errno, "cannot open " + path));
		return capi::open_in(out, ns.get());
	});
}

void rtpnl_close(struct rtpnl_handle *h)
{
	if (!h)
		return;
	if (h->netns_fd >= 0)
		::close(h->netns_fd);
	delete h;
}

int rtpnl_table_add(struct rtpnl_handle *h, uint32_t id)
{
	return guarded([&] { return status(h->client.table_add(id)); });
}

int rtpnl_table_ensure(struct rtpnl_handle *h, uint32_t id)
{
	return guarded([&] {
		auto r = h->client.table_add(id);
		if (!r && r.error().errnum == EEXIST)
			return succeed();
		return status(r);
	});
}

int rtpnl_table_del(struct rtpnl_handle *h, uint32_t id)
{
	return guarded([&] { return status(h->client.table_del(id)); });
}

int rtpnl_table_get(struct rtpnl_handle *h, uint32_t id, struct rtpnl_table_info *out)
{
	return guarded([&] {
		auto table = h->client.table_get(id);
		if (!table)
			return fail(table.error());
		*out = capi::table_to_c(*table);
		return succeed();
	});
}

int rtpnl_table_list(struct rtpnl_handle *h, rtpnl_table_cb cb, void *arg)
{
	return guarded([&] { return capi::each(h->client.tables(), &capi::table_to_c, cb, arg); });
}

int rtpnl_subscribe(struct rtpnl_handle *h, rtpnl_event_cb cb, void *arg)
{
	return guarded([&] {
		if (h->monitor)
			return fail(EALREADY, "the handle is subscribed already");
		if (!cb)
			return fail(EINVAL, "no event callback");
		auto monitor = capi::in_netns<Monitor>(h->netns_fd, [] { return Monitor::open(); });
		if (!monitor)
			return fail(monitor.error());
		if (auto r = monitor->set_nonblocking(); !r)
			return fail(r.error());
		h->monitor = std::move(*monitor);
		h->on_event = cb;
		h->event_arg = arg;
		return succeed();
	});
}

int rtpnl_fd(const struct rtpnl_handle *h)
{
	return guarded([&] {
		if (!h->monitor)
			return fail(ENOTCONN, "the handle is not subscribed to events (rtpnl_subscribe)");
		return h->monitor->fd();
	});
}

int rtpnl_process(struct rtpnl_handle *h)
{
	return guarded([&] {
		if (!h->monitor || !h->on_event)
			return fail(ENOTCONN, "the handle is not subscribed to events (rtpnl_subscribe)");
		const auto on_table = [&](const TableEvent &ev) {
			rtpnl_event out{};
			out.type = ev.kind == TableEvent::Kind::table_new ? RTPNL_EVENT_TABLE_NEW
									  : RTPNL_EVENT_TABLE_DEL;
			out.table = ev.id;
			h->on_event(&out, h->event_arg);
		};
		const auto on_rule = [&](const RuleEvent &ev) {
			const rtpnl_event out = capi::rule_event_to_c(ev);
			h->on_event(&out, h->event_arg);
		};
		for (;;) {
			auto r = h->monitor->wait(on_table, on_rule);
			if (!r)
				return r.error().errnum == EAGAIN ? succeed() : fail(r.error());
		}
	});
}

} // extern "C"
