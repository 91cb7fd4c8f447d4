// SPDX-License-Identifier: LGPL-2.1-or-later
// The C API's recorded streams (see rtpnl.h, version node RTPNL_1.1): the
// streams of a table, made, deleted, read and listed, and the stream a rule
// records into. The checks before sending are the C++ library's
// (validate_recording_name, validate_recording).
#include "capi.hpp"

#include "rtpnl/recording.hpp"

#include <cerrno>
#include <cstring>
#include <optional>
#include <string_view>

static_assert(RTPNL_RECORDING_PACKETS_MAX == rtpnl::recording_packets_max);
static_assert(RTPNL_RECORDING_NAME_MAX == rtpnl::recording_name_max);

namespace rtpnl::capi {

namespace {

// The stream (or with `stream` NULL and !need_stream, the call) the caller
// names: EINVAL for a NULL name it needs.
Result<Recording> named(uint32_t table, const char *call, const char *stream, bool need_stream)
{
	if (!call)
		return Error::local(EINVAL, "no call name");
	if (!stream && need_stream)
		return Error::local(EINVAL, "no stream name");
	Recording rec;
	rec.table = table;
	rec.call = call;
	if (stream)
		rec.stream = stream;
	return rec;
}

rtpnl_recording_info recording_to_c(const Recording &rec)
{
	rtpnl_recording_info info{};
	info.table = rec.table;
	info.id = rec.id;
	info.packets = rec.packets.value_or(0);
	info.queued = rec.queued;
	info.dropped = rec.dropped;
	// The decoder took names of at most RTPNL_RECORDING_NAME_MAX bytes.
	std::memcpy(info.call, rec.call.data(), rec.call.size());
	std::memcpy(info.stream, rec.stream.data(), rec.stream.size());
	return info;
}

} // namespace

} // namespace rtpnl::capi

using namespace rtpnl;
using capi::fail;
using capi::guarded;
using capi::status;
using capi::succeed;

extern "C" {

int rtpnl_rule_set_recording(struct rtpnl_rule *rule, uint32_t id)
{
	rule->rule.recording = id;
	return succeed();
}

int rtpnl_rule_clear_recording(struct rtpnl_rule *rule)
{
	rule->rule.recording.reset();
	return succeed();
}

int rtpnl_rule_recording(const struct rtpnl_rule *rule, uint32_t *id)
{
	if (!rule->rule.recording)
		return fail(ENOENT, "the rule records into no stream");
	*id = *rule->rule.recording;
	return succeed();
}

int rtpnl_recording_add(struct rtpnl_handle *h, uint32_t table, const char *call,
			const char *stream, uint32_t packets, uint32_t *id)
{
	return guarded([&] {
		auto rec = capi::named(table, call, stream, true);
		if (!rec)
			return fail(rec.error());
		if (packets != 0)
			rec->packets = packets;
		auto made = h->client.recording_add(*rec);
		if (!made)
			return fail(made.error());
		if (id)
			*id = made->id;
		return succeed();
	});
}

int rtpnl_recording_del(struct rtpnl_handle *h, uint32_t table, const char *call,
			const char *stream)
{
	return guarded([&] {
		auto rec = capi::named(table, call, stream, false);
		if (!rec)
			return fail(rec.error());
		const auto which = stream ? std::optional<std::string_view>(rec->stream) : std::nullopt;
		return status(h->client.recording_del(table, rec->call, which));
	});
}

int rtpnl_recording_get(struct rtpnl_handle *h, uint32_t table, const char *call,
			const char *stream, struct rtpnl_recording_info *out)
{
	return guarded([&] {
		auto rec = capi::named(table, call, stream, true);
		if (!rec)
			return fail(rec.error());
		auto got = h->client.recording_get(table, rec->call, rec->stream);
		if (!got)
			return fail(got.error());
		*out = capi::recording_to_c(*got);
		return succeed();
	});
}

int rtpnl_recording_list(struct rtpnl_handle *h, uint32_t table, rtpnl_recording_cb cb, void *arg)
{
	return guarded([&] {
		return capi::each(h->client.recordings(table), &capi::recording_to_c, cb, arg);
	});
}

} // extern "C"
