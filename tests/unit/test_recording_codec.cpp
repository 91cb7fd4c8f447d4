// SPDX-License-Identifier: LGPL-2.1-or-later
// Recorded-stream requests and replies of the "rtpengine" family, as golden
// bytes; the names and limits refused before sending; a rule's RECORDING.
#include "bytes.hpp"
#include "genl_bytes.hpp"

#include "recording_codec.hpp"
#include "rule_codec.hpp"

#include <linux/rtpfwd.h>

#include <doctest/doctest.h>

#include <cerrno>
#include <string>

using namespace rtpnl;

namespace {

const Bytes table_42 = bytes({0x08, 0x00, 0x01, 0x00, 0x2a, 0x00, 0x00, 0x00});

// A string attribute: the text and its NUL.
Bytes str(int type, const std::string &text)
{
	Bytes b(text.begin(), text.end());
	b.push_back(0);
	return nla(type, b);
}

Bytes le32(std::uint32_t v)
{
	return bytes({int(v & 0xff), int((v >> 8) & 0xff), int((v >> 16) & 0xff), int(v >> 24)});
}

// What the kernel answers for call-1/caller: id 7, packets 10, queued 3,
// dropped 2 (after the PAD that aligns the u64), and `extra`.
Bytes reply_attrs(const Bytes &extra = {})
{
	return concat({table_42, nest(6, {str(2, "call-1"), str(3, "caller"), nla(4, le32(7)),
					  nla(5, le32(10)), nla(6, le32(3)), nla(1, {}), nla(7, u64(2)),
					  extra})});
}

std::string decode_error(const Bytes &attrs)
{
	auto r = decode_recording(reply(RTPFWD_CMD_RECORDING_GET, attrs));
	REQUIRE_FALSE(r.ok());
	CHECK(r.error().errnum == EBADMSG);
	return r.error().text();
}

// Why encode_recording_new() refuses `rec` (EINVAL) before anything is sent.
std::string refused(const Recording &rec)
{
	auto e = encode_recording_new(rec);
	REQUIRE_FALSE(e.ok());
	CHECK(e.error().errnum == EINVAL);
	return e.error().text();
}

Recording new_stream(std::string call, std::string stream)
{
	Recording rec;
	rec.table = 42;
	rec.call = std::move(call);
	rec.stream = std::move(stream);
	return rec;
}

} // namespace

TEST_CASE("RECORDING_NEW: TABLE_ID and RECORDING { CALL, STREAM, PACKETS }, golden bytes")
{
	Recording rec = new_stream("call-1", "caller");
	rec.packets = 3;
	rec.id = 99; // reply-only: never sent
	rec.queued = 5;
	auto req = encode_recording_new(rec);
	REQUIRE(req.ok());
	static_assert(RTPFWD_A_RECORDING == 6 && RTPFWD_REC_A_CALL == 2 && RTPFWD_REC_A_STREAM == 3 &&
		      RTPFWD_REC_A_PACKETS == 5);
	CHECK(cmd_of(*req) == RTPFWD_CMD_RECORDING_NEW);
	CHECK_FALSE(req->dump);
	CHECK(hex(attrs_of(*req)) ==
	      hex(concat({table_42,
			  bytes({0x24, 0x00, 0x06, 0x80,				     // RECORDING, 36 bytes
				 0x0b, 0x00, 0x02, 0x00, 'c', 'a', 'l', 'l', '-', '1', 0, 0, // CALL
				 0x0b, 0x00, 0x03, 0x00, 'c', 'a', 'l', 'l', 'e', 'r', 0, 0, // STREAM
				 0x08, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00})})));	     // PACKETS 3
	finish_request(*req, 0x1c, 5);
	CHECK(flags_of(*req) == 0x5); // NLM_F_REQUEST | NLM_F_ACK: nothing to replace

	// Without packets: the module's default, no PACKETS.
	auto plain = encode_recording_new(new_stream("c", "s"));
	REQUIRE(plain.ok());
	CHECK(hex(attrs_of(*plain)) == hex(concat({table_42, nest(6, {str(2, "c"), str(3, "s")})})));
}

