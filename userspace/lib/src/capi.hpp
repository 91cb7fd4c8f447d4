// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API (rtpnl.h) over the C++ library: what its opaque objects hold
// and how a call turns an Error or an exception into a negative errno plus
// the thread's message. No C++ exception may leave an extern "C" function:
// every one runs its body through guarded().
#ifndef RTPNL_CAPI_HPP
#define RTPNL_CAPI_HPP

#include "rtpnl/client.hpp"
#include "rtpnl/error.hpp"
#include "rtpnl/rtpnl.h"
#include "rtpnl/rule.hpp"

#include <cerrno>
#include <cstddef>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <vector>

struct rtpnl_handle {
	rtpnl::Client client;
	std::optional<rtpnl::Monitor> monitor; // after rtpnl_subscribe()
	rtpnl_event_cb on_event = nullptr;
	void *event_arg = nullptr;
	int netns_fd = -1; // the handle's own namespace file, -1: the opener's
};

struct rtpnl_rule {
	rtpnl::Rule rule;
};

struct rtpnl_batch {
	std::vector<rtpnl::RuleRequest> requests;
	std::vector<int> results;	    // 0 or -errno per request, after a send
	std::vector<std::string> messages; // their texts
};

namespace rtpnl::capi {

// Records error as the thread's message; returns -errnum.
int fail(const Error &error);
int fail(int errnum, const char *description);
// Clears the thread's message (a call that succeeds leaves none behind).
int succeed();

// The body of an extern "C" function: its result, or -ENOMEM / -EIO for an
// exception, which never goes further.
template <typename Body>
int guarded(Body &&body) noexcept
{
	try {
		return body();
	} catch (const std::bad_alloc &) {
		return fail(ENOMEM, "out of memory");
	} catch (const std::exception &e) {
		return fail(EIO, e.what());
	} catch (...) {
		return fail(EIO, "unexpected internal error");
	}
}

// A new, empty object of the C API, or NULL (ENOMEM) if out of memory.
template <typename T>
T *make_object() noexcept
{
	try {
		return new T{};
	} catch (...) {
		fail(ENOMEM, "out of memory");
		return nullptr;
	}
}

// 0, or fail() with the result's Error.
template <typename T>
int status(const Result<T> &r)
{
	return r ? succeed() : fail(r.error());
}

// Appends item to a list of at most `max` whose elements are told apart by
// `key` (a member pointer): -EEXIST with `exists` for a key listed already,
// -ENOSPC with `full` when the list is full (ROC seeds, SSRC rewrites).
template <typename T, typename K>
int append_once(std::vector<T> &list, const T &item, K T::*key, std::size_t max, const char *exists,
		const char *full)
{
	for (const T &e : list)
		if (e.*key == item.*key)
			return fail(EEXIST, exists);
	if (list.size() >= max)
		return fail(ENOSPC, full);
	list.push_back(item);
	return succeed();
}

// A listing of rtpnl.h (rtpnl_table_list, ...): cb with each element of
// `list` as `to_c` makes it C, in order, until one returns non-zero, which
// is returned; 0 after the last; fail() when the listing itself failed.
template <typename T, typename ToC, typename Callback>
int each(const Result<std::vector<T>> &list, ToC to_c, Callback cb, void *arg)
{
	if (!list)
		return fail(list.error());
	for (const T &item : *list) {
		const auto info = to_c(item);
		if (int rc = cb(&info, arg); rc != 0)
			return rc;
	}
	return succeed();
}

Endpoint from_c(const rtpnl_endpoint &ep);
rtpnl_endpoint to_c(const Endpoint &ep);
// EINVAL for a NULL pointer, a family other than AF_INET / AF_INET6 or port 0.
Result<Endpoint> checked(const rtpnl_endpoint *ep, const char *what);

// A handle around a Client (and Monitor) the caller made: the unit tests'
// fake kernel. Never NULL (bad_alloc instead).
rtpnl_handle *adopt(Client client, std::optional<Monitor> monitor);

} // namespace rtpnl::capi

#endif
