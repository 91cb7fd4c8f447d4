// SPDX-License-Identifier: LGPL-2.1-or-later
// Recorded-stream request encoding and reply decoding (see recording_codec.hpp).
#include "recording_codec.hpp"

#include <linux/rtpfwd.h>

#include <cerrno>
#include <string>

namespace rtpnl {

// The mirrored constants must match the ABI header.
static_assert(genl::cmd_recording_new == RTPFWD_CMD_RECORDING_NEW);
static_assert(genl::cmd_recording_del == RTPFWD_CMD_RECORDING_DEL);
static_assert(genl::cmd_recording_get == RTPFWD_CMD_RECORDING_GET);
static_assert(recording_packets_max == RTPFWD_RECORDING_PACKETS_MAX);
static_assert(recording_name_max == RTPFWD_RECORDING_NAME_MAX);

namespace {

const Policy recording_policy(RTPFWD_REC_A_MAX, {
	attr_string(RTPFWD_REC_A_CALL, "CALL"),
	attr_string(RTPFWD_REC_A_STREAM, "STREAM"),
	attr_u32(RTPFWD_REC_A_ID, "ID"),
	attr_u32(RTPFWD_REC_A_PACKETS, "PACKETS"),
	attr_u32(RTPFWD_REC_A_QUEUED, "QUEUED"),
	attr_u64(RTPFWD_REC_A_DROPPED, "DROPPED"),
});

// TABLE_ID + RECORDING { CALL, [STREAM], [PACKETS] }.
Result<Request> recording_request(std::uint8_t cmd, std::uint32_t table, std::string_view call,
				  std::optional<std::string_view> stream,
				  std::optional<std::uint32_t> packets = std::nullopt)
{
	if (auto r = validate_recording_name(call, "call"); !r)
		return r.error();
	if (stream)
		if (auto r = validate_recording_name(*stream, "stream"); !r)
			return r.error();
	RequestBuilder b(cmd, genl::version);
	b.put_u32(RTPFWD_A_TABLE_ID, table);
	nlattr *nest = b.begin_nest(RTPFWD_A_RECORDING);
	b.put_string(RTPFWD_REC_A_CALL, call);
	if (stream)
		b.put_string(RTPFWD_REC_A_STREAM, *stream);
	if (packets)
		b.put_u32(RTPFWD_REC_A_PACKETS, *packets);
	b.end_nest(nest);
	return std::move(b).finish();
}

Error malformed(const std::string &what) { return malformed_reply("recording", what); }

// A required attribute: "recording without <name>" when absent.
template <typename T>
Result<T> required(std::optional<T> value, const char *name)
{
	return required_attr(std::move(value), "recording", "recording", name);
}

// CALL or STREAM: 1..recording_name_max bytes (what the kernel takes).
Result<std::string> name(const Attrs &attrs, int type, const char *what)
{
	auto text = required(attrs.string(type), what);
	if (!text)
		return text.error();
	if (text->empty() || text->size() > recording_name_max)
		return malformed(std::string(what) + " of " + std::to_string(text->size()) +
				 " bytes, expected 1.." + std::to_string(recording_name_max));
	return text;
}

} // namespace

Result<Request> encode_recording_new(const Recording &rec)
{
	if (auto r = validate_recording(rec); !r)
		return r.error();
	return recording_request(RTPFWD_CMD_RECORDING_NEW, rec.table, rec.call, rec.stream,
				 rec.packets);
}

Result<Request> encode_recording_del(std::uint32_t table, std::string_view call,
				     std::optional<std::string_view> stream)
{
	return recording_request(RTPFWD_CMD_RECORDING_DEL, table, call, stream);
}

Result<Request> encode_recording_get(std::uint32_t table, std::string_view call,
				     std::string_view stream)
{
	return recording_request(RTPFWD_CMD_RECORDING_GET, table, call, stream);
}

Result<Request> encode_recording_dump(std::uint32_t table)
{
	RequestBuilder b(RTPFWD_CMD_RECORDING_GET, genl::version);
	b.put_u32(RTPFWD_A_TABLE_ID, table);
	return std::move(b).finish(true);
}

Result<Recording> decode_recording(const GenlMessage &msg)
{
	if (msg.cmd != RTPFWD_CMD_RECORDING_GET)
		return Error::local(EBADMSG, "unexpected reply command " + std::to_string(msg.cmd));
	auto object = decode_table_object(msg, RTPFWD_A_RECORDING, recording_policy, "recording");
	if (!object)
		return object.error();
	const Attrs &attrs = object->attrs;
	Recording rec;
	rec.table = object->table;
	auto call = name(attrs, RTPFWD_REC_A_CALL, "CALL");
	if (!call)
		return call.error();
	rec.call = std::move(*call);
	auto stream = name(attrs, RTPFWD_REC_A_STREAM, "STREAM");
	if (!stream)
		return stream.error();
	rec.stream = std::move(*stream);
	auto id = required(attrs.u32(RTPFWD_REC_A_ID), "ID");
	auto packets = required(attrs.u32(RTPFWD_REC_A_PACKETS), "PACKETS");
	auto queued = required(attrs.u32(RTPFWD_REC_A_QUEUED), "QUEUED");
	auto dropped = required(attrs.u64(RTPFWD_REC_A_DROPPED), "DROPPED");
	if (!id)
		return id.error();
	if (!packets)
		return packets.error();
	if (!queued)
		return queued.error();
	if (!dropped)
		return dropped.error();
	rec.id = *id;
	rec.packets = *packets;
	rec.queued = *queued;
	rec.dropped = *dropped;
	return rec;
}

} // namespace rtpnl