TEST_CASE("RECORDING_DEL of a stream or a call, RECORDING_GET of a stream, the dump of a table")
{
	auto del = encode_recording_del(42, "call-1", "caller");
	REQUIRE(del.ok());
	CHECK(cmd_of(*del) == RTPFWD_CMD_RECORDING_DEL);
	CHECK(hex(attrs_of(*del)) == hex(concat({table_42, nest(6, {str(2, "call-1"), str(3, "caller")})})));

	auto call = encode_recording_del(42, "call-1", std::nullopt);
	REQUIRE(call.ok());
	CHECK(hex(attrs_of(*call)) == hex(concat({table_42, nest(6, {str(2, "call-1")})})));

	auto get = encode_recording_get(0, "a", "b");
	REQUIRE(get.ok());
	CHECK(cmd_of(*get) == RTPFWD_CMD_RECORDING_GET);
	CHECK_FALSE(get->dump);
	CHECK(hex(attrs_of(*get)) == hex(concat({nla(1, le32(0)), nest(6, {str(2, "a"), str(3, "b")})})));

	auto dump = encode_recording_dump(42);
	REQUIRE(dump.ok());
	CHECK(cmd_of(*dump) == RTPFWD_CMD_RECORDING_GET);
	CHECK(dump->dump);
	CHECK(hex(attrs_of(*dump)) == hex(table_42));
	finish_request(*dump, 0x1c, 8);
	CHECK(flags_of(*dump) == 0x301); // NLM_F_REQUEST | NLM_F_DUMP
}

TEST_CASE("recorded streams: names and packets refused before sending, in the library's words")
{
	CHECK(refused(new_stream("", "s")) ==
	      "invalid call '' (a file name: not empty, '.' or '..', no '/')");
	CHECK(refused(new_stream(".", "s")) ==
	      "invalid call '.' (a file name: not empty, '.' or '..', no '/')");
	CHECK(refused(new_stream("c", "..")) ==
	      "invalid stream '..' (a file name: not empty, '.' or '..', no '/')");
	CHECK(refused(new_stream("a/b", "s")) ==
	      "invalid call 'a/b' (a file name: not empty, '.' or '..', no '/')");
	CHECK(refused(new_stream("c", std::string("s\0t", 3))).starts_with("invalid stream 's"));
	CHECK(refused(new_stream(std::string(256, 'c'), "s")) == "call name of 256 bytes (at most 255)");
	CHECK(encode_recording_new(new_stream(std::string(255, 'c'), std::string(255, 's'))).ok());
	CHECK(encode_recording_new(new_stream("...", ".s")).ok()); // only "." and ".." are special

	Recording packets = new_stream("c", "s");
	packets.packets = 0;
	CHECK(refused(packets) == "packets 0 out of range (1..4096)");
	packets.packets = 4097;
	CHECK(refused(packets) == "packets 4097 out of range (1..4096)");
	packets.packets = 4096;
	CHECK(encode_recording_new(packets).ok());
	Recording table = new_stream("c", "s");
	table.table = 64;
	CHECK(refused(table) == "table id 64 out of range (0..63)");

	// Deleting and getting check the names they send too.
	auto del = encode_recording_del(42, "c", "a/b");
	REQUIRE_FALSE(del.ok());
	CHECK(del.error().text() == "invalid stream 'a/b' (a file name: not empty, '.' or '..', no '/')");
	CHECK(encode_recording_get(42, "..", "s").error().errnum == EINVAL);
	CHECK(encode_recording_del(42, "", std::nullopt).error().errnum == EINVAL);
}

TEST_CASE("a RECORDING_GET reply decodes; the reader's path")
{
	auto rec = decode_recording(reply(RTPFWD_CMD_RECORDING_GET, reply_attrs(nla(99, le32(1)))));
	REQUIRE(rec.ok());
	Recording want = new_stream("call-1", "caller");
	want.id = 7;
	want.packets = 10u;
	want.queued = 3;
	want.dropped = 2;
	CHECK(*rec == want);
	CHECK(recording_path(*rec) == "/proc/rtpengine/42/calls/call-1/caller");
}

TEST_CASE("malformed RECORDING_GET replies are refused, naming what is wrong")
{
	CHECK(decode_recording(reply(RTPFWD_CMD_RECORDING_NEW, reply_attrs())).error().text() ==
	      "unexpected reply command 8");
	CHECK(decode_error(nest(6, {str(2, "c")})) == "malformed recording reply: no RTPFWD_A_TABLE_ID");
	CHECK(decode_error(table_42) == "malformed recording reply: no RTPFWD_A_RECORDING");
	const Bytes rest = concat({nla(4, le32(7)), nla(5, le32(10)), nla(6, le32(3)), nla(7, u64(2))});
	CHECK(decode_error(concat({table_42, nest(6, {str(3, "s"), rest})})) ==
	      "malformed recording reply: recording without CALL");
	CHECK(decode_error(concat({table_42, nest(6, {str(2, "c"), rest})})) ==
	      "malformed recording reply: recording without STREAM");
	CHECK(decode_error(concat({table_42, nest(6, {str(2, ""), str(3, "s"), rest})})) ==
	      "malformed recording reply: CALL of 0 bytes, expected 1..255");
	CHECK(decode_error(concat({table_42, nest(6, {str(2, "c"), str(3, std::string(256, 's')), rest})})) ==
	      "malformed recording reply: STREAM of 256 bytes, expected 1..255");
	CHECK(decode_error(concat({table_42, nest(6, {str(2, "c"), str(3, "s"), nla(5, le32(10)),
						      nla(6, le32(3)), nla(7, u64(2))})})) ==
	      "malformed recording reply: recording without ID");
	CHECK(decode_error(concat({table_42, nest(6, {str(2, "c"), str(3, "s"), nla(4, le32(7)),
						      nla(5, le32(10)), nla(6, le32(3))})})) ==
	      "malformed recording reply: recording without DROPPED");
	// A CALL without its NUL, a DROPPED of 4 bytes.
	CHECK(decode_error(concat({table_42, nest(6, {nla(2, bytes({'c'})), str(3, "s"), rest})}))
		      .starts_with("malformed recording reply: CALL: "));
	CHECK(decode_error(concat({table_42, nest(6, {str(2, "c"), str(3, "s"), nla(4, le32(7)),
						      nla(5, le32(10)), nla(6, le32(3)), nla(7, le32(2))})}))
		      .starts_with("malformed recording reply: DROPPED: "));
	// Cut anywhere: never decoded.
	const Bytes whole = reply_attrs();
	for (std::size_t len = 0; len < whole.size(); ++len) {
		const Bytes part(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(len));
		CHECK_FALSE(decode_recording(reply(RTPFWD_CMD_RECORDING_GET, part)).ok());
	}
}

TEST_CASE("a rule's RECORDING: a u32 after DECRYPT, last in the rule; decoded back; absent: none")
{
	Rule r;
	r.table = 42;
	r.local = *parse_endpoint("127.0.0.1:30018");
	r.outputs.push_back({*parse_endpoint("10.0.0.1:1"), *parse_endpoint("10.0.0.2:2"), std::nullopt});
	auto without = encode_rule_new(r, RuleMode::add);
	REQUIRE(without.ok());
	r.recording = 0; // ids start at 0
	auto with = encode_rule_new(r, RuleMode::add);
	REQUIRE(with.ok());
	static_assert(RTPFWD_RULE_A_RECORDING == 13);
	Bytes want = attrs_of(*without);
	const Bytes recording = bytes({0x08, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x00, 0x00});
	want.insert(want.end(), recording.begin(), recording.end());
	want[8] = static_cast<std::uint8_t>(want[8] + 8); // the RULE nest's length
	CHECK(hex(attrs_of(*with)) == hex(want));

	// The reply: the request's attributes, as the kernel echoes them.
	auto back = decode_rule(reply(RTPFWD_CMD_RULE_GET, attrs_of(*with)));
	REQUIRE(back.ok());
	CHECK(back->recording == 0u);
	CHECK(*back == r);
	auto none = decode_rule(reply(RTPFWD_CMD_RULE_GET, attrs_of(*without)));
	REQUIRE(none.ok());
	CHECK_FALSE(none->recording.has_value());
	// Of the wrong size: malformed.
	Bytes bad = attrs_of(*without);
	const Bytes short_recording = bytes({0x06, 0x00, 0x0d, 0x00, 0x00, 0x00, 0x00, 0x00});
	bad.insert(bad.end(), short_recording.begin(), short_recording.end());
	bad[8] = static_cast<std::uint8_t>(bad[8] + 8);
	CHECK_FALSE(decode_rule(reply(RTPFWD_CMD_RULE_GET, bad)).ok());
}
